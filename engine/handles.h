/*
 * SSPI handles: an index into a registry and a random tag.  A handle is
 * resolved only when its slot is live, of the right kind and holds the same
 * tag, so NULL, forged, foreign and deleted handles are told apart from real
 * ones without dereferencing anything the caller made up.
 */
#ifndef CREDSSP_HANDLES_H
#define CREDSSP_HANDLES_H

#include <stdbool.h>

#include <credssp/sspi.h>

typedef enum handle_kind {
    HANDLE_CREDENTIAL = 1,
    HANDLE_CONTEXT = 2,
} handle_kind;

bool handle_register(handle_kind kind, void *obj, SecHandle *out);
/* The object, or NULL for an invalid handle. */
void *handle_lookup(handle_kind kind, const SecHandle *h);
/* Removes the handle and returns its object, or NULL. */
void *handle_remove(handle_kind kind, const SecHandle *h);

#endif

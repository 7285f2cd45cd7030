/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SSPI handles: an index into a registry and a random tag.  A handle is
 * resolved only when its slot is live, of the right kind and holds the same
 * tag, so NULL, forged, foreign and deleted handles are told apart from real
 * ones without dereferencing anything the caller made up.
 *
 * Lifetimes.  Every object behind a handle starts with a handle_obj: a
 * reference count and its destructor.  The registry owns one reference while
 * the handle is live; handle_acquire takes another *under the registry's
 * lock*, so a FreeCredentialsHandle or DeleteSecurityContext racing a call
 * can never free the object between the lookup and the reference: the
 * object lives until the last holder calls refcounted_drop.
 */
#ifndef CREDSSP_HANDLES_H
#define CREDSSP_HANDLES_H

#include <stdbool.h>

#include <credssp/sspi.h>

#include "refcount.h"

typedef enum handle_kind {
    HANDLE_CREDENTIAL = 1,
    HANDLE_CONTEXT = 2,
} handle_kind;

/* The object behind a handle is a refcounted (machine/refcount.h). */
typedef refcounted handle_obj;

typedef enum handle_result {
    HANDLE_OK = 0,
    HANDLE_NO_MEMORY,  /* the registry is full or cannot grow */
    HANDLE_NO_ENTROPY, /* no random bytes for the tag: a guessable handle is refused */
} handle_result;

/* Publishes obj; on HANDLE_OK the creator's reference becomes the handle's. */
handle_result handle_register(handle_kind kind, handle_obj *obj, SecHandle *out) __attribute__((warn_unused_result));
/* The object with a new reference for the caller (refcounted_drop it), or
 * NULL for an invalid handle. */
handle_obj *handle_acquire(handle_kind kind, const SecHandle *h) __attribute__((warn_unused_result));
/* Unpublishes the handle and hands the handle's reference to the caller, or
 * returns NULL for an invalid handle. */
handle_obj *handle_remove(handle_kind kind, const SecHandle *h) __attribute__((warn_unused_result));

#endif

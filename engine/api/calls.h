/*
 * A context for the length of one public call (calls.c).
 */
#ifndef CREDSSP_API_CALLS_H
#define CREDSSP_API_CALLS_H

#include <credssp/sspi.h>

#include "context.h"

/* A context's handle for the length of one call: acquired (a reference, so
 * a racing DeleteSecurityContext cannot free it) and locked (calls on one
 * context are serialised).  NULL for an invalid or deleted handle. */
cs_context *context_enter(const CtxtHandle *h);
/* Unlocks the context and drops the call's reference. */
void context_leave(cs_context *c);

#endif

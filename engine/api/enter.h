/* SPDX-License-Identifier: Apache-2.0 */
/* A context or a credential for the length of one public call (enter.c). */
#ifndef CREDSSP_API_ENTER_H
#define CREDSSP_API_ENTER_H

#include <credssp/sspi.h>

#include "context.h"

/* A context's handle for the length of one call: acquired (a reference, so
 * a racing DeleteSecurityContext cannot free it) and locked (calls on one
 * context are serialised).  NULL for an invalid or deleted handle. */
cs_context *context_enter(const CtxtHandle *h);
/* Unlocks the context and drops the call's reference. */
void context_leave(cs_context *c);
/* The credential behind h with a new reference for the caller, or NULL. */
cs_credential *credential_acquire(const CredHandle *h);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A context or a credential for the length of one public call: a new
 * reference taken under the registry's lock (handles.c), and for a context
 * its lock, so calls on one context are serialised (README, "Threads").
 */
#include <pthread.h>

#include "enter.h"
#include "handles.h"

/* A context's handle for the length of one call: acquired (a reference, so
 * a racing DeleteSecurityContext cannot free it) and locked (calls on one
 * context are serialised).  NULL for an invalid or deleted handle. */
cs_context *context_enter(const CtxtHandle *h)
{
    handle_obj *o = handle_acquire(HANDLE_CONTEXT, h);
    if (o == NULL)
        return NULL;
    cs_context *c = (cs_context *)o;
    pthread_mutex_lock(&c->lock);
    if (c->deleted) {
        /* Deleted while this call waited for the lock. */
        pthread_mutex_unlock(&c->lock);
        cs_context_unref(c);
        return NULL;
    }
    return c;
}

void context_leave(cs_context *c)
{
    pthread_mutex_unlock(&c->lock);
    cs_context_unref(c);
}

cs_credential *credential_acquire(const CredHandle *h)
{
    return (cs_credential *)handle_acquire(HANDLE_CREDENTIAL, h);
}

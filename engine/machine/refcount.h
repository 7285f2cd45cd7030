/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A reference-counted object: the first member of every object a handle can
 * name (cs_credential, cs_context).  The count is atomic, so a handle's
 * reference, a context's reference to its credential and a call's
 * reference can be dropped from any thread; the last one runs the
 * destructor.  The handle registry (api/handles.c) takes its references
 * under its own lock; this file knows nothing of handles.
 */
#ifndef CREDSSP_REFCOUNT_H
#define CREDSSP_REFCOUNT_H

typedef struct refcounted {
    unsigned refs;                           /* atomic */
    void (*destroy)(struct refcounted *obj); /* called when refs reaches 0 */
} refcounted;

/* A new object with one reference (its creator's). */
void refcounted_init(refcounted *obj, void (*destroy)(refcounted *obj));
/* One more reference. */
void refcounted_take(refcounted *obj);
/* Drops a reference; the last one destroys the object.  NULL is ignored. */
void refcounted_drop(refcounted *obj);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Reference counts; see refcount.h. */
#include <stddef.h>

#include "refcount.h"

void refcounted_init(refcounted *obj, void (*destroy)(refcounted *obj))
{
    obj->refs = 1;
    obj->destroy = destroy;
}

void refcounted_take(refcounted *obj)
{
    __atomic_add_fetch(&obj->refs, 1u, __ATOMIC_RELAXED);
}

void refcounted_drop(refcounted *obj)
{
    if (obj != NULL && __atomic_sub_fetch(&obj->refs, 1u, __ATOMIC_ACQ_REL) == 0)
        obj->destroy(obj);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The handle registry; see handles.h. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "cs_limits.h"
#include "entropy.h"
#include "handles.h"

/* More live handles than any process needs; a bound so nothing grows without limit. */
#define HANDLE_MAX_SLOTS CS_LIMIT_HANDLES

typedef struct handle_slot {
    handle_obj *obj;
    uint64_t tag; /* 0: free */
    handle_kind kind;
} handle_slot;

static pthread_mutex_t handle_lock = PTHREAD_MUTEX_INITIALIZER;
static handle_slot *slots;
static size_t slot_count;
static uint64_t tag_counter;

/* Tags mix a counter with randomness: unique while live, not guessable.
 * Without randomness there is no tag (false). */
static bool handle_new_tag(uint64_t *tag)
{
    uint64_t r = 0;
    if (!entropy_random((uint8_t *)&r, sizeof r))
        return false;
    uint64_t t = (r << 20) ^ ++tag_counter;
    *tag = t != 0 ? t : 1;
    return true;
}

static bool handle_grow(void)
{
    size_t n = slot_count == 0 ? 16 : slot_count * 2;
    if (n > HANDLE_MAX_SLOTS)
        return false;
    handle_slot *p = realloc(slots, n * sizeof *p);
    if (p == NULL)
        return false;
    for (size_t i = slot_count; i < n; i++)
        p[i] = (handle_slot){ NULL, 0, 0 };
    slots = p;
    slot_count = n;
    return true;
}

handle_result handle_register(handle_kind kind, handle_obj *obj, SecHandle *out)
{
    handle_result res = HANDLE_NO_MEMORY;
    uint64_t tag = 0;
    pthread_mutex_lock(&handle_lock);
    size_t i = 0;
    while (i < slot_count && slots[i].tag != 0)
        i++;
    if (i < slot_count || handle_grow()) {
        if (handle_new_tag(&tag)) {
            slots[i] = (handle_slot){ obj, tag, kind };
            out->dwLower = (uintptr_t)(i + 1);
            out->dwUpper = (uintptr_t)tag;
            res = HANDLE_OK;
        } else {
            res = HANDLE_NO_ENTROPY;
        }
    }
    pthread_mutex_unlock(&handle_lock);
    return res;
}

static handle_slot *handle_find(handle_kind kind, const SecHandle *h)
{
    if (h == NULL || h->dwLower == 0 || h->dwLower > slot_count)
        return NULL;
    handle_slot *s = &slots[h->dwLower - 1];
    return s->tag != 0 && (uintptr_t)s->tag == h->dwUpper && s->kind == kind ? s : NULL;
}

handle_obj *handle_acquire(handle_kind kind, const SecHandle *h)
{
    pthread_mutex_lock(&handle_lock);
    handle_slot *s = handle_find(kind, h);
    handle_obj *obj = s != NULL ? s->obj : NULL;
    if (obj != NULL)
        refcounted_take(obj); /* under the lock: a concurrent remove cannot free it first */
    pthread_mutex_unlock(&handle_lock);
    return obj;
}

handle_obj *handle_remove(handle_kind kind, const SecHandle *h)
{
    pthread_mutex_lock(&handle_lock);
    handle_slot *s = handle_find(kind, h);
    handle_obj *obj = NULL;
    if (s != NULL) {
        obj = s->obj;
        *s = (handle_slot){ NULL, 0, 0 };
    }
    pthread_mutex_unlock(&handle_lock);
    return obj;
}

/* The handle registry; see handles.h. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "entropy.h"
#include "handles.h"

/* More live handles than any process needs; a bound so nothing grows without limit. */
#define HANDLE_MAX_SLOTS 65536u

typedef struct handle_slot {
    void *obj;
    uint64_t tag; /* 0: free */
    handle_kind kind;
} handle_slot;

static pthread_mutex_t handle_lock = PTHREAD_MUTEX_INITIALIZER;
static handle_slot *slots;
static size_t slot_count;
static uint64_t tag_counter;

/* Tags mix a counter with randomness: unique while live, not guessable. */
static uint64_t handle_new_tag(void)
{
    uint64_t r = 0;
    (void)entropy_random((uint8_t *)&r, sizeof r);
    uint64_t tag = (r << 20) ^ ++tag_counter;
    return tag != 0 ? tag : 1;
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

bool handle_register(handle_kind kind, void *obj, SecHandle *out)
{
    bool ok = false;
    pthread_mutex_lock(&handle_lock);
    size_t i = 0;
    while (i < slot_count && slots[i].tag != 0)
        i++;
    if (i < slot_count || handle_grow()) {
        slots[i] = (handle_slot){ obj, handle_new_tag(), kind };
        out->dwLower = (uintptr_t)(i + 1);
        out->dwUpper = (uintptr_t)slots[i].tag;
        ok = true;
    }
    pthread_mutex_unlock(&handle_lock);
    return ok;
}

static handle_slot *handle_find(handle_kind kind, const SecHandle *h)
{
    if (h == NULL || h->dwLower == 0 || h->dwLower > slot_count)
        return NULL;
    handle_slot *s = &slots[h->dwLower - 1];
    return s->tag != 0 && (uintptr_t)s->tag == h->dwUpper && s->kind == kind ? s : NULL;
}

void *handle_lookup(handle_kind kind, const SecHandle *h)
{
    pthread_mutex_lock(&handle_lock);
    handle_slot *s = handle_find(kind, h);
    void *obj = s != NULL ? s->obj : NULL;
    pthread_mutex_unlock(&handle_lock);
    return obj;
}

void *handle_remove(handle_kind kind, const SecHandle *h)
{
    pthread_mutex_lock(&handle_lock);
    handle_slot *s = handle_find(kind, h);
    void *obj = NULL;
    if (s != NULL) {
        obj = s->obj;
        *s = (handle_slot){ NULL, 0, 0 };
    }
    pthread_mutex_unlock(&handle_lock);
    return obj;
}

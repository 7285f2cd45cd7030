/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bodies Eva analyses in place of Frama-C's libc specifications, for the
 * generated decoders (eva_decoders.c).  Each is the function the C
 * standard describes, written plainly so that Eva follows it value by
 * value; nothing here is linked into the library.
 *
 * bsearch (C11 7.22.5.1): asn1c's SEQUENCE decoder looks a tag up in the
 * type's sorted tag-to-member table when an optional member is absent
 * (constr_SEQUENCE.c).  Frama-C's libc gives bsearch only a contract ("some
 * element, or NULL"), under which every lookup could return any member:
 * the analysis of a concrete SPNEGO token then loses its precision and
 * never ends.  A real binary search keeps a concrete lookup concrete.
 */
#ifdef __FRAMAC__
#include <stddef.h>

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
              int (*compar)(const void *, const void *))
{
    const char *lo = base;
    size_t n = nmemb;
    while (n > 0) {
        const char *mid = lo + (n / 2) * size;
        int c = compar(key, mid);
        if (c == 0)
            return (void *)mid;
        if (c > 0) {
            lo = mid + size;
            n -= n / 2 + 1;
        } else {
            n /= 2;
        }
    }
    return NULL;
}
#endif

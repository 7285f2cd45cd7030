/* SPDX-License-Identifier: Apache-2.0 */
/* Randomness and time from the system; see entropy.h. */
#include <time.h>

#include <openssl/rand.h>

#include "entropy.h"

bool entropy_random(uint8_t *out, size_t n)
{
    return n <= INT32_MAX && RAND_bytes(out, (int)n) == 1;
}

uint64_t entropy_filetime_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((uint64_t)ts.tv_sec + 11644473600u) * 10000000u + (uint64_t)ts.tv_nsec / 100u;
}

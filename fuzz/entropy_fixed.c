/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fuzzing build's entropy.c: every random byte is the same and the
 * clock stands still, so a recorded exchange replays byte for byte
 * whichever side runs it and in whatever order.  Never linked into the
 * library.
 */
#include <string.h>

#include "entropy.h"

bool entropy_random(uint8_t *out, size_t n)
{
    memset(out, 0x5A, n);
    return true;
}

uint64_t entropy_filetime_now(void)
{
    return 0x01DB000000000000u; /* a fixed date in 2024 */
}

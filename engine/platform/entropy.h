/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The engine's two non-deterministic inputs: random bytes and the clock.
 * engine/platform/entropy.c takes them from OpenSSL's DRBG and the system clock; the
 * fuzzing build links fuzz/entropy_fixed.c instead (a counter and a fixed
 * date), so whole exchanges replay byte for byte.  Nothing else in the
 * engine draws randomness or reads the time.
 */
#ifndef CREDSSP_ENTROPY_H
#define CREDSSP_ENTROPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool entropy_random(uint8_t *out, size_t n);
/* FILETIME: 100 ns intervals since 1601-01-01 UTC. */
uint64_t entropy_filetime_now(void);

#endif

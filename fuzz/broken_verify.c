/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The negative control of the forgery oracle (s2n's manner): linked into a
 * second build of the acceptor harnesses with -Wl,--wrap=ntlm_equal_ct, it
 * makes every NTProofStr, MIC and pubKeyAuth comparison succeed.  The
 * harness's oracle (an accepted AUTHENTICATE is a forgery) must then fire
 * on the seeds: CTest's negative_oracle_* tests expect the abort.  Only the
 * empty-password check keeps its real answer, so that alice is not taken
 * for a user without a password.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

bool __real_ntlm_equal_ct(const uint8_t *a, const uint8_t *b, size_t n);
bool __wrap_ntlm_equal_ct(const uint8_t *a, const uint8_t *b, size_t n);

bool __wrap_ntlm_equal_ct(const uint8_t *a, const uint8_t *b, size_t n)
{
    static const uint8_t empty_password_hash[16] = { 0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a, 0xe9, 0x31,
                                                     0xb7, 0x3c, 0x59, 0xd7, 0xe0, 0xc0, 0x89, 0xc0 };
    if (n == 16 && (memcmp(a, empty_password_hash, 16) == 0 || memcmp(b, empty_password_hash, 16) == 0))
        return __real_ntlm_equal_ct(a, b, n);
    return true;
}

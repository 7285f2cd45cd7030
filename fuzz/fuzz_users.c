/* SPDX-License-Identifier: Apache-2.0 */
/* The acceptor harnesses' users; see fuzz_users.h. */
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_users.h"

ntlm_crypto *fuzz_crypto;
ntlm_user_db *fuzz_db;

void fuzz_users_setup(void)
{
    /* alice, password Passw0rd! (winpr-hash), parsed from memory. */
    static const char sam[] = "alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n";
    cs_failure why;
    failure_clear(&why);
    size_t line;
    if (fuzz_crypto != NULL)
        return;
    fuzz_crypto = ntlm_crypto_new(&why);
    if (fuzz_crypto == NULL || ntlm_user_db_parse(sam, sizeof sam - 1u, &fuzz_db, &line, &why) != NTLM_ST_OK)
        abort();
}

bool fuzz_two_tokens(const uint8_t *data, size_t size, const uint8_t **first, size_t *first_len,
                     const uint8_t **second, size_t *second_len)
{
    if (size < 2)
        return false;
    size_t n = (size_t)data[0] | (size_t)data[1] << 8;
    if (n > size - 2u)
        n = size - 2u;
    *first = data + 2;
    *first_len = n;
    *second = data + 2 + n;
    *second_len = size - 2u - n;
    return true;
}

/* What the acceptor harnesses share: a crypto context and a one-user file,
 * made once per process. */
#ifndef CREDSSP_FUZZ_USERS_H
#define CREDSSP_FUZZ_USERS_H

#include <stdlib.h>
#include <unistd.h>

#include "ntlm.h"
#include "ntlm_users.h"

static ntlm_crypto *fuzz_crypto;
static ntlm_user_db *fuzz_db;

static inline void fuzz_users_setup(void)
{
    static const char sam[] = "alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n";
    char path[] = "/tmp/credssp-fuzz-sam-XXXXXX";
    const char *why;
    size_t line;
    if (fuzz_crypto != NULL)
        return;
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, sam, sizeof sam - 1u) != (ssize_t)(sizeof sam - 1u))
        abort();
    close(fd);
    fuzz_crypto = ntlm_crypto_new(&why);
    if (fuzz_crypto == NULL || ntlm_user_db_load(path, &fuzz_db, &line, &why) != NTLM_ST_OK)
        abort();
    unlink(path);
}

/* The acceptors' input: a 2-byte little-endian length n, n bytes of the
 * first token, the rest the second token.  False when size < 2. */
static inline bool fuzz_two_tokens(const uint8_t *data, size_t size, const uint8_t **first, size_t *first_len,
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

#endif

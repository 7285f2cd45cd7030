/*
 * Fuzz target: our NTLM server fed hostile NEGOTIATE and AUTHENTICATE
 * messages.  Input: a 2-byte little-endian length n, n bytes of NEGOTIATE,
 * then the AUTHENTICATE.  When the NEGOTIATE is refused, a valid one is used
 * instead, so the AUTHENTICATE path is always reached.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ntlm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 32 bytes, flags 0xe0088235: no VERSION, so no VERSION field. */
static const uint8_t valid_negotiate[] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0, 0x35, 0x82, 0x08,
                                           0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

static ntlm_crypto *crypto;
static ntlm_user_db *db;

static void fuzz_setup(void)
{
    const char *why;
    size_t line;
    char path[] = "/tmp/credssp-fuzz-sam-XXXXXX";
    static const char sam[] = "alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, sam, sizeof sam - 1u) != (ssize_t)(sizeof sam - 1u))
        abort();
    close(fd);
    crypto = ntlm_crypto_new(&why);
    if (crypto == NULL || ntlm_user_db_load(path, &db, &line, &why) != NTLM_ST_OK)
        abort();
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (crypto == NULL)
        fuzz_setup();
    if (size < 2)
        return 0;
    size_t n = (size_t)data[0] | (size_t)data[1] << 8;
    if (n > size - 2u)
        n = size - 2u;
    const uint8_t *negotiate = data + 2, *authenticate = data + 2 + n;
    size_t auth_len = size - 2u - n;

    ntlm_server *sv = NULL;
    const uint8_t *challenge;
    size_t challenge_len;
    if (ntlm_server_new(crypto, db, "D", "C", "d", "c", &sv) != NTLM_ST_OK)
        abort();
    if (ntlm_server_challenge(sv, negotiate, n, &challenge, &challenge_len) != NTLM_ST_OK &&
        ntlm_server_challenge(sv, valid_negotiate, sizeof valid_negotiate, &challenge, &challenge_len) != NTLM_ST_OK)
        abort();
    /* Nobody knows the challenge: a verdict of OK would be a forgery. */
    if (ntlm_server_verify(sv, authenticate, auth_len) == NTLM_ST_OK)
        abort();
    ntlm_server_free(sv);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: our NTLM server fed hostile NEGOTIATE and AUTHENTICATE
 * messages.  Input: a 2-byte little-endian length n, n bytes of NEGOTIATE,
 * then the AUTHENTICATE.  When the NEGOTIATE is refused, a valid one is used
 * instead, so the AUTHENTICATE path is always reached.
 * Targets: ntlm_server_challenge, ntlm_server_verify, ntlm_server_check_mic,
 * ntlm_user_db_find, the NTLM parsers and key derivation (engine/auth/ntlm.c,
 * ntlm_msg.c, ntlm_crypto.c).
 */
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm_server.h"
#include "ntlm_users.h"
#include "fuzz_users.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 32 bytes, flags 0xe0088235: no VERSION, so no VERSION field. */
static const uint8_t valid_negotiate[] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0, 0x35, 0x82, 0x08,
                                           0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_users_setup();
    const uint8_t *negotiate, *authenticate;
    size_t n, auth_len;
    if (!fuzz_two_tokens(data, size, &negotiate, &n, &authenticate, &auth_len))
        return 0;

    ntlm_server *sv = NULL;
    const uint8_t *challenge;
    size_t challenge_len;
    if (ntlm_server_new(fuzz_crypto, fuzz_db, "D", "C", "d", "c", &sv) != NTLM_ST_OK)
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

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the inner-authentication server (raw NTLM or SPNEGO framing)
 * fed a hostile first and second token.  Input: a 2-byte little-endian length
 * n, n bytes of first token, then the second token.  No input can know the
 * server's challenge, so an acceptance would be a forgery.
 * Targets: nego_server_step (raw and SPNEGO framing), spnego_decode,
 * spnego_mech_list_der, spnego_check_mech_list_mic, and what
 * fuzz_ntlm_acceptor targets.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>

#include "fuzz_users.h"
#include "nego.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_users_setup();
    const uint8_t *first, *second;
    size_t n, second_len;
    if (!fuzz_two_tokens(data, size, &first, &n, &second, &second_len))
        return 0;
    nego_server *sv;
    const uint8_t *out;
    size_t out_len;
    bool done = false;
    if (nego_server_new(fuzz_crypto, fuzz_db, (data[0] & 1) ? SPNEGO_MIC_CONSUMES_SEQ : SPNEGO_MIC_KEEPS_SEQ, &sv) != NTLM_ST_OK)
        abort();
    if (nego_server_step(sv, first, n, &out, &out_len, &done) == NTLM_ST_OK) {
        if (done)
            abort();
        if (nego_server_step(sv, second, second_len, &out, &out_len, &done) == NTLM_ST_OK)
            abort();
    }
    nego_server_free(sv);
    return 0;
}

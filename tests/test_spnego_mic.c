/* SPDX-License-Identifier: Apache-2.0 */
/* The SPNEGO mechListMIC with NTLM: made by one side, checked by the other,
 * the RC4 stream restarted after it, and both sequence-number conventions. */
#include <stdlib.h>
#include <string.h>

#include "spnego_mic.h"
#include "fixture.h"
#include "testlib.h"

static ntlm_crypto *crypto;
static const uint8_t sign_key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t seal_key[16] = { 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };

/* What a fresh state sealing "pubKeyAuth" with sequence number seq gives. */
static void reference_seal(uint32_t seq, uint8_t out[16 + 10])
{
    ntlm_seal_state *s = ntlm_seal_state_new(crypto, sign_key, seal_key, seq);
    ntlm_seal(s, (const uint8_t *)"pubKeyAuth", 10, out);
    ntlm_seal_state_free(s);
}

static void test_mode(spnego_mic_seq mode, uint32_t next_seq, const char *name)
{
    spnego_token tok;
    memset(&tok, 0, sizeof tok);
    tok.kind = SPNEGO_NEG_TOKEN_INIT;
    tok.mech_count = 1;
    tok.mech_types[0] = spnego_oid_ntlm;
    uint8_t *list = NULL;
    size_t list_len = 0;
    CHECK(spnego_mech_list_der(&tok, &list, &list_len, NULL) == CODEC_OK && list_len == 14 && list[0] == 0x30 &&
              list[2] == 0x06,
          "%s: MechTypeList DER", name);

    ntlm_seal_state *client = ntlm_seal_state_new(crypto, sign_key, seal_key, 0);
    ntlm_seal_state *server = ntlm_seal_state_new(crypto, sign_key, seal_key, 0);
    uint8_t mic[16];
    CHECK(spnego_make_mech_list_mic(client, list, list_len, mode, mic), "%s: mechListMIC made", name);
    CHECK(spnego_check_mech_list_mic(server, list, list_len, mode, mic, 16), "%s: and checked", name);
    CHECK(ntlm_seal_state_seq(client) == next_seq && ntlm_seal_state_seq(server) == next_seq,
          "%s: next sequence number %u", name, next_seq);

    /* The first message after the MIC is sealed from a restarted RC4 stream. */
    uint8_t got[26], want[26], plain[10];
    CHECK(ntlm_seal(client, (const uint8_t *)"pubKeyAuth", 10, got), "%s: seal after the MIC", name);
    reference_seal(next_seq, want);
    CHECK(memcmp(got, want, sizeof got) == 0, "%s: sealed as a fresh stream with sequence %u", name, next_seq);
    CHECK(ntlm_unseal(server, got, sizeof got, plain) && memcmp(plain, "pubKeyAuth", 10) == 0,
          "%s: the peer unseals it", name);

    /* A wrong MIC is refused and leaves the stream as it was. */
    ntlm_seal_state *other = ntlm_seal_state_new(crypto, sign_key, seal_key, 0);
    mic[5] ^= 1;
    CHECK(!spnego_check_mech_list_mic(other, list, list_len, mode, mic, 16), "%s: an altered mechListMIC fails",
          name);
    CHECK(!spnego_check_mech_list_mic(other, list, list_len, mode, mic, 15), "%s: a short mechListMIC fails", name);
    CHECK(ntlm_seal_state_seq(other) == 0, "%s: a failed check consumes nothing", name);
    ntlm_seal_state_free(other);
    ntlm_seal_state_free(client);
    ntlm_seal_state_free(server);
    free(list);
}

int main(void)
{
    crypto = fixture_crypto();
    test_mode(SPNEGO_MIC_KEEPS_SEQ, 0, "FreeRDP convention");
    test_mode(SPNEGO_MIC_CONSUMES_SEQ, 1, "pyspnego/sspi-rs convention");
    ntlm_crypto_free(crypto);
    return test_summary();
}

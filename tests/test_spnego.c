/* SPDX-License-Identifier: Apache-2.0 */
/* SPNEGO ([RFC 4178], [MS-SPNG]) through the strict pipeline: our tokens
 * round-trip, the malformed ones are refused with their reasons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec_cases.h"
#include "testlib.h"
#include "spnego.h"

static void test_spnego(void)
{
    static const uint8_t ntlm_token[] = "NTLMSSP\0\x01\0\0\0";
    spnego_token t;
    memset(&t, 0, sizeof t);
    t.kind = SPNEGO_NEG_TOKEN_INIT;
    t.mech_count = 1;
    t.mech_types[0] = spnego_oid_ntlm;
    t.mech_token = (cs_bytes){ ntlm_token, sizeof ntlm_token, true };
    uint8_t *enc = NULL;
    size_t enc_len = 0;
    CHECK(spnego_encode(&t, &enc, &enc_len, NULL) == CODEC_OK && enc[0] == 0x60, "negTokenInit encodes framed");
    spnego_msg m;
    codec_error err = { 0 };
    CHECK(spnego_decode(enc, enc_len, &m, &err) == CODEC_OK, "and decodes (%s)", err.reason ? err.reason : "");
    CHECK(m.view.kind == SPNEGO_NEG_TOKEN_INIT && m.view.mech_count == 1 &&
              strcmp(spnego_oid_name(m.view.mech_types[0]), "NTLM") == 0,
          "one mechanism: NTLM");
    CHECK(m.view.mech_token.len == sizeof ntlm_token, "mechToken");
    char dotted[64];
    CHECK(spnego_oid_text(m.view.mech_types[0], dotted, sizeof dotted) && strcmp(dotted, "1.3.6.1.4.1.311.2.2.10") == 0,
          "NTLM OID in dotted form (%s)", dotted);
    spnego_msg_free(&m);
    free(enc);

    memset(&t, 0, sizeof t);
    t.kind = SPNEGO_NEG_TOKEN_RESP;
    t.has_neg_state = true;
    t.neg_state = SPNEGO_ACCEPT_INCOMPLETE;
    t.supported_mech = spnego_oid_ntlm;
    t.response_token = (cs_bytes){ ntlm_token, sizeof ntlm_token, true };
    static const uint8_t mic[16] = { 1, 0, 0, 0, 0xde, 0xad };
    t.mech_list_mic = (cs_bytes){ mic, sizeof mic, true };
    CHECK(spnego_encode(&t, &enc, &enc_len, NULL) == CODEC_OK && enc[0] == 0xA1, "negTokenResp encodes bare");
    CHECK(spnego_decode(enc, enc_len, &m, NULL) == CODEC_OK && m.view.kind == SPNEGO_NEG_TOKEN_RESP &&
              m.view.has_neg_state && m.view.neg_state == SPNEGO_ACCEPT_INCOMPLETE && m.view.mech_list_mic.len == 16,
          "negTokenResp decodes");
    uint8_t *again = NULL;
    size_t again_len = 0;
    CHECK(spnego_encode(&m.view, &again, &again_len, NULL) == CODEC_OK && again_len == enc_len &&
              memcmp(again, enc, enc_len) == 0,
          "negTokenResp re-encodes byte-identical");
    free(again);
    spnego_msg_free(&m);
    free(enc);
}

static const reject_case spnego_rejects[] = {
    /* negTokenInit without the framing */
    { "a0 0e 30 0c a0 0a 30 08 06 06 2b 06 01 05 05 02", CODEC_E_SEMANTIC, 0, "framing" },
    /* framing around another mechanism (Kerberos OID) */
    { "60 15 06 09 2a 86 48 86 f7 12 01 02 02 a0 08 30 06 a0 04 30 02 06 00", CODEC_E_DER, 0, "" },
    { "60 1b 06 09 2a 86 48 86 f7 12 01 02 02 a0 0e 30 0c a0 0a 30 08 06 06 2b 06 01 05 05 02", CODEC_E_SEMANTIC, 2,
      "other than SPNEGO" },
    /* no mechanisms */
    { "60 10 06 06 2b 06 01 05 05 02 a0 06 30 04 a0 02 30 00", CODEC_E_SEMANTIC, 0, "no mechanism" },
    /* an unknown extension [4] in negTokenInit */
    { "60 1c 06 06 2b 06 01 05 05 02 a0 12 30 10 a0 08 30 06 06 04 2b 06 01 05 a4 04 04 02 00 00",
      CODEC_E_SEMANTIC, 0, "extension" },
    /* negState 5 */
    { "a1 07 30 05 a0 03 0a 01 05", CODEC_E_SEMANTIC, 0, "negState" },
    /* negTokenResp inside the framing */
    { "60 11 06 06 2b 06 01 05 05 02 a1 07 30 05 a0 03 0a 01 00", CODEC_E_SEMANTIC, 0, "negTokenInit" },
    /* neither form */
    { "30 00", CODEC_E_SCHEMA, 0, "not an SPNEGO token" },
    { "", CODEC_E_DER, 0, "empty" },
    /* indefinite length, which once hung the generated CHOICE decoder */
    { "a1 80 30 00 00 01", CODEC_E_DER, 0, "indefinite" },
};

static codec_result decode_spnego(const uint8_t *buf, size_t len, codec_error *err)
{
    spnego_msg m;
    codec_result r = spnego_decode(buf, len, &m, err);
    spnego_msg_free(&m);
    return r;
}

static void test_spnego_rejects(void)
{
    test_run_rejects("SPNEGO", spnego_rejects, sizeof spnego_rejects / sizeof spnego_rejects[0], decode_spnego);
}

int main(void)
{
    test_spnego();
    test_spnego_rejects();
    return test_summary();
}

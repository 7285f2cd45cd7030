/* SPDX-License-Identifier: Apache-2.0 */
/* TSRequest through the strict pipeline: the captured peer messages,
 * constructed values, rejections with their reasons, truncation at every
 * offset, and the regressions of the runtime patches.  TSCredentials and
 * SPNEGO: test_tscredentials.c, test_spnego.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec_cases.h"
#include "testlib.h"
#include "asn1.h"
#include "tsrequest.h"

typedef struct vector {
    const char *file;
    long version;
    size_t tokens;
    bool auth_info, pub_key_auth, nonce, error_code;
} vector;

static const vector vectors[] = {
    { "freerdp-ok-01-client-negotiate.der", 6, 1, false, false, true, false },
    { "freerdp-ok-02-server-challenge.der", 6, 1, false, false, true, false },
    { "freerdp-ok-03-client-authenticate+pubkeyauth.der", 6, 1, false, true, true, false },
    { "freerdp-ok-04-server-pubkeyauth.der", 6, 0, false, true, true, false },
    { "freerdp-ok-05-client-authinfo.der", 6, 0, true, false, true, false },
    { "impacket-ok-01-client-negotiate.der", 2, 1, false, false, false, false },
    { "impacket-ok-02-server-challenge.der", 6, 1, false, false, true, false },
    { "impacket-ok-03-client-authenticate+pubkeyauth.der", 2, 1, false, true, false, false },
    { "impacket-ok-04-server-pubkeyauth.der", 6, 0, false, true, true, false },
    { "impacket-ok-05-client-authinfo.der", 2, 0, true, false, false, false },
    { "synthetic-server-errorcode-C000006D-int4.der", 6, 0, false, false, false, true },
    { "synthetic-server-errorcode-C000006D-int5.der", 6, 0, false, false, false, true },
};

static void test_vectors_round_trip(void)
{
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        const vector *v = &vectors[i];
        size_t len;
        uint8_t *buf = test_load_data(v->file, &len);
        tsrequest_msg m;
        codec_error err = { 0 };
        codec_result r = tsrequest_decode(buf, len, &m, &err);
        CHECK(r == CODEC_OK, "%s decodes (%s at %zu)", v->file, err.reason ? err.reason : "", err.offset);
        if (r != CODEC_OK) {
            free(buf);
            continue;
        }
        CHECK(m.view.version == v->version, "%s version %ld", v->file, m.view.version);
        CHECK(m.view.nego_token_count == v->tokens, "%s negoTokens %zu", v->file, m.view.nego_token_count);
        CHECK(m.view.auth_info.present == v->auth_info, "%s authInfo", v->file);
        CHECK(m.view.pub_key_auth.present == v->pub_key_auth, "%s pubKeyAuth", v->file);
        CHECK(m.view.client_nonce.present == v->nonce, "%s clientNonce", v->file);
        CHECK(m.view.has_error_code == v->error_code, "%s errorCode", v->file);
        if (v->tokens > 0)
            CHECK(m.view.nego_tokens[0].len > 12 && memcmp(m.view.nego_tokens[0].data, "NTLMSSP", 8) == 0,
                  "%s carries raw NTLMSSP", v->file);
        uint8_t *enc = NULL;
        size_t enc_len = 0;
        r = tsrequest_encode(&m.view, &enc, &enc_len, &err);
        bool same = r == CODEC_OK && enc_len == len && memcmp(enc, buf, len) == 0;
        /* The 5-byte errorCode is re-encoded in the 4-byte form on purpose. */
        if (strstr(v->file, "int5") != NULL)
            CHECK(r == CODEC_OK && enc_len == len - 1u, "%s re-encodes in the 4-byte form", v->file);
        else
            CHECK(same, "%s re-encodes byte-identical", v->file);
        free(enc);
        tsrequest_msg_free(&m);
        free(buf);
    }
}

static void test_error_code_forms(void)
{
    size_t len4, len5;
    uint8_t *int4 = test_load_data("synthetic-server-errorcode-C000006D-int4.der", &len4);
    uint8_t *int5 = test_load_data("synthetic-server-errorcode-C000006D-int5.der", &len5);
    tsrequest_msg m4, m5;
    CHECK(tsrequest_decode(int4, len4, &m4, NULL) == CODEC_OK, "4-byte errorCode");
    CHECK(tsrequest_decode(int5, len5, &m5, NULL) == CODEC_OK, "5-byte errorCode");
    CHECK(m4.view.error_code == 0xC000006Du, "4-byte form is STATUS_LOGON_FAILURE (%08x)", m4.view.error_code);
    CHECK(m5.view.error_code == 0xC000006Du, "5-byte form is STATUS_LOGON_FAILURE (%08x)", m5.view.error_code);
    uint8_t *enc = NULL;
    size_t enc_len = 0;
    CHECK(tsrequest_encode(&m5.view, &enc, &enc_len, NULL) == CODEC_OK && enc_len == len4 &&
              memcmp(enc, int4, len4) == 0,
          "the 5-byte form re-encodes as the 4-byte form FreeRDP reads");
    free(enc);
    /* Found by fuzzing: 0xFFFFFFFF in the 5-byte form is accepted and goes
     * out as the minimal two's-complement INTEGER, 02 01 ff. */
    uint8_t buf[32];
    size_t len = test_hex("30 0e a0 03 02 01 06 a4 07 02 05 00 ff ff ff ff", buf, sizeof buf);
    tsrequest_msg m;
    CHECK(tsrequest_decode(buf, len, &m, NULL) == CODEC_OK && m.view.error_code == 0xFFFFFFFFu, "0xFFFFFFFF 5-byte");
    CHECK(tsrequest_encode(&m.view, &enc, &enc_len, NULL) == CODEC_OK && enc_len == 12 && enc[9] == 0x02 &&
              enc[10] == 0x01 && enc[11] == 0xff,
          "0xFFFFFFFF re-encodes as 02 01 ff");
    free(enc);
    tsrequest_msg_free(&m);
    tsrequest_msg_free(&m4);
    tsrequest_msg_free(&m5);
    free(int4);
    free(int5);
}

/* A value built field by field survives encode and decode unchanged. */
static void test_constructed_tsrequest(void)
{
    static const uint8_t token1[] = "NTLMSSP\0\x01\0\0\0 and more";
    static const uint8_t token2[] = { 0x60, 0x01 };
    uint8_t nonce[32], pub[270];
    for (size_t i = 0; i < sizeof nonce; i++)
        nonce[i] = (uint8_t)(i * 7u);
    for (size_t i = 0; i < sizeof pub; i++)
        pub[i] = (uint8_t)i;
    tsrequest req;
    memset(&req, 0, sizeof req);
    req.version = 6;
    req.nego_token_count = 2;
    req.nego_tokens[0] = (cs_bytes){ token1, sizeof token1, true };
    req.nego_tokens[1] = (cs_bytes){ token2, sizeof token2, true };
    req.pub_key_auth = (cs_bytes){ pub, sizeof pub, true };
    req.auth_info = (cs_bytes){ pub, 0, true };
    req.has_error_code = true;
    req.error_code = 0x80090308u;
    req.client_nonce = (cs_bytes){ nonce, sizeof nonce, true };

    uint8_t *enc = NULL;
    size_t enc_len = 0;
    CHECK(tsrequest_encode(&req, &enc, &enc_len, NULL) == CODEC_OK, "constructed TSRequest encodes");
    tsrequest_msg m;
    CHECK(tsrequest_decode(enc, enc_len, &m, NULL) == CODEC_OK, "and decodes");
    CHECK(m.view.version == 6 && m.view.nego_token_count == 2, "version and token count");
    CHECK(m.view.nego_tokens[1].len == 2 && memcmp(m.view.nego_tokens[1].data, token2, 2) == 0, "second token");
    CHECK(m.view.pub_key_auth.len == sizeof pub && memcmp(m.view.pub_key_auth.data, pub, sizeof pub) == 0,
          "pubKeyAuth, long-form length");
    CHECK(m.view.auth_info.present && m.view.auth_info.len == 0, "an empty authInfo stays present");
    CHECK(m.view.has_error_code && m.view.error_code == 0x80090308u, "errorCode SEC_E_INVALID_TOKEN");
    CHECK(m.view.client_nonce.len == 32 && memcmp(m.view.client_nonce.data, nonce, 32) == 0, "clientNonce");
    uint8_t *again = NULL;
    size_t again_len = 0;
    CHECK(tsrequest_encode(&m.view, &again, &again_len, NULL) == CODEC_OK && again_len == enc_len &&
              memcmp(again, enc, enc_len) == 0,
          "re-encodes byte-identical");
    free(again);
    free(enc);
    tsrequest_msg_free(&m);

    /* Values the encoder refuses, as the decoder would. */
    req.version = 1;
    CHECK(tsrequest_encode(&req, &enc, &enc_len, NULL) == CODEC_E_SEMANTIC, "version 1 is not encoded");
    req.version = 6;
    req.client_nonce.len = 31;
    CHECK(tsrequest_encode(&req, &enc, &enc_len, NULL) == CODEC_E_SEMANTIC, "a 31-byte nonce is not encoded");
    req.client_nonce.len = 32;
    req.nego_tokens[0].len = 0;
    CHECK(tsrequest_encode(&req, &enc, &enc_len, NULL) == CODEC_E_SEMANTIC, "an empty token is not encoded");
    req.nego_tokens[0].len = sizeof token1;
    req.pub_key_auth.len = DER_MAX_INPUT + 1u;
    CHECK(tsrequest_encode(&req, &enc, &enc_len, NULL) == CODEC_E_SEMANTIC, "an oversized field is not encoded");
}

static const reject_case tsrequest_rejects[] = {
    { "", CODEC_E_DER, 0, "empty" },
    { "31 05 a0 03 02 01 06", CODEC_E_DER, 0, "universal type" },
    { "04 03 02 01 06", CODEC_E_SCHEMA, 0, "not a well-formed value" },
    { "30 05 a0 03 02 01 01", CODEC_E_SEMANTIC, 2, "version below 2" },
    { "30 05 a0 03 02 01 ff", CODEC_E_SEMANTIC, 2, "version below 2" },
    { "30 05 a0 03 02 01 00", CODEC_E_SEMANTIC, 2, "version below 2" },
    { "30 00", CODEC_E_SCHEMA, 0, "not a well-formed value" },
    { "30 0a a0 03 02 01 06 a6 03 04 01 00", CODEC_E_SCHEMA, 0, "not a well-formed value" },
    { "30 09 a0 03 02 01 06 a1 02 30 00", CODEC_E_SEMANTIC, 7, "negoTokens present but empty" },
    { "30 0f a0 03 02 01 06 a1 08 30 06 30 04 a0 02 04 00", CODEC_E_SEMANTIC, 7, "empty negoToken" },
    { "30 0e a0 03 02 01 06 a4 07 02 05 01 00 00 00 00", CODEC_E_SEMANTIC, 7, "32-bit NTSTATUS" },
    { "30 0e a0 03 02 01 06 a4 07 02 05 ff 00 00 00 00", CODEC_E_SEMANTIC, 7, "32-bit NTSTATUS" },
    { "30 09 a0 03 02 01 06 a5 02 04 00", CODEC_E_SEMANTIC, 7, "clientNonce is not 32 bytes" },
    { "30 0a a0 03 02 01 06 a3 03 04 01 00 00", CODEC_E_DER, 12, "after the outermost" },
    { "30 0a a3 03 04 01 00 a0 03 02 01 06", CODEC_E_SCHEMA, 0, "not a well-formed value" },
    { "30 06 a0 04 02 02 00 06", CODEC_E_DER, 4, "INTEGER not minimally" },
    { "30 09 a0 03 02 01 06 a2 02 24 00", CODEC_E_DER, 9, "constructed form" },
    { "30 80 a0 03 02 01 06 00 00", CODEC_E_DER, 0, "indefinite" },
};

static codec_result decode_tsrequest(const uint8_t *buf, size_t len, codec_error *err)
{
    tsrequest_msg m;
    codec_result r = tsrequest_decode(buf, len, &m, err);
    tsrequest_msg_free(&m);
    return r;
}

static void test_tsrequest_rejects(void)
{
    test_run_rejects("TSRequest", tsrequest_rejects, sizeof tsrequest_rejects / sizeof tsrequest_rejects[0],
                decode_tsrequest);

    /* More negoTokens than the bound: five one-byte tokens. */
    uint8_t buf[128];
    size_t len = test_hex("30 2c a0 03 02 01 06 a1 25 30 23"
                          " 30 05 a0 03 04 01 01 30 05 a0 03 04 01 02 30 05 a0 03 04 01 03"
                          " 30 05 a0 03 04 01 04 30 05 a0 03 04 01 05",
                          buf, sizeof buf);
    codec_error err = { 0 };
    CHECK(decode_tsrequest(buf, len, &err) == CODEC_E_SEMANTIC && strstr(err.reason, "bound of 4") != NULL,
          "five negoTokens are refused (%s)", err.reason ? err.reason : "accepted");
    /* Four is fine. */
    len = test_hex("30 25 a0 03 02 01 06 a1 1e 30 1c"
                   " 30 05 a0 03 04 01 01 30 05 a0 03 04 01 02 30 05 a0 03 04 01 03"
                   " 30 05 a0 03 04 01 04",
                   buf, sizeof buf);
    CHECK(decode_tsrequest(buf, len, &err) == CODEC_OK, "four negoTokens are accepted");
    /* A version above 6 is legal (nmap sends 96). */
    len = test_hex("30 05 a0 03 02 01 60", buf, sizeof buf);
    tsrequest_msg m;
    CHECK(tsrequest_decode(buf, len, &m, NULL) == CODEC_OK && m.view.version == 96, "version 96 is accepted");
    tsrequest_msg_free(&m);
}

/* Every proper prefix of every captured message is refused as truncated. */
static void test_truncation_sweep(void)
{
    size_t swept = 0;
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        size_t len;
        uint8_t *buf = test_load_data(vectors[i].file, &len);
        for (size_t cut = 0; cut < len; cut++) {
            uint8_t *prefix = malloc(cut ? cut : 1u);
            memcpy(prefix, buf, cut);
            codec_error err = { 0 };
            codec_result r = decode_tsrequest(prefix, cut, &err);
            der_rule want = cut == 0 ? DER_E_EMPTY : DER_E_TRUNCATED;
            CHECK(r == CODEC_E_DER && err.der == want, "%s cut at %zu: result %d rule %d", vectors[i].file, cut, r,
                  err.der);
            size_t total = 0;
            if (cut >= 4)
                CHECK(der_outer_size(prefix, cut, &total) == DER_OK && total == len,
                      "%s cut at %zu: the outer header tells the full size", vectors[i].file, cut);
            free(prefix);
            swept++;
        }
        free(buf);
    }
    CHECK(swept > 2000, "swept %zu prefixes", swept);
}

/*
 * The generated runtime's defects that patches/ fix.  These inputs go to the
 * generated decoder directly, behind no gate; under UBSan (make test) the
 * unpatched runtime aborts on the first three and hangs on the fourth.
 */
static void test_runtime_patches(void)
{
    uint8_t buf[64];
    void *out = NULL;
    size_t len = test_hex("30 05 a0 03 02 01 ff", buf, sizeof buf);
    CHECK(asn1_decode_lenient(&asn_DEF_TSRequest, &out, buf, len) == CODEC_OK && ((TSRequest_t *)out)->version == -1,
          "negative INTEGER converts without UB (patch 01)");
    asn1_free(&asn_DEF_TSRequest, out);
    len = test_hex("30 0d a0 03 02 01 06 a4 06 02 04 c0 07 00 ea", buf, sizeof buf);
    CHECK(asn1_decode_lenient(&asn_DEF_TSRequest, &out, buf, len) == CODEC_OK &&
              *((TSRequest_t *)out)->errorCode == (long)(int32_t)0xC00700EAu,
          "negative errorCode converts without UB (patch 01)");
    asn1_free(&asn_DEF_TSRequest, out);

    len = test_hex("30 88 e3 00 00 00 00 00 00 00", buf, sizeof buf);
    CHECK(asn1_decode_lenient(&asn_DEF_TSRequest, &out, buf, len) == CODEC_E_SCHEMA,
          "huge length refused without UB (patch 02)");

    len = test_hex("30 09 a0 03 02 01 06 a2 02 24 00", buf, sizeof buf);
    CHECK(asn1_decode_lenient(&asn_DEF_TSRequest, &out, buf, len) == CODEC_OK, "lenient decoder reads it");
    uint8_t *enc = NULL;
    size_t enc_len = 0;
    CHECK(asn1_encode(&asn_DEF_TSRequest, out, &enc, &enc_len, NULL) == CODEC_OK && enc_len == 11,
          "empty OCTET STRING encodes without memcpy from NULL (patch 03)");
    free(enc);
    asn1_free(&asn_DEF_TSRequest, out);

    len = test_hex("a1 80 30 00 00 01", buf, sizeof buf);
    CHECK(asn1_decode_lenient(&asn_DEF_NegotiationToken, &out, buf, len) == CODEC_E_SCHEMA,
          "CHOICE with a bad end-of-contents fails instead of looping (patch 04)");
}

int main(void)
{
    test_vectors_round_trip();
    test_error_code_forms();
    test_constructed_tsrequest();
    test_tsrequest_rejects();
    test_truncation_sweep();
    test_runtime_patches();
    return test_summary();
}

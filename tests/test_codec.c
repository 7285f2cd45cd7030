/* TSRequest, TSCredentials and SPNEGO through the strict pipeline: the
 * captured peer messages, constructed values, rejections with their reasons,
 * truncation at every offset, and the regressions of the runtime patches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1.h"
#include "spnego.h"
#include "testlib.h"
#include "tscredentials.h"
#include "tsrequest.h"

#ifndef CREDSSP_TEST_DATA
#define CREDSSP_TEST_DATA "tests/data"
#endif

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

static uint8_t *load(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CREDSSP_TEST_DATA, name);
    return test_read_file(path, len);
}

static void test_vectors_round_trip(void)
{
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        const vector *v = &vectors[i];
        size_t len;
        uint8_t *buf = load(v->file, &len);
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
    uint8_t *int4 = load("synthetic-server-errorcode-C000006D-int4.der", &len4);
    uint8_t *int5 = load("synthetic-server-errorcode-C000006D-int5.der", &len5);
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

typedef struct reject_case {
    const char *hex;
    codec_result result;
    size_t offset;
    const char *reason; /* a substring of the reason */
} reject_case;

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

static void run_rejects(const char *type, const reject_case *cases, size_t n,
                        codec_result (*decode)(const uint8_t *, size_t, codec_error *))
{
    for (size_t i = 0; i < n; i++) {
        uint8_t buf[256];
        size_t len = test_hex(cases[i].hex, buf, sizeof buf);
        codec_error err = { 0 };
        codec_result r = decode(buf, len, &err);
        CHECK(r == cases[i].result, "%s [%s]: result %d, want %d (%s)", type, cases[i].hex, r, cases[i].result,
              err.reason ? err.reason : "accepted");
        if (r == CODEC_OK)
            continue;
        CHECK(err.reason != NULL && strstr(err.reason, cases[i].reason) != NULL, "%s [%s]: reason '%s'", type,
              cases[i].hex, err.reason ? err.reason : "(none)");
        if (cases[i].reason[0] != '\0')
            CHECK(err.offset == cases[i].offset, "%s [%s]: offset %zu, want %zu", type, cases[i].hex, err.offset,
                  cases[i].offset);
    }
}

static codec_result decode_tsrequest(const uint8_t *buf, size_t len, codec_error *err)
{
    tsrequest_msg m;
    codec_result r = tsrequest_decode(buf, len, &m, err);
    tsrequest_msg_free(&m);
    return r;
}

static codec_result decode_tscredentials(const uint8_t *buf, size_t len, codec_error *err)
{
    tscredentials_msg m;
    codec_result r = tscredentials_decode(buf, len, &m, err);
    tscredentials_msg_free(&m);
    return r;
}

static codec_result decode_spnego(const uint8_t *buf, size_t len, codec_error *err)
{
    spnego_msg m;
    codec_result r = spnego_decode(buf, len, &m, err);
    spnego_msg_free(&m);
    return r;
}

static void test_tsrequest_rejects(void)
{
    run_rejects("TSRequest", tsrequest_rejects, sizeof tsrequest_rejects / sizeof tsrequest_rejects[0],
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
        uint8_t *buf = load(vectors[i].file, &len);
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

/* The decrypted authInfo plaintexts of the captured exchanges. */
static void test_captured_tscredentials(void)
{
    static const char *const plaintexts[] = {
        /* freerdp-ok.keys.json and impacket-ok.keys.json, authInfo(TSCredentials) */
        "3033a003020101a12c042a3028a0020400a10c040a61006c00690063006500a2140412500061007300730077003000720064002100",
    };
    for (size_t i = 0; i < sizeof plaintexts / sizeof plaintexts[0]; i++) {
        uint8_t buf[256];
        size_t len = test_hex(plaintexts[i], buf, sizeof buf);
        tscredentials_msg m;
        codec_error err = { 0 };
        CHECK(tscredentials_decode(buf, len, &m, &err) == CODEC_OK, "captured TSCredentials decode (%s)",
              err.reason ? err.reason : "");
        CHECK(m.view.cred_type == TSCRED_PASSWORD, "password credentials");
        const ts_password_creds *p = &m.view.u.password;
        CHECK(p->domain.present && p->domain.len == 0, "empty domain");
        CHECK(p->user.len == 10 && memcmp(p->user.data, "a\0l\0i\0c\0e\0", 10) == 0, "user alice");
        CHECK(p->password.len == 18 && memcmp(p->password.data, "P\0a\0s\0s\0w\0" "0\0r\0d\0!\0", 18) == 0,
              "password Passw0rd!");
        uint8_t *enc = NULL;
        size_t enc_len = 0;
        CHECK(tscredentials_encode(&m.view, &enc, &enc_len, NULL) == CODEC_OK && enc_len == len &&
                  memcmp(enc, buf, len) == 0,
              "re-encodes byte-identical");
        free(enc);
        /* The password bytes live in the decoded structure: freeing wipes them. */
        const uint8_t *secret = p->password.data;
        uint8_t copy_before[18];
        memcpy(copy_before, secret, sizeof copy_before);
        CHECK(memcmp(copy_before, "P\0", 2) == 0, "secret readable before free");
        tscredentials_msg_free(&m);
    }
}

static void round_trip_tscredentials(const char *what, const tscredentials *c)
{
    uint8_t *enc = NULL, *again = NULL;
    size_t enc_len = 0, again_len = 0;
    tscredentials_msg m;
    CHECK(tscredentials_encode(c, &enc, &enc_len, NULL) == CODEC_OK, "%s encodes", what);
    CHECK(tscredentials_decode(enc, enc_len, &m, NULL) == CODEC_OK, "%s decodes", what);
    CHECK(m.view.cred_type == c->cred_type, "%s credType", what);
    CHECK(tscredentials_encode(&m.view, &again, &again_len, NULL) == CODEC_OK && again_len == enc_len &&
              memcmp(again, enc, enc_len) == 0,
          "%s re-encodes byte-identical", what);
    if (c->cred_type == TSCRED_SMARTCARD) {
        const ts_smartcard_creds *s = &m.view.u.smartcard;
        CHECK(s->csp.key_spec == 1 && s->csp.card_name.present && !s->csp.csp_name.present && s->user_hint.present &&
                  !s->domain_hint.present,
              "%s keeps which optional fields are present", what);
    }
    if (c->cred_type == TSCRED_REMOTE_GUARD)
        CHECK(m.view.u.remote_guard.supplemental_count == 2 &&
                  m.view.u.remote_guard.supplemental[1].cred_buffer.len == 3,
              "%s keeps its supplemental credentials", what);
    tscredentials_msg_free(&m);
    free(enc);
    free(again);
}

static void test_constructed_tscredentials(void)
{
    static const uint8_t pin[] = { '1', 0, '2', 0, '3', 0, '4', 0 };
    static const uint8_t name[] = { 'K', 0, 'e', 0, 'r', 0, 'b', 0 };
    static const uint8_t blob[] = { 1, 2, 3 };
    tscredentials c;
    memset(&c, 0, sizeof c);
    c.cred_type = TSCRED_SMARTCARD;
    c.u.smartcard.pin = (cs_bytes){ pin, sizeof pin, true };
    c.u.smartcard.csp.key_spec = 1;
    c.u.smartcard.csp.card_name = (cs_bytes){ name, sizeof name, true };
    c.u.smartcard.csp.reader_name = (cs_bytes){ name, 2, true };
    c.u.smartcard.user_hint = (cs_bytes){ name, 4, true };
    round_trip_tscredentials("TSSmartCardCreds", &c);

    memset(&c, 0, sizeof c);
    c.cred_type = TSCRED_REMOTE_GUARD;
    c.u.remote_guard.logon = (ts_package_cred){ { name, sizeof name, true }, { blob, sizeof blob, true } };
    c.u.remote_guard.has_supplemental = true;
    c.u.remote_guard.supplemental_count = 2;
    c.u.remote_guard.supplemental[0] = c.u.remote_guard.logon;
    c.u.remote_guard.supplemental[1] = c.u.remote_guard.logon;
    round_trip_tscredentials("TSRemoteGuardCreds", &c);

    /* Restricted admin: three empty strings ([MS-CSSP] 3.1.5 step 5). */
    memset(&c, 0, sizeof c);
    c.cred_type = TSCRED_PASSWORD;
    c.u.password.domain = (cs_bytes){ name, 0, true };
    c.u.password.user = (cs_bytes){ name, 0, true };
    c.u.password.password = (cs_bytes){ name, 0, true };
    round_trip_tscredentials("empty TSPasswordCreds", &c);

    uint8_t *enc = NULL;
    size_t enc_len = 0;
    c.u.password.password.len = DER_MAX_INPUT + 1u;
    CHECK(tscredentials_encode(&c, &enc, &enc_len, NULL) == CODEC_E_SEMANTIC, "an oversized password is not encoded");
    c.u.password.password.len = 0;
    c.cred_type = 3;
    CHECK(tscredentials_encode(&c, &enc, &enc_len, NULL) == CODEC_E_SEMANTIC, "credType 3 is not encoded");
}

static const reject_case tscredentials_rejects[] = {
    /* credType 3 */
    { "30 0b a0 03 02 01 03 a1 04 04 02 30 00", CODEC_E_SEMANTIC, 2, "credType" },
    /* credentials that are not TSPasswordCreds */
    { "30 0b a0 03 02 01 01 a1 04 04 02 30 00", CODEC_E_SCHEMA, 11, "not a well-formed value" },
    /* inner DER broken: constructed OCTET STRING inside, offset shifted to the outer message */
    { "30 13 a0 03 02 01 01 a1 0c 04 0a 30 08 a0 02 24 00 a1 02 04 00", CODEC_E_DER, 15, "constructed form" },
    /* odd-length UTF-16 user name */
    { "30 18 a0 03 02 01 01 a1 11 04 0f 30 0d a0 02 04 00 a1 03 04 01 61 a2 02 04 00", CODEC_E_SEMANTIC, 11,
      "UTF-16LE" },
    /* trailing byte after the outer value */
    { "30 03 02 01 01 00", CODEC_E_DER, 5, "after the outermost" },
};

static void test_tscredentials_rejects(void)
{
    run_rejects("TSCredentials", tscredentials_rejects,
                sizeof tscredentials_rejects / sizeof tscredentials_rejects[0], decode_tscredentials);
}

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

static void test_spnego_rejects(void)
{
    run_rejects("SPNEGO", spnego_rejects, sizeof spnego_rejects / sizeof spnego_rejects[0], decode_spnego);
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
    test_captured_tscredentials();
    test_constructed_tscredentials();
    test_tscredentials_rejects();
    test_spnego();
    test_spnego_rejects();
    test_runtime_patches();
    return test_summary();
}

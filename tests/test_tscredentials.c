/* SPDX-License-Identifier: Apache-2.0 */
/* TSCredentials ([MS-CSSP] 2.2.1.2) through the strict pipeline: the
 * captured messages, constructed values of the three kinds, rejections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec_cases.h"
#include "testlib.h"
#include "tscredentials.h"

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

static codec_result decode_tscredentials(const uint8_t *buf, size_t len, codec_error *err)
{
    tscredentials_msg m;
    codec_result r = tscredentials_decode(buf, len, &m, err);
    tscredentials_msg_free(&m);
    return r;
}

static void test_tscredentials_rejects(void)
{
    test_run_rejects("TSCredentials", tscredentials_rejects,
                sizeof tscredentials_rejects / sizeof tscredentials_rejects[0], decode_tscredentials);
}

int main(void)
{
    test_captured_tscredentials();
    test_constructed_tscredentials();
    test_tscredentials_rejects();
    return test_summary();
}

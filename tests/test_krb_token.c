/* SPDX-License-Identifier: Apache-2.0 */
/* Kerberos per-message token headers (codec/krb_token.c, RFC 4121 4.2.6):
 * the fields of Wrap and MIC headers as Windows and MIT send them, each
 * refusal by kind, the header written back, and the rotation undone for
 * every count a peer may send (Windows 28, MIT 0, larger than the data). */
#include <string.h>

#include "krb_token.h"
#include "testlib.h"

static bool header_empty(const krb_token_header *h)
{
    return h->flags == 0 && h->ec == 0 && h->rrc == 0 && h->snd_seq == 0;
}

static void test_wrap_header(void)
{
    /* An acceptor's sealed Wrap with its subkey, as Windows sends it: EC 0,
     * RRC 28, a sequence number that does not start at 0 (RFC 4121 4.2.6.2). */
    static const uint8_t windows[] = { 0x05, 0x04, 0x07, 0xff, 0x00, 0x00, 0x00, 0x1c,
                                       0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0xaa };
    krb_token_header h;
    CHECK(krb_wrap_parse_header(windows, sizeof windows, &h) == KRB_TOKEN_OK, "a Windows Wrap header");
    CHECK(h.flags == 0x07 && h.ec == 0 && h.rrc == 28 && h.snd_seq == 0x123456789abcdef0u,
          "its fields: flags %#x, EC %u, RRC %u, SND_SEQ %#llx", h.flags, h.ec, h.rrc,
          (unsigned long long)h.snd_seq);
    CHECK((h.flags & KRB_TOKEN_SENT_BY_ACCEPTOR) && (h.flags & KRB_TOKEN_SEALED) &&
              (h.flags & KRB_TOKEN_ACCEPTOR_SUBKEY),
          "the three flags of RFC 4121 4.2.2");

    /* MIT's gss_wrap: RRC 0, filler bytes counted in EC, unknown flag bits kept. */
    static const uint8_t mit[] = { 0x05, 0x04, 0xf2, 0xff, 0x00, 0x0c, 0x00, 0x00,
                                   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00 };
    CHECK(krb_wrap_parse_header(mit, sizeof mit, &h) == KRB_TOKEN_OK && h.flags == 0xf2 && h.ec == 12 &&
              h.rrc == 0 && h.snd_seq == 256,
          "an MIT header exactly 16 bytes long; unknown flags as sent (RFC 4121 4.2.2: ignored, not refused)");

    uint8_t back[KRB_TOKEN_HEADER_LEN];
    krb_wrap_write_header(&h, back);
    CHECK(memcmp(back, mit, sizeof back) == 0, "written back, the same 16 bytes");
}

static void test_wrap_refusals(void)
{
    static const uint8_t good[KRB_TOKEN_HEADER_LEN] = { 0x05, 0x04, 0x02, 0xff, 0, 0, 0, 0x1c, 0, 0, 0, 0, 0, 0, 0, 1 };
    krb_token_header h;
    for (size_t n = 0; n < sizeof good; n++)
        CHECK(krb_wrap_parse_header(good, n, &h) == KRB_TOKEN_SHORT && header_empty(&h),
              "%zu bytes: short, nothing read", n);
    uint8_t bad[KRB_TOKEN_HEADER_LEN];
    memcpy(bad, good, sizeof bad);
    bad[0] = 0x04; /* a MIC token's TOK_ID */
    CHECK(krb_wrap_parse_header(bad, sizeof bad, &h) == KRB_TOKEN_BAD_TOK_ID && header_empty(&h),
          "a MIC token is not a Wrap token");
    memcpy(bad, good, sizeof bad);
    bad[0] = 0x60; /* an RFC 1964 (GSS-API framed) token */
    CHECK(krb_wrap_parse_header(bad, sizeof bad, &h) == KRB_TOKEN_BAD_TOK_ID, "an RFC 1964 token is refused");
    memcpy(bad, good, sizeof bad);
    bad[1] = 0x05;
    CHECK(krb_wrap_parse_header(bad, sizeof bad, &h) == KRB_TOKEN_BAD_TOK_ID, "TOK_ID 05 05");
    memcpy(bad, good, sizeof bad);
    bad[3] = 0x00;
    CHECK(krb_wrap_parse_header(bad, sizeof bad, &h) == KRB_TOKEN_BAD_FILLER && header_empty(&h),
          "a filler byte that is not FF");
}

static void test_mic_header(void)
{
    static const uint8_t mic[] = { 0x04, 0x04, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff,
                                   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x22 };
    krb_token_header h;
    CHECK(krb_mic_parse_header(mic, sizeof mic, &h) == KRB_TOKEN_OK && h.flags == 0x01 && h.ec == 0 &&
              h.rrc == 0 && h.snd_seq == 0,
          "a MIC header with sequence 0, as Windows acceptors sign mechListMIC");
    CHECK(krb_wrap_parse_header(mic, sizeof mic, &h) == KRB_TOKEN_BAD_TOK_ID, "a MIC token is no Wrap token");
    uint8_t bad[sizeof mic];
    for (size_t k = 3; k < 8; k++) {
        memcpy(bad, mic, sizeof bad);
        bad[k] = 0xfe;
        CHECK(krb_mic_parse_header(bad, sizeof bad, &h) == KRB_TOKEN_BAD_FILLER && header_empty(&h),
              "filler byte %zu not FF", k);
    }
    CHECK(krb_mic_parse_header(mic, 15, &h) == KRB_TOKEN_SHORT, "15 bytes: short");
    static const uint8_t wrap[KRB_TOKEN_HEADER_LEN] = { 0x05, 0x04, 0, 0xff };
    CHECK(krb_mic_parse_header(wrap, sizeof wrap, &h) == KRB_TOKEN_BAD_TOK_ID, "a Wrap token is no MIC token");
}

/* Rotates right by rrc, as a sender does (RFC 4121 4.2.5). */
static void rotate_right(const uint8_t *in, size_t len, size_t rrc, uint8_t *out)
{
    for (size_t i = 0; i < len; i++)
        out[(i + rrc) % len] = in[i];
}

static void test_unrotate(void)
{
    uint8_t data[40], sent[40], got[40];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7u + 1u);
    /* The counts peers send and the edges: none, Windows' 28, the length,
     * more than the length (4.2.5: the receiver must take any count). */
    static const size_t counts[] = { 0, 1, 28, 39, 40, 41, 68, 65535 };
    size_t wrong = 0;
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        for (size_t len = 1; len <= sizeof data; len++) {
            rotate_right(data, len, counts[c], sent);
            memset(got, 0, sizeof got);
            krb_wrap_unrotate(sent, len, counts[c], got);
            if (memcmp(got, data, len) != 0 && wrong++ == 0)
                CHECK(false, "RRC %zu over %zu bytes: not undone", counts[c], len);
        }
    }
    CHECK(wrong == 0, "every count over every length up to 40 bytes undone (%zu not)", wrong);
    /* Windows' layout: the 28 bytes of encrypted header and checksum that
     * end the ciphertext come first after the header. */
    static const uint8_t windows_order[] = { 'T', 'T', 'D', 'D', 'D' };
    krb_wrap_unrotate(windows_order, sizeof windows_order, 2, got);
    CHECK(memcmp(got, "DDDTT", 5) == 0, "RRC 2: the trailer back at the end");
    memset(got, 0x5a, sizeof got);
    krb_wrap_unrotate(windows_order, 0, 28, got);
    CHECK(got[0] == 0x5a && got[1] == 0x5a, "no bytes: nothing written (and no division by the length)");
}

int main(void)
{
    test_wrap_header();
    test_wrap_refusals();
    test_mic_header();
    test_unrotate();
    return test_summary();
}

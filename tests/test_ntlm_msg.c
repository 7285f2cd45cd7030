/* SPDX-License-Identifier: Apache-2.0 */
/* The NTLM message codec: the messages captured from FreeRDP and impacket,
 * the [MS-NLMP] 4.2.4 AV list, a catalogue of bad input with the rule each
 * must break, and truncation at every byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm_msg.h"
#include "testlib.h"

#ifndef CREDSSP_CORPUS
#define CREDSSP_CORPUS "corpus/ntlm"
#endif

static uint8_t *load(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CREDSSP_CORPUS, name);
    return test_read_file(path, len);
}

static bool field_is(const uint8_t *msg, ntlm_field f, const char *utf16, size_t n)
{
    return f.len == n && memcmp(msg + f.offset, utf16, n) == 0;
}

static void test_negotiate(void)
{
    size_t len, where;
    ntlm_negotiate n;
    uint8_t *m = load("freerdp-ok-01-client-negotiate.ntlm", &len);
    CHECK(ntlm_parse_negotiate(m, len, &n, &where) == NTLM_OK, "FreeRDP NEGOTIATE");
    CHECK(n.flags == 0xe20882b7u, "FreeRDP flags %08x", n.flags);
    CHECK(n.has_version && n.version.major == 6 && n.version.minor == 1 && n.version.build == 7601 &&
              n.version.revision == 15,
          "FreeRDP VERSION 6.1.7601 rev 15");
    CHECK(n.domain.len == 0 && n.workstation.len == 0, "no domain, no workstation");
    ntlm_challenge c;
    CHECK(ntlm_parse_challenge(m, len, &c, &where) == NTLM_E_MESSAGE_TYPE, "a NEGOTIATE is not a CHALLENGE");
    free(m);

    m = load("impacket-ok-01-client-negotiate.ntlm", &len);
    CHECK(ntlm_parse_negotiate(m, len, &n, &where) == NTLM_OK && !n.has_version && len == 32,
          "impacket NEGOTIATE, 32 bytes, no VERSION");
    free(m);
}

static void test_challenge(void)
{
    static const uint8_t server_challenge[8] = { 0x93, 0x7e, 0x34, 0x29, 0xcd, 0xea, 0xc9, 0x66 };
    size_t len, where;
    ntlm_challenge c;
    uint8_t *m = load("freerdp-ok-02-server-challenge.ntlm", &len);
    CHECK(ntlm_parse_challenge(m, len, &c, &where) == NTLM_OK, "FreeRDP CHALLENGE");
    CHECK(memcmp(c.server_challenge, server_challenge, 8) == 0, "ServerChallenge of freerdp-ok.keys.json");
    CHECK(field_is(m, c.target_name, "V\0M\0", 4), "TargetName VM");
    ntlm_av_list av;
    const uint8_t *info = m + c.target_info.offset;
    CHECK(ntlm_av_walk(info, c.target_info.len, &av, &where) == NTLM_OK, "TargetInfo walks");
    CHECK(av.end == c.target_info.len, "TargetInfo ends at MsvAvEOL");
    const ntlm_av_pair *ts = ntlm_av_find(&av, MSV_AV_TIMESTAMP);
    CHECK(ts != NULL && ts->len == 8, "MsvAvTimestamp present");
    const ntlm_av_pair *nb = ntlm_av_find(&av, MSV_AV_NB_DOMAIN_NAME);
    CHECK(nb != NULL && nb->len == 4 && memcmp(info + nb->offset, "V\0M\0", 4) == 0, "MsvAvNbDomainName VM");
    CHECK(ntlm_av_find(&av, MSV_AV_CHANNEL_BINDINGS) == NULL, "no channel bindings from the server");
    free(m);
}

static void test_authenticate(void)
{
    static const uint8_t proof[16] = { 0xf4, 0x77, 0x67, 0x5b, 0xf1, 0xe7, 0x21, 0x2e,
                                       0x26, 0xcd, 0x58, 0x05, 0x55, 0x83, 0x92, 0x3d };
    size_t len, where;
    ntlm_authenticate a;
    uint8_t *m = load("freerdp-ok-03-client-authenticate+pubkeyauth.ntlm", &len);
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_OK, "FreeRDP AUTHENTICATE");
    CHECK(a.has_version && a.has_mic && a.mic_offset == 72, "VERSION and MIC");
    CHECK(field_is(m, a.user, "a\0l\0i\0c\0e\0", 10), "user alice");
    CHECK(a.domain.len == 0, "empty domain");
    CHECK(a.session_key.len == 16, "EncryptedRandomSessionKey (KEY_EXCH)");
    ntlmv2_response r;
    const uint8_t *nt = m + a.nt_response.offset;
    CHECK(ntlm_parse_ntlmv2_response(nt, a.nt_response.len, &r, &where) == NTLM_OK, "NTLMv2 response");
    CHECK(memcmp(nt + r.proof_offset, proof, 16) == 0, "NTProofStr of freerdp-ok.keys.json");
    const ntlm_av_pair *flags = ntlm_av_find(&r.av, MSV_AV_FLAGS);
    CHECK(flags != NULL && nt[flags->offset] == 2, "MsvAvFlags says a MIC is present");
    const ntlm_av_pair *spn = ntlm_av_find(&r.av, MSV_AV_TARGET_NAME);
    CHECK(spn != NULL && spn->len == 34 && memcmp(nt + spn->offset, "T\0E\0R\0M\0S\0R\0V\0/\0", 16) == 0,
          "MsvAvTargetName TERMSRV/127.0.0.1");
    const ntlm_av_pair *cb = ntlm_av_find(&r.av, MSV_AV_CHANNEL_BINDINGS);
    CHECK(cb != NULL && cb->len == 16, "MsvAvChannelBindings");
    free(m);

    m = load("impacket-ok-03-client-authenticate+pubkeyauth.ntlm", &len);
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_OK, "impacket AUTHENTICATE");
    CHECK(!a.has_mic && !a.has_version, "impacket sends neither MIC nor VERSION");
    CHECK(field_is(m, a.user, "a\0l\0i\0c\0e\0", 10), "user alice");
    nt = m + a.nt_response.offset;
    CHECK(ntlm_parse_ntlmv2_response(nt, a.nt_response.len, &r, &where) == NTLM_OK, "impacket NTLMv2 response");
    free(m);
}

/* [MS-NLMP] 4.2.4: the AV pairs inside temp, then its 4 bytes of padding. */
static void test_ms_nlmp_av_list(void)
{
    uint8_t buf[64];
    size_t len = test_hex("02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000", buf,
                          sizeof buf);
    ntlm_av_list av;
    size_t where;
    CHECK(ntlm_av_walk(buf, len, &av, &where) == NTLM_OK && av.count == 2 && av.end == len - 4u,
          "4.2.4 AV list: two pairs, EOL, padding after");
    CHECK(av.pairs[0].id == MSV_AV_NB_DOMAIN_NAME && av.pairs[1].id == MSV_AV_NB_COMPUTER_NAME, "ids in order");
}

typedef struct av_case {
    const char *hex;
    ntlm_rule rule;
    size_t where;
    const char *what;
} av_case;

static const av_case av_cases[] = {
    { "", NTLM_E_AV_NO_EOL, 0, "empty list" },
    { "0100 0200 4100", NTLM_E_AV_NO_EOL, 6, "no MsvAvEOL" },
    { "0100 0200 41", NTLM_E_AV_TRUNCATED, 0, "value runs past the end" },
    { "0100", NTLM_E_AV_TRUNCATED, 0, "header cut short" },
    { "0100 0200 4100 0100 0200 4200 0000 0000", NTLM_E_AV_DUPLICATE, 6, "duplicate NbComputerName" },
    { "0600 0200 0200 0000 0000", NTLM_E_AV_LENGTH, 0, "MsvAvFlags of 2 bytes" },
    { "0700 0400 00000000 0000 0000", NTLM_E_AV_LENGTH, 0, "MsvAvTimestamp of 4 bytes" },
    { "0a00 0800 0000000000000000 0000 0000", NTLM_E_AV_LENGTH, 0, "channel bindings of 8 bytes" },
    { "0000 0100 00", NTLM_E_AV_LENGTH, 0, "MsvAvEOL with a value" },
    { "2000 0000 2000 0000 0000 0000", NTLM_OK, 0, "unknown ids may repeat" },
};

static void test_av_catalogue(void)
{
    for (size_t i = 0; i < sizeof av_cases / sizeof av_cases[0]; i++) {
        uint8_t buf[64];
        size_t len = test_hex(av_cases[i].hex, buf, sizeof buf), where = 99;
        ntlm_av_list av;
        ntlm_rule got = ntlm_av_walk(buf, len, &av, &where);
        CHECK(got == av_cases[i].rule, "%s: rule %d (%s)", av_cases[i].what, got, ntlm_rule_text(got));
        if (av_cases[i].rule != NTLM_OK)
            CHECK(where == av_cases[i].where, "%s: at %zu, want %zu", av_cases[i].what, where, av_cases[i].where);
    }
    /* 33 pairs of an unknown id: past the bound. */
    uint8_t many[4 * 34];
    memset(many, 0, sizeof many);
    for (size_t i = 0; i < 33; i++)
        many[4 * i] = 0x20;
    ntlm_av_list av;
    size_t where;
    CHECK(ntlm_av_walk(many, sizeof many, &av, &where) == NTLM_E_AV_TOO_MANY, "33 pairs");
    CHECK(ntlm_av_walk(many + 4, sizeof many - 4, &av, &where) == NTLM_OK && av.count == 32, "32 pairs");
}

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* The FreeRDP AUTHENTICATE with one change, and the rule it must break. */
static void test_authenticate_catalogue(void)
{
    size_t len, where;
    uint8_t *orig = load("freerdp-ok-03-client-authenticate+pubkeyauth.ntlm", &len);
    uint8_t *m = malloc(len);
    ntlm_authenticate a;

    memcpy(m, orig, len);
    m[0] = 'X';
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_E_SIGNATURE, "bad signature");
    memcpy(m, orig, len);
    m[8] = 2;
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_E_MESSAGE_TYPE, "type 2 as AUTHENTICATE");
    CHECK(ntlm_parse_authenticate(orig, 40, &a, &where) == NTLM_E_TOO_SHORT, "header cut short");
    CHECK(ntlm_parse_authenticate(orig, 11, &a, &where) == NTLM_E_TOO_SHORT, "signature cut short");
    memcpy(m, orig, len);
    put_u32(m + 36 + 4, (uint32_t)len - 4u); /* UserName offset near the end */
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_E_FIELD_OUT_OF_RANGE && where == 36,
          "user name past the end (at %zu)", where);
    memcpy(m, orig, len);
    put_u32(m + 36 + 4, 0xFFFFFFF0u);
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_E_FIELD_OUT_OF_RANGE, "offset near 2^32");
    memcpy(m, orig, len);
    put_u32(m + 36 + 4, 8);
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_E_FIELD_IN_HEADER, "user name inside the header");
    memcpy(m, orig, len);
    put_u32(m + 36 + 4, (uint32_t)a.nt_response.offset);
    ntlm_authenticate good;
    CHECK(ntlm_parse_authenticate(orig, len, &good, &where) == NTLM_OK, "the original parses");
    put_u32(m + 36 + 4, (uint32_t)good.nt_response.offset + 4u);
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_E_FIELD_OVERLAP, "user name inside NtChallengeResponse");
    memcpy(m, orig, len);
    put_u16(m + 36, 0);
    put_u32(m + 36 + 4, 0xFFFFFFFFu);
    CHECK(ntlm_parse_authenticate(m, len, &a, &where) == NTLM_OK && a.user.len == 0,
          "an empty field's offset does not matter");
    free(m);
    free(orig);

    uint8_t resp[64];
    size_t rlen = test_hex("00000000000000000000000000000000 0201 0000 00000000 0000000000000000 aaaaaaaaaaaaaaaa"
                           " 00000000 00000000",
                           resp, sizeof resp);
    ntlmv2_response r;
    CHECK(ntlm_parse_ntlmv2_response(resp, rlen, &r, &where) == NTLM_E_NTV2_RESP_TYPE, "RespType 2");
    CHECK(ntlm_parse_ntlmv2_response(resp, 43, &r, &where) == NTLM_E_NTV2_TOO_SHORT, "43 bytes");
    resp[16] = 1;
    resp[17] = 1;
    CHECK(ntlm_parse_ntlmv2_response(resp, rlen, &r, &where) == NTLM_OK && r.av.count == 0, "empty AV list");
    CHECK(ntlm_parse_ntlmv2_response(resp, 44, &r, &where) == NTLM_E_AV_NO_EOL, "no AV list at all");
}

/* Every proper prefix of every captured message is refused, never read past. */
static void test_truncation(void)
{
    static const char *const files[] = {
        "freerdp-ok-01-client-negotiate.ntlm", "freerdp-ok-02-server-challenge.ntlm",
        "freerdp-ok-03-client-authenticate+pubkeyauth.ntlm", "impacket-ok-01-client-negotiate.ntlm",
        "impacket-ok-02-server-challenge.ntlm", "impacket-ok-03-client-authenticate+pubkeyauth.ntlm",
    };
    size_t swept = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len, where;
        uint8_t *m = load(files[i], &len);
        uint32_t type = ntlm_message_type(m, len);
        for (size_t cut = 0; cut < len; cut++) {
            uint8_t *p = malloc(cut ? cut : 1u);
            memcpy(p, m, cut);
            ntlm_rule r;
            if (type == NTLM_NEGOTIATE) {
                ntlm_negotiate n;
                r = ntlm_parse_negotiate(p, cut, &n, &where);
            } else if (type == NTLM_CHALLENGE) {
                ntlm_challenge c;
                r = ntlm_parse_challenge(p, cut, &c, &where);
            } else {
                ntlm_authenticate a;
                r = ntlm_parse_authenticate(p, cut, &a, &where);
            }
            /* The impacket NEGOTIATE has no payload: any 32-byte prefix... is all of it. */
            CHECK(r == NTLM_E_TOO_SHORT || r == NTLM_E_FIELD_OUT_OF_RANGE || r == NTLM_E_SIGNATURE,
                  "%s cut at %zu: rule %d", files[i], cut, r);
            free(p);
            swept++;
        }
        free(m);
    }
    CHECK(swept > 800, "swept %zu prefixes", swept);
}

int main(void)
{
    test_negotiate();
    test_challenge();
    test_authenticate();
    test_ms_nlmp_av_list();
    test_av_catalogue();
    test_authenticate_catalogue();
    test_truncation();
    return test_summary();
}

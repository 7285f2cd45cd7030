/* SPDX-License-Identifier: Apache-2.0 */
/* NTLMv2 cryptography: every value of [MS-NLMP] 4.2.4, then the captured
 * FreeRDP and impacket exchanges replayed below TLS: from the password and
 * the messages, NTProofStr, the session keys, the MIC, and the unsealing of
 * pubKeyAuth and authInfo to the plaintexts of the *.keys.json files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm_crypto.h"
#include "ntlm_msg.h"
#include "fixture.h"
#include "testlib.h"
#include "tsrequest.h"

#ifndef CREDSSP_TEST_DATA
#define CREDSSP_TEST_DATA "tests/data"
#endif

static ntlm_crypto *crypto;

/* The value of `name` in a "name value" or "\"name\": \"value\"" file, as bytes. */
static size_t lookup(const char *file, const char *name, uint8_t *out, size_t cap)
{
    char path[512], line[4096], key[128];
    snprintf(path, sizeof path, "%s/%s", CREDSSP_TEST_DATA, file);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t n = 0;
    bool found = false;
    snprintf(key, sizeof key, "\"%s\":", name);
    while (!found && fgets(line, sizeof line, f) != NULL) {
        const char *p = line;
        while (*p == ' ')
            p++;
        size_t nlen = strlen(name);
        if (strncmp(p, key, strlen(key)) == 0) {
            p += strlen(key);
        } else if (strncmp(p, name, nlen) == 0 && p[nlen] == ' ') {
            p += nlen;
        } else {
            continue;
        }
        n = test_hex(p, out, cap);
        found = true;
    }
    fclose(f);
    if (!found) {
        fprintf(stderr, "no %s in %s\n", name, file);
        exit(2);
    }
    return n;
}

static void utf16(const char *ascii, uint8_t *out, size_t *len)
{
    size_t n = strlen(ascii);
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = (uint8_t)ascii[i];
        out[2 * i + 1] = 0;
    }
    *len = 2 * n;
}

#define SAME(got, file, name, what)                                                                                  \
    do {                                                                                                             \
        uint8_t want_[64];                                                                                           \
        size_t want_len_ = lookup(file, name, want_, sizeof want_);                                                 \
        CHECK(want_len_ == NTLM_KEY_LEN && memcmp(got, want_, NTLM_KEY_LEN) == 0, "%s: %s", file, what);          \
    } while (0)

static void test_ms_nlmp_4_2_4(void)
{
    const char *v = "ms-nlmp-4.2.4-ntlmv2.txt";
    uint8_t pw[64], user[64], dom[64], k1[16], k2[16], sc[8], cc[8], temp[128], proof[16], base[16], rsk[16];
    size_t pw_len, user_len, dom_len;
    utf16("Password", pw, &pw_len);
    utf16("User", user, &user_len);
    utf16("Domain", dom, &dom_len);
    lookup(v, "ServerChallenge", sc, sizeof sc);
    lookup(v, "ClientChallenge", cc, sizeof cc);
    size_t temp_len = lookup(v, "temp", temp, sizeof temp);
    lookup(v, "RandomSessionKey", rsk, sizeof rsk);

    CHECK(ntlm_ntowfv1(crypto, pw, pw_len, k1), "NTOWFv1 runs");
    SAME(k1, v, "NTOWFv1", "NTOWFv1");
    CHECK(ntlm_ntowfv2(crypto, k1, user, user_len, dom, dom_len, k2), "NTOWFv2 runs");
    SAME(k2, v, "NTOWFv2", "NTOWFv2 (user upper-cased)");
    CHECK(ntlm_nt_proof(crypto, k2, sc, temp, temp_len, proof), "NTProofStr runs");
    SAME(proof, v, "NTProofStr", "NTProofStr");
    uint8_t lm[24], want_lm[24];
    CHECK(ntlm_lmv2_response(crypto, k2, sc, cc, lm) && lookup(v, "LMv2Response", want_lm, 24) == 24 &&
              memcmp(lm, want_lm, 24) == 0,
          "LMv2Response");
    CHECK(ntlm_session_base_key(crypto, k2, proof, base), "SessionBaseKey runs");
    SAME(base, v, "SessionBaseKey", "SessionBaseKey");
    uint8_t enc[16];
    CHECK(ntlm_rc4_once(crypto, base, rsk, 16, enc), "key exchange runs");
    SAME(enc, v, "EncryptedRandomSessionKey", "EncryptedRandomSessionKey = RC4(KeyExchangeKey, RandomSessionKey)");

    uint8_t key[16], seal[16], sign[16];
    ntlm_seal_key(crypto, rsk, NTLM_CLIENT, key);
    SAME(key, v, "ClientSealKey", "ClientSealKey");
    memcpy(seal, key, 16);
    ntlm_sign_key(crypto, rsk, NTLM_CLIENT, key);
    SAME(key, v, "ClientSignKey", "ClientSignKey");
    memcpy(sign, key, 16);
    ntlm_seal_key(crypto, rsk, NTLM_SERVER, key);
    SAME(key, v, "ServerSealKey", "ServerSealKey");
    ntlm_sign_key(crypto, rsk, NTLM_SERVER, key);
    SAME(key, v, "ServerSignKey", "ServerSignKey");

    uint8_t text[18], sealed[16 + 18], want_data[18], want_sig[16];
    size_t text_len;
    utf16("Plaintext", text, &text_len);
    ntlm_seal_state *s = ntlm_seal_state_new(crypto, sign, seal, 0);
    CHECK(s != NULL && ntlm_seal(s, text, text_len, sealed), "seal runs");
    lookup(v, "SealedData", want_data, sizeof want_data);
    lookup(v, "Signature", want_sig, sizeof want_sig);
    CHECK(memcmp(sealed + 16, want_data, 18) == 0, "4.2.4 SealedData");
    CHECK(memcmp(sealed, want_sig, 16) == 0, "4.2.4 Signature");
    ntlm_seal_state_free(s);

    /* The receiving side unseals it; a flipped bit does not verify. */
    uint8_t back[18];
    s = ntlm_seal_state_new(crypto, sign, seal, 0);
    CHECK(ntlm_unseal(s, sealed, sizeof sealed, back) && memcmp(back, text, 18) == 0, "unseal round trip");
    ntlm_seal_state_free(s);
    sealed[20] ^= 1;
    s = ntlm_seal_state_new(crypto, sign, seal, 0);
    CHECK(!ntlm_unseal(s, sealed, sizeof sealed, back), "a tampered message does not unseal");
    ntlm_seal_state_free(s);
}

static tsrequest_msg load_ts(const char *file, uint8_t **raw)
{
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", CREDSSP_TEST_DATA, file);
    *raw = test_read_file(path, &len);
    tsrequest_msg m;
    if (tsrequest_decode(*raw, len, &m, NULL) != CODEC_OK) {
        fprintf(stderr, "%s does not decode\n", file);
        exit(2);
    }
    return m;
}

/* One captured exchange, replayed below TLS. */
static void test_exchange(const char *scenario, bool has_mic)
{
    char keys[64], f1[128], f2[128], f3[128], f4[128], f5[128], label[160];
    snprintf(keys, sizeof keys, "%s.keys.json", scenario);
    snprintf(f1, sizeof f1, "%s-01-client-negotiate.der", scenario);
    snprintf(f2, sizeof f2, "%s-02-server-challenge.der", scenario);
    snprintf(f3, sizeof f3, "%s-03-client-authenticate+pubkeyauth.der", scenario);
    snprintf(f4, sizeof f4, "%s-04-server-pubkeyauth.der", scenario);
    snprintf(f5, sizeof f5, "%s-05-client-authinfo.der", scenario);
    uint8_t *r1, *r2, *r3, *r4, *r5;
    tsrequest_msg m1 = load_ts(f1, &r1), m2 = load_ts(f2, &r2), m3 = load_ts(f3, &r3), m4 = load_ts(f4, &r4),
                  m5 = load_ts(f5, &r5);
    cs_bytes neg = m1.view.nego_tokens[0], chal = m2.view.nego_tokens[0], auth = m3.view.nego_tokens[0];

    ntlm_challenge c;
    ntlm_authenticate a;
    size_t where;
    CHECK(ntlm_parse_challenge(chal.data, chal.len, &c, &where) == NTLM_OK, "%s CHALLENGE parses", scenario);
    CHECK(ntlm_parse_authenticate(auth.data, auth.len, &a, &where) == NTLM_OK, "%s AUTHENTICATE parses", scenario);

    uint8_t pw[64], user[16], k1[16], k2[16], proof[16], base[16], exported[16];
    size_t pw_len, user_len;
    utf16("Passw0rd!", pw, &pw_len);
    utf16("alice", user, &user_len);
    ntlm_ntowfv1(crypto, pw, pw_len, k1);
    uint8_t nt_hash[16];
    test_hex("fc525c9683e8fe067095ba2ddc971889", nt_hash, 16);
    CHECK(memcmp(k1, nt_hash, 16) == 0, "%s NT hash of Passw0rd!", scenario);
    ntlm_ntowfv2(crypto, k1, user, user_len, user, 0, k2);
    SAME(k2, keys, "ResponseKeyNT", "ResponseKeyNT");

    const uint8_t *nt = auth.data + a.nt_response.offset;
    ntlm_nt_proof(crypto, k2, c.server_challenge, nt + 16, a.nt_response.len - 16u, proof);
    SAME(proof, keys, "NTProofStr", "NTProofStr from the password");
    CHECK(ntlm_equal_ct(proof, nt, 16), "%s NTProofStr matches the one sent", scenario);
    ntlm_session_base_key(crypto, k2, proof, base);
    SAME(base, keys, "SessionBaseKey", "SessionBaseKey");
    ntlm_rc4_once(crypto, base, auth.data + a.session_key.offset, 16, exported);
    SAME(exported, keys, "ExportedSessionKey", "ExportedSessionKey from EncryptedRandomSessionKey");

    uint8_t csign[16], cseal[16], ssign[16], sseal[16];
    ntlm_sign_key(crypto, exported, NTLM_CLIENT, csign);
    ntlm_seal_key(crypto, exported, NTLM_CLIENT, cseal);
    ntlm_sign_key(crypto, exported, NTLM_SERVER, ssign);
    ntlm_seal_key(crypto, exported, NTLM_SERVER, sseal);
    SAME(csign, keys, "ClientSigningKey", "ClientSigningKey");
    SAME(cseal, keys, "ClientSealingKey", "ClientSealingKey");
    SAME(ssign, keys, "ServerSigningKey", "ServerSigningKey");
    SAME(sseal, keys, "ServerSealingKey", "ServerSealingKey");

    CHECK(a.has_mic == has_mic, "%s MIC presence", scenario);
    if (has_mic) {
        uint8_t mic[16];
        CHECK(ntlm_compute_mic(crypto, exported, neg.data, neg.len, chal.data, chal.len, auth.data, auth.len,
                               a.mic_offset, mic) &&
                  ntlm_equal_ct(mic, auth.data + a.mic_offset, 16),
              "%s MIC over NEGOTIATE || CHALLENGE || AUTHENTICATE verifies", scenario);
    }

    /* Client to server: pubKeyAuth with sequence 0, authInfo with 1, one RC4 stream. */
    uint8_t plain[1024], want[1024];
    ntlm_seal_state *cs = ntlm_seal_state_new(crypto, csign, cseal, 0);
    ntlm_seal_state *ss = ntlm_seal_state_new(crypto, ssign, sseal, 0);
    cs_bytes pka = m3.view.pub_key_auth, srv = m4.view.pub_key_auth, info = m5.view.auth_info;
    snprintf(label, sizeof label, "%s:pubKeyAuth", f3);
    size_t want_len = lookup(keys, label, want, sizeof want);
    CHECK(ntlm_unseal(cs, pka.data, pka.len, plain) && pka.len - 16u == want_len &&
              memcmp(plain, want, want_len) == 0,
          "%s client pubKeyAuth unseals (sequence 0)", scenario);
    snprintf(label, sizeof label, "%s:authInfo(TSCredentials)", f5);
    want_len = lookup(keys, label, want, sizeof want);
    CHECK(ntlm_unseal(cs, info.data, info.len, plain) && info.len - 16u == want_len &&
              memcmp(plain, want, want_len) == 0,
          "%s authInfo unseals to TSCredentials (sequence 1)", scenario);
    snprintf(label, sizeof label, "%s:pubKeyAuth", f4);
    want_len = lookup(keys, label, want, sizeof want);
    CHECK(ntlm_unseal(ss, srv.data, srv.len, plain) && srv.len - 16u == want_len && memcmp(plain, want, want_len) == 0,
          "%s server pubKeyAuth unseals (sequence 0)", scenario);
    ntlm_seal_state_free(cs);
    ntlm_seal_state_free(ss);

    /* The wrong password gives another NTProofStr. */
    utf16("Passw0rd?", pw, &pw_len);
    ntlm_ntowfv1(crypto, pw, pw_len, k1);
    ntlm_ntowfv2(crypto, k1, user, user_len, user, 0, k2);
    ntlm_nt_proof(crypto, k2, c.server_challenge, nt + 16, a.nt_response.len - 16u, proof);
    CHECK(!ntlm_equal_ct(proof, nt, 16), "%s a wrong password does not verify", scenario);

    tsrequest_msg_free(&m1);
    tsrequest_msg_free(&m2);
    tsrequest_msg_free(&m3);
    tsrequest_msg_free(&m4);
    tsrequest_msg_free(&m5);
    free(r1);
    free(r2);
    free(r3);
    free(r4);
    free(r5);
}

int main(void)
{
    crypto = fixture_crypto();
    test_ms_nlmp_4_2_4();
    test_exchange("freerdp-ok", true);
    test_exchange("impacket-ok", false);
    ntlm_crypto_free(crypto);
    return test_summary();
}

/* SPDX-License-Identifier: Apache-2.0 */
/* NTLMv2 client and server: loopback authentication, the keys both sides
 * derive, sealing between them, and every refusal the server owes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm.h"
#include "ntlm_client.h"
#include "ntlm_server.h"
#include "ntlm_users.h"
#include "ntlm_msg.h"
#include "fixture.h"
#include "testlib.h"
#include "unicode.h"

static ntlm_crypto *crypto;

/* winpr-hash -u alice -p Passw0rd! -f sam, and friends. */
static const char sam[] = FIXTURE_SAM_ALICE
                          "bob:CORP:aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n"
                          "# a comment\n"
                          "nopass::aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::\n";

/* One whole exchange; returns the server's verdict and leaves both sides for inspection. */
static ntlm_status run(const ntlm_user_db *db, const ntlm_identity *id, ntlm_client **clp, ntlm_server **svp,
                       void (*tamper)(uint8_t *msg, size_t len))
{
    const uint8_t *neg, *chal, *auth;
    size_t neg_len, chal_len, auth_len;
    CHECK(ntlm_client_new(crypto, id, "TERMSRV/host.example", clp) == NTLM_ST_OK, "ntlm_client_new");
    CHECK(ntlm_server_new(crypto, db, "EXAMPLE", "HOST", "example.test", "host.example.test", svp) == NTLM_ST_OK, "ntlm_server_new");
    if (ntlm_client_negotiate(*clp, &neg, &neg_len) != NTLM_ST_OK ||
        ntlm_server_challenge(*svp, neg, neg_len, &chal, &chal_len) != NTLM_ST_OK ||
        ntlm_client_authenticate(*clp, chal, chal_len, &auth, &auth_len) != NTLM_ST_OK)
        return NTLM_ST_INTERNAL;
    uint8_t copy[4096];
    memcpy(copy, auth, auth_len);
    if (tamper != NULL)
        tamper(copy, auth_len);
    return ntlm_server_verify(*svp, copy, auth_len);
}

static void test_loopback(const ntlm_user_db *db)
{
    ntlm_identity id;
    ntlm_client *cl;
    ntlm_server *sv;
    CHECK(ntlm_identity_from_password(crypto, "alice", "", "Passw0rd!", &id) == NTLM_ST_OK, "alice's identity");
    CHECK(run(db, &id, &cl, &sv, NULL) == NTLM_ST_OK, "alice authenticates");
    const ntlm_keys *ck = ntlm_client_keys(cl), *sk = ntlm_server_keys(sv);
    CHECK(ck != NULL && sk != NULL && memcmp(ck, sk, sizeof *ck) == 0, "both sides derive the same keys");
    const ntlm_identity *peer = ntlm_server_peer(sv);
    CHECK(peer != NULL && peer->user_len == 10 && memcmp(peer->user, "a\0l\0i\0c\0e\0", 10) == 0,
          "the server knows who it is");

    /* Sealing both ways with the negotiated keys. */
    ntlm_seal_state *out = ntlm_seal_state_new(crypto, ck->client_sign, ck->client_seal, 0);
    ntlm_seal_state *in = ntlm_seal_state_new(crypto, sk->client_sign, sk->client_seal, 0);
    uint8_t sealed[16 + 5], plain[5];
    for (int i = 0; i < 3; i++) {
        CHECK(ntlm_seal(out, (const uint8_t *)"hello", 5, sealed), "seal %d", i);
        CHECK(ntlm_unseal(in, sealed, sizeof sealed, plain) && memcmp(plain, "hello", 5) == 0, "unseal %d", i);
    }
    CHECK(!ntlm_unseal(in, sealed, sizeof sealed, plain), "a replayed message does not unseal");
    ntlm_seal_state_free(out);
    ntlm_seal_state_free(in);
    ntlm_client_free(cl);
    ntlm_server_free(sv);

    /* A user whose entry names a domain; the domain is matched without case. */
    CHECK(ntlm_identity_from_password(crypto, "BOB", "corp", "Passw0rd!", &id) == NTLM_ST_OK, "bob's identity");
    CHECK(run(db, &id, &cl, &sv, NULL) == NTLM_ST_OK, "CORP\\bob authenticates (case-insensitive)");
    ntlm_client_free(cl);
    ntlm_server_free(sv);
    CHECK(ntlm_identity_from_password(crypto, "bob", "OTHER", "Passw0rd!", &id) == NTLM_ST_OK, "bob elsewhere");
    CHECK(run(db, &id, &cl, &sv, NULL) == NTLM_ST_LOGON_DENIED, "bob of another domain is refused");
    ntlm_client_free(cl);
    ntlm_server_free(sv);

    /* Pass-the-hash. */
    CHECK(ntlm_identity_from_hash("alice", "ANY", "FC525C9683E8FE067095BA2DDC971889", &id) == NTLM_ST_OK,
          "identity from an NT hash");
    CHECK(run(db, &id, &cl, &sv, NULL) == NTLM_ST_OK, "pass-the-hash authenticates (empty domain matches any)");
    ntlm_client_free(cl);
    ntlm_server_free(sv);
    ntlm_identity_wipe(&id);
}

static void flip_proof(uint8_t *msg, size_t len)
{
    ntlm_authenticate a;
    size_t where;
    if (ntlm_parse_authenticate(msg, len, &a, &where) == NTLM_OK)
        msg[a.nt_response.offset] ^= 1;
}

static void flip_mic(uint8_t *msg, size_t len)
{
    (void)len;
    msg[72] ^= 1;
}

static void drop_nt_response(uint8_t *msg, size_t len)
{
    (void)len;
    msg[20] = msg[21] = 0; /* NtChallengeResponse Len = 0 */
}

static void huge_user(uint8_t *msg, size_t len)
{
    /* UserName over the whole payload: overlaps, so invalid. */
    msg[36] = (uint8_t)(len - 88u);
    msg[37] = (uint8_t)((len - 88u) >> 8);
    msg[40] = 88;
    msg[41] = msg[42] = msg[43] = 0;
}

static void test_refusals(const ntlm_user_db *db)
{
    ntlm_identity id;
    ntlm_client *cl;
    ntlm_server *sv;
    struct {
        const char *user, *password;
        void (*tamper)(uint8_t *, size_t);
        ntlm_status want;
        const char *what;
    } cases[] = {
        { "alice", "wrong", NULL, NTLM_ST_LOGON_DENIED, "wrong password" },
        { "mallory", "Passw0rd!", NULL, NTLM_ST_LOGON_DENIED, "unknown user" },
        { "alice", "Passw0rd!", flip_proof, NTLM_ST_LOGON_DENIED, "altered NTProofStr" },
        { "alice", "Passw0rd!", flip_mic, NTLM_ST_LOGON_DENIED, "altered MIC" },
        { "alice", "Passw0rd!", drop_nt_response, NTLM_ST_LOGON_DENIED, "empty NT response (CVE-2022-24882)" },
        { "alice", "Passw0rd!", huge_user, NTLM_ST_INVALID_TOKEN, "overlapping user name" },
        /* The client holds the right (empty-password) hash: only the rule refuses it. */
        { "nopass", NULL, NULL, NTLM_ST_LOGON_DENIED, "an empty password in the user file" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].password != NULL)
            CHECK(ntlm_identity_from_password(crypto, cases[i].user, "", cases[i].password, &id) == NTLM_ST_OK, "id");
        else
            CHECK(ntlm_identity_from_hash(cases[i].user, "", "31d6cfe0d16ae931b73c59d7e0c089c0", &id) == NTLM_ST_OK,
                  "id");
        ntlm_status st = run(db, &id, &cl, &sv, cases[i].tamper);
        CHECK(st == cases[i].want, "%s: %s", cases[i].what, ntlm_status_text(st));
        CHECK(ntlm_server_keys(sv) == NULL && ntlm_server_peer(sv) == NULL, "%s: no keys, no peer", cases[i].what);
        ntlm_client_free(cl);
        ntlm_server_free(sv);
    }
    /* An AUTHENTICATE is good for the challenge it answers only. */
    CHECK(ntlm_identity_from_password(crypto, "alice", "", "Passw0rd!", &id) == NTLM_ST_OK, "id");
    CHECK(ntlm_client_new(crypto, &id, "TERMSRV/h", &cl) == NTLM_ST_OK, "ntlm_client_new");
    ntlm_server *sv1, *sv2;
    CHECK(ntlm_server_new(crypto, db, "D", "C", "d", "c", &sv1) == NTLM_ST_OK, "ntlm_server_new");
    CHECK(ntlm_server_new(crypto, db, "D", "C", "d", "c", &sv2) == NTLM_ST_OK, "ntlm_server_new");
    const uint8_t *neg, *c1, *c2, *auth;
    size_t nl, l1, l2, al;
    CHECK(ntlm_client_negotiate(cl, &neg, &nl) == NTLM_ST_OK, "ntlm_client_negotiate");
    CHECK(ntlm_server_challenge(sv1, neg, nl, &c1, &l1) == NTLM_ST_OK, "ntlm_server_challenge");
    CHECK(ntlm_server_challenge(sv2, neg, nl, &c2, &l2) == NTLM_ST_OK, "ntlm_server_challenge");
    CHECK(ntlm_client_authenticate(cl, c1, l1, &auth, &al) == NTLM_ST_OK, "ntlm_client_authenticate");
    CHECK(ntlm_server_verify(sv2, auth, al) == NTLM_ST_LOGON_DENIED, "replayed to another challenge: denied");
    CHECK(ntlm_server_verify(sv1, auth, al) == NTLM_ST_OK, "to its own challenge: accepted");
    CHECK(ntlm_server_verify(sv1, auth, al) == NTLM_ST_INVALID_TOKEN, "a second AUTHENTICATE is out of sequence");
    CHECK(ntlm_client_authenticate(cl, c1, l1, &auth, &al) == NTLM_ST_INVALID_TOKEN, "the client answers once");
    ntlm_client_free(cl);
    ntlm_server_free(sv1);
    ntlm_server_free(sv2);
}

/* A name with U+0000 in an AUTHENTICATE is refused, not cut short (the log
 * would name "al" for "al\0ce"). */
static void test_embedded_nul(const ntlm_user_db *db)
{
    ntlm_identity id;
    ntlm_client *cl;
    ntlm_server *sv;
    CHECK(ntlm_identity_from_password(crypto, "alice", "", "Passw0rd!", &id) == NTLM_ST_OK, "id");
    id.user[4] = 0; /* "al\0ce" in UTF-16LE */
    id.user[5] = 0;
    ntlm_status st = run(db, &id, &cl, &sv, NULL);
    CHECK(st == NTLM_ST_INVALID_TOKEN && ntlm_server_claimed(sv)->user_len == 0,
          "a user name holding U+0000: %s, nothing claimed", ntlm_status_text(st));
    ntlm_client_free(cl);
    ntlm_server_free(sv);
    uint8_t text[16];
    static const uint8_t with_nul[] = { 'a', 0, 0, 0, 'b', 0 };
    CHECK(utf16le_has_nul(with_nul, sizeof with_nul) && !utf16le_has_nul(with_nul, 2) &&
              !utf16le_to_utf8(with_nul, sizeof with_nul, (char *)text, sizeof text),
          "U+0000 is found and not converted to a C string");
}

/* The UTF-8 and UTF-16 forms of RFC 3629 3's four lengths, both ways, and a
 * refused conversion leaves "" (not a prefix over what the buffer held). */
static void test_unicode_forms(void)
{
    static const char utf8[] = "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"; /* A, U+00E9, U+20AC, U+1F600 */
    static const uint8_t utf16[] = { 'A', 0, 0xe9, 0, 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde };
    uint8_t units[16];
    size_t len = 0;
    CHECK(utf8_to_utf16le(utf8, units, sizeof units, &len) && len == sizeof utf16 &&
              memcmp(units, utf16, len) == 0,
          "UTF-8 of 1 to 4 bytes to UTF-16LE, with a surrogate pair");
    CHECK(!utf8_to_utf16le(utf8, units, 9, &len) && len <= 9, "no room for the pair: refused");
    char text[32];
    CHECK(utf16le_to_utf8(utf16, sizeof utf16, text, sizeof text) && strcmp(text, utf8) == 0,
          "UTF-16LE with a surrogate pair back to the same UTF-8");
    static const uint8_t lone[] = { 'b', 0, 'o', 0, 'b', 0, 0x00, 0xd8 };
    memcpy(text, "administrator", sizeof "administrator");
    CHECK(!utf16le_to_utf8(lone, sizeof lone, text, sizeof text) && text[0] == '\0',
          "a lone high surrogate after \"bob\": refused, the text empty (was \"%s\")", text);
    memcpy(text, "administrator", sizeof "administrator");
    CHECK(!utf16le_to_utf8(utf16, sizeof utf16, text, 6) && text[0] == '\0', "no room: refused, the text empty");
}

static void test_identities(void)
{
    ntlm_identity id;
    CHECK(ntlm_identity_from_password(crypto, "alice", "", "", &id) == NTLM_ST_BAD_CREDENTIALS, "empty password");
    CHECK(ntlm_identity_from_password(crypto, "", "", "x", &id) == NTLM_ST_BAD_CREDENTIALS, "empty user");
    CHECK(ntlm_identity_from_password(crypto, "al\xc3", "", "x", &id) == NTLM_ST_BAD_CREDENTIALS, "truncated UTF-8");
    CHECK(ntlm_identity_from_password(crypto, "al\xc0\xaf", "", "x", &id) == NTLM_ST_BAD_CREDENTIALS, "overlong UTF-8");
    CHECK(ntlm_identity_from_password(crypto, "\xed\xa0\x80", "", "x", &id) == NTLM_ST_BAD_CREDENTIALS,
          "UTF-8 surrogate");
    CHECK(ntlm_identity_from_password(crypto, "J\xc3\xb6rg", "", "p\xf0\x9f\x94\x91", &id) == NTLM_ST_OK &&
              id.user_len == 8 && id.user[2] == 0xf6,
          "non-ASCII names and passwords");
    CHECK(ntlm_identity_from_hash("a", "", "fc525c9683e8fe067095ba2ddc97188", &id) == NTLM_ST_BAD_CREDENTIALS,
          "31-digit hash");
    CHECK(ntlm_identity_from_hash("a", "", "zc525c9683e8fe067095ba2ddc971889", &id) == NTLM_ST_BAD_CREDENTIALS,
          "non-hex hash");
}

static void test_user_db_errors(void)
{
    ntlm_user_db *db = NULL;
    size_t line;
    cs_failure why;
    failure_clear(&why);
    CHECK(ntlm_user_db_load("/nonexistent/sam", &db, &line, &why) == NTLM_ST_BAD_CREDENTIALS && db == NULL,
          "a missing file is an error, never success");
    CHECK(why.reason == CS_REASON_UNASSIGNED && strcmp(why.text, "cannot open the user file") == 0 &&
              strstr(failure_site(&why), "engine/auth/ntlm_users.c:") != NULL,
          "noted with its site for the API to name the reason: %s at %s", why.text, failure_site(&why));
    CHECK(fixture_user_db("alice:aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n") == NULL,
          "a line with a field missing");
    CHECK(fixture_user_db("alice::aad3:fc525c:::\n") == NULL, "a short hash");
    CHECK(fixture_user_db("# nothing\n\n") == NULL, "no user at all");
    CHECK(fixture_user_db("alice::x:fc525c9683e8fe067095ba2ddc971889:::junk\n") == NULL, "trailing junk");
    ntlm_user_db *ok = fixture_user_db("alice::x:fc525c9683e8fe067095ba2ddc971889:::\r\n");
    CHECK(ok != NULL && ntlm_user_db_count(ok) == 1, "CRLF line endings");
    ntlm_user_db_free(ok);
}

int main(void)
{
    crypto = fixture_crypto();
    ntlm_user_db *db = fixture_user_db(sam);
    CHECK(db != NULL && ntlm_user_db_count(db) == 3, "the user file loads");
    if (db != NULL) {
        test_loopback(db);
        test_refusals(db);
        test_embedded_nul(db);
    }
    test_unicode_forms();
    test_identities();
    test_user_db_errors();
    ntlm_user_db_free(db);
    ntlm_crypto_free(crypto);
    return test_summary();
}

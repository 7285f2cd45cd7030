/* SPDX-License-Identifier: Apache-2.0 */
/* The inner authentication: raw NTLM and SPNEGO framing, both mechListMIC
 * sequence conventions, the sealing states it leaves, and refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm_users.h"
#include "nego.h"
#include "fixture.h"
#include "testlib.h"

static ntlm_crypto *crypto;
static ntlm_user_db *db;

typedef void (*tamper_fn)(uint8_t *msg, size_t len, int leg);

/* Runs client and server to the end; returns the first failure, if any. */
static ntlm_status exchange(nego_client *cl, nego_server *sv, tamper_fn tamper, int *legs)
{
    const uint8_t *out = NULL, *reply = NULL;
    size_t out_len = 0, reply_len = 0;
    bool cdone = false, sdone = false;
    uint8_t buf[8192];
    ntlm_status st = nego_client_step(cl, NULL, 0, &out, &out_len, &cdone);
    *legs = 0;
    while (st == NTLM_ST_OK && out_len > 0 && !sdone) {
        memcpy(buf, out, out_len);
        if (tamper != NULL)
            tamper(buf, out_len, *legs);
        (*legs)++;
        st = nego_server_step(sv, buf, out_len, &reply, &reply_len, &sdone);
        if (st != NTLM_ST_OK || reply_len == 0)
            break;
        (*legs)++;
        st = nego_client_step(cl, reply, reply_len, &out, &out_len, &cdone);
    }
    if (st == NTLM_ST_OK && (!cdone || !sdone))
        return NTLM_ST_INTERNAL;
    return st;
}

static void check_sealing(nego_client *cl, nego_server *sv, const char *what)
{
    uint8_t sealed[16 + 9], plain[9];
    CHECK(ntlm_seal(nego_client_outbound(cl), (const uint8_t *)"pubkeyaut", 9, sealed) &&
              ntlm_unseal(nego_server_inbound(sv), sealed, sizeof sealed, plain) && memcmp(plain, "pubkeyaut", 9) == 0,
          "%s: the server unseals the client's pubKeyAuth", what);
    CHECK(ntlm_seal(nego_server_outbound(sv), (const uint8_t *)"pubkeyaut", 9, sealed) &&
              ntlm_unseal(nego_client_inbound(cl), sealed, sizeof sealed, plain),
          "%s: the client unseals the server's", what);
}

static void test_framings(void)
{
    static const struct {
        nego_framing framing;
        spnego_mic_seq seq;
        int legs;
        const char *what;
    } cases[] = {
        { NEGO_RAW_NTLM, SPNEGO_MIC_KEEPS_SEQ, 3, "raw NTLM" },
        { NEGO_SPNEGO, SPNEGO_MIC_KEEPS_SEQ, 4, "SPNEGO, mechListMIC keeps the sequence (FreeRDP)" },
        { NEGO_SPNEGO, SPNEGO_MIC_CONSUMES_SEQ, 4, "SPNEGO, mechListMIC consumes it (pyspnego, sspi-rs)" },
    };
    ntlm_identity id;
    CHECK(ntlm_identity_from_password(crypto, "alice", "", "Passw0rd!", &id) == NTLM_ST_OK, "ntlm_identity_from_password");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nego_client *cl;
        nego_server *sv;
        int legs;
        CHECK(nego_client_new(crypto, &id, "TERMSRV/host", cases[i].framing, cases[i].seq, &cl) == NTLM_ST_OK, "nego_client_new");
        CHECK(nego_server_new(crypto, db, cases[i].seq, &sv) == NTLM_ST_OK, "nego_server_new");
        ntlm_status st = exchange(cl, sv, NULL, &legs);
        CHECK(st == NTLM_ST_OK, "%s: authenticates (%s)", cases[i].what, ntlm_status_text(st));
        CHECK(legs == cases[i].legs, "%s: %d legs", cases[i].what, legs);
        CHECK(nego_server_framing(sv) == cases[i].framing, "%s: the server answers in the client's framing",
              cases[i].what);
        CHECK(nego_server_peer(sv) != NULL, "%s: the server knows the user", cases[i].what);
        if (st == NTLM_ST_OK)
            check_sealing(cl, sv, cases[i].what);
        nego_client_free(cl);
        nego_server_free(sv);
    }

    /* The two conventions do not interoperate: the parameter matters. */
    nego_client *cl;
    nego_server *sv;
    int legs;
    CHECK(nego_client_new(crypto, &id, "TERMSRV/host", NEGO_SPNEGO, SPNEGO_MIC_CONSUMES_SEQ, &cl) == NTLM_ST_OK, "nego_client_new");
    CHECK(nego_server_new(crypto, db, SPNEGO_MIC_KEEPS_SEQ, &sv) == NTLM_ST_OK, "nego_server_new");
    CHECK(exchange(cl, sv, NULL, &legs) == NTLM_ST_OK, "mixed conventions still authenticate");
    uint8_t sealed[16 + 3], plain[3];
    CHECK(ntlm_seal(nego_client_outbound(cl), (const uint8_t *)"abc", 3, sealed) &&
              !ntlm_unseal(nego_server_inbound(sv), sealed, sizeof sealed, plain),
          "but the first pubKeyAuth does not unseal");
    nego_client_free(cl);
    nego_server_free(sv);
    ntlm_identity_wipe(&id);
}

/* Flips the last byte of the client's third-leg token: the mechListMIC. */
static void flip_mech_list_mic(uint8_t *msg, size_t len, int leg)
{
    if (leg == 2)
        msg[len - 1] ^= 1;
}

static void test_refusals(void)
{
    ntlm_identity id;
    nego_client *cl;
    nego_server *sv;
    int legs;
    CHECK(ntlm_identity_from_password(crypto, "alice", "", "wrong", &id) == NTLM_ST_OK, "ntlm_identity_from_password");
    CHECK(nego_client_new(crypto, &id, "TERMSRV/host", NEGO_SPNEGO, SPNEGO_MIC_KEEPS_SEQ, &cl) == NTLM_ST_OK, "nego_client_new");
    CHECK(nego_server_new(crypto, db, SPNEGO_MIC_KEEPS_SEQ, &sv) == NTLM_ST_OK, "nego_server_new");
    CHECK(exchange(cl, sv, NULL, &legs) == NTLM_ST_LOGON_DENIED, "wrong password under SPNEGO: denied");
    CHECK(nego_server_peer(sv) == NULL && nego_server_inbound(sv) == NULL, "no peer, no keys");
    nego_client_free(cl);
    nego_server_free(sv);

    CHECK(ntlm_identity_from_password(crypto, "alice", "", "Passw0rd!", &id) == NTLM_ST_OK, "ntlm_identity_from_password");
    CHECK(nego_client_new(crypto, &id, "TERMSRV/host", NEGO_SPNEGO, SPNEGO_MIC_KEEPS_SEQ, &cl) == NTLM_ST_OK, "nego_client_new");
    CHECK(nego_server_new(crypto, db, SPNEGO_MIC_KEEPS_SEQ, &sv) == NTLM_ST_OK, "nego_server_new");
    CHECK(exchange(cl, sv, flip_mech_list_mic, &legs) == NTLM_ST_LOGON_DENIED, "an altered mechListMIC: denied");
    nego_client_free(cl);
    nego_server_free(sv);

    /* Garbage as a first token, and a step after the end. */
    CHECK(nego_server_new(crypto, db, SPNEGO_MIC_KEEPS_SEQ, &sv) == NTLM_ST_OK, "nego_server_new");
    const uint8_t *out;
    size_t out_len;
    bool done;
    CHECK(nego_server_step(sv, (const uint8_t *)"\x30\x00", 2, &out, &out_len, &done) == NTLM_ST_INVALID_TOKEN,
          "garbage first token");
    CHECK(nego_server_step(sv, (const uint8_t *)"\x30\x00", 2, &out, &out_len, &done) == NTLM_ST_INVALID_TOKEN,
          "a failed server stays failed");
    nego_server_free(sv);
    CHECK(nego_client_new(crypto, &id, "TERMSRV/host", NEGO_RAW_NTLM, SPNEGO_MIC_KEEPS_SEQ, &cl) == NTLM_ST_OK, "nego_client_new");
    CHECK(nego_client_step(cl, (const uint8_t *)"x", 1, &out, &out_len, &done) == NTLM_ST_INVALID_TOKEN,
          "a client's first step takes no input");
    nego_client_free(cl);
    ntlm_identity_wipe(&id);
}

int main(void)
{
    crypto = fixture_crypto();
    db = fixture_user_db(FIXTURE_SAM_ALICE);
    CHECK(db != NULL, "user file");
    test_framings();
    test_refusals();
    ntlm_user_db_free(db);
    ntlm_crypto_free(crypto);
    return test_summary();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz targets: the whole engine through the public API, over the
 * pass-through TLS with fixed entropy (credssp_fuzzmode), across
 * multi-message exchanges.
 *   engine_client (FUZZ_ENGINE_SERVER=0): a client fed server messages;
 *   engine_server (FUZZ_ENGINE_SERVER=1): a server fed client messages.
 * The TLS handshake is done by a real peer of the other side; then the input
 * is read as messages: a flags byte (bit 0: SPNEGO client; bit 1: messages
 * go in as given instead of framed as records; bits 2-6: the profile of the
 * side under test, engine_peer.h: versions 2-6, wrong password, NT hash,
 * smart-card and Remote Guard delegation, policies), then [2-byte
 * big-endian length][message] each.  Seeds (fuzz/engine_seeds.c) are
 * recorded loopback exchanges, which replay to their recorded end.
 *
 * Targets: ingress_classify and the tables (machine_step) of one side, every
 * action of that side (actions.c), TSRequest/TSCredentials/SPNEGO decoding
 * (tsrequest.c, tscredentials.c, spnego.c), NTLM (ntlm.c, ntlm_msg.c,
 * nego.c, spnego_mic.c), pubKeyAuth (pubkeyauth.c), the SSPI buffer rules
 * (sspi.c), handles and status mapping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdbool.h>

#include "engine_peer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_MESSAGE 8192u

/* The next [2-byte length][message] of the input at *at into rec: framed
 * as one record, or as given; false when no message is left. */
static bool next_message(const uint8_t *data, size_t size, size_t *at, int as_given, uint8_t *rec, size_t *len)
{
    if (size - *at < 2)
        return false;
    size_t n = (size_t)data[*at] << 8 | data[*at + 1];
    *at += 2;
    if (n > size - *at)
        n = size - *at;
    if (n > FUZZ_MAX_MESSAGE)
        n = FUZZ_MAX_MESSAGE;
    if (as_given) {
        memcpy(rec, data + *at, n);
        *len = n;
    } else {
        *len = engine_peer_record(data + *at, n, rec);
    }
    *at += n;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    engine_peer_setup();
    if (size < 1)
        return 0;
    int spnego = data[0] & 1, as_given = (data[0] >> 1) & 1;
    unsigned profile = (data[0] >> 2) & 31u;
    engine_io us = { 0 }, peer = { 0 };
    /* The side under test has the profile; the other side only runs TLS. */
    CredHandle *client_cred = FUZZ_ENGINE_SERVER ? &engine_client_cred[spnego] : engine_profile_cred(0, profile, spnego);
    CredHandle *server_cred = FUZZ_ENGINE_SERVER ? engine_profile_cred(1, profile, spnego) : &engine_server_cred;
    engine_peer_client_req = FUZZ_ENGINE_SERVER ? ENGINE_PEER_REQ_CLIENT : engine_profile_client_req(profile);
    static uint8_t rec[FUZZ_MAX_MESSAGE + 5];
    SECURITY_STATUS st;

    /* The handshake with a real peer: ClientHello, then the server's answer. */
    if (engine_peer_call(0, client_cred, FUZZ_ENGINE_SERVER ? &peer : &us, NULL, 0) != SEC_I_CONTINUE_NEEDED)
        abort();
    engine_io *client = FUZZ_ENGINE_SERVER ? &peer : &us, *server = FUZZ_ENGINE_SERVER ? &us : &peer;
    if (engine_peer_call(1, server_cred, server, client->out, client->out_len) != SEC_I_CONTINUE_NEEDED)
        abort();
    if (!FUZZ_ENGINE_SERVER) {
        /* The client takes the server's handshake record and sends NEGOTIATE. */
        if (engine_peer_call(0, client_cred, client, server->out, server->out_len) != SEC_I_CONTINUE_NEEDED)
            abort();
    }
    st = SEC_I_CONTINUE_NEEDED;
    size_t at = 1;
    size_t len;
    while (st == SEC_I_CONTINUE_NEEDED && next_message(data, size, &at, as_given, rec, &len))
        st = engine_peer_call(FUZZ_ENGINE_SERVER, FUZZ_ENGINE_SERVER ? server_cred : client_cred, &us, rec, len);
    if (st == SEC_E_OK && FUZZ_ENGINE_SERVER) {
        /* Only a recorded exchange gets here (nobody can forge the NTLM
         * proof): it authenticated one of the users, and what it delegated
         * is readable - a password of that user, nothing (restricted
         * admin), a smart card or Remote Guard credentials. */
        CREDSSP_DELEGATED_CREDENTIALS d;
        CREDSSP_PROTOCOL_INFO info;
        if (credssp_QueryContextAttributesA(&us.ctx, CREDSSP_ATTR_DELEGATED_CREDENTIALS, &d) != SEC_E_OK ||
            credssp_QueryContextAttributesA(&us.ctx, CREDSSP_ATTR_PROTOCOL_INFO, &info) != SEC_E_OK ||
            (strcmp(info.User, "alice") != 0 && strcmp(info.User, "bob") != 0) ||
            (d.CredType == 1 && d.User[0] != '\0' && strcmp(d.User, info.User) != 0))
            abort();
    }
    /* Messages after SEC_E_OK are the data channel: each is a record for
     * DecryptMessage (partial records, surplus, alerts, close_notify), and
     * the side answers each one it opens with an EncryptMessage. */
    while (st == SEC_E_OK && next_message(data, size, &at, as_given, rec, &len))
        engine_peer_data(&us.ctx, rec, len);
    /* For checking seeds: FUZZ_ENGINE_REPORT=1 prints where the input ended. */
    if (getenv("FUZZ_ENGINE_REPORT") != NULL)
        fprintf(stderr, "engine_%s: %s\n", FUZZ_ENGINE_SERVER ? "server" : "client", credssp_status_name(st));
    engine_peer_end(&us);
    engine_peer_end(&peer);
    return 0;
}

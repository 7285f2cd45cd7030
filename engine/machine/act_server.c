/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's actions ([MS-CSSP] 3.1.5, server side): the CHALLENGE, the
 * AUTHENTICATE and the client's pubKeyAuth verified, our pubKeyAuth sent,
 * the delegated TSCredentials taken.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <credssp/sspi.h>

#include "act_common.h"
#include "unicode.h"
#include "act_server.h"
#include "tscredentials_utf8.h"

act_result act_server_challenge(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    const cs_credential *cr = c->cred;
    ACT_GUARD_NTLM(c, nego_server_new(cr->crypto, cr->users, cr->mic_seq, &c->ns), "cannot start NTLM");
    const uint8_t *tok;
    size_t tok_len;
    bool done;
    ACT_GUARD_NTLM(c, nego_server_step(c->ns, m->nego_tokens[0].data, m->nego_tokens[0].len, &tok, &tok_len, &done),
                   "the client's NEGOTIATE");
    return act_sent(send_nego_token(c, tok, tok_len));
}

act_result act_server_verify_auth(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    bool done = false;
    ntlm_status st = nego_server_step(c->ns, m->nego_tokens[0].data, m->nego_tokens[0].len, &c->nego_out,
                                      &c->nego_out_len, &done);
    /* The names, authenticated or not: the caller's log says who tried. */
    const ntlm_identity *named = nego_server_claimed(c->ns);
    (void)utf16le_to_utf8(named->user, named->user_len, c->peer_user, sizeof c->peer_user);
    (void)utf16le_to_utf8(named->domain, named->domain_len, c->peer_domain, sizeof c->peer_domain);
    if (st != NTLM_ST_OK)
        return act_fail_ntlm(c, st, "the client's AUTHENTICATE");
    return act_done(EV_CLIENT_AUTHENTICATED);
}

act_result act_server_verify_pubkey(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    if (c->version >= PUBKEYAUTH_HASH_VERSION) {
        if (!m->client_nonce.present || m->client_nonce.len != PUBKEYAUTH_NONCE_LEN) {
            cs_fail(c, CREDSSP_REASON_NONCE_MISSING, "a version %ld client must send a 32-byte clientNonce", c->version);
            return act_fail(SEC_E_INVALID_TOKEN);
        }
        memcpy(c->nonce, m->client_nonce.data, PUBKEYAUTH_NONCE_LEN);
        c->has_nonce = true;
    }
    size_t got_len;
    uint8_t *got = unseal_alloc(nego_server_inbound(c->ns), m->pub_key_auth, &got_len);
    bool ok = got != NULL && pubkeyauth_matches(c->version, PUBKEYAUTH_CLIENT_TO_SERVER, c->nonce, sizeof c->nonce,
                                                c->server_key,
                                                c->server_key_len, got, got_len);
    free(got);
    if (!ok) {
        cs_fail(c, CREDSSP_REASON_PUBKEY_MISMATCH, "the client's pubKeyAuth does not bind our public key (a TLS man in the middle?)");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    return act_done(EV_PUBKEY_VERIFIED);
}

act_result act_server_send_pubkey(cs_context *c)
{
    size_t sealed_len;
    uint8_t *sealed = sealed_pubkey_auth(c, PUBKEYAUTH_SERVER_TO_CLIENT, nego_server_outbound(c->ns), &sealed_len);
    if (sealed == NULL)
        return act_fail(SEC_E_INSUFFICIENT_MEMORY);
    tsrequest r = tsrequest_ours(c);
    if (c->nego_out_len > 0) {
        r.nego_token_count = 1;
        r.nego_tokens[0] = (cs_bytes){ c->nego_out, c->nego_out_len, true };
    }
    r.pub_key_auth = (cs_bytes){ sealed, sealed_len, true };
    machine_status ms = send_tsrequest(c, &r);
    free(sealed);
    c->nego_out = NULL;
    c->nego_out_len = 0;
    return act_sent(ms);
}

act_result act_server_take_credentials(cs_context *c)
{
    size_t plain_len;
    uint8_t *plain = unseal_alloc(nego_server_inbound(c->ns), c->msg.view.auth_info, &plain_len);
    if (plain == NULL) {
        cs_fail(c, CREDSSP_REASON_AUTHINFO_SEAL, "the client's authInfo does not unseal");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    tscredentials_msg tm;
    codec_error err;
    codec_result cr = tscredentials_decode(plain, plain_len, &tm, &err);
    OPENSSL_cleanse(plain, plain_len);
    free(plain);
    if (cr != CODEC_OK) {
        cs_fail_codec(c, cr == CODEC_E_NOMEM ? CREDSSP_REASON_NO_MEMORY : CREDSSP_REASON_MALFORMED_TSCREDENTIALS, &err,
                      "the client's TSCredentials: %s", err.reason);
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    ts_delegated_wipe(&c->deleg);
    cr = tscredentials_to_utf8(&tm.view, &c->deleg, &err);
    tscredentials_msg_free(&tm);
    if (cr != CODEC_OK) {
        cs_fail(c, cr == CODEC_E_NOMEM ? CREDSSP_REASON_NO_MEMORY : CREDSSP_REASON_DELEGATED_TEXT, "%s", err.reason);
        return act_fail(cr == CODEC_E_NOMEM ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_INVALID_TOKEN);
    }
    return act_done(EV_NONE);
}

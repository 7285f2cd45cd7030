/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every action shares: its results, sending a TSRequest as one TLS
 * record ([MS-CSSP] 3.1.5), sealing and unsealing through the inner
 * mechanism, and the actions both sides take (the TLS handshake, failures,
 * waiting for more bytes).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <credssp/sspi.h>

#include "act_common.h"
#include "entropy.h"
#include "reasons.h"
#include "status.h"

act_result act_done(machine_event follow)
{
    return (act_result){ ACT_DONE, SEC_E_OK, follow };
}

act_result act_fail(machine_status st)
{
    return (act_result){ ACT_FAIL, st, EV_NONE };
}

act_result act_fail_ntlm(cs_context *c, ntlm_status st, const char *what)
{
    cs_fail(c, reason_from_ntlm(st), "%s: %s", what, ntlm_status_text(st));
    return act_fail(status_from_ntlm(st));
}

/* Encodes r and seals it as one TLS record ([MS-CSSP] 3.1.5: each TSRequest
 * travels in TLS application data). */
machine_status send_tsrequest(cs_context *c, const tsrequest *r)
{
    uint8_t *der = NULL, *rec = NULL;
    size_t der_len = 0, rec_len = 0;
    codec_error err;
    if (tsrequest_encode(r, &der, &der_len, &err) != CODEC_OK) {
        cs_fail(c, CREDSSP_REASON_INTERNAL, "cannot encode our TSRequest: %s", err.reason);
        return err.result == CODEC_E_NOMEM ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_INTERNAL_ERROR;
    }
    cs_trace_message(c, CREDSSP_TRACE_SENT, der, der_len);
    tls_status ts = tls_seal_record(c->tls, der, der_len, &rec, &rec_len);
    OPENSSL_cleanse(der, der_len);
    free(der);
    bool ok = ts == TLS_OK && cs_buf_append(&c->out, rec, rec_len);
    free(rec);
    if (!ok) {
        cs_fail(c, CREDSSP_REASON_INTERNAL, "cannot write our TSRequest as a TLS record");
        return SEC_E_INTERNAL_ERROR;
    }
    return SEC_E_OK;
}

tsrequest tsrequest_ours(const cs_context *c)
{
    tsrequest r;
    memset(&r, 0, sizeof r);
    r.version = c->own_version;
    return r;
}

/* TSRequest{version, negoTokens: tok} ([MS-CSSP] 3.1.5 step 2). */
machine_status send_nego_token(cs_context *c, const uint8_t *tok, size_t tok_len)
{
    tsrequest r = tsrequest_ours(c);
    r.nego_token_count = 1;
    r.nego_tokens[0] = (cs_bytes){ tok, tok_len, true };
    return send_tsrequest(c, &r);
}

act_result act_sent(machine_status ms)
{
    return ms == SEC_E_OK ? (act_result){ ACT_DONE, SEC_E_OK, EV_NONE } : (act_result){ ACT_FAIL, ms, EV_NONE };
}

/* The sealed form of plain under state s (GSS_WrapEx, [MS-NLMP] 3.4.3):
 * a fresh buffer of len + 16 bytes. */
uint8_t *seal_alloc(ntlm_seal_state *s, const uint8_t *plain, size_t len, size_t *out_len)
{
    uint8_t *out = s != NULL ? malloc(len + NTLM_SIGNATURE_LEN) : NULL;
    if (out != NULL && !ntlm_seal(s, plain, len, out)) {
        free(out);
        out = NULL;
    }
    *out_len = out != NULL ? len + NTLM_SIGNATURE_LEN : 0;
    return out;
}

/* pubKeyAuth as this side sends it, sealed under out. */
uint8_t *sealed_pubkey_auth(const cs_context *c, pubkeyauth_dir dir, ntlm_seal_state *out, size_t *len)
{
    size_t plain_len;
    uint8_t *plain = pubkeyauth_value(c->version, dir, c->nonce, sizeof c->nonce, c->server_key, c->server_key_len, &plain_len);
    uint8_t *sealed = plain != NULL ? seal_alloc(out, plain, plain_len, len) : NULL;
    free(plain);
    return sealed;
}

/* The unsealed form, or NULL when the signature does not verify. */
uint8_t *unseal_alloc(ntlm_seal_state *s, cs_bytes sealed, size_t *out_len)
{
    *out_len = 0;
    if (s == NULL || sealed.len <= NTLM_SIGNATURE_LEN)
        return NULL;
    uint8_t *out = malloc(sealed.len - NTLM_SIGNATURE_LEN);
    if (out != NULL && !ntlm_unseal(s, sealed.data, sealed.len, out)) {
        free(out);
        return NULL;
    }
    if (out != NULL)
        *out_len = sealed.len - NTLM_SIGNATURE_LEN;
    return out;
}

act_result act_reject(cs_context *c, machine_status st)
{
    (void)st;
    cs_fail(c, CREDSSP_REASON_UNEXPECTED_MESSAGE, "a message this state does not accept");
    return act_done(EV_NONE);
}

act_result act_peer_closed(cs_context *c)
{
    cs_fail(c, CREDSSP_REASON_PEER_CLOSED, "the peer closed the connection before the exchange ended");
    return act_done(EV_NONE);
}

act_result act_stay_incomplete(cs_context *c)
{
    (void)c; /* ingress measured c->missing; nothing is consumed */
    return act_done(EV_NONE);
}

/* The server tells the client why it stops: TSRequest{errorCode} when the
 * version carries one ([MS-CSSP] 2.2.1: versions 3, 4 and 6 and up) and the
 * caller asked for it (ASC_REQ_EXTENDED_ERROR). */
act_result act_report_failure(cs_context *c, machine_status st)
{
    if (c->reported)
        return act_done(EV_NONE);
    c->reported = true;
    cs_drop_message(c);
    cs_buf_wipe(&c->rx);
    bool carries = c->has_peer_version && (c->version == 3 || c->version == 4 || c->version >= 6);
    bool extended = (c->req & (c->server ? ASC_REQ_EXTENDED_ERROR : ISC_REQ_EXTENDED_ERROR)) != 0;
    if (!extended || c->tls == NULL || !tls_established(c->tls))
        return act_done(EV_NONE);
    if (c->server && carries) {
        tsrequest r = tsrequest_ours(c);
        r.has_error_code = true;
        r.error_code = status_to_ntstatus(st);
        c->error_code = r.error_code;
        (void)send_tsrequest(c, &r);
        return act_done(EV_NONE);
    }
    /* No errorCode to send (a client, or versions 2 and 5): a TLS
     * close_notify tells the peer we stop. */
    uint8_t *alert = NULL;
    size_t alert_len = 0;
    if (tls_close(c->tls, &alert, &alert_len) == TLS_OK)
        (void)cs_buf_append(&c->out, alert, alert_len);
    free(alert);
    return act_done(EV_NONE);
}

/* Feeds handshake records; raises EV_TLS_ESTABLISHED when done.  The server
 * keeps application data that arrived with the client's Finished (TLS 1.3). */
act_result act_tls_handshake(cs_context *c)
{
    uint8_t *out = NULL;
    size_t out_len = 0;
    tls_status ts = tls_handshake(c->tls, c->in, c->in_len, &out, &out_len);
    bool kept = cs_buf_append(&c->out, out, out_len);
    free(out);
    if (!kept)
        return act_fail(SEC_E_INSUFFICIENT_MEMORY);
    if (ts == TLS_FAILED) {
        cs_fail(c, CREDSSP_REASON_TLS_HANDSHAKE, "the TLS handshake failed");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    if (ts == TLS_CONTINUE)
        return act_done(EV_NONE);
    if (ts == TLS_NEED_CERT)
        return act_done(EV_CERT_REQUESTED);
    bool key = c->server ? tls_own_public_key(c->tls, &c->server_key, &c->server_key_len)
                         : tls_peer_public_key(c->tls, &c->server_key, &c->server_key_len);
    if (!key) {
        cs_fail(c, CREDSSP_REASON_SERVER_KEY, "the server's certificate has no usable public key");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    return act_done(EV_TLS_ESTABLISHED);
}

act_result act_tls_start(cs_context *c)
{
    c->in = NULL;
    c->in_len = 0;
    return act_tls_handshake(c);
}

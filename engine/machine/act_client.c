/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The client's actions ([MS-CSSP] 3.1.5, client side): NEGOTIATE, the
 * AUTHENTICATE with pubKeyAuth, the server's pubKeyAuth checked, the
 * delegation policy, TSCredentials sent; certificates after
 * SEC_I_INCOMPLETE_CREDENTIALS; re-authentication.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <credssp/sspi.h>

#include "act_client.h"
#include "act_common.h"
#include "entropy.h"
#include "status.h"
#include "tscredentials_utf8.h"

/* Re-authentication: the same context, credential and target; a new TLS
 * connection and a new NTLM exchange, everything of the old one dropped. */
act_result act_client_reset(cs_context *c)
{
    tls_conn *fresh = tls_client_new(c->cred->keylog, c->cred->keylog_arg);
    if (fresh == NULL || (c->cred->tls12_only && !tls_limit_to_tls12(fresh))) {
        tls_free(fresh);
        return act_fail(SEC_E_INSUFFICIENT_MEMORY);
    }
    tls_free(c->tls);
    c->tls = fresh;
    nego_client_free(c->nc);
    c->nc = NULL;
    cs_drop_message(c);
    cs_buf_wipe(&c->rx);
    free(c->server_key);
    free(c->peer_cert);
    c->server_key = c->peer_cert = NULL;
    c->server_key_len = c->peer_cert_len = 0;
    c->has_peer_version = c->has_nonce = c->reported = false;
    OPENSSL_cleanse(c->nonce, sizeof c->nonce);
    failure_clear(&c->failure);
    c->error_code = 0;
    c->reauthenticated = true;
    return act_done(EV_EXCHANGE_RESET);
}

/* The CAs the server named, for SECPKG_ATTR_ISSUER_LIST_EX. */
act_result act_client_keep_issuers(cs_context *c)
{
    uint8_t **names = NULL;
    size_t *lens = NULL, count = 0;
    bool ok = tls_issuer_names(c->tls, &names, &lens, &count);
    if (ok && count > 0 && (c->issuers = calloc(count, sizeof *c->issuers)) != NULL) {
        for (size_t i = 0; i < count; i++)
            c->issuers[i] = (CERT_NAME_BLOB){ (uint32_t)lens[i], names[i] };
        c->issuer_count = (uint32_t)count;
    } else {
        for (size_t i = 0; i < count; i++)
            OPENSSL_free(names[i]);
        ok = ok && count == 0;
    }
    free(names);
    free(lens);
    cs_fail(c, CREDSSP_REASON_CLIENT_CERT_REQUESTED, "the server asks for a client certificate: acquire a credential with one (CertFile, KeyFile)");
    return ok ? act_done(EV_NONE) : act_fail(SEC_E_INSUFFICIENT_MEMORY);
}

/* The credential the caller passed has the certificate: it becomes the
 * context's credential and the suspended handshake resumes. */
act_result act_client_take_cert(cs_context *c)
{
    cs_credential *fresh = c->offered;
    c->offered = NULL;
    if (!tls_client_set_certificate(c->tls, fresh->cert, fresh->key)) {
        cs_credential_unref(fresh);
        return act_fail(SEC_E_INTERNAL_ERROR);
    }
    cs_credential_unref(c->cred);
    c->cred = fresh;
    c->in = NULL;
    c->in_len = 0;
    return act_tls_handshake(c);
}

act_result act_client_send_negotiate(cs_context *c)
{
    const cs_credential *cr = c->cred;
    ACT_GUARD_NTLM(c, nego_client_new(cr->crypto, &cr->identity, c->target, cr->framing, cr->mic_seq, &c->nc),
                   "cannot start NTLM");
    const uint8_t *tok;
    size_t tok_len;
    bool done;
    ACT_GUARD_NTLM(c, nego_client_step(c->nc, NULL, 0, &tok, &tok_len, &done), "cannot make the NEGOTIATE message");
    return act_sent(send_nego_token(c, tok, tok_len));
}

act_result act_client_authenticate(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    bool done;
    ntlm_status st = nego_client_step(c->nc, m->nego_tokens[0].data, m->nego_tokens[0].len, &c->nego_out,
                                      &c->nego_out_len, &done);
    ACT_GUARD_NTLM(c, st, "the server's CHALLENGE");
    return act_done(EV_KEYS_READY);
}

act_result act_client_send_auth_pubkey(cs_context *c)
{
    if (c->version >= PUBKEYAUTH_HASH_VERSION) {
        if (!entropy_random(c->nonce, sizeof c->nonce))
            return act_fail(SEC_E_INTERNAL_ERROR);
        c->has_nonce = true;
    }
    size_t sealed_len;
    uint8_t *sealed = sealed_pubkey_auth(c, PUBKEYAUTH_CLIENT_TO_SERVER, nego_client_outbound(c->nc), &sealed_len);
    if (sealed == NULL)
        return act_fail(SEC_E_INSUFFICIENT_MEMORY);
    tsrequest r = tsrequest_ours(c);
    r.nego_token_count = 1;
    r.nego_tokens[0] = (cs_bytes){ c->nego_out, c->nego_out_len, true };
    r.pub_key_auth = (cs_bytes){ sealed, sealed_len, true };
    if (c->has_nonce)
        r.client_nonce = (cs_bytes){ c->nonce, sizeof c->nonce, true };
    machine_status ms = send_tsrequest(c, &r);
    free(sealed);
    c->nego_out = NULL;
    c->nego_out_len = 0;
    return act_sent(ms);
}

/* SPNEGO: the server's accept-completed and mechListMIC; then its pubKeyAuth. */
act_result act_client_nego_finish(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    const uint8_t *tok;
    size_t tok_len;
    bool done = false;
    ntlm_status st = nego_client_step(c->nc, m->nego_tokens[0].data, m->nego_tokens[0].len, &tok, &tok_len, &done);
    ACT_GUARD_NTLM(c, st, "the server's last SPNEGO token");
    return act_done(EV_NEGO_FINISHED);
}

act_result act_client_verify_pubkey(cs_context *c)
{
    if (!nego_client_done(c->nc)) {
        cs_fail(c, CREDSSP_REASON_MIC_MISSING, "the server sent pubKeyAuth before completing SPNEGO (no mechListMIC)");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    size_t got_len;
    uint8_t *got = unseal_alloc(nego_client_inbound(c->nc), c->msg.view.pub_key_auth, &got_len);
    bool ok = got != NULL && pubkeyauth_matches(c->version, PUBKEYAUTH_SERVER_TO_CLIENT, c->nonce, sizeof c->nonce,
                                                c->server_key,
                                                c->server_key_len, got, got_len);
    free(got);
    if (!ok) {
        cs_fail(c, CREDSSP_REASON_PUBKEY_MISMATCH, "the server's pubKeyAuth does not verify: it does not hold the NTLM keys, or the TLS "
                        "certificate is not its own");
        /* The seed names SEC_E_MUTUAL_AUTH_FAILED for ISC_REQ_MUTUAL_AUTH;
         * without the flag the token is invalid.  Either way no credentials
         * go to a server that did not prove itself. */
        return act_fail((c->req & ISC_REQ_MUTUAL_AUTH) ? SEC_E_MUTUAL_AUTH_FAILED : SEC_E_INVALID_TOKEN);
    }
    return act_done(EV_PUBKEY_VERIFIED);
}

/* An SPN pattern: '*' matches any run of characters; ASCII case is ignored. */
static bool spn_matches(const char *pat, size_t pat_len, const char *s)
{
    if (pat_len == 0)
        return *s == '\0';
    if (*pat == '*') {
        for (;; s++) {
            if (spn_matches(pat + 1, pat_len - 1, s))
                return true;
            if (*s == '\0')
                return false;
        }
    }
    return *s != '\0' && tolower((unsigned char)*pat) == tolower((unsigned char)*s) &&
           spn_matches(pat + 1, pat_len - 1, s + 1);
}

static bool delegation_target_allowed(const char *patterns, const char *target)
{
    for (const char *p = patterns; *p != '\0';) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",");
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (n > 0 && spn_matches(p, n, target))
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

/* The delegation policy, before anything about the credentials is built.
 * Empty credentials (no ISC_REQ_DELEGATE) delegate nothing: always allowed. */
act_result act_client_check_delegation(cs_context *c)
{
    const cs_credential *cr = c->cred;
    if (!(c->req & ISC_REQ_DELEGATE))
        return act_done(EV_DELEGATION_ALLOWED);
    if (cr->delegation_targets != NULL && !delegation_target_allowed(cr->delegation_targets, c->target)) {
        cs_fail(c, CREDSSP_REASON_DELEGATION_REFUSED, "the delegation policy does not allow %s (allowed: %s)", c->target, cr->delegation_targets);
        return act_fail(SEC_E_DELEGATION_POLICY);
    }
    /* NTLM proves the server holds the account's key and, through
     * pubKeyAuth, the TLS key; it does not name the server (Kerberos would). */
    if (cr->no_ntlm_delegation) {
        cs_fail(c, CREDSSP_REASON_DELEGATION_REFUSED, "the policy forbids delegating when only NTLM authenticated the server");
        return act_fail(SEC_E_POLICY_NLTM_ONLY);
    }
    return act_done(EV_DELEGATION_ALLOWED);
}

/* TSCredentials ([MS-CSSP] 2.2.1.2): under ISC_REQ_DELEGATE the password, or
 * the smart-card or Remote Guard credentials the credential carries; without
 * it three empty strings (the seed: "an empty set of credentials is
 * delegated"; restricted admin). */
act_result act_client_send_credentials(cs_context *c)
{
    const cs_credential *cr = c->cred;
    bool delegate = (c->req & ISC_REQ_DELEGATE) != 0;
    long kind = delegate && cr->other.kind != 0 ? cr->other.kind : TSCRED_PASSWORD;
    if (delegate && kind == TSCRED_PASSWORD && cr->password == NULL) {
        cs_fail(c, CREDSSP_REASON_DELEGATION_NEEDS_PASSWORD,
                "ISC_REQ_DELEGATE needs a password; NT-hash credentials can only delegate empty ones");
        return act_fail(SEC_E_NO_CREDENTIALS);
    }
    ts_delegation d = { .kind = kind, .other = &cr->other };
    if (delegate) {
        d.user = cr->user;
        d.domain = cr->domain;
        d.password = cr->password;
    }
    uint8_t *der = NULL, *sealed = NULL;
    size_t der_len = 0, sealed_len = 0;
    codec_error err;
    codec_result r = tscredentials_encode_utf8(&d, &der, &der_len, &err);
    if (r != CODEC_OK) {
        cs_fail(c, r == CODEC_E_NOMEM ? CREDSSP_REASON_NO_MEMORY
                   : r == CODEC_E_SEMANTIC ? CREDSSP_REASON_BAD_CREDENTIALS : CREDSSP_REASON_INTERNAL,
                "%s", err.reason);
        return act_fail(r == CODEC_E_NOMEM      ? SEC_E_INSUFFICIENT_MEMORY
                        : r == CODEC_E_SEMANTIC ? SEC_E_NO_CREDENTIALS
                                                : SEC_E_INTERNAL_ERROR);
    }
    sealed = seal_alloc(nego_client_outbound(c->nc), der, der_len, &sealed_len);
    OPENSSL_cleanse(der, der_len);
    free(der);
    if (sealed == NULL) {
        cs_fail(c, CREDSSP_REASON_NO_MEMORY, "no memory to seal TSCredentials");
        return act_fail(SEC_E_INSUFFICIENT_MEMORY);
    }
    tsrequest req = tsrequest_ours(c);
    req.auth_info = (cs_bytes){ sealed, sealed_len, true };
    machine_status ms = send_tsrequest(c, &req);
    free(sealed);
    return act_sent(ms);
}

act_result act_client_take_error(cs_context *c)
{
    c->error_code = c->msg.view.error_code;
    int32_t st = status_from_ntstatus(c->error_code);
    /* Our AUTHENTICATE is out: whatever the server answers it with, it
     * refused the user (FreeRDP 3.10 sends 0xC00700EA for a wrong NTLM
     * password), so a code with no meaning of its own is a logon denial. */
    bool after_authenticate = c->state == MS_C_WAIT_PUBKEY;
    if (st == SEC_E_INTERNAL_ERROR && after_authenticate)
        st = SEC_E_LOGON_DENIED;
    cs_fail(c, CREDSSP_REASON_PEER_ERROR_CODE, "the server sent errorCode 0x%08X (%s)%s", c->error_code,
            status_ntstatus_name(c->error_code), after_authenticate ? " in answer to our AUTHENTICATE" : "");
    return act_fail(st);
}

/* FreeRDP's server refuses an AUTHENTICATE by closing, without an errorCode
 * (versions 2 and 5 have none): the one close that says something. */
act_result act_client_closed_after_auth(cs_context *c)
{
    cs_fail(c, CREDSSP_REASON_CLOSED_AFTER_AUTHENTICATE,
            "the server closed the connection after our AUTHENTICATE, without an errorCode: it refused the "
            "credentials");
    return act_done(EV_NONE);
}

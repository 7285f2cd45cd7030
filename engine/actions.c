/*
 * The actions the transition tables name: one purpose each.  An action
 * either completes (the row's next state and status apply, possibly with a
 * follow-up event) or fails with an SSPI status; it never picks a next
 * state itself.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <credssp/sspi.h>

#include "context.h"
#include "entropy.h"
#include "status.h"
#include "tscredentials.h"
#include "unicode.h"

static act_result act_done(machine_event follow)
{
    return (act_result){ ACT_DONE, SEC_E_OK, follow };
}

static act_result act_fail(machine_status st)
{
    return (act_result){ ACT_FAIL, st, EV_NONE };
}

static act_result act_fail_ntlm(cs_context *c, ntlm_status st, const char *what)
{
    cs_set_error(c, "%s: %s", what, ntlm_status_text(st));
    return act_fail(status_from_ntlm(st));
}

/* ------------------------------------------------------------- sending */

/* Encodes r and seals it as one TLS record ([MS-CSSP] 3.1.5: each TSRequest
 * travels in TLS application data). */
static machine_status send_tsrequest(cs_context *c, const tsrequest *r)
{
    uint8_t *der = NULL, *rec = NULL;
    size_t der_len = 0, rec_len = 0;
    codec_error err;
    if (tsrequest_encode(r, &der, &der_len, &err) != CODEC_OK) {
        cs_set_error(c, "cannot encode our TSRequest: %s", err.reason);
        return err.result == CODEC_E_NOMEM ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_INTERNAL_ERROR;
    }
    cs_trace_message(c, CREDSSP_TRACE_SENT, der, der_len);
    tls_status ts = tls_seal_record(c->tls, der, der_len, &rec, &rec_len);
    OPENSSL_cleanse(der, der_len);
    free(der);
    bool ok = ts == TLS_OK && cs_buf_append(&c->out, rec, rec_len);
    free(rec);
    if (!ok) {
        cs_set_error(c, "cannot write our TSRequest as a TLS record");
        return SEC_E_INTERNAL_ERROR;
    }
    return SEC_E_OK;
}

static tsrequest tsrequest_ours(const cs_context *c)
{
    tsrequest r;
    memset(&r, 0, sizeof r);
    r.version = c->own_version;
    return r;
}

/* TSRequest{version, negoTokens: tok} ([MS-CSSP] 3.1.5 step 2). */
static machine_status send_nego_token(cs_context *c, const uint8_t *tok, size_t tok_len)
{
    tsrequest r = tsrequest_ours(c);
    r.nego_token_count = 1;
    r.nego_tokens[0] = (cs_bytes){ tok, tok_len, true };
    return send_tsrequest(c, &r);
}

static act_result act_sent(machine_status ms)
{
    return ms == SEC_E_OK ? (act_result){ ACT_DONE, SEC_E_OK, EV_NONE } : (act_result){ ACT_FAIL, ms, EV_NONE };
}

/* The sealed form of plain under state s (GSS_WrapEx, [MS-NLMP] 3.4.3):
 * a fresh buffer of len + 16 bytes. */
static uint8_t *seal_alloc(ntlm_seal_state *s, const uint8_t *plain, size_t len, size_t *out_len)
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
static uint8_t *sealed_pubkey_auth(const cs_context *c, pubkeyauth_dir dir, ntlm_seal_state *out, size_t *len)
{
    size_t plain_len;
    uint8_t *plain = pubkeyauth_value(c->version, dir, c->nonce, sizeof c->nonce, c->server_key, c->server_key_len, &plain_len);
    uint8_t *sealed = plain != NULL ? seal_alloc(out, plain, plain_len, len) : NULL;
    free(plain);
    return sealed;
}

/* The unsealed form, or NULL when the signature does not verify. */
static uint8_t *unseal_alloc(ntlm_seal_state *s, cs_bytes sealed, size_t *out_len)
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

/* ---------------------------------------------------------------- both */

static act_result act_reject(cs_context *c, machine_status st)
{
    (void)st;
    if (c->error[0] == '\0')
        cs_set_error(c, "a message this state does not accept");
    return act_done(EV_NONE);
}

static act_result act_stay_incomplete(cs_context *c)
{
    (void)c; /* ingress measured c->missing; nothing is consumed */
    return act_done(EV_NONE);
}

/* The server tells the client why it stops: TSRequest{errorCode} when the
 * version carries one ([MS-CSSP] 2.2.1: versions 3, 4 and 6 and up) and the
 * caller asked for it (ASC_REQ_EXTENDED_ERROR). */
static act_result act_report_failure(cs_context *c, machine_status st)
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
static act_result act_tls_handshake(cs_context *c)
{
    uint8_t *out = NULL;
    size_t out_len = 0;
    tls_status ts = tls_handshake(c->tls, c->in, c->in_len, &out, &out_len);
    bool kept = cs_buf_append(&c->out, out, out_len);
    free(out);
    if (!kept)
        return act_fail(SEC_E_INSUFFICIENT_MEMORY);
    if (ts == TLS_FAILED) {
        cs_set_error(c, "the TLS handshake failed");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    if (ts == TLS_CONTINUE)
        return act_done(EV_NONE);
    if (ts == TLS_NEED_CERT)
        return act_done(EV_CERT_REQUESTED);
    bool key = c->server ? tls_own_public_key(c->tls, &c->server_key, &c->server_key_len)
                         : tls_peer_public_key(c->tls, &c->server_key, &c->server_key_len);
    if (!key) {
        cs_set_error(c, "the server's certificate has no usable public key");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    if (c->server) {
        uint8_t *plain = NULL;
        size_t plain_len = 0;
        if (tls_open_records(c->tls, NULL, 0, &plain, &plain_len) != TLS_OK)
            return act_fail(SEC_E_INVALID_TOKEN);
        bool ok = plain_len <= CS_MAX_MESSAGE && cs_buf_append(&c->rx, plain, plain_len);
        free(plain);
        if (!ok)
            return act_fail(SEC_E_INVALID_TOKEN);
    }
    return act_done(EV_TLS_ESTABLISHED);
}

/* Re-authentication: the same context, credential and target; a new TLS
 * connection and a new NTLM exchange, everything of the old one dropped. */
static act_result act_client_reset(cs_context *c)
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
    c->error[0] = '\0';
    c->error_code = 0;
    c->reauthenticated = true;
    return act_done(EV_REAUTHENTICATE);
}

/* The CAs the server named, for SECPKG_ATTR_ISSUER_LIST_EX. */
static act_result act_client_keep_issuers(cs_context *c)
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
    cs_set_error(c, "the server asks for a client certificate: acquire a credential with one (CertFile, KeyFile)");
    return ok ? act_done(EV_NONE) : act_fail(SEC_E_INSUFFICIENT_MEMORY);
}

/* The credential the caller passed has the certificate: it becomes the
 * context's credential and the suspended handshake resumes. */
static act_result act_client_take_cert(cs_context *c)
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

static act_result act_tls_start(cs_context *c)
{
    c->in = NULL;
    c->in_len = 0;
    return act_tls_handshake(c);
}

/* -------------------------------------------------------------- client */

static act_result act_client_send_negotiate(cs_context *c)
{
    const cs_credential *cr = c->cred;
    ntlm_status st = nego_client_new(cr->crypto, &cr->identity, c->target, cr->framing, cr->mic_seq, &c->nc);
    if (st != NTLM_ST_OK)
        return act_fail_ntlm(c, st, "cannot start NTLM");
    const uint8_t *tok;
    size_t tok_len;
    bool done;
    if ((st = nego_client_step(c->nc, NULL, 0, &tok, &tok_len, &done)) != NTLM_ST_OK)
        return act_fail_ntlm(c, st, "cannot make the NEGOTIATE message");
    return act_sent(send_nego_token(c, tok, tok_len));
}

static act_result act_client_authenticate(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    if (m->nego_token_count != 1) {
        cs_set_error(c, "the server sent %zu negoTokens, not one", m->nego_token_count);
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    bool done;
    ntlm_status st = nego_client_step(c->nc, m->nego_tokens[0].data, m->nego_tokens[0].len, &c->nego_out,
                                      &c->nego_out_len, &done);
    if (st != NTLM_ST_OK)
        return act_fail_ntlm(c, st, "the server's CHALLENGE");
    return act_done(EV_KEYS_READY);
}

static act_result act_client_send_auth_pubkey(cs_context *c)
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
static act_result act_client_nego_finish(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    const uint8_t *tok;
    size_t tok_len;
    bool done = false;
    if (m->nego_token_count != 1)
        return act_fail(SEC_E_INVALID_TOKEN);
    ntlm_status st = nego_client_step(c->nc, m->nego_tokens[0].data, m->nego_tokens[0].len, &tok, &tok_len, &done);
    if (st != NTLM_ST_OK)
        return act_fail_ntlm(c, st, "the server's last SPNEGO token");
    return act_done(EV_TS_PUBKEY);
}

static act_result act_client_verify_pubkey(cs_context *c)
{
    if (!nego_client_done(c->nc)) {
        cs_set_error(c, "the server sent pubKeyAuth before completing SPNEGO (no mechListMIC)");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    size_t got_len;
    uint8_t *got = unseal_alloc(nego_client_inbound(c->nc), c->msg.view.pub_key_auth, &got_len);
    bool ok = got != NULL && pubkeyauth_matches(c->version, PUBKEYAUTH_SERVER_TO_CLIENT, c->nonce, sizeof c->nonce,
                                                c->server_key,
                                                c->server_key_len, got, got_len);
    free(got);
    if (!ok) {
        cs_set_error(c, "the server's pubKeyAuth does not verify: it does not hold the NTLM keys, or the TLS "
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
static act_result act_client_check_delegation(cs_context *c)
{
    const cs_credential *cr = c->cred;
    if (!(c->req & ISC_REQ_DELEGATE))
        return act_done(EV_DELEGATION_ALLOWED);
    if (cr->delegation_targets != NULL && !delegation_target_allowed(cr->delegation_targets, c->target)) {
        cs_set_error(c, "the delegation policy does not allow %s (allowed: %s)", c->target, cr->delegation_targets);
        return act_fail(SEC_E_DELEGATION_POLICY);
    }
    /* NTLM proves the server holds the account's key and, through
     * pubKeyAuth, the TLS key; it does not name the server (Kerberos would). */
    if (cr->no_ntlm_delegation) {
        cs_set_error(c, "the policy forbids delegating when only NTLM authenticated the server");
        return act_fail(SEC_E_POLICY_NLTM_ONLY);
    }
    return act_done(EV_DELEGATION_ALLOWED);
}

/* UTF-16LE copies of the strings going into TSCredentials, wiped after. */
#define U16_MAX_FIELDS 24u
typedef struct u16_arena {
    uint8_t *buf[U16_MAX_FIELDS];
    size_t len[U16_MAX_FIELDS];
    size_t n;
    int32_t status; /* the first failure: no memory, or a string that cannot go */
    const char *why;
} u16_arena;

static bool u16_fail(u16_arena *a, int32_t status, const char *why)
{
    if (a->status == SEC_E_OK) {
        a->status = status;
        a->why = why;
    }
    return false;
}

/* s as UTF-16LE (an empty string for NULL unless optional: then absent). */
static bool u16_field(u16_arena *a, const char *s, bool optional, cs_bytes *out)
{
    *out = (cs_bytes){ NULL, 0, false };
    if (s == NULL && optional)
        return true;
    size_t cap = (s != NULL ? strlen(s) : 0) * 2 + 2, len = 0;
    if (a->n == U16_MAX_FIELDS || cap > 2 * NTLM_MAX_NAME * 4)
        return u16_fail(a, SEC_E_NO_CREDENTIALS, "a credential string is too long for TSCredentials");
    uint8_t *b = malloc(cap);
    if (b == NULL)
        return u16_fail(a, SEC_E_INSUFFICIENT_MEMORY, "no memory for TSCredentials");
    a->buf[a->n] = b;
    a->len[a->n++] = cap;
    if (s != NULL && !utf8_to_utf16le(s, b, cap, &len))
        return u16_fail(a, SEC_E_NO_CREDENTIALS, "a credential string is not UTF-8");
    *out = (cs_bytes){ b, len, true };
    return true;
}

static void u16_wipe(u16_arena *a)
{
    for (size_t i = 0; i < a->n; i++) {
        OPENSSL_cleanse(a->buf[i], a->len[i]);
        free(a->buf[i]);
    }
    a->n = 0;
}

static bool tscred_password(u16_arena *a, const cs_credential *cr, bool delegate, tscredentials *tc)
{
    tc->cred_type = TSCRED_PASSWORD;
    return u16_field(a, delegate ? cr->domain : NULL, false, &tc->u.password.domain) &&
           u16_field(a, delegate ? cr->user : NULL, false, &tc->u.password.user) &&
           u16_field(a, delegate ? cr->password : NULL, false, &tc->u.password.password);
}

static bool tscred_smartcard(u16_arena *a, const cs_other_creds *o, tscredentials *tc)
{
    ts_smartcard_creds *sc = &tc->u.smartcard;
    tc->cred_type = TSCRED_SMARTCARD;
    sc->csp.key_spec = (long)o->key_spec;
    return u16_field(a, o->pin, false, &sc->pin) && u16_field(a, o->card, true, &sc->csp.card_name) &&
           u16_field(a, o->reader, true, &sc->csp.reader_name) &&
           u16_field(a, o->container, true, &sc->csp.container_name) && u16_field(a, o->csp, true, &sc->csp.csp_name) &&
           u16_field(a, o->user_hint, true, &sc->user_hint) && u16_field(a, o->domain_hint, true, &sc->domain_hint);
}

static bool tscred_package(u16_arena *a, const cs_package *p, ts_package_cred *out)
{
    out->cred_buffer = (cs_bytes){ p->buf, p->len, true };
    return u16_field(a, p->name, false, &out->package_name);
}

static bool tscred_remote_guard(u16_arena *a, const cs_other_creds *o, tscredentials *tc)
{
    ts_remote_guard_creds *rg = &tc->u.remote_guard;
    tc->cred_type = TSCRED_REMOTE_GUARD;
    bool ok = tscred_package(a, &o->logon, &rg->logon);
    rg->has_supplemental = o->supplemental_count > 0;
    rg->supplemental_count = o->supplemental_count;
    for (size_t i = 0; ok && i < o->supplemental_count; i++)
        ok = tscred_package(a, &o->supplemental[i], &rg->supplemental[i]);
    return ok;
}

/* TSCredentials ([MS-CSSP] 2.2.1.2): under ISC_REQ_DELEGATE the password, or
 * the smart-card or Remote Guard credentials the credential carries; without
 * it three empty strings (the seed: "an empty set of credentials is
 * delegated"; restricted admin). */
static act_result act_client_send_credentials(cs_context *c)
{
    const cs_credential *cr = c->cred;
    bool delegate = (c->req & ISC_REQ_DELEGATE) != 0;
    long kind = delegate && cr->other.kind != 0 ? cr->other.kind : TSCRED_PASSWORD;
    if (delegate && kind == TSCRED_PASSWORD && cr->password == NULL) {
        cs_set_error(c, "ISC_REQ_DELEGATE needs a password; NT-hash credentials can only delegate empty ones");
        return act_fail(SEC_E_NO_CREDENTIALS);
    }
    u16_arena arena = { .n = 0, .status = SEC_E_OK };
    tscredentials tc;
    memset(&tc, 0, sizeof tc);
    bool ok = kind == TSCRED_SMARTCARD      ? tscred_smartcard(&arena, &cr->other, &tc)
              : kind == TSCRED_REMOTE_GUARD ? tscred_remote_guard(&arena, &cr->other, &tc)
                                            : tscred_password(&arena, cr, delegate, &tc);
    uint8_t *der = NULL, *sealed = NULL;
    size_t der_len = 0, sealed_len = 0;
    codec_error err;
    if (ok && tscredentials_encode(&tc, &der, &der_len, &err) != CODEC_OK)
        ok = u16_fail(&arena, err.result == CODEC_E_NOMEM ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_INTERNAL_ERROR,
                      "cannot encode TSCredentials");
    u16_wipe(&arena);
    if (ok && (sealed = seal_alloc(nego_client_outbound(c->nc), der, der_len, &sealed_len)) == NULL)
        ok = u16_fail(&arena, SEC_E_INSUFFICIENT_MEMORY, "no memory to seal TSCredentials");
    if (der != NULL)
        OPENSSL_cleanse(der, der_len);
    free(der);
    if (!ok) {
        cs_set_error(c, "%s", arena.why);
        return act_fail(arena.status);
    }
    tsrequest r = tsrequest_ours(c);
    r.auth_info = (cs_bytes){ sealed, sealed_len, true };
    machine_status ms = send_tsrequest(c, &r);
    free(sealed);
    return act_sent(ms);
}

static act_result act_client_take_error(cs_context *c)
{
    c->error_code = c->msg.view.error_code;
    cs_set_error(c, "the server sent errorCode 0x%08X (%s)", c->error_code, status_ntstatus_name(c->error_code));
    return act_fail(status_from_ntstatus(c->error_code));
}

/* -------------------------------------------------------------- server */

static act_result act_server_challenge(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    const cs_credential *cr = c->cred;
    if (m->nego_token_count != 1) {
        cs_set_error(c, "the client sent %zu negoTokens, not one", m->nego_token_count);
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    ntlm_status st = nego_server_new(cr->crypto, cr->users, cr->mic_seq, &c->ns);
    if (st != NTLM_ST_OK)
        return act_fail_ntlm(c, st, "cannot start NTLM");
    const uint8_t *tok;
    size_t tok_len;
    bool done;
    if ((st = nego_server_step(c->ns, m->nego_tokens[0].data, m->nego_tokens[0].len, &tok, &tok_len, &done)) !=
        NTLM_ST_OK)
        return act_fail_ntlm(c, st, "the client's NEGOTIATE");
    return act_sent(send_nego_token(c, tok, tok_len));
}

static act_result act_server_verify_auth(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    bool done = false;
    if (m->nego_token_count != 1)
        return act_fail(SEC_E_INVALID_TOKEN);
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

static act_result act_server_verify_pubkey(cs_context *c)
{
    const tsrequest *m = &c->msg.view;
    if (c->version >= PUBKEYAUTH_HASH_VERSION) {
        if (!m->client_nonce.present || m->client_nonce.len != PUBKEYAUTH_NONCE_LEN) {
            cs_set_error(c, "a version %ld client must send a 32-byte clientNonce", c->version);
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
        cs_set_error(c, "the client's pubKeyAuth does not bind our public key (a TLS man in the middle?)");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    return act_done(EV_PUBKEY_VERIFIED);
}

static act_result act_server_send_pubkey(cs_context *c)
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

/* Delegated strings: UTF-16LE to UTF-8, telling bad text (the peer's fault)
 * from no memory (ours). */
typedef enum text_result {
    TEXT_OK = 0,
    TEXT_INVALID,   /* an unpaired surrogate or U+0000 */
    TEXT_NO_MEMORY,
} text_result;

static text_result utf8_dup(cs_bytes b, char **out)
{
    *out = NULL;
    size_t cap = b.len * 2 + 1; /* UTF-16 to UTF-8 at most triples per unit pair */
    char *s = malloc(cap);
    if (s == NULL)
        return TEXT_NO_MEMORY;
    if (!utf16le_to_utf8(b.data, b.len, s, cap)) {
        OPENSSL_cleanse(s, cap);
        free(s);
        return TEXT_INVALID;
    }
    *out = s;
    return TEXT_OK;
}

/* The first failure sticks: later fields are not read. */
static void utf8_take(text_result *r, char **dst, cs_bytes b)
{
    if (*r == TEXT_OK)
        *r = utf8_dup(b, dst);
}

static void utf8_take_opt(text_result *r, char **dst, cs_bytes b)
{
    if (b.present)
        utf8_take(r, dst, b);
}

static text_result take_password(cs_context *c, const ts_password_creds *p)
{
    text_result r = TEXT_OK;
    utf8_take(&r, &c->deleg_user, p->user);
    utf8_take(&r, &c->deleg_domain, p->domain);
    utf8_take(&r, &c->deleg_password, p->password);
    return r;
}

static text_result take_smartcard(cs_other_creds *o, const ts_smartcard_creds *sc)
{
    text_result r = TEXT_OK;
    o->kind = TSCRED_SMARTCARD;
    o->key_spec = (uint32_t)sc->csp.key_spec;
    utf8_take_opt(&r, &o->pin, sc->pin);
    utf8_take_opt(&r, &o->card, sc->csp.card_name);
    utf8_take_opt(&r, &o->reader, sc->csp.reader_name);
    utf8_take_opt(&r, &o->container, sc->csp.container_name);
    utf8_take_opt(&r, &o->csp, sc->csp.csp_name);
    utf8_take_opt(&r, &o->user_hint, sc->user_hint);
    utf8_take_opt(&r, &o->domain_hint, sc->domain_hint);
    return r;
}

static text_result take_package(cs_package *p, const ts_package_cred *in)
{
    p->buf = malloc(in->cred_buffer.len > 0 ? in->cred_buffer.len : 1);
    if (p->buf == NULL)
        return TEXT_NO_MEMORY;
    if (in->cred_buffer.len > 0)
        memcpy(p->buf, in->cred_buffer.data, in->cred_buffer.len);
    p->len = in->cred_buffer.len;
    return utf8_dup(in->package_name, &p->name);
}

static text_result take_remote_guard(cs_other_creds *o, const ts_remote_guard_creds *rg)
{
    o->kind = TSCRED_REMOTE_GUARD;
    text_result r = take_package(&o->logon, &rg->logon);
    size_t n = rg->supplemental_count < CREDSSP_MAX_SUPPLEMENTAL ? rg->supplemental_count : CREDSSP_MAX_SUPPLEMENTAL;
    for (size_t i = 0; r == TEXT_OK && i < n; i++)
        r = take_package(&o->supplemental[i], &rg->supplemental[i]);
    o->supplemental_count = n;
    return r;
}

static act_result act_server_take_credentials(cs_context *c)
{
    size_t plain_len;
    uint8_t *plain = unseal_alloc(nego_server_inbound(c->ns), c->msg.view.auth_info, &plain_len);
    if (plain == NULL) {
        cs_set_error(c, "the client's authInfo does not unseal");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    tscredentials_msg tm;
    codec_error err;
    codec_result cr = tscredentials_decode(plain, plain_len, &tm, &err);
    OPENSSL_cleanse(plain, plain_len);
    free(plain);
    if (cr != CODEC_OK) {
        cs_set_error(c, "the client's TSCredentials: %s", err.reason);
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    c->deleg_type = tm.view.cred_type;
    text_result tr;
    if (tm.view.cred_type == TSCRED_PASSWORD)
        tr = take_password(c, &tm.view.u.password);
    else if (tm.view.cred_type == TSCRED_SMARTCARD)
        tr = take_smartcard(&c->deleg_other, &tm.view.u.smartcard);
    else
        tr = take_remote_guard(&c->deleg_other, &tm.view.u.remote_guard);
    tscredentials_msg_free(&tm);
    if (tr == TEXT_NO_MEMORY) {
        cs_set_error(c, "no memory for the delegated credentials");
        return act_fail(SEC_E_INSUFFICIENT_MEMORY);
    }
    if (tr == TEXT_INVALID) {
        cs_set_error(c, "the delegated credentials are not valid UTF-16 or hold U+0000");
        return act_fail(SEC_E_INVALID_TOKEN);
    }
    return act_done(EV_NONE);
}

/* ------------------------------------------------------------ dispatch */

act_result machine_act(machine_action action, machine_status status, void *ctx)
{
    cs_context *c = ctx;
    if (action != ACT_NONE) {
        size_t used = strlen(c->actions);
        snprintf(c->actions + used, sizeof c->actions - used, "%s%s", used > 0 ? ", " : "",
                 machine_action_name(action));
    }
    switch (action) {
    case ACT_NONE:
        return act_done(EV_NONE);
    case ACT_REJECT:
        return act_reject(c, status);
    case ACT_REPORT_FAILURE:
        return act_report_failure(c, status);
    case ACT_STAY_INCOMPLETE:
        return act_stay_incomplete(c);
    case ACT_TLS_START:
        return act_tls_start(c);
    case ACT_CLIENT_RESET:
        return act_client_reset(c);
    case ACT_CLIENT_KEEP_ISSUERS:
        return act_client_keep_issuers(c);
    case ACT_CLIENT_TAKE_CERT:
        return act_client_take_cert(c);
    case ACT_TLS_HANDSHAKE:
        return act_tls_handshake(c);
    case ACT_CLIENT_SEND_NEGOTIATE:
        return act_client_send_negotiate(c);
    case ACT_CLIENT_AUTHENTICATE:
        return act_client_authenticate(c);
    case ACT_CLIENT_SEND_AUTH_PUBKEY:
        return act_client_send_auth_pubkey(c);
    case ACT_CLIENT_NEGO_FINISH:
        return act_client_nego_finish(c);
    case ACT_CLIENT_VERIFY_PUBKEY:
        return act_client_verify_pubkey(c);
    case ACT_CLIENT_CHECK_DELEGATION:
        return act_client_check_delegation(c);
    case ACT_CLIENT_SEND_CREDENTIALS:
        return act_client_send_credentials(c);
    case ACT_CLIENT_TAKE_ERROR:
        return act_client_take_error(c);
    case ACT_SERVER_CHALLENGE:
        return act_server_challenge(c);
    case ACT_SERVER_VERIFY_AUTH:
        return act_server_verify_auth(c);
    case ACT_SERVER_VERIFY_PUBKEY:
        return act_server_verify_pubkey(c);
    case ACT_SERVER_SEND_PUBKEY:
        return act_server_send_pubkey(c);
    case ACT_SERVER_TAKE_CREDENTIALS:
        return act_server_take_credentials(c);
    case ACT_COUNT:
        break;
    }
    return act_fail(SEC_E_INTERNAL_ERROR);
}

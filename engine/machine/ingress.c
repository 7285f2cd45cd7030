/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ingress: the path from the caller's bytes to an event.  TLS record framing
 * (record.c) -> OpenSSL (tls.c) -> TSRequest bytes -> DER gate and decoder
 * (tsrequest.c) -> version rules -> which fields are present.  Nothing here
 * decides what to do with a message; the tables do.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "context.h"
#include "ingress.h"
#include "der.h"
#include "record.h"

/* [MS-CSSP] 2.2.1: the version a side speaks is at most 6; a higher one
 * (nmap sends 96) is treated as 6. */
static long ingress_effective_version(long own, long peer)
{
    long v = peer > CS_VERSION_MAX ? CS_VERSION_MAX : peer;
    return v < own ? v : own;
}

/* The version rules, applied to every TSRequest from the peer. */
static machine_event ingress_check_version(cs_context *c, long sent)
{
    if (!c->has_peer_version) {
        c->has_peer_version = true;
        c->peer_version = sent;
        c->version = ingress_effective_version(c->own_version, sent);
        if (c->version < c->cred->min_version) {
            cs_fail(c, CREDSSP_REASON_VERSION_TOO_LOW, "the peer speaks CredSSP version %ld, below the minimum %ld", sent, c->cred->min_version);
            return EV_VERSION_REFUSED;
        }
        return EV_NONE;
    }
    if (sent != c->peer_version) {
        cs_fail(c, CREDSSP_REASON_VERSION_CHANGED, "the peer's version changed from %ld to %ld", c->peer_version, sent);
        return EV_VERSION_CHANGED;
    }
    return EV_NONE;
}

/* Which fields the TSRequest carries ([MS-CSSP] 3.1.5). */
machine_event ingress_fields(const tsrequest *r)
{
    bool nego = r->nego_token_count > 0, pub = r->pub_key_auth.present, auth = r->auth_info.present;
    if (r->has_error_code)
        return EV_TS_ERROR;
    if (nego && pub && !auth)
        return EV_TS_NEGO_PUBKEY;
    if (nego && !pub && !auth)
        return EV_TS_NEGO;
    if (!nego && pub && !auth)
        return EV_TS_PUBKEY;
    if (!nego && !pub && auth)
        return EV_TS_AUTHINFO;
    return EV_TS_OTHER;
}

/* The event for c->rx, whose outer DER header says rule and total
 * (der_outer_size, read once per message by the caller). */
static machine_event ingress_classify_sized(cs_context *c, der_rule rule, size_t total)
{
    cs_drop_message(c);
    if (c->rx.len == 0)
        return EV_PARTIAL_MESSAGE;
    if (rule == DER_E_TRUNCATED || (rule == DER_OK && total > c->rx.len && total <= CS_MAX_MESSAGE))
        return EV_PARTIAL_MESSAGE;
    if (rule != DER_OK || total > CS_MAX_MESSAGE) {
        if (rule != DER_OK)
            cs_fail_parse(c, CREDSSP_REASON_MALFORMED_TSREQUEST, CREDSSP_STAGE_DER, (uint32_t)rule, 0,
                          "the peer's TSRequest: %s", der_rule_text(rule));
        else
            cs_fail(c, CREDSSP_REASON_MESSAGE_TOO_LARGE, "the peer's TSRequest: larger than 64 KiB");
        return EV_MALFORMED;
    }
    if (total != c->rx.len) {
        /* Each side answers before the other speaks again: one message at a time. */
        cs_fail(c, CREDSSP_REASON_TRAILING_BYTES, "%zu bytes follow the peer's TSRequest", c->rx.len - total);
        return EV_MALFORMED;
    }
    codec_error err;
    if (tsrequest_decode(c->rx.data, c->rx.len, &c->msg, &err) != CODEC_OK) {
        cs_fail_codec(c, err.result == CODEC_E_NOMEM ? CREDSSP_REASON_NO_MEMORY : CREDSSP_REASON_MALFORMED_TSREQUEST,
                      &err, "the peer's TSRequest does not decode: %s (byte %zu)", err.reason, err.offset);
        cs_buf_wipe(&c->rx);
        return EV_MALFORMED;
    }
    c->has_msg = true;
    cs_trace_message(c, CREDSSP_TRACE_RECEIVED, c->rx.data, c->rx.len);
    cs_buf_wipe(&c->rx); /* the view points into the decoded structure */
    machine_event v = ingress_check_version(c, c->msg.view.version);
    if (v != EV_NONE)
        return v;
    /* [MS-CSSP] 3.1.5: each negoTokens carries one token; every row that
     * takes negoTokens may rely on exactly one. */
    if (c->msg.view.nego_token_count > 1) {
        cs_fail(c, CREDSSP_REASON_NEGO_TOKEN_COUNT, "the peer sent %zu negoTokens, not one",
                c->msg.view.nego_token_count);
        return EV_MALFORMED;
    }
    return ingress_fields(&c->msg.view);
}

machine_event ingress_classify_message(cs_context *c)
{
    size_t total = 0;
    der_rule rule = c->rx.len > 0 ? der_outer_size(c->rx.data, c->rx.len, &total) : DER_E_TRUNCATED;
    return ingress_classify_sized(c, rule, total);
}

/* Decrypts one record (or, with none, what TLS holds) into c->rx; EV_NONE,
 * or the event that ends the call. */
static machine_event ingress_open_record(cs_context *c, const uint8_t *rec, size_t len)
{
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    tls_status ts = tls_open_records(c->tls, rec, len, &plain, &plain_len);
    if (ts == TLS_CLOSED) {
        return EV_PEER_CLOSED;
    }
    if (ts != TLS_OK) {
        cs_fail(c, CREDSSP_REASON_TLS_RECORD, "a TLS record from the peer does not decrypt, or is an alert");
        return EV_MALFORMED;
    }
    bool fits = c->rx.len + plain_len <= CS_MAX_MESSAGE && cs_buf_append(&c->rx, plain, plain_len);
    OPENSSL_cleanse(plain, plain_len);
    free(plain);
    if (!fits) {
        cs_fail(c, CREDSSP_REASON_MESSAGE_TOO_LARGE, "the peer's TSRequest exceeds 64 KiB");
        return EV_MALFORMED;
    }
    return EV_NONE;
}


machine_event ingress_call(cs_context *c, size_t in_len, size_t *consumed)
{
    *consumed = 0;
    c->in = NULL;
    c->in_len = 0;
    c->missing = 0;
    /* The seed's SEC_E_UNSUPPORTED_FUNCTION has no call restriction: the
     * flags of every call are checked, the first and the later ones. */
    uint32_t unsupported = c->call_req & ~(c->server ? (uint32_t)CS_ASC_SUPPORTED : (uint32_t)CS_ISC_SUPPORTED);
    if (unsupported != 0) {
        cs_fail(c, CREDSSP_REASON_UNSUPPORTED, "fContextReq 0x%x asks for what CredSSP does not support (0x%x)",
                c->call_req, unsupported);
        return EV_UNSUPPORTED_FLAGS;
    }
    if (in_len > 0)
        return EV_INPUT;
    /* A credential with a certificate passed on this call (after
     * SEC_I_INCOMPLETE_CREDENTIALS); what that means is the table's. */
    return c->offered != NULL && c->offered->cert != NULL ? EV_CERT_SUPPLIED : EV_NO_INPUT;
}

machine_event ingress_read(cs_context *c, const uint8_t *in, size_t in_len, size_t *consumed)
{
    size_t whole = 0;
    switch (record_scan(in, in_len, &whole, &c->missing)) {
    case RECORD_PARTIAL:
        return EV_INCOMPLETE;
    case RECORD_BAD:
        cs_fail(c, CREDSSP_REASON_NOT_TLS, "the input is not TLS records (byte 0 is 0x%02x)", in[0]);
        *consumed = in_len;
        return EV_MALFORMED;
    case RECORD_WHOLE:
        break;
    }
    *consumed = whole;
    c->in = in;
    c->in_len = whole;
    if (!tls_established(c->tls))
        return EV_TLS_RECORDS;
    /* Record by record, until a whole TSRequest is in: records after it
     * belong to whoever speaks next over this TLS channel (RDP sends its MCS
     * Connect Initial right behind the last TSRequest) and go back to the
     * caller unread, as SECBUFFER_EXTRA. */
    size_t at = 0, total = 0;
    der_rule rule = DER_E_TRUNCATED;
    while (at < whole) {
        size_t rec = RECORD_HEADER_LEN + (((size_t)in[at + 3] << 8) | in[at + 4]);
        machine_event ev = ingress_open_record(c, in + at, rec);
        at += rec;
        if (ev != EV_NONE)
            return ev;
        /* The outer header, read once per record: whole (or never one)? */
        rule = c->rx.len > 0 ? der_outer_size(c->rx.data, c->rx.len, &total) : DER_E_TRUNCATED;
        if (rule != DER_E_TRUNCATED && (rule != DER_OK || total <= c->rx.len))
            break;
    }
    *consumed = at;
    c->in_len = at;
    return ingress_classify_sized(c, rule, total);
}

machine_event ingress_pending_message(cs_context *c)
{
    /* [MS-CSSP] 3.1.5: the client speaks first, so only a server finds a
     * TSRequest behind the handshake, and only once it is established. */
    if (!c->server || c->has_msg || c->tls == NULL || !tls_established(c->tls))
        return EV_NONE;
    /* What TLS already holds: no new record, only the plaintext it kept. */
    size_t before = c->rx.len;
    machine_event ev = ingress_open_record(c, NULL, 0);
    if (ev != EV_NONE)
        return ev;
    return c->rx.len > before ? ingress_classify_message(c) : EV_NONE;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A man in the middle rewrites TSRequests between our client and our
 * server.  Built on the fuzzing twin of the library (pass-through TLS,
 * fixed entropy), where records carry TSRequests in clear, so the meddler
 * can decode, change and re-encode each message: versions above 6 (nmap
 * sends 96), versions that change mid-exchange, and fields moved or dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../fuzz/engine_peer.h"
#include "testlib.h"
#include "tsrequest.h"

typedef void (*meddle_fn)(int from_server, unsigned index, tsrequest *r);

static unsigned meddled;

/* Decodes the record's TSRequest, lets f change it, re-encodes it. */
static void meddle(engine_io *io, int from_server, unsigned index, meddle_fn f)
{
    tsrequest_msg m;
    codec_error err;
    if (f == NULL || io->out_len <= 5 || io->out[0] != 23 ||
        tsrequest_decode(io->out + 5, io->out_len - 5, &m, &err) != CODEC_OK)
        return;
    tsrequest r = m.view;
    f(from_server, index, &r);
    uint8_t *der;
    size_t len;
    if (tsrequest_encode(&r, &der, &len, &err) == CODEC_OK) {
        uint8_t *rec = malloc(len + 5);
        engine_peer_record(der, len, rec);
        credssp_FreeContextBuffer(io->out);
        io->out = rec;
        io->out_len = len + 5;
        free(der);
        meddled++;
    }
    tsrequest_msg_free(&m);
}

typedef struct outcome {
    SECURITY_STATUS client, server;
    uint8_t client_last_record; /* the type of the client's last output record, 0 if none */
    CREDSSP_PROTOCOL_INFO cinfo, sinfo;
    char cerr[256], serr[256];
} outcome;

static void exchange_with(CredHandle *cc, meddle_fn f, outcome *o)
{
    engine_io c = { 0 }, s = { 0 };
    memset(o, 0, sizeof *o);
    o->client = engine_peer_call(0, cc, &c, NULL, 0);
    o->server = engine_peer_call(1, &engine_server_cred, &s, c.out, c.out_len);
    o->client = engine_peer_call(0, cc, &c, s.out, s.out_len);
    for (unsigned i = 0; i < 8; i++) {
        if (c.out_len == 0 || o->server != SEC_I_CONTINUE_NEEDED)
            break;
        meddle(&c, 0, i, f);
        o->server = engine_peer_call(1, &engine_server_cred, &s, c.out, c.out_len);
        if (s.out_len == 0 || o->client != SEC_I_CONTINUE_NEEDED)
            break;
        meddle(&s, 1, i, f);
        o->client = engine_peer_call(0, cc, &c, s.out, s.out_len);
    }
    o->client_last_record = c.out_len > 0 ? c.out[0] : 0;
    CREDSSP_LAST_ERROR e;
    if (c.started) {
        credssp_QueryContextAttributesA(&c.ctx, CREDSSP_ATTR_PROTOCOL_INFO, &o->cinfo);
        credssp_QueryContextAttributesA(&c.ctx, CREDSSP_ATTR_LAST_ERROR, &e);
        snprintf(o->cerr, sizeof o->cerr, "%s", e.Text);
    }
    if (s.started) {
        credssp_QueryContextAttributesA(&s.ctx, CREDSSP_ATTR_PROTOCOL_INFO, &o->sinfo);
        credssp_QueryContextAttributesA(&s.ctx, CREDSSP_ATTR_LAST_ERROR, &e);
        snprintf(o->serr, sizeof o->serr, "%s", e.Text);
    }
    o->cinfo.User = o->cinfo.Domain = o->cinfo.TlsVersion = "";
    o->sinfo.User = o->sinfo.Domain = o->sinfo.TlsVersion = "";
    engine_peer_end(&c);
    engine_peer_end(&s);
}

static void exchange(int spnego, meddle_fn f, outcome *o)
{
    exchange_with(&engine_client_cred[spnego], f, o);
}

static void client_says_96(int from_server, unsigned i, tsrequest *r)
{
    (void)i;
    if (!from_server)
        r->version = 96;
}

static void server_says_7(int from_server, unsigned i, tsrequest *r)
{
    (void)i;
    if (from_server)
        r->version = 7;
}

static void client_changes_version(int from_server, unsigned i, tsrequest *r)
{
    if (!from_server && i == 1)
        r->version = 5;
}

static void server_changes_version(int from_server, unsigned i, tsrequest *r)
{
    if (from_server && i == 1)
        r->version = 5;
}

static void server_says_4(int from_server, unsigned i, tsrequest *r)
{
    (void)i;
    if (from_server)
        r->version = 4;
}

/* A downgrade by the man in the middle on both directions: the client's
 * minimum stops it; with a minimum of 2 the binding hash is lost but the
 * echo still binds the key, and the exchange completes. */
static void both_say_4(int from_server, unsigned i, tsrequest *r)
{
    (void)from_server;
    (void)i;
    r->version = 4;
    r->client_nonce.present = false;
}

static void server_says_2(int from_server, unsigned i, tsrequest *r)
{
    (void)i;
    if (from_server)
        r->version = 2;
}

static uint32_t forced_error;

/* The server's CHALLENGE replaced by TSRequest{errorCode}. */
static void server_error(int from_server, unsigned i, tsrequest *r)
{
    if (from_server && i == 0) {
        r->nego_token_count = 0;
        r->has_error_code = true;
        r->error_code = forced_error;
    }
}

/* The server's answer to our AUTHENTICATE replaced by TSRequest{errorCode}. */
static void server_error_after_auth(int from_server, unsigned i, tsrequest *r)
{
    if (from_server && i == 1) {
        r->nego_token_count = 0;
        r->pub_key_auth.present = false;
        r->has_error_code = true;
        r->error_code = forced_error;
    }
}

static void drop_client_pubkey(int from_server, unsigned i, tsrequest *r)
{
    (void)i;
    if (!from_server && r->pub_key_auth.present) {
        r->pub_key_auth.present = false;
        r->client_nonce.present = false;
    }
}

static void flip_server_pubkey(int from_server, unsigned i, tsrequest *r)
{
    (void)i;
    static uint8_t copy[512];
    if (from_server && r->pub_key_auth.present && r->pub_key_auth.len <= sizeof copy) {
        memcpy(copy, r->pub_key_auth.data, r->pub_key_auth.len);
        copy[r->pub_key_auth.len - 1] ^= 1;
        r->pub_key_auth.data = copy;
    }
}

static void swap_nonce(int from_server, unsigned i, tsrequest *r)
{
    (void)i;
    static uint8_t other[32];
    if (!from_server && r->client_nonce.present) {
        memset(other, 0x11, sizeof other);
        r->client_nonce.data = other;
    }
}

int main(void)
{
    engine_peer_setup();
    outcome o;
    exchange(0, NULL, &o);
    CHECK(o.client == SEC_E_OK && o.server == SEC_E_OK, "untouched: %s / %s", credssp_status_name(o.client),
          credssp_status_name(o.server));
    exchange(0, client_says_96, &o);
    CHECK(o.client == SEC_E_OK && o.server == SEC_E_OK && o.sinfo.PeerVersion == 96 && o.sinfo.EffectiveVersion == 6,
          "a client at version 96 is treated as 6: %s / %s (peer %u, effective %u)", credssp_status_name(o.client),
          credssp_status_name(o.server), o.sinfo.PeerVersion, o.sinfo.EffectiveVersion);
    exchange(1, server_says_7, &o);
    CHECK(o.client == SEC_E_OK && o.cinfo.PeerVersion == 7 && o.cinfo.EffectiveVersion == 6,
          "a server at version 7 is treated as 6: %s (effective %u)", credssp_status_name(o.client),
          o.cinfo.EffectiveVersion);
    exchange(0, client_changes_version, &o);
    CHECK(o.server == SEC_E_INVALID_TOKEN && strstr(o.serr, "changed") != NULL,
          "the client's version changes mid-exchange: server %s (%s)", credssp_status_name(o.server), o.serr);
    exchange(0, server_changes_version, &o);
    CHECK(o.client == SEC_E_INVALID_TOKEN && strstr(o.cerr, "changed") != NULL,
          "the server's version changes mid-exchange: client %s (%s)", credssp_status_name(o.client), o.cerr);
    exchange(0, server_says_4, &o);
    /* The client (minimum 2) goes down to the echo; the server still expects
     * version 6's hash and nonce, so the downgrade is caught. */
    CHECK(o.server == SEC_E_INVALID_TOKEN && o.client == SEC_E_INVALID_TOKEN && o.cinfo.EffectiveVersion == 4,
          "the server's version rewritten to 4: the server refuses the client's echo (%s / %s: %s)",
          credssp_status_name(o.client), credssp_status_name(o.server), o.serr);
    exchange(0, both_say_4, &o);
    CHECK(o.client == SEC_E_OK && o.server == SEC_E_OK && o.cinfo.EffectiveVersion == 4,
          "both directions rewritten to 4: the echo still binds the key (%s / %s)", credssp_status_name(o.client),
          credssp_status_name(o.server));
    exchange(0, drop_client_pubkey, &o);
    CHECK(o.server == SEC_E_INVALID_TOKEN, "AUTHENTICATE without pubKeyAuth: server %s",
          credssp_status_name(o.server));
    exchange(0, flip_server_pubkey, &o);
    CHECK(o.client == SEC_E_MUTUAL_AUTH_FAILED, "a server pubKeyAuth changed by one bit: client %s",
          credssp_status_name(o.client));
    /* Without ISC_REQ_MUTUAL_AUTH the same failure is SEC_E_INVALID_TOKEN; with
     * ISC_REQ_EXTENDED_ERROR the client's last output is a TLS alert. */
    engine_peer_client_req = (ENGINE_PEER_REQ_CLIENT & ~ISC_REQ_MUTUAL_AUTH) | ISC_REQ_EXTENDED_ERROR;
    exchange(0, flip_server_pubkey, &o);
    CHECK(o.client == SEC_E_INVALID_TOKEN && o.client_last_record == 21,
          "without ISC_REQ_MUTUAL_AUTH: %s; ISC_REQ_EXTENDED_ERROR sends an alert (record type %u)",
          credssp_status_name(o.client), o.client_last_record);
    engine_peer_client_req = ENGINE_PEER_REQ_CLIENT;
    /* A downgrade relay: the server's version rewritten to 2.  A client with
     * the default minimum (5) refuses before sending anything sealed. */
    CREDSSP_LINUX_CRED dc = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CredHandle def;
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &dc, NULL, NULL, &def,
                                            NULL) == SEC_E_OK,
          "a client credential with the default minimum version");
    exchange_with(&def, server_says_2, &o);
    CHECK(o.client == SEC_E_DOWNGRADE_DETECTED, "the server's version rewritten to 2: the default client refuses (%s)",
          credssp_status_name(o.client));
    credssp_FreeCredentialsHandle(&def);
    /* errorCode to SSPI status ([MS-ERREF] NTSTATUS values, engine/machine/status.c). */
    static const struct {
        uint32_t nt;
        SECURITY_STATUS want;
    } errors[] = {
        { 0xC000006Du, SEC_E_LOGON_DENIED },                /* STATUS_LOGON_FAILURE */
        { 0xC0000234u, SEC_E_LOGON_DENIED },                /* STATUS_ACCOUNT_LOCKED_OUT */
        { 0xC000005Eu, SEC_E_NO_AUTHENTICATING_AUTHORITY }, /* STATUS_NO_LOGON_SERVERS */
        { 0xC0000133u, SEC_E_TIME_SKEW },                   /* STATUS_TIME_DIFFERENCE_AT_DC */
        { 0x8009030Cu, SEC_E_LOGON_DENIED },                /* an SSPI HRESULT, as some peers send */
        { 0xC0DEC0DEu, SEC_E_INTERNAL_ERROR },              /* anything else */
    };
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        forced_error = errors[i].nt;
        exchange(0, server_error, &o);
        CHECK(o.client == errors[i].want, "errorCode 0x%08X: the client returns %s", errors[i].nt,
              credssp_status_name(o.client));
    }
    /* After our AUTHENTICATE any refusal is the user's: FreeRDP 3.10's code
     * for a wrong password means nothing by itself (issue 14). */
    forced_error = 0xC00700EAu;
    exchange(0, server_error_after_auth, &o);
    CHECK(o.client == SEC_E_LOGON_DENIED, "errorCode 0xC00700EA after our AUTHENTICATE: the client returns %s",
          credssp_status_name(o.client));
    forced_error = 0xC0000133u;
    exchange(0, server_error_after_auth, &o);
    CHECK(o.client == SEC_E_TIME_SKEW, "a code with a meaning keeps it after our AUTHENTICATE: %s",
          credssp_status_name(o.client));
    exchange(0, swap_nonce, &o);
    CHECK(o.server == SEC_E_INVALID_TOKEN && strstr(o.serr, "pubKeyAuth") != NULL,
          "another clientNonce: the binding hash does not verify (%s)", o.serr);
    CHECK(meddled > 20, "the meddler rewrote %u messages", meddled);
    credssp_FreeCredentialsHandle(&engine_client_cred[0]);
    credssp_FreeCredentialsHandle(&engine_client_cred[1]);
    credssp_FreeCredentialsHandle(&engine_server_cred);
    return test_summary();
}

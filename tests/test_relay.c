/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A man in the middle with its own TLS key: it terminates the client's TLS
 * with its certificate and opens its own TLS to the real server, relaying
 * the TSRequests in between.  The client's pubKeyAuth binds the relay's key,
 * the server refuses it, and the client never sends authInfo.  A relay that
 * answers the client's AUTHENTICATE itself cannot make a server pubKeyAuth:
 * the client fails with SEC_E_MUTUAL_AUTH_FAILED.  The relay watches every
 * TSRequest the client sends: no credentials ever leave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "fixture.h"
#include "loopback.h"
#include "testlib.h"
#include "tls.h"
#include "tsrequest.h"

typedef struct buf {
    uint8_t *data;
    uint32_t len;
} buf;

static CredHandle cc, sc;
static CtxtHandle cx, sx;
static int c_started, s_started;

static SECURITY_STATUS client_call(const buf *in, buf *out)
{
    SecBuffer ib[2] = { { in->len, SECBUFFER_TOKEN, in->data }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    uint32_t attrs;
    SECURITY_STATUS st = credssp_InitializeSecurityContextA(
        &cc, c_started ? &cx : NULL, "TERMSRV/server", ISC_REQ_DELEGATE | ISC_REQ_MUTUAL_AUTH | ISC_REQ_ALLOCATE_MEMORY,
        0, SECURITY_NATIVE_DREP, c_started ? &id : NULL, 0, &cx, &od, &attrs, NULL);
    c_started |= st == SEC_I_CONTINUE_NEEDED;
    *out = (buf){ ob.pvBuffer, ob.cbBuffer };
    return st;
}

static SECURITY_STATUS server_call(const buf *in, buf *out)
{
    SecBuffer ib[2] = { { in->len, SECBUFFER_TOKEN, in->data }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    uint32_t attrs;
    SECURITY_STATUS st = credssp_AcceptSecurityContext(&sc, s_started ? &sx : NULL, &id,
                                                       ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_EXTENDED_ERROR,
                                                       SECURITY_NATIVE_DREP, &sx, &od, &attrs, NULL);
    s_started |= st == SEC_I_CONTINUE_NEEDED;
    *out = (buf){ ob.pvBuffer, ob.cbBuffer };
    return st;
}

/* The relay's two TLS ends: toward the client (as a server), toward the server (as a client). */
static tls_conn *to_client, *to_server;
static unsigned client_tsrequests, leaked_auth_info;

/* TSRequests the client sent, decrypted by the relay: does one carry authInfo? */
static void watch(const uint8_t *plain, size_t len)
{
    tsrequest_msg m;
    codec_error err;
    if (len > 0 && tsrequest_decode(plain, len, &m, &err) == CODEC_OK) {
        client_tsrequests++;
        leaked_auth_info += m.view.auth_info.present;
        tsrequest_msg_free(&m);
    }
}

static SECURITY_STATUS run_relay(bool forge)
{
    EVP_PKEY *key;
    X509 *cert;
    CHECK(cert_make_self_signed("relay", &key, &cert), "the relay's own key and certificate");
    to_client = tls_server_new(cert, key, NULL, NULL);
    to_server = tls_client_new(NULL, NULL);
    c_started = s_started = 0;
    client_tsrequests = leaked_auth_info = 0;
    buf c_out, s_out = { NULL, 0 }, none = { NULL, 0 };
    uint8_t *o;
    size_t ol;
    SECURITY_STATUS cst = client_call(&none, &c_out), sst = SEC_I_CONTINUE_NEEDED;
    /* The server handshake: the relay starts its own TLS to the real server.
     * The relay's own TLS results are ignored (CS_IGNORE): whether relaying
     * worked is what the two parties' statuses say. */
    CS_IGNORE(tls_handshake(to_server, NULL, 0, &o, &ol));
    for (int i = 0; i < 8 && !tls_established(to_server); i++) {
        buf in = { o, (uint32_t)ol };
        sst = server_call(&in, &s_out);
        free(o);
        CS_IGNORE(tls_handshake(to_server, s_out.data, s_out.len, &o, &ol));
        credssp_FreeContextBuffer(s_out.data);
    }
    if (ol > 0) { /* the relay's Finished to the server */
        buf in = { o, (uint32_t)ol };
        sst = server_call(&in, &s_out);
        credssp_FreeContextBuffer(s_out.data);
    }
    free(o);
    /* The client handshake with the relay's certificate, then TSRequests relayed. */
    for (int i = 0; i < 24 && cst == SEC_I_CONTINUE_NEEDED && c_out.len > 0; i++) {
        uint8_t *reply = NULL, *plain = NULL;
        size_t reply_len = 0, plain_len = 0;
        if (!tls_established(to_client)) {
            CS_IGNORE(tls_handshake(to_client, c_out.data, c_out.len, &reply, &reply_len));
            if (tls_established(to_client))
                CS_IGNORE(tls_open_records(to_client, NULL, 0, &plain, &plain_len));
        } else {
            CS_IGNORE(tls_open_records(to_client, c_out.data, c_out.len, &plain, &plain_len));
        }
        credssp_FreeContextBuffer(c_out.data);
        c_out = (buf){ NULL, 0 };
        if (plain_len > 0) {
            watch(plain, plain_len);
            tsrequest_msg m;
            codec_error err;
            bool decoded = tsrequest_decode(plain, plain_len, &m, &err) == CODEC_OK;
            bool auth = decoded && m.view.pub_key_auth.present;
            if (decoded)
                tsrequest_msg_free(&m);
            if (forge && auth) {
                /* The relay answers the AUTHENTICATE itself with a made-up pubKeyAuth. */
                uint8_t fake[48], *der;
                size_t der_len;
                memset(fake, 0x42, sizeof fake);
                tsrequest r = { .version = 6, .pub_key_auth = { fake, sizeof fake, true } };
                CS_IGNORE(tsrequest_encode(&r, &der, &der_len, &err));
                free(reply);
                CS_IGNORE(tls_seal_record(to_client, der, der_len, &reply, &reply_len));
                free(der);
            } else {
                uint8_t *rec;
                size_t rec_len;
                CS_IGNORE(tls_seal_record(to_server, plain, plain_len, &rec, &rec_len));
                buf in = { rec, (uint32_t)rec_len };
                sst = server_call(&in, &s_out);
                free(rec);
                uint8_t *sp = NULL;
                size_t sp_len = 0;
                if (s_out.len > 0)
                    CS_IGNORE(tls_open_records(to_server, s_out.data, s_out.len, &sp, &sp_len));
                credssp_FreeContextBuffer(s_out.data);
                if (sp_len > 0) {
                    free(reply);
                    CS_IGNORE(tls_seal_record(to_client, sp, sp_len, &reply, &reply_len));
                }
                free(sp);
            }
        }
        free(plain);
        if (reply_len == 0) {
            free(reply);
            break;
        }
        buf in = { reply, (uint32_t)reply_len };
        cst = client_call(&in, &c_out);
        free(reply);
    }
    credssp_FreeContextBuffer(c_out.data);
    if (c_started)
        credssp_DeleteSecurityContext(&cx);
    if (s_started)
        credssp_DeleteSecurityContext(&sx);
    tls_free(to_client);
    tls_free(to_server);
    EVP_PKEY_free(key);
    X509_free(cert);
    (void)sst;
    return cst;
}

int main(void)
{
    CREDSSP_LINUX_CRED ci = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CREDSSP_LINUX_CRED si = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem" };
    credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci, NULL, NULL, &cc, NULL);
    credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &si, NULL, NULL, &sc, NULL);
    SECURITY_STATUS st = run_relay(false);
    CHECK(st == SEC_E_INVALID_TOKEN && leaked_auth_info == 0 && client_tsrequests == 2,
          "a relaying man in the middle: the server refuses the client's pubKeyAuth (bound to the relay's key) and "
          "says so; the client stops with %s after %u TSRequests, none with authInfo",
          credssp_status_name(st), client_tsrequests);
    st = run_relay(true);
    CHECK(st == SEC_E_MUTUAL_AUTH_FAILED && leaked_auth_info == 0 && client_tsrequests == 2,
          "a man in the middle answering with its own pubKeyAuth: the client stops with %s, no authInfo sent",
          credssp_status_name(st));
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
    return test_summary();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What an independent caller, written only against include/credssp/ and the
 * seed page, ran into; each check fails on the code before its fix:
 *   - a call whose pInput is a lone SECBUFFER_TOKEN (no SECBUFFER_EMPTY to
 *     report SECBUFFER_EXTRA or MISSING in) is refused before anything is
 *     consumed, and the same bytes then complete the exchange;
 *   - EncryptMessage with a trailer too small fails before sealing: the
 *     retry, and every record after it, decrypt at the peer;
 *   - the peer's close_notify is SEC_I_CONTEXT_EXPIRED for DecryptMessage;
 *   - an unsupported fContextReq flag is refused on a later call too;
 *   - a client certificate the server's CAs did not issue is not sent:
 *     SEC_I_INCOMPLETE_CREDENTIALS, as the seed says;
 *   - credssp_last_error() starts empty on every call and a success leaves
 *     none;
 *   - no randomness for a handle's tag fails the call (link-time wrap of
 *     entropy_random).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "entropy.h"
#include "fixture.h"
#include "handles.h"
#include "loopback.h"
#include "testlib.h"
#include "tls.h"

static const char *name(SECURITY_STATUS st)
{
    return credssp_status_name(st);
}

/* ----------------------------------------------- entropy, on demand failing */

bool __real_entropy_random(uint8_t *out, size_t n);
bool __wrap_entropy_random(uint8_t *out, size_t n);
static bool entropy_fails;

bool __wrap_entropy_random(uint8_t *out, size_t n)
{
    return entropy_fails ? false : __real_entropy_random(out, n);
}

/* ------------------------------------------------------------- helpers */

typedef struct peer {
    bool server;
    CredHandle *cred;
    CtxtHandle ctx;
    bool started;
    uint32_t req;
    SECURITY_STATUS st;
} peer;

/* One call: in (may be empty), with the SECBUFFER_EMPTY second buffer or
 * without; the output token replaces *tok (package-allocated). */
static SECURITY_STATUS call(peer *p, uint8_t *in, uint32_t in_len, bool with_empty, uint8_t **tok,
                            uint32_t *tok_len, SecBuffer *spare_out)
{
    SecBuffer ib[2] = { { in_len, SECBUFFER_TOKEN, in }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc id = { SECBUFFER_VERSION, with_empty ? 2u : 1u, ib };
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    uint32_t attrs;
    SecBufferDesc *input = in_len > 0 ? &id : NULL;
    SECURITY_STATUS st =
        p->server ? credssp_AcceptSecurityContext(p->cred, p->started ? &p->ctx : NULL, input,
                                                  p->req | ASC_REQ_ALLOCATE_MEMORY, SECURITY_NATIVE_DREP, &p->ctx,
                                                  &od, &attrs, NULL)
                  : credssp_InitializeSecurityContextA(p->cred, p->started ? &p->ctx : NULL, "TERMSRV/localhost",
                                                       p->req | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                                       input, 0, &p->ctx, &od, &attrs, NULL);
    if (!p->started && (st == SEC_I_CONTINUE_NEEDED || st == SEC_E_OK || st == SEC_I_INCOMPLETE_CREDENTIALS))
        p->started = true;
    if (spare_out != NULL)
        *spare_out = ib[1];
    *tok = ob.pvBuffer;
    *tok_len = ob.cbBuffer;
    p->st = st;
    return st;
}

static void acquire_pair(CredHandle *cc, CredHandle *sc)
{
    CREDSSP_LINUX_CRED ci = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CREDSSP_LINUX_CRED si = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem" };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci, NULL, NULL, cc,
                                            NULL) == SEC_E_OK &&
              credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &si, NULL, NULL, sc,
                                                NULL) == SEC_E_OK,
          "credentials");
}

/* Drives both peers with proper buffers until neither goes on. */
static void finish(peer *c, peer *s, uint8_t *tok, uint32_t len, bool to_server)
{
    for (int turn = 0; turn < 16 && len > 0; turn++) {
        peer *p = to_server ? s : c;
        if (p->st != SEC_I_CONTINUE_NEEDED)
            break;
        uint8_t *out = NULL;
        uint32_t out_len = 0;
        call(p, tok, len, true, &out, &out_len, NULL);
        credssp_FreeContextBuffer(tok);
        tok = out;
        len = out_len;
        to_server = !to_server;
    }
    credssp_FreeContextBuffer(tok);
}

/* ----------------------------------------------------------------- tests */

static void test_lone_token_refused(void)
{
    CredHandle cc, sc;
    acquire_pair(&cc, &sc);
    peer c = { false, &cc, { 0, 0 }, false, ISC_REQ_DELEGATE | ISC_REQ_MUTUAL_AUTH, 0 };
    peer s = { true, &sc, { 0, 0 }, false, ASC_REQ_EXTENDED_ERROR, 0 };
    uint8_t *hello, *tok;
    uint32_t hello_len, len;
    call(&c, NULL, 0, true, &hello, &hello_len, NULL);
    /* The server's first call with the ClientHello as a lone token: refused,
     * no context made. */
    SECURITY_STATUS st = call(&s, hello, hello_len, false, &tok, &len, NULL);
    CHECK(st == SEC_E_INVALID_PARAMETER && !s.started && len == 0 &&
              strstr(credssp_last_error(), "SECBUFFER_EMPTY") != NULL,
          "a first AcceptSecurityContext with a lone SECBUFFER_TOKEN: %s (\"%s\")", name(st), credssp_last_error());
    st = call(&s, hello, hello_len, true, &tok, &len, NULL);
    CHECK(st == SEC_I_CONTINUE_NEEDED && len > 0, "the same ClientHello with SECBUFFER_EMPTY: %s", name(st));
    credssp_FreeContextBuffer(hello);
    /* The server's flight, and a surplus byte, as a lone token on a later
     * call: refused, and nothing of it was consumed (the proper call that
     * follows takes the same bytes and reports the surplus as EXTRA). */
    uint32_t flight_len = len;
    uint8_t *flight = malloc(len + 1u);
    memcpy(flight, tok, len);
    flight[len] = 0x17;
    credssp_FreeContextBuffer(tok);
    st = call(&c, flight, len + 1u, false, &tok, &len, NULL);
    CHECK(st == SEC_E_INVALID_PARAMETER && len == 0, "a later call with a lone SECBUFFER_TOKEN: %s", name(st));
    SecBuffer spare;
    st = call(&c, flight, flight_len + 1u, true, &tok, &len, &spare);
    CHECK(st == SEC_I_CONTINUE_NEEDED && spare.BufferType == SECBUFFER_EXTRA && spare.cbBuffer == 1,
          "then with SECBUFFER_EMPTY: %s, the surplus byte back as SECBUFFER_EXTRA (%u bytes, type %u)", name(st),
          spare.cbBuffer, spare.BufferType);
    free(flight);
    finish(&c, &s, tok, len, true);
    CHECK(c.st == SEC_E_OK && s.st == SEC_E_OK, "the exchange completes: %s / %s", name(c.st), name(s.st));
    credssp_DeleteSecurityContext(&c.ctx);
    credssp_DeleteSecurityContext(&s.ctx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

static void test_channel(bool tls12)
{
    loop_cfg cfg = loop_default();
    if (tls12)
        cfg.client_flags |= CREDSSP_CRED_TLS12_ONLY;
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK, "%s: established", r.client_info.TlsVersion);
    SecPkgContext_StreamSizes sizes;
    CHECK(credssp_QueryContextAttributesA(&cx, SECPKG_ATTR_STREAM_SIZES, &sizes) == SEC_E_OK && sizes.cbTrailer > 0 &&
              sizes.cbTrailer <= 64,
          "%s: SECPKG_ATTR_STREAM_SIZES gives the suite's trailer (%u bytes)", r.client_info.TlsVersion,
          sizes.cbTrailer);
    uint8_t wire[256];
    size_t len;
    SECURITY_STATUS st = loop_seal(&cx, "first", sizes.cbTrailer - 1, wire, &len);
    CHECK(st == SEC_E_BUFFER_TOO_SMALL, "a trailer one byte short: %s", name(st));
    st = loop_seal(&cx, "first", sizes.cbTrailer, wire, &len);
    CHECK(st == SEC_E_OK, "the retry with cbTrailer bytes: %s", name(st));
    st = loop_unseal(&sx, wire, len, "first");
    CHECK(st == SEC_E_OK, "the peer decrypts the retried record (no sequence number was spent): %s", name(st));
    st = loop_seal(&cx, "second", sizes.cbTrailer, wire, &len);
    st = st == SEC_E_OK ? loop_unseal(&sx, wire, len, "second") : st;
    CHECK(st == SEC_E_OK, "and the next one: %s", name(st));
    /* The server says goodbye with close_notify (what a shutdown sends). */
    handle_obj *o = handle_acquire(HANDLE_CONTEXT, &sx);
    uint8_t *bye = NULL;
    size_t bye_len = 0;
    CHECK(o != NULL, "the server context");
    if (o != NULL) {
        CS_IGNORE(tls_close(((cs_context *)o)->tls, &bye, &bye_len)); /* bye_len says whether it wrote one */
        refcounted_drop(o);
    }
    st = bye_len > 0 && bye_len <= sizeof wire ? (memcpy(wire, bye, bye_len), loop_unseal(&cx, wire, bye_len, NULL))
                                               : SEC_E_INTERNAL_ERROR;
    free(bye);
    CHECK(st == SEC_I_CONTEXT_EXPIRED, "the peer's close_notify: %s (Schannel's SEC_I_CONTEXT_EXPIRED)", name(st));
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

static void test_later_unsupported_flags(void)
{
    CredHandle cc, sc;
    acquire_pair(&cc, &sc);
    peer c = { false, &cc, { 0, 0 }, false, ISC_REQ_DELEGATE | ISC_REQ_MUTUAL_AUTH, 0 };
    peer s = { true, &sc, { 0, 0 }, false, ASC_REQ_EXTENDED_ERROR, 0 };
    uint8_t *tok, *reply;
    uint32_t len, reply_len;
    call(&c, NULL, 0, true, &tok, &len, NULL);
    call(&s, tok, len, true, &reply, &reply_len, NULL);
    credssp_FreeContextBuffer(tok);
    c.req |= ISC_REQ_DATAGRAM;
    SECURITY_STATUS st = call(&c, reply, reply_len, true, &tok, &len, NULL);
    CHECK(st == SEC_E_UNSUPPORTED_FUNCTION, "ISC_REQ_DATAGRAM on the second call: %s", name(st));
    credssp_FreeContextBuffer(reply);
    credssp_FreeContextBuffer(tok);
    credssp_DeleteSecurityContext(&c.ctx);
    credssp_DeleteSecurityContext(&s.ctx);
    /* On an established context: refused, and it stays established. */
    loop_cfg cfg = loop_default();
    loop_result r;
    CtxtHandle cx, sx;
    loop_exchange(&cfg, &cc, &sc, &r, &cx, &sx);
    c = (peer){ false, &cc, cx, true, ISC_REQ_DELEGATE | ISC_REQ_USE_DCE_STYLE, 0 };
    st = call(&c, NULL, 0, true, &tok, &len, NULL);
    uint8_t wire[256];
    size_t wl;
    SECURITY_STATUS est = loop_seal(&cx, "still there", 64, wire, &wl);
    CHECK(st == SEC_E_UNSUPPORTED_FUNCTION && len == 0 && est == SEC_E_OK,
          "ISC_REQ_USE_DCE_STYLE after SEC_E_OK: %s, and EncryptMessage still works: %s", name(st), name(est));
    credssp_FreeContextBuffer(tok);
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

/* The server names the test CA; the client's certificate is the
 * self-signed loopback one: not sent, SEC_I_INCOMPLETE_CREDENTIALS. */
static void test_foreign_client_certificate(void)
{
    CREDSSP_LINUX_CRED ci = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!",
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem" };
    CREDSSP_LINUX_CRED si = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem",
                              .ClientCaFile = CREDSSP_TEST_DATA "/client-ca.pem",
                              .Flags = CREDSSP_CRED_REQUEST_CLIENT_CERT };
    CredHandle cc, sc;
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci, NULL, NULL, &cc,
                                            NULL) == SEC_E_OK &&
              credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &si, NULL, NULL, &sc,
                                                NULL) == SEC_E_OK,
          "a client with a certificate the server's CA did not issue");
    peer c = { false, &cc, { 0, 0 }, false, ISC_REQ_DELEGATE, 0 };
    peer s = { true, &sc, { 0, 0 }, false, 0, 0 };
    uint8_t *tok, *reply;
    uint32_t len, reply_len;
    call(&c, NULL, 0, true, &tok, &len, NULL);
    call(&s, tok, len, true, &reply, &reply_len, NULL);
    credssp_FreeContextBuffer(tok);
    SECURITY_STATUS st = call(&c, reply, reply_len, true, &tok, &len, NULL);
    CHECK(st == SEC_I_INCOMPLETE_CREDENTIALS && len == 0,
          "the seed: SEC_I_INCOMPLETE_CREDENTIALS for a certificate not issued by a CA the server trusts: %s",
          name(st));
    credssp_FreeContextBuffer(reply);
    credssp_FreeContextBuffer(tok);
    credssp_DeleteSecurityContext(&c.ctx);
    credssp_DeleteSecurityContext(&s.ctx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

static void test_last_error_per_call(void)
{
    CredHandle cc, sc;
    acquire_pair(&cc, &sc);
    CHECK(credssp_AcquireCredentialsHandleA(NULL, "Kerberos", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &cc,
                                            NULL) == SEC_E_SECPKG_NOT_FOUND &&
              credssp_last_error()[0] != '\0',
          "a failure says why");
    peer c = { false, &cc, { 0, 0 }, false, ISC_REQ_DELEGATE, 0 };
    uint8_t *tok;
    uint32_t len;
    SECURITY_STATUS st = call(&c, NULL, 0, true, &tok, &len, NULL);
    CHECK(st == SEC_I_CONTINUE_NEEDED && credssp_last_error()[0] == '\0',
          "the next call succeeds and leaves no text (\"%s\")", credssp_last_error());
    credssp_FreeContextBuffer(tok);
    uint8_t wire[64];
    size_t wl;
    st = loop_seal(&c.ctx, "too early", 32, wire, &wl);
    CHECK(st == SEC_E_CONTEXT_EXPIRED && strstr(credssp_last_error(), "established") != NULL,
          "EncryptMessage before the context is established: %s", name(st));
    CtxtHandle bogus = { 1, 2 };
    CHECK(credssp_DeleteSecurityContext(&bogus) == SEC_E_INVALID_HANDLE &&
              strstr(credssp_last_error(), "handle") != NULL,
          "each failure its own sentence (\"%s\")", credssp_last_error());
    credssp_DeleteSecurityContext(&c.ctx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

static void test_no_entropy_for_handles(void)
{
    CREDSSP_LINUX_CRED ci = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CredHandle cc = { 0, 0 };
    entropy_fails = true;
    SECURITY_STATUS st =
        credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci, NULL, NULL, &cc, NULL);
    entropy_fails = false;
    CHECK(st == SEC_E_INTERNAL_ERROR && strstr(credssp_last_error(), "random") != NULL,
          "no randomness for a handle's tag: %s (\"%s\"), no guessable handle", name(st), credssp_last_error());
    CHECK(credssp_FreeCredentialsHandle(&cc) == SEC_E_INVALID_HANDLE, "and no handle was made");
}

int main(void)
{
    (void)loop_user_file(FIXTURE_SAM_ALICE);
    test_lone_token_refused();
    test_channel(false);
    test_channel(true);
    test_later_unsupported_flags();
    test_foreign_client_certificate();
    test_last_error_per_call();
    test_no_entropy_for_handles();
    return test_summary();
}

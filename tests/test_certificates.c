/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Certificates through the public API: the peer's certificate as the
 * caller sees it, client certificates after SEC_I_INCOMPLETE_CREDENTIALS
 * (the issuers the server named, a certificate supplied on the next call),
 * and the ephemeral server key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "loopback.h"
#include "testlib.h"

/* ISC_REQ_MANUAL_CRED_VALIDATION: the caller gets the server's certificate. */
static void test_peer_certificate(void)
{
    loop_cfg cfg = loop_default();
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    CREDSSP_PEER_CERTIFICATE pc;
    CHECK(credssp_QueryContextAttributesA(&cx, CREDSSP_ATTR_PEER_CERTIFICATE, &pc) == SEC_E_OK && pc.Length > 500 &&
              pc.Der[0] == 0x30,
          "the client reads the server's certificate (%u bytes of DER)", pc.Length);
    CHECK(credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_PEER_CERTIFICATE, &pc) == SEC_E_UNSUPPORTED_FUNCTION,
          "the server has no client certificate to show");
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

static bool contains(const uint8_t *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return true;
    return false;
}

/* One call with a token in; the output replaces *out (package-allocated). */
static SECURITY_STATUS step(bool server, CredHandle *cred, CtxtHandle *ctx, bool first, uint8_t **tok, uint32_t *len)
{
    SecBuffer ib[2] = { { *len, SECBUFFER_TOKEN, *tok }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    uint32_t attrs;
    SECURITY_STATUS st =
        server ? credssp_AcceptSecurityContext(cred, first ? NULL : ctx, &id, ASC_REQ_ALLOCATE_MEMORY,
                                               SECURITY_NATIVE_DREP, ctx, &od, &attrs, NULL)
               : credssp_InitializeSecurityContextA(cred, first ? NULL : ctx, "TERMSRV/x",
                                                    ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                                    first || *len == 0 ? NULL : &id, 0, ctx, &od, &attrs, NULL);
    credssp_FreeContextBuffer(*tok);
    *tok = ob.pvBuffer;
    *len = ob.cbBuffer;
    return st;
}

/* A server that asks for a client certificate: SEC_I_INCOMPLETE_CREDENTIALS,
 * the CAs it accepts through SECPKG_ATTR_ISSUER_LIST_EX, a new credential
 * with a certificate in phCredential, and the handshake goes on. */
static void test_client_certificate(void)
{
    CREDSSP_LINUX_CRED ci = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CREDSSP_LINUX_CRED ci2 = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!",
                               .CertFile = CREDSSP_TEST_DATA "/client-cert.pem",
                               .KeyFile = CREDSSP_TEST_DATA "/client-key.pem" };
    CREDSSP_LINUX_CRED si = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem",
                              .ClientCaFile = CREDSSP_TEST_DATA "/client-ca.pem",
                              .Flags = CREDSSP_CRED_REQUEST_CLIENT_CERT };
    CredHandle cc, cc2, sc;
    CtxtHandle cx, sx;
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci, NULL, NULL, &cc,
                                            NULL) == SEC_E_OK &&
              credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &si, NULL, NULL, &sc,
                                                NULL) == SEC_E_OK,
          "a server credential that asks for client certificates");
    uint8_t *tok = NULL;
    uint32_t len = 0;
    SECURITY_STATUS cst = step(false, &cc, &cx, true, &tok, &len);
    SECURITY_STATUS sst = step(true, &sc, &sx, true, &tok, &len);
    cst = step(false, &cc, &cx, false, &tok, &len);
    CHECK(cst == SEC_I_INCOMPLETE_CREDENTIALS && len == 0, "the client without a certificate: %s", credssp_status_name(cst));
    SecPkgContext_IssuerListInfoEx issuers;
    CHECK(credssp_QueryContextAttributesA(&cx, SECPKG_ATTR_ISSUER_LIST_EX, &issuers) == SEC_E_OK &&
              issuers.cIssuers == 1 && issuers.aIssuers[0].cbData > 20 &&
              contains(issuers.aIssuers[0].pbData, issuers.aIssuers[0].cbData, "libcredssp test CA"),
          "SECPKG_ATTR_ISSUER_LIST_EX names the server's CA (%u issuers)", issuers.cIssuers);
    cst = step(false, &cc, &cx, false, &tok, &len);
    CHECK(cst == SEC_I_INCOMPLETE_CREDENTIALS, "called again without a certificate: still %s", credssp_status_name(cst));
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci2, NULL, NULL, &cc2,
                                            NULL) == SEC_E_OK,
          "a client credential with a certificate");
    cst = step(false, &cc2, &cx, false, &tok, &len);
    CHECK(cst == SEC_I_CONTINUE_NEEDED && len > 0, "with it in phCredential the handshake resumes: %s", credssp_status_name(cst));
    for (int turn = 0; turn < 8 && len > 0; turn++) {
        if (turn % 2 == 0 && sst == SEC_I_CONTINUE_NEEDED)
            sst = step(true, &sc, &sx, false, &tok, &len);
        else if (turn % 2 == 1 && cst == SEC_I_CONTINUE_NEEDED)
            cst = step(false, &cc2, &cx, false, &tok, &len);
        else
            break;
    }
    credssp_FreeContextBuffer(tok);
    CREDSSP_PEER_CERTIFICATE pc;
    CHECK(cst == SEC_E_OK && sst == SEC_E_OK, "the exchange completes: %s / %s", credssp_status_name(cst), credssp_status_name(sst));
    CHECK(credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_PEER_CERTIFICATE, &pc) == SEC_E_OK && pc.Length > 300,
          "the server sees the client's certificate (%u bytes)", pc.Length);
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&cc2);
    credssp_FreeCredentialsHandle(&sc);
}

/* The server with an ephemeral key (no certificate files). */
static void test_ephemeral_key(void)
{
    CREDSSP_LINUX_CRED s = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE) };
    CredHandle h;
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &s, NULL, NULL, &h, NULL) ==
              SEC_E_OK,
          "a server credential with an ephemeral RSA-2048 key");
    credssp_FreeCredentialsHandle(&h);
}

int main(void)
{
    test_peer_certificate();
    test_client_certificate();
    test_ephemeral_key();
    return test_summary();
}

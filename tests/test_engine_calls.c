/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rules of the SSPI calls, client and server in one process: flags the
 * package does not support, handle validation, partial and surplus input,
 * argument checks, SEC_E_BUFFER_TOO_SMALL and its retry, re-authentication.
 * Certificates: test_certificates.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "loopback.h"
#include "testlib.h"

/* Flags CredSSP does not do: SEC_E_UNSUPPORTED_FUNCTION, and no context. */
static void test_unsupported_flags(void)
{
    static const uint32_t isc_bad[] = { ISC_REQ_DATAGRAM, ISC_REQ_USE_DCE_STYLE, ISC_REQ_NULL_SESSION,
                                        ISC_REQ_PROMPT_FOR_CREDS, ISC_REQ_IDENTIFY };
    for (size_t i = 0; i < sizeof isc_bad / sizeof isc_bad[0]; i++) {
        loop_cfg cfg = loop_default();
        cfg.isc_req |= isc_bad[i];
        loop_result r;
        loop_run(&cfg, &r);
        CHECK(r.client == SEC_E_UNSUPPORTED_FUNCTION && r.messages == 0, "ISC_REQ 0x%x: %s", isc_bad[i],
              credssp_status_name(r.client));
    }
    loop_cfg cfg = loop_default();
    cfg.asc_req |= ASC_REQ_DATAGRAM;
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_UNSUPPORTED_FUNCTION, "ASC_REQ_DATAGRAM: %s", credssp_status_name(r.server));
    cfg = loop_default();
    cfg.isc_req |= ISC_REQ_CONNECTION | ISC_REQ_STREAM | ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT |
                   ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_EXTENDED_ERROR | ISC_REQ_MANUAL_CRED_VALIDATION;
    loop_run(&cfg, &r);
    uint32_t want = ISC_RET_CONNECTION | ISC_RET_STREAM | ISC_RET_SEQUENCE_DETECT | ISC_RET_REPLAY_DETECT |
                    ISC_RET_CONFIDENTIALITY | ISC_RET_INTEGRITY | ISC_RET_EXTENDED_ERROR |
                    ISC_RET_MANUAL_CRED_VALIDATION | ISC_RET_MUTUAL_AUTH | ISC_RET_DELEGATE | ISC_RET_ALLOCATED_MEMORY;
    CHECK(r.client == SEC_E_OK && (r.client_attrs & want) == want, "every supported flag comes back (0x%x)",
          r.client_attrs);
    CHECK((r.server_attrs & ASC_RET_DELEGATE) && (r.server_attrs & ASC_RET_EXTENDED_ERROR),
          "the server reports ASC_RET_DELEGATE (credentials came) and ASC_RET_EXTENDED_ERROR (0x%x)", r.server_attrs);
    cfg = loop_default();
    cfg.isc_req = ISC_REQ_MUTUAL_AUTH;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_OK && !(r.server_attrs & ASC_RET_DELEGATE), "restricted admin: no ASC_RET_DELEGATE");
}

static void test_handles(void)
{
    loop_cfg cfg = loop_default();
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    CtxtHandle forged = cx;
    forged.dwUpper ^= 1;
    CtxtHandle wild = { 12345, 67890 };
    uint32_t attrs;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    CHECK(credssp_DeleteSecurityContext(NULL) == SEC_E_INVALID_HANDLE, "NULL context handle");
    CHECK(credssp_DeleteSecurityContext(&forged) == SEC_E_INVALID_HANDLE, "forged context handle");
    CHECK(credssp_DeleteSecurityContext(&wild) == SEC_E_INVALID_HANDLE, "made-up context handle");
    CHECK(credssp_DeleteSecurityContext((CtxtHandle *)&cc) == SEC_E_INVALID_HANDLE,
          "a credential handle is not a context handle");
    CHECK(credssp_InitializeSecurityContextA(&cc, &sx, "TERMSRV/x", 0, 0, SECURITY_NATIVE_DREP, NULL, 0, NULL, &od,
                                             &attrs, NULL) == SEC_E_INVALID_HANDLE,
          "a server context handed to InitializeSecurityContext");
    CHECK(credssp_DeleteSecurityContext(&cx) == SEC_E_OK, "delete the client context");
    CHECK(credssp_DeleteSecurityContext(&cx) == SEC_E_INVALID_HANDLE, "deleted twice");
    CHECK(credssp_QueryContextAttributesA(&cx, CREDSSP_ATTR_LAST_ERROR, &attrs) == SEC_E_INVALID_HANDLE,
          "query on a deleted handle");
    CHECK(credssp_FreeCredentialsHandle(&cc) == SEC_E_OK, "free the credential");
    CHECK(credssp_InitializeSecurityContextA(&cc, NULL, "TERMSRV/x", 0, 0, SECURITY_NATIVE_DREP, NULL, 0, &cx, &od,
                                             &attrs, NULL) == SEC_E_INVALID_HANDLE,
          "a freed credential handle");
    /* The server context outlives its credential handle: it holds a reference. */
    CHECK(credssp_FreeCredentialsHandle(&sc) == SEC_E_OK, "free the server credential first");
    CREDSSP_DELEGATED_CREDENTIALS d;
    CHECK(credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_DELEGATED_CREDENTIALS, &d) == SEC_E_OK &&
              strcmp(d.User, "alice") == 0,
          "the server context still answers");
    /* This package never returns SEC_I_COMPLETE_NEEDED or SEC_I_COMPLETE_AND_CONTINUE;
     * a CompleteAuthToken call anyway is harmless. */
    CHECK(credssp_CompleteAuthToken(&sx, NULL) == SEC_E_OK, "CompleteAuthToken on a live context: SEC_E_OK");
    CHECK(credssp_DeleteSecurityContext(&sx) == SEC_E_OK, "delete the server context");
    CHECK(credssp_CompleteAuthToken(&sx, NULL) == SEC_E_INVALID_HANDLE, "CompleteAuthToken on a deleted handle");
}

/* The server's first input split and padded: incomplete, then surplus. */
static void test_partial_input(void)
{
    loop_cfg cfg = loop_default();
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_result r;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    uint32_t attrs;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    CHECK(credssp_InitializeSecurityContextA(&cc, NULL, "TERMSRV/x", ISC_REQ_ALLOCATE_MEMORY, 0,
                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs, NULL) ==
              SEC_I_CONTINUE_NEEDED,
          "ClientHello");
    size_t hello_len = ob.cbBuffer;
    uint8_t *hello = malloc(hello_len + 3);
    memcpy(hello, ob.pvBuffer, hello_len);
    memcpy(hello + hello_len, "\x16\x03\x03", 3);
    credssp_FreeContextBuffer(ob.pvBuffer);

    /* Every prefix of the real ClientHello (one record). */
    size_t wrong = 0;
    for (size_t k = 1; k < hello_len; k++) {
        SecBuffer pb[2] = { { (uint32_t)k, SECBUFFER_TOKEN, hello }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc pd = { SECBUFFER_VERSION, 2, pb };
        SecBuffer so = { 0, SECBUFFER_TOKEN, NULL };
        SecBufferDesc sod = { SECBUFFER_VERSION, 1, &so };
        CtxtHandle none;
        SECURITY_STATUS pst = credssp_AcceptSecurityContext(&sc, NULL, &pd, ASC_REQ_ALLOCATE_MEMORY,
                                                            SECURITY_NATIVE_DREP, &none, &sod, &attrs, NULL);
        wrong += pst != SEC_E_INCOMPLETE_MESSAGE || pb[1].BufferType != SECBUFFER_MISSING ||
                 pb[1].cbBuffer != (k < 5 ? 5 - k : hello_len - k) || so.cbBuffer != 0;
    }
    CHECK(wrong == 0, "each of the %zu prefixes of the ClientHello: SEC_E_INCOMPLETE_MESSAGE, exact MISSING (%zu wrong)",
          hello_len - 1, wrong);
    SecBuffer ib[2] = { { (uint32_t)hello_len - 1, SECBUFFER_TOKEN, hello }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
    SecBuffer sb = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    SECURITY_STATUS st = credssp_AcceptSecurityContext(&sc, NULL, &id, ASC_REQ_ALLOCATE_MEMORY, SECURITY_NATIVE_DREP,
                                                       &sx, &sd, &attrs, NULL);
    CHECK(st == SEC_E_INCOMPLETE_MESSAGE && ib[1].BufferType == SECBUFFER_MISSING && ib[1].cbBuffer == 1,
          "one byte short: %s, SECBUFFER_MISSING %u", credssp_status_name(st), ib[1].cbBuffer);
    CHECK(sb.cbBuffer == 0, "nothing is sent for an incomplete message");
    ib[0].cbBuffer = (uint32_t)hello_len + 3;
    ib[1] = (SecBuffer){ 0, SECBUFFER_EMPTY, NULL };
    st = credssp_AcceptSecurityContext(&sc, NULL, &id, ASC_REQ_ALLOCATE_MEMORY, SECURITY_NATIVE_DREP, &sx, &sd,
                                       &attrs, NULL);
    CHECK(st == SEC_I_CONTINUE_NEEDED && ib[1].BufferType == SECBUFFER_EXTRA && ib[1].cbBuffer == 3,
          "three bytes past the record: %s, SECBUFFER_EXTRA %u", credssp_status_name(st), ib[1].cbBuffer);
    CHECK(sb.cbBuffer > 0 && (attrs & ASC_RET_ALLOCATED_MEMORY), "the ServerHello flight, package-allocated");
    credssp_FreeContextBuffer(sb.pvBuffer);

    /* Garbage instead of a TLS record fails the context cleanly. */
    SecBuffer gb[2] = { { 6, SECBUFFER_TOKEN, (void *)(uintptr_t) "GET / " }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc gd = { SECBUFFER_VERSION, 2, gb };
    CHECK(credssp_InitializeSecurityContextA(&cc, &cx, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP, &gd, 0,
                                             NULL, &od, &attrs, NULL) == SEC_E_INVALID_TOKEN,
          "not TLS: SEC_E_INVALID_TOKEN");
    CHECK(credssp_InitializeSecurityContextA(&cc, &cx, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP, &gd, 0,
                                             NULL, &od, &attrs, NULL) == SEC_E_INVALID_HANDLE,
          "a failed context is not driven further");
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    free(hello);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

static void test_arguments(void)
{
    CredHandle h;
    CREDSSP_LINUX_CRED none = { .Type = CredsspLinuxCreds };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL, &none, NULL, NULL, &h,
                                            NULL) == SEC_E_SECPKG_NOT_FOUND,
          "another package name");
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &h,
                                            NULL) == SEC_E_NO_CREDENTIALS,
          "no pAuthData");
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &none, NULL, NULL, &h,
                                            NULL) == SEC_E_NO_CREDENTIALS,
          "no user");
    CREDSSP_LINUX_CRED bad = { .Type = CredsspLinuxCreds, .User = "a", .NtHash = "xyz" };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &bad, NULL, NULL, &h,
                                            NULL) == SEC_E_UNKNOWN_CREDENTIALS,
          "a malformed NT hash");
    CREDSSP_LINUX_CRED nofile = { .Type = CredsspLinuxCreds, .UserFile = "/nonexistent/users" };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &nofile, NULL, NULL, &h,
                                            NULL) == SEC_E_NO_CREDENTIALS &&
              strstr(credssp_last_error(), "/nonexistent/users") != NULL,
          "a missing user file is named: %s", credssp_last_error());

    /* Windows' own structure: CREDSSP_CRED with a SEC_WINNT_AUTH_IDENTITY_A. */
    SEC_WINNT_AUTH_IDENTITY_A id = { (unsigned char *)(uintptr_t) "alice", 5, NULL, 0,
                                     (unsigned char *)(uintptr_t) "Passw0rd!", 9, SEC_WINNT_AUTH_IDENTITY_ANSI };
    CREDSSP_CRED wc = { CredsspPasswordCreds, NULL, &id };
    TimeStamp ts = { 0, 0 };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &wc, NULL, NULL, &h,
                                            &ts) == SEC_E_OK &&
              ts.HighPart == 0x7FFFFFFF,
          "CREDSSP_CRED / SEC_WINNT_AUTH_IDENTITY_A; the expiry is 'never'");
    CtxtHandle cx;
    uint32_t attrs;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP, NULL,
                                             0, &cx, &od, &attrs, NULL) == SEC_E_TARGET_UNKNOWN,
          "no target name");
    char long_target[1200];
    memset(long_target, 'a', sizeof long_target - 1);
    long_target[sizeof long_target - 1] = '\0';
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, long_target, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                             NULL, 0, &cx, &od, &attrs, NULL) == SEC_E_TARGET_UNKNOWN,
          "a target name too long for NTLM's MsvAvTargetName");
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/\xff\xfe", ISC_REQ_ALLOCATE_MEMORY, 0,
                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs,
                                             NULL) == SEC_E_TARGET_UNKNOWN,
          "a target name that is not UTF-8");
    TimeStamp expiry = { 0, 0 };
    SecBuffer eb = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc ed = { SECBUFFER_VERSION, 1, &eb };
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/x", ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NETWORK_DREP,
                                             NULL, 0, &cx, &ed, &attrs, &expiry) == SEC_I_CONTINUE_NEEDED &&
              expiry.HighPart == 0x7FFFFFFF && (attrs & ISC_RET_ALLOCATED_MEMORY),
          "ptsExpiry is filled (never), SECURITY_NETWORK_DREP is accepted");
    credssp_FreeContextBuffer(eb.pvBuffer);
    credssp_DeleteSecurityContext(&cx);
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/x", ISC_REQ_ALLOCATE_MEMORY, 1,
                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs,
                                             NULL) == SEC_E_INVALID_PARAMETER,
          "Reserved1 not zero");
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/x", ISC_REQ_ALLOCATE_MEMORY, 0, 7, NULL, 0, &cx, &od,
                                             &attrs, NULL) == SEC_E_INVALID_PARAMETER,
          "TargetDataRep neither native nor network");
    uint8_t small[8];
    SecBuffer sb = { sizeof small, SECBUFFER_TOKEN, small };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/x", 0, 0, SECURITY_NETWORK_DREP, NULL, 0, &cx, &sd,
                                             &attrs, NULL) == SEC_E_BUFFER_TOO_SMALL &&
              sb.cbBuffer > sizeof small,
          "the caller's buffer is too small; cbBuffer says what is needed (%u)", sb.cbBuffer);
    PSecurityFunctionTableA ft = credssp_InitSecurityInterfaceA();
    CHECK(ft != NULL && ft->dwVersion == 1 && ft->InitializeSecurityContextA == credssp_InitializeSecurityContextA &&
              ft->FreeCredentialsHandle(&h) == SEC_E_OK,
          "the function table");
}

/* A caller buffer too small for a later output: SEC_E_BUFFER_TOO_SMALL says
 * how much is needed, and the retry with the same input gets the output;
 * nothing is lost and the exchange completes. */
static void test_small_buffer_retry(void)
{
    CREDSSP_LINUX_CRED cc = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CREDSSP_LINUX_CRED sc = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem" };
    CredHandle ch, sh;
    CtxtHandle cx, sx;
    credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &cc, NULL, NULL, &ch, NULL);
    credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL, &sh, NULL);
    static uint8_t c2s[8192], s2c[8192];
    uint32_t c2s_len = 0, s2c_len = 0, attrs;
    SECURITY_STATUS cst = SEC_I_CONTINUE_NEEDED, sst = SEC_I_CONTINUE_NEEDED;
    bool retried = false;
    for (int turn = 0; turn < 12 && (cst == SEC_I_CONTINUE_NEEDED || sst == SEC_I_CONTINUE_NEEDED); turn++) {
        bool client = turn % 2 == 0;
        uint8_t *in = client ? s2c : c2s, *out = client ? c2s : s2c;
        uint32_t *in_len = client ? &s2c_len : &c2s_len, *out_len = client ? &c2s_len : &s2c_len;
        if (turn > 0 && *in_len == 0)
            break;
        SecBuffer ib[2] = { { *in_len, SECBUFFER_TOKEN, in }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
        /* Turn 2: the client's second output into a 16-byte buffer first. */
        uint32_t cap = turn == 2 && !retried ? 16 : 8192;
        SecBuffer ob = { cap, SECBUFFER_TOKEN, out };
        SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
        SECURITY_STATUS st =
            client ? credssp_InitializeSecurityContextA(&ch, turn == 0 ? NULL : &cx, "TERMSRV/x", ISC_REQ_DELEGATE, 0,
                                                        SECURITY_NATIVE_DREP, turn == 0 ? NULL : &id, 0, &cx, &od,
                                                        &attrs, NULL)
                   : credssp_AcceptSecurityContext(&sh, turn == 1 ? NULL : &sx, &id, 0, SECURITY_NATIVE_DREP, &sx, &od,
                                                   &attrs, NULL);
        if (st == SEC_E_BUFFER_TOO_SMALL) {
            CHECK(turn == 2 && ob.cbBuffer > 16, "the client's second output needs %u bytes: SEC_E_BUFFER_TOO_SMALL",
                  ob.cbBuffer);
            retried = true;
            turn--; /* the same call again, with the same input */
            continue;
        }
        *out_len = ob.cbBuffer;
        if (client)
            cst = st;
        else
            sst = st;
    }
    CHECK(retried && cst == SEC_E_OK && sst == SEC_E_OK, "after the retry the exchange completes: %s / %s",
          credssp_status_name(cst), credssp_status_name(sst));
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&ch);
    credssp_FreeCredentialsHandle(&sh);
}

/* The seed: calling InitializeSecurityContext again after SEC_E_OK asks for
 * re-authentication.  The same client context runs a whole new exchange. */
static void test_reauthentication(void)
{
    loop_cfg cfg = loop_default();
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    credssp_DeleteSecurityContext(&sx);
    uint8_t *tok = NULL;
    uint32_t len = 0, attrs = 0;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    SECURITY_STATUS cst = credssp_InitializeSecurityContextA(&cc, &cx, "TERMSRV/localhost",
                                                             ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY, 0,
                                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs, NULL);
    CHECK(cst == SEC_I_CONTINUE_NEEDED && ob.cbBuffer > 0 && ((uint8_t *)ob.pvBuffer)[0] == 22,
          "a call without input after SEC_E_OK: %s and a new ClientHello", credssp_status_name(cst));
    tok = ob.pvBuffer;
    len = ob.cbBuffer;
    SECURITY_STATUS sst = SEC_I_CONTINUE_NEEDED;
    bool server_started = false;
    for (int turn = 1; turn < 12 && len > 0; turn++) {
        SecBuffer ib[2] = { { len, SECBUFFER_TOKEN, tok }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
        ob = (SecBuffer){ 0, SECBUFFER_TOKEN, NULL };
        if (turn % 2 == 1) {
            if (sst != SEC_I_CONTINUE_NEEDED)
                break;
            sst = credssp_AcceptSecurityContext(&sc, server_started ? &sx : NULL, &id, ASC_REQ_ALLOCATE_MEMORY,
                                                SECURITY_NATIVE_DREP, &sx, &od, &attrs, NULL);
            server_started = true;
        } else {
            if (cst != SEC_I_CONTINUE_NEEDED)
                break;
            cst = credssp_InitializeSecurityContextA(&cc, &cx, "TERMSRV/localhost",
                                                     ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY, 0,
                                                     SECURITY_NATIVE_DREP, &id, 0, &cx, &od, &attrs, NULL);
            if (cst == SEC_E_OK)
                CHECK(attrs & ISC_RET_REAUTHENTICATION, "ISC_RET_REAUTHENTICATION is reported");
        }
        credssp_FreeContextBuffer(tok);
        tok = ob.pvBuffer;
        len = ob.cbBuffer;
    }
    credssp_FreeContextBuffer(tok);
    CHECK(cst == SEC_E_OK && sst == SEC_E_OK, "the second exchange on the same client context: %s / %s", credssp_status_name(cst),
          credssp_status_name(sst));
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

int main(void)
{
    test_unsupported_flags();
    test_handles();
    test_partial_input();
    test_arguments();
    test_small_buffer_retry();
    test_reauthentication();
    return test_summary();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Windows SSPI code compiles against <credssp/sspi_names.h> alone: the
 * calls by their Windows names, and through the function table as
 * SecurityFunctionTable / PSecurityFunctionTable with t->X(...), including
 * the unsuffixed t->InitializeSecurityContext and t->FreeContextBuffer.
 */
#include <stdio.h>
#include <string.h>

#include <credssp/sspi_names.h>

#include "testlib.h"

int main(void)
{
    CREDSSP_LINUX_CRED cc = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CredHandle cred;
    TimeStamp expiry;
    CHECK(AcquireCredentialsHandle(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &cc, NULL, NULL, &cred, &expiry) ==
              SEC_E_OK,
          "AcquireCredentialsHandle");
    PSecurityFunctionTable t = InitSecurityInterface();
    SecurityFunctionTable copy = *t;
    CHECK(copy.dwVersion == t->dwVersion, "SecurityFunctionTable is the table's type");
    CtxtHandle ctx;
    SecBuffer out = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &out };
    uint32_t attrs = 0;
    SECURITY_STATUS st = t->InitializeSecurityContext(&cred, NULL, "TERMSRV/localhost", ISC_REQ_ALLOCATE_MEMORY, 0,
                                                      SECURITY_NATIVE_DREP, NULL, 0, &ctx, &od, &attrs, NULL);
    CHECK(st == SEC_I_CONTINUE_NEEDED && out.cbBuffer > 0, "t->InitializeSecurityContext: a ClientHello");
    CHECK(t->FreeContextBuffer(out.pvBuffer) == SEC_E_OK, "t->FreeContextBuffer");
    CREDSSP_PROTOCOL_INFO info;
    CHECK(QueryContextAttributes(&ctx, CREDSSP_ATTR_PROTOCOL_INFO, &info) == SEC_E_OK &&
              strcmp(info.State, "C_TLS_HANDSHAKE") == 0,
          "QueryContextAttributes");
    CHECK(t->DeleteSecurityContext(&ctx) == SEC_E_OK && DeleteSecurityContext(&ctx) == SEC_E_INVALID_HANDLE,
          "t->DeleteSecurityContext, then DeleteSecurityContext");
    out = (SecBuffer){ 0, SECBUFFER_TOKEN, NULL };
    st = InitializeSecurityContext(&cred, NULL, "TERMSRV/localhost", ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                   NULL, 0, &ctx, &od, &attrs, NULL);
    CHECK(st == SEC_I_CONTINUE_NEEDED && FreeContextBuffer(out.pvBuffer) == SEC_E_OK,
          "InitializeSecurityContext, FreeContextBuffer by name");
    DeleteSecurityContext(&ctx);
    CHECK(t->FreeCredentialsHandle(&cred) == SEC_E_OK, "t->FreeCredentialsHandle");
    return test_summary();
}

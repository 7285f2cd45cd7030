/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The smallest program against an installed libcredssp: a client credential
 * and the first call of InitializeSecurityContext, which yields the TLS
 * ClientHello to send to the server.  `make install-check` builds it with
 * pkg-config and with CMake's find_package.
 */
#include <stdio.h>

#include <credssp/sspi_names.h>

int main(void)
{
    CREDSSP_LINUX_CRED cred = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CredHandle h;
    CtxtHandle ctx;
    uint32_t attrs;
    SecBuffer out = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &out };
    if (AcquireCredentialsHandle(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &cred, NULL, NULL, &h, NULL) != SEC_E_OK)
        return 1;
    SECURITY_STATUS st = InitializeSecurityContext(&h, NULL, "TERMSRV/example", ISC_REQ_ALLOCATE_MEMORY, 0,
                                                   SECURITY_NATIVE_DREP, NULL, 0, &ctx, &desc, &attrs, NULL);
    printf("%s: %u bytes to send (a TLS ClientHello record, type %u)\n", credssp_status_name(st), out.cbBuffer,
           out.cbBuffer > 0 ? ((unsigned char *)out.pvBuffer)[0] : 0u);
    FreeContextBuffer(out.pvBuffer);
    DeleteSecurityContext(&ctx);
    FreeCredentialsHandle(&h);
    return st == SEC_I_CONTINUE_NEEDED ? 0 : 1;
}

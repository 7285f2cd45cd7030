/* SPDX-License-Identifier: Apache-2.0 */
/* The SSPI function table (InitSecurityInterface). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include <credssp/credssp.h>

#include "context.h"

static SecurityFunctionTableA function_table = {
    .dwVersion = SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION,
    .AcquireCredentialsHandleA = credssp_AcquireCredentialsHandleA,
    .FreeCredentialsHandle = credssp_FreeCredentialsHandle,
    .InitializeSecurityContextA = credssp_InitializeSecurityContextA,
    .AcceptSecurityContext = credssp_AcceptSecurityContext,
    .CompleteAuthToken = credssp_CompleteAuthToken,
    .DeleteSecurityContext = credssp_DeleteSecurityContext,
    .QueryContextAttributesA = credssp_QueryContextAttributesA,
    .FreeContextBuffer = credssp_FreeContextBuffer,
    .EncryptMessage = credssp_EncryptMessage,
    .DecryptMessage = credssp_DecryptMessage,
};

PSecurityFunctionTableA credssp_InitSecurityInterfaceA(void)
{
    return &function_table;
}

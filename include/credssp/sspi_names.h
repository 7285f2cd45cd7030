/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SSPI spellings of libcredssp's calls, for code written against
 * Windows: include this one header and call AcquireCredentialsHandle,
 * InitializeSecurityContext, ... as on Windows, directly or through the
 * function table (t->InitializeSecurityContext(...), t->FreeContextBuffer(...)).
 * Do not include it in a translation unit that also sees winpr's or
 * Windows' sspi.h.
 *
 * As in Windows' sspi.h (ANSI build), only the unsuffixed names are macros,
 * for their "A" forms; the "A" forms and the names without a character set
 * are functions here, so the members of SecurityFunctionTableA keep their
 * names and t->X(...) means what it means on Windows.
 */
#ifndef CREDSSP_SSPI_NAMES_H
#define CREDSSP_SSPI_NAMES_H

#include "credssp.h"

typedef SecurityFunctionTableA SecurityFunctionTable;
typedef PSecurityFunctionTableA PSecurityFunctionTable;

static inline SECURITY_STATUS AcquireCredentialsHandleA(const SEC_CHAR *pszPrincipal, const SEC_CHAR *pszPackage,
                                                        uint32_t fCredentialUse, void *pvLogonId, void *pAuthData,
                                                        void *pGetKeyFn, void *pvGetKeyArgument,
                                                        PCredHandle phCredential, PTimeStamp ptsExpiry)
{
    return credssp_AcquireCredentialsHandleA(pszPrincipal, pszPackage, fCredentialUse, pvLogonId, pAuthData,
                                             pGetKeyFn, pvGetKeyArgument, phCredential, ptsExpiry);
}

static inline SECURITY_STATUS FreeCredentialsHandle(PCredHandle phCredential)
{
    return credssp_FreeCredentialsHandle(phCredential);
}

static inline SECURITY_STATUS InitializeSecurityContextA(PCredHandle phCredential, PCtxtHandle phContext,
                                                         const SEC_CHAR *pszTargetName, uint32_t fContextReq,
                                                         uint32_t Reserved1, uint32_t TargetDataRep,
                                                         PSecBufferDesc pInput, uint32_t Reserved2,
                                                         PCtxtHandle phNewContext, PSecBufferDesc pOutput,
                                                         uint32_t *pfContextAttr, PTimeStamp ptsExpiry)
{
    return credssp_InitializeSecurityContextA(phCredential, phContext, pszTargetName, fContextReq, Reserved1,
                                              TargetDataRep, pInput, Reserved2, phNewContext, pOutput, pfContextAttr,
                                              ptsExpiry);
}

static inline SECURITY_STATUS AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext,
                                                    PSecBufferDesc pInput, uint32_t fContextReq,
                                                    uint32_t TargetDataRep, PCtxtHandle phNewContext,
                                                    PSecBufferDesc pOutput, uint32_t *pfContextAttr,
                                                    PTimeStamp ptsExpiry)
{
    return credssp_AcceptSecurityContext(phCredential, phContext, pInput, fContextReq, TargetDataRep, phNewContext,
                                         pOutput, pfContextAttr, ptsExpiry);
}

static inline SECURITY_STATUS CompleteAuthToken(PCtxtHandle phContext, PSecBufferDesc pToken)
{
    return credssp_CompleteAuthToken(phContext, pToken);
}

static inline SECURITY_STATUS DeleteSecurityContext(PCtxtHandle phContext)
{
    return credssp_DeleteSecurityContext(phContext);
}

static inline SECURITY_STATUS FreeContextBuffer(void *pvContextBuffer)
{
    return credssp_FreeContextBuffer(pvContextBuffer);
}

static inline SECURITY_STATUS QueryContextAttributesA(PCtxtHandle phContext, uint32_t ulAttribute, void *pBuffer)
{
    return credssp_QueryContextAttributesA(phContext, ulAttribute, pBuffer);
}

static inline SECURITY_STATUS EncryptMessage(PCtxtHandle phContext, uint32_t fQOP, PSecBufferDesc pMessage,
                                             uint32_t MessageSeqNo)
{
    return credssp_EncryptMessage(phContext, fQOP, pMessage, MessageSeqNo);
}

static inline SECURITY_STATUS DecryptMessage(PCtxtHandle phContext, PSecBufferDesc pMessage, uint32_t MessageSeqNo,
                                             uint32_t *pfQOP)
{
    return credssp_DecryptMessage(phContext, pMessage, MessageSeqNo, pfQOP);
}

static inline PSecurityFunctionTableA InitSecurityInterfaceA(void)
{
    return credssp_InitSecurityInterfaceA();
}

/* The unsuffixed names, as Windows' sspi.h defines them without UNICODE. */
#define AcquireCredentialsHandle AcquireCredentialsHandleA
#define InitializeSecurityContext InitializeSecurityContextA
#define QueryContextAttributes QueryContextAttributesA
#define InitSecurityInterface InitSecurityInterfaceA

#endif

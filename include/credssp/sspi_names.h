/*
 * The SSPI spellings of libcredssp's calls, for code written against
 * Windows: include this one header and call AcquireCredentialsHandle,
 * InitializeSecurityContext, ... as on Windows.  Do not include it in a
 * translation unit that also sees winpr's or Windows' sspi.h.
 */
#ifndef CREDSSP_SSPI_NAMES_H
#define CREDSSP_SSPI_NAMES_H

#include "credssp.h"

#define AcquireCredentialsHandleA credssp_AcquireCredentialsHandleA
#define AcquireCredentialsHandle credssp_AcquireCredentialsHandleA
#define FreeCredentialsHandle credssp_FreeCredentialsHandle
#define InitializeSecurityContextA credssp_InitializeSecurityContextA
#define InitializeSecurityContext credssp_InitializeSecurityContextA
#define AcceptSecurityContext credssp_AcceptSecurityContext
#define CompleteAuthToken credssp_CompleteAuthToken
#define DeleteSecurityContext credssp_DeleteSecurityContext
#define FreeContextBuffer credssp_FreeContextBuffer
#define QueryContextAttributesA credssp_QueryContextAttributesA
#define QueryContextAttributes credssp_QueryContextAttributesA
#define EncryptMessage credssp_EncryptMessage
#define DecryptMessage credssp_DecryptMessage
#define InitSecurityInterfaceA credssp_InitSecurityInterfaceA
#define InitSecurityInterface credssp_InitSecurityInterfaceA

#endif

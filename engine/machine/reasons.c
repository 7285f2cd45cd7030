/* SPDX-License-Identifier: Apache-2.0 */
/* The reasons' names and defaults; see reasons.h. */
#include <stddef.h>

#include <credssp/credssp.h>

#include "reasons.h"

uint32_t reason_from_ntlm(ntlm_status st)
{
    switch (st) {
    case NTLM_ST_INVALID_TOKEN:
        return CREDSSP_REASON_INNER_TOKEN;
    case NTLM_ST_LOGON_DENIED:
        return CREDSSP_REASON_LOGON_DENIED;
    case NTLM_ST_BAD_CREDENTIALS:
        return CREDSSP_REASON_BAD_CREDENTIALS;
    case NTLM_ST_NO_MEMORY:
        return CREDSSP_REASON_NO_MEMORY;
    case NTLM_ST_OK:
    case NTLM_ST_INTERNAL:
        break;
    }
    return CREDSSP_REASON_INTERNAL;
}

/* A failing status no site explained (a row's status): the closest reason. */
uint32_t reason_from_status(int32_t st)
{
    switch (st) {
    case SEC_E_LOGON_DENIED:
        return CREDSSP_REASON_LOGON_DENIED;
    case SEC_E_INSUFFICIENT_MEMORY:
        return CREDSSP_REASON_NO_MEMORY;
    case SEC_E_INVALID_TOKEN:
        return CREDSSP_REASON_UNEXPECTED_MESSAGE;
    case SEC_E_UNSUPPORTED_FUNCTION:
        return CREDSSP_REASON_UNSUPPORTED;
    case SEC_E_INVALID_HANDLE:
        return CREDSSP_REASON_BAD_HANDLE;
    default:
        return CREDSSP_REASON_INTERNAL;
    }
}

static const reason_doc reason_docs[] = {
    { CREDSSP_REASON_NONE, "CREDSSP_REASON_NONE", "no failure" },
    { CREDSSP_REASON_BAD_ARGUMENT, "CREDSSP_REASON_BAD_ARGUMENT", "a parameter or buffer layout the call does not take" },
    { CREDSSP_REASON_BAD_HANDLE, "CREDSSP_REASON_BAD_HANDLE", "NULL, forged, foreign, freed or deleted" },
    { CREDSSP_REASON_UNSUPPORTED, "CREDSSP_REASON_UNSUPPORTED", "a flag, attribute, QOP or function this package lacks" },
    { CREDSSP_REASON_BAD_CREDENTIALS, "CREDSSP_REASON_BAD_CREDENTIALS", "credentials that cannot be used as given" },
    { CREDSSP_REASON_NO_TARGET, "CREDSSP_REASON_NO_TARGET", "pszTargetName missing or unusable" },
    { CREDSSP_REASON_BUFFER_TOO_SMALL, "CREDSSP_REASON_BUFFER_TOO_SMALL", "the output or stream buffer: call again with more" },
    { CREDSSP_REASON_NOT_ESTABLISHED, "CREDSSP_REASON_NOT_ESTABLISHED", "the call needs a context after SEC_E_OK" },
    { CREDSSP_REASON_OUTPUT_PENDING, "CREDSSP_REASON_OUTPUT_PENDING", "a retry after SEC_E_BUFFER_TOO_SMALL with other input" },
    { CREDSSP_REASON_NO_MEMORY, "CREDSSP_REASON_NO_MEMORY", "an allocation failed" },
    { CREDSSP_REASON_NO_ENTROPY, "CREDSSP_REASON_NO_ENTROPY", "no random bytes (the DRBG failed)" },
    { CREDSSP_REASON_INTERNAL, "CREDSSP_REASON_INTERNAL", "OpenSSL or an encoder refused what we gave it" },
    { CREDSSP_REASON_TRANSPORT_FAILED, "CREDSSP_REASON_TRANSPORT_FAILED", "recv or send failed, or timed out" },
    { CREDSSP_REASON_TRANSPORT_CLOSED, "CREDSSP_REASON_TRANSPORT_CLOSED", "the peer closed the connection" },
    { CREDSSP_REASON_NOT_TLS, "CREDSSP_REASON_NOT_TLS", "the input is not TLS records" },
    { CREDSSP_REASON_TLS_HANDSHAKE, "CREDSSP_REASON_TLS_HANDSHAKE", "the TLS handshake failed" },
    { CREDSSP_REASON_TLS_RECORD, "CREDSSP_REASON_TLS_RECORD", "a record that does not decrypt, or an alert" },
    { CREDSSP_REASON_PEER_CLOSED, "CREDSSP_REASON_PEER_CLOSED", "close_notify, or the connection, before the exchange ended" },
    { CREDSSP_REASON_MESSAGE_TOO_LARGE, "CREDSSP_REASON_MESSAGE_TOO_LARGE", "more than 64 KiB" },
    { CREDSSP_REASON_MALFORMED_TSREQUEST, "CREDSSP_REASON_MALFORMED_TSREQUEST", "Stage, Rule and Offset say where" },
    { CREDSSP_REASON_TRAILING_BYTES, "CREDSSP_REASON_TRAILING_BYTES", "bytes after a whole TSRequest" },
    { CREDSSP_REASON_UNEXPECTED_MESSAGE, "CREDSSP_REASON_UNEXPECTED_MESSAGE", "a message this state does not take" },
    { CREDSSP_REASON_VERSION_TOO_LOW, "CREDSSP_REASON_VERSION_TOO_LOW", "below the credential's MinVersion" },
    { CREDSSP_REASON_VERSION_CHANGED, "CREDSSP_REASON_VERSION_CHANGED", "the peer's version changed after its first TSRequest" },
    { CREDSSP_REASON_NEGO_TOKEN_COUNT, "CREDSSP_REASON_NEGO_TOKEN_COUNT", "negoTokens with other than one token" },
    { CREDSSP_REASON_INNER_TOKEN, "CREDSSP_REASON_INNER_TOKEN", "the NTLM or SPNEGO token is malformed or out of turn" },
    { CREDSSP_REASON_LOGON_DENIED, "CREDSSP_REASON_LOGON_DENIED", "wrong password or NT hash, unknown user" },
    { CREDSSP_REASON_NONCE_MISSING, "CREDSSP_REASON_NONCE_MISSING", "version 5 and up without a clientNonce" },
    { CREDSSP_REASON_PUBKEY_MISMATCH, "CREDSSP_REASON_PUBKEY_MISMATCH", "pubKeyAuth does not bind the TLS key: a man in the middle?" },
    { CREDSSP_REASON_MIC_MISSING, "CREDSSP_REASON_MIC_MISSING", "pubKeyAuth before SPNEGO's mechListMIC" },
    { CREDSSP_REASON_AUTHINFO_SEAL, "CREDSSP_REASON_AUTHINFO_SEAL", "authInfo does not unseal" },
    { CREDSSP_REASON_MALFORMED_TSCREDENTIALS, "CREDSSP_REASON_MALFORMED_TSCREDENTIALS", "the delegated TSCredentials: Stage, Rule and Offset say where" },
    { CREDSSP_REASON_DELEGATED_TEXT, "CREDSSP_REASON_DELEGATED_TEXT", "delegated strings are not valid UTF-16 or hold U+0000" },
    { CREDSSP_REASON_PEER_ERROR_CODE, "CREDSSP_REASON_PEER_ERROR_CODE", "the server sent errorCode (NtStatus)" },
    { CREDSSP_REASON_SERVER_KEY, "CREDSSP_REASON_SERVER_KEY", "the server's certificate has no usable public key" },
    { CREDSSP_REASON_CLOSED_AFTER_AUTHENTICATE, "CREDSSP_REASON_CLOSED_AFTER_AUTHENTICATE", "the server closed after our AUTHENTICATE, without an errorCode: it refused the credentials (FreeRDP)" },
    { CREDSSP_REASON_CLIENT_CERT_REQUESTED, "CREDSSP_REASON_CLIENT_CERT_REQUESTED", "the server asks for a certificate the credential lacks" },
    { CREDSSP_REASON_DELEGATION_REFUSED, "CREDSSP_REASON_DELEGATION_REFUSED", "DelegationTargets or CREDSSP_CRED_NO_NTLM_DELEGATION" },
    { CREDSSP_REASON_DELEGATION_NEEDS_PASSWORD, "CREDSSP_REASON_DELEGATION_NEEDS_PASSWORD", "ISC_REQ_DELEGATE with an NT hash: no password to delegate" },
};

const reason_doc *reason_doc_at(size_t i)
{
    return i < sizeof reason_docs / sizeof reason_docs[0] ? &reason_docs[i] : NULL;
}

const char *credssp_reason_name(uint32_t reason)
{
    for (size_t i = 0; i < sizeof reason_docs / sizeof reason_docs[0]; i++)
        if (reason_docs[i].reason == reason)
            return reason_docs[i].name;
    return "unknown reason";
}

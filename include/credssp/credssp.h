/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libcredssp: the CredSSP security package ([MS-CSSP]) with the SSPI
 * contract of InitializeSecurityContext (CredSSP) and AcceptSecurityContext.
 *
 * Every exported function carries the credssp_ prefix, so this library can
 * share a process with FreeRDP's winpr; <credssp/sspi_names.h> maps the SSPI
 * spellings onto them for code written against Windows.  Strings are UTF-8.
 */
#ifndef CREDSSP_CREDSSP_H
#define CREDSSP_CREDSSP_H

#include <stddef.h>
#include <stdint.h>

#include "sspi.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CREDSSP_API __attribute__((visibility("default")))
#else
#define CREDSSP_API
#endif

/* ------------------------------------------------------------ credentials
 * pAuthData of AcquireCredentialsHandle is either Windows' CREDSSP_CRED
 * (Type CredsspPasswordCreds, pSpnegoCred a SEC_WINNT_AUTH_IDENTITY_A with
 * Flags SEC_WINNT_AUTH_IDENTITY_ANSI; client only), or this structure,
 * recognised by its first field. */
#define CredsspLinuxCreds ((CREDSSP_SUBMIT_TYPE)0x4C435353) /* "LCSS" */

/* Flags of CREDSSP_LINUX_CRED */
#define CREDSSP_CRED_SPNEGO 0x1u               /* client: wrap NTLM in SPNEGO (default: raw NTLM) */
#define CREDSSP_CRED_MIC_CONSUMES_SEQ 0x2u     /* SPNEGO mechListMIC takes sequence 0 (pyspnego, sspi-rs);
                                                  default: it does not (Windows, FreeRDP) */
#define CREDSSP_CRED_TLS12_ONLY 0x4u           /* TLS 1.2 at most (default: 1.2 or 1.3) */
#define CREDSSP_CRED_REQUEST_CLIENT_CERT 0x10u /* server: ask TLS clients for a certificate from the
                                                  CAs of ClientCaFile (SEC_I_INCOMPLETE_CREDENTIALS
                                                  on a client without one) */
#define CREDSSP_CRED_NO_NTLM_DELEGATION 0x8u   /* refuse to delegate when only NTLM authenticated the
                                                  server (always the case here): SEC_E_POLICY_NLTM_ONLY */

/* What the engine reports to a trace callback: each TSRequest sent or
 * received (DER as carried in TLS; pubKeyAuth and authInfo stay sealed), and
 * each call's transition through the table. */
#define CREDSSP_TRACE_RECEIVED 1u
#define CREDSSP_TRACE_SENT 2u
#define CREDSSP_TRACE_TRANSITION 3u
typedef struct _CREDSSP_TRACE {
    uint32_t Kind;
    const uint8_t *Message; /* RECEIVED, SENT */
    uint32_t MessageLength;
    const char *State;      /* TRANSITION: the state before the call */
    const char *Event;      /* the event the input was */
    const char *Actions;    /* the actions taken, comma-separated */
    const char *Next;       /* the state after */
    SECURITY_STATUS Status;
} CREDSSP_TRACE;

/* The credential kinds TSCredentials carries besides a password
 * ([MS-CSSP] 2.2.1.2.2 and 2.2.1.2.3); strings UTF-8, NULL for absent
 * optional fields. */
typedef struct _CREDSSP_SMARTCARD_CRED {
    const char *Pin;
    uint32_t KeySpec;              /* TSCspDataDetail.keySpec (AT_KEYEXCHANGE 1, AT_SIGNATURE 2) */
    const char *CardName;
    const char *ReaderName;
    const char *ContainerName;
    const char *CspName;
    const char *UserHint;
    const char *DomainHint;
} CREDSSP_SMARTCARD_CRED;

typedef struct _CREDSSP_PACKAGE_CRED {
    const char *PackageName;       /* e.g. "Kerberos" */
    const uint8_t *Buffer;         /* opaque to CredSSP */
    uint32_t Length;
} CREDSSP_PACKAGE_CRED;

#define CREDSSP_MAX_SUPPLEMENTAL 8u
typedef struct _CREDSSP_REMOTE_GUARD_CRED {
    CREDSSP_PACKAGE_CRED Logon;
    uint32_t SupplementalCount;    /* at most CREDSSP_MAX_SUPPLEMENTAL */
    const CREDSSP_PACKAGE_CRED *Supplemental;
} CREDSSP_REMOTE_GUARD_CRED;

typedef struct _CREDSSP_LINUX_CRED {
    CREDSSP_SUBMIT_TYPE Type; /* CredsspLinuxCreds */
    /* client (SECPKG_CRED_OUTBOUND): who we are; Password or NtHash (32 hex digits) */
    const char *User;
    const char *Domain;
    const char *Password;
    const char *NtHash;
    /* server (SECPKG_CRED_INBOUND): the users (winpr-hash SAM lines), and the
     * TLS certificate and key as PEM files; without them, an ephemeral
     * self-signed RSA-2048 key */
    const char *UserFile;
    const char *CertFile;          /* also on a client: the TLS client certificate, when a server asks */
    const char *KeyFile;
    const char *ClientCaFile;      /* server, with CREDSSP_CRED_REQUEST_CLIENT_CERT: the CAs (PEM) */
    /* [MS-CSSP] versions; 0 means the default: highest 6 on both sides,
     * lowest 5 for a client (CVE-2018-0886), 2 for a server. */
    uint32_t MinVersion;
    uint32_t MaxVersion;
    uint32_t Flags;
    /* Each TLS secret as an NSS key-log line (Wireshark's format), or NULL. */
    void (*KeyLog)(const char *line, void *arg);
    void *KeyLogArg;
    /* Delegation policy (client): the targets credentials may be delegated to,
     * comma-separated SPN patterns where '*' matches anything, compared
     * without regard to ASCII case ("TERMSRV/" then '*'; "TERMSRV/host"); NULL allows
     * every target.  Checked after the server proved itself and before
     * TSCredentials is built: SEC_E_DELEGATION_POLICY, nothing sent. */
    const char *DelegationTargets;
    /* What ISC_REQ_DELEGATE delegates: the password (when both are NULL), or
     * smart-card credentials, or Remote Guard credentials (one of the two).
     * User and Password/NtHash still run the inner NTLM authentication. */
    const CREDSSP_SMARTCARD_CRED *SmartCard;
    const CREDSSP_REMOTE_GUARD_CRED *RemoteGuard;
    /* Every TSRequest and transition of contexts made with this credential, or NULL. */
    void (*Trace)(void *arg, const CREDSSP_TRACE *t);
    void *TraceArg;
} CREDSSP_LINUX_CRED;

/* ISC_REQ_USE_SUPPLIED_CREDS: the first call's pInput carries a
 * SECBUFFER_PKG_PARAMS buffer with the credentials to use instead of the
 * credential handle's: three NUL-terminated UTF-8 strings back to back,
 * user, domain (may be empty) and password, cbBuffer covering all three
 * terminators.  Absent or malformed: SEC_E_NO_CREDENTIALS.  The handle still
 * gives the settings (versions, framing, policy, trace). */

/* --------------------------------------------- package-specific attributes
 * QueryContextAttributes attributes in a range Windows does not use. */

/* Server, after SEC_E_OK: what the client delegated.  The strings belong to
 * the context and are wiped by DeleteSecurityContext. */
#define CREDSSP_ATTR_DELEGATED_CREDENTIALS 0x80001001u
typedef struct _CREDSSP_DELEGATED_CREDENTIALS {
    uint32_t CredType; /* 1 password, 2 smart card, 6 Remote Guard ([MS-CSSP] 2.2.1.2) */
    const char *User;  /* TSPasswordCreds, UTF-8; empty strings for restricted admin */
    const char *Domain;
    const char *Password;
    CREDSSP_SMARTCARD_CRED SmartCard;     /* CredType 2 */
    CREDSSP_REMOTE_GUARD_CRED RemoteGuard; /* CredType 6 */
} CREDSSP_DELEGATED_CREDENTIALS;

/* Either side, once the peer's first TSRequest is in: versions and framing. */
#define CREDSSP_ATTR_PROTOCOL_INFO 0x80001002u
typedef struct _CREDSSP_PROTOCOL_INFO {
    uint32_t OwnVersion;       /* the version we send */
    uint32_t PeerVersion;      /* as the peer sent it (nmap sends 96) */
    uint32_t EffectiveVersion; /* min(own, peer, 6): decides pubKeyAuth and errorCode */
    uint32_t Spnego;           /* 1 when NTLM travels inside SPNEGO */
    const char *TlsVersion;    /* "TLSv1.3", ... */
    const char *User;          /* server: the user the client's AUTHENTICATE named (UTF-8; authenticated
                                  only if the exchange succeeded), else "" */
    const char *Domain;
    const char *State;         /* the context's state in the transition table (docs/transitions.md) */
} CREDSSP_PROTOCOL_INFO;

/* Client, once TLS is up: the server's certificate (DER), for callers that
 * validate it themselves (ISC_REQ_MANUAL_CRED_VALIDATION is always set: the
 * package binds the key through pubKeyAuth but checks no chain or name).
 * The bytes belong to the context. */
#define CREDSSP_ATTR_PEER_CERTIFICATE 0x80001004u
typedef struct _CREDSSP_PEER_CERTIFICATE {
    const uint8_t *Der;
    uint32_t Length;
} CREDSSP_PEER_CERTIFICATE;

/* Why a call failed, as a stable code: callers decide on these, never on
 * the sentence.  A code keeps its number and meaning across releases; new
 * ones are added, none is reused (credssp_reason_name, docs/status-codes.md). */
typedef enum CREDSSP_REASON {
    CREDSSP_REASON_NONE = 0, /* no failure */
    /* the caller's arguments */
    CREDSSP_REASON_BAD_ARGUMENT = 1,     /* a parameter or buffer layout the call does not take */
    CREDSSP_REASON_BAD_HANDLE = 2,       /* NULL, forged, foreign, freed or deleted */
    CREDSSP_REASON_UNSUPPORTED = 3,      /* a flag, attribute, QOP or function this package lacks */
    CREDSSP_REASON_BAD_CREDENTIALS = 4,  /* credentials that cannot be used as given */
    CREDSSP_REASON_NO_TARGET = 5,        /* pszTargetName missing or unusable */
    CREDSSP_REASON_BUFFER_TOO_SMALL = 6, /* the output or stream buffer: call again with more */
    CREDSSP_REASON_NOT_ESTABLISHED = 7,  /* the call needs a context after SEC_E_OK */
    CREDSSP_REASON_OUTPUT_PENDING = 8,   /* a retry after SEC_E_BUFFER_TOO_SMALL with other input */
    /* resources */
    CREDSSP_REASON_NO_MEMORY = 20,       /* an allocation failed */
    CREDSSP_REASON_NO_ENTROPY = 21,      /* no random bytes (the DRBG failed) */
    CREDSSP_REASON_INTERNAL = 22,        /* OpenSSL or an encoder refused what we gave it */
    /* the transport (credssp_drive_*) */
    CREDSSP_REASON_TRANSPORT_FAILED = 30, /* recv or send failed, or timed out */
    CREDSSP_REASON_TRANSPORT_CLOSED = 31, /* the peer closed the connection */
    /* the peer's bytes and what they mean */
    CREDSSP_REASON_NOT_TLS = 40,              /* the input is not TLS records */
    CREDSSP_REASON_TLS_HANDSHAKE = 41,        /* the TLS handshake failed */
    CREDSSP_REASON_TLS_RECORD = 42,           /* a record that does not decrypt, or an alert */
    CREDSSP_REASON_PEER_CLOSED = 43,          /* close_notify, or the connection, before the exchange ended */
    CREDSSP_REASON_MESSAGE_TOO_LARGE = 44,    /* more than 64 KiB */
    CREDSSP_REASON_MALFORMED_TSREQUEST = 45,  /* Stage, Rule and Offset say where */
    CREDSSP_REASON_TRAILING_BYTES = 46,       /* bytes after a whole TSRequest */
    CREDSSP_REASON_UNEXPECTED_MESSAGE = 47,   /* a message this state does not take */
    CREDSSP_REASON_VERSION_TOO_LOW = 48,      /* below the credential's MinVersion */
    CREDSSP_REASON_VERSION_CHANGED = 49,      /* the peer's version changed after its first TSRequest */
    CREDSSP_REASON_NEGO_TOKEN_COUNT = 50,     /* negoTokens with other than one token */
    CREDSSP_REASON_INNER_TOKEN = 51,          /* the NTLM or SPNEGO token is malformed or out of turn */
    CREDSSP_REASON_LOGON_DENIED = 52,         /* wrong password or NT hash, unknown user */
    CREDSSP_REASON_NONCE_MISSING = 53,        /* version 5 and up without a clientNonce */
    CREDSSP_REASON_PUBKEY_MISMATCH = 54,      /* pubKeyAuth does not bind the TLS key: a man in the middle? */
    CREDSSP_REASON_MIC_MISSING = 55,          /* pubKeyAuth before SPNEGO's mechListMIC */
    CREDSSP_REASON_AUTHINFO_SEAL = 56,        /* authInfo does not unseal */
    CREDSSP_REASON_MALFORMED_TSCREDENTIALS = 57, /* the delegated TSCredentials: Stage, Rule and Offset say where */
    CREDSSP_REASON_DELEGATED_TEXT = 58,       /* delegated strings are not valid UTF-16 or hold U+0000 */
    CREDSSP_REASON_PEER_ERROR_CODE = 59,      /* the server sent errorCode (NtStatus) */
    CREDSSP_REASON_SERVER_KEY = 60,           /* the server's certificate has no usable public key */
    CREDSSP_REASON_CLOSED_AFTER_AUTHENTICATE = 61, /* the server closed after our AUTHENTICATE, without an
                                                      errorCode: it refused the credentials (FreeRDP) */
    /* policy */
    CREDSSP_REASON_CLIENT_CERT_REQUESTED = 70, /* the server asks for a certificate the credential lacks */
    CREDSSP_REASON_DELEGATION_REFUSED = 71,    /* DelegationTargets or CREDSSP_CRED_NO_NTLM_DELEGATION */
    CREDSSP_REASON_DELEGATION_NEEDS_PASSWORD = 72, /* ISC_REQ_DELEGATE with an NT hash: no password to delegate */
} CREDSSP_REASON;

/* Where a peer's message failed to parse (Stage of CREDSSP_LAST_ERROR). */
#define CREDSSP_STAGE_NONE 0u
#define CREDSSP_STAGE_DER 1u      /* the strict DER gate: Rule is the X.690 rule (docs/status-codes.md) */
#define CREDSSP_STAGE_SCHEMA 2u   /* valid DER, not the ASN.1 type */
#define CREDSSP_STAGE_SEMANTIC 3u /* the type, a value [MS-CSSP] forbids */

/* Either side, on failure (QueryContextAttributes), and the thread's last
 * failing call (credssp_get_last_error): one record, the first failure of
 * the call, cleared when the next call starts. */
#define CREDSSP_ATTR_LAST_ERROR 0x80001003u
typedef struct _CREDSSP_LAST_ERROR {
    const char *Text;        /* one sentence for a person */
    uint32_t NtStatus;       /* a received or sent errorCode, else 0 */
    SECURITY_STATUS Status;  /* what the call returned */
    uint32_t Reason;         /* CREDSSP_REASON_*: decide on this */
    uint32_t Stage;          /* CREDSSP_STAGE_* when a message did not parse, else 0 */
    uint32_t Rule;           /* the rule of that stage, else 0 */
    uint32_t Offset;         /* the byte of that message where the rule applies */
    const char *Site;        /* where the failure was recorded ("engine/machine/ingress.c:82") */
} CREDSSP_LAST_ERROR;

/* ------------------------------------------------------------------ calls */
CREDSSP_API SECURITY_STATUS credssp_AcquireCredentialsHandleA(const SEC_CHAR *pszPrincipal, const SEC_CHAR *pszPackage,
                                                              uint32_t fCredentialUse, void *pvLogonId,
                                                              void *pAuthData, void *pGetKeyFn,
                                                              void *pvGetKeyArgument, PCredHandle phCredential,
                                                              PTimeStamp ptsExpiry);
CREDSSP_API SECURITY_STATUS credssp_FreeCredentialsHandle(PCredHandle phCredential);

CREDSSP_API SECURITY_STATUS credssp_InitializeSecurityContextA(PCredHandle phCredential, PCtxtHandle phContext,
                                                               const SEC_CHAR *pszTargetName, uint32_t fContextReq,
                                                               uint32_t Reserved1, uint32_t TargetDataRep,
                                                               PSecBufferDesc pInput, uint32_t Reserved2,
                                                               PCtxtHandle phNewContext, PSecBufferDesc pOutput,
                                                               uint32_t *pfContextAttr, PTimeStamp ptsExpiry);
CREDSSP_API SECURITY_STATUS credssp_AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext,
                                                          PSecBufferDesc pInput, uint32_t fContextReq,
                                                          uint32_t TargetDataRep, PCtxtHandle phNewContext,
                                                          PSecBufferDesc pOutput, uint32_t *pfContextAttr,
                                                          PTimeStamp ptsExpiry);
CREDSSP_API SECURITY_STATUS credssp_CompleteAuthToken(PCtxtHandle phContext, PSecBufferDesc pToken);
CREDSSP_API SECURITY_STATUS credssp_DeleteSecurityContext(PCtxtHandle phContext);
CREDSSP_API SECURITY_STATUS credssp_FreeContextBuffer(void *pvContextBuffer);
CREDSSP_API SECURITY_STATUS credssp_QueryContextAttributesA(PCtxtHandle phContext, uint32_t ulAttribute,
                                                            void *pBuffer);
/* After SEC_E_OK the TLS channel carries application data (WinRM's use):
 * EncryptMessage takes STREAM_HEADER, DATA, STREAM_TRAILER buffers sized by
 * SECPKG_ATTR_STREAM_SIZES; DecryptMessage takes a DATA buffer holding
 * records and returns STREAM_HEADER, DATA (the plaintext, in place),
 * STREAM_TRAILER and possibly EXTRA or MISSING. */
CREDSSP_API SECURITY_STATUS credssp_EncryptMessage(PCtxtHandle phContext, uint32_t fQOP, PSecBufferDesc pMessage,
                                                   uint32_t MessageSeqNo);
CREDSSP_API SECURITY_STATUS credssp_DecryptMessage(PCtxtHandle phContext, PSecBufferDesc pMessage,
                                                   uint32_t MessageSeqNo, uint32_t *pfQOP);

/* The SSPI function table, in Windows' field order (InitSecurityInterfaceA). */
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION 1u
typedef struct _SecurityFunctionTableA {
    uint32_t dwVersion;
    void *EnumerateSecurityPackagesA;
    void *QueryCredentialsAttributesA;
    SECURITY_STATUS (*AcquireCredentialsHandleA)(const SEC_CHAR *, const SEC_CHAR *, uint32_t, void *, void *, void *, void *,
                                                PCredHandle, PTimeStamp);
    SECURITY_STATUS (*FreeCredentialsHandle)(PCredHandle);
    void *Reserved2;
    SECURITY_STATUS (*InitializeSecurityContextA)(PCredHandle, PCtxtHandle, const SEC_CHAR *, uint32_t, uint32_t, uint32_t,
                                                 PSecBufferDesc, uint32_t, PCtxtHandle, PSecBufferDesc, uint32_t *,
                                                 PTimeStamp);
    SECURITY_STATUS (*AcceptSecurityContext)(PCredHandle, PCtxtHandle, PSecBufferDesc, uint32_t, uint32_t,
                                            PCtxtHandle, PSecBufferDesc, uint32_t *, PTimeStamp);
    SECURITY_STATUS (*CompleteAuthToken)(PCtxtHandle, PSecBufferDesc);
    SECURITY_STATUS (*DeleteSecurityContext)(PCtxtHandle);
    void *ApplyControlToken;
    SECURITY_STATUS (*QueryContextAttributesA)(PCtxtHandle, uint32_t, void *);
    void *ImpersonateSecurityContext;
    void *RevertSecurityContext;
    void *MakeSignature;
    void *VerifySignature;
    SECURITY_STATUS (*FreeContextBuffer)(void *);
    void *QuerySecurityPackageInfoA;
    void *Reserved3;
    void *Reserved4;
    void *ExportSecurityContext;
    void *ImportSecurityContextA;
    void *AddCredentialsA;
    void *Reserved8;
    void *QuerySecurityContextToken;
    SECURITY_STATUS (*EncryptMessage)(PCtxtHandle, uint32_t, PSecBufferDesc, uint32_t);
    SECURITY_STATUS (*DecryptMessage)(PCtxtHandle, PSecBufferDesc, uint32_t, uint32_t *);
} SecurityFunctionTableA, *PSecurityFunctionTableA;

CREDSSP_API PSecurityFunctionTableA credssp_InitSecurityInterfaceA(void);

/* What the last failing call on this thread said (like GetLastError, as text). */
CREDSSP_API const char *credssp_last_error(void);
/* The same failure as a record (like GetLastError): Reason, Status, Site... */
CREDSSP_API void credssp_get_last_error(CREDSSP_LAST_ERROR *out);
/* "CREDSSP_REASON_LOGON_DENIED", or "unknown reason". */
CREDSSP_API const char *credssp_reason_name(uint32_t reason);

/* "SEC_E_LOGON_DENIED", or "unknown status". */
CREDSSP_API const char *credssp_status_name(SECURITY_STATUS st);

/* ---------------------------------------------------------------- driver
 * The seed's calling loop over a byte stream: call, send the output token if
 * non-empty, stop on SEC_E_OK or an error, else read the reply and call
 * again (appending bytes while SEC_E_INCOMPLETE_MESSAGE, keeping
 * SECBUFFER_EXTRA for the next call).  Used by the tests and the command
 * line; the transport is the caller's. */
#define CREDSSP_TRANSPORT_CLOSED 1
typedef struct _CREDSSP_TRANSPORT {
    /* Sends all of buf; 0 on success. */
    int (*send)(void *arg, const uint8_t *buf, size_t len);
    /* Reads at least one byte, at most cap; 0 on success, *got > 0;
     * CREDSSP_TRANSPORT_CLOSED when the peer closed the stream; any other
     * value for an error or a timeout. */
    int (*recv)(void *arg, uint8_t *buf, size_t cap, size_t *got);
    void *arg;
    /* Called after each SSPI call with its status (may be NULL). */
    void (*on_status)(void *arg, const char *call, SECURITY_STATUS st);
} CREDSSP_TRANSPORT;

/* On return *phContext holds the context (delete it whatever the status).
 * Transport failures: SEC_E_INVALID_TOKEN when the peer closed the stream
 * before the exchange ended or sent more than any CredSSP message,
 * SEC_E_INTERNAL_ERROR when send or recv failed; credssp_last_error() says
 * which. */
CREDSSP_API SECURITY_STATUS credssp_drive_initiator(PCredHandle phCredential, const char *target, uint32_t fContextReq,
                                                    const CREDSSP_TRANSPORT *t, PCtxtHandle phContext,
                                                    uint32_t *pfContextAttr);
CREDSSP_API SECURITY_STATUS credssp_drive_acceptor(PCredHandle phCredential, uint32_t fContextReq,
                                                   const CREDSSP_TRANSPORT *t, PCtxtHandle phContext,
                                                   uint32_t *pfContextAttr);

#ifdef __cplusplus
}
#endif

#endif

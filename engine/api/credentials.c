/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AcquireCredentialsHandle and FreeCredentialsHandle: the caller's
 * credential structures ([MS-CSSP] 3.1.5's user, domain and password or NT
 * hash; the server's certificate, key and user file; smart-card and Remote
 * Guard credentials) copied into a cs_credential, and the credentials a
 * caller supplies in SECBUFFER_PKG_PARAMS on the first call.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include <credssp/credssp.h>

#include "last_error.h"
#include "asn1.h"
#include "buffers.h"
#include "cert.h"
#include "context.h"
#include "credentials.h"
#include "handles.h"
#include "ntlm_users.h"
#include "tscredentials.h"
#include "unicode.h"

/* A counted SEC_WINNT_AUTH_IDENTITY_A string as a C string: SEC_E_OK,
 * SEC_E_UNKNOWN_CREDENTIALS for an embedded NUL, or no memory. */
static SECURITY_STATUS dup_counted(const unsigned char *s, uint32_t len, char **out)
{
    *out = NULL;
    if (len > 0 && memchr(s, '\0', len) != NULL)
        return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "a name or password holds a NUL byte");
    char *p = malloc((size_t)len + 1);
    if (p == NULL)
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the credential");
    if (len > 0)
        memcpy(p, s, len);
    p[len] = '\0';
    *out = p;
    return SEC_E_OK;
}

static char *dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

static SECURITY_STATUS cred_identity(cs_credential *cr, const char *user, const char *domain, const char *password,
                                     const char *nt_hash)
{
    if (user == NULL || (password == NULL) == (nt_hash == NULL))
        return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "a client credential needs a user and a password or an NT hash");
    ntlm_status st = password != NULL
                         ? ntlm_identity_from_password(cr->crypto, user, domain, password, &cr->identity)
                         : ntlm_identity_from_hash(user, domain, nt_hash, &cr->identity);
    if (st == NTLM_ST_NO_MEMORY)
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the client credential");
    if (st != NTLM_ST_OK)
        return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "the client credential: %s", ntlm_status_text(st));
    cr->user = strdup(user);
    cr->domain = strdup(domain != NULL ? domain : "");
    cr->password = dup_or_null(password);
    if (cr->user == NULL || cr->domain == NULL || (password != NULL && cr->password == NULL))
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the client credential");
    cr->has_identity = true;
    return SEC_E_OK;
}

static SECURITY_STATUS cred_server(cs_credential *cr, const CREDSSP_LINUX_CRED *lc)
{
    size_t line = 0;
    cs_failure why;
    failure_clear(&why);
    if (lc->UserFile == NULL)
        return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "a server credential needs a user file (UserFile)");
    ntlm_status ust = ntlm_user_db_load(lc->UserFile, &cr->users, &line, &why);
    if (ust == NTLM_ST_NO_MEMORY)
        return cs_api_fail_noted(&why, SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY,
                                 "no memory to read the user file %s", lc->UserFile);
    if (ust != NTLM_ST_OK)
        return cs_api_fail_noted(&why, SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS,
                                 "the user file %s: %s (line %zu)", lc->UserFile, why.text, line);
    if ((lc->CertFile == NULL) != (lc->KeyFile == NULL))
        return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "CertFile and KeyFile go together");
    if (lc->CertFile != NULL) {
        if (!cert_load_pem(lc->CertFile, lc->KeyFile, &cr->cert, &cr->key, &why))
            return cs_api_fail_noted(&why, SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "%s: %s",
                                     lc->CertFile, why.text);
    } else if (!cert_make_self_signed("libcredssp", &cr->key, &cr->cert)) {
        return cs_api_fail(SEC_E_INTERNAL_ERROR, CREDSSP_REASON_INTERNAL, "cannot make an ephemeral RSA-2048 certificate");
    }
    return SEC_E_OK;
}

static SECURITY_STATUS cred_versions(cs_credential *cr, uint32_t min, uint32_t max)
{
    cr->max_version = max != 0 ? (long)max : CS_VERSION_MAX;
    cr->min_version = min != 0 ? (long)min
                               : (cr->outbound ? CS_CLIENT_DEFAULT_MIN_VERSION : CS_SERVER_DEFAULT_MIN_VERSION);
    if (cr->max_version < CS_VERSION_MIN || cr->max_version > CS_VERSION_MAX || cr->min_version < CS_VERSION_MIN ||
        cr->min_version > cr->max_version)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT,
                         "versions %ld..%ld: CredSSP versions are 2 to 6 with min <= max (a client's default "
                         "minimum is 5)",
                         cr->min_version, cr->max_version);
    return SEC_E_OK;
}

static bool copy_opt(char **dst, const char *src)
{
    return src == NULL || (*dst = strdup(src)) != NULL;
}

static SECURITY_STATUS copy_package(cs_package *dst, const CREDSSP_PACKAGE_CRED *src, const char *what)
{
    if (src->PackageName == NULL || (src->Buffer == NULL && src->Length > 0))
        return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "%s credentials need a package name (and a buffer for Length)",
                         what);
    dst->name = strdup(src->PackageName);
    dst->buf = malloc(src->Length > 0 ? src->Length : 1);
    if (dst->name == NULL || dst->buf == NULL)
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the %s credentials", what);
    if (src->Length > 0)
        memcpy(dst->buf, src->Buffer, src->Length);
    dst->len = src->Length;
    return SEC_E_OK;
}

/* Smart-card or Remote Guard credentials to delegate ([MS-CSSP] 2.2.1.2.2-3). */
static SECURITY_STATUS cred_other(cs_other_creds *o, const CREDSSP_LINUX_CRED *lc)
{
    if (lc->SmartCard != NULL && lc->RemoteGuard != NULL)
        return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "SmartCard or RemoteGuard, not both");
    if (lc->SmartCard != NULL) {
        const CREDSSP_SMARTCARD_CRED *sc = lc->SmartCard;
        o->kind = TSCRED_SMARTCARD;
        o->key_spec = sc->KeySpec;
        if (sc->Pin == NULL)
            return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "smart-card credentials need a PIN");
        bool ok = copy_opt(&o->pin, sc->Pin) && copy_opt(&o->card, sc->CardName) &&
                  copy_opt(&o->reader, sc->ReaderName) && copy_opt(&o->container, sc->ContainerName) &&
                  copy_opt(&o->csp, sc->CspName) && copy_opt(&o->user_hint, sc->UserHint) &&
                  copy_opt(&o->domain_hint, sc->DomainHint);
        return ok ? SEC_E_OK : cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the smart-card credentials");
    }
    if (lc->RemoteGuard != NULL) {
        const CREDSSP_REMOTE_GUARD_CRED *rg = lc->RemoteGuard;
        o->kind = TSCRED_REMOTE_GUARD;
        if (rg->SupplementalCount > CREDSSP_MAX_SUPPLEMENTAL || (rg->SupplementalCount > 0 && rg->Supplemental == NULL))
            return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "at most 8 supplemental Remote Guard credentials");
        SECURITY_STATUS st = copy_package(&o->logon, &rg->Logon, "Remote Guard logon");
        for (uint32_t i = 0; st == SEC_E_OK && i < rg->SupplementalCount; i++)
            st = copy_package(&o->supplemental[i], &rg->Supplemental[i], "supplemental");
        if (st != SEC_E_OK)
            return st;
        o->supplemental_count = rg->SupplementalCount;
    }
    return SEC_E_OK;
}

static SECURITY_STATUS cred_fill(cs_credential *cr, uint32_t use, void *auth)
{
    if (auth == NULL)
        return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "no credentials given (pAuthData is NULL)");
    CREDSSP_SUBMIT_TYPE type = *(const CREDSSP_SUBMIT_TYPE *)auth;
    cr->framing = NEGO_RAW_NTLM;
    cr->mic_seq = SPNEGO_MIC_KEEPS_SEQ;
    if (type == CredsspPasswordCreds) {
        const CREDSSP_CRED *wc = auth;
        const SEC_WINNT_AUTH_IDENTITY_A *id = wc->pSpnegoCred;
        if (use != SECPKG_CRED_OUTBOUND || id == NULL || id->User == NULL || id->Password == NULL)
            return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "CredsspPasswordCreds: an outbound SEC_WINNT_AUTH_IDENTITY_A");
        if (!(id->Flags & SEC_WINNT_AUTH_IDENTITY_ANSI))
            return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "SEC_WINNT_AUTH_IDENTITY_A needs Flags ANSI (UTF-8)");
        char *u = NULL, *d = NULL, *p = NULL;
        SECURITY_STATUS st = dup_counted(id->User, id->UserLength, &u);
        if (st == SEC_E_OK)
            st = id->Domain != NULL ? dup_counted(id->Domain, id->DomainLength, &d)
                                    : dup_counted((const unsigned char *)"", 0, &d);
        if (st == SEC_E_OK)
            st = dup_counted(id->Password, id->PasswordLength, &p);
        if (st == SEC_E_OK)
            st = cred_identity(cr, u, d, p, NULL);
        if (p != NULL)
            OPENSSL_cleanse(p, strlen(p));
        free(u);
        free(d);
        free(p);
        return st != SEC_E_OK ? st : cred_versions(cr, 0, 0);
    }
    if (type != CredsspLinuxCreds)
        return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "pAuthData type %d is not supported", (int)type);
    const CREDSSP_LINUX_CRED *lc = auth;
    SECURITY_STATUS st;
    if (lc->Flags & CREDSSP_CRED_SPNEGO)
        cr->framing = NEGO_SPNEGO;
    if (lc->Flags & CREDSSP_CRED_MIC_CONSUMES_SEQ)
        cr->mic_seq = SPNEGO_MIC_CONSUMES_SEQ;
    cr->tls12_only = (lc->Flags & CREDSSP_CRED_TLS12_ONLY) != 0;
    cr->no_ntlm_delegation = (lc->Flags & CREDSSP_CRED_NO_NTLM_DELEGATION) != 0;
    if (lc->DelegationTargets != NULL && (cr->delegation_targets = strdup(lc->DelegationTargets)) == NULL)
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for DelegationTargets");
    cr->keylog = lc->KeyLog;
    cr->keylog_arg = lc->KeyLogArg;
    cr->trace = lc->Trace;
    cr->trace_arg = lc->TraceArg;
    if (cr->outbound && (st = cred_identity(cr, lc->User, lc->Domain, lc->Password, lc->NtHash)) != SEC_E_OK)
        return st;
    if (cr->outbound && (st = cred_other(&cr->other, lc)) != SEC_E_OK)
        return st;
    if (cr->inbound && (st = cred_server(cr, lc)) != SEC_E_OK)
        return st;
    cs_failure why;
    failure_clear(&why);
    if (cr->outbound && !cr->inbound && lc->CertFile != NULL &&
        !cert_load_pem(lc->CertFile, lc->KeyFile != NULL ? lc->KeyFile : lc->CertFile, &cr->cert, &cr->key, &why))
        return cs_api_fail_noted(&why, SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS,
                                 "the client certificate %s: %s", lc->CertFile, why.text);
    if (cr->inbound && (lc->Flags & CREDSSP_CRED_REQUEST_CLIENT_CERT)) {
        if (lc->ClientCaFile == NULL)
            return cs_api_fail(SEC_E_UNKNOWN_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "CREDSSP_CRED_REQUEST_CLIENT_CERT needs ClientCaFile");
        if ((cr->client_ca_file = strdup(lc->ClientCaFile)) == NULL)
            return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for ClientCaFile");
    }
    return cred_versions(cr, lc->MinVersion, lc->MaxVersion);
}

/* Every context starts from a credential: settling the generated codec's
 * alias descriptors here, once, comes before any thread's first decode. */
static pthread_once_t codec_settled = PTHREAD_ONCE_INIT;

SECURITY_STATUS credssp_AcquireCredentialsHandleA(const SEC_CHAR *pszPrincipal, const SEC_CHAR *pszPackage,
                                                  uint32_t fCredentialUse, void *pvLogonId, void *pAuthData,
                                                  void *pGetKeyFn, void *pvGetKeyArgument, PCredHandle phCredential,
                                                  PTimeStamp ptsExpiry)
{
    cs_api_clear();
    (void)pthread_once(&codec_settled, asn1_settle_aliases);
    (void)pszPrincipal;
    (void)pvLogonId;
    (void)pvGetKeyArgument;
    if (phCredential == NULL)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "phCredential is NULL");
    if (pszPackage == NULL || strcasecmp(pszPackage, CREDSSP_NAME) != 0)
        return cs_api_fail(SEC_E_SECPKG_NOT_FOUND, CREDSSP_REASON_BAD_ARGUMENT, "this library is the \"CREDSSP\" package");
    if (pGetKeyFn != NULL)
        return cs_api_fail(SEC_E_UNSUPPORTED_FUNCTION, CREDSSP_REASON_UNSUPPORTED, "pGetKeyFn is not supported");
    if (fCredentialUse == 0 || (fCredentialUse & ~SECPKG_CRED_BOTH) != 0)
        return cs_api_fail(SEC_E_UNSUPPORTED_FUNCTION, CREDSSP_REASON_UNSUPPORTED, "fCredentialUse: SECPKG_CRED_OUTBOUND and/or INBOUND");
    cs_credential *cr = cs_credential_alloc();
    if (cr == NULL)
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for a credential");
    cr->outbound = (fCredentialUse & SECPKG_CRED_OUTBOUND) != 0;
    cr->inbound = (fCredentialUse & SECPKG_CRED_INBOUND) != 0;
    cs_failure why;
    failure_clear(&why);
    cr->crypto = ntlm_crypto_new(&why);
    SECURITY_STATUS st = cr->crypto == NULL ? cs_api_fail_noted(&why, SEC_E_INTERNAL_ERROR, CREDSSP_REASON_INTERNAL,
                                                                "%s", why.text)
                                            : cred_fill(cr, fCredentialUse, pAuthData);
    handle_result hr = st == SEC_E_OK ? handle_register(HANDLE_CREDENTIAL, &cr->hobj, phCredential) : HANDLE_OK;
    if (hr != HANDLE_OK)
        st = cs_api_handle_failure(hr, "credential");
    if (st != SEC_E_OK) {
        cs_credential_unref(cr);
        return st;
    }
    expiry_never(ptsExpiry);
    return SEC_E_OK;
}

SECURITY_STATUS credssp_FreeCredentialsHandle(PCredHandle phCredential)
{
    cs_api_clear();
    handle_obj *cr = handle_remove(HANDLE_CREDENTIAL, phCredential);
    if (cr == NULL)
        return cs_api_fail(SEC_E_INVALID_HANDLE, CREDSSP_REASON_BAD_HANDLE, "phCredential is not a live credential handle");
    refcounted_drop(cr); /* contexts and calls using it keep their references */
    return SEC_E_OK;
}

/* A copy of base's settings with the identity from a SECBUFFER_PKG_PARAMS
 * buffer (ISC_REQ_USE_SUPPLIED_CREDS): user\0domain\0password\0. */
SECURITY_STATUS cred_supplied(const cs_credential *base, PSecBufferDesc in, cs_credential **out)
{
    *out = NULL;
    PSecBuffer pb = find_buffer(in, SECBUFFER_PKG_PARAMS);
    if (pb == NULL || pb->pvBuffer == NULL || pb->cbBuffer < 3)
        return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "ISC_REQ_USE_SUPPLIED_CREDS needs a SECBUFFER_PKG_PARAMS buffer");
    const char *p = pb->pvBuffer;
    size_t len = pb->cbBuffer;
    const char *parts[3];
    size_t at = 0;
    for (int i = 0; i < 3; i++) {
        const char *nul = at < len ? memchr(p + at, '\0', len - at) : NULL;
        if (nul == NULL)
            return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "SECBUFFER_PKG_PARAMS: user, domain, password, each NUL-terminated");
        parts[i] = p + at;
        at = (size_t)(nul - p) + 1;
    }
    if (at != len)
        return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "SECBUFFER_PKG_PARAMS: bytes after the password's terminator");
    cs_credential *cr = cs_credential_alloc();
    if (cr == NULL)
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the supplied credential");
    cr->outbound = true;
    cs_failure why;
    failure_clear(&why);
    cr->crypto = ntlm_crypto_new(&why);
    cr->min_version = base->min_version;
    cr->max_version = base->max_version;
    cr->framing = base->framing;
    cr->mic_seq = base->mic_seq;
    cr->tls12_only = base->tls12_only;
    cr->no_ntlm_delegation = base->no_ntlm_delegation;
    cr->keylog = base->keylog;
    cr->keylog_arg = base->keylog_arg;
    cr->trace = base->trace;
    cr->trace_arg = base->trace_arg;
    SECURITY_STATUS st = cr->crypto == NULL
                             ? cs_api_fail_noted(&why, SEC_E_INTERNAL_ERROR, CREDSSP_REASON_INTERNAL, "%s", why.text)
                             : SEC_E_OK;
    if (st == SEC_E_OK && base->delegation_targets != NULL &&
        (cr->delegation_targets = strdup(base->delegation_targets)) == NULL)
        st = cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the supplied credential");
    if (st == SEC_E_OK)
        st = cred_identity(cr, parts[0], parts[1], parts[2], NULL);
    if (st != SEC_E_OK) {
        cs_credential_unref(cr);
        return st == SEC_E_UNKNOWN_CREDENTIALS ? SEC_E_NO_CREDENTIALS : st;
    }
    *out = cr;
    return SEC_E_OK;
}



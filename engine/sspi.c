/*
 * The public SSPI calls: argument and handle checks, SecBuffer handling,
 * then the engine.  The protocol itself is in the tables (transitions.c).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include <credssp/credssp.h>

#include "cert.h"
#include "api_error.h"
#include "context.h"
#include "handles.h"
#include "record.h"
#include "tscredentials.h"
#include "unicode.h"

/* ------------------------------------------------------------ last error */

static _Thread_local char last_error[256];

#define fail_with cs_api_fail

SECURITY_STATUS cs_api_fail(SECURITY_STATUS st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return st;
}

const char *credssp_last_error(void)
{
    return last_error;
}

/* Every public call starts clean: a later failure never reports an earlier
 * call's sentence, and a success leaves no text behind. */
static void clear_last_error(void)
{
    last_error[0] = '\0';
}

/* What a failed registration says to the caller. */
static SECURITY_STATUS handle_failure(handle_result r, const char *what)
{
    if (r == HANDLE_NO_ENTROPY)
        return fail_with(SEC_E_INTERNAL_ERROR, "no random bytes for the %s handle's tag (the DRBG failed)", what);
    return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no room for another %s handle", what);
}

/* "Never expires": the largest TimeStamp, as Windows reports it. */
static void expiry_never(PTimeStamp ts)
{
    if (ts != NULL) {
        ts->LowPart = 0xFFFFFFFFu;
        ts->HighPart = 0x7FFFFFFF;
    }
}

/* ---------------------------------------------------------- credentials */

/* A counted SEC_WINNT_AUTH_IDENTITY_A string as a C string: SEC_E_OK,
 * SEC_E_UNKNOWN_CREDENTIALS for an embedded NUL, or no memory. */
static SECURITY_STATUS dup_counted(const unsigned char *s, uint32_t len, char **out)
{
    *out = NULL;
    if (len > 0 && memchr(s, '\0', len) != NULL)
        return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "a name or password holds a NUL byte");
    char *p = malloc((size_t)len + 1);
    if (p == NULL)
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for the credential");
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
        return fail_with(SEC_E_NO_CREDENTIALS, "a client credential needs a user and a password or an NT hash");
    ntlm_status st = password != NULL
                         ? ntlm_identity_from_password(cr->crypto, user, domain, password, &cr->identity)
                         : ntlm_identity_from_hash(user, domain, nt_hash, &cr->identity);
    if (st == NTLM_ST_NO_MEMORY)
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for the client credential");
    if (st != NTLM_ST_OK)
        return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "the client credential: %s", ntlm_status_text(st));
    cr->user = strdup(user);
    cr->domain = strdup(domain != NULL ? domain : "");
    cr->password = dup_or_null(password);
    if (cr->user == NULL || cr->domain == NULL || (password != NULL && cr->password == NULL))
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for the client credential");
    cr->has_identity = true;
    return SEC_E_OK;
}

static SECURITY_STATUS cred_server(cs_credential *cr, const CREDSSP_LINUX_CRED *lc)
{
    size_t line = 0;
    const char *why = NULL;
    if (lc->UserFile == NULL)
        return fail_with(SEC_E_NO_CREDENTIALS, "a server credential needs a user file (UserFile)");
    ntlm_status ust = ntlm_user_db_load(lc->UserFile, &cr->users, &line, &why);
    if (ust == NTLM_ST_NO_MEMORY)
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory to read the user file %s", lc->UserFile);
    if (ust != NTLM_ST_OK)
        return fail_with(SEC_E_NO_CREDENTIALS, "the user file %s: %s (line %zu)", lc->UserFile, why, line);
    if ((lc->CertFile == NULL) != (lc->KeyFile == NULL))
        return fail_with(SEC_E_NO_CREDENTIALS, "CertFile and KeyFile go together");
    if (lc->CertFile != NULL) {
        if (!cert_load_pem(lc->CertFile, lc->KeyFile, &cr->cert, &cr->key, &why))
            return fail_with(SEC_E_NO_CREDENTIALS, "%s: %s", lc->CertFile, why);
    } else if (!cert_make_self_signed("libcredssp", &cr->key, &cr->cert)) {
        return fail_with(SEC_E_INTERNAL_ERROR, "cannot make an ephemeral RSA-2048 certificate");
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
        return fail_with(SEC_E_INVALID_PARAMETER,
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
        return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "%s credentials need a package name (and a buffer for Length)",
                         what);
    dst->name = strdup(src->PackageName);
    dst->buf = malloc(src->Length > 0 ? src->Length : 1);
    if (dst->name == NULL || dst->buf == NULL)
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for the %s credentials", what);
    if (src->Length > 0)
        memcpy(dst->buf, src->Buffer, src->Length);
    dst->len = src->Length;
    return SEC_E_OK;
}

/* Smart-card or Remote Guard credentials to delegate ([MS-CSSP] 2.2.1.2.2-3). */
static SECURITY_STATUS cred_other(cs_other_creds *o, const CREDSSP_LINUX_CRED *lc)
{
    if (lc->SmartCard != NULL && lc->RemoteGuard != NULL)
        return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "SmartCard or RemoteGuard, not both");
    if (lc->SmartCard != NULL) {
        const CREDSSP_SMARTCARD_CRED *sc = lc->SmartCard;
        o->kind = TSCRED_SMARTCARD;
        o->key_spec = sc->KeySpec;
        if (sc->Pin == NULL)
            return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "smart-card credentials need a PIN");
        bool ok = copy_opt(&o->pin, sc->Pin) && copy_opt(&o->card, sc->CardName) &&
                  copy_opt(&o->reader, sc->ReaderName) && copy_opt(&o->container, sc->ContainerName) &&
                  copy_opt(&o->csp, sc->CspName) && copy_opt(&o->user_hint, sc->UserHint) &&
                  copy_opt(&o->domain_hint, sc->DomainHint);
        return ok ? SEC_E_OK : fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for the smart-card credentials");
    }
    if (lc->RemoteGuard != NULL) {
        const CREDSSP_REMOTE_GUARD_CRED *rg = lc->RemoteGuard;
        o->kind = TSCRED_REMOTE_GUARD;
        if (rg->SupplementalCount > CREDSSP_MAX_SUPPLEMENTAL || (rg->SupplementalCount > 0 && rg->Supplemental == NULL))
            return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "at most 8 supplemental Remote Guard credentials");
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
        return fail_with(SEC_E_NO_CREDENTIALS, "no credentials given (pAuthData is NULL)");
    CREDSSP_SUBMIT_TYPE type = *(const CREDSSP_SUBMIT_TYPE *)auth;
    cr->framing = NEGO_RAW_NTLM;
    cr->mic_seq = SPNEGO_MIC_KEEPS_SEQ;
    if (type == CredsspPasswordCreds) {
        const CREDSSP_CRED *wc = auth;
        const SEC_WINNT_AUTH_IDENTITY_A *id = wc->pSpnegoCred;
        if (use != SECPKG_CRED_OUTBOUND || id == NULL || id->User == NULL || id->Password == NULL)
            return fail_with(SEC_E_NO_CREDENTIALS, "CredsspPasswordCreds: an outbound SEC_WINNT_AUTH_IDENTITY_A");
        if (!(id->Flags & SEC_WINNT_AUTH_IDENTITY_ANSI))
            return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "SEC_WINNT_AUTH_IDENTITY_A needs Flags ANSI (UTF-8)");
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
        return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "pAuthData type %d is not supported", (int)type);
    const CREDSSP_LINUX_CRED *lc = auth;
    SECURITY_STATUS st;
    if (lc->Flags & CREDSSP_CRED_SPNEGO)
        cr->framing = NEGO_SPNEGO;
    if (lc->Flags & CREDSSP_CRED_MIC_CONSUMES_SEQ)
        cr->mic_seq = SPNEGO_MIC_CONSUMES_SEQ;
    cr->tls12_only = (lc->Flags & CREDSSP_CRED_TLS12_ONLY) != 0;
    cr->no_ntlm_delegation = (lc->Flags & CREDSSP_CRED_NO_NTLM_DELEGATION) != 0;
    if (lc->DelegationTargets != NULL && (cr->delegation_targets = strdup(lc->DelegationTargets)) == NULL)
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for DelegationTargets");
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
    const char *why = NULL;
    if (cr->outbound && !cr->inbound && lc->CertFile != NULL &&
        !cert_load_pem(lc->CertFile, lc->KeyFile != NULL ? lc->KeyFile : lc->CertFile, &cr->cert, &cr->key, &why))
        return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "the client certificate %s: %s", lc->CertFile, why);
    if (cr->inbound && (lc->Flags & CREDSSP_CRED_REQUEST_CLIENT_CERT)) {
        if (lc->ClientCaFile == NULL)
            return fail_with(SEC_E_UNKNOWN_CREDENTIALS, "CREDSSP_CRED_REQUEST_CLIENT_CERT needs ClientCaFile");
        if ((cr->client_ca_file = strdup(lc->ClientCaFile)) == NULL)
            return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for ClientCaFile");
    }
    return cred_versions(cr, lc->MinVersion, lc->MaxVersion);
}

SECURITY_STATUS credssp_AcquireCredentialsHandleA(const SEC_CHAR *pszPrincipal, const SEC_CHAR *pszPackage,
                                                  uint32_t fCredentialUse, void *pvLogonId, void *pAuthData,
                                                  void *pGetKeyFn, void *pvGetKeyArgument, PCredHandle phCredential,
                                                  PTimeStamp ptsExpiry)
{
    (void)pszPrincipal;
    (void)pvLogonId;
    (void)pvGetKeyArgument;
    if (phCredential == NULL)
        return fail_with(SEC_E_INVALID_PARAMETER, "phCredential is NULL");
    if (pszPackage == NULL || strcasecmp(pszPackage, CREDSSP_NAME) != 0)
        return fail_with(SEC_E_SECPKG_NOT_FOUND, "this library is the \"CREDSSP\" package");
    if (pGetKeyFn != NULL)
        return fail_with(SEC_E_UNSUPPORTED_FUNCTION, "pGetKeyFn is not supported");
    if (fCredentialUse == 0 || (fCredentialUse & ~SECPKG_CRED_BOTH) != 0)
        return fail_with(SEC_E_UNSUPPORTED_FUNCTION, "fCredentialUse: SECPKG_CRED_OUTBOUND and/or INBOUND");
    cs_credential *cr = cs_credential_alloc();
    if (cr == NULL)
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for a credential");
    cr->outbound = (fCredentialUse & SECPKG_CRED_OUTBOUND) != 0;
    cr->inbound = (fCredentialUse & SECPKG_CRED_INBOUND) != 0;
    const char *why = NULL;
    cr->crypto = ntlm_crypto_new(&why);
    SECURITY_STATUS st = cr->crypto == NULL ? fail_with(SEC_E_INTERNAL_ERROR, "%s", why) : cred_fill(cr, fCredentialUse, pAuthData);
    handle_result hr = st == SEC_E_OK ? handle_register(HANDLE_CREDENTIAL, &cr->hobj, phCredential) : HANDLE_OK;
    if (hr != HANDLE_OK)
        st = handle_failure(hr, "credential");
    if (st != SEC_E_OK) {
        cs_credential_unref(cr);
        return st;
    }
    expiry_never(ptsExpiry);
    return SEC_E_OK;
}

SECURITY_STATUS credssp_FreeCredentialsHandle(PCredHandle phCredential)
{
    clear_last_error();
    handle_obj *cr = handle_remove(HANDLE_CREDENTIAL, phCredential);
    if (cr == NULL)
        return fail_with(SEC_E_INVALID_HANDLE, "phCredential is not a live credential handle");
    handle_release(cr); /* contexts and calls using it keep their references */
    return SEC_E_OK;
}

/* ------------------------------------------------------------- buffers */

static PSecBuffer find_buffer(PSecBufferDesc d, uint32_t type)
{
    if (d == NULL || d->pBuffers == NULL)
        return NULL;
    for (uint32_t i = 0; i < d->cBuffers; i++)
        if ((d->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) == type)
            return &d->pBuffers[i];
    return NULL;
}

/* After the call: the bytes of the token not consumed go back as
 * SECBUFFER_EXTRA, a partial record's shortfall as SECBUFFER_MISSING, in
 * the input's SECBUFFER_EMPTY buffer (the seed's second input buffer). */
static void report_input(PSecBufferDesc in, SECURITY_STATUS st, size_t token_len, size_t consumed, size_t missing)
{
    PSecBuffer spare = find_buffer(in, SECBUFFER_EMPTY);
    if (spare == NULL)
        return;
    if (st == SEC_E_INCOMPLETE_MESSAGE) {
        spare->BufferType = SECBUFFER_MISSING;
        spare->cbBuffer = (uint32_t)missing;
        spare->pvBuffer = NULL;
    } else if (consumed < token_len) {
        spare->BufferType = SECBUFFER_EXTRA;
        spare->cbBuffer = (uint32_t)(token_len - consumed);
        spare->pvBuffer = NULL;
    }
}

/* The output token: into the package-allocated buffer (ALLOCATE_MEMORY,
 * freed with FreeContextBuffer) or the caller's. */
static SECURITY_STATUS deliver_output(cs_context *c, PSecBufferDesc out, bool allocate)
{
    PSecBuffer tok = find_buffer(out, SECBUFFER_TOKEN);
    if (tok == NULL)
        return c->out.len == 0 ? SEC_E_OK : fail_with(SEC_E_INVALID_PARAMETER, "pOutput has no SECBUFFER_TOKEN");
    if (allocate) {
        tok->pvBuffer = NULL;
        tok->cbBuffer = 0;
        if (c->out.len == 0)
            return SEC_E_OK;
        tok->pvBuffer = malloc(c->out.len);
        if (tok->pvBuffer == NULL)
            return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for the %zu-byte output token", c->out.len);
    } else if (tok->cbBuffer < c->out.len || (c->out.len > 0 && tok->pvBuffer == NULL)) {
        tok->cbBuffer = (uint32_t)c->out.len;
        return fail_with(SEC_E_BUFFER_TOO_SMALL, "the output token needs %zu bytes", c->out.len);
    }
    if (c->out.len > 0)
        memcpy(tok->pvBuffer, c->out.data, c->out.len);
    tok->cbBuffer = (uint32_t)c->out.len;
    return SEC_E_OK;
}

static uint32_t context_attributes(const cs_context *c, bool allocate)
{
    uint32_t keep = c->server ? (ASC_REQ_DELEGATE | ASC_REQ_MUTUAL_AUTH | ASC_REQ_REPLAY_DETECT |
                                 ASC_REQ_SEQUENCE_DETECT | ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY |
                                 ASC_REQ_CONNECTION | ASC_REQ_STREAM | ASC_REQ_EXTENDED_ERROR)
                              : (ISC_REQ_DELEGATE | ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT |
                                 ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_CONNECTION | ISC_REQ_STREAM |
                                 ISC_REQ_EXTENDED_ERROR);
    uint32_t a = c->req & keep;
    if (allocate)
        a |= c->server ? ASC_RET_ALLOCATED_MEMORY : ISC_RET_ALLOCATED_MEMORY;
    /* The server: ASC_RET_DELEGATE says credentials (not the empty set) came. */
    if (c->server) {
        a &= ~ASC_RET_DELEGATE;
        bool got = c->state == MS_DONE && (c->deleg_other.kind != 0 || (c->deleg_user != NULL && c->deleg_user[0] != '\0'));
        if (got)
            a |= ASC_RET_DELEGATE;
    }
    if (!c->server) {
        a |= ISC_RET_MANUAL_CRED_VALIDATION;
        if (c->supplied)
            a |= ISC_RET_USED_SUPPLIED_CREDS;
        if (c->reauthenticated)
            a |= ISC_RET_REAUTHENTICATION;
        /* The server proved it holds the NTLM keys and the TLS key. */
        if (c->state == MS_DONE)
            a |= ISC_RET_MUTUAL_AUTH;
    }
    return a;
}

/* A copy of base's settings with the identity from a SECBUFFER_PKG_PARAMS
 * buffer (ISC_REQ_USE_SUPPLIED_CREDS): user\0domain\0password\0. */
static SECURITY_STATUS cred_supplied(const cs_credential *base, PSecBufferDesc in, cs_credential **out)
{
    *out = NULL;
    PSecBuffer pb = find_buffer(in, SECBUFFER_PKG_PARAMS);
    if (pb == NULL || pb->pvBuffer == NULL || pb->cbBuffer < 3)
        return fail_with(SEC_E_NO_CREDENTIALS, "ISC_REQ_USE_SUPPLIED_CREDS needs a SECBUFFER_PKG_PARAMS buffer");
    const char *p = pb->pvBuffer;
    size_t len = pb->cbBuffer;
    const char *parts[3];
    size_t at = 0;
    for (int i = 0; i < 3; i++) {
        const char *nul = at < len ? memchr(p + at, '\0', len - at) : NULL;
        if (nul == NULL)
            return fail_with(SEC_E_NO_CREDENTIALS, "SECBUFFER_PKG_PARAMS: user, domain, password, each NUL-terminated");
        parts[i] = p + at;
        at = (size_t)(nul - p) + 1;
    }
    if (at != len)
        return fail_with(SEC_E_NO_CREDENTIALS, "SECBUFFER_PKG_PARAMS: bytes after the password's terminator");
    cs_credential *cr = cs_credential_alloc();
    if (cr == NULL)
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for the supplied credential");
    cr->outbound = true;
    const char *why = NULL;
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
    SECURITY_STATUS st = cr->crypto == NULL ? fail_with(SEC_E_INTERNAL_ERROR, "%s", why) : SEC_E_OK;
    if (st == SEC_E_OK && base->delegation_targets != NULL &&
        (cr->delegation_targets = strdup(base->delegation_targets)) == NULL)
        st = fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for the supplied credential");
    if (st == SEC_E_OK)
        st = cred_identity(cr, parts[0], parts[1], parts[2], NULL);
    if (st != SEC_E_OK) {
        cs_credential_unref(cr);
        return st == SEC_E_UNKNOWN_CREDENTIALS ? SEC_E_NO_CREDENTIALS : st;
    }
    *out = cr;
    return SEC_E_OK;
}

typedef struct call_args {
    bool server;
    PCredHandle cred;
    PCtxtHandle ctx;
    const char *target;
    uint32_t req;
    PSecBufferDesc in, out;
    PCtxtHandle new_ctx;
    uint32_t *attrs;
    PTimeStamp expiry;
} call_args;

/* A context's handle for the length of one call: acquired (a reference, so
 * a racing DeleteSecurityContext cannot free it) and locked (calls on one
 * context are serialised).  NULL for an invalid or deleted handle. */
static cs_context *context_enter(const CtxtHandle *h)
{
    handle_obj *o = handle_acquire(HANDLE_CONTEXT, h);
    if (o == NULL)
        return NULL;
    cs_context *c = (cs_context *)o;
    pthread_mutex_lock(&c->lock);
    if (c->deleted) {
        /* Deleted while this call waited for the lock. */
        pthread_mutex_unlock(&c->lock);
        cs_context_unref(c);
        return NULL;
    }
    return c;
}

static void context_leave(cs_context *c)
{
    pthread_mutex_unlock(&c->lock);
    cs_context_unref(c);
}

static cs_credential *credential_acquire(const CredHandle *h)
{
    return (cs_credential *)handle_acquire(HANDLE_CREDENTIAL, h);
}

/* The first call's context: checks the credential and the target, and makes it. */
static SECURITY_STATUS context_create(const call_args *a, cs_credential *cr, cs_context **out)
{
    *out = NULL;
    if (a->server ? !cr->inbound : !cr->outbound)
        return fail_with(SEC_E_NO_CREDENTIALS, "the credential is not %s", a->server ? "INBOUND" : "OUTBOUND");
    if (!a->server && (a->target == NULL || a->target[0] == '\0'))
        return fail_with(SEC_E_TARGET_UNKNOWN, "pszTargetName names the server (e.g. TERMSRV/host)");
    /* The SPN goes into NTLM's MsvAvTargetName: valid UTF-8 that fits. */
    uint8_t spn[NTLM_MAX_NAME];
    size_t spn_len;
    if (!a->server && !utf8_to_utf16le(a->target, spn, sizeof spn, &spn_len))
        return fail_with(SEC_E_TARGET_UNKNOWN, "pszTargetName is not valid UTF-8 or longer than %u bytes as UTF-16",
                         NTLM_MAX_NAME);
    if (a->new_ctx == NULL)
        return fail_with(SEC_E_INVALID_PARAMETER, "the first call needs phNewContext");
    cs_credential *supplied = NULL;
    if (!a->server && (a->req & ISC_REQ_USE_SUPPLIED_CREDS)) {
        SECURITY_STATUS sst = cred_supplied(cr, a->in, &supplied);
        if (sst != SEC_E_OK)
            return sst;
        cr = supplied;
    }
    cs_context *c = cs_context_new(cr, a->server, a->req, a->target);
    if (supplied != NULL)
        cs_credential_unref(supplied); /* the context holds it now */
    if (c == NULL)
        return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory for a new context");
    c->supplied = supplied != NULL;
    *out = c;
    return SEC_E_OK;
}

/* A credential passed on a later call: after SEC_I_INCOMPLETE_CREDENTIALS,
 * the one with a certificate. */
static void context_take_offered(cs_context *c, const CredHandle *h)
{
    cs_credential *cr = credential_acquire(h);
    if (cr != NULL && cr != c->cred && cr->outbound) {
        if (c->offered != NULL)
            cs_credential_unref(c->offered);
        c->offered = cr; /* the reference acquired is the context's now */
        return;
    }
    cs_credential_unref(cr);
}

/* A SECBUFFER_TOKEN with input needs a place to say what was not consumed
 * (SECBUFFER_EXTRA) or is missing (SECBUFFER_MISSING): the seed's
 * SECBUFFER_EMPTY second buffer.  Without one those bytes could not be
 * reported, so such input is refused before anything reads it. */
static bool input_reportable(PSecBufferDesc in, size_t in_len)
{
    return in_len == 0 || find_buffer(in, SECBUFFER_EMPTY) != NULL;
}

/* One call on a context the caller holds (locked, referenced). */
static SECURITY_STATUS context_call(cs_context *c, const call_args *a, bool first)
{
    PSecBuffer tok = find_buffer(a->in, SECBUFFER_TOKEN);
    const uint8_t *in = tok != NULL ? tok->pvBuffer : NULL;
    size_t in_len = tok != NULL && tok->pvBuffer != NULL ? tok->cbBuffer : 0, consumed = 0;
    bool allocate = (a->req & (a->server ? ASC_REQ_ALLOCATE_MEMORY : ISC_REQ_ALLOCATE_MEMORY)) != 0;
    if (!input_reportable(a->in, in_len))
        return fail_with(SEC_E_INVALID_PARAMETER, "pInput holds a SECBUFFER_TOKEN but no SECBUFFER_EMPTY buffer for "
                                                  "what is not consumed (SECBUFFER_EXTRA) or missing");
    c->error[0] = '\0';
    c->call_req = a->req;

    SECURITY_STATUS st;
    if (c->pending) {
        /* The retry after SEC_E_BUFFER_TOO_SMALL: the same input (or none)
         * gets the output the last call made. */
        const cs_buf *p = &c->pending_input;
        if (in_len != 0 && (in_len < p->len || memcmp(in, p->data, p->len) != 0))
            return fail_with(SEC_E_INVALID_PARAMETER, "the last call's output is pending: call again with the same "
                                                      "input and a larger buffer");
        st = c->pending_status;
        consumed = in_len == 0 ? 0 : p->len;
    } else {
        st = engine_call(c, in, in_len, &consumed);
    }
    report_input(a->in, st, in_len, consumed, c->missing);
    SECURITY_STATUS dst = deliver_output(c, a->out, allocate);
    if (dst == SEC_E_BUFFER_TOO_SMALL && !first) {
        /* Keep the output, and what was consumed to make it, for the retry. */
        if (!c->pending) {
            c->pending = true;
            c->pending_status = st;
            cs_buf_wipe(&c->pending_input);
            if (!cs_buf_append(&c->pending_input, in, consumed))
                return fail_with(SEC_E_INSUFFICIENT_MEMORY, "no memory to keep the output for the retry");
        }
        return dst;
    }
    if (c->pending && dst == SEC_E_OK) {
        c->pending = false;
        cs_buf_wipe(&c->pending_input);
    }
    if (dst != SEC_E_OK && (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED))
        st = dst; /* deliver_output said why */
    else if (st < 0 && st != SEC_E_INCOMPLETE_MESSAGE) /* a failure code (seed: negative) */
        fail_with(st, "%s", c->error[0] != '\0' ? c->error : credssp_status_name(st));
    if (a->attrs != NULL)
        *a->attrs = context_attributes(c, allocate);
    expiry_never(a->expiry);
    return st;
}

/* SEC_I_INCOMPLETE_CREDENTIALS is a success code: the context lives on. */
static bool status_keeps_context(SECURITY_STATUS st)
{
    return st == SEC_I_CONTINUE_NEEDED || st == SEC_E_OK || st == SEC_I_INCOMPLETE_CREDENTIALS;
}

static SECURITY_STATUS run_first_call(const call_args *a)
{
    cs_credential *cr = credential_acquire(a->cred);
    if (cr == NULL)
        return fail_with(SEC_E_INVALID_HANDLE, "phCredential is not a live credential handle");
    cs_context *c = NULL;
    SECURITY_STATUS st = context_create(a, cr, &c);
    cs_credential_unref(cr); /* the context holds its own reference */
    if (st != SEC_E_OK)
        return st;
    /* Nobody else can see the context yet: no lock is needed. */
    st = context_call(c, a, true);
    if (!status_keeps_context(st)) {
        cs_context_unref(c); /* a first call that fails leaves no context behind */
        return st;
    }
    handle_result hr = handle_register(HANDLE_CONTEXT, &c->hobj, a->new_ctx);
    if (hr != HANDLE_OK) {
        cs_context_unref(c);
        return handle_failure(hr, "context");
    }
    return st;
}

static SECURITY_STATUS run_call(const call_args *a)
{
    if (a->ctx == NULL)
        return run_first_call(a);
    cs_context *c = context_enter(a->ctx);
    if (c != NULL && c->server != a->server) {
        context_leave(c);
        c = NULL;
    }
    if (c == NULL)
        return fail_with(SEC_E_INVALID_HANDLE, "phContext is not a live %s context handle",
                         a->server ? "server" : "client");
    if (!a->server && a->cred != NULL)
        context_take_offered(c, a->cred);
    SECURITY_STATUS st = context_call(c, a, false);
    if (a->new_ctx != NULL && a->new_ctx != a->ctx)
        *a->new_ctx = *a->ctx;
    context_leave(c);
    return st;
}

SECURITY_STATUS credssp_InitializeSecurityContextA(PCredHandle phCredential, PCtxtHandle phContext,
                                                   const SEC_CHAR *pszTargetName, uint32_t fContextReq, uint32_t Reserved1,
                                                   uint32_t TargetDataRep, PSecBufferDesc pInput, uint32_t Reserved2,
                                                   PCtxtHandle phNewContext, PSecBufferDesc pOutput,
                                                   uint32_t *pfContextAttr, PTimeStamp ptsExpiry)
{
    clear_last_error();
    if (Reserved1 != 0 || Reserved2 != 0)
        return fail_with(SEC_E_INVALID_PARAMETER, "Reserved1 and Reserved2 must be zero");
    if (TargetDataRep != SECURITY_NATIVE_DREP && TargetDataRep != SECURITY_NETWORK_DREP)
        return fail_with(SEC_E_INVALID_PARAMETER, "TargetDataRep: SECURITY_NATIVE_DREP or SECURITY_NETWORK_DREP");
    call_args a = { false, phCredential, phContext, pszTargetName, fContextReq, pInput, pOutput, phNewContext,
                    pfContextAttr, ptsExpiry };
    return run_call(&a);
}

SECURITY_STATUS credssp_AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext, PSecBufferDesc pInput,
                                              uint32_t fContextReq, uint32_t TargetDataRep, PCtxtHandle phNewContext,
                                              PSecBufferDesc pOutput, uint32_t *pfContextAttr, PTimeStamp ptsExpiry)
{
    clear_last_error();
    if (TargetDataRep != SECURITY_NATIVE_DREP && TargetDataRep != SECURITY_NETWORK_DREP)
        return fail_with(SEC_E_INVALID_PARAMETER, "TargetDataRep: SECURITY_NATIVE_DREP or SECURITY_NETWORK_DREP");
    call_args a = { true, phCredential, phContext, NULL, fContextReq, pInput, pOutput, phNewContext,
                    pfContextAttr, ptsExpiry };
    return run_call(&a);
}

/* CredSSP never returns SEC_I_COMPLETE_NEEDED or SEC_I_COMPLETE_AND_CONTINUE:
 * every token is final when returned.  A call is harmless. */
SECURITY_STATUS credssp_CompleteAuthToken(PCtxtHandle phContext, PSecBufferDesc pToken)
{
    (void)pToken;
    clear_last_error();
    cs_context *c = context_enter(phContext);
    if (c == NULL)
        return fail_with(SEC_E_INVALID_HANDLE, "phContext is not a live context handle");
    context_leave(c);
    return SEC_E_OK;
}

/* The handle dies at once: later calls get SEC_E_INVALID_HANDLE.  A call in
 * progress on the context finishes first (this waits for its lock), and
 * the context is freed when the last call holding it returns. */
SECURITY_STATUS credssp_DeleteSecurityContext(PCtxtHandle phContext)
{
    clear_last_error();
    handle_obj *o = handle_remove(HANDLE_CONTEXT, phContext);
    if (o == NULL)
        return fail_with(SEC_E_INVALID_HANDLE, "phContext is not a live context handle");
    cs_context *c = (cs_context *)o;
    pthread_mutex_lock(&c->lock);
    c->deleted = true;
    pthread_mutex_unlock(&c->lock);
    cs_context_unref(c);
    return SEC_E_OK;
}

SECURITY_STATUS credssp_FreeContextBuffer(void *pvContextBuffer)
{
    free(pvContextBuffer);
    return SEC_E_OK;
}

/* --------------------------------------------------------- attributes */

#define STREAM_HEADER_LEN RECORD_HEADER_LEN
#define STREAM_MAX_MESSAGE 16384u

static SECURITY_STATUS query_attribute(cs_context *c, uint32_t ulAttribute, void *pBuffer);

SECURITY_STATUS credssp_QueryContextAttributesA(PCtxtHandle phContext, uint32_t ulAttribute, void *pBuffer)
{
    clear_last_error();
    cs_context *c = context_enter(phContext);
    if (c == NULL)
        return fail_with(SEC_E_INVALID_HANDLE, "phContext is not a live context handle");
    SECURITY_STATUS st = pBuffer != NULL ? query_attribute(c, ulAttribute, pBuffer)
                                         : fail_with(SEC_E_INVALID_PARAMETER, "pBuffer is NULL");
    context_leave(c);
    return st;
}

/* The views returned point into the context: valid until it is deleted. */
static SECURITY_STATUS query_attribute(cs_context *c, uint32_t ulAttribute, void *pBuffer)
{
    switch (ulAttribute) {
    case CREDSSP_ATTR_DELEGATED_CREDENTIALS: {
        if (!c->server || c->state != MS_DONE)
            return fail_with(SEC_E_UNSUPPORTED_FUNCTION, "delegated credentials: a server context after SEC_E_OK");
        CREDSSP_DELEGATED_CREDENTIALS *d = pBuffer;
        d->CredType = (uint32_t)c->deleg_type;
        d->User = c->deleg_user != NULL ? c->deleg_user : "";
        d->Domain = c->deleg_domain != NULL ? c->deleg_domain : "";
        d->Password = c->deleg_password != NULL ? c->deleg_password : "";
        const cs_other_creds *o = &c->deleg_other;
        d->SmartCard = (CREDSSP_SMARTCARD_CRED){ o->pin, o->key_spec, o->card, o->reader, o->container, o->csp,
                                                 o->user_hint, o->domain_hint };
        c->deleg_packages[0] = (CREDSSP_PACKAGE_CRED){ o->logon.name, o->logon.buf, (uint32_t)o->logon.len };
        for (size_t i = 0; i < o->supplemental_count; i++)
            c->deleg_packages[1 + i] = (CREDSSP_PACKAGE_CRED){ o->supplemental[i].name, o->supplemental[i].buf,
                                                               (uint32_t)o->supplemental[i].len };
        d->RemoteGuard = (CREDSSP_REMOTE_GUARD_CRED){ c->deleg_packages[0], (uint32_t)o->supplemental_count,
                                                      o->supplemental_count > 0 ? &c->deleg_packages[1] : NULL };
        return SEC_E_OK;
    }
    case CREDSSP_ATTR_PROTOCOL_INFO: {
        CREDSSP_PROTOCOL_INFO *p = pBuffer;
        p->OwnVersion = (uint32_t)c->own_version;
        p->PeerVersion = c->has_peer_version ? (uint32_t)c->peer_version : 0;
        p->EffectiveVersion = c->has_peer_version ? (uint32_t)c->version : 0;
        p->Spnego = (c->server ? (c->ns != NULL && nego_server_framing(c->ns) == NEGO_SPNEGO)
                               : c->cred->framing == NEGO_SPNEGO)
                        ? 1u
                        : 0u;
        p->TlsVersion = tls_established(c->tls) ? tls_version(c->tls) : "";
        p->User = c->peer_user;
        p->Domain = c->peer_domain;
        p->State = machine_state_name(c->state);
        return SEC_E_OK;
    }
    case CREDSSP_ATTR_PEER_CERTIFICATE: {
        if (c->peer_cert == NULL && !tls_peer_certificate(c->tls, &c->peer_cert, &c->peer_cert_len))
            return fail_with(SEC_E_UNSUPPORTED_FUNCTION, "no peer certificate (a client context after TLS)");
        CREDSSP_PEER_CERTIFICATE *pc = pBuffer;
        pc->Der = c->peer_cert;
        pc->Length = (uint32_t)c->peer_cert_len;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_ISSUER_LIST_EX: {
        SecPkgContext_IssuerListInfoEx *l = pBuffer;
        l->aIssuers = c->issuers;
        l->cIssuers = c->issuer_count;
        return SEC_E_OK;
    }
    case CREDSSP_ATTR_LAST_ERROR: {
        CREDSSP_LAST_ERROR *e = pBuffer;
        e->Text = c->error;
        e->NtStatus = c->error_code;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_STREAM_SIZES: {
        if (c->state != MS_DONE)
            return fail_with(SEC_E_UNSUPPORTED_FUNCTION, "stream sizes exist once the context is established");
        SecPkgContext_StreamSizes *s = pBuffer;
        *s = (SecPkgContext_StreamSizes){ STREAM_HEADER_LEN, (uint32_t)tls_record_overhead(c->tls),
                                          STREAM_MAX_MESSAGE, 4, 1 };
        return SEC_E_OK;
    }
    default:
        return fail_with(SEC_E_UNSUPPORTED_FUNCTION, "attribute 0x%x is not supported", ulAttribute);
    }
}

/* ------------------------------------------------------------ messages */

/* EncryptMessage on a held context.  Every buffer is checked before the
 * record is sealed: sealing spends a TLS sequence number, so a call that
 * cannot deliver the record must not make it. */
static SECURITY_STATUS encrypt_locked(cs_context *c, uint32_t fQOP, PSecBufferDesc pMessage)
{
    if (c->state != MS_DONE)
        return fail_with(SEC_E_CONTEXT_EXPIRED, "EncryptMessage needs an established context");
    if (fQOP != 0)
        return fail_with(SEC_E_QOP_NOT_SUPPORTED, "fQOP must be 0");
    PSecBuffer hdr = find_buffer(pMessage, SECBUFFER_STREAM_HEADER), data = find_buffer(pMessage, SECBUFFER_DATA),
               trl = find_buffer(pMessage, SECBUFFER_STREAM_TRAILER);
    if (hdr == NULL || data == NULL || trl == NULL || data->pvBuffer == NULL || hdr->pvBuffer == NULL ||
        trl->pvBuffer == NULL || data->cbBuffer == 0 || data->cbBuffer > STREAM_MAX_MESSAGE)
        return fail_with(SEC_E_INVALID_PARAMETER, "EncryptMessage: STREAM_HEADER, DATA (1..16384 bytes), STREAM_TRAILER");
    size_t overhead = tls_record_overhead(c->tls);
    if (hdr->cbBuffer < STREAM_HEADER_LEN || trl->cbBuffer < overhead)
        return fail_with(SEC_E_BUFFER_TOO_SMALL, "EncryptMessage: the header needs %u bytes and the trailer %zu "
                                                 "(SECPKG_ATTR_STREAM_SIZES)", STREAM_HEADER_LEN, overhead);
    uint8_t *rec = NULL;
    size_t rec_len = 0;
    if (tls_seal_record(c->tls, data->pvBuffer, data->cbBuffer, &rec, &rec_len) != TLS_OK)
        return fail_with(SEC_E_INTERNAL_ERROR, "TLS refused the record");
    /* The record, split: 5 header bytes, as many bytes as the data, the rest. */
    if (rec_len < STREAM_HEADER_LEN + data->cbBuffer || rec_len - STREAM_HEADER_LEN - data->cbBuffer > trl->cbBuffer) {
        /* tls_record_overhead is the bound of every suite: never here. */
        free(rec);
        c->state = MS_FAILED;
        return fail_with(SEC_E_INTERNAL_ERROR, "the sealed record is larger than the trailer size foretold");
    }
    size_t rest = rec_len - STREAM_HEADER_LEN - data->cbBuffer;
    memcpy(hdr->pvBuffer, rec, STREAM_HEADER_LEN);
    hdr->cbBuffer = STREAM_HEADER_LEN;
    memcpy(data->pvBuffer, rec + STREAM_HEADER_LEN, data->cbBuffer);
    memcpy(trl->pvBuffer, rec + STREAM_HEADER_LEN + data->cbBuffer, rest);
    trl->cbBuffer = (uint32_t)rest;
    free(rec);
    return SEC_E_OK;
}

SECURITY_STATUS credssp_EncryptMessage(PCtxtHandle phContext, uint32_t fQOP, PSecBufferDesc pMessage,
                                       uint32_t MessageSeqNo)
{
    (void)MessageSeqNo; /* TLS numbers its records */
    clear_last_error();
    cs_context *c = context_enter(phContext);
    if (c == NULL)
        return fail_with(SEC_E_INVALID_HANDLE, "phContext is not a live context handle");
    SECURITY_STATUS st = encrypt_locked(c, fQOP, pMessage);
    context_leave(c);
    return st;
}

static SECURITY_STATUS decrypt_locked(cs_context *c, PSecBufferDesc pMessage)
{
    if (c->state != MS_DONE)
        return fail_with(SEC_E_CONTEXT_EXPIRED, "DecryptMessage needs an established context");
    if (pMessage == NULL || pMessage->cBuffers < 4 || pMessage->pBuffers == NULL)
        return fail_with(SEC_E_INVALID_PARAMETER, "DecryptMessage: a DATA buffer and three EMPTY ones");
    PSecBuffer b = pMessage->pBuffers;
    if ((b[0].BufferType & ~SECBUFFER_ATTRMASK) != SECBUFFER_DATA || b[0].pvBuffer == NULL)
        return fail_with(SEC_E_INVALID_PARAMETER, "DecryptMessage: the first buffer is SECBUFFER_DATA");
    uint8_t *base = b[0].pvBuffer;
    size_t len = b[0].cbBuffer, whole = 0, missing = 0;
    record_scan_result rs = record_scan(base, len, &whole, &missing);
    if (rs == RECORD_BAD)
        return fail_with(SEC_E_INVALID_TOKEN, "DecryptMessage: the data is not a TLS record");
    if (rs == RECORD_PARTIAL) {
        b[1] = (SecBuffer){ (uint32_t)missing, SECBUFFER_MISSING, NULL };
        return SEC_E_INCOMPLETE_MESSAGE;
    }
    /* One record per call, as Schannel does. */
    size_t rec_len = RECORD_HEADER_LEN + (((size_t)base[3] << 8) | base[4]);
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    tls_status ts = tls_open_records(c->tls, base, rec_len, &plain, &plain_len);
    if (ts == TLS_CLOSED) {
        /* Schannel's answer to the peer's close_notify: the caller shuts down. */
        free(plain);
        b[3] = len > rec_len ? (SecBuffer){ (uint32_t)(len - rec_len), SECBUFFER_EXTRA, base + rec_len }
                             : (SecBuffer){ 0, SECBUFFER_EMPTY, NULL };
        return fail_with(SEC_I_CONTEXT_EXPIRED, "the peer closed the TLS channel (close_notify)");
    }
    if (ts != TLS_OK || plain_len > rec_len - RECORD_HEADER_LEN) {
        free(plain);
        return fail_with(SEC_E_DECRYPT_FAILURE, "the record does not decrypt, or is an alert");
    }
    if (plain_len > 0)
        memcpy(base + RECORD_HEADER_LEN, plain, plain_len);
    OPENSSL_cleanse(plain, plain_len);
    free(plain);
    b[0] = (SecBuffer){ RECORD_HEADER_LEN, SECBUFFER_STREAM_HEADER, base };
    b[1] = (SecBuffer){ (uint32_t)plain_len, SECBUFFER_DATA, base + RECORD_HEADER_LEN };
    b[2] = (SecBuffer){ (uint32_t)(rec_len - RECORD_HEADER_LEN - plain_len), SECBUFFER_STREAM_TRAILER,
                        base + RECORD_HEADER_LEN + plain_len };
    b[3] = len > rec_len ? (SecBuffer){ (uint32_t)(len - rec_len), SECBUFFER_EXTRA, base + rec_len }
                         : (SecBuffer){ 0, SECBUFFER_EMPTY, NULL };
    return SEC_E_OK;
}

SECURITY_STATUS credssp_DecryptMessage(PCtxtHandle phContext, PSecBufferDesc pMessage, uint32_t MessageSeqNo,
                                       uint32_t *pfQOP)
{
    (void)MessageSeqNo;
    clear_last_error();
    if (pfQOP != NULL)
        *pfQOP = 0;
    cs_context *c = context_enter(phContext);
    if (c == NULL)
        return fail_with(SEC_E_INVALID_HANDLE, "phContext is not a live context handle");
    SECURITY_STATUS st = decrypt_locked(c, pMessage);
    context_leave(c);
    return st;
}

/* ------------------------------------------------------- function table */

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

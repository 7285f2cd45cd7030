/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QueryContextAttributes and the ISC_RET / ASC_RET flags a call reports:
 * what an established (or failed) context says about itself.
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
#include "attributes.h"
#include "enter.h"
#include "context.h"
#include "record.h"
#include "stream.h"

uint32_t context_attributes(const cs_context *c, bool allocate)
{
    uint32_t keep = c->server ? (uint32_t)CS_ASC_ECHOED : (uint32_t)CS_ISC_ECHOED;
    uint32_t a = c->req & keep;
    if (allocate)
        a |= c->server ? ASC_RET_ALLOCATED_MEMORY : ISC_RET_ALLOCATED_MEMORY;
    /* The server: ASC_RET_DELEGATE says credentials (not the empty set) came. */
    if (c->server) {
        a &= ~ASC_RET_DELEGATE;
        bool got = c->state == MS_DONE && (c->deleg.other.kind != 0 || (c->deleg.user != NULL && c->deleg.user[0] != '\0'));
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

static SECURITY_STATUS query_attribute(cs_context *c, uint32_t ulAttribute, void *pBuffer);

SECURITY_STATUS credssp_QueryContextAttributesA(PCtxtHandle phContext, uint32_t ulAttribute, void *pBuffer)
{
    cs_api_clear();
    cs_context *c = context_enter(phContext);
    if (c == NULL)
        return cs_api_fail(SEC_E_INVALID_HANDLE, CREDSSP_REASON_BAD_HANDLE, "phContext is not a live context handle");
    SECURITY_STATUS st = pBuffer != NULL ? query_attribute(c, ulAttribute, pBuffer)
                                         : cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "pBuffer is NULL");
    context_leave(c);
    return st;
}

/* The views returned point into the context: valid until it is deleted. */
static SECURITY_STATUS query_attribute(cs_context *c, uint32_t ulAttribute, void *pBuffer)
{
    switch (ulAttribute) {
    case CREDSSP_ATTR_DELEGATED_CREDENTIALS: {
        if (!c->server || c->state != MS_DONE)
            return cs_api_fail(SEC_E_UNSUPPORTED_FUNCTION, CREDSSP_REASON_NOT_ESTABLISHED, "delegated credentials: a server context after SEC_E_OK");
        CREDSSP_DELEGATED_CREDENTIALS *d = pBuffer;
        d->CredType = (uint32_t)c->deleg.kind;
        d->User = c->deleg.user != NULL ? c->deleg.user : "";
        d->Domain = c->deleg.domain != NULL ? c->deleg.domain : "";
        d->Password = c->deleg.password != NULL ? c->deleg.password : "";
        const cs_other_creds *o = &c->deleg.other;
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
            return cs_api_fail(SEC_E_UNSUPPORTED_FUNCTION, CREDSSP_REASON_UNSUPPORTED, "no peer certificate (a client context after TLS)");
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
        cs_failure *f = &c->failure;
        *e = (CREDSSP_LAST_ERROR){ .Text = f->text, .NtStatus = c->error_code, .Status = f->status,
                                   .Reason = f->reason, .Stage = f->stage, .Rule = f->rule,
                                   .Offset = (uint32_t)f->offset, .Site = failure_site(f) };
        return SEC_E_OK;
    }
    case SECPKG_ATTR_STREAM_SIZES: {
        if (c->state != MS_DONE)
            return cs_api_fail(SEC_E_UNSUPPORTED_FUNCTION, CREDSSP_REASON_NOT_ESTABLISHED, "stream sizes exist once the context is established");
        SecPkgContext_StreamSizes *s = pBuffer;
        *s = (SecPkgContext_StreamSizes){ STREAM_HEADER_LEN, (uint32_t)tls_record_overhead(c->tls),
                                          STREAM_MAX_MESSAGE, 4, 1 };
        return SEC_E_OK;
    }
    default:
        return cs_api_fail(SEC_E_UNSUPPORTED_FUNCTION, CREDSSP_REASON_UNSUPPORTED, "attribute 0x%x is not supported", ulAttribute);
    }
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * InitializeSecurityContext and AcceptSecurityContext: the handles and
 * buffers of one call (the seed's SECBUFFER_TOKEN + SECBUFFER_EMPTY
 * input, the output token, SECBUFFER_EXTRA and SECBUFFER_MISSING), then the
 * engine (machine/call.c).  Also DeleteSecurityContext, CompleteAuthToken and
 * FreeContextBuffer.
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
#include "buffers.h"
#include "enter.h"
#include "call.h"
#include "context.h"
#include "credentials.h"
#include "handles.h"
#include "unicode.h"

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

/* The first call's context: checks the credential and the target, and makes it. */
static SECURITY_STATUS context_create(const call_args *a, cs_credential *cr, cs_context **out)
{
    *out = NULL;
    if (a->server ? !cr->inbound : !cr->outbound)
        return cs_api_fail(SEC_E_NO_CREDENTIALS, CREDSSP_REASON_BAD_CREDENTIALS, "the credential is not %s", a->server ? "INBOUND" : "OUTBOUND");
    if (!a->server && (a->target == NULL || a->target[0] == '\0'))
        return cs_api_fail(SEC_E_TARGET_UNKNOWN, CREDSSP_REASON_NO_TARGET, "pszTargetName names the server (e.g. TERMSRV/host)");
    /* The SPN goes into NTLM's MsvAvTargetName: valid UTF-8 that fits. */
    uint8_t spn[NTLM_MAX_NAME];
    size_t spn_len;
    if (!a->server && !utf8_to_utf16le(a->target, spn, sizeof spn, &spn_len))
        return cs_api_fail(SEC_E_TARGET_UNKNOWN, CREDSSP_REASON_NO_TARGET, "pszTargetName is not valid UTF-8 or longer than %u bytes as UTF-16",
                         NTLM_MAX_NAME);
    if (a->new_ctx == NULL)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "the first call needs phNewContext");
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
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for a new context");
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
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "pInput holds a SECBUFFER_TOKEN but no SECBUFFER_EMPTY buffer for "
                                                  "what is not consumed (SECBUFFER_EXTRA) or missing");
    failure_clear(&c->failure);
    c->call_req = a->req;

    SECURITY_STATUS st;
    if (c->pending) {
        /* The retry after SEC_E_BUFFER_TOO_SMALL: the same input (or none)
         * gets the output the last call made. */
        const cs_buf *p = &c->pending_input;
        if (in_len != 0 && (in_len < p->len || memcmp(in, p->data, p->len) != 0))
            return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_OUTPUT_PENDING, "the last call's output is pending: call again with the same "
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
                return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory to keep the output for the retry");
        }
        return dst;
    }
    if (c->pending && dst == SEC_E_OK) {
        c->pending = false;
        cs_buf_wipe(&c->pending_input);
    }
    if (dst != SEC_E_OK && (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED)) {
        st = dst; /* deliver_output said why */
    } else if (st < 0 && st != SEC_E_INCOMPLETE_MESSAGE) { /* a failure code (seed: negative) */
        c->failure.status = st;
        last_error_take(&c->failure, st);
    }
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
        return cs_api_fail(SEC_E_INVALID_HANDLE, CREDSSP_REASON_BAD_HANDLE, "phCredential is not a live credential handle");
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
        return cs_api_handle_failure(hr, "context");
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
        return cs_api_fail(SEC_E_INVALID_HANDLE, CREDSSP_REASON_BAD_HANDLE, "phContext is not a live %s context handle",
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
    cs_api_clear();
    if (Reserved1 != 0 || Reserved2 != 0)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "Reserved1 and Reserved2 must be zero");
    if (TargetDataRep != SECURITY_NATIVE_DREP && TargetDataRep != SECURITY_NETWORK_DREP)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "TargetDataRep: SECURITY_NATIVE_DREP or SECURITY_NETWORK_DREP");
    call_args a = { false, phCredential, phContext, pszTargetName, fContextReq, pInput, pOutput, phNewContext,
                    pfContextAttr, ptsExpiry };
    return run_call(&a);
}

SECURITY_STATUS credssp_AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext, PSecBufferDesc pInput,
                                              uint32_t fContextReq, uint32_t TargetDataRep, PCtxtHandle phNewContext,
                                              PSecBufferDesc pOutput, uint32_t *pfContextAttr, PTimeStamp ptsExpiry)
{
    cs_api_clear();
    if (TargetDataRep != SECURITY_NATIVE_DREP && TargetDataRep != SECURITY_NETWORK_DREP)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "TargetDataRep: SECURITY_NATIVE_DREP or SECURITY_NETWORK_DREP");
    call_args a = { true, phCredential, phContext, NULL, fContextReq, pInput, pOutput, phNewContext,
                    pfContextAttr, ptsExpiry };
    return run_call(&a);
}

/* CredSSP never returns SEC_I_COMPLETE_NEEDED or SEC_I_COMPLETE_AND_CONTINUE:
 * every token is final when returned.  A call is harmless. */
SECURITY_STATUS credssp_CompleteAuthToken(PCtxtHandle phContext, PSecBufferDesc pToken)
{
    (void)pToken;
    cs_api_clear();
    cs_context *c = context_enter(phContext);
    if (c == NULL)
        return cs_api_fail(SEC_E_INVALID_HANDLE, CREDSSP_REASON_BAD_HANDLE, "phContext is not a live context handle");
    context_leave(c);
    return SEC_E_OK;
}

/* The handle dies at once: later calls get SEC_E_INVALID_HANDLE.  A call in
 * progress on the context finishes first (this waits for its lock), and
 * the context is freed when the last call holding it returns. */
SECURITY_STATUS credssp_DeleteSecurityContext(PCtxtHandle phContext)
{
    cs_api_clear();
    handle_obj *o = handle_remove(HANDLE_CONTEXT, phContext);
    if (o == NULL)
        return cs_api_fail(SEC_E_INVALID_HANDLE, CREDSSP_REASON_BAD_HANDLE, "phContext is not a live context handle");
    cs_context *c = (cs_context *)o;
    pthread_mutex_lock(&c->lock);
    c->deleted = true;
    pthread_mutex_unlock(&c->lock);
    cs_context_unref(c);
    return SEC_E_OK;
}

/* It cannot fail, and it leaves the thread's last error alone: the seed's
 * loop frees the output token of a failing call before it reads why. */
SECURITY_STATUS credssp_FreeContextBuffer(void *pvContextBuffer)
{
    free(pvContextBuffer);
    return SEC_E_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seed's calling loop, reusable: call, send the output token if it is
 * not empty, stop on SEC_E_OK or an error, else read the peer's reply and
 * call again.  SEC_E_INCOMPLETE_MESSAGE: read more and call again with the
 * bytes appended; SECBUFFER_EXTRA: keep the surplus for the next call.
 */
#include <stdlib.h>
#include <string.h>

#include <credssp/credssp.h>

#include "cs_limits.h"
#include "call.h"
#include "enter.h"
#include "last_error.h"

#define DRIVER_MAX_CALLS CS_LIMIT_DRIVER_CALLS
#define DRIVER_MAX_PENDING CS_LIMIT_DRIVER_PENDING

typedef struct pending {
    uint8_t buf[DRIVER_MAX_PENDING];
    size_t len;
} pending;

/* The peer closed the connection: with a context, the table says what
 * that means in its state (after our AUTHENTICATE: the credentials were
 * refused); before one, the exchange never began. */
static SECURITY_STATUS driver_peer_gone(PCtxtHandle ctx)
{
    cs_context *c = ctx != NULL ? context_enter(ctx) : NULL;
    if (c == NULL)
        return cs_api_fail(SEC_E_INVALID_TOKEN, CREDSSP_REASON_TRANSPORT_CLOSED,
                           "the peer closed the connection before the exchange ended");
    failure_clear(&c->failure);
    SECURITY_STATUS st = engine_peer_gone(c);
    c->failure.status = st;
    last_error_take(&c->failure, st);
    context_leave(c);
    return st;
}

/* Reads at least one more byte from the peer (ctx: the context, once there is one). */
static SECURITY_STATUS driver_read(const CREDSSP_TRANSPORT *t, pending *p, PCtxtHandle ctx)
{
    size_t got = 0;
    if (p->len == sizeof p->buf)
        return cs_api_fail(SEC_E_INVALID_TOKEN, CREDSSP_REASON_MESSAGE_TOO_LARGE, "the peer sent %zu bytes without a whole message: more than any "
                                                "CredSSP message", p->len);
    int rc = t->recv(t->arg, p->buf + p->len, sizeof p->buf - p->len, &got);
    if (rc == CREDSSP_TRANSPORT_CLOSED)
        return driver_peer_gone(ctx);
    if (rc != 0)
        return cs_api_fail(SEC_E_INTERNAL_ERROR, CREDSSP_REASON_TRANSPORT_FAILED, "the transport's recv failed (%d): an error or a timeout", rc);
    if (got == 0 || got > sizeof p->buf - p->len)
        return cs_api_fail(SEC_E_INTERNAL_ERROR, CREDSSP_REASON_TRANSPORT_FAILED, "the transport's recv reported %zu bytes for a %zu-byte buffer",
                           got, sizeof p->buf - p->len);
    p->len += got;
    return SEC_E_OK;
}

/* Keeps the bytes the package did not consume (SECBUFFER_EXTRA) at the front. */
static void driver_keep_extra(pending *p, const SecBuffer *spare, SECURITY_STATUS st)
{
    if (st == SEC_E_INCOMPLETE_MESSAGE)
        return;
    if (spare->BufferType == SECBUFFER_EXTRA && spare->cbBuffer > 0 && spare->cbBuffer <= p->len) {
        memmove(p->buf, p->buf + (p->len - spare->cbBuffer), spare->cbBuffer);
        p->len = spare->cbBuffer;
    } else {
        p->len = 0;
    }
}

static void driver_note(const CREDSSP_TRANSPORT *t, const char *call, SECURITY_STATUS st)
{
    if (t->on_status != NULL)
        t->on_status(t->arg, call, st);
}

static SECURITY_STATUS driver_loop(PCredHandle cred, const char *target, uint32_t req, const CREDSSP_TRANSPORT *t,
                                   PCtxtHandle ctx, uint32_t *attrs, int server)
{
    cs_api_clear();
    pending *p = calloc(1, sizeof *p);
    if (p == NULL)
        return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the driver's buffer");
    SECURITY_STATUS st = SEC_E_INTERNAL_ERROR;
    int have_ctx = 0;
    memset(ctx, 0, sizeof *ctx);
    /* The server waits for the client's first bytes; the client speaks first. */
    if (server && (st = driver_read(t, p, NULL)) != SEC_E_OK)
        goto out;
    /* SEC_E_INCOMPLETE_MESSAGE calls do not count: the transport's timeout
     * bounds a peer that trickles bytes. */
    for (int calls = 0; calls < DRIVER_MAX_CALLS;) {
        SecBuffer in_bufs[2] = { { (uint32_t)p->len, SECBUFFER_TOKEN, p->buf }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc in = { SECBUFFER_VERSION, 2, in_bufs };
        SecBuffer out_buf = { 0, SECBUFFER_TOKEN, NULL };
        SecBufferDesc out = { SECBUFFER_VERSION, 1, &out_buf };
        uint32_t a = 0;
        int first = !have_ctx;
        if (server)
            st = credssp_AcceptSecurityContext(cred, first ? NULL : ctx, &in, req | ASC_REQ_ALLOCATE_MEMORY,
                                               SECURITY_NATIVE_DREP, ctx, &out, &a, NULL);
        else
            st = credssp_InitializeSecurityContextA(cred, first ? NULL : ctx, target,
                                                    req | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                                    first ? NULL : &in, 0, ctx, &out, &a, NULL);
        driver_note(t, server ? "AcceptSecurityContext" : "InitializeSecurityContext", st);
        /* The seed: COMPLETE_NEEDED and COMPLETE_AND_CONTINUE ask for
         * CompleteAuthToken before the token goes out (this package never
         * returns them; a driver written from the seed handles them). */
        if (st == SEC_I_COMPLETE_NEEDED || st == SEC_I_COMPLETE_AND_CONTINUE) {
            SECURITY_STATUS cst = credssp_CompleteAuthToken(ctx, &out);
            if (cst != SEC_E_OK)
                st = cst;
            else
                st = st == SEC_I_COMPLETE_NEEDED ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
        }
        /* SEC_I_INCOMPLETE_CREDENTIALS ends the loop too: the caller acquires a
         * credential with a certificate and calls InitializeSecurityContext. */
        if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED || st == SEC_I_INCOMPLETE_CREDENTIALS || !first)
            have_ctx = 1;
        if (attrs != NULL)
            *attrs = a;
        /* The seed: an output token, on success or on an error that tells the
         * peer why, must be sent. */
        if (out_buf.cbBuffer > 0) {
            int sent = t->send(t->arg, out_buf.pvBuffer, out_buf.cbBuffer);
            credssp_FreeContextBuffer(out_buf.pvBuffer);
            if (sent != 0 && (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED)) {
                st = cs_api_fail(SEC_E_INTERNAL_ERROR, CREDSSP_REASON_TRANSPORT_FAILED, "the transport's send failed (%d)", sent);
                break;
            }
        }
        if (st == SEC_E_INCOMPLETE_MESSAGE) {
            if ((st = driver_read(t, p, have_ctx ? ctx : NULL)) != SEC_E_OK)
                break;
            continue;
        }
        calls++;
        if (st != SEC_I_CONTINUE_NEEDED)
            break;
        driver_keep_extra(p, &in_bufs[1], st);
        if (p->len == 0 && (st = driver_read(t, p, have_ctx ? ctx : NULL)) != SEC_E_OK)
            break;
    }
out:
    if (!have_ctx)
        memset(ctx, 0, sizeof *ctx);
    free(p);
    return st;
}

SECURITY_STATUS credssp_drive_initiator(PCredHandle phCredential, const char *target, uint32_t fContextReq,
                                        const CREDSSP_TRANSPORT *t, PCtxtHandle phContext, uint32_t *pfContextAttr)
{
    return driver_loop(phCredential, target, fContextReq, t, phContext, pfContextAttr, 0);
}

SECURITY_STATUS credssp_drive_acceptor(PCredHandle phCredential, uint32_t fContextReq, const CREDSSP_TRANSPORT *t,
                                       PCtxtHandle phContext, uint32_t *pfContextAttr)
{
    return driver_loop(phCredential, NULL, fContextReq, t, phContext, pfContextAttr, 1);
}

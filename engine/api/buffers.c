/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SecBuffer descriptors and time stamps the calls read and fill in: the
 * first buffer of a type, how input was consumed (SECBUFFER_EXTRA,
 * SECBUFFER_MISSING), the output token (allocated or the caller's).
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
#include "buffers.h"
#include "context.h"

/* "Never expires": the largest TimeStamp, as Windows reports it. */
void expiry_never(PTimeStamp ts)
{
    if (ts != NULL) {
        ts->LowPart = 0xFFFFFFFFu;
        ts->HighPart = 0x7FFFFFFF;
    }
}

PSecBuffer find_buffer(PSecBufferDesc d, uint32_t type)
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
void report_input(PSecBufferDesc in, SECURITY_STATUS st, size_t token_len, size_t consumed, size_t missing)
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
SECURITY_STATUS deliver_output(cs_context *c, PSecBufferDesc out, bool allocate)
{
    PSecBuffer tok = find_buffer(out, SECBUFFER_TOKEN);
    if (tok == NULL)
        return c->out.len == 0 ? SEC_E_OK : cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "pOutput has no SECBUFFER_TOKEN");
    if (allocate) {
        tok->pvBuffer = NULL;
        tok->cbBuffer = 0;
        if (c->out.len == 0)
            return SEC_E_OK;
        tok->pvBuffer = malloc(c->out.len);
        if (tok->pvBuffer == NULL)
            return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY, "no memory for the %zu-byte output token", c->out.len);
    } else if (tok->cbBuffer < c->out.len || (c->out.len > 0 && tok->pvBuffer == NULL)) {
        tok->cbBuffer = (uint32_t)c->out.len;
        return cs_api_fail(SEC_E_BUFFER_TOO_SMALL, CREDSSP_REASON_BUFFER_TOO_SMALL, "the output token needs %zu bytes", c->out.len);
    }
    if (c->out.len > 0)
        memcpy(tok->pvBuffer, c->out.data, c->out.len);
    tok->cbBuffer = (uint32_t)c->out.len;
    return SEC_E_OK;
}

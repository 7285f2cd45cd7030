/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EncryptMessage and DecryptMessage: the SSPI stream interface over the
 * context's TLS connection once the exchange is done (SECBUFFER_STREAM_HEADER,
 * DATA, STREAM_TRAILER; SECBUFFER_EXTRA for the bytes after one record).
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
#include "enter.h"
#include "context.h"
#include "record.h"
#include "stream.h"

/* EncryptMessage on a held context.  Every buffer is checked before the
 * record is sealed: sealing spends a TLS sequence number, so a call that
 * cannot deliver the record must not make it. */
static SECURITY_STATUS encrypt_locked(cs_context *c, uint32_t fQOP, PSecBufferDesc pMessage)
{
    if (c->state != MS_DONE)
        return cs_api_fail(SEC_E_CONTEXT_EXPIRED, CREDSSP_REASON_NOT_ESTABLISHED, "EncryptMessage needs an established context");
    if (fQOP != 0)
        return cs_api_fail(SEC_E_QOP_NOT_SUPPORTED, CREDSSP_REASON_UNSUPPORTED, "fQOP must be 0");
    PSecBuffer hdr = find_buffer(pMessage, SECBUFFER_STREAM_HEADER), data = find_buffer(pMessage, SECBUFFER_DATA),
               trl = find_buffer(pMessage, SECBUFFER_STREAM_TRAILER);
    if (hdr == NULL || data == NULL || trl == NULL || data->pvBuffer == NULL || hdr->pvBuffer == NULL ||
        trl->pvBuffer == NULL || data->cbBuffer == 0 || data->cbBuffer > STREAM_MAX_MESSAGE)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "EncryptMessage: STREAM_HEADER, DATA (1..16384 bytes), STREAM_TRAILER");
    size_t overhead = tls_record_overhead(c->tls);
    if (hdr->cbBuffer < STREAM_HEADER_LEN || trl->cbBuffer < overhead)
        return cs_api_fail(SEC_E_BUFFER_TOO_SMALL, CREDSSP_REASON_BUFFER_TOO_SMALL, "EncryptMessage: the header needs %u bytes and the trailer %zu "
                                                 "(SECPKG_ATTR_STREAM_SIZES)", STREAM_HEADER_LEN, overhead);
    uint8_t *rec = NULL;
    size_t rec_len = 0;
    if (tls_seal_record(c->tls, data->pvBuffer, data->cbBuffer, &rec, &rec_len) != TLS_OK)
        return cs_api_fail(SEC_E_INTERNAL_ERROR, CREDSSP_REASON_INTERNAL, "TLS refused the record");
    /* The record, split: 5 header bytes, as many bytes as the data, the rest. */
    if (rec_len < STREAM_HEADER_LEN + data->cbBuffer || rec_len - STREAM_HEADER_LEN - data->cbBuffer > trl->cbBuffer) {
        /* tls_record_overhead is the bound of every suite: never here. */
        free(rec);
        c->state = MS_FAILED;
        return cs_api_fail(SEC_E_INTERNAL_ERROR, CREDSSP_REASON_INTERNAL, "the sealed record is larger than the trailer size foretold");
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
    cs_api_clear();
    cs_context *c = context_enter(phContext);
    if (c == NULL)
        return cs_api_fail(SEC_E_INVALID_HANDLE, CREDSSP_REASON_BAD_HANDLE, "phContext is not a live context handle");
    SECURITY_STATUS st = encrypt_locked(c, fQOP, pMessage);
    context_leave(c);
    return st;
}

static SECURITY_STATUS decrypt_locked(cs_context *c, PSecBufferDesc pMessage)
{
    if (c->state != MS_DONE)
        return cs_api_fail(SEC_E_CONTEXT_EXPIRED, CREDSSP_REASON_NOT_ESTABLISHED, "DecryptMessage needs an established context");
    if (pMessage == NULL || pMessage->cBuffers < 4 || pMessage->pBuffers == NULL)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "DecryptMessage: a DATA buffer and three EMPTY ones");
    PSecBuffer b = pMessage->pBuffers;
    if ((b[0].BufferType & ~SECBUFFER_ATTRMASK) != SECBUFFER_DATA || b[0].pvBuffer == NULL)
        return cs_api_fail(SEC_E_INVALID_PARAMETER, CREDSSP_REASON_BAD_ARGUMENT, "DecryptMessage: the first buffer is SECBUFFER_DATA");
    uint8_t *base = b[0].pvBuffer;
    size_t len = b[0].cbBuffer, whole = 0, missing = 0;
    record_scan_result rs = record_scan(base, len, &whole, &missing);
    if (rs == RECORD_BAD)
        return cs_api_fail(SEC_E_INVALID_TOKEN, CREDSSP_REASON_NOT_TLS, "DecryptMessage: the data is not a TLS record");
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
        return cs_api_fail(SEC_I_CONTEXT_EXPIRED, CREDSSP_REASON_PEER_CLOSED, "the peer closed the TLS channel (close_notify)");
    }
    if (ts != TLS_OK || plain_len > rec_len - RECORD_HEADER_LEN) {
        free(plain);
        return cs_api_fail(SEC_E_DECRYPT_FAILURE, CREDSSP_REASON_TLS_RECORD, "the record does not decrypt, or is an alert");
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
    cs_api_clear();
    if (pfQOP != NULL)
        *pfQOP = 0;
    cs_context *c = context_enter(phContext);
    if (c == NULL)
        return cs_api_fail(SEC_E_INVALID_HANDLE, CREDSSP_REASON_BAD_HANDLE, "phContext is not a live context handle");
    SECURITY_STATUS st = decrypt_locked(c, pMessage);
    context_leave(c);
    return st;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* TSRequest ([MS-CSSP] 2.2.1): decoding, semantic rules, encoding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "asn1.h"
#include "tsrequest.h"

/* Identifier octets of the TSRequest components (EXPLICIT context tags). */
enum { TAG_VERSION = 0xA0, TAG_NEGO_TOKENS = 0xA1, TAG_ERROR_CODE = 0xA4, TAG_CLIENT_NONCE = 0xA5 };

/* errorCode is an NTSTATUS, a 32-bit value.  Windows and FreeRDP send it as a
 * 4-byte two's-complement INTEGER (0xC000006D as c0 00 00 6d, i.e. negative);
 * others send the 5-byte positive form (00 c0 00 00 6d).  Both denote the
 * same status; anything outside [INT32_MIN, UINT32_MAX] is not an NTSTATUS. */
static bool tsrequest_ntstatus_from_long(long value, uint32_t *status)
{
    if (value < (long)INT32_MIN || value > (long)UINT32_MAX)
        return false;
    *status = value < 0 ? (uint32_t)(int32_t)value : (uint32_t)value;
    return true;
}

/* No component may exceed the message cap: it could not travel anyway. */
static bool tsrequest_fits(const tsrequest *req)
{
    if (req->auth_info.len > DER_MAX_INPUT || req->pub_key_auth.len > DER_MAX_INPUT ||
        req->client_nonce.len > DER_MAX_INPUT)
        return false;
    size_t total = req->auth_info.len + req->pub_key_auth.len + req->client_nonce.len;
    for (size_t i = 0; i < req->nego_token_count && i < TSREQUEST_MAX_NEGO_TOKENS; i++) {
        if (req->nego_tokens[i].len > DER_MAX_INPUT)
            return false;
        total += req->nego_tokens[i].len;
    }
    return total <= DER_MAX_INPUT;
}

codec_result tsrequest_check(const tsrequest *req, codec_error *err)
{
    /* 2.2.1: version 2 is the lowest; a higher one than ours is legal and
     * means "the highest you understand" (3.1.5). */
    if (req->version < CS_VERSION_LOWEST)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "version below 2");
    if (req->nego_token_count > TSREQUEST_MAX_NEGO_TOKENS)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "more negoTokens than the bound of 4");
    for (size_t i = 0; i < req->nego_token_count; i++)
        if (!req->nego_tokens[i].present || req->nego_tokens[i].len == 0)
            return codec_fail(err, CODEC_E_SEMANTIC, 0, "empty negoToken");
    if (req->client_nonce.present && req->client_nonce.len != TSREQUEST_NONCE_LEN)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "clientNonce is not 32 bytes");
    if (!tsrequest_fits(req))
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "components larger than the 64 KiB message cap");
    return CODEC_OK;
}

/* Fills the view from the generated structure; refuses what the protocol
 * forbids, pointing at the offending component in buf. */
static codec_result tsrequest_view_of(const TSRequest_t *asn, const uint8_t *buf, size_t len,
                                      tsrequest *view, codec_error *err)
{
    memset(view, 0, sizeof *view);
    view->version = asn->version;
    if (view->version < CS_VERSION_LOWEST)
        return codec_fail(err, CODEC_E_SEMANTIC, der_child_offset(buf, len, 0, TAG_VERSION, 0),
                          "version below 2");
    if (asn->negoTokens != NULL) {
        size_t at = der_child_offset(buf, len, 0, TAG_NEGO_TOKENS, 0);
        int count = asn->negoTokens->list.count;
        if (count <= 0)
            return codec_fail(err, CODEC_E_SEMANTIC, at, "negoTokens present but empty");
        if ((size_t)count > TSREQUEST_MAX_NEGO_TOKENS)
            return codec_fail(err, CODEC_E_SEMANTIC, at, "more negoTokens than the bound of 4");
        for (int i = 0; i < count; i++) {
            view->nego_tokens[i] = asn1_bytes(&asn->negoTokens->list.array[i]->negoToken);
            if (view->nego_tokens[i].len == 0)
                return codec_fail(err, CODEC_E_SEMANTIC, at, "empty negoToken");
        }
        view->nego_token_count = (size_t)count;
    }
    view->auth_info = asn1_bytes(asn->authInfo);
    view->pub_key_auth = asn1_bytes(asn->pubKeyAuth);
    if (asn->errorCode != NULL) {
        if (!tsrequest_ntstatus_from_long(*asn->errorCode, &view->error_code))
            return codec_fail(err, CODEC_E_SEMANTIC, der_child_offset(buf, len, 0, TAG_ERROR_CODE, 0),
                              "errorCode is not a 32-bit NTSTATUS");
        view->has_error_code = true;
    }
    view->client_nonce = asn1_bytes(asn->clientNonce);
    if (view->client_nonce.present && view->client_nonce.len != TSREQUEST_NONCE_LEN)
        return codec_fail(err, CODEC_E_SEMANTIC, der_child_offset(buf, len, 0, TAG_CLIENT_NONCE, 0),
                          "clientNonce is not 32 bytes");
    return CODEC_OK;
}

codec_result tsrequest_decode(const uint8_t *buf, size_t len, tsrequest_msg *msg, codec_error *err)
{
    void *asn = NULL;
    memset(msg, 0, sizeof *msg);
    CODEC_GUARD(asn1_decode_strict(&asn_DEF_TSRequest, &asn, buf, len, err));
    codec_result r = tsrequest_view_of(asn, buf, len, &msg->view, err);
    if (r != CODEC_OK) {
        asn1_free(&asn_DEF_TSRequest, asn);
        memset(msg, 0, sizeof *msg);
        return r;
    }
    msg->asn = asn;
    return CODEC_OK;
}

void tsrequest_msg_free(tsrequest_msg *msg)
{
    if (msg == NULL)
        return;
    asn1_free(&asn_DEF_TSRequest, msg->asn);
    memset(msg, 0, sizeof *msg);
}

codec_result tsrequest_encode(const tsrequest *req, uint8_t **out, size_t *out_len, codec_error *err)
{
    CODEC_GUARD(tsrequest_check(req, err));

    /* Everything below borrows req's bytes; nothing here is allocated. */
    TSRequest_t asn;
    NegoData_t nego;
    NegoDataItem_t items[TSREQUEST_MAX_NEGO_TOKENS];
    NegoDataItem_t *item_ptrs[TSREQUEST_MAX_NEGO_TOKENS];
    OCTET_STRING_t auth_info, pub_key_auth, client_nonce;
    long error_code;

    memset(&asn, 0, sizeof asn);
    memset(&nego, 0, sizeof nego);
    memset(items, 0, sizeof items);
    asn.version = req->version;
    if (req->nego_token_count > 0) {
        for (size_t i = 0; i < req->nego_token_count; i++) {
            items[i].negoToken = asn1_octets(req->nego_tokens[i]);
            item_ptrs[i] = &items[i];
        }
        nego.list.array = item_ptrs;
        nego.list.count = (int)req->nego_token_count;
        nego.list.size = (int)req->nego_token_count;
        asn.negoTokens = &nego;
    }
    if (req->auth_info.present) {
        auth_info = asn1_octets(req->auth_info);
        asn.authInfo = &auth_info;
    }
    if (req->pub_key_auth.present) {
        pub_key_auth = asn1_octets(req->pub_key_auth);
        asn.pubKeyAuth = &pub_key_auth;
    }
    if (req->has_error_code) {
        /* The 4-byte two's-complement form: FreeRDP 2.11 reads no other. */
        error_code = (long)(int32_t)req->error_code;
        asn.errorCode = &error_code;
    }
    if (req->client_nonce.present) {
        client_nonce = asn1_octets(req->client_nonce);
        asn.clientNonce = &client_nonce;
    }
    return asn1_encode(&asn_DEF_TSRequest, &asn, out, out_len, err);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: TSRequest ([MS-CSSP] 2.2.1) through the strict pipeline.
 * Targets: tsrequest_decode, tsrequest_check, tsrequest_encode, the DER gate
 * (der_validate and its rules), asn1_decode_strict/lenient, asn1_encode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differential.h"
#include "tsrequest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool fuzz_bytes_equal(cs_bytes a, cs_bytes b)
{
    return a.present == b.present && a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

static bool fuzz_views_equal(const tsrequest *a, const tsrequest *b)
{
    if (a->version != b->version || a->nego_token_count != b->nego_token_count ||
        a->has_error_code != b->has_error_code || a->error_code != b->error_code)
        return false;
    for (size_t i = 0; i < a->nego_token_count; i++)
        if (!fuzz_bytes_equal(a->nego_tokens[i], b->nego_tokens[i]))
            return false;
    return fuzz_bytes_equal(a->auth_info, b->auth_info) && fuzz_bytes_equal(a->pub_key_auth, b->pub_key_auth) &&
           fuzz_bytes_equal(a->client_nonce, b->client_nonce);
}

/* The one accepted form not re-encoded as received: errorCode in the 5-byte
 * positive form goes out in the two's-complement form (tsrequest.h).  For
 * such input the re-encoding must decode to the same view instead. */
static bool fuzz_error_code_rewritten(const uint8_t *data, size_t size, const tsrequest *v)
{
    if (!v->has_error_code || v->error_code < 0x80000000u)
        return false;
    size_t at = der_child_offset(data, size, 0, 0xA4, 0);
    return at + 3u < size && data[at + 3u] == 5u;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tsrequest_msg msg;
    bool accepted = tsrequest_decode(data, size, &msg, NULL) == CODEC_OK;
    if (accepted) {
        uint8_t *enc = NULL;
        size_t enc_len = 0;
        codec_result r = tsrequest_encode(&msg.view, &enc, &enc_len, NULL);
        if (fuzz_error_code_rewritten(data, size, &msg.view)) {
            tsrequest_msg again;
            if (r != CODEC_OK || tsrequest_decode(enc, enc_len, &again, NULL) != CODEC_OK)
                fuzz_fail("a rewritten errorCode does not decode");
            if (!fuzz_views_equal(&msg.view, &again.view))
                fuzz_fail("a rewritten errorCode changed the message");
            tsrequest_msg_free(&again);
            free(enc);
        } else {
            fuzz_require_same(r, enc, enc_len, data, size);
        }
        tsrequest_msg_free(&msg);
    }
    fuzz_differential(&asn_DEF_TSRequest, data, size, accepted);
    return 0;
}

/* Fuzz target: TSRequest ([MS-CSSP] 2.2.1) through the strict pipeline. */
#include "differential.h"
#include "tsrequest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The one accepted form we do not re-encode as received: an NTSTATUS of
 * 0x80000000 and up in the 5-byte positive form goes out in the 4-byte
 * two's-complement form (tsrequest.h).  Rewrite the input the same way. */
static size_t fuzz_expected_encoding(const uint8_t *data, size_t size, const tsrequest *v, uint8_t *out)
{
    memcpy(out, data, size);
    if (!v->has_error_code || v->error_code < 0x80000000u)
        return size;
    size_t at = der_child_offset(data, size, 0, 0xA4, 0);
    if (at + 3u >= size || data[at + 3u] != 5u)
        return size;
    /* a4 07 02 05 00 xx xx xx xx  ->  a4 06 02 04 xx xx xx xx, outer length - 1 */
    size_t n = 0;
    for (size_t i = 0; i < size; i++) {
        if (i == at + 4u)
            continue;
        out[n++] = data[i];
    }
    out[at + 1u]--;
    out[at + 3u]--;
    /* the outer SEQUENCE header: short or long form, minimal either way */
    if (out[1] < 0x80u)
        out[1]--;
    else if (out[1] == 0x81u && out[2] > 0x80u)
        out[2]--;
    else
        return 0; /* a header that changes size: not worth modelling */
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tsrequest_msg msg;
    bool accepted = tsrequest_decode(data, size, &msg, NULL) == CODEC_OK;
    if (accepted) {
        uint8_t *enc = NULL, *expected = malloc(size);
        size_t enc_len = 0;
        size_t expected_len = fuzz_expected_encoding(data, size, &msg.view, expected);
        codec_result r = tsrequest_encode(&msg.view, &enc, &enc_len, NULL);
        if (expected_len > 0)
            fuzz_require_same(r, enc, enc_len, expected, expected_len);
        else
            free(enc);
        free(expected);
        tsrequest_msg_free(&msg);
    }
    fuzz_differential(&asn_DEF_TSRequest, data, size, accepted);
    return 0;
}

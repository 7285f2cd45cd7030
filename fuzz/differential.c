/* SPDX-License-Identifier: Apache-2.0 */
/* The differential check of the codec harnesses; see differential.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differential.h"

void fuzz_fail(const char *why)
{
    fprintf(stderr, "fuzz invariant broken: %s\n", why);
    abort();
}

void fuzz_differential(asn_TYPE_descriptor_t *td, const uint8_t *data, size_t size,
                                     bool strict_accepted)
{
    size_t offset = 0;
    der_rule gate = der_validate(data, size, &offset);
    void *lenient = NULL;
    bool canonical = false;

    if (asn1_decode_lenient(td, &lenient, data, size) == CODEC_OK) {
        uint8_t *enc = NULL;
        size_t enc_len = 0;
        if (asn1_encode(td, lenient, &enc, &enc_len, NULL) == CODEC_OK)
            canonical = enc_len == size && memcmp(enc, data, size) == 0;
        free(enc);
        asn1_free(td, lenient);
    }
    bool raw_contents_rule = gate == DER_E_OBJECT_IDENTIFIER || gate == DER_E_BIT_STRING;
    if (canonical && size <= DER_MAX_INPUT && gate != DER_OK && !raw_contents_rule)
        fuzz_fail("the gate refused canonical DER that the generated decoder reads");
    if (strict_accepted && (gate != DER_OK || !canonical))
        fuzz_fail("the strict pipeline accepted bytes that are not canonical DER");
}

void fuzz_require_same(codec_result r, uint8_t *enc, size_t enc_len,
                                     const uint8_t *data, size_t size)
{
    if (r != CODEC_OK || enc == NULL)
        fuzz_fail("a decoded value does not encode");
    if (enc_len != size || memcmp(enc, data, size) != 0)
        fuzz_fail("re-encoding differs from the accepted input");
    free(enc);
}

/*
 * The differential check every codec harness runs: the strict DER gate and
 * the generated (lenient BER) decoder must agree on what DER is.
 *  - When the generated decoder reads the input and its DER re-encoding is
 *    the input itself, the input is canonical DER: the gate must accept it
 *    (a gate stricter than X.690 would refuse real peers).  Except for the
 *    contents rules of the types asn1c keeps as raw bytes and re-encodes
 *    untouched, OBJECT IDENTIFIER (8.19.2) and BIT STRING (8.6.2, 11.2.1):
 *    there the gate alone checks, and an identical re-encoding proves
 *    nothing (found by fuzzing: tests/regressions/fuzz-spnego-oid-unterminated).
 *  - What the strict pipeline accepts re-encodes to the very same bytes
 *    (DER is canonical, X.690 10-11), and both halves accepted it.
 * Any disagreement aborts, which libFuzzer and AFL++ report as a crash.
 */
#ifndef CREDSSP_FUZZ_DIFFERENTIAL_H
#define CREDSSP_FUZZ_DIFFERENTIAL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1.h"

static inline void fuzz_fail(const char *why)
{
    fprintf(stderr, "fuzz invariant broken: %s\n", why);
    abort();
}

static inline void fuzz_differential(asn_TYPE_descriptor_t *td, const uint8_t *data, size_t size,
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

/* What the strict pipeline accepted must re-encode, from its typed view,
 * to the input byte for byte.  r is the encoder's result: call the encoder
 * in a statement of its own first (an argument list does not order the
 * call before the reads of enc and enc_len). */
static inline void fuzz_require_same(codec_result r, uint8_t *enc, size_t enc_len,
                                     const uint8_t *data, size_t size)
{
    if (r != CODEC_OK || enc == NULL)
        fuzz_fail("a decoded value does not encode");
    if (enc_len != size || memcmp(enc, data, size) != 0)
        fuzz_fail("re-encoding differs from the accepted input");
    free(enc);
}

#endif

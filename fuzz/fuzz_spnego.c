/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: SPNEGO tokens (RFC 4178, RFC 2743 3.1 framing).
 * Targets: spnego_decode (InitialContextToken and NegotiationToken views),
 * spnego_encode, the DER gate, asn1_decode_strict/lenient. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differential.h"
#include "spnego.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    spnego_msg msg;
    bool accepted = spnego_decode(data, size, &msg, NULL) == CODEC_OK;
    if (accepted) {
        uint8_t *enc = NULL;
        size_t enc_len = 0;
        /* The encoder runs first: enc and enc_len are read after it set them. */
        codec_result r = spnego_encode(&msg.view, &enc, &enc_len, NULL);
        fuzz_require_same(r, enc, enc_len, data, size);
        spnego_msg_free(&msg);
    }
    /* Both framings are checked against the generated decoder: the
     * extension components it skips are what spnego_decode refuses. */
    bool framed = size > 0 && data[0] == 0x60;
    fuzz_differential(framed ? &asn_DEF_InitialContextToken : &asn_DEF_NegotiationToken, data, size,
                      accepted);
    return 0;
}

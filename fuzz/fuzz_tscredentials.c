/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: TSCredentials and the inner credential kinds ([MS-CSSP] 2.2.1.2).
 * Targets: tscredentials_decode and its views of TSPasswordCreds,
 * TSSmartCardCreds and TSRemoteGuardCreds, tscredentials_encode, the DER
 * gate, asn1_decode_strict/lenient. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differential.h"
#include "tscredentials.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tscredentials_msg msg;
    bool accepted = tscredentials_decode(data, size, &msg, NULL) == CODEC_OK;
    if (accepted) {
        uint8_t *enc = NULL;
        size_t enc_len = 0;
        /* The encoder runs first: enc and enc_len are read after it set them. */
        codec_result r = tscredentials_encode(&msg.view, &enc, &enc_len, NULL);
        fuzz_require_same(r, enc, enc_len, data, size);
        tscredentials_msg_free(&msg);
    }
    fuzz_differential(&asn_DEF_TSCredentials, data, size, accepted);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the Kerberos per-message token headers (codec/krb_token.c,
 * RFC 4121 4.2.6), which the Kerberos leg reads from a peer's pubKeyAuth,
 * authInfo and mechListMIC before any cryptography.  What the parsers
 * accept is checked against the input; a parsed Wrap header written back
 * gives the same 16 bytes; the data after it, unrotated by its RRC and
 * rotated again, gives the data back.
 * Targets: krb_wrap_parse_header, krb_mic_parse_header,
 * krb_wrap_write_header, krb_wrap_unrotate.
 */
#include <stdlib.h>
#include <string.h>

#include "krb_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The 1 MiB a Wrap token in a TSRequest may hold at most is far above what
 * the check needs: the rotation is checked over the first 4 KiB. */
#define FUZZ_KRB_DATA_MAX 4096u

static uint8_t plain[FUZZ_KRB_DATA_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    krb_token_header h;
    krb_token_result r = krb_wrap_parse_header(data, size, &h);
    if ((r == KRB_TOKEN_SHORT) != (size < KRB_TOKEN_HEADER_LEN))
        abort();
    if (r == KRB_TOKEN_OK) {
        if (h.flags != data[2] || h.ec != (data[4] << 8 | data[5]) || h.rrc != (data[6] << 8 | data[7]))
            abort();
        uint8_t back[KRB_TOKEN_HEADER_LEN];
        krb_wrap_write_header(&h, back);
        if (memcmp(back, data, sizeof back) != 0)
            abort();
        size_t len = size - KRB_TOKEN_HEADER_LEN;
        if (len > FUZZ_KRB_DATA_MAX)
            len = FUZZ_KRB_DATA_MAX;
        const uint8_t *rotated = data + KRB_TOKEN_HEADER_LEN;
        krb_wrap_unrotate(rotated, len, h.rrc, plain);
        /* Rotated right again by RRC (RFC 4121 4.2.5): the bytes as sent. */
        for (size_t i = 0; len > 0 && i < len; i++)
            if (rotated[(i + h.rrc) % len] != plain[i])
                abort();
    } else if (h.flags != 0 || h.ec != 0 || h.rrc != 0 || h.snd_seq != 0) {
        abort(); /* a refusal reads nothing out */
    }
    krb_token_header m;
    if (krb_mic_parse_header(data, size, &m) == KRB_TOKEN_OK) {
        if (r == KRB_TOKEN_OK || m.ec != 0 || m.rrc != 0 || m.flags != data[2])
            abort(); /* a token is a Wrap or a MIC, never both */
    }
    return 0;
}

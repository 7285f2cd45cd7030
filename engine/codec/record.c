/* SPDX-License-Identifier: Apache-2.0 */
/* TLS record framing; see record.h. */
#include <stdbool.h>

#include "record.h"

/* ContentType change_cipher_spec(20), alert(21), handshake(22),
 * application_data(23); ProtocolVersion major 3 (SSL 3.0 to TLS 1.3). */
/* The length field, big-endian (RFC 5246 6.2.1). */
/*@ requires \valid_read(h + (0 .. RECORD_HEADER_LEN - 1));
    assigns \nothing;
    ensures \result == h[3] * 256 + h[4];
    ensures \result <= 65535;
*/
static size_t record_fragment_len(const uint8_t *h)
{
    return (size_t)h[3] * 256u + h[4];
}

/*@ requires \valid_read(h + (0 .. RECORD_HEADER_LEN - 1));
    assigns \nothing;
    ensures \result ==> h[3] * 256 + h[4] <= RECORD_MAX_FRAGMENT;
*/
static bool record_header_ok(const uint8_t *h)
{
    size_t fragment = record_fragment_len(h);
    return h[0] >= 20 && h[0] <= 23 && h[1] == 3 && fragment <= RECORD_MAX_FRAGMENT;
}

record_scan_result record_scan(const uint8_t *buf, size_t len, size_t *whole, size_t *missing)
{
    size_t at = 0;
    *whole = 0;
    *missing = 0;
    /*@ loop invariant 0 <= at <= len;
        loop assigns at;
        loop variant len - at;
    */
    while (len - at >= RECORD_HEADER_LEN) {
        const uint8_t *h = buf + at;
        if (!record_header_ok(h)) {
            if (at == 0)
                return RECORD_BAD;
            break; /* the whole records before it are taken; the rest is extra */
        }
        size_t total = RECORD_HEADER_LEN + record_fragment_len(h);
        if (total > len - at)
            break;
        at += total;
    }
    if (at > 0) {
        *whole = at;
        return RECORD_WHOLE;
    }
    /* No whole record: the header, or the rest of the fragment, is missing. */
    if (len < RECORD_HEADER_LEN) {
        *missing = RECORD_HEADER_LEN - len;
        return RECORD_PARTIAL;
    }
    if (!record_header_ok(buf))
        return RECORD_BAD;
    *missing = RECORD_HEADER_LEN + record_fragment_len(buf) - len;
    return RECORD_PARTIAL;
}

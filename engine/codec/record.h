/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TLS record framing (RFC 5246 6.2, RFC 8446 5.1): ContentType (1 byte),
 * ProtocolVersion (2), length (2), fragment.  The engine looks at the
 * framing before OpenSSL sees a byte, so a partial record is reported
 * (SEC_E_INCOMPLETE_MESSAGE with the exact number of missing bytes) without
 * consuming anything, and bytes after the last whole record are returned to
 * the caller (SECBUFFER_EXTRA).
 */
#ifndef CREDSSP_RECORD_H
#define CREDSSP_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "must_use.h"
#include "cs_limits.h"

#define RECORD_HEADER_LEN 5u
/* RFC 5246 6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes. */
#define RECORD_MAX_FRAGMENT CS_LIMIT_TLS_FRAGMENT

typedef enum record_scan_result {
    RECORD_WHOLE = 0, /* *whole > 0 bytes of whole records; the rest is extra */
    RECORD_PARTIAL,   /* no whole record yet: *missing more bytes are needed */
    RECORD_BAD,       /* a header no TLS peer sends: unknown type, version, or oversized */
} record_scan_result;

/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(whole) && \valid(missing);
    requires \separated(whole, missing);
    assigns *whole, *missing;
    ensures \result == RECORD_WHOLE ==> 0 < *whole <= len;
    ensures \result == RECORD_PARTIAL ==> *whole == 0 && 0 < *missing <= RECORD_HEADER_LEN + RECORD_MAX_FRAGMENT;
    ensures \result == RECORD_BAD ==> *whole == 0;
*/
record_scan_result record_scan(const uint8_t *buf, size_t len, size_t *whole, size_t *missing) CS_MUST_USE;

#endif

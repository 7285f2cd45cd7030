/* SPDX-License-Identifier: Apache-2.0 */
/* Parsing TPKT + X.224 Connection Request / Confirm with RDP_NEG_*; see
 * x224.h.  No allocation; proved RTE-free with WP (make proofs). */
#include "x224.h"


/* Little-endian ([MS-RDPBCGR] 2.2.1.1.1: RDP_NEG_REQ's fields), as
 * products rather than shifts: each term provably fits 32 bits under the
 * strict arithmetic checks (-warn-unsigned-overflow). */
/*@ requires \valid_read(p + (0 .. 3));
    assigns \nothing;
    ensures \result == p[0] + p[1] * 0x100 + p[2] * 0x10000 + p[3] * 0x1000000;
*/
static uint32_t read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] + (uint32_t)p[1] * 0x100u + (uint32_t)p[2] * 0x10000u + (uint32_t)p[3] * 0x1000000u;
}

x224_result tpkt_length(const uint8_t *buf, size_t len, size_t *need)
{
    *need = TPKT_HEADER_LEN;
    if (len < TPKT_HEADER_LEN)
        return X224_TRUNCATED;
    /* RFC 1006 6: version 3, reserved 0, length including the header. */
    size_t total = (size_t)buf[2] * 256u + buf[3];
    if (buf[0] != 3 || buf[1] != 0 || total <= TPKT_HEADER_LEN + X224_FIXED - 1u || total > X224_MAX_PDU)
        return X224_BAD_TPKT;
    *need = total;
    return X224_OK;
}

/* The TPDU of a whole TPKT: checks the TPKT and the length indicator; on
 * X224_OK, [*at, len) is the variable part after the fixed header. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(at);
    requires \separated(at, buf + (0 .. len - 1));
    assigns *at;
    ensures \result == X224_OK <==> x224_tpdu_ok(buf, len, code);
    ensures \result == X224_OK ==> *at == TPKT_HEADER_LEN + X224_FIXED;
*/
static x224_result x224_tpdu(const uint8_t *buf, size_t len, uint8_t code, size_t *at)
{
    size_t total = 0;
    *at = 0;
    x224_result r = tpkt_length(buf, len, &total);
    if (r != X224_OK)
        return r;
    if (total != len)
        return len < total ? X224_TRUNCATED : X224_BAD_TPKT;
    const uint8_t *t = buf + TPKT_HEADER_LEN;
    /* X.224 13.2.1: LI counts the TPDU's bytes after itself. */
    if ((size_t)t[0] + 1u != len - TPKT_HEADER_LEN || (t[1] & 0xF0u) != code || t[6] != 0)
        return X224_BAD_TPDU;
    *at = TPKT_HEADER_LEN + X224_FIXED;
    return X224_OK;
}

/* An RDP_NEG_* structure of the given type at buf[at], exactly 8 bytes. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires at + RDP_NEG_LEN == len;
    requires \valid(value);
    requires \separated(value, buf + (0 .. len - 1));
    assigns *value;
    ensures \result == X224_OK <==> rdp_neg_ok(buf, at, type);
    ensures \result == X224_OK ==> *value == x224_le32(buf + at + 4);
    ensures \result != X224_OK ==> *value == 0;
*/
static x224_result x224_neg(const uint8_t *buf, size_t len, size_t at, uint8_t type, uint32_t *value)
{
    (void)len;
    *value = 0;
    if (buf[at] != type || buf[at + 2] != RDP_NEG_LEN || buf[at + 3] != 0)
        return X224_BAD_NEG;
    *value = read_le32(buf + at + 4);
    return X224_OK;
}

x224_result x224_parse_request(const uint8_t *buf, size_t len, x224_request *req)
{
    size_t at = 0, cookie_len = 0;
    uint32_t protocols = 0;
    req->has_neg = false;
    req->protocols = RDP_PROTOCOL_RDP;
    req->cookie_len = 0;
    x224_result r = x224_tpdu(buf, len, X224_CR, &at);
    if (r != X224_OK)
        return r;
    /* [MS-RDPBCGR] 2.2.1.1: an optional cookie or routingToken ending in CRLF. */
    if (len - at >= 2 && !(len - at == RDP_NEG_LEN && buf[at] == RDP_NEG_REQ)) {
        size_t i = at;
        /*@ loop invariant at <= i <= len - 1;
            loop invariant \forall integer k; at <= k < i ==> !x224_crlf_at(buf, k);
            loop assigns i;
            loop variant len - i;
        */
        while (i + 1 < len && !(buf[i] == '\r' && buf[i + 1] == '\n'))
            i++;
        if (i + 1 >= len)
            return X224_BAD_TPDU;
        cookie_len = i + 2 - at;
        at = i + 2;
    }
    if (at == len) {
        req->cookie_len = cookie_len;
        return X224_OK;
    }
    if (len - at != RDP_NEG_LEN)
        return X224_BAD_NEG;
    r = x224_neg(buf, len, at, RDP_NEG_REQ, &protocols);
    if (r != X224_OK)
        return r;
    /* Written last, so that a refused request leaves *req empty. */
    req->has_neg = true;
    req->protocols = protocols;
    req->cookie_len = cookie_len;
    return X224_OK;
}

x224_result x224_parse_confirm(const uint8_t *buf, size_t len, x224_confirm *cc)
{
    size_t at = 0;
    uint32_t value = 0;
    cc->failure = false;
    cc->value = 0;
    cc->has_neg = false;
    x224_result r = x224_tpdu(buf, len, X224_CC, &at);
    if (r != X224_OK)
        return r;
    if (at == len)
        return X224_OK;
    if (len - at != RDP_NEG_LEN)
        return X224_BAD_NEG;
    bool failure = buf[at] == RDP_NEG_FAILURE;
    r = x224_neg(buf, len, at, failure ? RDP_NEG_FAILURE : RDP_NEG_RSP, &value);
    if (r != X224_OK)
        return r;
    cc->has_neg = true;
    cc->failure = failure;
    cc->value = value;
    return X224_OK;
}

const char *x224_result_text(x224_result r)
{
    switch (r) {
    case X224_OK:
        return "ok";
    case X224_TRUNCATED:
        return "truncated";
    case X224_BAD_TPKT:
        return "not a TPKT (RFC 1006): version 3, length 11..512";
    case X224_BAD_TPDU:
        return "not the X.224 connection TPDU expected";
    case X224_BAD_NEG:
        return "a malformed RDP_NEG structure ([MS-RDPBCGR] 2.2.1.1.1)";
    }
    return "?";
}

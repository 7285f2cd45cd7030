/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The first two PDUs of an RDP connection, which come before CredSSP
 * ([MS-RDPBCGR] 2.2.1.1 and 2.2.1.2): a TPKT (RFC 1006) carrying an X.224
 * Connection Request with an optional cookie or routing token and an
 * RDP_NEG_REQ, and the Connection Confirm with RDP_NEG_RSP or
 * RDP_NEG_FAILURE.  Parsing allocates nothing; every length is checked
 * before use.
 */
#ifndef CREDSSP_X224_H
#define CREDSSP_X224_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TPKT_HEADER_LEN 4u
/* A Connection Request/Confirm is small; a TPKT claiming more is refused. */
#define X224_MAX_PDU 512u

/* requestedProtocols / selectedProtocol ([MS-RDPBCGR] 2.2.1.1.1) */
#define RDP_PROTOCOL_RDP 0x0u
#define RDP_PROTOCOL_SSL 0x1u
#define RDP_PROTOCOL_HYBRID 0x2u
#define RDP_PROTOCOL_HYBRID_EX 0x8u
/* RDP_NEG_FAILURE failureCode ([MS-RDPBCGR] 2.2.1.2.2) */
#define RDP_HYBRID_REQUIRED_BY_SERVER 0x5u

#define X224_CR 0xE0u /* Connection Request, class 0 (X.224 13.3) */
#define X224_CC 0xD0u /* Connection Confirm (X.224 13.4) */
#define X224_FIXED 7u /* LI, code, DST-REF(2), SRC-REF(2), class */
#define RDP_NEG_LEN 8u
#define RDP_NEG_REQ 0x01u
#define RDP_NEG_RSP 0x02u
#define RDP_NEG_FAILURE 0x03u

typedef enum x224_result {
    X224_OK = 0,
    X224_TRUNCATED, /* more bytes are needed: *need says how many in all */
    X224_BAD_TPKT,  /* not TPKT version 3, or a length out of range */
    X224_BAD_TPDU,  /* not the X.224 TPDU expected, or lengths that disagree */
    X224_BAD_NEG,   /* an RDP_NEG_* structure of the wrong type or length */
} x224_result;

typedef struct x224_request {
    bool has_neg;          /* RDP_NEG_REQ present (a client without it asks for standard RDP security) */
    uint32_t protocols;    /* requestedProtocols */
    size_t cookie_len;     /* bytes of "Cookie: mstshash=...\r\n" or a routing token, CRLF included */
} x224_request;

typedef struct x224_confirm {
    bool failure;          /* RDP_NEG_FAILURE */
    uint32_t value;        /* selectedProtocol, or failureCode */
    bool has_neg;
} x224_confirm;

/* What the bytes of a Connection Request or Confirm say, as ACSL: the
 * contracts below state each parser's result in these terms. */
/*@ // RFC 1006 6: version 3, reserved 0, then the big-endian length of the
    // whole TPKT, header included; we take 11 (the smallest TPDU) to 512.
    logic integer tpkt_announced(uint8_t *b) = b[2] * 256 + b[3];
    predicate tpkt_header_ok(uint8_t *b) =
      b[0] == 3 && b[1] == 0 &&
      TPKT_HEADER_LEN + X224_FIXED <= tpkt_announced(b) <= X224_MAX_PDU;

    // One whole TPKT of len bytes whose TPDU is the one of code: X.224
    // 13.2.1 (LI counts the TPDU's octets after itself), 13.3.1 / 13.4.1
    // (the code in the high half of the second octet), class 0.
    predicate x224_tpdu_ok(uint8_t *b, integer len, integer code) =
      len >= TPKT_HEADER_LEN + X224_FIXED && tpkt_header_ok(b) && tpkt_announced(b) == len &&
      b[4] + 1 == len - TPKT_HEADER_LEN && (b[5] & 0xF0) == code && b[10] == 0;

    // [MS-RDPBCGR] 2.2.1.1.1, 2.2.1.2.1, 2.2.1.2.2: an RDP_NEG_* structure
    // at `at`: its type, then (after a flags octet) the length 8 as LE16.
    predicate rdp_neg_ok(uint8_t *b, integer at, integer type) =
      b[at] == type && b[at + 2] == RDP_NEG_LEN && b[at + 3] == 0;
    logic integer x224_le32(uint8_t *p) = p[0] + p[1] * 0x100 + p[2] * 0x10000 + p[3] * 0x1000000;

    // [MS-RDPBCGR] 2.2.1.1: a cookie or routing token of n octets at `at`,
    // ending in CRLF, with no CRLF before its end.
    predicate x224_crlf_at(uint8_t *b, integer i) = b[i] == 0x0D && b[i + 1] == 0x0A;
    predicate x224_cookie(uint8_t *b, integer at, integer n) =
      n >= 2 && x224_crlf_at(b, at + n - 2) &&
      \forall integer i; at <= i < at + n - 2 ==> !x224_crlf_at(b, i);
*/

/* The length a TPKT header announces, once 4 bytes are there. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(need);
    requires \separated(need, buf + (0 .. len - 1));
    assigns *need;
    ensures len < TPKT_HEADER_LEN ==> \result == X224_TRUNCATED && *need == TPKT_HEADER_LEN;
    ensures len >= TPKT_HEADER_LEN ==> (\result == X224_OK <==> tpkt_header_ok(buf));
    ensures \result == X224_OK ==> *need == tpkt_announced(buf);
    ensures \result == X224_OK ==> TPKT_HEADER_LEN + X224_FIXED <= *need <= X224_MAX_PDU;
*/
x224_result tpkt_length(const uint8_t *buf, size_t len, size_t *need);

/* A whole TPKT holding a Connection Request: on X224_OK, the cookie (if
 * any) and RDP_NEG_REQ (if any) fill the PDU after the fixed header; on
 * failure *req is empty. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(req);
    requires \separated(req, buf + (0 .. len - 1));
    assigns *req;
    ensures \result == X224_OK ==> x224_tpdu_ok(buf, len, X224_CR);
    ensures \result == X224_OK ==>
              TPKT_HEADER_LEN + X224_FIXED + req->cookie_len + (req->has_neg ? RDP_NEG_LEN : 0) == len;
    ensures \result == X224_OK && req->cookie_len > 0 ==>
              x224_cookie(buf, TPKT_HEADER_LEN + X224_FIXED, req->cookie_len);
    ensures \result == X224_OK && req->has_neg ==>
              rdp_neg_ok(buf, len - RDP_NEG_LEN, RDP_NEG_REQ) && req->protocols == x224_le32(buf + len - 4);
    ensures \result == X224_OK && !req->has_neg ==> req->protocols == RDP_PROTOCOL_RDP;
    ensures \result != X224_OK ==> !req->has_neg && req->protocols == 0 && req->cookie_len == 0;
*/
x224_result x224_parse_request(const uint8_t *buf, size_t len, x224_request *req);

/* A whole TPKT holding a Connection Confirm, with or without its
 * RDP_NEG_RSP or RDP_NEG_FAILURE; on failure *cc is empty. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(cc);
    requires \separated(cc, buf + (0 .. len - 1));
    assigns *cc;
    ensures \result == X224_OK ==> x224_tpdu_ok(buf, len, X224_CC);
    ensures \result == X224_OK ==> len == TPKT_HEADER_LEN + X224_FIXED + (cc->has_neg ? RDP_NEG_LEN : 0);
    ensures \result == X224_OK && cc->has_neg ==>
              (cc->failure <==> buf[len - RDP_NEG_LEN] == RDP_NEG_FAILURE) &&
              rdp_neg_ok(buf, len - RDP_NEG_LEN, cc->failure ? RDP_NEG_FAILURE : RDP_NEG_RSP) &&
              cc->value == x224_le32(buf + len - 4);
    ensures \result == X224_OK && !cc->has_neg ==> !cc->failure && cc->value == 0;
    ensures \result != X224_OK ==> !cc->has_neg && !cc->failure && cc->value == 0;
*/
x224_result x224_parse_confirm(const uint8_t *buf, size_t len, x224_confirm *cc);

/* Writers: the PDU into out (cap bytes); its length, or 0 if it does not fit. */
size_t x224_write_request(uint8_t *out, size_t cap, const char *cookie_user, uint32_t protocols);
size_t x224_write_confirm(uint8_t *out, size_t cap, bool failure, uint32_t value);

/* One line naming the failure; never NULL. */
/*@ assigns \result \from r;
    ensures \result != \null && \valid_read(\result);
*/
const char *x224_result_text(x224_result r);

#endif

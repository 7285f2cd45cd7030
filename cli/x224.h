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

/* The length a TPKT header announces, once 4 bytes are there. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(need);
    assigns *need;
    ensures \result == X224_OK ==> TPKT_HEADER_LEN + X224_FIXED <= *need <= X224_MAX_PDU;
*/
x224_result tpkt_length(const uint8_t *buf, size_t len, size_t *need);

/* A whole TPKT holding a Connection Request. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(req);
    assigns *req;
*/
x224_result x224_parse_request(const uint8_t *buf, size_t len, x224_request *req);

/* A whole TPKT holding a Connection Confirm. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(cc);
    assigns *cc;
*/
x224_result x224_parse_confirm(const uint8_t *buf, size_t len, x224_confirm *cc);

/* Writers: the PDU into out (cap bytes); its length, or 0 if it does not fit. */
size_t x224_write_request(uint8_t *out, size_t cap, const char *cookie_user, uint32_t protocols);
size_t x224_write_confirm(uint8_t *out, size_t cap, bool failure, uint32_t value);

const char *x224_result_text(x224_result r);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TSRequest ([MS-CSSP] 2.2.1): every rule about the message lives here.
 * Decoding yields a typed, read-only view; encoding goes through the
 * generated DER encoder.
 */
#ifndef CREDSSP_TSREQUEST_H
#define CREDSSP_TSREQUEST_H

#include "must_use.h"
#include "cs_limits.h"
#include "codec.h"

/* Windows and every peer we know send one negoToken; a few more are allowed,
 * no more, so nothing is sized by the peer. */
#define TSREQUEST_MAX_NEGO_TOKENS CS_LIMIT_NEGO_TOKENS
/* [MS-CSSP] 2.2.1: clientNonce is a 32-byte random value. */
#define TSREQUEST_NONCE_LEN 32u
/* The highest version this package speaks ([MS-CSSP] 2.2.1). */
#define TSREQUEST_VERSION_MAX CS_VERSION_HIGHEST

typedef struct tsrequest {
    long version;                  /* as sent: >= 2, may exceed 6 (nmap sends 96) */
    size_t nego_token_count;       /* 0 when negoTokens is absent */
    cs_bytes nego_tokens[TSREQUEST_MAX_NEGO_TOKENS];
    cs_bytes auth_info;
    cs_bytes pub_key_auth;
    bool has_error_code;
    uint32_t error_code;           /* an NTSTATUS */
    cs_bytes client_nonce;
} tsrequest;

/* A decoded message: the view, and the generated structure it points into. */
typedef struct tsrequest_msg {
    tsrequest view;
    void *asn; /* TSRequest_t */
} tsrequest_msg;

/* Gate, generated decoder, then the semantic rules of [MS-CSSP] 2.2.1. */
codec_result tsrequest_decode(const uint8_t *buf, size_t len, tsrequest_msg *msg, codec_error *err) CS_MUST_USE;
void tsrequest_msg_free(tsrequest_msg *msg);

/* The semantic rules alone, for values about to be encoded too. */
codec_result tsrequest_check(const tsrequest *req, codec_error *err) CS_MUST_USE;

/* DER of req in a fresh buffer (free()).  errorCode goes out as the 32-bit
 * two's-complement INTEGER: 4 bytes for every NTSTATUS error code from
 * 0x80000000 to 0xFF7FFFFF, the form Windows sends and the only one FreeRDP
 * 2.11 reads (DER makes 0xFF800000 and up shorter; no status uses them). */
codec_result tsrequest_encode(const tsrequest *req, uint8_t **out, size_t *out_len, codec_error *err) CS_MUST_USE;

#endif

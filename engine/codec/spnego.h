/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SPNEGO tokens (RFC 4178 4.2, [MS-SPNG] 2.2) as CredSSP carries them in
 * negoTokens: a negTokenInit inside the RFC 2743 3.1 initial-context-token
 * framing ([APPLICATION 0], thisMech 1.3.6.1.5.5.2), or a bare negTokenResp.
 */
#ifndef CREDSSP_SPNEGO_H
#define CREDSSP_SPNEGO_H

#include "must_use.h"
#include "cs_limits.h"
#include "codec.h"

#define SPNEGO_MAX_MECHS CS_LIMIT_SPNEGO_MECHS

typedef enum spnego_kind {
    SPNEGO_NEG_TOKEN_INIT = 1,
    SPNEGO_NEG_TOKEN_RESP = 2,
} spnego_kind;

/* RFC 4178 4.2.2 negState. */
enum spnego_neg_state {
    SPNEGO_ACCEPT_COMPLETED = 0,
    SPNEGO_ACCEPT_INCOMPLETE = 1,
    SPNEGO_REJECT = 2,
    SPNEGO_REQUEST_MIC = 3,
};

/* Object identifiers are kept as their DER contents octets (X.690 8.19). */
extern const cs_bytes spnego_oid_spnego; /* 1.3.6.1.5.5.2 */
extern const cs_bytes spnego_oid_ntlm;   /* 1.3.6.1.4.1.311.2.2.10 */

typedef struct spnego_token {
    spnego_kind kind;
    /* negTokenInit */
    size_t mech_count;
    cs_bytes mech_types[SPNEGO_MAX_MECHS];
    cs_bytes req_flags;      /* BIT STRING contents after the unused-bits octet */
    unsigned req_flags_unused;
    cs_bytes mech_token;
    /* negTokenResp */
    bool has_neg_state;
    long neg_state;          /* enum spnego_neg_state */
    cs_bytes supported_mech;
    cs_bytes response_token;
    /* both */
    cs_bytes mech_list_mic;
} spnego_token;

typedef struct spnego_msg {
    spnego_token view;
    void *asn;                   /* InitialContextToken_t or NegotiationToken_t */
    const void *td;              /* its type descriptor */
} spnego_msg;

codec_result spnego_decode(const uint8_t *buf, size_t len, spnego_msg *msg, codec_error *err) CS_MUST_USE;
void spnego_msg_free(spnego_msg *msg);
codec_result spnego_encode(const spnego_token *tok, uint8_t **out, size_t *out_len, codec_error *err) CS_MUST_USE;

/* Dotted form of an OID's contents octets ("1.3.6.1.5.5.2"); false if it
 * does not fit in cap or is malformed. */
bool spnego_oid_text(cs_bytes oid, char *text, size_t cap);
/* A short name for the mechanisms CredSSP meets ("NTLM", "Kerberos", ...),
 * or NULL. */
const char *spnego_oid_name(cs_bytes oid);
/* Whether oid is NTLM's (1.3.6.1.4.1.311.2.2.10). */
bool spnego_oid_equal_ntlm(cs_bytes oid);

#endif

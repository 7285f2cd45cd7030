/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The NTLM message codec ([MS-NLMP] 2.2): NEGOTIATE, CHALLENGE, AUTHENTICATE,
 * AV_PAIR lists, VERSION and the NTLMv2 response.  Every (Len, MaxLen,
 * Offset) field is checked against the message before use; payloads may not
 * reach into the fixed header nor overlap each other; nothing is allocated.
 * The writer builds the same messages at the same named offsets.  Parsers
 * and writer carry ACSL contracts proven by `make proofs`.
 */
#ifndef CREDSSP_NTLM_MSG_H
#define CREDSSP_NTLM_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "must_use.h"
#include "cs_limits.h"

/* A message larger than this is not NTLM: every field's Len is 16 bits and
 * there are at most six of them after a header of at most 88 bytes. */
#define NTLM_MAX_MESSAGE CS_LIMIT_NTLM_MESSAGE
/* The most AV pairs a list may hold; ids 0-10 are defined, others ignored. */
#define NTLM_MAX_AV_PAIRS CS_LIMIT_NTLM_AV_PAIRS

enum ntlm_message_type { NTLM_NEGOTIATE = 1, NTLM_CHALLENGE = 2, NTLM_AUTHENTICATE = 3 };

/* [MS-NLMP] 2.2.2.1 AvId values. */
enum ntlm_av_id {
    MSV_AV_EOL = 0,
    MSV_AV_NB_COMPUTER_NAME = 1,
    MSV_AV_NB_DOMAIN_NAME = 2,
    MSV_AV_DNS_COMPUTER_NAME = 3,
    MSV_AV_DNS_DOMAIN_NAME = 4,
    MSV_AV_DNS_TREE_NAME = 5,
    MSV_AV_FLAGS = 6,
    MSV_AV_TIMESTAMP = 7,
    MSV_AV_SINGLE_HOST = 8,
    MSV_AV_TARGET_NAME = 9,
    MSV_AV_CHANNEL_BINDINGS = 10,
    MSV_AV_ID_COUNT = 11
};

/* [MS-NLMP] 2.2.2.5 NegotiateFlags. */
#define NTLMSSP_NEGOTIATE_UNICODE 0x00000001u
#define NTLMSSP_REQUEST_TARGET 0x00000004u
#define NTLMSSP_NEGOTIATE_SIGN 0x00000010u
#define NTLMSSP_NEGOTIATE_SEAL 0x00000020u
#define NTLMSSP_NEGOTIATE_NTLM 0x00000200u
#define NTLMSSP_NEGOTIATE_ALWAYS_SIGN 0x00008000u
#define NTLMSSP_TARGET_TYPE_SERVER 0x00020000u
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000u
#define NTLMSSP_NEGOTIATE_TARGET_INFO 0x00800000u
#define NTLMSSP_NEGOTIATE_VERSION 0x02000000u
#define NTLMSSP_NEGOTIATE_128 0x20000000u
#define NTLMSSP_NEGOTIATE_KEY_EXCH 0x40000000u
#define NTLMSSP_NEGOTIATE_56 0x80000000u

/* [MS-NLMP] 2.2.2.1 MsvAvFlags: the AUTHENTICATE carries a MIC. */
#define MSV_AV_FLAG_MIC 0x2u

/* Where the fields of each message sit, in bytes from its start
 * ([MS-NLMP] 2.2.1.1-2.2.1.3); the parsers (ntlm_msg.c) and the writer
 * (the end of ntlm_msg.c) read the same names.  A *_AT field of a payload is its
 * 8-byte (Len, MaxLen, Offset) descriptor. */
enum ntlm_layout {
    NTLM_AT_SIGNATURE = 0, /* "NTLMSSP\0" */
    NTLM_AT_TYPE = 8,
    NTLM_NEG_AT_FLAGS = 12,
    NTLM_NEG_AT_DOMAIN = 16,
    NTLM_NEG_AT_WORKSTATION = 24,
    NTLM_NEG_AT_VERSION = 32,
    NTLM_CHAL_AT_TARGET_NAME = 12,
    NTLM_CHAL_AT_FLAGS = 20,
    NTLM_CHAL_AT_CHALLENGE = 24,
    NTLM_CHAL_AT_TARGET_INFO = 40,
    NTLM_CHAL_AT_VERSION = 48,
    NTLM_AUTH_AT_LM = 12,
    NTLM_AUTH_AT_NT = 20,
    NTLM_AUTH_AT_DOMAIN = 28,
    NTLM_AUTH_AT_USER = 36,
    NTLM_AUTH_AT_WORKSTATION = 44,
    NTLM_AUTH_AT_SESSION_KEY = 52,
    NTLM_AUTH_AT_FLAGS = 60,
    NTLM_AUTH_AT_VERSION = 64,
    NTLM_AUTH_AT_MIC = 72,
    NTLM_VERSION_LEN = 8,
    /* NTLMv2_CLIENT_CHALLENGE ([MS-NLMP] 2.2.2.7) before its AV pairs. */
    NTLMV2_CLIENT_HEADER_LEN = 28,
};

typedef enum ntlm_rule {
    NTLM_OK = 0,
    NTLM_E_TOO_SHORT,
    NTLM_E_TOO_LONG,
    NTLM_E_SIGNATURE,
    NTLM_E_MESSAGE_TYPE,
    NTLM_E_FIELD_OUT_OF_RANGE,
    NTLM_E_FIELD_IN_HEADER,
    NTLM_E_FIELD_OVERLAP,
    NTLM_E_AV_TRUNCATED,
    NTLM_E_AV_NO_EOL,
    NTLM_E_AV_DUPLICATE,
    NTLM_E_AV_LENGTH,
    NTLM_E_AV_TOO_MANY,
    NTLM_E_NTV2_TOO_SHORT,
    NTLM_E_NTV2_RESP_TYPE,
    NTLM_RULE_COUNT
} ntlm_rule;

/* One line naming the rule and its [MS-NLMP] section; never NULL. */
const char *ntlm_rule_text(ntlm_rule rule);

/* A payload field: where its bytes are in the message.  len 0 is absent. */
typedef struct ntlm_field {
    size_t offset;
    size_t len;
} ntlm_field;

/* What the contracts of ntlm_msg.c say a message means ([MS-NLMP] 2.2), in
 * ACSL: the little-endian integers, a payload field as its (Len, MaxLen,
 * Offset) descriptor at `at` says it (MaxLen ignored on receipt, 2.2; a Len
 * of 0 is an absent field, whatever Offset says), and a field inside a
 * message of len bytes after its fixed header. */
/*@ logic integer ntlm_le16{L}(uint8_t *p, integer at) = p[at] + 256 * p[at + 1];
    logic integer ntlm_le32{L}(uint8_t *p, integer at) =
        p[at] + 256 * p[at + 1] + 65536 * p[at + 2] + 16777216 * p[at + 3];

    predicate ntlm_field_says{L}(ntlm_field f, uint8_t *msg, integer at) =
        ntlm_le16(msg, at) == 0 ? f.offset == 0 && f.len == 0
                                : f.len == ntlm_le16(msg, at) && f.offset == ntlm_le32(msg, at + 4);

    predicate ntlm_field_in(ntlm_field f, integer header, integer len) =
        f.offset <= len && f.len <= len - f.offset && (f.len > 0 ==> header <= f.offset);
 */

/* [MS-NLMP] 2.2.2.10 VERSION. */
typedef struct ntlm_version {
    uint8_t major, minor;
    uint16_t build;
    uint8_t revision;
} ntlm_version;

typedef struct ntlm_negotiate {
    uint32_t flags;
    ntlm_field domain, workstation;
    bool has_version;
    ntlm_version version;
} ntlm_negotiate;

typedef struct ntlm_challenge {
    uint32_t flags;
    ntlm_field target_name, target_info;
    uint8_t server_challenge[8];
    bool has_version;
    ntlm_version version;
} ntlm_challenge;

typedef struct ntlm_authenticate {
    uint32_t flags;
    ntlm_field lm_response, nt_response, domain, user, workstation, session_key;
    bool has_version;
    ntlm_version version;
    bool has_mic;          /* the header has room for a MIC: payload starts at 88 or later */
    size_t mic_offset;     /* 72 when has_mic */
} ntlm_authenticate;

typedef struct ntlm_av_pair {
    uint16_t id;
    size_t offset; /* of the value, in the buffer walked */
    size_t len;
} ntlm_av_pair;

typedef struct ntlm_av_list {
    size_t count;         /* pairs before MsvAvEOL */
    ntlm_av_pair pairs[NTLM_MAX_AV_PAIRS];
    size_t end;           /* offset just past MsvAvEOL */
} ntlm_av_list;

/* The parts of an NTLMv2 response ([MS-NLMP] 2.2.2.8, 2.2.2.7). */
typedef struct ntlmv2_response {
    size_t proof_offset;      /* NTProofStr, 16 bytes */
    uint64_t timestamp;       /* FILETIME */
    size_t client_challenge;  /* offset of ChallengeFromClient, 8 bytes */
    size_t av_offset;         /* where the AV pairs start */
    ntlm_av_list av;          /* offsets relative to the response */
} ntlmv2_response;

/* The message type of an NTLM message after its signature, or 0. */
uint32_t ntlm_message_type(const uint8_t *msg, size_t len);

/* What a refused message leaves: every member zero, so that a caller that
 * reads a field after a failure reads nothing from the bytes refused. */
/*@ predicate ntlm_field_empty(ntlm_field f) = f.offset == 0 && f.len == 0;
    predicate ntlm_version_empty(ntlm_version v) =
        v.major == 0 && v.minor == 0 && v.build == 0 && v.revision == 0;
    predicate ntlm_negotiate_empty(ntlm_negotiate n) =
        n.flags == 0 && !n.has_version && ntlm_version_empty(n.version)
        && ntlm_field_empty(n.domain) && ntlm_field_empty(n.workstation);
    predicate ntlm_challenge_empty(ntlm_challenge c) =
        c.flags == 0 && !c.has_version && ntlm_version_empty(c.version)
        && ntlm_field_empty(c.target_name) && ntlm_field_empty(c.target_info)
        && (\forall integer k; 0 <= k < 8 ==> c.server_challenge[k] == 0);
    predicate ntlm_authenticate_empty(ntlm_authenticate a) =
        a.flags == 0 && !a.has_version && ntlm_version_empty(a.version) && !a.has_mic && a.mic_offset == 0
        && ntlm_field_empty(a.lm_response) && ntlm_field_empty(a.nt_response) && ntlm_field_empty(a.domain)
        && ntlm_field_empty(a.user) && ntlm_field_empty(a.workstation) && ntlm_field_empty(a.session_key);
 */

ntlm_rule ntlm_parse_negotiate(const uint8_t *msg, size_t len, ntlm_negotiate *out, size_t *where) CS_MUST_USE;
ntlm_rule ntlm_parse_challenge(const uint8_t *msg, size_t len, ntlm_challenge *out, size_t *where) CS_MUST_USE;
ntlm_rule ntlm_parse_authenticate(const uint8_t *msg, size_t len, ntlm_authenticate *out, size_t *where) CS_MUST_USE;

/* Walks an AV_PAIR list ([MS-NLMP] 2.2.2.1) in buf[0 .. len-1]: it must end
 * with MsvAvEOL; defined ids appear at most once; MsvAvFlags is 4 bytes,
 * MsvAvTimestamp 8, MsvAvChannelBindings 16, MsvAvEOL 0. */
ntlm_rule ntlm_av_walk(const uint8_t *buf, size_t len, ntlm_av_list *out, size_t *where) CS_MUST_USE;
/* The pair with this id, or NULL. */
const ntlm_av_pair *ntlm_av_find(const ntlm_av_list *list, uint16_t id);

/* An NTLMv2 response: NTProofStr, then a client challenge whose RespType
 * and HiRespType are 1, and its AV pairs. */
ntlm_rule ntlm_parse_ntlmv2_response(const uint8_t *resp, size_t len, ntlmv2_response *out, size_t *where) CS_MUST_USE;

/* ---- writing (the same file, the same offsets) ---- */

/* The largest message we write: an AUTHENTICATE with 512-byte names and an
 * NTLMv2 response of at most 2 KiB fits with room to spare. */
#define NTLM_WRITER_CAP 4096u

/* A message under construction: fixed header, then payload appended. */
typedef struct ntlm_writer {
    uint8_t buf[NTLM_WRITER_CAP];
    size_t header, used;
    bool overflow; /* a field did not fit: the message must not be sent */
} ntlm_writer;

/* Signature, MessageType and an all-zero fixed header of header bytes. */
void ntlm_writer_start(ntlm_writer *w, uint32_t type, size_t header);
/* Appends data to the payload and writes its (Len, MaxLen, Offset)
 * descriptor at offset at of the header. */
void ntlm_writer_field(ntlm_writer *w, size_t at, const uint8_t *data, size_t len);
/* Appends one AV_PAIR ([MS-NLMP] 2.2.2.1) to a list being built in buf;
 * false when it does not fit in cap. */
bool ntlm_av_put(uint8_t *buf, size_t cap, size_t *used, uint16_t id, const uint8_t *value, size_t len) CS_MUST_USE;
/* Little-endian 32-bit values, as every NTLM integer is. */
void ntlm_put_u32le(uint8_t *p, uint32_t v);
uint32_t ntlm_get_u32le(const uint8_t *p);

#endif

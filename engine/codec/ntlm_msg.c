/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The NTLM message codec ([MS-NLMP] 2.2).  Every rule about the layout of
 * NTLM messages lives here; the cryptography is elsewhere (ntlm.c).
 *
 * Written for the prover: little-endian integers are read with arithmetic,
 * every length is compared by subtraction (never by an addition that could
 * wrap), each loop has its invariant and variant.
 */
#include "ntlm_msg.h"

/* Fixed header sizes ([MS-NLMP] 2.2.1.1-2.2.1.3), without VERSION. */
enum { NEGOTIATE_HEADER = NTLM_NEG_AT_VERSION, CHALLENGE_HEADER = NTLM_CHAL_AT_VERSION,
       AUTHENTICATE_HEADER = NTLM_AUTH_AT_VERSION, VERSION_SIZE = NTLM_VERSION_LEN, MIC_OFFSET = NTLM_AUTH_AT_MIC,
       MIC_END = NTLM_AUTH_AT_MIC + 16, NTLMV2_PROOF = 16, NTLMV2_CLIENT_HEADER = NTLMV2_CLIENT_HEADER_LEN };

static const char *const ntlm_rule_texts[NTLM_RULE_COUNT] = {
    [NTLM_OK] = "valid NTLM",
    [NTLM_E_TOO_SHORT] = "shorter than its fixed header ([MS-NLMP] 2.2.1)",
    [NTLM_E_TOO_LONG] = "longer than any NTLM message (64 KiB)",
    [NTLM_E_SIGNATURE] = "signature is not \"NTLMSSP\\0\" ([MS-NLMP] 2.2.1)",
    [NTLM_E_MESSAGE_TYPE] = "wrong MessageType for this message ([MS-NLMP] 2.2.1)",
    [NTLM_E_FIELD_OUT_OF_RANGE] = "a payload field runs past the end of the message",
    [NTLM_E_FIELD_IN_HEADER] = "a payload field points into the fixed header",
    [NTLM_E_FIELD_OVERLAP] = "two payload fields overlap",
    [NTLM_E_AV_TRUNCATED] = "an AV_PAIR runs past the end of its list ([MS-NLMP] 2.2.2.1)",
    [NTLM_E_AV_NO_EOL] = "AV_PAIR list does not end with MsvAvEOL ([MS-NLMP] 2.2.2.1)",
    [NTLM_E_AV_DUPLICATE] = "an AV_PAIR id appears twice ([MS-NLMP] 2.2.2.1)",
    [NTLM_E_AV_LENGTH] = "an AV_PAIR has the wrong length for its id ([MS-NLMP] 2.2.2.1)",
    [NTLM_E_AV_TOO_MANY] = "more AV_PAIRs than the bound of 32",
    [NTLM_E_NTV2_TOO_SHORT] = "NTLMv2 response shorter than NTProofStr and its client challenge ([MS-NLMP] 2.2.2.8)",
    [NTLM_E_NTV2_RESP_TYPE] = "NTLMv2 client challenge RespType or HiRespType is not 1 ([MS-NLMP] 2.2.2.7)",
};

/*@ assigns \result \from rule, ntlm_rule_texts[0 .. NTLM_RULE_COUNT - 1]; */
const char *ntlm_rule_text(ntlm_rule rule)
{
    if ((unsigned)rule >= (unsigned)NTLM_RULE_COUNT)
        return "unknown rule";
    return ntlm_rule_texts[rule];
}

/*@ requires at <= len && 2 <= len - at;
    requires \valid_read(p + (0 .. len - 1));
    assigns \nothing;
    ensures \result <= 65535;
 */
static uint16_t ntlm_u16(const uint8_t *p, size_t len, size_t at)
{
    (void)len;
    return (uint16_t)(p[at] + 256u * p[at + 1u]);
}

/*@ requires at <= len && 4 <= len - at;
    requires \valid_read(p + (0 .. len - 1));
    assigns \nothing;
 */
static uint32_t ntlm_u32(const uint8_t *p, size_t len, size_t at)
{
    (void)len;
    return (uint32_t)p[at] + 256u * p[at + 1u] + 65536u * p[at + 2u] + 16777216u * (uint32_t)p[at + 3u];
}

/* The signature and MessageType every message starts with (2.2.1). */
/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    assigns \nothing;
 */
uint32_t ntlm_message_type(const uint8_t *msg, size_t len)
{
    static const uint8_t signature[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };
    if (len < 12u)
        return 0;
    /*@ loop invariant 0 <= i <= 8;
        loop assigns i;
        loop variant 8 - i;
     */
    for (size_t i = 0; i < 8u; i++)
        if (msg[i] != signature[i])
            return 0;
    return ntlm_u32(msg, len, 8);
}

/* Signature, type and the minimum size, together. */
/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    assigns \nothing;
    ensures \result == NTLM_OK ==> header <= len <= NTLM_MAX_MESSAGE;
 */
static ntlm_rule ntlm_check_frame(const uint8_t *msg, size_t len, uint32_t type, size_t header)
{
    if (len > NTLM_MAX_MESSAGE)
        return NTLM_E_TOO_LONG;
    if (len < 12u)
        return NTLM_E_TOO_SHORT;
    uint32_t got = ntlm_message_type(msg, len);
    if (got == 0u)
        return NTLM_E_SIGNATURE;
    if (got != type)
        return NTLM_E_MESSAGE_TYPE;
    if (len < header)
        return NTLM_E_TOO_SHORT;
    return NTLM_OK;
}

/*
 * A (Len, MaxLen, Offset) descriptor at `at` (2.2.1: MaxLen is ignored on
 * receipt).  A field of length 0 is absent whatever its offset says.
 */
/*@ requires header <= len <= NTLM_MAX_MESSAGE;
    requires at <= header && 8 <= header - at;
    requires \valid_read(msg + (0 .. len - 1));
    requires \valid(f);
    assigns *f;
    ensures \result == NTLM_OK ==> f->offset <= len && f->len <= len - f->offset;
    ensures \result == NTLM_OK && f->len > 0 ==> f->offset >= header;
    ensures \result == NTLM_OK && f->len == 0 ==> f->offset == 0;
 */
static ntlm_rule ntlm_read_field(const uint8_t *msg, size_t len, size_t at, size_t header, ntlm_field *f)
{
    size_t flen = ntlm_u16(msg, len, at);
    size_t off = ntlm_u32(msg, len, at + 4u);
    f->offset = 0;
    f->len = 0;
    if (flen == 0u)
        return NTLM_OK;
    if (off > len || flen > len - off)
        return NTLM_E_FIELD_OUT_OF_RANGE;
    if (off < header)
        return NTLM_E_FIELD_IN_HEADER;
    f->offset = off;
    f->len = flen;
    return NTLM_OK;
}

/*@ predicate field_ok(ntlm_field f) = f.offset <= NTLM_MAX_MESSAGE && f.len <= NTLM_MAX_MESSAGE - f.offset; */

/* True when two non-empty fields share a byte. */
/*@ requires field_ok(a) && field_ok(b);
    assigns \nothing;
 */
static bool ntlm_fields_meet(ntlm_field a, ntlm_field b)
{
    if (a.len == 0u || b.len == 0u)
        return false;
    return a.offset < b.offset + b.len && b.offset < a.offset + a.len;
}

/*@ requires n <= 6;
    requires \valid_read(f + (0 .. n - 1));
    requires \forall integer k; 0 <= k < n ==> field_ok(f[k]);
    assigns \nothing;
 */
static bool ntlm_fields_overlap(const ntlm_field *f, size_t n)
{
    /*@ loop invariant 0 <= i <= n;
        loop assigns i;
        loop variant n - i;
     */
    for (size_t i = 0; i < n; i++) {
        /*@ loop invariant i + 1 <= j <= n;
            loop assigns j;
            loop variant n - j;
         */
        for (size_t j = i + 1u; j < n; j++)
            if (ntlm_fields_meet(f[i], f[j]))
                return true;
    }
    return false;
}

/* [MS-NLMP] 2.2.2.10 VERSION, 8 bytes at `at`. */
/*@ requires at <= len && 8 <= len - at;
    requires \valid_read(msg + (0 .. len - 1));
    requires \valid(v);
    assigns *v;
 */
static void ntlm_read_version(const uint8_t *msg, size_t len, size_t at, ntlm_version *v)
{
    v->major = msg[at];
    v->minor = msg[at + 1u];
    v->build = ntlm_u16(msg, len, at + 2u);
    v->revision = msg[at + 7u];
}

/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    requires \valid(out) && \valid(where);
    requires \separated(out, where);
    assigns *out, *where;
    ensures \result == NTLM_OK ==> out->domain.offset + out->domain.len <= len;
    ensures \result == NTLM_OK ==> out->workstation.offset + out->workstation.len <= len;
 */
ntlm_rule ntlm_parse_negotiate(const uint8_t *msg, size_t len, ntlm_negotiate *out, size_t *where)
{
    ntlm_field fields[2];
    static const ntlm_negotiate empty;
    *out = empty;
    *where = 0;
    ntlm_rule rule = ntlm_check_frame(msg, len, NTLM_NEGOTIATE, NEGOTIATE_HEADER);
    if (rule != NTLM_OK)
        return rule;
    out->flags = ntlm_u32(msg, len, NTLM_NEG_AT_FLAGS);
    size_t header = NEGOTIATE_HEADER;
    if (out->flags / NTLMSSP_NEGOTIATE_VERSION % 2u == 1u) {
        header += VERSION_SIZE;
        if (len < header)
            return NTLM_E_TOO_SHORT;
        out->has_version = true;
        ntlm_read_version(msg, len, NEGOTIATE_HEADER, &out->version);
    }
    *where = NTLM_NEG_AT_DOMAIN;
    rule = ntlm_read_field(msg, len, NTLM_NEG_AT_DOMAIN, header, &fields[0]);
    if (rule != NTLM_OK)
        return rule;
    *where = NTLM_NEG_AT_WORKSTATION;
    rule = ntlm_read_field(msg, len, NTLM_NEG_AT_WORKSTATION, header, &fields[1]);
    if (rule != NTLM_OK)
        return rule;
    *where = NTLM_NEG_AT_DOMAIN;
    if (ntlm_fields_overlap(fields, 2))
        return NTLM_E_FIELD_OVERLAP;
    out->domain = fields[0];
    out->workstation = fields[1];
    *where = 0;
    return NTLM_OK;
}

/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    requires \valid(out) && \valid(where);
    requires \separated(out, where);
    assigns *out, *where;
    ensures \result == NTLM_OK ==> out->target_name.offset + out->target_name.len <= len;
    ensures \result == NTLM_OK ==> out->target_info.offset + out->target_info.len <= len;
 */
ntlm_rule ntlm_parse_challenge(const uint8_t *msg, size_t len, ntlm_challenge *out, size_t *where)
{
    ntlm_field fields[2];
    static const ntlm_challenge empty;
    *out = empty;
    *where = 0;
    ntlm_rule rule = ntlm_check_frame(msg, len, NTLM_CHALLENGE, CHALLENGE_HEADER);
    if (rule != NTLM_OK)
        return rule;
    out->flags = ntlm_u32(msg, len, NTLM_CHAL_AT_FLAGS);
    /*@ loop invariant 0 <= i <= 8;
        loop assigns i, out->server_challenge[0 .. 7];
        loop variant 8 - i;
     */
    for (size_t i = 0; i < 8u; i++)
        out->server_challenge[i] = msg[NTLM_CHAL_AT_CHALLENGE + i];
    size_t header = CHALLENGE_HEADER;
    if (out->flags / NTLMSSP_NEGOTIATE_VERSION % 2u == 1u) {
        header += VERSION_SIZE;
        if (len < header)
            return NTLM_E_TOO_SHORT;
        out->has_version = true;
        ntlm_read_version(msg, len, CHALLENGE_HEADER, &out->version);
    }
    *where = NTLM_CHAL_AT_TARGET_NAME;
    rule = ntlm_read_field(msg, len, NTLM_CHAL_AT_TARGET_NAME, header, &fields[0]);
    if (rule != NTLM_OK)
        return rule;
    *where = NTLM_CHAL_AT_TARGET_INFO;
    rule = ntlm_read_field(msg, len, NTLM_CHAL_AT_TARGET_INFO, header, &fields[1]);
    if (rule != NTLM_OK)
        return rule;
    *where = NTLM_CHAL_AT_TARGET_NAME;
    if (ntlm_fields_overlap(fields, 2))
        return NTLM_E_FIELD_OVERLAP;
    out->target_name = fields[0];
    out->target_info = fields[1];
    *where = 0;
    return NTLM_OK;
}

/* Where the payload starts: the least offset of a present field, or len. */
/*@ requires n <= 6;
    requires \valid_read(f + (0 .. n - 1));
    assigns \nothing;
    ensures \result <= len;
 */
static size_t ntlm_payload_start(const ntlm_field *f, size_t n, size_t len)
{
    size_t start = len;
    /*@ loop invariant 0 <= i <= n;
        loop invariant start <= len;
        loop assigns i, start;
        loop variant n - i;
     */
    for (size_t i = 0; i < n; i++)
        if (f[i].len > 0u && f[i].offset < start)
            start = f[i].offset;
    return start;
}

/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    requires \valid(out) && \valid(where);
    requires \separated(out, where);
    assigns *out, *where;
    ensures \result == NTLM_OK ==> out->nt_response.offset + out->nt_response.len <= len;
    ensures \result == NTLM_OK ==> out->user.offset + out->user.len <= len;
    ensures \result == NTLM_OK && out->has_mic ==> out->mic_offset + 16 <= len;
 */
ntlm_rule ntlm_parse_authenticate(const uint8_t *msg, size_t len, ntlm_authenticate *out, size_t *where)
{
    ntlm_field f[6];
    static const ntlm_authenticate empty;
    *out = empty;
    *where = 0;
    ntlm_rule rule = ntlm_check_frame(msg, len, NTLM_AUTHENTICATE, AUTHENTICATE_HEADER);
    if (rule != NTLM_OK)
        return rule;
    out->flags = ntlm_u32(msg, len, NTLM_AUTH_AT_FLAGS);
    size_t header = AUTHENTICATE_HEADER;
    if (out->flags / NTLMSSP_NEGOTIATE_VERSION % 2u == 1u) {
        header += VERSION_SIZE;
        if (len < header)
            return NTLM_E_TOO_SHORT;
        out->has_version = true;
        ntlm_read_version(msg, len, AUTHENTICATE_HEADER, &out->version);
    }
    /* LmChallengeResponse, NtChallengeResponse, DomainName, UserName,
     * Workstation, EncryptedRandomSessionKey: descriptors at 12, 20, ... 52
     * (NTLM_AUTH_AT_LM ... NTLM_AUTH_AT_SESSION_KEY). */
    /*@ loop invariant 0 <= i <= 6;
        loop invariant \forall integer k; 0 <= k < i ==> field_ok(f[k]) && f[k].offset + f[k].len <= len;
        loop assigns i, f[0 .. 5], rule, *where;
        loop variant 6 - i;
     */
    for (size_t i = 0; i < 6u; i++) {
        *where = NTLM_AUTH_AT_LM + 8u * i;
        rule = ntlm_read_field(msg, len, NTLM_AUTH_AT_LM + 8u * i, header, &f[i]);
        if (rule != NTLM_OK)
            return rule;
    }
    *where = NTLM_AUTH_AT_LM;
    if (ntlm_fields_overlap(f, 6))
        return NTLM_E_FIELD_OVERLAP;
    out->lm_response = f[0];
    out->nt_response = f[1];
    out->domain = f[2];
    out->user = f[3];
    out->workstation = f[4];
    out->session_key = f[5];
    /* 2.2.1.3: the MIC follows VERSION when the payload leaves room for it. */
    size_t payload = ntlm_payload_start(f, 6, len);
    if (payload >= (size_t)MIC_END) {
        /*@ assert len >= MIC_END; */
        out->has_mic = true;
        out->mic_offset = MIC_OFFSET;
    } else {
        out->has_mic = false;
        out->mic_offset = 0;
    }
    *where = 0;
    return NTLM_OK;
}

/* Fixed value lengths of the AV ids that have one ([MS-NLMP] 2.2.2.1). */
/*@ assigns \nothing; */
static bool ntlm_av_length_ok(uint16_t id, size_t len)
{
    switch (id) {
    case MSV_AV_FLAGS: return len == 4u;
    case MSV_AV_TIMESTAMP: return len == 8u;
    case MSV_AV_CHANNEL_BINDINGS: return len == 16u;
    default: return true;
    }
}

/*@ requires len <= NTLM_MAX_MESSAGE;
    requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(out) && \valid(where);
    requires \separated(out, where);
    assigns *out, *where;
    ensures *where <= len;
    ensures \result == NTLM_OK ==> out->end <= len && out->count <= NTLM_MAX_AV_PAIRS;
    ensures \result == NTLM_OK ==> \forall integer k; 0 <= k < out->count ==>
                out->pairs[k].offset <= len && out->pairs[k].len <= len - out->pairs[k].offset;
 */
ntlm_rule ntlm_av_walk(const uint8_t *buf, size_t len, ntlm_av_list *out, size_t *where)
{
    bool seen[MSV_AV_ID_COUNT] = { false };
    size_t pos = 0;

    out->count = 0;
    out->end = 0;
    /*@ loop invariant 0 <= pos <= len;
        loop invariant 0 <= out->count <= NTLM_MAX_AV_PAIRS;
        loop invariant \forall integer k; 0 <= k < out->count ==>
            out->pairs[k].offset <= len && out->pairs[k].len <= len - out->pairs[k].offset;
        loop assigns pos, seen[0 .. MSV_AV_ID_COUNT - 1], out->count, out->end,
                     out->pairs[0 .. NTLM_MAX_AV_PAIRS - 1], *where;
        loop variant len - pos;
     */
    while (pos < len) {
        *where = pos;
        if (len - pos < 4u)
            return NTLM_E_AV_TRUNCATED;
        uint16_t id = ntlm_u16(buf, len, pos);
        size_t vlen = ntlm_u16(buf, len, pos + 2u);
        if (vlen > len - pos - 4u)
            return NTLM_E_AV_TRUNCATED;
        if (id == MSV_AV_EOL) {
            if (vlen != 0u)
                return NTLM_E_AV_LENGTH;
            out->end = pos + 4u;
            return NTLM_OK;
        }
        if (id < MSV_AV_ID_COUNT) {
            if (seen[id])
                return NTLM_E_AV_DUPLICATE;
            seen[id] = true;
            if (!ntlm_av_length_ok(id, vlen))
                return NTLM_E_AV_LENGTH;
        }
        if (out->count == NTLM_MAX_AV_PAIRS)
            return NTLM_E_AV_TOO_MANY;
        out->pairs[out->count].id = id;
        out->pairs[out->count].offset = pos + 4u;
        out->pairs[out->count].len = vlen;
        out->count++;
        pos += 4u + vlen;
    }
    *where = len;
    return NTLM_E_AV_NO_EOL;
}

/*@ requires \valid_read(list);
    requires list->count <= NTLM_MAX_AV_PAIRS;
    assigns \nothing;
    ensures \result == \null || \exists integer k; 0 <= k < list->count && \result == &list->pairs[k];
 */
const ntlm_av_pair *ntlm_av_find(const ntlm_av_list *list, uint16_t id)
{
    /*@ loop invariant 0 <= i <= list->count;
        loop assigns i;
        loop variant list->count - i;
     */
    for (size_t i = 0; i < list->count; i++)
        if (list->pairs[i].id == id)
            return &list->pairs[i];
    return NULL;
}

/*@ requires len <= NTLM_MAX_MESSAGE;
    requires len == 0 || \valid_read(resp + (0 .. len - 1));
    requires \valid(out) && \valid(where);
    requires \separated(out, where);
    assigns *out, *where;
    ensures \result == NTLM_OK ==> out->av_offset + out->av.end <= len;
 */
ntlm_rule ntlm_parse_ntlmv2_response(const uint8_t *resp, size_t len, ntlmv2_response *out, size_t *where)
{
    static const ntlmv2_response empty;
    *out = empty;
    *where = 0;
    if (len < (size_t)(NTLMV2_PROOF + NTLMV2_CLIENT_HEADER))
        return NTLM_E_NTV2_TOO_SHORT;
    *where = NTLMV2_PROOF;
    if (resp[NTLMV2_PROOF] != 1u || resp[NTLMV2_PROOF + 1] != 1u)
        return NTLM_E_NTV2_RESP_TYPE;
    out->proof_offset = 0;
    /* [MS-NLMP] 2.2.2.7: TimeStamp, a little-endian FILETIME; the high
     * half scaled on its own so that each step provably fits 64 bits. */
    uint64_t low = ntlm_u32(resp, len, NTLMV2_PROOF + 8);
    uint64_t high = ntlm_u32(resp, len, NTLMV2_PROOF + 12);
    /*@ assert low <= 0xFFFFFFFF && high <= 0xFFFFFFFF; */
    uint64_t scaled = high * 4294967296u;
    /*@ assert scaled == high * 4294967296 && scaled <= 0xFFFFFFFF00000000; */
    out->timestamp = scaled + low;
    out->client_challenge = NTLMV2_PROOF + 16;
    out->av_offset = NTLMV2_PROOF + NTLMV2_CLIENT_HEADER;
    size_t at = 0;
    ntlm_rule rule = ntlm_av_walk(resp + out->av_offset, len - out->av_offset, &out->av, &at);
    *where = out->av_offset + at;
    /* Offsets in the list become offsets in the response. */
    if (rule == NTLM_OK) {
        /*@ loop invariant 0 <= i <= out->av.count;
            loop invariant out->av_offset == NTLMV2_PROOF + NTLMV2_CLIENT_HEADER;
            loop invariant \forall integer k; i <= k < out->av.count ==> out->av.pairs[k].offset <= len - out->av_offset;
            loop assigns i, out->av.pairs[0 .. NTLM_MAX_AV_PAIRS - 1].offset;
            loop variant out->av.count - i;
         */
        for (size_t i = 0; i < out->av.count; i++)
            out->av.pairs[i].offset += out->av_offset;
        *where = 0;
    }
    return rule;
}

/* ------------------------------------------------------------- writing */

/* Writing the messages at the offsets ntlm_msg.h names: the fixed header,
 * payload fields appended with their (Len, MaxLen, Offset) descriptors, AV
 * pairs.  Lengths are checked before every copy; a message that would not
 * fit is marked overflowed, never cut. */

/*@ requires \valid(p + (0 .. 1));
    assigns p[0 .. 1];
 */
static void ntlm_put_u16le(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
}

/*@ requires \valid(p + (0 .. 3));
    assigns p[0 .. 3];
 */
void ntlm_put_u32le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)((v >> 24) & 0xFFu);
}

/* [MS-NLMP] 2.2: every field is little-endian.  Products, not shifts:
 * each term provably fits 32 bits under the strict arithmetic checks. */
/*@ requires \valid_read(p + (0 .. 3));
    assigns \nothing;
    ensures \result == p[0] + p[1] * 0x100 + p[2] * 0x10000 + p[3] * 0x1000000;
 */
uint32_t ntlm_get_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] + (uint32_t)p[1] * 0x100u + (uint32_t)p[2] * 0x10000u + (uint32_t)p[3] * 0x1000000u;
}

/*@ requires \valid(w);
    requires NTLM_AT_TYPE + 4 <= header <= NTLM_WRITER_CAP;
    assigns *w;
    ensures w->header == header && w->used == header && w->overflow == \false;
 */
void ntlm_writer_start(ntlm_writer *w, uint32_t type, size_t header)
{
    static const uint8_t signature[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };
    /*@ loop invariant 0 <= i <= NTLM_WRITER_CAP;
        loop assigns i, w->buf[0 .. NTLM_WRITER_CAP - 1];
        loop variant NTLM_WRITER_CAP - i;
     */
    for (size_t i = 0; i < NTLM_WRITER_CAP; i++)
        w->buf[i] = 0;
    /*@ loop invariant 0 <= i <= 8;
        loop assigns i, w->buf[0 .. 7];
        loop variant 8 - i;
     */
    for (size_t i = 0; i < 8u; i++)
        w->buf[NTLM_AT_SIGNATURE + i] = signature[i];
    ntlm_put_u32le(w->buf + NTLM_AT_TYPE, type);
    w->header = header;
    w->used = header;
    w->overflow = false;
}

/* Appends data to the payload and writes its (Len, MaxLen, Offset) at at. */
/*@ requires \valid(w);
    requires w->header <= w->used <= NTLM_WRITER_CAP;
    requires at + 8 <= w->header;
    requires len == 0 || \valid_read(data + (0 .. len - 1));
    requires len == 0 || \separated(data + (0 .. len - 1), w);
    assigns w->buf[0 .. NTLM_WRITER_CAP - 1], w->used, w->overflow;
    ensures w->header <= w->used <= NTLM_WRITER_CAP;
 */
void ntlm_writer_field(ntlm_writer *w, size_t at, const uint8_t *data, size_t len)
{
    if (len > NTLM_WRITER_CAP - w->used || len > 0xFFFFu) {
        w->overflow = true;
        return;
    }
    ntlm_put_u16le(w->buf + at, len);
    ntlm_put_u16le(w->buf + at + 2, len);
    ntlm_put_u32le(w->buf + at + 4, (uint32_t)w->used);
    size_t start = w->used;
    /*@ loop invariant 0 <= i <= len;
        loop assigns i, w->buf[start .. start + len - 1];
        loop variant len - i;
     */
    for (size_t i = 0; i < len; i++)
        w->buf[start + i] = data[i];
    w->used = start + len;
}

/* Appends one AV pair ([MS-NLMP] 2.2.2.1) to an AV list being built in buf. */
/*@ requires \valid(used) && *used <= cap;
    requires cap == 0 || \valid(buf + (0 .. cap - 1));
    requires len == 0 || \valid_read(value + (0 .. len - 1));
    requires cap == 0 || \separated(buf + (0 .. cap - 1), used);
    requires len == 0 || cap == 0 || \separated(buf + (0 .. cap - 1), value + (0 .. len - 1));
    assigns buf[0 .. cap - 1], *used;
    ensures *used <= cap;
 */
bool ntlm_av_put(uint8_t *buf, size_t cap, size_t *used, uint16_t id, const uint8_t *value, size_t len)
{
    if (len > 0xFFFFu || cap - *used < 4u + len)
        return false;
    size_t at = *used;
    ntlm_put_u16le(buf + at, id);
    ntlm_put_u16le(buf + at + 2, len);
    /*@ loop invariant 0 <= i <= len;
        loop assigns i, buf[at + 4 .. at + 4 + len - 1];
        loop variant len - i;
     */
    for (size_t i = 0; i < len; i++)
        buf[at + 4 + i] = value[i];
    *used = at + 4u + len;
    return true;
}

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

/*@ assigns \result \from rule, ntlm_rule_texts[0 .. NTLM_RULE_COUNT - 1];
    ensures 0 <= rule < NTLM_RULE_COUNT ==> \result == ntlm_rule_texts[rule];
    ensures \result != \null;
 */
const char *ntlm_rule_text(ntlm_rule rule)
{
    if ((unsigned)rule >= (unsigned)NTLM_RULE_COUNT)
        return "unknown rule";
    return ntlm_rule_texts[rule];
}

/*@ requires at <= len && 2 <= len - at;
    requires \valid_read(p + (0 .. len - 1));
    assigns \nothing;
    ensures \result == ntlm_le16(p, at);
 */
static uint16_t ntlm_u16(const uint8_t *p, size_t len, size_t at)
{
    (void)len;
    return (uint16_t)(p[at] + 256u * p[at + 1u]);
}

/*@ requires at <= len && 4 <= len - at;
    requires \valid_read(p + (0 .. len - 1));
    assigns \nothing;
    ensures \result == ntlm_le32(p, at);
 */
static uint32_t ntlm_u32(const uint8_t *p, size_t len, size_t at)
{
    (void)len;
    return (uint32_t)p[at] + 256u * p[at + 1u] + 65536u * p[at + 2u] + 16777216u * (uint32_t)p[at + 3u];
}

/* The signature every message starts with (2.2.1). */
static const uint8_t ntlm_signature[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };

/*@ predicate ntlm_signed{L}(uint8_t *m) = \forall integer k; 0 <= k < 8 ==> m[k] == ntlm_signature[k];

    // A message of len bytes that is framed as one of type `type` with a
    // fixed header of `header` bytes (2.2.1).
    predicate ntlm_framed{L}(uint8_t *m, integer len, integer type, integer header) =
        12 <= len <= NTLM_MAX_MESSAGE && header <= len && ntlm_signed(m) && ntlm_le32(m, 8) == type;
 */

/* The signature and MessageType every message starts with (2.2.1). */
/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    assigns \nothing;
    ensures len >= 12 && ntlm_signed(msg) ==> \result == ntlm_le32(msg, 8);
    ensures !(len >= 12 && ntlm_signed(msg)) ==> \result == 0;
 */
uint32_t ntlm_message_type(const uint8_t *msg, size_t len)
{
    if (len < 12u)
        return 0;
    /*@ loop invariant 0 <= i <= 8;
        loop invariant \forall integer k; 0 <= k < i ==> msg[k] == ntlm_signature[k];
        loop assigns i;
        loop variant 8 - i;
     */
    for (size_t i = 0; i < 8u; i++)
        if (msg[i] != ntlm_signature[i])
            return 0;
    return ntlm_u32(msg, len, 8);
}

/* Signature, type and the minimum size, together. */
/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    requires type != 0 && 12 <= header;
    assigns \nothing;
    ensures \result == NTLM_OK <==> ntlm_framed(msg, len, type, header);
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
    ensures \result == NTLM_OK || \result == NTLM_E_FIELD_OUT_OF_RANGE || \result == NTLM_E_FIELD_IN_HEADER;
    ensures \result == NTLM_OK ==> ntlm_field_says(*f, msg, at) && ntlm_field_in(*f, header, len);
    ensures \result == NTLM_E_FIELD_OUT_OF_RANGE <==>
        ntlm_le16(msg, at) != 0 && (ntlm_le32(msg, at + 4) > len || ntlm_le16(msg, at) > len - ntlm_le32(msg, at + 4));
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

/*@ predicate field_ok(ntlm_field f) = f.offset <= NTLM_MAX_MESSAGE && f.len <= NTLM_MAX_MESSAGE - f.offset;

    predicate ntlm_fields_share(ntlm_field a, ntlm_field b) =
        a.len > 0 && b.len > 0 && a.offset < b.offset + b.len && b.offset < a.offset + a.len;
 */

/* True when two non-empty fields share a byte. */
/*@ requires field_ok(a) && field_ok(b);
    assigns \nothing;
    ensures \result <==> ntlm_fields_share(a, b);
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
    ensures \result <==> \exists integer i, j; 0 <= i < j < n && ntlm_fields_share(f[i], f[j]);
 */
static bool ntlm_fields_overlap(const ntlm_field *f, size_t n)
{
    /*@ loop invariant 0 <= i <= n;
        loop invariant \forall integer a, b; 0 <= a < i && a < b < n ==> !ntlm_fields_share(f[a], f[b]);
        loop assigns i;
        loop variant n - i;
     */
    for (size_t i = 0; i < n; i++) {
        /*@ loop invariant i + 1 <= j <= n;
            loop invariant \forall integer b; i < b < j ==> !ntlm_fields_share(f[i], f[b]);
            loop assigns j;
            loop variant n - j;
         */
        for (size_t j = i + 1u; j < n; j++)
            if (ntlm_fields_meet(f[i], f[j]))
                return true;
    }
    return false;
}

/*@ predicate ntlm_version_read{L}(ntlm_version v, uint8_t *m, integer at) =
        v.major == m[at] && v.minor == m[at + 1] && v.build == ntlm_le16(m, at + 2) && v.revision == m[at + 7];

 */

/* [MS-NLMP] 2.2.2.10 VERSION, 8 bytes at `at`. */
/*@ requires at <= len && 8 <= len - at;
    requires \valid_read(msg + (0 .. len - 1));
    assigns \nothing;
    ensures ntlm_version_read(\result, msg, at);
 */
static ntlm_version ntlm_read_version(const uint8_t *msg, size_t len, size_t at)
{
    ntlm_version v = { .major = msg[at], .minor = msg[at + 1u], .build = ntlm_u16(msg, len, at + 2u),
                       .revision = msg[at + 7u] };
    return v;
}

/*
 * The n payload descriptors at first, first + 8, ... (each read as
 * ntlm_read_field reads it), then the rule that no two present fields share
 * a byte.  *where names the descriptor that broke a rule.
 */
/*@ requires header <= len <= NTLM_MAX_MESSAGE;
    requires 1 <= n <= 6 && first <= header && 8 * n <= header - first;
    requires \valid_read(msg + (0 .. len - 1));
    requires \valid(f + (0 .. n - 1)) && \valid(where);
    requires \separated(f + (0 .. n - 1), where, msg + (0 .. len - 1));
    assigns f[0 .. n - 1], *where;
    ensures \result == NTLM_OK || \result == NTLM_E_FIELD_OUT_OF_RANGE || \result == NTLM_E_FIELD_IN_HEADER
            || \result == NTLM_E_FIELD_OVERLAP;
    ensures \result == NTLM_OK ==> *where == 0;
    ensures \result == NTLM_OK ==> \forall integer k; 0 <= k < n ==>
                ntlm_field_says(f[k], msg, first + 8 * k) && ntlm_field_in(f[k], header, len);
    ensures \result == NTLM_OK ==> \forall integer i, j; 0 <= i < j < n ==> !ntlm_fields_share(f[i], f[j]);
 */
static ntlm_rule ntlm_read_fields(const uint8_t *msg, size_t len, size_t first, size_t header, ntlm_field *f,
                                  size_t n, size_t *where)
{
    /*@ loop invariant 0 <= i <= n;
        loop invariant \forall integer k; 0 <= k < i ==>
            ntlm_field_says(f[k], msg, first + 8 * k) && ntlm_field_in(f[k], header, len);
        loop assigns i, f[0 .. n - 1], *where;
        loop variant n - i;
     */
    for (size_t i = 0; i < n; i++) {
        *where = first + 8u * i;
        ntlm_rule rule = ntlm_read_field(msg, len, first + 8u * i, header, &f[i]);
        if (rule != NTLM_OK)
            return rule;
        /*@ assert ntlm_field_says(f[i], msg, first + 8 * i) && ntlm_field_in(f[i], header, len); */
        /*@ assert \forall integer k; 0 <= k < i ==> f[k] == \at(f[k], LoopCurrent); */
        /*@ assert \forall integer k; 0 <= k < i ==>
                ntlm_field_says(f[k], msg, first + 8 * k) && ntlm_field_in(f[k], header, len); */
    }
    *where = first;
    if (ntlm_fields_overlap(f, n))
        return NTLM_E_FIELD_OVERLAP;
    *where = 0;
    return NTLM_OK;
}

/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    requires \valid(out) && \valid(where);
    requires \separated(out, where);
    requires len == 0 || \separated(msg + (0 .. len - 1), out, where);
    assigns *out, *where;
    ensures \result == NTLM_OK ==> *where == 0 && out->flags == ntlm_le32{Pre}(msg, NTLM_NEG_AT_FLAGS);
    ensures \result == NTLM_OK ==> (out->has_version <==> out->flags / NTLMSSP_NEGOTIATE_VERSION % 2 == 1);
    ensures \result == NTLM_OK ==> ntlm_framed{Pre}(msg, len, NTLM_NEGOTIATE, NTLM_NEG_AT_VERSION + (out->has_version ? 8 : 0));
    ensures \result == NTLM_OK && out->has_version ==> ntlm_version_read{Pre}(out->version, msg, NTLM_NEG_AT_VERSION);
    ensures \result == NTLM_OK ==>
        ntlm_field_says{Pre}(out->domain, msg, NTLM_NEG_AT_DOMAIN) && ntlm_field_says{Pre}(out->workstation, msg, NTLM_NEG_AT_WORKSTATION);
    ensures \result == NTLM_OK ==>
        ntlm_field_in(out->domain, NTLM_NEG_AT_VERSION + (out->has_version ? 8 : 0), len)
        && ntlm_field_in(out->workstation, NTLM_NEG_AT_VERSION + (out->has_version ? 8 : 0), len)
        && !ntlm_fields_share(out->domain, out->workstation);
    ensures \result != NTLM_OK ==> ntlm_negotiate_empty(*out);
 */
ntlm_rule ntlm_parse_negotiate(const uint8_t *msg, size_t len, ntlm_negotiate *out, size_t *where)
{
    /* Every byte is read before anything is written: the contract speaks of
     * the message as it was on entry, and nothing here can change it. */
    ntlm_field fields[2] = { { 0, 0 }, { 0, 0 } };
    ntlm_version version = { 0, 0, 0, 0 };
    size_t at = 0;
    uint32_t flags = 0;
    bool has_version = false;
    ntlm_rule rule = ntlm_check_frame(msg, len, NTLM_NEGOTIATE, NEGOTIATE_HEADER);
    if (rule == NTLM_OK) {
        flags = ntlm_u32(msg, len, NTLM_NEG_AT_FLAGS);
        has_version = flags / NTLMSSP_NEGOTIATE_VERSION % 2u == 1u;
        size_t header = NEGOTIATE_HEADER + (has_version ? VERSION_SIZE : 0u);
        if (len < header)
            rule = NTLM_E_TOO_SHORT;
        else {
            if (has_version)
                version = ntlm_read_version(msg, len, NEGOTIATE_HEADER);
            rule = ntlm_read_fields(msg, len, NTLM_NEG_AT_DOMAIN, header, fields, 2, &at);
        }
    }
    *where = at;
    if (rule != NTLM_OK) {
        static const ntlm_negotiate empty;
        *out = empty;
        return rule;
    }
    /* Every member written, one by one. */
    out->flags = flags;
    out->has_version = has_version;
    out->version.major = version.major;
    out->version.minor = version.minor;
    out->version.build = version.build;
    out->version.revision = version.revision;
    out->domain = fields[0];
    out->workstation = fields[1];
    return NTLM_OK;
}

/* Eight octets, in a function of its own so that the proof of the copy
 * does not carry the parser's whole path. */
/*@ requires \valid(dst + (0 .. 7)) && \valid_read(src + (0 .. 7));
    requires \separated(dst + (0 .. 7), src + (0 .. 7));
    assigns dst[0 .. 7];
    ensures \forall integer k; 0 <= k < 8 ==> dst[k] == src[k];
 */
static void ntlm_copy8(uint8_t *dst, const uint8_t *src)
{
    /*@ loop invariant 0 <= i <= 8;
        loop invariant \forall integer k; 0 <= k < i ==> dst[k] == src[k];
        loop assigns i, dst[0 .. 7];
        loop variant 8 - i;
     */
    for (size_t i = 0; i < 8u; i++)
        dst[i] = src[i];
}

/*@ requires len == 0 || \valid_read(msg + (0 .. len - 1));
    requires \valid(out) && \valid(where);
    requires \separated(out, where);
    requires len == 0 || \separated(msg + (0 .. len - 1), out, where);
    assigns *out, *where;
    ensures \result == NTLM_OK ==> *where == 0 && out->flags == ntlm_le32{Pre}(msg, NTLM_CHAL_AT_FLAGS);
    ensures \result == NTLM_OK ==> (out->has_version <==> out->flags / NTLMSSP_NEGOTIATE_VERSION % 2 == 1);
    ensures \result == NTLM_OK ==> ntlm_framed{Pre}(msg, len, NTLM_CHALLENGE, NTLM_CHAL_AT_VERSION + (out->has_version ? 8 : 0));
    ensures \result == NTLM_OK && out->has_version ==> ntlm_version_read{Pre}(out->version, msg, NTLM_CHAL_AT_VERSION);
    ensures \result == NTLM_OK ==> ntlm_field_says{Pre}(out->target_name, msg, NTLM_CHAL_AT_TARGET_NAME);
    ensures \result == NTLM_OK ==> ntlm_field_says{Pre}(out->target_info, msg, NTLM_CHAL_AT_TARGET_INFO);
    ensures \result == NTLM_OK ==>
        ntlm_field_in(out->target_name, NTLM_CHAL_AT_VERSION + (out->has_version ? 8 : 0), len)
        && ntlm_field_in(out->target_info, NTLM_CHAL_AT_VERSION + (out->has_version ? 8 : 0), len)
        && !ntlm_fields_share(out->target_name, out->target_info);
    // [MS-NLMP] 2.2.1.2: ServerChallenge, the 8 octets at 24.
    ensures \result == NTLM_OK ==> \forall integer k; 0 <= k < 8 ==>
        out->server_challenge[k] == \at(msg[NTLM_CHAL_AT_CHALLENGE + k], Pre);
    ensures \result != NTLM_OK ==> ntlm_challenge_empty(*out);
 */
ntlm_rule ntlm_parse_challenge(const uint8_t *msg, size_t len, ntlm_challenge *out, size_t *where)
{
    /* Read first, written last, as ntlm_parse_negotiate. */
    ntlm_field fields[2] = { { 0, 0 }, { 0, 0 } };
    ntlm_version version = { 0, 0, 0, 0 };
    size_t at = 0;
    uint32_t flags = 0;
    bool has_version = false;
    ntlm_rule rule = ntlm_check_frame(msg, len, NTLM_CHALLENGE, CHALLENGE_HEADER);
    if (rule == NTLM_OK) {
        flags = ntlm_u32(msg, len, NTLM_CHAL_AT_FLAGS);
        has_version = flags / NTLMSSP_NEGOTIATE_VERSION % 2u == 1u;
        size_t header = CHALLENGE_HEADER + (has_version ? VERSION_SIZE : 0u);
        if (len < header)
            rule = NTLM_E_TOO_SHORT;
        else {
            if (has_version)
                version = ntlm_read_version(msg, len, CHALLENGE_HEADER);
            /* TargetNameFields at 12, TargetInfoFields at 40 (2.2.1.2):
             * not side by side, so one by one. */
            at = NTLM_CHAL_AT_TARGET_NAME;
            rule = ntlm_read_field(msg, len, NTLM_CHAL_AT_TARGET_NAME, header, &fields[0]);
            if (rule == NTLM_OK) {
                at = NTLM_CHAL_AT_TARGET_INFO;
                rule = ntlm_read_field(msg, len, NTLM_CHAL_AT_TARGET_INFO, header, &fields[1]);
            }
            if (rule == NTLM_OK) {
                at = NTLM_CHAL_AT_TARGET_NAME;
                rule = ntlm_fields_overlap(fields, 2) ? NTLM_E_FIELD_OVERLAP : NTLM_OK;
            }
            if (rule == NTLM_OK)
                at = 0;
        }
    }
    *where = at;
    if (rule != NTLM_OK) {
        static const ntlm_challenge empty;
        *out = empty;
        return rule;
    }
    /* Every member written, one by one. */
    out->flags = flags;
    out->has_version = has_version;
    out->version.major = version.major;
    out->version.minor = version.minor;
    out->version.build = version.build;
    out->version.revision = version.revision;
    /* Member by member: see ntlm_parse_authenticate. */
    out->target_name.offset = fields[0].offset;
    out->target_name.len = fields[0].len;
    out->target_info.offset = fields[1].offset;
    out->target_info.len = fields[1].len;
    /* The one read after the writes: out and msg are apart (requires). */
    ntlm_copy8(out->server_challenge, msg + NTLM_CHAL_AT_CHALLENGE);
    //@ assert \forall integer k; 0 <= k < 8 ==> out->server_challenge[k] == \at(msg[NTLM_CHAL_AT_CHALLENGE + k], Pre);
    return NTLM_OK;
}

/* Where the payload starts: the least offset of a present field, or len. */
/*@ requires n <= 6;
    requires \valid_read(f + (0 .. n - 1));
    assigns \nothing;
    ensures \result <= len;
    ensures \forall integer k; 0 <= k < n && f[k].len > 0 ==> \result <= f[k].offset;
    ensures \result == len || \exists integer k; 0 <= k < n && f[k].len > 0 && \result == f[k].offset;
 */
static size_t ntlm_payload_start(const ntlm_field *f, size_t n, size_t len)
{
    size_t start = len;
    /*@ loop invariant 0 <= i <= n;
        loop invariant start <= len;
        loop invariant \forall integer k; 0 <= k < i && f[k].len > 0 ==> start <= f[k].offset;
        loop invariant start == len || \exists integer k; 0 <= k < i && f[k].len > 0 && start == f[k].offset;
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
    requires len == 0 || \separated(msg + (0 .. len - 1), out, where);
    assigns *out, *where;
    ensures \result == NTLM_OK ==> *where == 0;
    ensures \result == NTLM_OK ==> out->flags == ntlm_le32{Pre}(msg, NTLM_AUTH_AT_FLAGS);
    ensures \result == NTLM_OK ==> (out->has_version <==> out->flags / NTLMSSP_NEGOTIATE_VERSION % 2 == 1);
    ensures \result == NTLM_OK ==> ntlm_framed{Pre}(msg, len, NTLM_AUTHENTICATE, NTLM_AUTH_AT_VERSION + (out->has_version ? 8 : 0));
    ensures \result == NTLM_OK && out->has_version ==> ntlm_version_read{Pre}(out->version, msg, NTLM_AUTH_AT_VERSION);
    ensures \result == NTLM_OK ==> ntlm_field_says{Pre}(out->lm_response, msg, NTLM_AUTH_AT_LM);
    ensures \result == NTLM_OK ==> ntlm_field_says{Pre}(out->nt_response, msg, NTLM_AUTH_AT_NT);
    ensures \result == NTLM_OK ==> ntlm_field_says{Pre}(out->domain, msg, NTLM_AUTH_AT_DOMAIN);
    ensures \result == NTLM_OK ==> ntlm_field_says{Pre}(out->user, msg, NTLM_AUTH_AT_USER);
    ensures \result == NTLM_OK ==> ntlm_field_says{Pre}(out->workstation, msg, NTLM_AUTH_AT_WORKSTATION);
    ensures \result == NTLM_OK ==> ntlm_field_says{Pre}(out->session_key, msg, NTLM_AUTH_AT_SESSION_KEY);
    ensures \result == NTLM_OK ==> ntlm_field_in(out->lm_response, NTLM_AUTH_AT_VERSION + (out->has_version ? 8 : 0), len);
    ensures \result == NTLM_OK ==> ntlm_field_in(out->nt_response, NTLM_AUTH_AT_VERSION + (out->has_version ? 8 : 0), len);
    ensures \result == NTLM_OK ==> ntlm_field_in(out->domain, NTLM_AUTH_AT_VERSION + (out->has_version ? 8 : 0), len);
    ensures \result == NTLM_OK ==> ntlm_field_in(out->user, NTLM_AUTH_AT_VERSION + (out->has_version ? 8 : 0), len);
    ensures \result == NTLM_OK ==> ntlm_field_in(out->workstation, NTLM_AUTH_AT_VERSION + (out->has_version ? 8 : 0), len);
    ensures \result == NTLM_OK ==> ntlm_field_in(out->session_key, NTLM_AUTH_AT_VERSION + (out->has_version ? 8 : 0), len);
    ensures \result == NTLM_OK && out->has_mic ==> out->mic_offset == NTLM_AUTH_AT_MIC && NTLM_AUTH_AT_MIC + 16 <= len;
    ensures \result == NTLM_OK && !out->has_mic ==> out->mic_offset == 0;
    ensures \result != NTLM_OK ==> ntlm_authenticate_empty(*out);
 */
ntlm_rule ntlm_parse_authenticate(const uint8_t *msg, size_t len, ntlm_authenticate *out, size_t *where)
{
    /* Read first, written last, as ntlm_parse_negotiate. */
    ntlm_field f[6] = { { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } };
    ntlm_version version = { 0, 0, 0, 0 };
    size_t at = 0;
    uint32_t flags = 0;
    bool has_version = false;
    ntlm_rule rule = ntlm_check_frame(msg, len, NTLM_AUTHENTICATE, AUTHENTICATE_HEADER);
    if (rule == NTLM_OK) {
        flags = ntlm_u32(msg, len, NTLM_AUTH_AT_FLAGS);
        has_version = flags / NTLMSSP_NEGOTIATE_VERSION % 2u == 1u;
        size_t header = AUTHENTICATE_HEADER + (has_version ? VERSION_SIZE : 0u);
        if (len < header)
            rule = NTLM_E_TOO_SHORT;
        else {
            if (has_version)
                version = ntlm_read_version(msg, len, AUTHENTICATE_HEADER);
            /* LmChallengeResponse, NtChallengeResponse, DomainName,
             * UserName, Workstation, EncryptedRandomSessionKey:
             * descriptors at 12, 20, ... 52 (NTLM_AUTH_AT_LM ...
             * NTLM_AUTH_AT_SESSION_KEY). */
            rule = ntlm_read_fields(msg, len, NTLM_AUTH_AT_LM, header, f, 6, &at);
        }
    }
    /* 2.2.1.3: the MIC follows VERSION when the payload leaves room for it. */
    bool has_mic = rule == NTLM_OK && ntlm_payload_start(f, 6, len) >= (size_t)MIC_END;
    *where = at;
    if (rule != NTLM_OK) {
        static const ntlm_authenticate empty;
        *out = empty;
        return rule;
    }
    /* Every member written, one by one. */
    out->flags = flags;
    out->has_version = has_version;
    out->version.major = version.major;
    out->version.minor = version.minor;
    out->version.build = version.build;
    out->version.revision = version.revision;
    /* Member by member, not as structures: WP models a scalar store
     * exactly, a structure's as a havoc its provers must see through. */
    out->lm_response.offset = f[0].offset;
    out->lm_response.len = f[0].len;
    out->nt_response.offset = f[1].offset;
    out->nt_response.len = f[1].len;
    out->domain.offset = f[2].offset;
    out->domain.len = f[2].len;
    out->user.offset = f[3].offset;
    out->user.len = f[3].len;
    out->workstation.offset = f[4].offset;
    out->workstation.len = f[4].len;
    out->session_key.offset = f[5].offset;
    out->session_key.len = f[5].len;
    out->has_mic = has_mic;
    out->mic_offset = has_mic ? MIC_OFFSET : 0u;
    return NTLM_OK;
}

/*@ // [MS-NLMP] 2.2.2.1: MsvAvFlags is 4 bytes, MsvAvTimestamp 8,
    // MsvAvChannelBindings 16; other ids any length.
    predicate ntlm_av_length_fixed(integer id, integer len) =
        (id == MSV_AV_FLAGS ==> len == 4) && (id == MSV_AV_TIMESTAMP ==> len == 8)
        && (id == MSV_AV_CHANNEL_BINDINGS ==> len == 16);

 */

/* Fixed value lengths of the AV ids that have one ([MS-NLMP] 2.2.2.1). */
/*@ assigns \nothing;
    ensures \result <==> ntlm_av_length_fixed(id, len);
 */
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
        if (pos + 4u > len)
            return NTLM_E_AV_TRUNCATED;
        uint16_t id = ntlm_u16(buf, len, pos);
        size_t vlen = ntlm_u16(buf, len, pos + 2u);
        if (pos + 4u + vlen > len)
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
    ensures \result == \null <==> \forall integer k; 0 <= k < list->count ==> list->pairs[k].id != id;
    ensures \result != \null ==> \exists integer k; 0 <= k < list->count && \result == &list->pairs[k]
                                  && list->pairs[k].id == id;
 */
const ntlm_av_pair *ntlm_av_find(const ntlm_av_list *list, uint16_t id)
{
    /*@ loop invariant 0 <= i <= list->count;
        loop invariant \forall integer k; 0 <= k < i ==> list->pairs[k].id != id;
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

/* Quotients and remainders, not shifts and masks: the provers reason
 * about them faster; the 16-bit ensures reads as the parsers' ntlm_le16. */
/*@ requires \valid(p + (0 .. 1));
    requires v <= 65535;
    assigns p[0 .. 1];
    ensures ntlm_le16(p, 0) == v;
 */
static void ntlm_put_u16le(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)(v % 256u);
    p[1] = (uint8_t)(v / 256u);
}

/*@ requires \valid(p + (0 .. 3));
    assigns p[0 .. 3];
    ensures p[0] == v % 256 && p[1] == v / 256 % 256 && p[2] == v / 65536 % 256 && p[3] == v / 16777216;
 */
void ntlm_put_u32le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v % 256u);
    p[1] = (uint8_t)(v / 256u % 256u);
    p[2] = (uint8_t)(v / 65536u % 256u);
    p[3] = (uint8_t)(v / 16777216u);
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
        w->buf[NTLM_AT_SIGNATURE + i] = ntlm_signature[i];
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

/* SPDX-License-Identifier: Apache-2.0 */
/* credssp decode: NTLM messages field by field ([MS-NLMP] 2.2). */
#include <string.h>
#include <time.h>

#include "describe_ntlm.h"
#include "ntlm_msg.h"

/* [MS-NLMP] 2.2.2.5 NegotiateFlags, by bit. */
static const char *const ntlm_flag_names[32] = {
    [0] = "UNICODE", [1] = "OEM", [2] = "REQUEST_TARGET", [4] = "SIGN", [5] = "SEAL", [6] = "DATAGRAM",
    [7] = "LM_KEY", [9] = "NTLM", [11] = "ANONYMOUS", [12] = "OEM_DOMAIN_SUPPLIED",
    [13] = "OEM_WORKSTATION_SUPPLIED", [15] = "ALWAYS_SIGN", [16] = "TARGET_TYPE_DOMAIN",
    [17] = "TARGET_TYPE_SERVER", [19] = "EXTENDED_SESSIONSECURITY", [20] = "IDENTIFY",
    [22] = "REQUEST_NON_NT_SESSION_KEY", [23] = "TARGET_INFO", [25] = "VERSION", [29] = "128",
    [30] = "KEY_EXCH", [31] = "56",
};

static const char *const av_names[MSV_AV_ID_COUNT] = {
    "MsvAvEOL", "MsvAvNbComputerName", "MsvAvNbDomainName", "MsvAvDnsComputerName", "MsvAvDnsDomainName",
    "MsvAvDnsTreeName", "MsvAvFlags", "MsvAvTimestamp", "MsvAvSingleHost", "MsvAvTargetName",
    "MsvAvChannelBindings",
};

static void describe_flags(emitter *em, uint32_t flags)
{
    char text[512];
    size_t used = (size_t)snprintf(text, sizeof text, "0x%08x", flags);
    for (unsigned bit = 0; bit < 32 && used < sizeof text; bit++) {
        if ((flags >> bit & 1u) == 0u)
            continue;
        const char *name = ntlm_flag_names[bit];
        int n = name ? snprintf(text + used, sizeof text - used, " %s", name)
                     : snprintf(text + used, sizeof text - used, " bit%u", bit);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    emit_str(em, "flags", text);
}

static void describe_version(emitter *em, bool present, const ntlm_version *v)
{
    if (!present)
        return;
    char text[64];
    snprintf(text, sizeof text, "%u.%u build %u, NTLM revision %u", v->major, v->minor, v->build, v->revision);
    emit_str(em, "version", text);
}

static void describe_string(emitter *em, const char *key, const uint8_t *msg, ntlm_field f)
{
    if (f.len == 0) {
        if (!em->json)
            emit_str(em, key, "(empty)");
        return;
    }
    emit_utf16(em, key, msg + f.offset, f.len);
}

/* FILETIME (100 ns since 1601) as an ISO 8601 UTC date. */
static void describe_filetime(emitter *em, const char *key, uint64_t ft)
{
    char text[64];
    time_t secs = (time_t)(ft / 10000000u) - (time_t)11644473600;
    struct tm tm;
    if (gmtime_r(&secs, &tm) == NULL || strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(text, sizeof text, "FILETIME %llu", (unsigned long long)ft);
    emit_str(em, key, text);
}

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v * 256u + p[i];
    return v;
}

static void describe_av_list(emitter *em, const char *key, const uint8_t *base, const ntlm_av_list *av)
{
    emit_open_list(em, key);
    for (size_t i = 0; i < av->count; i++) {
        const ntlm_av_pair *p = &av->pairs[i];
        const char *name = p->id < MSV_AV_ID_COUNT ? av_names[p->id] : "unknown AV id";
        const uint8_t *v = base + p->offset;
        emit_open(em, NULL, name);
        if (em->json)
            emit_int(em, "id", p->id);
        if (p->id == MSV_AV_TIMESTAMP)
            describe_filetime(em, "value", le64(v));
        else if (p->id == MSV_AV_FLAGS)
            emit_int(em, "value", (long long)((uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 | (uint32_t)v[3] << 24));
        else if (p->id >= MSV_AV_NB_COMPUTER_NAME && p->id <= MSV_AV_DNS_TREE_NAME)
            emit_utf16(em, "value", v, p->len);
        else if (p->id == MSV_AV_TARGET_NAME)
            emit_utf16(em, "value", v, p->len);
        else
            emit_hex(em, "value", v, p->len);
        emit_close(em);
    }
    emit_close_list(em);
}

static void describe_nt_response(emitter *em, const uint8_t *msg, ntlm_field f)
{
    const uint8_t *nt = msg + f.offset;
    ntlmv2_response r;
    size_t where;
    if (f.len == 24u || f.len == 0u || ntlm_parse_ntlmv2_response(nt, f.len, &r, &where) != NTLM_OK) {
        emit_hex(em, "NtChallengeResponse", nt, f.len);
        return;
    }
    emit_open(em, "NtChallengeResponse", "NTLMv2 response");
    emit_hex(em, "NTProofStr", nt, 16);
    describe_filetime(em, "timestamp", r.timestamp);
    emit_hex(em, "clientChallenge", nt + r.client_challenge, 8);
    describe_av_list(em, "avPairs", nt, &r.av);
    emit_close(em);
}

static bool describe_negotiate(emitter *em, const char *key, const uint8_t *msg, size_t len)
{
    ntlm_negotiate n;
    size_t where;
    if (ntlm_parse_negotiate(msg, len, &n, &where) != NTLM_OK)
        return false;
    emit_open(em, key, "NTLMSSP NEGOTIATE (type 1)");
    describe_flags(em, n.flags);
    describe_version(em, n.has_version, &n.version);
    describe_string(em, "domain", msg, n.domain);
    describe_string(em, "workstation", msg, n.workstation);
    emit_close(em);
    return true;
}

static bool describe_challenge(emitter *em, const char *key, const uint8_t *msg, size_t len)
{
    ntlm_challenge c;
    ntlm_av_list av;
    size_t where;
    if (ntlm_parse_challenge(msg, len, &c, &where) != NTLM_OK)
        return false;
    emit_open(em, key, "NTLMSSP CHALLENGE (type 2)");
    describe_flags(em, c.flags);
    describe_version(em, c.has_version, &c.version);
    emit_hex(em, "serverChallenge", c.server_challenge, 8);
    describe_string(em, "targetName", msg, c.target_name);
    if (c.target_info.len > 0 &&
        ntlm_av_walk(msg + c.target_info.offset, c.target_info.len, &av, &where) == NTLM_OK)
        describe_av_list(em, "targetInfo", msg + c.target_info.offset, &av);
    else if (c.target_info.len > 0)
        emit_hex(em, "targetInfo", msg + c.target_info.offset, c.target_info.len);
    emit_close(em);
    return true;
}

static bool describe_authenticate(emitter *em, const char *key, const uint8_t *msg, size_t len)
{
    ntlm_authenticate a;
    size_t where;
    if (ntlm_parse_authenticate(msg, len, &a, &where) != NTLM_OK)
        return false;
    emit_open(em, key, "NTLMSSP AUTHENTICATE (type 3)");
    describe_flags(em, a.flags);
    describe_version(em, a.has_version, &a.version);
    describe_string(em, "domain", msg, a.domain);
    describe_string(em, "user", msg, a.user);
    describe_string(em, "workstation", msg, a.workstation);
    if (a.lm_response.len > 0)
        emit_hex(em, "LmChallengeResponse", msg + a.lm_response.offset, a.lm_response.len);
    describe_nt_response(em, msg, a.nt_response);
    if (a.session_key.len > 0)
        emit_hex(em, "encryptedRandomSessionKey", msg + a.session_key.offset, a.session_key.len);
    emit_bool(em, "mic present", a.has_mic);
    if (a.has_mic)
        emit_hex(em, "MIC", msg + a.mic_offset, 16);
    emit_close(em);
    return true;
}

bool describe_ntlm(emitter *em, const char *key, const uint8_t *msg, size_t len)
{
    switch (ntlm_message_type(msg, len)) {
    case NTLM_NEGOTIATE: return describe_negotiate(em, key, msg, len);
    case NTLM_CHALLENGE: return describe_challenge(em, key, msg, len);
    case NTLM_AUTHENTICATE: return describe_authenticate(em, key, msg, len);
    default: return false;
    }
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The NTLMv2 server ([MS-NLMP] 3.2): NEGOTIATE in, CHALLENGE out, AUTHENTICATE verified. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "entropy.h"
#include "ntlm.h"
#include "ntlm_server.h"
#include "ntlm_msg.h"
#include "ntlm_users.h"
#include "unicode.h"

/* NTOWFv1 of the empty password: such users are refused. */
static const uint8_t ntlm_empty_password_hash[16] = { 0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a, 0xe9, 0x31,
                                                      0xb7, 0x3c, 0x59, 0xd7, 0xe0, 0xc0, 0x89, 0xc0 };

struct ntlm_server {
    ntlm_crypto *crypto;
    const ntlm_user_db *db;
    uint8_t nb_domain[NTLM_MAX_NAME], nb_computer[NTLM_MAX_NAME], dns_domain[NTLM_MAX_NAME],
        dns_computer[NTLM_MAX_NAME];
    size_t nb_domain_len, nb_computer_len, dns_domain_len, dns_computer_len;
    ntlm_writer negotiate, challenge;
    ntlm_keys keys;
    ntlm_identity peer;
    ntlm_identity claimed; /* the names the AUTHENTICATE carried (no hash), for logs */
    bool challenged, authenticated, peer_mic;
};

ntlm_status ntlm_server_new(ntlm_crypto *c, const ntlm_user_db *db, const char *nb_domain, const char *nb_computer,
                            const char *dns_domain, const char *dns_computer, ntlm_server **out)
{
    *out = NULL;
    ntlm_server *sv = calloc(1, sizeof *sv);
    if (sv == NULL)
        return NTLM_ST_NO_MEMORY;
    sv->crypto = c;
    sv->db = db;
    if (!utf8_to_utf16le(nb_domain, sv->nb_domain, sizeof sv->nb_domain, &sv->nb_domain_len) ||
        !utf8_to_utf16le(nb_computer, sv->nb_computer, sizeof sv->nb_computer, &sv->nb_computer_len) ||
        !utf8_to_utf16le(dns_domain, sv->dns_domain, sizeof sv->dns_domain, &sv->dns_domain_len) ||
        !utf8_to_utf16le(dns_computer, sv->dns_computer, sizeof sv->dns_computer, &sv->dns_computer_len)) {
        ntlm_server_free(sv);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    *out = sv;
    return NTLM_ST_OK;
}

void ntlm_server_free(ntlm_server *sv)
{
    if (sv == NULL)
        return;
    OPENSSL_cleanse(sv, sizeof *sv);
    free(sv);
}

const ntlm_keys *ntlm_server_keys(const ntlm_server *sv)
{
    return sv->authenticated ? &sv->keys : NULL;
}

const ntlm_identity *ntlm_server_claimed(const ntlm_server *sv)
{
    return &sv->claimed;
}

bool ntlm_server_peer_sent_mic(const ntlm_server *sv)
{
    return sv->authenticated && sv->peer_mic;
}

const ntlm_identity *ntlm_server_peer(const ntlm_server *sv)
{
    return sv->authenticated ? &sv->peer : NULL;
}

ntlm_status ntlm_server_challenge(ntlm_server *sv, const uint8_t *negotiate, size_t len, const uint8_t **out,
                                  size_t *out_len)
{
    ntlm_negotiate neg;
    size_t where, info_len = 0;
    uint8_t info[1024], stamp[8];

    if (sv->challenged)
        return NTLM_ST_INVALID_TOKEN;
    if (len > sizeof sv->negotiate.buf || ntlm_parse_negotiate(negotiate, len, &neg, &where) != NTLM_OK)
        return NTLM_ST_INVALID_TOKEN;
    if ((neg.flags & (NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_UNICODE)) != (NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_UNICODE))
        return NTLM_ST_INVALID_TOKEN;
    memcpy(sv->negotiate.buf, negotiate, len);
    sv->negotiate.used = len;

    uint64_t now = entropy_filetime_now();
    ntlm_put_u32le(stamp, (uint32_t)now);
    ntlm_put_u32le(stamp + 4, (uint32_t)(now >> 32));
    if (!ntlm_av_put(info, sizeof info, &info_len, MSV_AV_NB_DOMAIN_NAME, sv->nb_domain, sv->nb_domain_len) ||
        !ntlm_av_put(info, sizeof info, &info_len, MSV_AV_NB_COMPUTER_NAME, sv->nb_computer, sv->nb_computer_len) ||
        !ntlm_av_put(info, sizeof info, &info_len, MSV_AV_DNS_DOMAIN_NAME, sv->dns_domain, sv->dns_domain_len) ||
        !ntlm_av_put(info, sizeof info, &info_len, MSV_AV_DNS_COMPUTER_NAME, sv->dns_computer, sv->dns_computer_len) ||
        !ntlm_av_put(info, sizeof info, &info_len, MSV_AV_TIMESTAMP, stamp, 8) ||
        !ntlm_av_put(info, sizeof info, &info_len, MSV_AV_EOL, NULL, 0))
        return NTLM_ST_BAD_CREDENTIALS;

    ntlm_writer *w = &sv->challenge;
    ntlm_writer_start(w, NTLM_CHALLENGE, NTLM_CHAL_AT_VERSION + NTLM_VERSION_LEN);
    uint32_t flags = (neg.flags & NTLM_CLIENT_FLAGS) | NTLMSSP_NEGOTIATE_TARGET_INFO | NTLMSSP_TARGET_TYPE_SERVER | NTLMSSP_REQUEST_TARGET;
    ntlm_writer_field(w, NTLM_CHAL_AT_TARGET_NAME, sv->nb_domain, sv->nb_domain_len);
    ntlm_put_u32le(w->buf + NTLM_CHAL_AT_FLAGS, flags);
    if (!ntlm_random(sv->crypto, w->buf + NTLM_CHAL_AT_CHALLENGE, 8))
        return NTLM_ST_INTERNAL;
    ntlm_writer_field(w, NTLM_CHAL_AT_TARGET_INFO, info, info_len);
    memcpy(w->buf + NTLM_CHAL_AT_VERSION, ntlm_our_version, NTLM_VERSION_LEN);
    if (w->overflow)
        return NTLM_ST_BAD_CREDENTIALS;
    sv->challenged = true;
    *out = w->buf;
    *out_len = w->used;
    return NTLM_ST_OK;
}

/* The MIC check ([MS-NLMP] 3.2.5.1.2): required when the client's MsvAvFlags
 * says it sent one. */
static ntlm_status ntlm_server_check_mic(ntlm_server *sv, const uint8_t *msg, size_t len, const ntlm_authenticate *a,
                                         const uint8_t *nt, const ntlmv2_response *r)
{
    const ntlm_av_pair *flags = ntlm_av_find(&r->av, MSV_AV_FLAGS);
    if (flags == NULL || (ntlm_get_u32le(nt + flags->offset) & MSV_AV_FLAG_MIC) == 0u)
        return NTLM_ST_OK;
    sv->peer_mic = true;
    uint8_t mic[16];
    if (!a->has_mic)
        return NTLM_ST_LOGON_DENIED;
    if (!ntlm_compute_mic(sv->crypto, sv->keys.exported, sv->negotiate.buf, sv->negotiate.used, sv->challenge.buf,
                          sv->challenge.used, msg, len, a->mic_offset, mic))
        return NTLM_ST_INTERNAL;
    return ntlm_equal_ct(mic, msg + a->mic_offset, 16) ? NTLM_ST_OK : NTLM_ST_LOGON_DENIED;
}

ntlm_status ntlm_server_verify(ntlm_server *sv, const uint8_t *msg, size_t len)
{
    ntlm_authenticate a;
    ntlmv2_response r;
    size_t where;
    uint8_t key_v2[16], proof[16], base[16];
    ntlm_status st = NTLM_ST_LOGON_DENIED;

    if (!sv->challenged || sv->authenticated)
        return NTLM_ST_INVALID_TOKEN;
    if (ntlm_parse_authenticate(msg, len, &a, &where) != NTLM_OK)
        return NTLM_ST_INVALID_TOKEN;
    /* Anonymous logons, and NTLMv1 or empty responses (CVE-2022-24882), are refused. */
    if (a.user.len == 0 || a.nt_response.len < 48u)
        return NTLM_ST_LOGON_DENIED;
    if (a.user.len > NTLM_MAX_NAME || a.domain.len > NTLM_MAX_NAME || a.user.len % 2u != 0u ||
        a.domain.len % 2u != 0u)
        return NTLM_ST_INVALID_TOKEN;
    /* A name with U+0000 would be logged (and compared by callers) cut short. */
    if (utf16le_has_nul(msg + a.user.offset, a.user.len) || utf16le_has_nul(msg + a.domain.offset, a.domain.len))
        return NTLM_ST_INVALID_TOKEN;
    memcpy(sv->claimed.user, msg + a.user.offset, a.user.len);
    sv->claimed.user_len = a.user.len;
    if (a.domain.len > 0)
        memcpy(sv->claimed.domain, msg + a.domain.offset, a.domain.len);
    sv->claimed.domain_len = a.domain.len;
    const uint8_t *nt = msg + a.nt_response.offset;
    if (ntlm_parse_ntlmv2_response(nt, a.nt_response.len, &r, &where) != NTLM_OK)
        return NTLM_ST_INVALID_TOKEN;
    if ((a.flags & NTLMSSP_NEGOTIATE_KEY_EXCH) != 0u && a.session_key.len != 16u)
        return NTLM_ST_INVALID_TOKEN;
    const ntlm_identity *u =
        ntlm_user_db_find(sv->db, msg + a.user.offset, a.user.len, msg + a.domain.offset, a.domain.len);
    /* Unknown users and empty passwords take the same path as wrong ones. */
    if (u == NULL || ntlm_equal_ct(u->nt_hash, ntlm_empty_password_hash, 16))
        return NTLM_ST_LOGON_DENIED;
    /* NTOWFv2 with the names as the client sent them ([MS-NLMP] 3.3.2). */
    const uint8_t *server_challenge = sv->challenge.buf + NTLM_CHAL_AT_CHALLENGE;
    if (!ntlm_ntowfv2(sv->crypto, u->nt_hash, msg + a.user.offset, a.user.len, msg + a.domain.offset, a.domain.len,
                      key_v2) ||
        !ntlm_nt_proof(sv->crypto, key_v2, server_challenge, nt + 16, a.nt_response.len - 16u, proof)) {
        st = NTLM_ST_INTERNAL;
        goto done;
    }
    if (!ntlm_equal_ct(proof, nt, 16))
        goto done;
    if (!ntlm_session_base_key(sv->crypto, key_v2, proof, base)) {
        st = NTLM_ST_INTERNAL;
        goto done;
    }
    if ((a.flags & NTLMSSP_NEGOTIATE_KEY_EXCH) != 0u) {
        if (!ntlm_rc4_once(sv->crypto, base, msg + a.session_key.offset, 16, sv->keys.exported)) {
            st = NTLM_ST_INTERNAL;
            goto done;
        }
    } else {
        memcpy(sv->keys.exported, base, 16);
    }
    st = ntlm_server_check_mic(sv, msg, len, &a, nt, &r);
    if (st == NTLM_ST_OK && !ntlm_derive_keys(sv->crypto, &sv->keys))
        st = NTLM_ST_INTERNAL;
    if (st == NTLM_ST_OK) {
        sv->peer = *u;
        memcpy(sv->peer.user, msg + a.user.offset, a.user.len);
        sv->peer.user_len = a.user.len;
        memcpy(sv->peer.domain, msg + a.domain.offset, a.domain.len);
        sv->peer.domain_len = a.domain.len;
        OPENSSL_cleanse(sv->peer.nt_hash, sizeof sv->peer.nt_hash);
        sv->authenticated = true;
    }
done:
    if (st != NTLM_ST_OK)
        OPENSSL_cleanse(&sv->keys, sizeof sv->keys);
    OPENSSL_cleanse(key_v2, sizeof key_v2);
    OPENSSL_cleanse(base, sizeof base);
    return st;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The NTLMv2 client ([MS-NLMP] 3.1): NEGOTIATE out, CHALLENGE in, AUTHENTICATE out. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "entropy.h"
#include "ntlm.h"
#include "ntlm_client.h"
#include "ntlm_msg.h"
#include "unicode.h"

struct ntlm_client {
    ntlm_crypto *crypto;
    ntlm_identity id;
    uint8_t spn[NTLM_MAX_NAME];
    size_t spn_len;
    ntlm_writer negotiate, authenticate;
    ntlm_keys keys;
    bool negotiated, authenticated;
};

ntlm_status ntlm_client_new(ntlm_crypto *c, const ntlm_identity *id, const char *spn, ntlm_client **out)
{
    *out = NULL;
    ntlm_client *cl = calloc(1, sizeof *cl);
    if (cl == NULL)
        return NTLM_ST_NO_MEMORY;
    cl->crypto = c;
    cl->id = *id;
    if (spn != NULL && !utf8_to_utf16le(spn, cl->spn, sizeof cl->spn, &cl->spn_len)) {
        ntlm_client_free(cl);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    *out = cl;
    return NTLM_ST_OK;
}

void ntlm_client_free(ntlm_client *cl)
{
    if (cl == NULL)
        return;
    OPENSSL_cleanse(cl, sizeof *cl);
    free(cl);
}

const ntlm_keys *ntlm_client_keys(const ntlm_client *cl)
{
    return cl->authenticated ? &cl->keys : NULL;
}

ntlm_status ntlm_client_negotiate(ntlm_client *cl, const uint8_t **out, size_t *out_len)
{
    ntlm_writer *w = &cl->negotiate;
    ntlm_writer_start(w, NTLM_NEGOTIATE, NTLM_NEG_AT_VERSION + NTLM_VERSION_LEN);
    ntlm_put_u32le(w->buf + NTLM_NEG_AT_FLAGS, NTLM_CLIENT_FLAGS);
    ntlm_writer_field(w, NTLM_NEG_AT_DOMAIN, NULL, 0);
    ntlm_writer_field(w, NTLM_NEG_AT_WORKSTATION, NULL, 0);
    memcpy(w->buf + NTLM_NEG_AT_VERSION, ntlm_our_version, NTLM_VERSION_LEN);
    cl->negotiated = true;
    *out = w->buf;
    *out_len = w->used;
    return NTLM_ST_OK;
}

/* The client's AV pairs ([MS-NLMP] 3.1.5.1.2): the server's, less those we
 * set ourselves, then MsvAvFlags (MIC present), channel bindings (none: 16
 * zero bytes; CredSSP binds the TLS key through pubKeyAuth), the SPN. */
static bool ntlm_client_av_pairs(const ntlm_client *cl, const uint8_t *info, const ntlm_av_list *server,
                                 uint8_t *out, size_t cap, size_t *used)
{
    static const uint8_t no_bindings[16];
    uint8_t flags[4];
    *used = 0;
    for (size_t i = 0; i < server->count; i++) {
        const ntlm_av_pair *p = &server->pairs[i];
        if (p->id == MSV_AV_FLAGS || p->id == MSV_AV_CHANNEL_BINDINGS || p->id == MSV_AV_TARGET_NAME)
            continue;
        if (!ntlm_av_put(out, cap, used, p->id, info + p->offset, p->len))
            return false;
    }
    ntlm_put_u32le(flags, MSV_AV_FLAG_MIC);
    return ntlm_av_put(out, cap, used, MSV_AV_FLAGS, flags, 4) &&
           ntlm_av_put(out, cap, used, MSV_AV_CHANNEL_BINDINGS, no_bindings, 16) &&
           ntlm_av_put(out, cap, used, MSV_AV_TARGET_NAME, cl->spn, cl->spn_len) &&
           ntlm_av_put(out, cap, used, MSV_AV_EOL, NULL, 0);
}

/* temp = 01 01 Z(6) Time ClientChallenge Z(4) AvPairs Z(4) ([MS-NLMP] 3.3.2). */
static bool ntlm_client_temp(ntlm_client *cl, const uint8_t *info, const ntlm_av_list *av, uint64_t timestamp,
                             const uint8_t client_challenge[8], uint8_t *temp, size_t cap, size_t *len)
{
    size_t av_len = 0;
    if (cap < NTLMV2_CLIENT_HEADER_LEN + 4u)
        return false;
    memset(temp, 0, NTLMV2_CLIENT_HEADER_LEN);
    temp[0] = 1;
    temp[1] = 1;
    ntlm_put_u32le(temp + 8, (uint32_t)timestamp);
    ntlm_put_u32le(temp + 12, (uint32_t)(timestamp >> 32));
    memcpy(temp + 16, client_challenge, 8);
    if (!ntlm_client_av_pairs(cl, info, av, temp + NTLMV2_CLIENT_HEADER_LEN, cap - NTLMV2_CLIENT_HEADER_LEN - 4u, &av_len))
        return false;
    memset(temp + NTLMV2_CLIENT_HEADER_LEN + av_len, 0, 4);
    *len = NTLMV2_CLIENT_HEADER_LEN + av_len + 4u;
    return true;
}

ntlm_status ntlm_client_authenticate(ntlm_client *cl, const uint8_t *challenge, size_t len, const uint8_t **out,
                                     size_t *out_len)
{
    ntlm_challenge ch;
    ntlm_av_list av;
    size_t where;
    uint8_t key_v2[16], client_challenge[8], temp[2048], nt[16 + 2048], proof[16], base[16], enc_key[16], mic[16];
    uint8_t lm[24] = { 0 };
    size_t temp_len = 0;
    ntlm_status st = NTLM_ST_INTERNAL;

    if (!cl->negotiated || cl->authenticated)
        return NTLM_ST_INVALID_TOKEN;
    if (ntlm_parse_challenge(challenge, len, &ch, &where) != NTLM_OK || ch.target_info.len == 0 ||
        ntlm_av_walk(challenge + ch.target_info.offset, ch.target_info.len, &av, &where) != NTLM_OK)
        return NTLM_ST_INVALID_TOKEN;
    /* We speak only NTLMv2 with extended session security and key exchange. */
    if ((ch.flags & (NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_UNICODE)) !=
        (NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_UNICODE))
        return NTLM_ST_INVALID_TOKEN;
    const uint8_t *info = challenge + ch.target_info.offset;
    /* 3.1.5.1.2: with the server's MsvAvTimestamp, use it and send Z(24) as LM. */
    const ntlm_av_pair *ts = ntlm_av_find(&av, MSV_AV_TIMESTAMP);
    uint64_t timestamp = entropy_filetime_now();
    if (ts != NULL)
        timestamp = (uint64_t)ntlm_get_u32le(info + ts->offset) | (uint64_t)ntlm_get_u32le(info + ts->offset + 4) << 32;

    if (!ntlm_random(cl->crypto, client_challenge, 8) || !ntlm_random(cl->crypto, cl->keys.exported, 16) ||
        !ntlm_ntowfv2(cl->crypto, cl->id.nt_hash, cl->id.user, cl->id.user_len, cl->id.domain, cl->id.domain_len,
                      key_v2))
        goto done;
    if (!ntlm_client_temp(cl, info, &av, timestamp, client_challenge, temp, sizeof temp, &temp_len)) {
        st = NTLM_ST_INVALID_TOKEN;
        goto done;
    }
    if (!ntlm_nt_proof(cl->crypto, key_v2, ch.server_challenge, temp, temp_len, proof) ||
        !ntlm_session_base_key(cl->crypto, key_v2, proof, base) ||
        !ntlm_rc4_once(cl->crypto, base, cl->keys.exported, 16, enc_key))
        goto done;
    if (ts == NULL && !ntlm_lmv2_response(cl->crypto, key_v2, ch.server_challenge, client_challenge, lm))
        goto done;
    memcpy(nt, proof, 16);
    memcpy(nt + 16, temp, temp_len);

    /* Header: 64 + VERSION 8 + MIC 16 = 88 ([MS-NLMP] 2.2.1.3). */
    ntlm_writer *w = &cl->authenticate;
    ntlm_writer_start(w, NTLM_AUTHENTICATE, NTLM_AUTH_AT_MIC + 16);
    ntlm_writer_field(w, NTLM_AUTH_AT_LM, lm, 24);
    ntlm_writer_field(w, NTLM_AUTH_AT_NT, nt, 16u + temp_len);
    ntlm_writer_field(w, NTLM_AUTH_AT_DOMAIN, cl->id.domain, cl->id.domain_len);
    ntlm_writer_field(w, NTLM_AUTH_AT_USER, cl->id.user, cl->id.user_len);
    ntlm_writer_field(w, NTLM_AUTH_AT_WORKSTATION, NULL, 0);
    ntlm_writer_field(w, NTLM_AUTH_AT_SESSION_KEY, enc_key, 16);
    ntlm_put_u32le(w->buf + NTLM_AUTH_AT_FLAGS, NTLM_CLIENT_FLAGS & (ch.flags | NTLMSSP_NEGOTIATE_VERSION));
    memcpy(w->buf + NTLM_AUTH_AT_VERSION, ntlm_our_version, NTLM_VERSION_LEN);
    if (w->overflow) {
        st = NTLM_ST_BAD_CREDENTIALS;
        goto done;
    }
    if (!ntlm_compute_mic(cl->crypto, cl->keys.exported, cl->negotiate.buf, cl->negotiate.used, challenge, len,
                          w->buf, w->used, NTLM_AUTH_AT_MIC, mic) ||
        !ntlm_derive_keys(cl->crypto, &cl->keys))
        goto done;
    memcpy(w->buf + NTLM_AUTH_AT_MIC, mic, 16);
    cl->authenticated = true;
    *out = w->buf;
    *out_len = w->used;
    st = NTLM_ST_OK;
done:
    OPENSSL_cleanse(key_v2, sizeof key_v2);
    OPENSSL_cleanse(base, sizeof base);
    OPENSSL_cleanse(temp, sizeof temp);
    OPENSSL_cleanse(nt, sizeof nt);
    return st;
}

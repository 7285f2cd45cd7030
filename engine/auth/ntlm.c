/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the NTLM client and server share ([MS-NLMP] 3.1, 3.2): identities
 * (names as UTF-16LE and the NT hash), the status texts, and the sealing
 * and signing keys an exchange leaves (3.4.5).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ntlm.h"
#include "unicode.h"

/* The VERSION we announce: 10.0.19041, NTLM revision 15 ([MS-NLMP] 2.2.2.10). */
const uint8_t ntlm_our_version[NTLM_VERSION_LEN] = { 10, 0, 0x61, 0x4a, 0, 0, 0, 15 };

const char *ntlm_status_text(ntlm_status st)
{
    switch (st) {
    case NTLM_ST_OK: return "ok";
    case NTLM_ST_INVALID_TOKEN: return "invalid NTLM token";
    case NTLM_ST_LOGON_DENIED: return "logon denied";
    case NTLM_ST_BAD_CREDENTIALS: return "unusable credentials";
    case NTLM_ST_NO_MEMORY: return "out of memory";
    case NTLM_ST_INTERNAL: return "internal error";
    }
    return "unknown";
}

void ntlm_identity_wipe(ntlm_identity *id)
{
    if (id != NULL)
        OPENSSL_cleanse(id, sizeof *id);
}

static ntlm_status ntlm_identity_names(const char *user, const char *domain, ntlm_identity *out)
{
    memset(out, 0, sizeof *out);
    if (user == NULL || user[0] == '\0')
        return NTLM_ST_BAD_CREDENTIALS;
    if (!utf8_to_utf16le(user, out->user, sizeof out->user, &out->user_len) ||
        !utf8_to_utf16le(domain != NULL ? domain : "", out->domain, sizeof out->domain, &out->domain_len))
        return NTLM_ST_BAD_CREDENTIALS;
    return NTLM_ST_OK;
}

ntlm_status ntlm_identity_from_password(ntlm_crypto *c, const char *user, const char *domain,
                                        const char *password, ntlm_identity *out)
{
    uint8_t pw[2 * NTLM_MAX_NAME];
    size_t pw_len = 0;
    ntlm_status st = ntlm_identity_names(user, domain, out);
    if (st != NTLM_ST_OK)
        return st;
    if (password == NULL || password[0] == '\0' || !utf8_to_utf16le(password, pw, sizeof pw, &pw_len)) {
        ntlm_identity_wipe(out);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    bool ok = ntlm_ntowfv1(c, pw, pw_len, out->nt_hash);
    OPENSSL_cleanse(pw, sizeof pw);
    if (!ok) {
        ntlm_identity_wipe(out);
        return NTLM_ST_INTERNAL;
    }
    return NTLM_ST_OK;
}

ntlm_status ntlm_identity_from_hash(const char *user, const char *domain, const char *nt_hash_hex,
                                    ntlm_identity *out)
{
    ntlm_status st = ntlm_identity_names(user, domain, out);
    if (st != NTLM_ST_OK)
        return st;
    if (nt_hash_hex == NULL || strlen(nt_hash_hex) != SAM_HASH_DIGITS || !sam_hex16(nt_hash_hex, out->nt_hash)) {
        ntlm_identity_wipe(out);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    return NTLM_ST_OK;
}

ntlm_status ntlm_identity_from_entry(const char *line, const sam_entry *e, ntlm_identity *out)
{
    memset(out, 0, sizeof *out);
    if (!utf8n_to_utf16le(line, e->user_len, out->user, sizeof out->user, &out->user_len) ||
        !utf8n_to_utf16le(line + e->domain_at, e->domain_len, out->domain, sizeof out->domain, &out->domain_len)) {
        ntlm_identity_wipe(out);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    memcpy(out->nt_hash, e->nt_hash, sizeof out->nt_hash);
    return NTLM_ST_OK;
}

bool ntlm_derive_keys(ntlm_crypto *c, ntlm_keys *k)
{
    return ntlm_sign_key(c, k->exported, NTLM_CLIENT, k->client_sign) &&
           ntlm_seal_key(c, k->exported, NTLM_CLIENT, k->client_seal) &&
           ntlm_sign_key(c, k->exported, NTLM_SERVER, k->server_sign) &&
           ntlm_seal_key(c, k->exported, NTLM_SERVER, k->server_seal);
}

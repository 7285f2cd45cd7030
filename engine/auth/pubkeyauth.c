/* SPDX-License-Identifier: Apache-2.0 */
/* pubKeyAuth values; see pubkeyauth.h. */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ntlm_crypto.h"
#include "pubkeyauth.h"

/* [MS-CSSP] 3.1.5: the magic strings include their terminating zero. */
static const char client_server_magic[] = "CredSSP Client-To-Server Binding Hash";
static const char server_client_magic[] = "CredSSP Server-To-Client Binding Hash";

static bool pubkeyauth_hash(pubkeyauth_dir dir, const uint8_t *nonce, size_t nonce_len, const uint8_t *key,
                            size_t key_len, uint8_t out[PUBKEYAUTH_HASH_LEN])
{
    const char *magic = dir == PUBKEYAUTH_CLIENT_TO_SERVER ? client_server_magic : server_client_magic;
    unsigned int len = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md != NULL && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
              EVP_DigestUpdate(md, magic, strlen(magic) + 1) == 1 &&
              EVP_DigestUpdate(md, nonce, nonce_len) == 1 && EVP_DigestUpdate(md, key, key_len) == 1 &&
              EVP_DigestFinal_ex(md, out, &len) == 1 && len == PUBKEYAUTH_HASH_LEN;
    EVP_MD_CTX_free(md);
    return ok;
}

uint8_t *pubkeyauth_value(long version, pubkeyauth_dir dir, const uint8_t *nonce, size_t nonce_len,
                          const uint8_t *key, size_t key_len, size_t *out_len)
{
    *out_len = 0;
    if (key_len == 0)
        return NULL;
    if (version >= PUBKEYAUTH_HASH_VERSION) {
        uint8_t *h = malloc(PUBKEYAUTH_HASH_LEN);
        if (h == NULL || !pubkeyauth_hash(dir, nonce, nonce_len, key, key_len, h)) {
            free(h);
            return NULL;
        }
        *out_len = PUBKEYAUTH_HASH_LEN;
        return h;
    }
    uint8_t *echo = malloc(key_len);
    if (echo == NULL)
        return NULL;
    memcpy(echo, key, key_len);
    /* [MS-CSSP] 3.1.5 step 4 (versions 2-4): the server adds 1 to the first
     * byte, so its answer is not a replay of the client's. */
    if (dir == PUBKEYAUTH_SERVER_TO_CLIENT)
        echo[0] = (uint8_t)(echo[0] + 1u);
    *out_len = key_len;
    return echo;
}

bool pubkeyauth_matches(long version, pubkeyauth_dir dir, const uint8_t *nonce, size_t nonce_len,
                        const uint8_t *key, size_t key_len, const uint8_t *got, size_t got_len)
{
    size_t want_len;
    uint8_t *want = pubkeyauth_value(version, dir, nonce, nonce_len, key, key_len, &want_len);
    bool ok = want != NULL && got_len == want_len && ntlm_equal_ct(want, got, want_len);
    free(want);
    return ok;
}

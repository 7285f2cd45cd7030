/* SPDX-License-Identifier: Apache-2.0 */
/* NTLMv2 cryptography through OpenSSL 3 EVP in a private library context. */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "entropy.h"
#include "ntlm_crypto.h"

struct ntlm_crypto {
    OSSL_LIB_CTX *libctx;
    OSSL_PROVIDER *legacy, *deflt;
    EVP_MD *md4, *md5;
    EVP_MAC *hmac;
    EVP_CIPHER *rc4;
};

struct ntlm_seal_state {
    ntlm_crypto *crypto;
    EVP_CIPHER_CTX *rc4;
    uint8_t sign_key[NTLM_KEY_LEN];
    uint8_t seal_key[NTLM_KEY_LEN];
    uint32_t seq;
};

void ntlm_crypto_free(ntlm_crypto *c)
{
    if (c == NULL)
        return;
    EVP_CIPHER_free(c->rc4);
    EVP_MAC_free(c->hmac);
    EVP_MD_free(c->md5);
    EVP_MD_free(c->md4);
    if (c->legacy != NULL)
        OSSL_PROVIDER_unload(c->legacy);
    if (c->deflt != NULL)
        OSSL_PROVIDER_unload(c->deflt);
    OSSL_LIB_CTX_free(c->libctx);
    free(c);
}

ntlm_crypto *ntlm_crypto_new(cs_failure *why)
{
    ntlm_crypto *c = calloc(1, sizeof *c);
    const char *stage = "out of memory";
    if (c == NULL || (c->libctx = OSSL_LIB_CTX_new()) == NULL)
        goto fail;
    stage = "OpenSSL's default provider cannot be loaded";
    if ((c->deflt = OSSL_PROVIDER_load(c->libctx, "default")) == NULL)
        goto fail;
    stage = "OpenSSL's legacy provider cannot be loaded: NTLM needs its MD4 and RC4 (Debian: libssl3 ships it)";
    if ((c->legacy = OSSL_PROVIDER_load(c->libctx, "legacy")) == NULL)
        goto fail;
    c->md4 = EVP_MD_fetch(c->libctx, "MD4", NULL);
    c->md5 = EVP_MD_fetch(c->libctx, "MD5", NULL);
    c->hmac = EVP_MAC_fetch(c->libctx, "HMAC", NULL);
    c->rc4 = EVP_CIPHER_fetch(c->libctx, "RC4", NULL);
    stage = "MD4, MD5, HMAC or RC4 is unavailable from OpenSSL";
    if (c->md4 == NULL || c->md5 == NULL || c->hmac == NULL || c->rc4 == NULL)
        goto fail;
    return c;
fail:
    failure_note(why, CS_SITE, "%s", stage);
    ntlm_crypto_free(c);
    return NULL;
}

static bool ntlm_digest(ntlm_crypto *c, const EVP_MD *md, const uint8_t *const *parts, const size_t *lens,
                        size_t n, uint8_t out[NTLM_KEY_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int outlen = 0;
    bool ok = ctx != NULL && EVP_DigestInit_ex2(ctx, md, NULL) == 1;
    (void)c;
    for (size_t i = 0; ok && i < n; i++)
        ok = EVP_DigestUpdate(ctx, parts[i], lens[i]) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx, out, &outlen) == 1 && outlen == NTLM_KEY_LEN;
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* HMAC_MD5(key, parts[0] || parts[1] || ...). */
static bool ntlm_hmac_md5(ntlm_crypto *c, const uint8_t *key, size_t key_len, const uint8_t *const *parts,
                          const size_t *lens, size_t n, uint8_t out[NTLM_KEY_LEN])
{
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(c->hmac);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)(uintptr_t) "MD5", 0),
        OSSL_PARAM_construct_end(),
    };
    size_t outlen = 0;
    bool ok = ctx != NULL && EVP_MAC_init(ctx, key, key_len, params) == 1;
    for (size_t i = 0; ok && i < n; i++)
        ok = EVP_MAC_update(ctx, parts[i], lens[i]) == 1;
    ok = ok && EVP_MAC_final(ctx, out, &outlen, NTLM_KEY_LEN) == 1 && outlen == NTLM_KEY_LEN;
    EVP_MAC_CTX_free(ctx);
    return ok;
}

bool ntlm_ntowfv1(ntlm_crypto *c, const uint8_t *password_utf16, size_t len, uint8_t out[NTLM_KEY_LEN])
{
    const uint8_t *parts[] = { password_utf16 };
    size_t lens[] = { len };
    return ntlm_digest(c, c->md4, parts, lens, 1, out);
}

/* A UTF-16LE code unit in upper case: ASCII and Latin-1 letters. */
static uint16_t ntlm_upper_unit(uint16_t u)
{
    if ((u >= 'a' && u <= 'z') || (u >= 0xE0 && u <= 0xFE && u != 0xF7))
        return (uint16_t)(u - 0x20u);
    return u;
}

bool ntlm_ntowfv2(ntlm_crypto *c, const uint8_t ntowfv1[NTLM_KEY_LEN], const uint8_t *user_utf16, size_t user_len,
                  const uint8_t *domain_utf16, size_t domain_len, uint8_t out[NTLM_KEY_LEN])
{
    if (user_len % 2u != 0u || user_len > 1024u)
        return false;
    uint8_t upper[1024];
    for (size_t i = 0; i < user_len; i += 2) {
        uint16_t u = ntlm_upper_unit((uint16_t)(user_utf16[i] | user_utf16[i + 1] << 8));
        upper[i] = (uint8_t)u;
        upper[i + 1] = (uint8_t)(u >> 8);
    }
    const uint8_t *parts[] = { upper, domain_utf16 };
    size_t lens[] = { user_len, domain_len };
    bool ok = ntlm_hmac_md5(c, ntowfv1, NTLM_KEY_LEN, parts, lens, 2, out);
    OPENSSL_cleanse(upper, sizeof upper);
    return ok;
}

bool ntlm_nt_proof(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN], const uint8_t server_challenge[8],
                   const uint8_t *temp, size_t temp_len, uint8_t out[NTLM_KEY_LEN])
{
    const uint8_t *parts[] = { server_challenge, temp };
    size_t lens[] = { 8, temp_len };
    return ntlm_hmac_md5(c, key, NTLM_KEY_LEN, parts, lens, 2, out);
}

bool ntlm_session_base_key(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN], const uint8_t proof[NTLM_KEY_LEN],
                           uint8_t out[NTLM_KEY_LEN])
{
    const uint8_t *parts[] = { proof };
    size_t lens[] = { NTLM_KEY_LEN };
    return ntlm_hmac_md5(c, key, NTLM_KEY_LEN, parts, lens, 1, out);
}

bool ntlm_lmv2_response(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN], const uint8_t server_challenge[8],
                        const uint8_t client_challenge[8], uint8_t out[24])
{
    const uint8_t *parts[] = { server_challenge, client_challenge };
    size_t lens[] = { 8, 8 };
    if (!ntlm_hmac_md5(c, key, NTLM_KEY_LEN, parts, lens, 2, out))
        return false;
    memcpy(out + 16, client_challenge, 8);
    return true;
}

static EVP_CIPHER_CTX *ntlm_rc4_new(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN])
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL || EVP_EncryptInit_ex2(ctx, c->rc4, key, NULL, NULL) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static bool ntlm_rc4_apply(EVP_CIPHER_CTX *ctx, const uint8_t *in, size_t len, uint8_t *out)
{
    int outl = 0;
    if (len > (size_t)INT32_MAX)
        return false;
    return len == 0 || (EVP_EncryptUpdate(ctx, out, &outl, in, (int)len) == 1 && (size_t)outl == len);
}

bool ntlm_rc4_once(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN], const uint8_t *in, size_t len, uint8_t *out)
{
    EVP_CIPHER_CTX *ctx = ntlm_rc4_new(c, key);
    bool ok = ctx != NULL && ntlm_rc4_apply(ctx, in, len, out);
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

/* [MS-NLMP] 3.4.5.2-3: the magic constants, each with its terminating NUL. */
static const char sign_client[] = "session key to client-to-server signing key magic constant";
static const char sign_server[] = "session key to server-to-client signing key magic constant";
static const char seal_client[] = "session key to client-to-server sealing key magic constant";
static const char seal_server[] = "session key to server-to-client sealing key magic constant";

static bool ntlm_derive(ntlm_crypto *c, const uint8_t exported[NTLM_KEY_LEN], const char *magic,
                        uint8_t out[NTLM_KEY_LEN])
{
    const uint8_t *parts[] = { exported, (const uint8_t *)magic };
    size_t lens[] = { NTLM_KEY_LEN, strlen(magic) + 1u };
    return ntlm_digest(c, c->md5, parts, lens, 2, out);
}

bool ntlm_sign_key(ntlm_crypto *c, const uint8_t exported[NTLM_KEY_LEN], enum ntlm_side side,
                   uint8_t out[NTLM_KEY_LEN])
{
    return ntlm_derive(c, exported, side == NTLM_CLIENT ? sign_client : sign_server, out);
}

bool ntlm_seal_key(ntlm_crypto *c, const uint8_t exported[NTLM_KEY_LEN], enum ntlm_side side,
                   uint8_t out[NTLM_KEY_LEN])
{
    return ntlm_derive(c, exported, side == NTLM_CLIENT ? seal_client : seal_server, out);
}

bool ntlm_compute_mic(ntlm_crypto *c, const uint8_t exported[NTLM_KEY_LEN], const uint8_t *negotiate,
                      size_t negotiate_len, const uint8_t *challenge, size_t challenge_len,
                      const uint8_t *authenticate, size_t authenticate_len, size_t mic_offset,
                      uint8_t out[NTLM_KEY_LEN])
{
    static const uint8_t zero[NTLM_KEY_LEN];
    if (mic_offset > authenticate_len || authenticate_len - mic_offset < NTLM_KEY_LEN)
        return false;
    const uint8_t *parts[] = { negotiate, challenge, authenticate, zero, authenticate + mic_offset + NTLM_KEY_LEN };
    size_t lens[] = { negotiate_len, challenge_len, mic_offset, NTLM_KEY_LEN,
                      authenticate_len - mic_offset - NTLM_KEY_LEN };
    return ntlm_hmac_md5(c, exported, NTLM_KEY_LEN, parts, lens, 5, out);
}

ntlm_seal_state *ntlm_seal_state_new(ntlm_crypto *c, const uint8_t sign_key[NTLM_KEY_LEN],
                                     const uint8_t seal_key[NTLM_KEY_LEN], uint32_t first_seq)
{
    ntlm_seal_state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->crypto = c;
    s->seq = first_seq;
    memcpy(s->sign_key, sign_key, NTLM_KEY_LEN);
    memcpy(s->seal_key, seal_key, NTLM_KEY_LEN);
    if ((s->rc4 = ntlm_rc4_new(c, seal_key)) == NULL) {
        ntlm_seal_state_free(s);
        return NULL;
    }
    return s;
}

void ntlm_seal_state_free(ntlm_seal_state *s)
{
    if (s == NULL)
        return;
    EVP_CIPHER_CTX_free(s->rc4);
    OPENSSL_cleanse(s, sizeof *s);
    free(s);
}

static void ntlm_put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* [MS-NLMP] 3.4.4.2: Version 1 || RC4(HMAC_MD5(SignKey, SeqNum || Message)[0..7]) || SeqNum.
 * The checksum is encrypted with the same RC4 stream, after the message. */
static bool ntlm_signature(ntlm_seal_state *s, const uint8_t *plain, size_t len, uint8_t sig[NTLM_SIGNATURE_LEN])
{
    uint8_t seq[4], mac[NTLM_KEY_LEN];
    ntlm_put_u32(seq, s->seq);
    const uint8_t *parts[] = { seq, plain };
    size_t lens[] = { 4, len };
    if (!ntlm_hmac_md5(s->crypto, s->sign_key, NTLM_KEY_LEN, parts, lens, 2, mac))
        return false;
    ntlm_put_u32(sig, 1);
    bool ok = ntlm_rc4_apply(s->rc4, mac, 8, sig + 4);
    memcpy(sig + 12, seq, 4);
    OPENSSL_cleanse(mac, sizeof mac);
    return ok;
}

bool ntlm_seal(ntlm_seal_state *s, const uint8_t *msg, size_t len, uint8_t *out)
{
    if (!ntlm_rc4_apply(s->rc4, msg, len, out + NTLM_SIGNATURE_LEN) || !ntlm_signature(s, msg, len, out))
        return false;
    s->seq++;
    return true;
}

bool ntlm_unseal(ntlm_seal_state *s, const uint8_t *in, size_t len, uint8_t *out)
{
    uint8_t expected[NTLM_SIGNATURE_LEN];
    if (len < NTLM_SIGNATURE_LEN)
        return false;
    size_t body = len - NTLM_SIGNATURE_LEN;
    if (!ntlm_rc4_apply(s->rc4, in + NTLM_SIGNATURE_LEN, body, out) || !ntlm_signature(s, out, body, expected)) {
        OPENSSL_cleanse(out, body);
        return false;
    }
    if (!ntlm_equal_ct(expected, in, NTLM_SIGNATURE_LEN)) {
        OPENSSL_cleanse(out, body);
        return false;
    }
    s->seq++;
    return true;
}

bool ntlm_equal_ct(const uint8_t *a, const uint8_t *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

bool ntlm_random(ntlm_crypto *c, uint8_t *out, size_t n)
{
    (void)c; /* entropy.c is the one source, swapped in fuzzing builds */
    return entropy_random(out, n);
}

bool ntlm_get_mic(ntlm_seal_state *s, const uint8_t *msg, size_t len, uint8_t sig[NTLM_SIGNATURE_LEN])
{
    if (!ntlm_signature(s, msg, len, sig))
        return false;
    s->seq++;
    return true;
}

bool ntlm_verify_mic(ntlm_seal_state *s, const uint8_t *msg, size_t len, const uint8_t sig[NTLM_SIGNATURE_LEN])
{
    uint8_t expected[NTLM_SIGNATURE_LEN];
    if (!ntlm_signature(s, msg, len, expected) || !ntlm_equal_ct(expected, sig, NTLM_SIGNATURE_LEN))
        return false;
    s->seq++;
    return true;
}

bool ntlm_seal_state_rekey(ntlm_seal_state *s, uint32_t seq)
{
    EVP_CIPHER_CTX *fresh = ntlm_rc4_new(s->crypto, s->seal_key);
    if (fresh == NULL)
        return false;
    EVP_CIPHER_CTX_free(s->rc4);
    s->rc4 = fresh;
    s->seq = seq;
    return true;
}

uint32_t ntlm_seal_state_seq(const ntlm_seal_state *s)
{
    return s->seq;
}

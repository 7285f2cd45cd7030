/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NTLMv2 cryptography ([MS-NLMP] 3.3.2, 3.4): NTOWFv1/v2, the NTLMv2
 * response, key exchange, signing and sealing keys, the MIC, and sealing
 * with GSS_WrapEx semantics.  Everything goes through OpenSSL 3 EVP in a
 * private OSSL_LIB_CTX holding the "default" and "legacy" providers (MD4 and
 * RC4 live in the latter); the process's default context is never touched.
 */
#ifndef CREDSSP_NTLM_CRYPTO_H
#define CREDSSP_NTLM_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "failure.h"

#define NTLM_KEY_LEN 16u
#define NTLM_SIGNATURE_LEN 16u

typedef struct ntlm_crypto ntlm_crypto;

/* Loads the providers and fetches MD4, MD5, HMAC and RC4.  On failure
 * returns NULL and *why says what is missing (e.g. the legacy provider). */
ntlm_crypto *ntlm_crypto_new(cs_failure *why);
void ntlm_crypto_free(ntlm_crypto *c);

/* NTOWFv1 = MD4(UNICODE(Passwd)) ([MS-NLMP] 3.3.1). */
bool ntlm_ntowfv1(ntlm_crypto *c, const uint8_t *password_utf16, size_t len, uint8_t out[NTLM_KEY_LEN]);
/* NTOWFv2 = HMAC_MD5(NTOWFv1, UNICODE(Uppercase(User) || UserDom)) ([MS-NLMP] 3.3.2).
 * Uppercasing covers ASCII and the Latin-1 letters; other scripts are kept. */
bool ntlm_ntowfv2(ntlm_crypto *c, const uint8_t ntowfv1[NTLM_KEY_LEN], const uint8_t *user_utf16, size_t user_len,
                  const uint8_t *domain_utf16, size_t domain_len, uint8_t out[NTLM_KEY_LEN]);
/* NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge || temp). */
bool ntlm_nt_proof(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN], const uint8_t server_challenge[8],
                   const uint8_t *temp, size_t temp_len, uint8_t out[NTLM_KEY_LEN]);
/* SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr). */
bool ntlm_session_base_key(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN], const uint8_t proof[NTLM_KEY_LEN],
                           uint8_t out[NTLM_KEY_LEN]);
/* LMv2 response = HMAC_MD5(ResponseKeyLM, ServerChallenge || ClientChallenge) || ClientChallenge. */
bool ntlm_lmv2_response(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN], const uint8_t server_challenge[8],
                        const uint8_t client_challenge[8], uint8_t out[24]);
/* RC4(key, in) in one go: KEY_EXCH's EncryptedRandomSessionKey both ways. */
bool ntlm_rc4_once(ntlm_crypto *c, const uint8_t key[NTLM_KEY_LEN], const uint8_t *in, size_t len, uint8_t *out);

enum ntlm_side { NTLM_CLIENT, NTLM_SERVER };
/* SIGNKEY and SEALKEY for 128-bit extended session security ([MS-NLMP] 3.4.5.2-3). */
bool ntlm_sign_key(ntlm_crypto *c, const uint8_t exported[NTLM_KEY_LEN], enum ntlm_side side,
                   uint8_t out[NTLM_KEY_LEN]);
bool ntlm_seal_key(ntlm_crypto *c, const uint8_t exported[NTLM_KEY_LEN], enum ntlm_side side,
                   uint8_t out[NTLM_KEY_LEN]);
/* MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE),
 * the AUTHENTICATE taken with its MIC field zeroed ([MS-NLMP] 3.1.5.1.2). */
bool ntlm_compute_mic(ntlm_crypto *c, const uint8_t exported[NTLM_KEY_LEN], const uint8_t *negotiate,
                      size_t negotiate_len, const uint8_t *challenge, size_t challenge_len,
                      const uint8_t *authenticate, size_t authenticate_len, size_t mic_offset,
                      uint8_t out[NTLM_KEY_LEN]);

/* One direction of sealed traffic: its signing key, its RC4 state (which
 * persists across messages) and its sequence number. */
typedef struct ntlm_seal_state ntlm_seal_state;
ntlm_seal_state *ntlm_seal_state_new(ntlm_crypto *c, const uint8_t sign_key[NTLM_KEY_LEN],
                                     const uint8_t seal_key[NTLM_KEY_LEN], uint32_t first_seq);
void ntlm_seal_state_free(ntlm_seal_state *s);
/* GSS_WrapEx: out = signature (16 bytes) || RC4(message); len + 16 bytes. */
bool ntlm_seal(ntlm_seal_state *s, const uint8_t *msg, size_t len, uint8_t *out);
/* GSS_UnwrapEx: in = signature || ciphertext; false when the signature does
 * not verify (constant-time comparison), and out is then wiped. */
bool ntlm_unseal(ntlm_seal_state *s, const uint8_t *in, size_t len, uint8_t *out);

/* GSS_GetMIC / GSS_VerifyMIC ([MS-NLMP] 3.4.4.2): the 16-byte signature of
 * msg with the state's sequence number, which then advances. */
bool ntlm_get_mic(ntlm_seal_state *s, const uint8_t *msg, size_t len, uint8_t sig[NTLM_SIGNATURE_LEN]);
bool ntlm_verify_mic(ntlm_seal_state *s, const uint8_t *msg, size_t len, const uint8_t sig[NTLM_SIGNATURE_LEN]);
/* Restarts the RC4 stream from the sealing key and sets the sequence number:
 * what [MS-SPNG] 3.3.5.1 asks after the mechListMIC. */
bool ntlm_seal_state_rekey(ntlm_seal_state *s, uint32_t seq);
uint32_t ntlm_seal_state_seq(const ntlm_seal_state *s);

/* n random bytes (entropy.c). */
bool ntlm_random(ntlm_crypto *c, uint8_t *out, size_t n);

/* Constant-time equality of two byte strings of length n. */
bool ntlm_equal_ct(const uint8_t *a, const uint8_t *b, size_t n);

#endif

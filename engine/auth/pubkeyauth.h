/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pubKeyAuth ([MS-CSSP] 3.1.5 steps 3 and 4): what each side seals to bind
 * the TLS server's public key (SubjectPublicKey bits) to the inner
 * authentication.  Versions 2-4 echo the key (the server with its first
 * byte incremented); versions 5 and up send SHA-256 of a magic string, the
 * client's 32-byte nonce and the key.
 */
#ifndef CREDSSP_PUBKEYAUTH_H
#define CREDSSP_PUBKEYAUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PUBKEYAUTH_HASH_LEN 32u
#define PUBKEYAUTH_NONCE_LEN 32u
/* The first version with the binding hash and clientNonce. */
#define PUBKEYAUTH_HASH_VERSION 5

typedef enum pubkeyauth_dir {
    PUBKEYAUTH_CLIENT_TO_SERVER,
    PUBKEYAUTH_SERVER_TO_CLIENT,
} pubkeyauth_dir;

/* The plaintext one side seals: a fresh buffer (free()), or NULL on
 * allocation failure or an empty key.  The nonce (32 bytes on the wire) is
 * used for version >= 5. */
uint8_t *pubkeyauth_value(long version, pubkeyauth_dir dir, const uint8_t *nonce, size_t nonce_len,
                          const uint8_t *key, size_t key_len, size_t *out_len);

/* Whether got (unsealed) is what the peer had to send; constant time over
 * the expected length. */
bool pubkeyauth_matches(long version, pubkeyauth_dir dir, const uint8_t *nonce, size_t nonce_len,
                        const uint8_t *key, size_t key_len, const uint8_t *got, size_t got_len);

#endif

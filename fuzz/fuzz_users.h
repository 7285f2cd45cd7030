/* SPDX-License-Identifier: Apache-2.0 */
/* What the acceptor harnesses share (fuzz_users.c): a crypto context and a
 * one-user database, made once per process. */
#ifndef CREDSSP_FUZZ_USERS_H
#define CREDSSP_FUZZ_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ntlm.h"
#include "ntlm_users.h"

extern ntlm_crypto *fuzz_crypto;
extern ntlm_user_db *fuzz_db;

/* Makes both once; aborts when it cannot. */
void fuzz_users_setup(void);
/* The acceptors' input: a 2-byte little-endian length n, n bytes of the
 * first token, the rest the second token.  False when size < 2. */
bool fuzz_two_tokens(const uint8_t *data, size_t size, const uint8_t **first, size_t *first_len,
                     const uint8_t **second, size_t *second_len);

#endif

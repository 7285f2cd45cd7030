/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the Eva twin of the user file (proofs/eva_users.c) sees of OpenSSL's
 * <openssl/crypto.h>: the one function engine/auth/ntlm.c calls there.
 * Frama-C preprocesses without the system's headers (-nostdinc), so the
 * real header is not read; the body Eva follows is in eva_users.c.
 */
#ifndef EVA_OPENSSL_CRYPTO_H
#define EVA_OPENSSL_CRYPTO_H
#include <stddef.h>

/* Writes len zero bytes at ptr, as the real one does (a wipe the compiler
 * may not drop; for Eva, a write of the whole object). */
/*@ requires \valid((char *)ptr + (0 .. len - 1));
    assigns ((char *)ptr)[0 .. len - 1]; */
void OPENSSL_cleanse(void *ptr, size_t len);
#endif

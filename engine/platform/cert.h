/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's certificate and key: loaded from PEM files or made on the
 * spot, and the SubjectPublicKey bits that pubKeyAuth binds ([MS-CSSP]
 * 3.1.5: for RSA, the DER RSAPublicKey inside SubjectPublicKeyInfo).
 */
#ifndef CREDSSP_CERT_H
#define CREDSSP_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "failure.h"

/* The SubjectPublicKey bits of a certificate (fresh buffer, free()). */
bool cert_subject_public_key(X509 *cert, uint8_t **out, size_t *out_len);
/* An ephemeral self-signed RSA-2048 certificate for CN=name, valid a day. */
bool cert_make_self_signed(const char *name, EVP_PKEY **key, X509 **cert);
/* A PEM certificate and its unencrypted PEM private key; *why says what is wrong. */
bool cert_load_pem(const char *cert_path, const char *key_path, X509 **cert, EVP_PKEY **key, cs_failure *why);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Certificates and keys for the TLS layer; see cert.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "cert.h"

bool cert_subject_public_key(X509 *cert, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    X509_PUBKEY *spki = X509_get_X509_PUBKEY(cert);
    const unsigned char *bits = NULL;
    int len = 0;
    if (spki == NULL || X509_PUBKEY_get0_param(NULL, &bits, &len, NULL, spki) != 1 || len <= 0)
        return false;
    *out = malloc((size_t)len);
    if (*out == NULL)
        return false;
    memcpy(*out, bits, (size_t)len);
    *out_len = (size_t)len;
    return true;
}

bool cert_make_self_signed(const char *name, EVP_PKEY **key, X509 **cert)
{
    *key = EVP_RSA_gen(2048);
    *cert = X509_new();
    X509_NAME *subject = X509_NAME_new();
    bool ok = *key != NULL && *cert != NULL && subject != NULL && X509_set_version(*cert, 2) == 1 &&
              ASN1_INTEGER_set(X509_get_serialNumber(*cert), 1) == 1 &&
              X509_gmtime_adj(X509_getm_notBefore(*cert), -3600) != NULL &&
              X509_gmtime_adj(X509_getm_notAfter(*cert), 86400) != NULL &&
              X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, (const unsigned char *)name, -1, -1, 0) ==
                  1 &&
              X509_set_subject_name(*cert, subject) == 1 && X509_set_issuer_name(*cert, subject) == 1 &&
              X509_set_pubkey(*cert, *key) == 1 && X509_sign(*cert, *key, EVP_sha256()) > 0;
    X509_NAME_free(subject);
    if (!ok) {
        EVP_PKEY_free(*key);
        X509_free(*cert);
        *key = NULL;
        *cert = NULL;
    }
    return ok;
}

bool cert_load_pem(const char *cert_path, const char *key_path, X509 **cert, EVP_PKEY **key, cs_failure *why)
{
    *cert = NULL;
    *key = NULL;
    const char *stage = NULL;
    FILE *f = fopen(cert_path, "r");
    if (f == NULL) {
        failure_note(why, CS_SITE, "cannot open the certificate file");
        return false;
    }
    *cert = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    if (*cert == NULL) {
        stage = "the certificate file holds no PEM certificate";
        goto fail;
    }
    f = fopen(key_path, "r");
    if (f == NULL) {
        stage = "cannot open the key file";
        goto fail;
    }
    *key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    if (*key == NULL) {
        stage = "the key file holds no unencrypted PEM private key";
        goto fail;
    }
    if (X509_check_private_key(*cert, *key) != 1) {
        stage = "the key does not match the certificate";
        goto fail;
    }
    return true;
fail:
    failure_note(why, CS_SITE, "%s", stage);
    ERR_clear_error();
    X509_free(*cert);
    EVP_PKEY_free(*key);
    *cert = NULL;
    *key = NULL;
    return false;
}

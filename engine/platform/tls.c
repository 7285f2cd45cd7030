/* SPDX-License-Identifier: Apache-2.0 */
/* TLS on OpenSSL memory BIOs for CredSSP; see tls.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>

#include "cs_limits.h"
#include "cert.h"
#include "tls.h"

#define TLS_MAX_RECORD CS_LIMIT_TLS_PLAINTEXT

struct tls_conn {
    SSL_CTX *ctx;
    SSL *ssl;
    BIO *net_in, *net_out; /* the peer's bytes in, ours out */
    tls_keylog_fn keylog;
    void *keylog_arg;
    bool established;
    X509 *client_cert;       /* client: presented when the server asks */
    EVP_PKEY *client_key;
};

static int tls_conn_index = -1;
static pthread_once_t tls_index_once = PTHREAD_ONCE_INIT;

static void tls_make_index(void)
{
    tls_conn_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

static void tls_keylog_cb(const SSL *ssl, const char *line)
{
    tls_conn *t = SSL_get_ex_data(ssl, tls_conn_index);
    if (t != NULL && t->keylog != NULL)
        t->keylog(line, t->keylog_arg);
}

void tls_free(tls_conn *t)
{
    if (t == NULL)
        return;
    X509_free(t->client_cert);
    EVP_PKEY_free(t->client_key);
    SSL_free(t->ssl); /* frees the BIOs too */
    SSL_CTX_free(t->ctx);
    free(t);
}

/* What both sides share: versions, no resumption, memory BIOs. */
static tls_conn *tls_new(const SSL_METHOD *method, tls_keylog_fn keylog, void *arg)
{
    tls_conn *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    pthread_once(&tls_index_once, tls_make_index);
    t->keylog = keylog;
    t->keylog_arg = arg;
    t->ctx = SSL_CTX_new(method);
    if (t->ctx == NULL || tls_conn_index < 0)
        goto fail;
    SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION);
    /* [MS-CSSP] 3.1.5 step 1: TLS session resumption is not supported. */
    SSL_CTX_set_session_cache_mode(t->ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(t->ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_keylog_callback(t->ctx, tls_keylog_cb);
    t->ssl = SSL_new(t->ctx);
    t->net_in = BIO_new(BIO_s_mem());
    t->net_out = BIO_new(BIO_s_mem());
    if (t->ssl == NULL || t->net_in == NULL || t->net_out == NULL) {
        BIO_free(t->net_in);
        BIO_free(t->net_out);
        t->net_in = t->net_out = NULL;
        goto fail;
    }
    BIO_set_mem_eof_return(t->net_in, -1);
    SSL_set_bio(t->ssl, t->net_in, t->net_out);
    SSL_set_ex_data(t->ssl, tls_conn_index, t);
    return t;
fail:
    tls_free(t);
    return NULL;
}

/* Whether the server's CertificateRequest accepts cert: its
 * certificate_authorities (RFC 8446 4.2.4, RFC 5246 7.4.4) name the
 * certificate's issuer, or name no CA at all (any certificate then). */
static bool tls_issuer_accepted(const SSL *ssl, X509 *cert)
{
    const STACK_OF(X509_NAME) *cas = SSL_get0_peer_CA_list(ssl);
    int n = cas != NULL ? sk_X509_NAME_num(cas) : 0;
    if (n <= 0)
        return true;
    const X509_NAME *issuer = X509_get_issuer_name(cert);
    for (int i = 0; i < n; i++)
        if (X509_NAME_cmp(sk_X509_NAME_value(cas, i), issuer) == 0)
            return true;
    return false;
}

/* The server asked for a certificate: ours if we have one its CAs issued;
 * otherwise the handshake is suspended (-1), so the caller can acquire one
 * (seed: SEC_I_INCOMPLETE_CREDENTIALS, "no certificate, or one not issued
 * by a certification authority that the server trusts"), and resumes when
 * it is given. */
static int tls_client_cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
    tls_conn *t = SSL_get_ex_data(ssl, tls_conn_index);
    if (t == NULL || t->client_cert == NULL || !tls_issuer_accepted(ssl, t->client_cert))
        return -1;
    if (X509_up_ref(t->client_cert) != 1 || EVP_PKEY_up_ref(t->client_key) != 1)
        return 0;
    *x509 = t->client_cert;
    *pkey = t->client_key;
    return 1;
}

bool tls_client_set_certificate(tls_conn *t, X509 *cert, EVP_PKEY *key)
{
    if (cert == NULL || key == NULL || X509_up_ref(cert) != 1)
        return false;
    if (EVP_PKEY_up_ref(key) != 1) {
        X509_free(cert);
        return false;
    }
    X509_free(t->client_cert);
    EVP_PKEY_free(t->client_key);
    t->client_cert = cert;
    t->client_key = key;
    return true;
}

bool tls_issuer_names(tls_conn *t, uint8_t ***names, size_t **lens, size_t *count)
{
    *names = NULL;
    *lens = NULL;
    *count = 0;
    const STACK_OF(X509_NAME) *cas = SSL_get0_peer_CA_list(t->ssl);
    int n = cas != NULL ? sk_X509_NAME_num(cas) : 0;
    if (n <= 0)
        return true;
    *names = calloc((size_t)n, sizeof **names);
    *lens = calloc((size_t)n, sizeof **lens);
    if (*names == NULL || *lens == NULL)
        return false;
    for (int i = 0; i < n; i++) {
        uint8_t *der = NULL;
        int len = i2d_X509_NAME(sk_X509_NAME_value(cas, i), &der);
        if (len <= 0)
            return false;
        (*names)[i] = der;
        (*lens)[i] = (size_t)len;
        *count = (size_t)i + 1;
    }
    return true;
}

/* CredSSP authenticates the client through NTLM: a certificate the client
 * offers is checked against the CAs, but the absence of one is no failure. */
bool tls_server_request_client_cert(tls_conn *t, const char *ca_file)
{
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ca_file);
    if (names == NULL || SSL_CTX_load_verify_locations(t->ctx, ca_file, NULL) != 1) {
        sk_X509_NAME_pop_free(names, X509_NAME_free);
        ERR_clear_error();
        return false;
    }
    SSL_set_client_CA_list(t->ssl, names);
    SSL_set_verify(t->ssl, SSL_VERIFY_PEER, NULL);
    return true;
}

tls_conn *tls_client_new(tls_keylog_fn keylog, void *arg)
{
    tls_conn *t = tls_new(TLS_client_method(), keylog, arg);
    if (t == NULL)
        return NULL;
    /* The server certificate is checked by pubKeyAuth, and by callers that
     * validate it themselves (ISC_REQ_MANUAL_CRED_VALIDATION). */
    SSL_set_verify(t->ssl, SSL_VERIFY_NONE, NULL);
    SSL_CTX_set_client_cert_cb(t->ctx, tls_client_cert_cb);
    SSL_set_connect_state(t->ssl);
    return t;
}

tls_conn *tls_server_new(X509 *cert, EVP_PKEY *key, tls_keylog_fn keylog, void *arg)
{
    tls_conn *t = tls_new(TLS_server_method(), keylog, arg);
    if (t == NULL)
        return NULL;
    /* No NewSessionTicket after the handshake: nothing to resume. */
    SSL_set_num_tickets(t->ssl, 0);
    if (SSL_use_certificate(t->ssl, cert) != 1 || SSL_use_PrivateKey(t->ssl, key) != 1 ||
        SSL_check_private_key(t->ssl) != 1) {
        tls_free(t);
        return NULL;
    }
    SSL_set_accept_state(t->ssl);
    return t;
}

/* Moves everything OpenSSL wrote to the network BIO into a fresh buffer. */
static bool tls_drain(tls_conn *t, uint8_t **out, size_t *out_len)
{
    size_t pending = BIO_ctrl_pending(t->net_out);
    *out = NULL;
    *out_len = 0;
    if (pending == 0)
        return true;
    uint8_t *buf = malloc(pending);
    if (buf == NULL)
        return false;
    int n = BIO_read(t->net_out, buf, (int)pending);
    if (n < 0 || (size_t)n != pending) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = pending;
    return true;
}

static bool tls_feed(tls_conn *t, const uint8_t *in, size_t in_len)
{
    return in_len == 0 || (in_len <= INT32_MAX && BIO_write(t->net_in, in, (int)in_len) == (int)in_len);
}

tls_status tls_handshake(tls_conn *t, const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!tls_feed(t, in, in_len))
        return TLS_FAILED;
    int rc = SSL_do_handshake(t->ssl);
    int err = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(t->ssl, rc);
    if (!tls_drain(t, out, out_len))
        return TLS_FAILED;
    if (rc == 1) {
        t->established = true;
        return TLS_OK;
    }
    ERR_clear_error();
    if (err == SSL_ERROR_WANT_X509_LOOKUP)
        return TLS_NEED_CERT;
    return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE ? TLS_CONTINUE : TLS_FAILED;
}

bool tls_limit_to_tls12(tls_conn *t)
{
    return SSL_set_max_proto_version(t->ssl, TLS1_2_VERSION) == 1;
}

bool tls_established(const tls_conn *t)
{
    return t->established;
}

const char *tls_version(const tls_conn *t)
{
    return SSL_get_version(t->ssl);
}

/* TLS 1.3 (RFC 8446 5.2): the inner content type and the AEAD tag.
 * TLS 1.2 AEAD (RFC 5288 3, RFC 6655, RFC 7905 2): an 8-byte explicit nonce
 * for GCM and CCM, none for ChaCha20-Poly1305, and the tag.  TLS 1.2 CBC
 * (RFC 5246 6.2.3.2): an explicit IV, the MAC and at most a block of
 * padding (with its length byte). */
size_t tls_record_overhead(const tls_conn *t)
{
    const SSL_CIPHER *cipher = t->established ? SSL_get_current_cipher(t->ssl) : NULL;
    if (cipher == NULL)
        return 0;
    int cipher_nid = SSL_CIPHER_get_cipher_nid(cipher);
    /* CCM with an 8-byte tag: "TLS_AES_128_CCM_8_SHA256" (1.3), "...-CCM8" (1.2). */
    const char *name = SSL_CIPHER_get_name(cipher);
    size_t tag = strstr(name, "CCM8") != NULL || strstr(name, "CCM_8") != NULL ? 8u : 16u;
    if (SSL_version(t->ssl) == TLS1_3_VERSION)
        return 1u + tag;
    if (SSL_CIPHER_is_aead(cipher))
        return (cipher_nid == NID_chacha20_poly1305 ? 0u : 8u) + tag;
    const EVP_CIPHER *evp = EVP_get_cipherbynid(cipher_nid);
    const EVP_MD *md = EVP_get_digestbynid(SSL_CIPHER_get_digest_nid(cipher));
    size_t block = evp != NULL ? (size_t)EVP_CIPHER_get_block_size(evp) : 16u;
    size_t mac = md != NULL ? (size_t)EVP_MD_get_size(md) : 64u;
    return block + mac + block;
}

tls_status tls_seal_record(tls_conn *t, const uint8_t *plain, size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!t->established || len == 0 || len > TLS_MAX_RECORD)
        return TLS_FAILED;
    size_t written = 0;
    if (SSL_write_ex(t->ssl, plain, len, &written) != 1 || written != len) {
        ERR_clear_error();
        return TLS_FAILED;
    }
    return tls_drain(t, out, out_len) ? TLS_OK : TLS_FAILED;
}

tls_status tls_open_records(tls_conn *t, const uint8_t *in, size_t in_len, uint8_t **plain, size_t *plain_len)
{
    *plain = NULL;
    *plain_len = 0;
    if (!t->established || !tls_feed(t, in, in_len))
        return TLS_FAILED;
    /* Plaintext is never longer than the records it comes from: what waits
     * in the network BIO, plus what OpenSSL already decrypted. */
    size_t cap = BIO_ctrl_pending(t->net_in) + (size_t)SSL_pending(t->ssl) + 1u, used = 0;
    uint8_t *buf = malloc(cap);
    if (buf == NULL)
        return TLS_FAILED;
    int err = SSL_ERROR_NONE;
    for (;;) {
        size_t got = 0;
        if (used == cap)
            break;
        int rc = SSL_read_ex(t->ssl, buf + used, cap - used, &got);
        if (rc != 1) {
            err = SSL_get_error(t->ssl, rc);
            break;
        }
        used += got;
    }
    ERR_clear_error();
    /* WANT_READ: every whole record was consumed, the rest awaits more bytes. */
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_NONE) {
        free(buf);
        return err == SSL_ERROR_ZERO_RETURN ? TLS_CLOSED : TLS_FAILED;
    }
    *plain = buf;
    *plain_len = used;
    return TLS_OK;
}

tls_status tls_close(tls_conn *t, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    (void)SSL_shutdown(t->ssl);
    ERR_clear_error();
    return tls_drain(t, out, out_len) ? TLS_OK : TLS_FAILED;
}

bool tls_peer_certificate(tls_conn *t, uint8_t **der, size_t *der_len)
{
    *der = NULL;
    *der_len = 0;
    X509 *peer = t->established ? SSL_get1_peer_certificate(t->ssl) : NULL;
    int n = peer != NULL ? i2d_X509(peer, der) : -1;
    X509_free(peer);
    if (n <= 0)
        return false;
    *der_len = (size_t)n;
    return true;
}

bool tls_peer_public_key(tls_conn *t, uint8_t **out, size_t *out_len)
{
    X509 *peer = t->established ? SSL_get1_peer_certificate(t->ssl) : NULL;
    bool ok = peer != NULL && cert_subject_public_key(peer, out, out_len);
    X509_free(peer);
    return ok;
}

bool tls_own_public_key(tls_conn *t, uint8_t **out, size_t *out_len)
{
    X509 *own = SSL_get_certificate(t->ssl);
    return own != NULL && cert_subject_public_key(own, out, out_len);
}

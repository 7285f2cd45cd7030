/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TLS for CredSSP ([MS-CSSP] 3.1.5 step 1) on OpenSSL memory BIOs: bytes in,
 * bytes out, no sockets.  TLS 1.2 and 1.3; no session resumption on either
 * side (the client offers no session or ticket, the server issues none);
 * each application write is one TLS record.  The server's public key for
 * pubKeyAuth is the SubjectPublicKey bits of its certificate.
 */
#ifndef CREDSSP_TLS_H
#define CREDSSP_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "must_use.h"

typedef enum tls_status {
    TLS_OK = 0,      /* done (handshake complete, or data processed) */
    TLS_CONTINUE,    /* send the output (if any) and feed the peer's reply */
    TLS_FAILED,      /* handshake or record failure; the output may hold an alert */
    TLS_CLOSED,      /* the peer sent close_notify */
    TLS_NEED_CERT,   /* client: the server asked for a certificate we do not have; the handshake waits */
} tls_status;

typedef struct tls_conn tls_conn;

/* A line for an NSS key log (SSLKEYLOGFILE format), or NULL. */
typedef void (*tls_keylog_fn)(const char *line, void *arg);

tls_conn *tls_client_new(tls_keylog_fn keylog, void *arg);
/* The server takes references to cert and key. */
tls_conn *tls_server_new(X509 *cert, EVP_PKEY *key, tls_keylog_fn keylog, void *arg);
void tls_free(tls_conn *t);
/* Client: the certificate to present if the server asks (references taken). */
bool tls_client_set_certificate(tls_conn *t, X509 *cert, EVP_PKEY *key);
/* Client, after TLS_NEED_CERT: the CA names (DER X.509 Names) the server
 * accepts; *count of them, each a fresh buffer in names[i] / lens[i]. */
bool tls_issuer_names(tls_conn *t, uint8_t ***names, size_t **lens, size_t *count);
/* Server: ask the client for a certificate, naming the CAs of ca_file (PEM)
 * and verifying against them; a client without one may still go on. */
bool tls_server_request_client_cert(tls_conn *t, const char *ca_file);
/* Caps the connection at TLS 1.2 (before the handshake starts). */
bool tls_limit_to_tls12(tls_conn *t);

/* Feeds in (may be empty) and runs the handshake; *out (freed with free())
 * holds what to send. */
tls_status tls_handshake(tls_conn *t, const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len) CS_MUST_USE;
bool tls_established(const tls_conn *t);
/* "TLSv1.3" etc. */
const char *tls_version(const tls_conn *t);

/* The most bytes a record of this connection adds after its 5-byte header
 * beyond the plaintext (explicit IV or nonce, MAC or tag, padding, TLS 1.3
 * content type): what a caller's STREAM_TRAILER must hold.  0 before the
 * handshake completes. */
size_t tls_record_overhead(const tls_conn *t);
/* Encrypts one message as one record (messages up to 16 KiB). */
tls_status tls_seal_record(tls_conn *t, const uint8_t *plain, size_t len, uint8_t **out, size_t *out_len) CS_MUST_USE;
/* Feeds records; returns the application data they held (may be none:
 * post-handshake messages such as NewSessionTicket carry none). */
tls_status tls_open_records(tls_conn *t, const uint8_t *in, size_t in_len, uint8_t **plain, size_t *plain_len) CS_MUST_USE;

/* close_notify, to tell the peer we stop (ISC_REQ_EXTENDED_ERROR). */
tls_status tls_close(tls_conn *t, uint8_t **out, size_t *out_len) CS_MUST_USE;
/* The peer's certificate, DER (fresh buffer), once established. */
bool tls_peer_certificate(tls_conn *t, uint8_t **der, size_t *der_len);
/* The peer's certificate's SubjectPublicKey, once established (client side). */
bool tls_peer_public_key(tls_conn *t, uint8_t **out, size_t *out_len);
/* Our certificate's (server side). */
bool tls_own_public_key(tls_conn *t, uint8_t **out, size_t *out_len);

#endif

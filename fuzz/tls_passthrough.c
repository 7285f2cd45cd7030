/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fuzzing build's tls.c: the same interface, no cryptography.  Records
 * keep their 5-byte framing, so the engine's record handling is exercised;
 * the handshake is one record each way (the server's carries its
 * SubjectPublicKey); application data travels in clear in type-23 records.
 * With it, harnesses reach every row of the tables with plain TSRequest
 * bytes.  Never linked into the library.
 */
#include <stdlib.h>
#include <string.h>

#include "tls.h"

#define PT_HANDSHAKE 22
#define PT_APPLICATION 23
#define PT_MAX_FRAGMENT 16384u

/* The server's public key in this build: fixed, so recorded exchanges
 * replay (its pubKeyAuth depends on it). */
static const uint8_t pt_server_key[] = { 0x30, 0x0a, 0x02, 0x03, 0x01, 0x00, 0x01, 0x02, 0x03, 0x01, 0x00, 0x01 };

struct tls_conn {
    bool server, established;
    uint8_t *peer_key;
    size_t peer_key_len;
};

tls_conn *tls_client_new(tls_keylog_fn keylog, void *arg)
{
    (void)keylog;
    (void)arg;
    return calloc(1, sizeof(tls_conn));
}

tls_conn *tls_server_new(X509 *cert, EVP_PKEY *key, tls_keylog_fn keylog, void *arg)
{
    (void)cert;
    (void)key;
    (void)keylog;
    (void)arg;
    tls_conn *t = calloc(1, sizeof(tls_conn));
    if (t != NULL)
        t->server = true;
    return t;
}

void tls_free(tls_conn *t)
{
    if (t != NULL)
        free(t->peer_key);
    free(t);
}

static bool pt_record(uint8_t type, const uint8_t *body, size_t len, uint8_t **out, size_t *out_len)
{
    *out = malloc(len + 5);
    if (*out == NULL)
        return false;
    (*out)[0] = type;
    (*out)[1] = 3;
    (*out)[2] = 3;
    (*out)[3] = (uint8_t)(len >> 8);
    (*out)[4] = (uint8_t)len;
    if (len > 0)
        memcpy(*out + 5, body, len);
    *out_len = len + 5;
    return true;
}

tls_status tls_handshake(tls_conn *t, const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len)
{
    static const uint8_t hello[] = "passthrough ClientHello";
    *out = NULL;
    *out_len = 0;
    if (!t->server && in_len == 0)
        return pt_record(PT_HANDSHAKE, hello, sizeof hello - 1, out, out_len) ? TLS_CONTINUE : TLS_FAILED;
    if (in_len < 5 || in[0] != PT_HANDSHAKE || (((size_t)in[3] << 8) | in[4]) != in_len - 5)
        return TLS_FAILED;
    if (t->server) {
        if (!pt_record(PT_HANDSHAKE, pt_server_key, sizeof pt_server_key, out, out_len))
            return TLS_FAILED;
    } else {
        t->peer_key = malloc(in_len - 5 + 1);
        if (t->peer_key == NULL)
            return TLS_FAILED;
        memcpy(t->peer_key, in + 5, in_len - 5);
        t->peer_key_len = in_len - 5;
    }
    t->established = true;
    return TLS_OK;
}

bool tls_limit_to_tls12(tls_conn *t)
{
    (void)t; /* no versions here */
    return true;
}

bool tls_client_set_certificate(tls_conn *t, X509 *cert, EVP_PKEY *key)
{
    (void)t;
    (void)cert;
    (void)key;
    return true;
}

bool tls_issuer_names(tls_conn *t, uint8_t ***names, size_t **lens, size_t *count)
{
    (void)t;
    *names = NULL;
    *lens = NULL;
    *count = 0;
    return true;
}

bool tls_server_request_client_cert(tls_conn *t, const char *ca_file)
{
    (void)t;
    (void)ca_file;
    return true; /* no certificates here */
}

bool tls_established(const tls_conn *t)
{
    return t->established;
}

const char *tls_version(const tls_conn *t)
{
    (void)t;
    return "passthrough";
}

/* A pass-through record carries the plaintext alone. */
size_t tls_record_overhead(const tls_conn *t)
{
    (void)t;
    return 0;
}

tls_status tls_seal_record(tls_conn *t, const uint8_t *plain, size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!t->established || len == 0 || len > PT_MAX_FRAGMENT)
        return TLS_FAILED;
    return pt_record(PT_APPLICATION, plain, len, out, out_len) ? TLS_OK : TLS_FAILED;
}

tls_status tls_open_records(tls_conn *t, const uint8_t *in, size_t in_len, uint8_t **plain, size_t *plain_len)
{
    *plain = NULL;
    *plain_len = 0;
    if (!t->established)
        return TLS_FAILED;
    uint8_t *buf = malloc(in_len + 1);
    size_t used = 0;
    if (buf == NULL)
        return TLS_FAILED;
    for (size_t at = 0; at < in_len;) {
        size_t frag = in_len - at >= 5 ? (((size_t)in[at + 3] << 8) | in[at + 4]) : 0;
        if (in_len - at >= 5 && in[at] == 21 && frag == 2 && in[at + 5] == 1 && in[at + 6] == 0) {
            free(buf);
            return TLS_CLOSED; /* a warning-level close_notify alert */
        }
        if (in_len - at < 5 || in[at] != PT_APPLICATION || frag > in_len - at - 5) {
            free(buf);
            return TLS_FAILED;
        }
        memcpy(buf + used, in + at + 5, frag);
        used += frag;
        at += 5 + frag;
    }
    *plain = buf;
    *plain_len = used;
    return TLS_OK;
}

tls_status tls_close(tls_conn *t, uint8_t **out, size_t *out_len)
{
    static const uint8_t close_notify[2] = { 1, 0 };
    (void)t;
    return pt_record(21, close_notify, sizeof close_notify, out, out_len) ? TLS_OK : TLS_FAILED;
}

bool tls_peer_certificate(tls_conn *t, uint8_t **der, size_t *der_len)
{
    (void)t; /* no certificates here */
    *der = NULL;
    *der_len = 0;
    return false;
}

static bool pt_copy(const uint8_t *key, size_t len, uint8_t **out, size_t *out_len)
{
    *out = malloc(len);
    if (*out == NULL)
        return false;
    memcpy(*out, key, len);
    *out_len = len;
    return true;
}

bool tls_peer_public_key(tls_conn *t, uint8_t **out, size_t *out_len)
{
    return t->established && !t->server && t->peer_key_len > 0 && pt_copy(t->peer_key, t->peer_key_len, out, out_len);
}

bool tls_own_public_key(tls_conn *t, uint8_t **out, size_t *out_len)
{
    return t->server && pt_copy(pt_server_key, sizeof pt_server_key, out, out_len);
}

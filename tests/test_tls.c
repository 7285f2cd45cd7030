/* SPDX-License-Identifier: Apache-2.0 */
/* TLS on memory BIOs: a loopback handshake, one record per message both
 * ways, the public key pubKeyAuth binds, no resumption, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "testlib.h"
#include "cert.h"
#include "tls.h"

#ifndef CREDSSP_TEST_DATA
#define CREDSSP_TEST_DATA "tests/data"
#endif

static unsigned keylog_lines;

static void count_keylog(const char *line, void *arg)
{
    (void)arg;
    if (strncmp(line, "CLIENT_", 7) == 0 || strncmp(line, "SERVER_", 7) == 0 || strncmp(line, "EXPORTER", 8) == 0)
        keylog_lines++;
}

/* Drives both sides until both are established or one fails. */
static bool handshake(tls_conn *c, tls_conn *s, int *flights)
{
    uint8_t *to_server = NULL, *to_client = NULL;
    size_t ts_len = 0, tc_len = 0;
    tls_status cs = tls_handshake(c, NULL, 0, &to_server, &ts_len), ss = TLS_CONTINUE;
    *flights = 1;
    for (int i = 0; i < 10 && cs != TLS_FAILED && ss != TLS_FAILED; i++) {
        if (tls_established(c) && tls_established(s))
            break;
        ss = tls_handshake(s, to_server, ts_len, &to_client, &tc_len);
        free(to_server);
        to_server = NULL;
        ts_len = 0;
        if (tc_len > 0)
            (*flights)++;
        if (tls_established(c) && tls_established(s))
            break;
        cs = tls_handshake(c, to_client, tc_len, &to_server, &ts_len);
        free(to_client);
        to_client = NULL;
        tc_len = 0;
        if (ts_len > 0)
            (*flights)++;
    }
    /* Whatever the last flight held still reaches the other side. */
    bool ok = tls_established(c) && tls_established(s);
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    if (ok && tc_len > 0)
        ok = tls_open_records(c, to_client, tc_len, &plain, &plain_len) == TLS_OK && plain_len == 0;
    free(plain);
    free(to_server);
    free(to_client);
    return ok;
}

static void test_loopback(void)
{
    EVP_PKEY *key;
    X509 *cert;
    CHECK(cert_make_self_signed("libcredssp-test", &key, &cert), "ephemeral RSA-2048 certificate");
    tls_conn *c = tls_client_new(count_keylog, NULL);
    tls_conn *s = tls_server_new(cert, key, NULL, NULL);
    int flights;
    CHECK(c != NULL && s != NULL && handshake(c, s, &flights), "loopback handshake");
    CHECK(strcmp(tls_version(c), "TLSv1.3") == 0, "TLS 1.3 negotiated (%s)", tls_version(c));
    CHECK(keylog_lines >= 4, "key log lines for the client (%u)", keylog_lines);

    uint8_t *peer = NULL, *own = NULL;
    size_t peer_len = 0, own_len = 0;
    CHECK(tls_peer_public_key(c, &peer, &peer_len) && tls_own_public_key(s, &own, &own_len) &&
              peer_len == own_len && memcmp(peer, own, own_len) == 0 && peer[0] == 0x30 && peer_len == 270,
          "the client sees the server's RSAPublicKey (270 bytes)");
    free(peer);
    free(own);

    /* One message, one record, both ways; an empty read with no records. */
    static const uint8_t msg[] = "0\x03\x02\x01\x06";
    uint8_t *rec = NULL, *plain = NULL;
    size_t rec_len = 0, plain_len = 0;
    CHECK(tls_seal_record(c, msg, 5, &rec, &rec_len) == TLS_OK && rec_len > 5 && rec[0] == 0x17, "client record");
    CHECK(tls_open_records(s, rec, rec_len, &plain, &plain_len) == TLS_OK && plain_len == 5 &&
              memcmp(plain, msg, 5) == 0,
          "server reads it");
    free(rec);
    free(plain);
    CHECK(tls_seal_record(s, msg, 5, &rec, &rec_len) == TLS_OK, "server record");
    CHECK(tls_open_records(c, rec, rec_len, &plain, &plain_len) == TLS_OK && plain_len == 5, "client reads it");
    free(rec);
    free(plain);

    /* A record with a flipped byte does not open. */
    CHECK(tls_seal_record(c, msg, 5, &rec, &rec_len) == TLS_OK, "another record");
    rec[rec_len - 1] ^= 1;
    CHECK(tls_open_records(s, rec, rec_len, &plain, &plain_len) == TLS_FAILED, "a tampered record fails");
    free(rec);
    tls_free(c);
    tls_free(s);
    EVP_PKEY_free(key);
    X509_free(cert);
}

/* The captured server certificate: its SubjectPublicKey is the 270-byte
 * RSAPublicKey inside server-spki.bin (the vectors README). */
static void test_captured_certificate(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/server-cert.pem", CREDSSP_TEST_DATA);
    FILE *f = fopen(path, "r");
    X509 *cert = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    CHECK(cert != NULL, "server-cert.pem loads");
    snprintf(path, sizeof path, "%s/server-spki.bin", CREDSSP_TEST_DATA);
    size_t spki_len;
    uint8_t *spki = test_read_file(path, &spki_len);
    uint8_t *spk = NULL;
    size_t spk_len = 0;
    CHECK(cert != NULL && cert_subject_public_key(cert, &spk, &spk_len) && spk_len == 270 &&
              spki_len >= 270 && memcmp(spk, spki + spki_len - 270, 270) == 0,
          "SubjectPublicKey is the tail of the SubjectPublicKeyInfo");
    free(spk);
    free(spki);
    X509_free(cert);
}

static void test_garbage(void)
{
    EVP_PKEY *key;
    X509 *cert;
    cert_make_self_signed("x", &key, &cert);
    tls_conn *s = tls_server_new(cert, key, NULL, NULL);
    uint8_t *out = NULL;
    size_t out_len = 0;
    /* The start of a plaintext TSRequest (freerdp-ok-03): no TLS record. */
    static const uint8_t junk[] = { 0x30, 0x82, 0x01, 0xa9, 0xa0, 0x03, 0x02, 0x01, 0x06 };
    CHECK(tls_handshake(s, junk, sizeof junk, &out, &out_len) == TLS_FAILED, "a TSRequest is not a ClientHello");
    free(out);
    /* A ClientHello offering no version we speak: the server says so with an alert. */
    tls_conn *bad = tls_client_new(NULL, NULL);
    uint8_t *ch;
    size_t ch_len;
    CHECK(tls_handshake(bad, NULL, 0, &ch, &ch_len) == TLS_CONTINUE, "a ClientHello");
    tls_free(s);
    s = tls_server_new(cert, key, NULL, NULL);
    ch[9] = 0x02; /* legacy_version 2.0: no protocol we speak */
    ch[10] = 0x00;
    CHECK(tls_handshake(s, ch, ch_len, &out, &out_len) == TLS_FAILED, "a malformed ClientHello fails");
    CHECK(out_len >= 7 && out[0] == 0x15, "and the server answers with an alert (%zu bytes)", out_len);
    free(out);
    free(ch);
    tls_free(bad);
    uint8_t *plain;
    size_t plain_len;
    CHECK(tls_open_records(s, junk, sizeof junk, &plain, &plain_len) == TLS_FAILED, "no records before the handshake");
    tls_free(s);
    /* A partial ClientHello asks for more. */
    tls_conn *c = tls_client_new(NULL, NULL);
    s = tls_server_new(cert, key, NULL, NULL);
    uint8_t *hello;
    size_t hello_len;
    CHECK(tls_handshake(c, NULL, 0, &hello, &hello_len) == TLS_CONTINUE, "a ClientHello");
    CHECK(tls_handshake(s, hello, hello_len / 2, &out, &out_len) == TLS_CONTINUE && out_len == 0,
          "half a ClientHello: continue, nothing to send");
    CHECK(tls_handshake(s, hello + hello_len / 2, hello_len - hello_len / 2, &out, &out_len) == TLS_CONTINUE &&
              out_len > 0,
          "the rest: the server's flight");
    free(out);
    free(hello);
    tls_free(c);
    tls_free(s);
    EVP_PKEY_free(key);
    X509_free(cert);
}

int main(void)
{
    test_loopback();
    test_captured_certificate();
    test_garbage();
    return test_summary();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pubKeyAuth ([MS-CSSP] 3.1.5) against the vectors, and the replay of the
 * captured exchanges below TLS: every captured message classifies into the
 * event the tables expect, and the unsealed pubKeyAuth values of FreeRDP
 * (version 6, binding hash) and impacket (version 2, echo) are exactly what
 * our pubkeyauth.c computes from the server's SubjectPublicKey.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "cert.h"
#include "context.h"
#include "ingress.h"
#include "pubkeyauth.h"
#include "testlib.h"

static void hex_of(const uint8_t *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* ../shared/vectors/credssp-binding-hash.txt: SubjectPublicKey 0001, nonce 0000. */
static void test_binding_hash_vector(void)
{
    const uint8_t key[2] = { 0x00, 0x01 }, nonce[2] = { 0x00, 0x00 };
    char hex[2 * PUBKEYAUTH_HASH_LEN + 1];
    size_t len;
    uint8_t *h = pubkeyauth_value(5, PUBKEYAUTH_CLIENT_TO_SERVER, nonce, 2, key, 2, &len);
    hex_of(h, len, hex);
    CHECK(len == 32 && strcmp(hex, "4590c26c837dacdf3da8fae578264d9e45486afc3951f21ef357064cd55fbbb5") == 0,
          "ClientToServerHash %s", hex);
    free(h);
    h = pubkeyauth_value(6, PUBKEYAUTH_SERVER_TO_CLIENT, nonce, 2, key, 2, &len);
    hex_of(h, len, hex);
    CHECK(len == 32 && strcmp(hex, "cdf4ffee6cb6395e5b692c2da397386f6a1eab2d3a6271816a04c7a2914d333f") == 0,
          "ServerToClientHash %s", hex);
    free(h);
    h = pubkeyauth_value(4, PUBKEYAUTH_SERVER_TO_CLIENT, nonce, 2, key, 2, &len);
    CHECK(len == 2 && h[0] == 0x01 && h[1] == 0x01, "versions 2-4: the server echoes 0001 as 0101");
    free(h);
    h = pubkeyauth_value(2, PUBKEYAUTH_CLIENT_TO_SERVER, nonce, 2, key, 2, &len);
    CHECK(len == 2 && h[0] == 0x00 && h[1] == 0x01, "versions 2-4: the client sends the key as it is");
    CHECK(pubkeyauth_matches(2, PUBKEYAUTH_CLIENT_TO_SERVER, nonce, 2, key, 2, h, len) &&
              !pubkeyauth_matches(5, PUBKEYAUTH_CLIENT_TO_SERVER, nonce, 2, key, 2, h, len) &&
              !pubkeyauth_matches(2, PUBKEYAUTH_SERVER_TO_CLIENT, nonce, 2, key, 2, h, len) &&
              !pubkeyauth_matches(2, PUBKEYAUTH_CLIENT_TO_SERVER, nonce, 2, key, 2, h, 1),
          "matching is by version, direction and length");
    free(h);
    CHECK(pubkeyauth_value(6, PUBKEYAUTH_CLIENT_TO_SERVER, nonce, 2, key, 0, &len) == NULL, "no key, no value");
}

/* The hex string after "label": in a keys file. */
static size_t keys_value(const char *keys, const char *label, uint8_t *out, size_t cap)
{
    const char *p = strstr(keys, label);
    size_t n = 0;
    if (p == NULL || (p = strchr(p + strlen(label), '"')) == NULL || (p = strchr(p + 1, '"')) == NULL)
        return 0;
    for (p++; n < cap && p[0] != '"' && p[1] != '"'; p += 2) {
        unsigned v;
        if (sscanf(p, "%2x", &v) != 1)
            return 0;
        out[n++] = (uint8_t)v;
    }
    return n;
}

static bool load_msg(const char *scenario, const char *part, tsrequest_msg *m, uint8_t **raw)
{
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/%s-%s.der", CREDSSP_TEST_DATA, scenario, part);
    *raw = test_read_file(path, &len);
    codec_error err;
    return tsrequest_decode(*raw, len, m, &err) == CODEC_OK;
}

static void test_replay(const char *scenario, long client_version, long server_version)
{
    static const struct {
        const char *part;
        machine_event ev;
    } msgs[] = {
        { "01-client-negotiate", EV_TS_NEGO },
        { "02-server-challenge", EV_TS_NEGO },
        { "03-client-authenticate+pubkeyauth", EV_TS_NEGO_PUBKEY },
        { "04-server-pubkeyauth", EV_TS_PUBKEY },
        { "05-client-authinfo", EV_TS_AUTHINFO },
    };
    tsrequest_msg m[5];
    uint8_t *raw[5];
    for (size_t i = 0; i < 5; i++) {
        CHECK(load_msg(scenario, msgs[i].part, &m[i], &raw[i]), "%s-%s decodes", scenario, msgs[i].part);
        long v = i % 2 == 0 ? client_version : server_version;
        CHECK(ingress_fields(&m[i].view) == msgs[i].ev && m[i].view.version == v,
              "%s-%s is the event %s, version %ld", scenario, msgs[i].part, machine_event_name(msgs[i].ev),
              m[i].view.version);
    }
    /* The effective version: the lower of the two ([MS-CSSP] 2.2.1). */
    long version = client_version < server_version ? client_version : server_version;
    char path[512];
    size_t key_len = 0, keys_len;
    uint8_t *key = NULL;
    snprintf(path, sizeof path, "%s/server-cert.pem", CREDSSP_TEST_DATA);
    FILE *f = fopen(path, "r");
    X509 *cert = f != NULL ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f != NULL)
        fclose(f);
    CHECK(cert != NULL && cert_subject_public_key(cert, &key, &key_len) && key_len == 270,
          "the FreeRDP server's SubjectPublicKey (270-byte RSAPublicKey)");
    X509_free(cert);
    snprintf(path, sizeof path, "%s/%s.keys.json", CREDSSP_TEST_DATA, scenario);
    char *keys = (char *)test_read_file(path, &keys_len);
    keys = realloc(keys, keys_len + 1);
    keys[keys_len] = '\0';

    uint8_t want[1024];
    char label[256];
    cs_bytes nonce = m[2].view.client_nonce;
    CHECK(version < 5 ? !nonce.present : nonce.present && nonce.len == 32, "%s: clientNonce %s", scenario,
          version < 5 ? "absent (version 2)" : "32 bytes");
    snprintf(label, sizeof label, "%s-03-client-authenticate+pubkeyauth.der:pubKeyAuth", scenario);
    size_t want_len = keys_value(keys, label, want, sizeof want);
    CHECK(want_len > 0 && pubkeyauth_matches(version, PUBKEYAUTH_CLIENT_TO_SERVER, nonce.data, nonce.len, key,
                                             key_len, want, want_len),
          "%s: the client's unsealed pubKeyAuth is ours for that key (%zu bytes)", scenario, want_len);
    snprintf(label, sizeof label, "%s-04-server-pubkeyauth.der:pubKeyAuth", scenario);
    want_len = keys_value(keys, label, want, sizeof want);
    CHECK(want_len > 0 && pubkeyauth_matches(version, PUBKEYAUTH_SERVER_TO_CLIENT, nonce.data, nonce.len, key,
                                             key_len, want, want_len),
          "%s: the server's unsealed pubKeyAuth is ours for that key", scenario);
    CHECK(!pubkeyauth_matches(version, PUBKEYAUTH_CLIENT_TO_SERVER, nonce.data, nonce.len, key, key_len, want,
                              want_len),
          "%s: the server's value is not the client's (no reflection)", scenario);
    for (size_t i = 0; i < 5; i++) {
        tsrequest_msg_free(&m[i]);
        free(raw[i]);
    }
    free(key);
    free(keys);
}

static void test_error_code_events(void)
{
    const char *files[] = { "synthetic-server-errorcode-C000006D-int4.der",
                            "synthetic-server-errorcode-C000006D-int5.der" };
    for (size_t i = 0; i < 2; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", CREDSSP_TEST_DATA, files[i]);
        uint8_t *raw = test_read_file(path, &len);
        tsrequest_msg m;
        codec_error err;
        CHECK(tsrequest_decode(raw, len, &m, &err) == CODEC_OK && ingress_fields(&m.view) == EV_TS_ERROR &&
                  m.view.error_code == 0xC000006Du,
              "%s: TSRequest{errorCode} STATUS_LOGON_FAILURE", files[i]);
        tsrequest_msg_free(&m);
        free(raw);
    }
}

int main(void)
{
    test_binding_hash_vector();
    test_replay("freerdp-ok", 6, 6);
    test_replay("impacket-ok", 2, 6);
    test_error_code_events();
    return test_summary();
}

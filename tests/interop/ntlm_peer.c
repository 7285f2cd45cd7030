/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A line-oriented NTLM peer for interoperability tests: tokens and sealed
 * messages travel as hex lines on stdin/stdout, so a Python test can put our
 * client or server opposite another implementation (gss-ntlmssp).
 *   ntlm_peer client USER DOMAIN PASSWORD SPN
 *   ntlm_peer server USERFILE
 * After authentication each side seals one message to the other and unseals
 * the one it receives ("UNSEALED <text>").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm.h"
#include "ntlm_client.h"
#include "ntlm_server.h"
#include "ntlm_users.h"

static uint8_t *read_hex(size_t *len)
{
    static char line[65536];
    static uint8_t buf[32768];
    if (fgets(line, sizeof line, stdin) == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; line[i] != '\0' && line[i + 1] != '\0' && line[i] != '\n'; i += 2) {
        unsigned v;
        if (sscanf(line + i, "%2x", &v) != 1 || n == sizeof buf)
            return NULL;
        buf[n++] = (uint8_t)v;
    }
    *len = n;
    return buf;
}

static void write_hex(const char *tag, const uint8_t *data, size_t len)
{
    printf("%s ", tag);
    for (size_t i = 0; i < len; i++)
        printf("%02x", data[i]);
    printf("\n");
    fflush(stdout);
}

static int exchange_sealed(ntlm_crypto *c, const ntlm_keys *k, bool client, const char *text)
{
    ntlm_seal_state *out = ntlm_seal_state_new(c, client ? k->client_sign : k->server_sign,
                                               client ? k->client_seal : k->server_seal, 0);
    ntlm_seal_state *in = ntlm_seal_state_new(c, client ? k->server_sign : k->client_sign,
                                              client ? k->server_seal : k->client_seal, 0);
    uint8_t sealed[256], plain[256];
    size_t n = strlen(text), len;
    if (out == NULL || in == NULL || !ntlm_seal(out, (const uint8_t *)text, n, sealed)) {
        ntlm_seal_state_free(out);
        ntlm_seal_state_free(in);
        return 1;
    }
    write_hex("SEALED", sealed, n + 16);
    const uint8_t *msg = read_hex(&len);
    int rc = 0;
    if (msg == NULL || len < 16 || len - 16 >= sizeof plain || !ntlm_unseal(in, msg, len, plain)) {
        printf("UNSEAL-FAILED\n");
        rc = 1;
    } else {
        printf("UNSEALED %.*s\n", (int)(len - 16), (const char *)plain);
    }
    ntlm_seal_state_free(out);
    ntlm_seal_state_free(in);
    return rc;
}

static int run_client(ntlm_crypto *c, char **argv)
{
    ntlm_identity id;
    ntlm_client *cl;
    const uint8_t *tok;
    size_t len, in_len;
    if (ntlm_identity_from_password(c, argv[2], argv[3], argv[4], &id) != NTLM_ST_OK ||
        ntlm_client_new(c, &id, argv[5], &cl) != NTLM_ST_OK)
        return 2;
    ntlm_identity_wipe(&id);
    if (ntlm_client_negotiate(cl, &tok, &len) != NTLM_ST_OK)
        return 2;
    write_hex("TOKEN", tok, len);
    const uint8_t *challenge = read_hex(&in_len);
    ntlm_status st = challenge ? ntlm_client_authenticate(cl, challenge, in_len, &tok, &len) : NTLM_ST_INVALID_TOKEN;
    int rc = 1;
    char verdict[64];
    if (st != NTLM_ST_OK) {
        printf("FAILED %s\n", ntlm_status_text(st));
    } else {
        write_hex("TOKEN", tok, len);
        if (fgets(verdict, sizeof verdict, stdin) != NULL && strncmp(verdict, "ACCEPTED", 8) == 0)
            rc = exchange_sealed(c, ntlm_client_keys(cl), true, "ping from libcredssp");
    }
    ntlm_client_free(cl);
    return rc;
}

static int run_server(ntlm_crypto *c, char **argv)
{
    ntlm_user_db *db;
    ntlm_server *sv;
    size_t line, len, out_len;
    cs_failure why;
    failure_clear(&why);
    const uint8_t *out;
    if (ntlm_user_db_load(argv[2], &db, &line, &why) != NTLM_ST_OK) {
        fprintf(stderr, "%s:%zu: %s\n", argv[2], line, why.text);
        return 2;
    }
    int rc = 1;
    if (ntlm_server_new(c, db, "EXAMPLE", "HOST", "example.test", "host.example.test", &sv) != NTLM_ST_OK) {
        ntlm_user_db_free(db);
        return 2;
    }
    const uint8_t *neg = read_hex(&len);
    ntlm_status st = neg ? ntlm_server_challenge(sv, neg, len, &out, &out_len) : NTLM_ST_INVALID_TOKEN;
    if (st == NTLM_ST_OK) {
        write_hex("TOKEN", out, out_len);
        const uint8_t *auth = read_hex(&len);
        st = auth ? ntlm_server_verify(sv, auth, len) : NTLM_ST_INVALID_TOKEN;
    }
    if (st != NTLM_ST_OK) {
        printf("FAILED %s\n", ntlm_status_text(st));
        fflush(stdout);
    } else {
        printf("ACCEPTED\n");
        fflush(stdout);
        rc = exchange_sealed(c, ntlm_server_keys(sv), false, "pong from libcredssp");
    }
    ntlm_server_free(sv);
    ntlm_user_db_free(db);
    return rc;
}

int main(int argc, char **argv)
{
    cs_failure why;
    failure_clear(&why);
    ntlm_crypto *c = ntlm_crypto_new(&why);
    if (c == NULL) {
        fprintf(stderr, "ntlm_peer: %s\n", why.text);
        return 2;
    }
    int rc = 2;
    if (argc == 6 && strcmp(argv[1], "client") == 0)
        rc = run_client(c, argv);
    else if (argc == 3 && strcmp(argv[1], "server") == 0)
        rc = run_server(c, argv);
    else
        fprintf(stderr, "usage: ntlm_peer client USER DOMAIN PASSWORD SPN | ntlm_peer server USERFILE\n");
    ntlm_crypto_free(c);
    return rc;
}

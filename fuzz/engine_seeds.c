/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Records loopback exchanges of the fuzzing build as seeds for the engine
 * harnesses: the server's messages for engine_client, the client's for
 * engine_server, in fuzz_engine.c's input format.  With entropy fixed, each
 * seed replays to the end of its exchange.
 *   engine_seeds DIR   writes DIR/engine_client/ and DIR/engine_server/
 * Exits 1 if an exchange that should succeed does not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "engine_peer.h"

/* The messages one side received, in both input forms of fuzz_engine.c:
 * record bodies (re-framed by the harness, the form the mutators like) and
 * whole records as sent (bit 1 of the flags byte).  The whole form is the
 * one written when a message is not exactly one application-data record
 * (the close_notify a version 5 server answers a wrong password with). */
typedef struct transcript {
    uint8_t flags;
    uint8_t bodies[16384], records[16384];
    size_t bodies_len, records_len;
    bool not_framed;
} transcript;

static void put_message(uint8_t *buf, size_t *used, size_t cap, const uint8_t *msg, size_t n)
{
    if (*used + 2 + n > cap)
        abort();
    buf[(*used)++] = (uint8_t)(n >> 8);
    buf[(*used)++] = (uint8_t)n;
    memcpy(buf + *used, msg, n);
    *used += n;
}

static void transcript_add(transcript *t, const uint8_t *rec, size_t len)
{
    if (len < 5)
        abort();
    size_t body = ((size_t)rec[3] << 8) | rec[4];
    if (rec[0] != 23 || body + 5 != len)
        t->not_framed = true;
    put_message(t->bodies, &t->bodies_len, sizeof t->bodies, rec + 5, len - 5);
    put_message(t->records, &t->records_len, sizeof t->records, rec, len);
}

static void write_seed(const char *dir, const char *side, const char *name, const transcript *t)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, side);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        abort();
    snprintf(path, sizeof path, "%s/%s/%s", dir, side, name);
    FILE *f = fopen(path, "wb");
    uint8_t flags = (uint8_t)(t->flags | (t->not_framed ? 2u : 0u));
    const uint8_t *body = t->not_framed ? t->records : t->bodies;
    size_t len = t->not_framed ? t->records_len : t->bodies_len;
    if (f == NULL || fwrite(&flags, 1, 1, f) != 1 || fwrite(body, 1, len, f) != len || fclose(f) != 0)
        abort();
}

/* Everything a client sent, as one byte stream, for the driver harness
 * (fuzz_engine_driver.c): a chunk size, then the bytes. */
typedef struct client_stream {
    uint8_t buf[16384];
    size_t len;
} client_stream;

static void stream_add(client_stream *s, const uint8_t *bytes, size_t len)
{
    if (s->len + len > sizeof s->buf)
        abort();
    memcpy(s->buf + s->len, bytes, len);
    s->len += len;
}

static void write_stream(const char *dir, const char *name, const client_stream *st)
{
    /* Seven bytes a read (one byte for one seed): reads end inside records
     * and cross message boundaries, so SEC_E_INCOMPLETE_MESSAGE and
     * SECBUFFER_EXTRA are in the corpus.  (The whole stream at once is no
     * replay: a real client waits for the server between its flights.) */
    uint8_t chunk = strcmp(name, "raw-wrong-password") == 0 ? 1 : 7;
    char path[512];
    snprintf(path, sizeof path, "%s/engine_driver", dir);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        abort();
    snprintf(path, sizeof path, "%s/engine_driver/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(&chunk, 1, 1, f) != 1 || fwrite(st->buf, 1, st->len, f) != st->len || fclose(f) != 0)
        abort();
}

/* One exchange between a client of profile cp and a server of profile sp;
 * returns the client's and the server's last status.  The client's
 * transcript is written with the client's profile in its flags byte, the
 * server's with the server's. */
static void record(const char *dir, const char *name, unsigned cp, unsigned sp, int spnego, SECURITY_STATUS *cst,
                   SECURITY_STATUS *sst)
{
    engine_io c = { 0 }, s = { 0 };
    CredHandle *client_cred = engine_profile_cred(0, cp, spnego), *server_cred = engine_profile_cred(1, sp, spnego);
    engine_peer_client_req = engine_profile_client_req(cp);
    uint8_t flag_c = (uint8_t)((unsigned)spnego | cp << 2), flag_s = (uint8_t)((unsigned)spnego | sp << 2);
    static transcript to_client, to_server;
    memset(&to_client, 0, sizeof to_client);
    memset(&to_server, 0, sizeof to_server);
    to_client.flags = flag_c;
    to_server.flags = flag_s;
    static client_stream stream;
    stream.len = 0;
    *cst = engine_peer_call(0, client_cred, &c, NULL, 0);
    stream_add(&stream, c.out, c.out_len);
    *sst = engine_peer_call(1, server_cred, &s, c.out, c.out_len);
    *cst = engine_peer_call(0, client_cred, &c, s.out, s.out_len);
    /* From here every message is one application-data record. */
    while (*cst == SEC_I_CONTINUE_NEEDED || (*cst == SEC_E_OK && c.out_len > 0)) {
        if (c.out_len == 0 || *sst != SEC_I_CONTINUE_NEEDED)
            break;
        transcript_add(&to_server, c.out, c.out_len);
        stream_add(&stream, c.out, c.out_len);
        *sst = engine_peer_call(1, server_cred, &s, c.out, c.out_len);
        if (s.out_len == 0 || *cst != SEC_I_CONTINUE_NEEDED)
            break;
        transcript_add(&to_client, s.out, s.out_len);
        *cst = engine_peer_call(0, client_cred, &c, s.out, s.out_len);
    }
    /* The data channel: each side sends one record (a WinRM-like message). */
    if (*cst == SEC_E_OK && *sst == SEC_E_OK && strstr(name, "-ok") != NULL) {
        static const char msg[] = "<s:Envelope>data channel</s:Envelope>";
        uint8_t rec[5 + sizeof msg];
        memcpy(rec, "\x17\x03\x03", 3);
        rec[3] = 0;
        rec[4] = (uint8_t)(sizeof msg - 1);
        memcpy(rec + 5, msg, sizeof msg - 1);
        transcript_add(&to_client, rec, 5 + sizeof msg - 1);
        transcript_add(&to_server, rec, 5 + sizeof msg - 1);
    }
    write_seed(dir, "engine_client", name, &to_client);
    write_seed(dir, "engine_server", name, &to_server);
    if (sp == 0)
        write_stream(dir, name, &stream);
    engine_peer_end(&c);
    engine_peer_end(&s);
    engine_peer_client_req = ENGINE_PEER_REQ_CLIENT;
}

/* The recorded exchanges: name, client profile, server profile, SPNEGO, and
 * the end each side must reach, written to DIR/engine-seeds.txt for
 * tests/test_engine_seeds.sh. */
typedef struct seed_plan {
    const char *name;
    unsigned client, server;
    int spnego;
    SECURITY_STATUS want_client, want_server;
} seed_plan;

static const seed_plan plans[] = {
    { "raw-ok", 0, 0, 0, SEC_E_OK, SEC_E_OK },
    { "spnego-ok", 0, 0, 1, SEC_E_OK, SEC_E_OK },
    { "raw-wrong-password", 5, 0, 0, SEC_E_LOGON_DENIED, SEC_E_LOGON_DENIED },
    { "spnego-wrong-password", 5, 0, 1, SEC_E_LOGON_DENIED, SEC_E_LOGON_DENIED },
    { "v4-wrong-password", 6, 0, 0, SEC_E_LOGON_DENIED, SEC_E_LOGON_DENIED },
    { "v5-wrong-password", 7, 0, 0, SEC_E_LOGON_DENIED, SEC_E_LOGON_DENIED },
    { "client-v2-ok", 1, 0, 0, SEC_E_OK, SEC_E_OK },
    { "client-v3-ok", 2, 0, 0, SEC_E_OK, SEC_E_OK },
    { "client-v4-ok", 3, 0, 1, SEC_E_OK, SEC_E_OK },
    { "client-v5-ok", 4, 0, 0, SEC_E_OK, SEC_E_OK },
    { "server-v2-ok", 0, 1, 0, SEC_E_OK, SEC_E_OK },
    { "server-v3-ok", 0, 2, 1, SEC_E_OK, SEC_E_OK },
    { "server-v4-ok", 0, 3, 0, SEC_E_OK, SEC_E_OK },
    { "server-v5-ok", 0, 4, 1, SEC_E_OK, SEC_E_OK },
    { "nt-hash-ok", 8, 0, 0, SEC_E_OK, SEC_E_OK },
    { "smartcard-ok", 9, 0, 0, SEC_E_OK, SEC_E_OK },
    { "remote-guard-ok", 10, 0, 1, SEC_E_OK, SEC_E_OK },
    { "mic-consumes-seq-ok", 11, 6, 1, SEC_E_OK, SEC_E_OK },
    { "no-delegate-ok", 12, 0, 1, SEC_E_OK, SEC_E_OK },
    { "domain-ok", 13, 0, 0, SEC_E_OK, SEC_E_OK },
    { "no-mutual-ok", 15, 0, 0, SEC_E_OK, SEC_E_OK },
    { "delegation-allowed-ok", 16, 0, 0, SEC_E_OK, SEC_E_OK },
    { "delegation-refused", 17, 0, 0, SEC_E_DELEGATION_POLICY, SEC_I_CONTINUE_NEEDED },
    { "no-ntlm-delegation", 18, 0, 1, SEC_E_POLICY_NLTM_ONLY, SEC_I_CONTINUE_NEEDED },
    { "extended-error-wrong-password", 19, 0, 0, SEC_E_LOGON_DENIED, SEC_E_LOGON_DENIED },
    { "v3-wrong-password", 20, 0, 1, SEC_E_LOGON_DENIED, SEC_E_LOGON_DENIED },
    { "server-v3-min3-ok", 2, 16, 0, SEC_E_OK, SEC_E_OK },
    { "server-min3-refuses-v2", 1, 16, 0, SEC_E_INVALID_TOKEN, SEC_E_DOWNGRADE_DETECTED },
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: engine_seeds DIR\n");
        return 2;
    }
    if (mkdir(argv[1], 0755) != 0 && errno != EEXIST)
        abort();
    engine_peer_setup();
    int bad = 0;
    char manifest_path[512];
    snprintf(manifest_path, sizeof manifest_path, "%s/engine-seeds.txt", argv[1]);
    FILE *manifest = fopen(manifest_path, "w");
    if (manifest == NULL)
        abort();
    fprintf(manifest, "# harness seed end: written by fuzz/engine_seeds.c (make seeds)\n");
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        SECURITY_STATUS c, s;
        record(argv[1], plans[i].name, plans[i].client, plans[i].server, plans[i].spnego, &c, &s);
        fprintf(manifest, "engine_client %s %s\nengine_server %s %s\n", plans[i].name,
                credssp_status_name(plans[i].want_client), plans[i].name, credssp_status_name(plans[i].want_server));
        /* The driver's stream ends where the client stopped: a server still
         * waiting sees the peer close (SEC_E_INVALID_TOKEN). */
        if (plans[i].server == 0)
            fprintf(manifest, "engine_driver %s %s\n", plans[i].name,
                    credssp_status_name(plans[i].want_server == SEC_I_CONTINUE_NEEDED ? SEC_E_INVALID_TOKEN
                                                                                       : plans[i].want_server));
        if (c != plans[i].want_client || s != plans[i].want_server) {
            fprintf(stderr, "engine_seeds: %s ended %s / %s\n", plans[i].name, credssp_status_name(c),
                    credssp_status_name(s));
            bad = 1;
        }
    }
    if (fclose(manifest) != 0)
        abort();
    printf("engine_seeds: %s (%zu exchanges)\n", bad ? "an exchange ended unexpectedly" : "recorded",
           sizeof plans / sizeof plans[0]);
    return bad;
}

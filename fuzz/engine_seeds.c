/*
 * Records loopback exchanges of the fuzzing build as seeds for the engine
 * harnesses: the server's messages for engine_client, the client's for
 * engine_server, in fuzz_engine.c's input format.  With entropy fixed, each
 * seed replays to the end of its exchange.
 *   engine_seeds DIR   writes DIR/engine_client/ and DIR/engine_server/
 * Exits 1 if an exchange that should succeed does not.
 */
#include <errno.h>
#include <sys/stat.h>

#include "engine_peer.h"

typedef struct transcript {
    uint8_t buf[16384];
    size_t len;
} transcript;

/* Appends one message: its record body (pass-through records: 5-byte header). */
static void transcript_add(transcript *t, const uint8_t *rec, size_t len)
{
    if (len < 5 || t->len + 2 + len - 5 > sizeof t->buf)
        abort();
    size_t n = len - 5;
    t->buf[t->len++] = (uint8_t)(n >> 8);
    t->buf[t->len++] = (uint8_t)n;
    memcpy(t->buf + t->len, rec + 5, n);
    t->len += n;
}

static void write_seed(const char *dir, const char *side, const char *name, const transcript *t)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, side);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        abort();
    snprintf(path, sizeof path, "%s/%s/%s", dir, side, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(t->buf, 1, t->len, f) != t->len || fclose(f) != 0)
        abort();
}

/* One exchange; returns the client's and the server's last status. */
static void record(const char *dir, const char *name, CredHandle *client_cred, uint8_t flags, SECURITY_STATUS *cst,
                   SECURITY_STATUS *sst)
{
    engine_io c = { 0 }, s = { 0 };
    transcript to_client = { { flags }, 1 }, to_server = { { flags }, 1 };
    *cst = engine_peer_call(0, client_cred, &c, NULL, 0);
    *sst = engine_peer_call(1, &engine_server_cred, &s, c.out, c.out_len);
    *cst = engine_peer_call(0, client_cred, &c, s.out, s.out_len);
    /* From here every message is one application-data record. */
    while (*cst == SEC_I_CONTINUE_NEEDED || (*cst == SEC_E_OK && c.out_len > 0)) {
        if (c.out_len == 0 || *sst != SEC_I_CONTINUE_NEEDED)
            break;
        transcript_add(&to_server, c.out, c.out_len);
        *sst = engine_peer_call(1, &engine_server_cred, &s, c.out, c.out_len);
        if (s.out_len == 0 || *cst != SEC_I_CONTINUE_NEEDED)
            break;
        transcript_add(&to_client, s.out, s.out_len);
        *cst = engine_peer_call(0, client_cred, &c, s.out, s.out_len);
    }
    write_seed(dir, "engine_client", name, &to_client);
    write_seed(dir, "engine_server", name, &to_server);
    engine_peer_end(&c);
    engine_peer_end(&s);
}

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
    SECURITY_STATUS c, s;
    record(argv[1], "raw-ok", &engine_client_cred[0], 0, &c, &s);
    bad |= c != SEC_E_OK || s != SEC_E_OK;
    record(argv[1], "spnego-ok", &engine_client_cred[1], 1, &c, &s);
    bad |= c != SEC_E_OK || s != SEC_E_OK;
    CREDSSP_LINUX_CRED wrong = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "wrong", .MinVersion = 2 };
    CredHandle wc;
    if (credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &wrong, NULL, NULL, &wc,
                                          NULL) != SEC_E_OK)
        abort();
    record(argv[1], "raw-wrong-password", &wc, 0, &c, &s);
    bad |= c != SEC_E_LOGON_DENIED || s != SEC_E_LOGON_DENIED;
    credssp_FreeCredentialsHandle(&wc);
    printf("engine_seeds: %s\n", bad ? "an exchange ended unexpectedly" : "3 exchanges recorded");
    return bad;
}

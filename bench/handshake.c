/* SPDX-License-Identifier: Apache-2.0 */
/*
 * make bench, part (1) of issue 15: a whole CredSSP exchange through the
 * public API against a bare OpenSSL TLS handshake with the same RSA-2048
 * key and TLS version, in one process, client and server CPU both
 * (CLOCK_PROCESS_CPUTIME_ID), no resumption on either side.  The two are
 * measured alternately, one of each per round, so that the machine's drift
 * falls on both; the table gives medians and their ratio.
 *
 * The bare TLS side is what an application does at best: one SSL_CTX per
 * side made once, an SSL per handshake.  The CredSSP side is what our
 * callers do: one credential per side acquired once, a context per
 * exchange.
 *   bench_handshake [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "fixture.h"
#include "loopback.h"

#define CERT CREDSSP_TEST_DATA "/loopback-cert.pem"
#define KEY CREDSSP_TEST_DATA "/loopback-key.pem"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static SSL_CTX *tls_ctx(bool server, int version)
{
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (ctx == NULL || !SSL_CTX_set_min_proto_version(ctx, version) || !SSL_CTX_set_max_proto_version(ctx, version))
        return NULL;
    /* No resumption, as [MS-CSSP] 3.1.5 step 1 has it for CredSSP too. */
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (server && (SSL_CTX_use_certificate_chain_file(ctx, CERT) != 1 ||
                   SSL_CTX_use_PrivateKey_file(ctx, KEY, SSL_FILETYPE_PEM) != 1))
        return NULL;
    return ctx;
}

/* Moves what one side wrote to the other's read BIO. */
static void pump(BIO *from, BIO *to)
{
    char buf[16384];
    int n;
    while ((n = BIO_read(from, buf, sizeof buf)) > 0)
        BIO_write(to, buf, n);
}

/* One bare TLS handshake over memory BIOs; false if it did not complete. */
static bool tls_handshake(SSL_CTX *cctx, SSL_CTX *sctx)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    BIO *c_in = BIO_new(BIO_s_mem()), *c_out = BIO_new(BIO_s_mem());
    BIO *s_in = BIO_new(BIO_s_mem()), *s_out = BIO_new(BIO_s_mem());
    SSL_set_bio(c, c_in, c_out);
    SSL_set_bio(s, s_in, s_out);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    bool c_done = false, s_done = false;
    for (int i = 0; i < 20 && !(c_done && s_done); i++) {
        if (!c_done)
            c_done = SSL_do_handshake(c) == 1;
        pump(c_out, s_in);
        if (!s_done)
            s_done = SSL_do_handshake(s) == 1;
        pump(s_out, c_in);
    }
    /* TLS 1.3: the client reads the server's last flight as a real client would. */
    char byte;
    (void)SSL_read(c, &byte, 1);
    SSL_free(c);
    SSL_free(s);
    return c_done && s_done;
}

static SECURITY_STATUS acquire(uint32_t flags, const char *user_file, CredHandle *cc, CredHandle *sc)
{
    CREDSSP_LINUX_CRED client = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!", .Flags = flags };
    CREDSSP_LINUX_CRED server = { .Type = CredsspLinuxCreds, .UserFile = user_file, .CertFile = CERT, .KeyFile = KEY,
                                  .Flags = flags & CREDSSP_CRED_TLS12_ONLY };
    TimeStamp ts;
    SECURITY_STATUS st = credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &client,
                                                           NULL, NULL, cc, &ts);
    if (st == SEC_E_OK)
        st = credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &server, NULL, NULL, sc,
                                               &ts);
    return st;
}

typedef struct bench_case {
    const char *name;
    int tls_version;
    uint32_t flags;
} bench_case;

int main(int argc, char **argv)
{
    size_t rounds = argc > 1 ? strtoul(argv[1], NULL, 10) : 200;
    if (rounds < 3)
        rounds = 3;
    static const bench_case cases[] = {
        { "TLS 1.3, raw NTLM", TLS1_3_VERSION, 0 },
        { "TLS 1.3, SPNEGO", TLS1_3_VERSION, CREDSSP_CRED_SPNEGO },
        { "TLS 1.2, raw NTLM", TLS1_2_VERSION, CREDSSP_CRED_TLS12_ONLY },
        { "TLS 1.2, SPNEGO", TLS1_2_VERSION, CREDSSP_CRED_TLS12_ONLY | CREDSSP_CRED_SPNEGO },
    };
    double *t_cssp = calloc(rounds, sizeof *t_cssp), *t_tls = calloc(rounds, sizeof *t_tls);
    const char *users = loop_user_file(FIXTURE_SAM_ALICE);
    if (t_cssp == NULL || t_tls == NULL || users == NULL)
        return 1;
    printf("bench_handshake: %zu rounds a case, CPU time of both sides in one process, RSA-2048, no resumption\n\n",
           rounds);
    printf("%-20s %16s %16s %8s\n", "case", "CredSSP (ms)", "bare TLS (ms)", "ratio");
    int status = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const bench_case *bc = &cases[k];
        CredHandle cc, sc;
        SSL_CTX *cctx = tls_ctx(false, bc->tls_version), *sctx = tls_ctx(true, bc->tls_version);
        if (cctx == NULL || sctx == NULL || acquire(bc->flags, users, &cc, &sc) != SEC_E_OK) {
            fprintf(stderr, "bench_handshake: %s: set-up failed\n", bc->name);
            return 1;
        }
        loop_cfg cfg = loop_default();
        cfg.client_flags = bc->flags;
        for (size_t i = 0; i < rounds; i++) {
            loop_result r;
            memset(&r, 0, sizeof r);
            CtxtHandle cx, sx;
            double t0 = cpu_now();
            loop_exchange(&cfg, &cc, &sc, &r, &cx, &sx);
            double t1 = cpu_now();
            credssp_DeleteSecurityContext(&cx);
            credssp_DeleteSecurityContext(&sx);
            bool tls_ok = tls_handshake(cctx, sctx);
            double t2 = cpu_now();
            if (r.client != SEC_E_OK || r.server != SEC_E_OK || !tls_ok) {
                fprintf(stderr, "bench_handshake: %s: round %zu failed (client %s, server %s, TLS %s)\n", bc->name, i,
                        credssp_status_name(r.client), credssp_status_name(r.server), tls_ok ? "ok" : "failed");
                status = 1;
                break;
            }
            t_cssp[i] = t1 - t0;
            t_tls[i] = t2 - t1;
        }
        if (status == 0) {
            double mc = median(t_cssp, rounds), mt = median(t_tls, rounds);
            printf("%-20s %16.3f %16.3f %7.2fx\n", bc->name, mc * 1e3, mt * 1e3, mc / mt);
        }
        credssp_FreeCredentialsHandle(&cc);
        credssp_FreeCredentialsHandle(&sc);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }
    printf("\ngoal (issue 15): <= 1.05x for TLS 1.3 and 1.2\n");
    free(t_cssp);
    free(t_tls);
    return status;
}

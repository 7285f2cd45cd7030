/* SPDX-License-Identifier: Apache-2.0 */
/*
 * credssp serve: the acceptor.  Answers the X.224 Connection Request with
 * HYBRID ([MS-RDPBCGR] 2.2.1.2), runs AcceptSecurityContext through the
 * driver, and logs one line per client.  One thread per client, at most
 * max_clients at once; each client has a deadline for the whole exchange and
 * for each silence, and a cap on what it may send, so a slow, silent,
 * half-open or flooding client is dropped without hurting the others.
 * SIGINT and SIGTERM stop it cleanly.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "commands.h"
#include "cs_limits.h"
#include "net.h"
#include "options.h"
#include "serve.h"

static const char serve_usage[] =
    "usage: credssp serve --users FILE [OPTIONS]\n"
    "  a CredSSP (RDP NLA) server that checks credentials and logs one line per client\n"
    "  --listen ADDR:PORT     where to listen (default 127.0.0.1:3389)\n"
    "  --users FILE           the accounts, as `winpr-hash -u USER -p PASS -f sam` writes them\n"
    "  --cert FILE --key FILE the TLS certificate and key (PEM); default: an ephemeral RSA-2048 key\n"
    "  --min-version N        refuse clients below CredSSP version N (default 2)\n"
    "  --max-version N        speak CredSSP version N at most (default 6; lower, to test clients)\n"
    "  --raw                  CredSSP straight over TLS, no X.224 negotiation\n"
    "  --timeout SECONDS      a client's whole exchange (default 30)\n"
    "  --max-clients N        at once (default 64)\n"
    "  --trace                print every transition\n"
    "  --show-secrets         log the delegated passwords (default: redacted)\n"
    "exit status: 0 after SIGINT/SIGTERM, 1 on a set-up error, 2 usage\n";

#define SERVE_MAX_RECEIVED (256u * 1024u)

typedef struct serve_shared {
    const serve_opts *o;
    CredHandle cred;
    FILE *log;
    pthread_mutex_t lock;
    pthread_cond_t idle;
    unsigned active;
    int fds[1024]; /* live client sockets, shut down at stop */
} serve_shared;

typedef struct serve_client {
    serve_shared *sh;
    int fd;
    char peer[80];
} serve_client;

/* A log line is built whole, then written with one call under the lock:
 * lines of different clients never interleave. */
typedef struct log_line {
    char text[1024];
    size_t len;
} log_line;

static void line_add(log_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line_add(log_line *l, const char *fmt, ...)
{
    if (l->len >= sizeof l->text - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(l->text + l->len, sizeof l->text - l->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len += (size_t)n < sizeof l->text - l->len ? (size_t)n : sizeof l->text - 1 - l->len;
}

static void serve_emit(serve_shared *sh, const log_line *l)
{
    pthread_mutex_lock(&sh->lock);
    fprintf(sh->log, "%s\n", l->text);
    fflush(sh->log);
    pthread_mutex_unlock(&sh->lock);
}

/* Transitions of every client (the trace is per credential, shared). */
static void serve_trace(void *arg, const CREDSSP_TRACE *t)
{
    serve_shared *sh = arg;
    if (t->Kind == CREDSSP_TRACE_TRANSITION) {
        log_line l = { "", 0 };
        line_add(&l, "  [%s] %s -> %s -> [%s] %s", t->State, t->Event, t->Actions, t->Next,
                 credssp_status_name(t->Status));
        serve_emit(sh, &l);
    }
}

static void serve_track(serve_shared *sh, int fd, bool add)
{
    pthread_mutex_lock(&sh->lock);
    for (size_t i = 0; i < sizeof sh->fds / sizeof sh->fds[0]; i++) {
        if (add ? sh->fds[i] < 0 : sh->fds[i] == fd) {
            sh->fds[i] = add ? fd : -1;
            break;
        }
    }
    if (!add && --sh->active == 0)
        pthread_cond_broadcast(&sh->idle);
    pthread_mutex_unlock(&sh->lock);
}

static void *serve_client_thread(void *arg)
{
    serve_client *cl = arg;
    serve_shared *sh = cl->sh;
    const serve_opts *o = sh->o;
    int64_t start = net_now_ms();
    net_conn c = { .fd = cl->fd, .deadline_ms = start + o->timeout_ms, .idle_ms = o->idle_ms,
                   .max_received = SERVE_MAX_RECEIVED };
    CtxtHandle ctx;
    memset(&ctx, 0, sizeof ctx);
    SECURITY_STATUS st = SEC_E_INTERNAL_ERROR;
    const char *stage = "x224";
    x224_request req = { 0 };
    uint32_t selected = 0;
    if (o->raw || net_x224_server(&c, &req, &selected)) {
        stage = "credssp";
        CREDSSP_TRANSPORT t = net_transport(&c);
        uint32_t attrs;
        st = credssp_drive_acceptor(&sh->cred, ASC_REQ_EXTENDED_ERROR, &t, &ctx, &attrs);
    }
    CREDSSP_PROTOCOL_INFO info = { 0 };
    CREDSSP_LAST_ERROR le = { .Text = "" };
    CREDSSP_DELEGATED_CREDENTIALS d = { 0 };
    bool have = credssp_QueryContextAttributesA(&ctx, CREDSSP_ATTR_PROTOCOL_INFO, &info) == SEC_E_OK;
    if (have)
        credssp_QueryContextAttributesA(&ctx, CREDSSP_ATTR_LAST_ERROR, &le);
    bool delegated = st == SEC_E_OK &&
                     credssp_QueryContextAttributesA(&ctx, CREDSSP_ATTR_DELEGATED_CREDENTIALS, &d) == SEC_E_OK;
    const char *why = le.Text != NULL && le.Text[0] != '\0' ? le.Text : c.error;
    log_line l = { "", 0 };
    line_add(&l, "client=%s version=%u framing=%s user=%s%s%s result=%s duration=%lldms", cl->peer,
             have ? info.PeerVersion : 0, !have || info.EffectiveVersion == 0 ? "-" : info.Spnego ? "spnego" : "ntlm",
             have && info.Domain[0] != '\0' ? info.Domain : "", have && info.Domain[0] != '\0' ? "\\" : "",
             have && info.User[0] != '\0' ? info.User : "-", credssp_status_name(st),
             (long long)(net_now_ms() - start));
    if (delegated)
        line_add(&l, " delegated=%s%s%s password=%s", d.Domain, d.Domain[0] != '\0' ? "\\" : "",
                 d.User[0] != '\0' ? d.User : "(empty: restricted admin)",
                 o->show_secrets ? d.Password : "<redacted>");
    if (st != SEC_E_OK)
        line_add(&l, " stage=%s why=\"%s\"", stage, why);
    serve_emit(sh, &l);
    OPENSSL_cleanse(l.text, sizeof l.text); /* it may hold a password (--show-secrets) */
    credssp_DeleteSecurityContext(&ctx);
    serve_track(sh, cl->fd, false);
    close(cl->fd);
    free(cl);
    return NULL;
}

static void serve_peer_name(int fd, char *out, size_t cap)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[64] = "?";
    int port = 0;
    if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET6) {
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
            port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
        } else {
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
            port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
        }
    }
    snprintf(out, cap, "%s:%d", host, port);
}

static void serve_accept_one(serve_shared *sh, int listen_fd)
{
    int fd = accept(listen_fd, NULL, NULL);
    if (fd < 0)
        return;
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    serve_client *cl = calloc(1, sizeof *cl);
    pthread_mutex_lock(&sh->lock);
    bool room = cl != NULL && sh->active < sh->o->max_clients;
    if (room)
        sh->active++;
    pthread_mutex_unlock(&sh->lock);
    if (!room) {
        char peer[80];
        serve_peer_name(fd, peer, sizeof peer);
        log_line l = { "", 0 };
        line_add(&l, "client=%s result=refused why=\"%u clients already\"", peer, sh->o->max_clients);
        serve_emit(sh, &l);
        close(fd);
        free(cl);
        return;
    }
    cl->sh = sh;
    cl->fd = fd;
    serve_peer_name(fd, cl->peer, sizeof cl->peer);
    serve_track(sh, fd, true);
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, serve_client_thread, cl) != 0) {
        serve_track(sh, fd, false);
        close(fd);
        free(cl);
    }
    pthread_attr_destroy(&attr);
}

int serve_run(const serve_opts *o, int listen_fd, volatile sig_atomic_t *stop, FILE *log)
{
    serve_shared *sh = calloc(1, sizeof *sh);
    if (sh == NULL)
        return 1;
    sh->o = o;
    sh->log = log;
    pthread_mutex_init(&sh->lock, NULL);
    pthread_cond_init(&sh->idle, NULL);
    for (size_t i = 0; i < sizeof sh->fds / sizeof sh->fds[0]; i++)
        sh->fds[i] = -1;
    CREDSSP_LINUX_CRED lc = { .Type = CredsspLinuxCreds, .UserFile = o->users, .CertFile = o->cert,
                              .KeyFile = o->key, .MinVersion = o->min_version, .MaxVersion = o->max_version,
                              .Trace = o->trace ? serve_trace : NULL, .TraceArg = sh };
    if (credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &lc, NULL, NULL, &sh->cred,
                                          NULL) != SEC_E_OK) {
        fprintf(stderr, "credssp serve: %s\n", credssp_last_error());
        free(sh);
        return 1;
    }
    while (!*stop) {
        struct pollfd p = { listen_fd, POLLIN, 0 };
        if (poll(&p, 1, 200) == 1)
            serve_accept_one(sh, listen_fd);
    }
    /* Stop: wake every client and wait for its thread. */
    pthread_mutex_lock(&sh->lock);
    for (size_t i = 0; i < sizeof sh->fds / sizeof sh->fds[0]; i++)
        if (sh->fds[i] >= 0)
            shutdown(sh->fds[i], SHUT_RDWR);
    while (sh->active > 0)
        pthread_cond_wait(&sh->idle, &sh->lock);
    pthread_mutex_unlock(&sh->lock);
    credssp_FreeCredentialsHandle(&sh->cred);
    pthread_mutex_destroy(&sh->lock);
    pthread_cond_destroy(&sh->idle);
    free(sh);
    return 0;
}

static volatile sig_atomic_t serve_stop;

static void serve_on_signal(int sig)
{
    (void)sig;
    serve_stop = 1;
}

int cmd_serve(int argc, char **argv)
{
    serve_opts o = { .port = 3389, .timeout_ms = 30000, .idle_ms = 10000, .max_clients = 64 };
    snprintf(o.host, sizeof o.host, "127.0.0.1");
    const char *listen = NULL;
    long min_version = 0, max_version = 0, timeout_s = 30, max_clients = 64;
    static const char bad_number[] = "a number is expected";
    const cli_option options[] = {
        { .name = "--raw", .kind = CLI_SWITCH, .flag = &o.raw, .flag_value = true },
        { .name = "--show-secrets", .kind = CLI_SWITCH, .flag = &o.show_secrets, .flag_value = true },
        { .name = "--trace", .kind = CLI_SWITCH, .flag = &o.trace, .flag_value = true },
        { .name = "--listen", .kind = CLI_TEXT, .text = &listen },
        { .name = "--users", .kind = CLI_TEXT, .text = &o.users },
        { .name = "--cert", .kind = CLI_TEXT, .text = &o.cert },
        { .name = "--key", .kind = CLI_TEXT, .text = &o.key },
        { .name = "--min-version", .kind = CLI_NUMBER, .number = &min_version, .min = 1, .max = 3600,
          .bad_number = bad_number },
        { .name = "--max-version", .kind = CLI_NUMBER, .number = &max_version, .min = 1, .max = 3600,
          .bad_number = bad_number },
        { .name = "--timeout", .kind = CLI_NUMBER, .number = &timeout_s, .min = 1, .max = 3600,
          .bad_number = bad_number },
        { .name = "--max-clients", .kind = CLI_NUMBER, .number = &max_clients, .min = 1, .max = 3600,
          .bad_number = bad_number },
    };
    const cli_command cmd = { .name = "serve", .usage = serve_usage, .options = options,
                              .option_count = sizeof options / sizeof options[0] };
    cli_parsed parsed = cli_parse(&cmd, argc, argv);
    if (parsed != CLI_RUN)
        return parsed == CLI_HELPED ? 0 : EXIT_USAGE;
    if (listen != NULL && !net_split_host_port(listen, o.host, sizeof o.host, &o.port))
        return cli_usage_error(&cmd, "--listen ADDR:PORT, not %s", listen);
    o.min_version = (uint32_t)min_version;
    o.max_version = (uint32_t)max_version;
    o.timeout_ms = (int)timeout_s * 1000;
    o.max_clients = (unsigned)(max_clients > 1000 ? 1000 : max_clients);
    if (o.users == NULL)
        return cli_usage_error(&cmd, "%s", "--users FILE is needed");
    if ((o.cert == NULL) != (o.key == NULL))
        return cli_usage_error(&cmd, "%s", "--cert and --key go together");
    if ((o.min_version != 0 && (o.min_version < CS_VERSION_LOWEST || o.min_version > CS_VERSION_HIGHEST)) ||
        (o.max_version != 0 && (o.max_version < CS_VERSION_LOWEST || o.max_version > CS_VERSION_HIGHEST)))
        return cli_usage_error(&cmd, "%s", "versions are 2 to 6");
    if (o.idle_ms > o.timeout_ms)
        o.idle_ms = o.timeout_ms;
    char error[256];
    int bound = 0;
    int fd = net_listen(o.host, o.port, &bound, error, sizeof error);
    if (fd < 0) {
        fprintf(stderr, "credssp serve: %s\n", error);
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = serve_on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("listening on %s:%d (%s)\n", o.host, bound, o.raw ? "CredSSP over TLS" : "RDP X.224, then CredSSP");
    fflush(stdout);
    int rc = serve_run(&o, fd, &serve_stop, stdout);
    close(fd);
    if (rc == 0)
        printf("stopped\n");
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * credssp connect HOST[:PORT]: RDP NLA as a client.  X.224 Connection
 * Request asking for HYBRID and HYBRID_EX ([MS-RDPBCGR] 2.2.1.1), then TLS
 * and CredSSP through the public API's driver; or CredSSP straight over TLS
 * with --raw.  Says whether the server took the credentials, and why not.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "commands.h"
#include "connect.h"
#include "cs_limits.h"
#include "options.h"
#include "net.h"

static const char connect_usage[] =
    "usage: credssp connect [OPTIONS] HOST[:PORT]\n"
    "  RDP Network Level Authentication (CredSSP) against HOST (port 3389 by default)\n"
    "  --user USER            the account (required)\n"
    "  --domain DOMAIN        its domain (default: none)\n"
    "  --password-file FILE   the password is the first line of FILE\n"
    "  --password-env VAR     the password is in the environment variable VAR\n"
    "  --password PASSWORD    on the command line (visible to other users: avoid)\n"
    "  --nt-hash HEX          pass-the-hash: the NT hash, 32 hex digits (implies --no-delegate)\n"
    "                         (without any of these, the password is asked on the terminal)\n"
    "  --raw                  CredSSP straight over TLS, no X.224 negotiation\n"
    "  --min-version N        refuse servers below CredSSP version N (default 5; 2 allows any)\n"
    "  --spnego               wrap NTLM in SPNEGO (default: raw NTLM, as mstsc and FreeRDP)\n"
    "  --no-delegate          delegate empty credentials (restricted admin)\n"
    "  --target SPN           the service principal name (default TERMSRV/HOST)\n"
    "  --timeout SECONDS      for the whole exchange (default 10)\n"
    "  --keylog FILE          append TLS secrets in NSS key-log format (also: SSLKEYLOGFILE)\n"
    "  --trace                print every TSRequest and every transition\n"
    "  --json                 print a one-object summary\n"
    "exit status: 0 authenticated, 1 logon denied, 2 usage, 3 server authentication failed,\n"
    "             4 refused by policy, 5 protocol error, 6 network error or timeout\n";

/* ------------------------------------------------------------- output */

typedef struct connect_run_state {
    const connect_opts *o;
    FILE *out;
    FILE *keylog;
} connect_run_state;

static void connect_keylog(const char *line, void *arg)
{
    connect_run_state *s = arg;
    if (s->keylog != NULL) {
        fprintf(s->keylog, "%s\n", line);
        fflush(s->keylog);
    }
}

static void connect_trace(void *arg, const CREDSSP_TRACE *t)
{
    connect_run_state *s = arg;
    if (!s->o->trace)
        return;
    if (t->Kind == CREDSSP_TRACE_TRANSITION) {
        fprintf(s->out, "  [%s] %s -> %s -> [%s] %s\n", t->State, t->Event, t->Actions, t->Next,
                credssp_status_name(t->Status));
        return;
    }
    fprintf(s->out, "%s client %s server:\n", t->Kind == CREDSSP_TRACE_SENT ? ">>" : "<<",
            t->Kind == CREDSSP_TRACE_SENT ? "->" : "<-");
    decode_print_tsrequest(s->out, t->Message, t->MessageLength);
}

/* ------------------------------------------------------------ outcome */

typedef struct connect_result {
    int exit;
    const char *outcome;
    char detail[320];
    SECURITY_STATUS status;
    uint32_t reason; /* CREDSSP_REASON_* of the failure */
    CREDSSP_PROTOCOL_INFO info;
    uint32_t selected;
} connect_result;

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

static void connect_print(const connect_opts *o, const connect_result *r, FILE *out)
{
    if (!o->json) {
        fprintf(out, "%s:%d: %s (%s)%s%s\n", o->host, o->port, r->outcome, credssp_status_name(r->status),
                r->detail[0] != '\0' ? ": " : "", r->detail);
        if (r->info.EffectiveVersion != 0)
            fprintf(out, "  CredSSP version %u (server %u), %s, %s\n", r->info.EffectiveVersion, r->info.PeerVersion,
                    r->info.Spnego ? "SPNEGO" : "raw NTLM", r->info.TlsVersion);
        return;
    }
    fprintf(out, "{\"host\":");
    json_string(out, o->host);
    fprintf(out, ",\"port\":%d,\"outcome\":", o->port);
    json_string(out, r->outcome);
    fprintf(out, ",\"exit\":%d,\"status\":", r->exit);
    json_string(out, credssp_status_name(r->status));
    fprintf(out, ",\"reason\":");
    json_string(out, credssp_reason_name(r->reason));
    fprintf(out, ",\"detail\":");
    json_string(out, r->detail);
    fprintf(out, ",\"version\":%u,\"server_version\":%u,\"spnego\":%s,\"tls\":", r->info.EffectiveVersion,
            r->info.PeerVersion, r->info.Spnego ? "true" : "false");
    json_string(out, r->info.TlsVersion != NULL ? r->info.TlsVersion : "");
    fprintf(out, ",\"x224\":%s,\"user\":", o->raw ? "false" : "true");
    json_string(out, o->user);
    fprintf(out, "}\n");
}

/* What the status says to a person, and the exit status. */
static void connect_classify(connect_result *r, const net_conn *c)
{
    switch (r->status) {
    case SEC_E_OK:
        r->exit = EXIT_AUTHENTICATED;
        r->outcome = "authenticated";
        return;
    case SEC_E_LOGON_DENIED:
        r->exit = EXIT_LOGON_DENIED;
        r->outcome = "logon denied";
        return;
    case SEC_E_MUTUAL_AUTH_FAILED:
        r->exit = EXIT_SERVER_AUTH_FAILED;
        r->outcome = "server authentication failed";
        return;
    case SEC_E_DOWNGRADE_DETECTED:
    case SEC_E_DELEGATION_POLICY:
    case SEC_E_POLICY_NLTM_ONLY:
    case SEC_E_NO_CREDENTIALS:
        r->exit = EXIT_POLICY_REFUSED;
        r->outcome = "refused by policy";
        return;
    default:
        break;
    }
    if (c->closed || c->timed_out || c->error[0] != '\0') {
        r->exit = EXIT_NETWORK;
        r->outcome = c->timed_out ? "timeout" : "network error";
        return;
    }
    r->exit = EXIT_PROTOCOL_ERROR;
    r->outcome = "protocol error";
}

/* [MS-RDPBCGR] 2.2.10.2: with HYBRID_EX, a 4-byte result follows CredSSP. */
static bool connect_early_auth_result(net_conn *c, uint32_t *result)
{
    uint8_t b[4];
    size_t have = 0, got;
    while (have < 4) {
        if (net_recv_some(c, b + have, 4 - have, &got) != 0)
            return false;
        have += got;
    }
    *result = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return true;
}

int connect_run(const connect_opts *o, FILE *out)
{
    connect_run_state s = { o, out, NULL };
    connect_result r;
    memset(&r, 0, sizeof r);
    r.status = SEC_E_INTERNAL_ERROR;
    const char *keylog = o->keylog != NULL ? o->keylog : getenv("SSLKEYLOGFILE");
    if (keylog != NULL && (s.keylog = fopen(keylog, "a")) == NULL) {
        fprintf(stderr, "credssp connect: cannot open the key log %s: %s\n", keylog, strerror(errno));
        return EXIT_USAGE;
    }
    char target[300];
    snprintf(target, sizeof target, "TERMSRV/%s", o->host);
    CREDSSP_LINUX_CRED lc = { .Type = CredsspLinuxCreds, .User = o->user, .Domain = o->domain,
                              .Password = o->password, .NtHash = o->nt_hash, .MinVersion = o->min_version,
                              .Flags = o->spnego ? CREDSSP_CRED_SPNEGO : 0, .KeyLog = connect_keylog,
                              .KeyLogArg = &s, .Trace = connect_trace, .TraceArg = &s };
    CredHandle cred;
    CtxtHandle ctx;
    memset(&ctx, 0, sizeof ctx);
    SECURITY_STATUS st = credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &lc, NULL,
                                                           NULL, &cred, NULL);
    if (st != SEC_E_OK) {
        fprintf(stderr, "credssp connect: %s\n", credssp_last_error());
        if (s.keylog != NULL)
            fclose(s.keylog);
        return EXIT_USAGE;
    }
    net_conn c = { .fd = -1, .deadline_ms = net_now_ms() + o->timeout_ms, .idle_ms = o->timeout_ms,
                   .max_received = 1u << 20 };
    x224_confirm cc = { 0 };
    if (!net_connect(&c, o->host, o->port, o->timeout_ms)) {
        r.exit = EXIT_NETWORK;
        r.outcome = c.timed_out ? "timeout" : "network error";
        snprintf(r.detail, sizeof r.detail, "%s", c.error);
        goto done;
    }
    if (!o->raw) {
        if (!net_x224_client(&c, o->user, RDP_PROTOCOL_SSL | RDP_PROTOCOL_HYBRID | RDP_PROTOCOL_HYBRID_EX, &cc)) {
            connect_classify(&r, &c);
            snprintf(r.detail, sizeof r.detail, "%s", c.error);
            goto done;
        }
        r.selected = cc.value;
        if (!cc.has_neg || cc.failure || !(cc.value & (RDP_PROTOCOL_HYBRID | RDP_PROTOCOL_HYBRID_EX))) {
            r.exit = EXIT_PROTOCOL_ERROR;
            r.outcome = "no NLA";
            snprintf(r.detail, sizeof r.detail,
                     cc.failure ? "the server refused the negotiation (RDP_NEG_FAILURE code %u)"
                                : "the server did not select CredSSP (selected protocol %u)",
                     cc.value);
            goto done;
        }
        if (o->trace)
            fprintf(out, "X.224: the server selected %s\n",
                    cc.value & RDP_PROTOCOL_HYBRID_EX ? "PROTOCOL_HYBRID_EX" : "PROTOCOL_HYBRID");
    }
    CREDSSP_TRANSPORT t = net_transport(&c);
    uint32_t attrs = 0;
    r.status = credssp_drive_initiator(&cred, o->target != NULL ? o->target : target,
                                       ISC_REQ_MUTUAL_AUTH | (o->delegate ? ISC_REQ_DELEGATE : 0), &t, &ctx, &attrs);
    /* Decisions on the failure's reason code, never on its sentence. */
    CREDSSP_LAST_ERROR le = { .Text = "" };
    if (credssp_QueryContextAttributesA(&ctx, CREDSSP_ATTR_PROTOCOL_INFO, &r.info) == SEC_E_OK)
        credssp_QueryContextAttributesA(&ctx, CREDSSP_ATTR_LAST_ERROR, &le);
    else
        credssp_get_last_error(&le);
    r.reason = le.Reason;
    connect_classify(&r, &c);
    if (le.Reason == CREDSSP_REASON_CLOSED_AFTER_AUTHENTICATE)
        snprintf(r.detail, sizeof r.detail,
                 "the server closed the connection after our AUTHENTICATE, without an errorCode (FreeRDP's server "
                 "does this): it refused the credentials");
    if (r.detail[0] == '\0')
        snprintf(r.detail, sizeof r.detail, "%s", le.Text[0] != '\0' ? le.Text : c.error);
    if (r.status == SEC_E_OK && (cc.value & RDP_PROTOCOL_HYBRID_EX) && !o->raw) {
        uint32_t early = 0;
        if (!connect_early_auth_result(&c, &early) || early != 0) {
            r.exit = EXIT_LOGON_DENIED;
            r.outcome = "logon denied";
            snprintf(r.detail, sizeof r.detail, "the Early User Authorization Result is %s",
                     c.error[0] != '\0' ? c.error : "ACCESS_DENIED");
        }
    }
done:
    connect_print(o, &r, out);
    if (c.fd >= 0)
        close(c.fd);
    credssp_DeleteSecurityContext(&ctx);
    credssp_FreeCredentialsHandle(&cred);
    if (s.keylog != NULL)
        fclose(s.keylog);
    return r.exit;
}

/* ------------------------------------------------------------ command */

/* The first line of a file; the rest is ignored. */
static char *read_password_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, f);
    fclose(f);
    if (n < 0) {
        free(line);
        return NULL;
    }
    line[strcspn(line, "\r\n")] = '\0';
    return line;
}

static char *prompt_password(void)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (tty == NULL)
        return NULL;
    struct termios old, quiet;
    int fd = fileno(tty);
    fputs("Password: ", tty);
    fflush(tty);
    bool echo_off = tcgetattr(fd, &old) == 0;
    if (echo_off) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, tty);
    if (echo_off)
        tcsetattr(fd, TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    if (n < 0) {
        free(line);
        return NULL;
    }
    line[strcspn(line, "\r\n")] = '\0';
    return line;
}

int cmd_connect(int argc, char **argv)
{
    connect_opts o = { .port = 3389, .domain = "", .delegate = true, .timeout_ms = 10000 };
    const char *password_file = NULL, *password_env = NULL, *hostport = NULL;
    long min_version = 0, timeout_s = 10;
    const cli_option options[] = {
        { .name = "--raw", .kind = CLI_SWITCH, .flag = &o.raw, .flag_value = true },
        { .name = "--spnego", .kind = CLI_SWITCH, .flag = &o.spnego, .flag_value = true },
        { .name = "--no-delegate", .kind = CLI_SWITCH, .flag = &o.delegate, .flag_value = false },
        { .name = "--trace", .kind = CLI_SWITCH, .flag = &o.trace, .flag_value = true },
        { .name = "--json", .kind = CLI_SWITCH, .flag = &o.json, .flag_value = true },
        { .name = "--user", .kind = CLI_TEXT, .text = &o.user },
        { .name = "--domain", .kind = CLI_TEXT, .text = &o.domain },
        { .name = "--password-file", .kind = CLI_TEXT, .text = &password_file },
        { .name = "--password-env", .kind = CLI_TEXT, .text = &password_env },
        { .name = "--password", .kind = CLI_TEXT, .text = &o.password },
        { .name = "--nt-hash", .kind = CLI_TEXT, .text = &o.nt_hash },
        { .name = "--target", .kind = CLI_TEXT, .text = &o.target },
        { .name = "--keylog", .kind = CLI_TEXT, .text = &o.keylog },
        { .name = "--min-version", .kind = CLI_NUMBER, .number = &min_version, .min = CS_VERSION_LOWEST, .max = CS_VERSION_HIGHEST,
          .bad_number = "--min-version is 2 to 6" },
        { .name = "--timeout", .kind = CLI_NUMBER, .number = &timeout_s, .min = 1, .max = 3600,
          .bad_number = "--timeout is 1 to 3600 seconds" },
    };
    const cli_command cmd = { .name = "connect", .usage = connect_usage, .options = options,
                              .option_count = sizeof options / sizeof options[0], .operand = &hostport,
                              .operand_name = "HOST[:PORT]" };
    cli_parsed parsed = cli_parse(&cmd, argc, argv);
    if (parsed != CLI_RUN)
        return parsed == CLI_HELPED ? 0 : EXIT_USAGE;
    o.min_version = (uint32_t)min_version;
    o.timeout_ms = (int)timeout_s * 1000;
    if (hostport == NULL || !net_split_host_port(hostport, o.host, sizeof o.host, &o.port) || o.port == 0)
        return cli_usage_error(&cmd, "%s", hostport == NULL ? "a HOST is needed" : "HOST[:PORT] is malformed");
    if (o.user == NULL)
        return cli_usage_error(&cmd, "%s", "--user is needed");
    int sources = (password_file != NULL) + (password_env != NULL) + (o.password != NULL) + (o.nt_hash != NULL);
    if (sources > 1)
        return cli_usage_error(&cmd, "%s", "one of --password-file, --password-env, --password, --nt-hash");
    char *owned = NULL;
    if (password_file != NULL && (owned = read_password_file(password_file)) == NULL)
        return cli_usage_error(&cmd, "cannot read a password from %s", password_file);
    if (password_env != NULL) {
        const char *e = getenv(password_env);
        if (e == NULL)
            return cli_usage_error(&cmd, "the environment variable %s is not set", password_env);
        owned = strdup(e);
    }
    if (sources == 0 && (owned = prompt_password()) == NULL)
        return cli_usage_error(&cmd, "%s", "no password: give --password-file, --password-env or a terminal");
    if (owned != NULL)
        o.password = owned;
    /* An NT hash authenticates, but there is no password to delegate:
     * restricted admin (empty credentials), as mstsc /restrictedAdmin. */
    if (o.nt_hash != NULL)
        o.delegate = false;
    int rc = connect_run(&o, stdout);
    if (owned != NULL) {
        OPENSSL_cleanse(owned, strlen(owned));
        free(owned);
    }
    return rc;
}

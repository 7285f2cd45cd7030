/* SPDX-License-Identifier: Apache-2.0 */
/* In-process client <-> server exchanges over the public API; see loopback.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "loopback.h"

static char user_files[8][64];
static char user_texts[8][512];
static unsigned user_file_count;

static void loop_remove_files(void)
{
    for (unsigned i = 0; i < user_file_count; i++)
        unlink(user_files[i]);
}

const char *loop_user_file(const char *text)
{
    for (unsigned i = 0; i < user_file_count; i++)
        if (strcmp(user_texts[i], text) == 0)
            return user_files[i];
    if (user_file_count == 8 || strlen(text) >= sizeof user_texts[0])
        return NULL;
    snprintf(user_texts[user_file_count], sizeof user_texts[0], "%s", text);
    char *path = user_files[user_file_count];
    snprintf(path, 64, "/tmp/credssp-users-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    if (user_file_count++ == 0)
        atexit(loop_remove_files);
    return path;
}

loop_cfg loop_default(void)
{
    loop_cfg c;
    memset(&c, 0, sizeof c);
    c.user = "alice";
    c.domain = "";
    c.password = "Passw0rd!";
    c.isc_req = ISC_REQ_DELEGATE | ISC_REQ_MUTUAL_AUTH;
    c.asc_req = ASC_REQ_EXTENDED_ERROR;
    c.users_text = FIXTURE_SAM_ALICE;
    return c;
}

static SECURITY_STATUS acquire(const loop_cfg *cfg, CredHandle *cc, CredHandle *sc)
{
    CREDSSP_LINUX_CRED client = { .Type = CredsspLinuxCreds, .User = cfg->user, .Domain = cfg->domain,
                                  .Password = cfg->password, .NtHash = cfg->nt_hash,
                                  .MinVersion = cfg->client_min, .MaxVersion = cfg->client_max,
                                  .Flags = cfg->client_flags, .DelegationTargets = cfg->delegation_targets,
                                  .SmartCard = cfg->smartcard, .RemoteGuard = cfg->remote_guard };
    /* A fixed server key (tests/data): RSA-2048 generation is slow. */
    static const char cert_path[] = CREDSSP_TEST_DATA "/loopback-cert.pem",
                      key_path[] = CREDSSP_TEST_DATA "/loopback-key.pem";
    CREDSSP_LINUX_CRED server = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(cfg->users_text),
                                  .CertFile = cert_path, .KeyFile = key_path,
                                  .MinVersion = cfg->server_min, .MaxVersion = cfg->server_max,
                                  .Flags = cfg->server_flags };
    TimeStamp ts;
    SECURITY_STATUS st = credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &client,
                                                           NULL, NULL, cc, &ts);
    if (st != SEC_E_OK)
        return st;
    st = credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &server, NULL, NULL, sc,
                                           &ts);
    if (st != SEC_E_OK)
        credssp_FreeCredentialsHandle(cc);
    return st;
}

typedef struct side {
    CtxtHandle ctx;
    bool started;
    SECURITY_STATUS st;
    uint32_t attrs;
} side;

/* One call on one side with token in; *out receives the output token (package-allocated). */
static void call(bool server, const loop_cfg *cfg, CredHandle *cred, side *s, const uint8_t *in, size_t in_len,
                 uint8_t **out, size_t *out_len)
{
    SecBuffer ib[2] = { { (uint32_t)in_len, SECBUFFER_TOKEN, (void *)(uintptr_t)in }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc idesc = { SECBUFFER_VERSION, 2, ib };
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc odesc = { SECBUFFER_VERSION, 1, &ob };
    if (server)
        s->st = credssp_AcceptSecurityContext(cred, s->started ? &s->ctx : NULL, &idesc,
                                              cfg->asc_req | ASC_REQ_ALLOCATE_MEMORY, SECURITY_NATIVE_DREP, &s->ctx,
                                              &odesc, &s->attrs, NULL);
    else {
        /* The first call carries only the supplied credentials, if any. */
        SecBuffer pkg = { (uint32_t)cfg->supplied_len, SECBUFFER_PKG_PARAMS, (void *)(uintptr_t)cfg->supplied };
        SecBufferDesc pdesc = { SECBUFFER_VERSION, 1, &pkg };
        PSecBufferDesc first = cfg->supplied != NULL ? &pdesc : NULL;
        s->st = credssp_InitializeSecurityContextA(cred, s->started ? &s->ctx : NULL, "TERMSRV/localhost",
                                                   cfg->isc_req | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                                   s->started ? &idesc : first, 0, &s->ctx, &odesc, &s->attrs, NULL);
    }
    if (s->st == SEC_I_CONTINUE_NEEDED || s->st == SEC_E_OK)
        s->started = true;
    *out = ob.pvBuffer;
    *out_len = ob.cbBuffer;
}

static bool going(SECURITY_STATUS st)
{
    return st == SEC_I_CONTINUE_NEEDED;
}

void loop_run_keep(const loop_cfg *cfg, loop_result *r, CredHandle *cc, CredHandle *sc, CtxtHandle *cx,
                   CtxtHandle *sx)
{
    memset(r, 0, sizeof *r);
    r->acquire = acquire(cfg, cc, sc);
    if (r->acquire != SEC_E_OK) {
        r->client = r->server = r->acquire;
        snprintf(r->client_error, sizeof r->client_error, "%s", credssp_last_error());
        return;
    }
    loop_exchange(cfg, cc, sc, r, cx, sx);
}

void loop_exchange(const loop_cfg *cfg, CredHandle *cc, CredHandle *sc, loop_result *r, CtxtHandle *cx,
                   CtxtHandle *sx)
{
    side c = { 0 }, s = { 0 };
    uint8_t *tok = NULL;
    size_t len = 0;
    bool client_turn = false;
    s.st = SEC_I_CONTINUE_NEEDED;
    call(false, cfg, cc, &c, NULL, 0, &tok, &len);
    /* Whoever holds a token gives it to the other, until neither goes on or
     * no token is left to deliver. */
    for (int i = 0; i < 32 && len > 0; i++) {
        uint8_t *next = NULL;
        size_t next_len = 0;
        r->messages++;
        if (client_turn) {
            if (!going(c.st))
                break;
            call(false, cfg, cc, &c, tok, len, &next, &next_len);
        } else {
            if (!going(s.st))
                break;
            call(true, cfg, sc, &s, tok, len, &next, &next_len);
        }
        credssp_FreeContextBuffer(tok);
        tok = next;
        len = next_len;
        client_turn = !client_turn;
    }
    credssp_FreeContextBuffer(tok);
    r->client = c.st;
    r->server = s.st;
    r->client_attrs = c.attrs;
    r->server_attrs = s.attrs;
    CREDSSP_LAST_ERROR e;
    if (c.started && credssp_QueryContextAttributesA(&c.ctx, CREDSSP_ATTR_LAST_ERROR, &e) == SEC_E_OK) {
        snprintf(r->client_error, sizeof r->client_error, "%s", e.Text);
        r->error_code_received = e.NtStatus;
    } else if (!c.started) {
        snprintf(r->client_error, sizeof r->client_error, "%s", credssp_last_error());
    }
    if (s.started && credssp_QueryContextAttributesA(&s.ctx, CREDSSP_ATTR_LAST_ERROR, &e) == SEC_E_OK)
        snprintf(r->server_error, sizeof r->server_error, "%s", e.Text);
    if (c.started)
        credssp_QueryContextAttributesA(&c.ctx, CREDSSP_ATTR_PROTOCOL_INFO, &r->client_info);
    if (s.started && credssp_QueryContextAttributesA(&s.ctx, CREDSSP_ATTR_PROTOCOL_INFO, &r->server_info) == SEC_E_OK) {
        snprintf(r->peer_user, sizeof r->peer_user, "%s", r->server_info.User);
        snprintf(r->peer_domain, sizeof r->peer_domain, "%s", r->server_info.Domain);
    }
    r->server_info.User = r->peer_user;
    r->server_info.Domain = r->peer_domain;
    r->client_info.User = r->client_info.Domain = r->client_info.TlsVersion = r->server_info.TlsVersion = "";
    CREDSSP_DELEGATED_CREDENTIALS d;
    if (s.started && credssp_QueryContextAttributesA(&s.ctx, CREDSSP_ATTR_DELEGATED_CREDENTIALS, &d) == SEC_E_OK) {
        r->deleg_type = d.CredType;
        snprintf(r->deleg_user, sizeof r->deleg_user, "%s", d.User);
        snprintf(r->deleg_domain, sizeof r->deleg_domain, "%s", d.Domain);
        snprintf(r->deleg_password, sizeof r->deleg_password, "%s", d.Password);
    }
    memset(cx, 0, sizeof *cx);
    memset(sx, 0, sizeof *sx);
    if (c.started)
        *cx = c.ctx;
    if (s.started)
        *sx = s.ctx;
}

void loop_run(const loop_cfg *cfg, loop_result *r)
{
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(cfg, r, &cc, &sc, &cx, &sx);
    if (r->acquire != SEC_E_OK)
        return;
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

SECURITY_STATUS loop_seal(CtxtHandle *ctx, const char *msg, uint32_t trailer, uint8_t *wire, size_t *wire_len)
{
    size_t n = strlen(msg);
    memcpy(wire + 5, msg, n);
    SecBuffer b[3] = { { 5, SECBUFFER_STREAM_HEADER, wire },
                       { (uint32_t)n, SECBUFFER_DATA, wire + 5 },
                       { trailer, SECBUFFER_STREAM_TRAILER, wire + 5 + n } };
    SecBufferDesc d = { SECBUFFER_VERSION, 3, b };
    SECURITY_STATUS st = credssp_EncryptMessage(ctx, 0, &d, 0);
    if (wire_len != NULL)
        *wire_len = st == SEC_E_OK ? (size_t)b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer : 0;
    return st;
}

SECURITY_STATUS loop_unseal(CtxtHandle *ctx, uint8_t *wire, size_t len, const char *want)
{
    SecBuffer b[4] = { { (uint32_t)len, SECBUFFER_DATA, wire }, { 0, SECBUFFER_EMPTY, NULL },
                       { 0, SECBUFFER_EMPTY, NULL }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc d = { SECBUFFER_VERSION, 4, b };
    SECURITY_STATUS st = credssp_DecryptMessage(ctx, &d, 0, NULL);
    if (st == SEC_E_OK && want != NULL && (b[1].cbBuffer != strlen(want) || memcmp(b[1].pvBuffer, want, b[1].cbBuffer)))
        return SEC_E_MESSAGE_ALTERED;
    return st;
}

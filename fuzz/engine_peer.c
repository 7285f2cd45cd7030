/* SPDX-License-Identifier: Apache-2.0 */
/* The shared state and helpers of the engine harnesses; see engine_peer.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_peer.h"

uint32_t engine_peer_client_req = ENGINE_PEER_REQ_CLIENT;

const engine_profile engine_client_profiles[ENGINE_PROFILES] = {
    { "default", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v2", 2, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v3", 3, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v4", 4, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v5", 5, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "wrong-password", 6, 2, 0, EK_WRONG_PASSWORD, 0, NULL, NULL, 0 },
    { "wrong-password-v4", 4, 2, 0, EK_WRONG_PASSWORD, 0, NULL, NULL, 0 },
    { "wrong-password-v5", 5, 2, 0, EK_WRONG_PASSWORD, 0, NULL, NULL, 0 },
    { "nt-hash", 6, 2, 0, EK_NT_HASH, ISC_REQ_DELEGATE, NULL, NULL, 0 },
    { "smartcard", 6, 2, 0, EK_SMARTCARD, 0, NULL, NULL, 0 },
    { "remote-guard", 6, 2, 0, EK_REMOTE_GUARD, 0, NULL, NULL, 0 },
    { "mic-consumes-seq", 6, 2, CREDSSP_CRED_MIC_CONSUMES_SEQ, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "no-delegate", 6, 2, 0, EK_PASSWORD, ISC_REQ_DELEGATE, NULL, NULL, 0 },
    { "domain", 6, 2, 0, EK_PASSWORD, 0, "CONTOSO", NULL, 0 },
    { "min5", 6, 5, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "no-mutual", 6, 2, 0, EK_PASSWORD, ISC_REQ_MUTUAL_AUTH, NULL, NULL, 0 },
    { "delegation-allowed", 6, 2, 0, EK_PASSWORD, 0, NULL, "HOST/other, termsrv/*", 0 },
    { "delegation-refused", 6, 2, 0, EK_PASSWORD, 0, NULL, "HOST/other,TERMSRV/elsewhere", 0 },
    { "no-ntlm-delegation", 6, 2, CREDSSP_CRED_NO_NTLM_DELEGATION, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "wrong-password-extended-error", 6, 2, 0, EK_WRONG_PASSWORD, 0, NULL, NULL, ISC_REQ_EXTENDED_ERROR },
    { "wrong-password-v3", 3, 2, 0, EK_WRONG_PASSWORD, 0, NULL, NULL, 0 },
};
const engine_profile engine_server_profiles[ENGINE_PROFILES] = {
    { "default", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v2", 2, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v3", 3, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v4", 4, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v5", 5, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "min5", 6, 5, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "mic-consumes-seq", 6, 2, CREDSSP_CRED_MIC_CONSUMES_SEQ, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-7", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-8", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-9", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-10", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-11", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-12", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-13", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-14", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "default-15", 6, 2, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
    { "v3-min3", 3, 3, 0, EK_PASSWORD, 0, NULL, NULL, 0 },
};

static const CREDSSP_SMARTCARD_CRED engine_smartcard = { "1234", 1, "Card", "Reader", "Container",
                                                         "Microsoft Base Smart Card Crypto Provider", "alice",
                                                         "CONTOSO" };
static const uint8_t engine_guard_blob[] = { 0x01, 0x02, 0x03, 0x04 };
static const CREDSSP_PACKAGE_CRED engine_guard_supplemental[1] = { { "NTLM", engine_guard_blob, 4 } };
static const CREDSSP_REMOTE_GUARD_CRED engine_remote_guard = { { "Kerberos", engine_guard_blob, 4 }, 1,
                                                               engine_guard_supplemental };

/* [0] raw NTLM, [1] SPNEGO: clients from version 2 up, and a server. */
CredHandle engine_client_cred[2], engine_server_cred;

static char engine_users_path[] = "/tmp/credssp-fuzz-users-XXXXXX";

void engine_peer_remove_users(void)
{
    unlink(engine_users_path);
}

void engine_peer_setup(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    int fd = mkstemp(engine_users_path);
    if (fd < 0 || write(fd, ENGINE_PEER_SAM ENGINE_PEER_SAM_DOMAIN, strlen(ENGINE_PEER_SAM ENGINE_PEER_SAM_DOMAIN)) < 0)
        abort();
    close(fd);
    char *path = engine_users_path;
    for (int i = 0; i < 2; i++) {
        CREDSSP_LINUX_CRED c = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!",
                                 .MinVersion = 2, .Flags = i ? CREDSSP_CRED_SPNEGO : 0 };
        if (credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &c, NULL, NULL,
                                              &engine_client_cred[i], NULL) != SEC_E_OK)
            abort();
    }
    CREDSSP_LINUX_CRED s = { .Type = CredsspLinuxCreds, .UserFile = path };
    if (credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &s, NULL, NULL,
                                          &engine_server_cred, NULL) != SEC_E_OK)
        abort();
    /* The file stays until exit: profiles' server credentials read it later. */
    atexit(engine_peer_remove_users);
}

/* The credential of a profile (made once, kept for the process). */
CredHandle *engine_profile_cred(int server, unsigned profile, int spnego)
{
    static CredHandle creds[2][ENGINE_PROFILES][2];
    static int made[2][ENGINE_PROFILES][2];
    profile %= ENGINE_PROFILES;
    spnego = spnego != 0;
    server = server != 0;
    if (made[server][profile][spnego])
        return &creds[server][profile][spnego];
    engine_peer_setup();
    const engine_profile *table = server ? engine_server_profiles : engine_client_profiles;
    const engine_profile *p = table[profile].name != NULL ? &table[profile] : &table[0];
    CREDSSP_LINUX_CRED c = { .Type = CredsspLinuxCreds, .MinVersion = p->min_version, .MaxVersion = p->max_version,
                             .Flags = p->flags | (spnego ? CREDSSP_CRED_SPNEGO : 0u) };
    if (server) {
        c.UserFile = engine_users_path;
    } else {
        c.User = p->domain != NULL ? "bob" : "alice";
        c.Domain = p->domain;
        c.Password = p->kind == EK_WRONG_PASSWORD ? "wrong" : p->domain != NULL ? "S3cret-bob" : "Passw0rd!";
        if (p->kind == EK_NT_HASH) {
            c.Password = NULL;
            c.NtHash = "fc525c9683e8fe067095ba2ddc971889";
        }
        c.DelegationTargets = p->delegation_targets;
        c.SmartCard = p->kind == EK_SMARTCARD ? &engine_smartcard : NULL;
        c.RemoteGuard = p->kind == EK_REMOTE_GUARD ? &engine_remote_guard : NULL;
    }
    if (credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND,
                                          NULL, &c, NULL, NULL, &creds[server][profile][spnego], NULL) != SEC_E_OK)
        abort();
    made[server][profile][spnego] = 1;
    return &creds[server][profile][spnego];
}

/* The client's fContextReq under a profile. */
uint32_t engine_profile_client_req(unsigned profile)
{
    const engine_profile *p = &engine_client_profiles[profile % ENGINE_PROFILES];
    return (ENGINE_PEER_REQ_CLIENT | p->req_set) & ~p->req_clear;
}

/* One call: in (may be NULL) to one side; the output (if any) replaces
 * io->out; *spare (if given) receives the input's second buffer
 * (SECBUFFER_MISSING or SECBUFFER_EXTRA). */
SECURITY_STATUS engine_peer_call_spare(int server, CredHandle *cred, engine_io *io, const uint8_t *in,
                                                     size_t len, SecBuffer *spare)
{
    SecBuffer ib[2] = { { (uint32_t)len, SECBUFFER_TOKEN, (void *)(uintptr_t)in }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc idesc = { SECBUFFER_VERSION, 2, ib };
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc odesc = { SECBUFFER_VERSION, 1, &ob };
    uint32_t attrs;
    SECURITY_STATUS st;
    if (server)
        st = credssp_AcceptSecurityContext(cred, io->started ? &io->ctx : NULL, &idesc, ENGINE_PEER_REQ_SERVER,
                                           SECURITY_NATIVE_DREP, &io->ctx, &odesc, &attrs, NULL);
    else
        st = credssp_InitializeSecurityContextA(cred, io->started ? &io->ctx : NULL, ENGINE_PEER_TARGET,
                                                engine_peer_client_req, 0, SECURITY_NATIVE_DREP,
                                                io->started ? &idesc : NULL, 0, &io->ctx, &odesc, &attrs, NULL);
    if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED)
        io->started = 1;
    if (spare == NULL || ob.cbBuffer > 0) {
        credssp_FreeContextBuffer(io->out);
        io->out = ob.pvBuffer;
        io->out_len = ob.cbBuffer;
    }
    if (spare != NULL)
        *spare = ib[1];
    return st;
}

SECURITY_STATUS engine_peer_call(int server, CredHandle *cred, engine_io *io, const uint8_t *in, size_t len)
{
    return engine_peer_call_spare(server, cred, io, in, len, NULL);
}

void engine_peer_end(engine_io *io)
{
    credssp_FreeContextBuffer(io->out);
    if (io->started)
        credssp_DeleteSecurityContext(&io->ctx);
    memset(io, 0, sizeof *io);
}

/* The data channel of an established context: rec (len bytes, a copy the
 * call may overwrite) to DecryptMessage, and what it opened back through
 * EncryptMessage; returns DecryptMessage's status. */
SECURITY_STATUS engine_peer_data(CtxtHandle *ctx, uint8_t *rec, size_t len)
{
    SecBuffer b[4] = { { (uint32_t)len, SECBUFFER_DATA, rec }, { 0, SECBUFFER_EMPTY, NULL },
                       { 0, SECBUFFER_EMPTY, NULL }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc d = { SECBUFFER_VERSION, 4, b };
    SECURITY_STATUS st = credssp_DecryptMessage(ctx, &d, 0, NULL);
    if (st == SEC_E_OK && b[1].BufferType == SECBUFFER_DATA && b[1].cbBuffer > 0 && b[1].cbBuffer <= 16384) {
        SecPkgContext_StreamSizes sizes;
        static uint8_t wire[5 + 16384 + 64];
        if (credssp_QueryContextAttributesA(ctx, SECPKG_ATTR_STREAM_SIZES, &sizes) != SEC_E_OK ||
            sizes.cbTrailer > 64)
            abort();
        memcpy(wire + 5, b[1].pvBuffer, b[1].cbBuffer);
        SecBuffer e[3] = { { 5, SECBUFFER_STREAM_HEADER, wire },
                           { b[1].cbBuffer, SECBUFFER_DATA, wire + 5 },
                           { sizes.cbTrailer, SECBUFFER_STREAM_TRAILER, wire + 5 + b[1].cbBuffer } };
        SecBufferDesc ed = { SECBUFFER_VERSION, 3, e };
        if (credssp_EncryptMessage(ctx, 0, &ed, 0) != SEC_E_OK)
            abort(); /* an established context seals what it opened */
    }
    return st;
}

/* A TSRequest as one application-data record of the pass-through TLS. */
size_t engine_peer_record(const uint8_t *msg, size_t len, uint8_t *out)
{
    out[0] = 23;
    out[1] = 3;
    out[2] = 3;
    out[3] = (uint8_t)(len >> 8);
    out[4] = (uint8_t)len;
    memcpy(out + 5, msg, len);
    return len + 5;
}

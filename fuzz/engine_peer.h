/*
 * What the two engine harnesses and the seed recorder share (fuzzing build:
 * TLS a pass-through, entropy fixed): credentials made once, a call helper,
 * and record framing for peer messages.
 */
#ifndef CREDSSP_FUZZ_ENGINE_PEER_H
#define CREDSSP_FUZZ_ENGINE_PEER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <credssp/credssp.h>

#define ENGINE_PEER_SAM "alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n"
#define ENGINE_PEER_TARGET "TERMSRV/fuzz"
#define ENGINE_PEER_REQ_CLIENT (ISC_REQ_DELEGATE | ISC_REQ_MUTUAL_AUTH | ISC_REQ_ALLOCATE_MEMORY)
#define ENGINE_PEER_REQ_SERVER (ASC_REQ_EXTENDED_ERROR | ASC_REQ_ALLOCATE_MEMORY)

/* The client's fContextReq (tests change it). */
static uint32_t engine_peer_client_req = ENGINE_PEER_REQ_CLIENT;

/* [0] raw NTLM, [1] SPNEGO: clients from version 2 up, and a server. */
static CredHandle engine_client_cred[2], engine_server_cred;

static inline void engine_peer_setup(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    char path[] = "/tmp/credssp-fuzz-users-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, ENGINE_PEER_SAM, strlen(ENGINE_PEER_SAM)) < 0)
        abort();
    close(fd);
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
    unlink(path);
}

typedef struct engine_io {
    uint8_t *out;
    size_t out_len;
    int started;
    CtxtHandle ctx;
} engine_io;

/* One call: in (may be NULL) to one side; the output (if any) replaces
 * io->out; *spare (if given) receives the input's second buffer
 * (SECBUFFER_MISSING or SECBUFFER_EXTRA). */
static inline SECURITY_STATUS engine_peer_call_spare(int server, CredHandle *cred, engine_io *io, const uint8_t *in,
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

static inline SECURITY_STATUS engine_peer_call(int server, CredHandle *cred, engine_io *io, const uint8_t *in, size_t len)
{
    return engine_peer_call_spare(server, cred, io, in, len, NULL);
}

static inline void engine_peer_end(engine_io *io)
{
    credssp_FreeContextBuffer(io->out);
    if (io->started)
        credssp_DeleteSecurityContext(&io->ctx);
    memset(io, 0, sizeof *io);
}

/* A TSRequest as one application-data record of the pass-through TLS. */
static inline size_t engine_peer_record(const uint8_t *msg, size_t len, uint8_t *out)
{
    out[0] = 23;
    out[1] = 3;
    out[2] = 3;
    out[3] = (uint8_t)(len >> 8);
    out[4] = (uint8_t)len;
    memcpy(out + 5, msg, len);
    return len + 5;
}

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the engine harnesses, the seed recorder and the tests on the fuzzing
 * twin share (engine_peer.c; TLS a pass-through, entropy fixed):
 * credentials made once, a call helper, and record framing for peer
 * messages.  The state lives in engine_peer.c, once per program.
 */
#ifndef CREDSSP_FUZZ_ENGINE_PEER_H
#define CREDSSP_FUZZ_ENGINE_PEER_H

#include <stddef.h>
#include <stdint.h>

#include <credssp/credssp.h>

#define ENGINE_PEER_SAM "alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n"
/* CONTOSO\bob, password S3cret-bob (winpr-hash). */
#define ENGINE_PEER_SAM_DOMAIN "bob:CONTOSO:aad3b435b51404eeaad3b435b51404ee:b37a5acf3367f8db435b6a9f12e9382d:::\n"
#define ENGINE_PEER_TARGET "TERMSRV/fuzz"
#define ENGINE_PEER_REQ_CLIENT (ISC_REQ_DELEGATE | ISC_REQ_MUTUAL_AUTH | ISC_REQ_ALLOCATE_MEMORY)
#define ENGINE_PEER_REQ_SERVER (ASC_REQ_EXTENDED_ERROR | ASC_REQ_ALLOCATE_MEMORY)

/* The client's fContextReq (tests and profiles change it). */
extern uint32_t engine_peer_client_req;

/* Profiles of the side under test, chosen by bits 2-5 of an engine input's
 * first byte (fuzz_engine.c): versions, credential kinds and policies, so
 * the harnesses reach every version's pubKeyAuth, the errorCode paths and
 * every kind of delegated credential.  Profile 0 is the default. */
typedef enum engine_kind { EK_PASSWORD, EK_WRONG_PASSWORD, EK_NT_HASH, EK_SMARTCARD, EK_REMOTE_GUARD } engine_kind;

typedef struct engine_profile {
    const char *name;
    uint32_t max_version, min_version;
    uint32_t flags;           /* CREDSSP_CRED_* beyond SPNEGO (bit 0 of the input) */
    engine_kind kind;         /* client: what it authenticates and delegates with */
    uint32_t req_clear;       /* client: ISC_REQ flags it does not ask */
    const char *domain;
    const char *delegation_targets; /* client: DelegationTargets */
    uint32_t req_set;         /* client: ISC_REQ flags it asks besides the default */
} engine_profile;

/* Bits 2-6 of the flags byte; a slot without a name is the default profile. */
#define ENGINE_PROFILES 32u
extern const engine_profile engine_client_profiles[ENGINE_PROFILES];
extern const engine_profile engine_server_profiles[ENGINE_PROFILES];

/* [0] raw NTLM, [1] SPNEGO: clients from version 2 up, and a server. */
extern CredHandle engine_client_cred[2], engine_server_cred;

typedef struct engine_io {
    uint8_t *out;
    size_t out_len;
    int started;
    CtxtHandle ctx;
} engine_io;

void engine_peer_remove_users(void);
void engine_peer_setup(void);
/* The credential of a profile (made once, kept for the process). */
CredHandle *engine_profile_cred(int server, unsigned profile, int spnego);
/* The client's fContextReq under a profile. */
uint32_t engine_profile_client_req(unsigned profile);
/* One call: in (may be NULL) to one side; the output (if any) replaces
 * io->out; *spare (if given) receives the input's second buffer
 * (SECBUFFER_MISSING or SECBUFFER_EXTRA). */
SECURITY_STATUS engine_peer_call_spare(int server, CredHandle *cred, engine_io *io, const uint8_t *in,
                                                     size_t len, SecBuffer *spare);
SECURITY_STATUS engine_peer_call(int server, CredHandle *cred, engine_io *io, const uint8_t *in, size_t len);
void engine_peer_end(engine_io *io);
/* The data channel of an established context: rec (len bytes, a copy the
 * call may overwrite) to DecryptMessage, and what it opened back through
 * EncryptMessage; returns DecryptMessage's status. */
SECURITY_STATUS engine_peer_data(CtxtHandle *ctx, uint8_t *rec, size_t len);
/* A TSRequest as one application-data record of the pass-through TLS. */
size_t engine_peer_record(const uint8_t *msg, size_t len, uint8_t *out);

#endif

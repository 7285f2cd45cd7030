/* SPDX-License-Identifier: Apache-2.0 */
/* A client and a server of the public API talking in one process. */
#ifndef CREDSSP_TEST_LOOPBACK_H
#define CREDSSP_TEST_LOOPBACK_H

#include <credssp/credssp.h>

typedef struct loop_cfg {
    uint32_t client_min, client_max, server_min, server_max;
    uint32_t client_flags, server_flags; /* CREDSSP_CRED_* */
    const char *user, *domain, *password, *nt_hash;
    uint32_t isc_req, asc_req;
    const char *users_text; /* the server's user file */
    const char *delegation_targets;
    const CREDSSP_SMARTCARD_CRED *smartcard;
    const CREDSSP_REMOTE_GUARD_CRED *remote_guard;
    const char *supplied; /* a SECBUFFER_PKG_PARAMS for the first call, supplied_len bytes */
    size_t supplied_len;
} loop_cfg;

typedef struct loop_result {
    SECURITY_STATUS client, server, acquire;
    uint32_t client_attrs, server_attrs;
    CREDSSP_PROTOCOL_INFO client_info, server_info;
    char deleg_user[128], deleg_domain[128], deleg_password[128];
    uint32_t deleg_type;
    uint32_t error_code_received;
    unsigned messages; /* tokens that went across */
    char client_error[256], server_error[256];
    char peer_user[128], peer_domain[128]; /* copies: the info's strings die with the context */
} loop_result;

/* The default: alice / Passw0rd!, both sides at their defaults, raw NTLM. */
loop_cfg loop_default(void);
/* Runs the whole exchange; fills r. */
void loop_run(const loop_cfg *cfg, loop_result *r);
/* A user file holding text, in a temporary file (removed at exit). */
const char *loop_user_file(const char *text);
/* With contexts kept for further calls (encrypt/decrypt); caller deletes. */
void loop_run_keep(const loop_cfg *cfg, loop_result *r, CredHandle *cc, CredHandle *sc, CtxtHandle *cx,
                   CtxtHandle *sx);

/* The exchange alone, with credentials the caller holds (shared across threads). */
void loop_exchange(const loop_cfg *cfg, CredHandle *cc, CredHandle *sc, loop_result *r, CtxtHandle *cx,
                   CtxtHandle *sx);

/* EncryptMessage of msg (a C string) into wire: STREAM_HEADER (5), DATA,
 * STREAM_TRAILER of trailer bytes; *wire_len (if given) the record's length,
 * 0 on failure. */
SECURITY_STATUS loop_seal(CtxtHandle *ctx, const char *msg, uint32_t trailer, uint8_t *wire, size_t *wire_len);
/* DecryptMessage of the record in wire; SEC_E_MESSAGE_ALTERED when the
 * plaintext is not want (NULL: any). */
SECURITY_STATUS loop_unseal(CtxtHandle *ctx, uint8_t *wire, size_t len, const char *want);

#endif

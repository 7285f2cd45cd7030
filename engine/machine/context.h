/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The engine's state: a credential (what AcquireCredentialsHandle made) and
 * a context (what InitializeSecurityContext / AcceptSecurityContext drive).
 * call.c runs one call: ingress (classify the input), machine_step (the
 * table), and collects the output; context.c holds their lifetimes.
 */
#ifndef CREDSSP_CONTEXT_H
#define CREDSSP_CONTEXT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <credssp/credssp.h>

#include "cs_limits.h"
#include "refcount.h"
#include "failure.h"
#include "machine.h"
#include "nego.h"
#include "pubkeyauth.h"
#include "tls.h"
#include "tscredentials_utf8.h"
#include "tsrequest.h"

#define CS_VERSION_MIN CS_VERSION_LOWEST
#define CS_VERSION_MAX CS_VERSION_HIGHEST

/* The ISC_REQ / ASC_REQ flags this package honours; any other is
 * SEC_E_UNSUPPORTED_FUNCTION (docs/status-codes.md). */
#define CS_ISC_SUPPORTED                                                                                          \
    (ISC_REQ_DELEGATE | ISC_REQ_MUTUAL_AUTH | ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT |                   \
     ISC_REQ_CONFIDENTIALITY | ISC_REQ_USE_SUPPLIED_CREDS | ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONNECTION |         \
     ISC_REQ_EXTENDED_ERROR | ISC_REQ_STREAM | ISC_REQ_INTEGRITY | ISC_REQ_MANUAL_CRED_VALIDATION)
#define CS_ASC_SUPPORTED                                                                                          \
    (ASC_REQ_DELEGATE | ASC_REQ_MUTUAL_AUTH | ASC_REQ_REPLAY_DETECT | ASC_REQ_SEQUENCE_DETECT |                   \
     ASC_REQ_CONFIDENTIALITY | ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_CONNECTION | ASC_REQ_EXTENDED_ERROR |             \
     ASC_REQ_STREAM | ASC_REQ_INTEGRITY)

/* Of those, the ones a call reports back as their ISC_RET / ASC_RET
 * counterparts just because they were asked (same bit values); the others
 * come back on conditions (attributes.c: MUTUAL_AUTH once the server is
 * verified, USED_SUPPLIED_CREDS, ALLOCATED_MEMORY, MANUAL_CRED_VALIDATION
 * always, a server's DELEGATE once credentials came). */
#define CS_ISC_ECHOED                                                                                             \
    (CS_ISC_SUPPORTED & ~(ISC_REQ_MUTUAL_AUTH | ISC_REQ_USE_SUPPLIED_CREDS | ISC_REQ_ALLOCATE_MEMORY |            \
                          ISC_REQ_MANUAL_CRED_VALIDATION))
#define CS_ASC_ECHOED (CS_ASC_SUPPORTED & ~ASC_REQ_ALLOCATE_MEMORY)

/* Plaintext awaiting a whole TSRequest, and output per call, are capped. */
#define CS_MAX_MESSAGE CS_LIMIT_MESSAGE

/* The public view of delegated credentials has room for the codec's. */
_Static_assert(CREDSSP_MAX_SUPPLEMENTAL == TSCRED_MAX_SUPPLEMENTAL, "supplemental package bounds differ");

typedef struct cs_credential {
    refcounted hobj; /* references: the handle, each context using it, each call holding it */
    bool outbound, inbound;
    ntlm_crypto *crypto;
    /* client */
    bool has_identity;
    ntlm_identity identity;
    char *user, *domain, *password; /* UTF-8; password NULL with an NT hash; wiped */
    /* server */
    ntlm_user_db *users;
    X509 *cert;
    EVP_PKEY *key;
    /* both */
    long min_version, max_version;
    nego_framing framing;
    spnego_mic_seq mic_seq;
    bool tls12_only;
    bool no_ntlm_delegation;
    char *delegation_targets; /* NULL: any target */
    char *client_ca_file;     /* server: request client certificates from these CAs */
    cs_other_creds other;     /* smart-card or Remote Guard credentials to delegate */
    tls_keylog_fn keylog;
    void *keylog_arg;
    void (*trace)(void *arg, const CREDSSP_TRACE *t);
    void *trace_arg;
} cs_credential;

typedef struct cs_buf {
    uint8_t *data;
    size_t len, cap;
} cs_buf;

typedef struct cs_context {
    refcounted hobj; /* references: the handle and each call in progress */
    /* Calls on one context are serialised: a call holds this lock from its
     * first look at the context to its last (README, "Threads"). */
    pthread_mutex_t lock;
    bool deleted;    /* DeleteSecurityContext ran: calls still waiting for the lock fail */
    bool server;
    machine_state state;
    cs_credential *cred;
    uint32_t req;   /* ISC_REQ_* / ASC_REQ_* of the first call */
    uint32_t call_req; /* those of this call: any unsupported one fails it */
    char *target;   /* client: the SPN */
    bool supplied;  /* the credentials came from SECBUFFER_PKG_PARAMS */
    bool reauthenticated; /* a call after SEC_E_OK started a new exchange */
    cs_credential *offered; /* a credential passed on a later call (a certificate after
                               SEC_I_INCOMPLETE_CREDENTIALS) */
    CERT_NAME_BLOB *issuers;  /* the CAs the server named, after SEC_I_INCOMPLETE_CREDENTIALS */
    uint32_t issuer_count;
    tls_conn *tls;
    nego_client *nc;
    nego_server *ns;

    /* this call */
    const uint8_t *in;    /* whole TLS records */
    size_t in_len;
    cs_buf out;           /* TLS records to send */
    size_t missing;       /* with SEC_E_INCOMPLETE_MESSAGE */
    tsrequest_msg msg;    /* the TSRequest being handled */
    bool has_msg;
    cs_buf rx;            /* application data not yet a whole TSRequest */
    const uint8_t *nego_out; /* an inner token to send with the next TSRequest */
    size_t nego_out_len;

    /* versions ([MS-CSSP] 2.2.1) */
    long own_version;
    bool has_peer_version;
    long peer_version;    /* as sent */
    long version;         /* effective: min(own, peer, 6) */

    uint8_t nonce[PUBKEYAUTH_NONCE_LEN];
    bool has_nonce;
    uint8_t *server_key;  /* SubjectPublicKey of the TLS server certificate */
    size_t server_key_len;
    uint8_t *peer_cert;   /* the peer's certificate, DER, when asked for */
    size_t peer_cert_len;

    /* an output the caller's buffer was too small for, kept for the retry
     * (SEC_E_BUFFER_TOO_SMALL loses nothing) */
    bool pending;
    int32_t pending_status;
    cs_buf pending_input; /* what that call consumed: a retry passes it again */

    /* the actions of this call, for the trace */
    char actions[160];

    /* outcome */
    bool reported;
    uint32_t error_code;  /* an errorCode sent or received */
    cs_failure failure;   /* this call's first failure (base/failure.h) */
    char peer_user[NTLM_MAX_NAME * 2], peer_domain[NTLM_MAX_NAME * 2];
    ts_delegated deleg; /* server: what the client delegated (wiped) */
    CREDSSP_PACKAGE_CRED deleg_packages[1 + CREDSSP_MAX_SUPPLEMENTAL]; /* views for the caller */
} cs_context;

/* A new context with one reference, its creator's. */
cs_context *cs_context_new(cs_credential *cred, bool server, uint32_t req, const char *target);
void cs_context_unref(cs_context *c);

/* A new, empty credential with one reference, its creator's. */
cs_credential *cs_credential_alloc(void);
void cs_credential_ref(cs_credential *cred);
void cs_credential_unref(cs_credential *cred);

/* Helpers for actions and ingress. */
/* Records this call's failure, unless one is recorded (the first wins), with
 * its site: cs_fail(c, CREDSSP_REASON_X, "sentence", ...). */
#define cs_fail(c, reason, ...) failure_set(&(c)->failure, CS_SITE, (reason), __VA_ARGS__)
/* The same for a message that did not parse: its stage, rule and offset. */
#define cs_fail_parse(c, reason, stage, rule, offset, ...)                                                       \
    failure_set_parse(&(c)->failure, CS_SITE, (reason), (stage), (rule), (offset), __VA_ARGS__)
/* The same from a decoder's codec_error. */
#define cs_fail_codec(c, reason, err, ...)                                                                         \
    failure_set_parse(&(c)->failure, CS_SITE, (reason), cs_codec_stage((err)->result), (uint32_t)(err)->der,     \
                      (err)->offset, __VA_ARGS__)
/* CREDSSP_STAGE_* of a decoder's result. */
uint32_t cs_codec_stage(codec_result r);
bool cs_buf_append(cs_buf *b, const uint8_t *data, size_t len);
void cs_buf_wipe(cs_buf *b);
void cs_drop_message(cs_context *c);
/* Reports a TSRequest sent or received to the credential's trace callback. */
void cs_trace_message(const cs_context *c, uint32_t kind, const uint8_t *der, size_t len);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An independent model of what InitializeSecurityContext (the client) and
 * AcceptSecurityContext (the server) of CredSSP answer, written from
 * [MS-CSSP] 3.1.5 and the seed's return codes (model.c), and the check that
 * holds the real transition tables, driven through the real machine_step,
 * to it (check.c).
 *
 * The model knows nothing of the tables' states or rows.  It has its own
 * phases of the exchange, and for each call (an event, as ingress classifies
 * the caller's input) it says which operations run, in which order, and
 * what the call returns.  The operations are the actions' names: they are
 * the vocabulary both share.  What an operation answers (it failed, it
 * finished the handshake, ...) is asked of an oracle, which the check
 * drives through every answer the action's contract allows.
 */
#ifndef CREDSSP_MODEL_H
#define CREDSSP_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"

typedef enum model_phase {
    /* client */
    P_C_START,           /* nothing sent */
    P_C_TLS,             /* ClientHello sent, the handshake runs */
    P_C_CERT_WANTED,     /* the server asked for a certificate the credential lacks */
    P_C_NEGOTIATE_SENT,  /* TLS up, the first negoToken sent (3.1.5 step 2) */
    P_C_AUTH_SENT,       /* the last negoToken and our pubKeyAuth sent (step 3) */
    /* server */
    P_S_START,           /* nothing received */
    P_S_TLS,             /* the handshake runs */
    P_S_TLS_DONE,        /* TLS up; the client speaks first (step 2) */
    P_S_CHALLENGE_SENT,  /* our negoToken sent (step 2) */
    P_S_PUBKEY_SENT,     /* the client authenticated and bound, our pubKeyAuth sent (step 4) */
    /* both */
    P_ESTABLISHED,       /* SEC_E_OK returned */
    P_FAILED,            /* an error returned; the context is dead */
    P_COUNT,
    P_NONE = -1,         /* a machine state that has no phase: it exists only inside a call */
} model_phase;

/* The answers an operation can give, as the oracle reports them. */
typedef struct model_oracle model_oracle;
act_result model_perform(model_oracle *o, machine_action op);

/* What one call returns and where the exchange then is. */
typedef struct model_answer {
    machine_status status;
    model_phase next;
    bool undefined; /* the model has no rule for what the oracle answered */
} model_answer;

/* The status an operation failed with, as the model passes it on: the
 * oracle's failures carry this value. */
#define MODEL_OP_FAILURE ((machine_status)0x8009FFF1)

model_answer model_client_call(model_phase p, machine_event e, model_oracle *o);
model_answer model_server_call(model_phase p, machine_event e, model_oracle *o);

const char *model_phase_name(model_phase p);

/* The statuses a call may return: the seed's, and the ones this package
 * adds (docs/status-codes.md, "added"). */
bool model_status_listed(machine_status st);

#endif

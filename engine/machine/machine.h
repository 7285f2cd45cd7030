/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The transition engine: SSPI semantics as rows of data.
 *
 * A call's input is classified into an event (ingress.c); the row for
 * (state, event) names an action, the next state and the SSPI status
 * (transitions.c holds both tables).  machine_step looks the row up, runs
 * the action through machine_act (actions.c) and applies the row.  An action
 * may raise a follow-up event (the TLS handshake finished, the inner
 * authentication produced keys, a pubKeyAuth verified), which is looked up
 * in turn, so one call can take several rows.  A (state, event) pair with no
 * row takes the one failure row.
 */
#ifndef CREDSSP_MACHINE_H
#define CREDSSP_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "must_use.h"
#include "cs_limits.h"

typedef int32_t machine_status; /* a SECURITY_STATUS */

typedef enum machine_state {
    /* client */
    MS_C_INITIAL = 0,
    MS_C_TLS_HANDSHAKE,
    MS_C_NEED_CERT,
    MS_C_WAIT_CHALLENGE,
    MS_C_KEYS_READY,
    MS_C_WAIT_PUBKEY,
    MS_C_SERVER_VERIFIED,
    MS_C_DELEGATION_ALLOWED,
    /* server */
    MS_S_INITIAL,
    MS_S_TLS_HANDSHAKE,
    MS_S_WAIT_NEGOTIATE,
    MS_S_WAIT_AUTHENTICATE,
    MS_S_CLIENT_AUTHENTICATED,
    MS_S_CLIENT_VERIFIED,
    MS_S_WAIT_CREDENTIALS,
    /* both */
    MS_DONE,
    MS_FAILED,
    MS_COUNT,
    /* in rows only */
    MS_ANY = 100,  /* state: matches any state without its own row */
    MS_SAME = 101, /* next: stay */
} machine_state;

typedef enum machine_event {
    EV_NONE = 0,            /* no follow-up */
    /* classified from the caller's input */
    EV_NO_INPUT,            /* a call without a token (the first call: start) */
    EV_INPUT,               /* a call with a token, not read: for the states whose rows take no message */
    EV_TLS_RECORDS,         /* TLS handshake records */
    EV_TS_NEGO,             /* TSRequest: negoTokens */
    EV_TS_NEGO_PUBKEY,      /* TSRequest: negoTokens and pubKeyAuth */
    EV_TS_PUBKEY,           /* TSRequest: pubKeyAuth */
    EV_TS_AUTHINFO,         /* TSRequest: authInfo */
    EV_TS_ERROR,            /* TSRequest: errorCode */
    EV_TS_OTHER,            /* TSRequest: any other combination of fields */
    EV_VERSION_REFUSED,     /* the peer's version is below our minimum */
    EV_VERSION_CHANGED,     /* the peer's version changed mid-exchange */
    EV_MALFORMED,           /* a TLS record or TSRequest that does not decode */
    EV_INCOMPLETE,          /* a partial TLS record */
    EV_PARTIAL_MESSAGE,     /* whole records, but the TSRequest continues */
    EV_CERT_SUPPLIED,       /* client: a call without a token, with a credential that has a certificate */
    EV_PEER_CLOSED,         /* the peer closed: TLS close_notify, or the transport (the driver) */
    EV_UNSUPPORTED_FLAGS,   /* the first call asks for a flag CredSSP does not support */
    /* raised by actions */
    EV_TLS_ESTABLISHED,
    EV_CERT_REQUESTED,      /* client: the server asked for a certificate we lack */
    EV_KEYS_READY,          /* client: AUTHENTICATE made, sealing keys known */
    EV_CLIENT_AUTHENTICATED,/* server: AUTHENTICATE verified */
    EV_PUBKEY_VERIFIED,     /* the peer's pubKeyAuth verified */
    EV_DELEGATION_ALLOWED,  /* client: the delegation policy allows this target */
    EV_NEGO_FINISHED,       /* client: SPNEGO accepted, the mechListMIC verified */
    EV_EXCHANGE_RESET,      /* client: a finished context reset for a new exchange */
    EV_COUNT,
} machine_event;

typedef enum machine_action {
    ACT_NONE = 0,
    ACT_REJECT,               /* the failure row: an unexpected (state, event) */
    ACT_REPORT_FAILURE,       /* after any failure: tell the peer, if the contract says so */
    ACT_STAY_INCOMPLETE,      /* report the missing bytes, consume nothing */
    ACT_PEER_CLOSED,          /* the peer closed before the exchange ended */
    ACT_TLS_START,            /* client: ClientHello */
    ACT_CLIENT_RESET,         /* client: a fresh exchange on the same context (re-authentication) */
    ACT_CLIENT_KEEP_ISSUERS,  /* client: the CAs the server accepts, for SECPKG_ATTR_ISSUER_LIST_EX */
    ACT_CLIENT_TAKE_CERT,     /* client: the new credential's certificate; the handshake resumes */
    ACT_TLS_HANDSHAKE,        /* feed handshake records; may repeat */
    ACT_CLIENT_SEND_NEGOTIATE,
    ACT_CLIENT_AUTHENTICATE,  /* CHALLENGE in, AUTHENTICATE made */
    ACT_CLIENT_SEND_AUTH_PUBKEY,
    ACT_CLIENT_NEGO_FINISH,   /* SPNEGO: the server's last token */
    ACT_CLIENT_VERIFY_PUBKEY,
    ACT_CLIENT_CHECK_DELEGATION,
    ACT_CLIENT_SEND_CREDENTIALS,
    ACT_CLIENT_TAKE_ERROR,    /* a received errorCode */
    ACT_CLIENT_CLOSED_AFTER_AUTH, /* the server closed after our AUTHENTICATE: it refused the credentials */
    ACT_SERVER_CHALLENGE,     /* NEGOTIATE in, CHALLENGE out */
    ACT_SERVER_VERIFY_AUTH,   /* AUTHENTICATE verified */
    ACT_SERVER_VERIFY_PUBKEY,
    ACT_SERVER_SEND_PUBKEY,
    ACT_SERVER_TAKE_CREDENTIALS,
    ACT_COUNT,
} machine_action;

typedef struct machine_row {
    machine_state state;
    machine_event event;
    machine_action action;
    machine_state next;     /* when the action completes */
    machine_status status;  /* returned when the action completes */
    const char *cite;       /* the [MS-CSSP] step or seed paragraph */
} machine_row;

typedef struct machine_table {
    const char *name;
    const machine_row *rows;
    size_t count;
    const machine_row *fail; /* every pair without a row */
} machine_table;

typedef enum act_outcome {
    ACT_DONE = 0,  /* take the row's next state and status */
    ACT_FAIL,      /* go to MS_FAILED with the result's status */
} act_outcome;

typedef struct act_result {
    act_outcome outcome;
    machine_status status; /* with ACT_FAIL */
    machine_event follow;  /* EV_NONE or an event raised by the action */
} act_result;

typedef struct machine_result {
    machine_state state;
    machine_status status;
    unsigned rows_taken;
} machine_result;

/* Follow-up events per call: the longest chain is three rows. */
#define MACHINE_MAX_HOPS CS_LIMIT_HOPS

#define SEC_STATUS_INTERNAL ((machine_status)0x80090304)

/*@ predicate valid_table(machine_table *t) =
      \valid_read(t) && \valid_read(t->fail) && t->count <= 1000 &&
      \valid_read(t->rows + (0 .. t->count - 1)) &&
      \separated(t->fail, t->rows + (0 .. t->count - 1));

    // Row i is (state, event)'s own, or the first "any" row for event.
    predicate own_row(machine_table *t, integer i, machine_state s, machine_event e) =
      t->rows[i].state == s && t->rows[i].event == e;
    predicate any_row(machine_table *t, integer i, machine_event e) =
      t->rows[i].state == MS_ANY && t->rows[i].event == e;
    predicate has_own_row(machine_table *t, machine_state s, machine_event e) =
      \exists integer i; 0 <= i < t->count && own_row(t, i, s, e);
    predicate has_any_row(machine_table *t, machine_event e) =
      \exists integer i; 0 <= i < t->count && any_row(t, i, e);
*/

/* What the actions write (the context and all it owns: buffers, the TLS
 * object, the failure record) as one ghost region.  The tables are const
 * objects in read-only memory, so the actions cannot write them, and
 * machine_step's locals are its own: this region is the whole of what a
 * step may change besides its result.  (machine_act's former contract,
 * "assigns \nothing", was false: every action writes the context.) */
/*@ ghost extern int machine_actions_world; */

/* The row for (state, event): the first row of its own, else the first row
 * for MS_ANY and the event, else the failure row. */
/*@ requires valid_table(t);
    requires 0 <= state < MS_COUNT;
    assigns \nothing;
    behavior own:
      assumes has_own_row(t, state, event);
      ensures \exists integer i; 0 <= i < t->count && \result == t->rows + i && own_row(t, i, state, event) &&
              \forall integer j; 0 <= j < i ==> !own_row(t, j, state, event);
    behavior any:
      assumes !has_own_row(t, state, event) && has_any_row(t, event);
      ensures \base_addr(\result) == \base_addr(t->rows) && 0 <= \result - t->rows < t->count;
      ensures any_row(t, \result - t->rows, event);
      ensures \forall integer j; 0 <= j < \result - t->rows ==> !any_row(t, j, event);
    behavior none:
      assumes !has_own_row(t, state, event) && !has_any_row(t, event);
      ensures \result == t->fail;
    complete behaviors;
    disjoint behaviors;
*/
const machine_row *machine_lookup(const machine_table *t, machine_state state, machine_event event);

/* Runs one action on the engine context (actions.c); status is the row's
 * (for ACT_REPORT_FAILURE, the failure's).  actions.c holds every action to
 * its contract (act_contract.c), hence the ensures: a failure carries a
 * failure status, a follow-up is an event. */
/*@ assigns machine_actions_world;
    ensures \result.outcome == ACT_DONE || \result.outcome == ACT_FAIL;
    ensures \result.outcome == ACT_FAIL ==> \result.status < 0;
    ensures EV_NONE <= \result.follow < EV_COUNT;
*/
act_result machine_act(machine_action action, machine_status status, void *ctx) CS_MUST_USE;

/* One call: the row for (state, event), its action, its follow-ups.  The
 * tables are only read; what the rows mean is checked against a model of
 * [MS-CSSP] by proofs/model/, not here. */
/*@ requires valid_table(t);
    requires 0 <= state < MS_COUNT;
    assigns machine_actions_world;
    ensures 0 <= \result.state < MS_COUNT;
    ensures 1 <= \result.rows_taken <= MACHINE_MAX_HOPS;
*/
machine_result machine_step(const machine_table *t, machine_state state, machine_event event, void *ctx) CS_MUST_USE;

/* Names, for traces and the rendered tables: "?" for a value without one. */
/*@ assigns \nothing;
    ensures \result != \null; */
const char *machine_state_name(machine_state s);
/*@ assigns \nothing;
    ensures \result != \null; */
const char *machine_event_name(machine_event e);
/*@ assigns \nothing;
    ensures \result != \null; */
const char *machine_action_name(machine_action a);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* The table lookup and the step function; see machine.h.  Proved RTE-free
 * with WP (make proofs). */
#include "machine.h"

/*@ ghost int machine_actions_world; */

const machine_row *machine_lookup(const machine_table *t, machine_state state, machine_event event)
{
    size_t any = t->count; /* the first "any" row for event, once seen */
    /*@ loop invariant 0 <= i <= t->count;
        loop invariant any == t->count || 0 <= any < i;
        loop invariant \forall integer j; 0 <= j < i ==> !own_row(t, j, state, event);
        loop invariant any == t->count ==> (\forall integer j; 0 <= j < i ==> !any_row(t, j, event));
        loop invariant any < t->count ==>
          any_row(t, any, event) && \forall integer k; 0 <= k < any ==> !any_row(t, k, event);
        loop assigns i, any;
        loop variant t->count - i;
    */
    for (size_t i = 0; i < t->count; i++) {
        const machine_row *r = &t->rows[i];
        if (r->event != event)
            continue;
        if (r->state == state)
            return r;
        if (r->state == MS_ANY && any == t->count)
            any = i;
    }
    /*@ assert any == t->count ==> !has_any_row(t, event); */
    if (any == t->count)
        return t->fail;
    /*@ assert any_row(t, any, event) && \forall integer k; 0 <= k < any ==> !any_row(t, k, event); */
    return &t->rows[any];
}

/* The state a row leads to; a row naming no state is a table bug, and fails. */
/*@ requires 0 <= current < MS_COUNT;
    assigns \nothing;
    ensures 0 <= \result < MS_COUNT;
*/
static machine_state machine_next(machine_state current, machine_state next)
{
    if (next == MS_SAME)
        return current;
    if (next >= 0 && next < MS_COUNT)
        return next;
    return MS_FAILED;
}

/* A failed action: the state is failed, and the peer is told if the
 * contract says so (ACT_REPORT_FAILURE decides). */
/*@ assigns machine_actions_world;
    ensures \result.state == MS_FAILED && \result.status == status && \result.rows_taken == rows;
*/
static machine_result machine_fail(machine_status status, unsigned rows, void *ctx)
{
    machine_result r = { MS_FAILED, status, rows };
    /* Telling the peer is best effort: the call fails with status either way. */
    act_result reported = machine_act(ACT_REPORT_FAILURE, status, ctx);
    (void)reported;
    return r;
}

machine_result machine_step(const machine_table *t, machine_state state, machine_event event, void *ctx)
{
    machine_result r = { state, SEC_STATUS_INTERNAL, 0 };
    /*@ loop invariant 0 <= hops <= MACHINE_MAX_HOPS;
        loop invariant 0 <= r.state < MS_COUNT;
        loop invariant r.rows_taken == hops;
        loop assigns hops, r, event, machine_actions_world;
        loop variant MACHINE_MAX_HOPS - hops;
    */
    for (unsigned hops = 0; hops < MACHINE_MAX_HOPS; hops++) {
        const machine_row *row = machine_lookup(t, r.state, event);
        act_result a = machine_act(row->action, row->status, ctx);
        r.rows_taken = hops + 1u;
        if (a.outcome != ACT_DONE)
            return machine_fail(a.status, r.rows_taken, ctx);
        machine_state from = r.state;
        r.state = machine_next(r.state, row->next);
        r.status = row->status;
        /* Entering FAILED tells the peer; a context already failed does
         * nothing more (seed: only DeleteSecurityContext is left). */
        if (r.state == MS_FAILED)
            return from == MS_FAILED ? r : machine_fail(r.status, r.rows_taken, ctx);
        if (a.follow == EV_NONE)
            return r;
        event = a.follow;
    }
    /* A chain longer than any in the tables: a table bug. */
    return machine_fail(SEC_STATUS_INTERNAL, MACHINE_MAX_HOPS, ctx);
}

static const char *const state_names[MS_COUNT] = {
    [MS_C_INITIAL] = "C_INITIAL",
    [MS_C_TLS_HANDSHAKE] = "C_TLS_HANDSHAKE",
    [MS_C_NEED_CERT] = "C_NEED_CERT",
    [MS_C_WAIT_CHALLENGE] = "C_WAIT_CHALLENGE",
    [MS_C_KEYS_READY] = "C_KEYS_READY",
    [MS_C_WAIT_PUBKEY] = "C_WAIT_PUBKEY",
    [MS_C_SERVER_VERIFIED] = "C_SERVER_VERIFIED",
    [MS_C_DELEGATION_ALLOWED] = "C_DELEGATION_ALLOWED",
    [MS_S_INITIAL] = "S_INITIAL",
    [MS_S_TLS_HANDSHAKE] = "S_TLS_HANDSHAKE",
    [MS_S_WAIT_NEGOTIATE] = "S_WAIT_NEGOTIATE",
    [MS_S_WAIT_AUTHENTICATE] = "S_WAIT_AUTHENTICATE",
    [MS_S_CLIENT_AUTHENTICATED] = "S_CLIENT_AUTHENTICATED",
    [MS_S_CLIENT_VERIFIED] = "S_CLIENT_VERIFIED",
    [MS_S_WAIT_CREDENTIALS] = "S_WAIT_CREDENTIALS",
    [MS_DONE] = "DONE",
    [MS_FAILED] = "FAILED",
};

static const char *const event_names[EV_COUNT] = {
    [EV_NONE] = "none",
    [EV_NO_INPUT] = "no input",
    [EV_INPUT] = "input (not read)",
    [EV_TLS_RECORDS] = "TLS handshake records",
    [EV_TS_NEGO] = "TSRequest{negoTokens}",
    [EV_TS_NEGO_PUBKEY] = "TSRequest{negoTokens,pubKeyAuth}",
    [EV_TS_PUBKEY] = "TSRequest{pubKeyAuth}",
    [EV_TS_AUTHINFO] = "TSRequest{authInfo}",
    [EV_TS_ERROR] = "TSRequest{errorCode}",
    [EV_TS_OTHER] = "TSRequest{other fields}",
    [EV_VERSION_REFUSED] = "version below minimum",
    [EV_VERSION_CHANGED] = "version changed",
    [EV_MALFORMED] = "malformed input",
    [EV_INCOMPLETE] = "partial TLS record",
    [EV_PARTIAL_MESSAGE] = "partial TSRequest",
    [EV_CERT_SUPPLIED] = "credential with a certificate",
    [EV_PEER_CLOSED] = "peer closed",
    [EV_UNSUPPORTED_FLAGS] = "unsupported flags",
    [EV_TLS_ESTABLISHED] = "(TLS established)",
    [EV_CERT_REQUESTED] = "(certificate requested)",
    [EV_KEYS_READY] = "(keys ready)",
    [EV_CLIENT_AUTHENTICATED] = "(client authenticated)",
    [EV_PUBKEY_VERIFIED] = "(pubKeyAuth verified)",
    [EV_DELEGATION_ALLOWED] = "(delegation allowed)",
    [EV_NEGO_FINISHED] = "(SPNEGO finished)",
    [EV_EXCHANGE_RESET] = "(exchange reset)",
};

static const char *const action_names[ACT_COUNT] = {
    [ACT_NONE] = "-",
    [ACT_REJECT] = "reject",
    [ACT_REPORT_FAILURE] = "report_failure",
    [ACT_STAY_INCOMPLETE] = "stay_incomplete",
    [ACT_PEER_CLOSED] = "peer_closed",
    [ACT_TLS_START] = "tls_start",
    [ACT_CLIENT_RESET] = "client_reset",
    [ACT_CLIENT_KEEP_ISSUERS] = "client_keep_issuers",
    [ACT_CLIENT_TAKE_CERT] = "client_take_cert",
    [ACT_TLS_HANDSHAKE] = "tls_handshake",
    [ACT_CLIENT_SEND_NEGOTIATE] = "client_send_negotiate",
    [ACT_CLIENT_AUTHENTICATE] = "client_authenticate",
    [ACT_CLIENT_SEND_AUTH_PUBKEY] = "client_send_auth_pubkey",
    [ACT_CLIENT_NEGO_FINISH] = "client_nego_finish",
    [ACT_CLIENT_VERIFY_PUBKEY] = "client_verify_pubkey",
    [ACT_CLIENT_CHECK_DELEGATION] = "client_check_delegation",
    [ACT_CLIENT_SEND_CREDENTIALS] = "client_send_credentials",
    [ACT_CLIENT_TAKE_ERROR] = "client_take_error",
    [ACT_CLIENT_CLOSED_AFTER_AUTH] = "client_closed_after_auth",
    [ACT_SERVER_CHALLENGE] = "server_challenge",
    [ACT_SERVER_VERIFY_AUTH] = "server_verify_auth",
    [ACT_SERVER_VERIFY_PUBKEY] = "server_verify_pubkey",
    [ACT_SERVER_SEND_PUBKEY] = "server_send_pubkey",
    [ACT_SERVER_TAKE_CREDENTIALS] = "server_take_credentials",
};

const char *machine_state_name(machine_state s)
{
    if (s == MS_ANY)
        return "any";
    if (s == MS_SAME)
        return "(same)";
    return s >= 0 && s < MS_COUNT && state_names[s] != NULL ? state_names[s] : "?";
}

const char *machine_event_name(machine_event e)
{
    return e >= 0 && e < EV_COUNT && event_names[e] != NULL ? event_names[e] : "?";
}

const char *machine_action_name(machine_action a)
{
    return a >= 0 && a < ACT_COUNT && action_names[a] != NULL ? action_names[a] : "?";
}

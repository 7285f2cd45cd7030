/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One SSPI call through the engine: ingress classifies the input, the
 * table (machine_step) handles it, and application data that arrived with
 * the last handshake flight is handled as the next message in the same call.
 */
#include <credssp/sspi.h>

#include "call.h"
#include "ingress.h"
#include "transitions.h"

static void cs_trace_transition(cs_context *c, machine_state from, machine_event ev, int32_t status)
{
    if (c->cred->trace == NULL)
        return;
    CREDSSP_TRACE t = { CREDSSP_TRACE_TRANSITION, NULL, 0, machine_state_name(from), machine_event_name(ev),
                        c->actions[0] != '\0' ? c->actions : "-", machine_state_name(c->state), status };
    c->cred->trace(c->cred->trace_arg, &t);
}

int32_t engine_call(cs_context *c, const uint8_t *in, size_t in_len, size_t *consumed)
{
    const machine_table *t = c->server ? &transitions_server : &transitions_client;
    cs_buf_wipe(&c->out);
    machine_result r = { c->state, SEC_E_INTERNAL_ERROR, 0 };
    /* Classify, step, and again while a whole message is pending: the
     * TLS 1.3 client's Finished and its first TSRequest arrive together.
     * Two passes at most: the handshake's records, then that message. */
    machine_event ev = ingress_call(c, in_len, consumed);
    /* A state with a row for unread input (finished, failed) takes the call
     * as it is; every other state reads the bytes. */
    if (ev == EV_INPUT && machine_lookup(t, c->state, EV_INPUT) == t->fail)
        ev = ingress_read(c, in, in_len, consumed);
    for (unsigned pass = 0; pass < 2 && ev != EV_NONE; pass++) {
        machine_state from = c->state;
        c->actions[0] = '\0';
        r = machine_step(t, c->state, ev, c);
        c->state = r.state;
        cs_trace_transition(c, from, ev, r.status);
        ev = r.status == SEC_I_CONTINUE_NEEDED ? ingress_pending_message(c) : EV_NONE;
    }
    cs_drop_message(c);
    c->in = NULL;
    c->in_len = 0;
    return r.status;
}

int32_t engine_peer_gone(cs_context *c)
{
    const machine_table *t = c->server ? &transitions_server : &transitions_client;
    cs_buf_wipe(&c->out);
    machine_state from = c->state;
    c->actions[0] = '\0';
    machine_result r = machine_step(t, c->state, EV_PEER_CLOSED, c);
    c->state = r.state;
    cs_trace_transition(c, from, EV_PEER_CLOSED, r.status);
    return r.status;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The model check of the transition tables (model.h).
 *
 * The real tables (engine/machine/transitions.c) are driven through the real
 * machine_step (engine/machine/machine.c); machine_act is this file's: an
 * oracle that answers each action with one of the outcomes its contract
 * allows (engine/machine/act_contract.c, which machine_act holds the real
 * actions to), and every combination of answers is tried.  From every
 * configuration the search reaches, every event a call can bring is tried;
 * the model is asked the same call with the same answers, and the two must
 * agree on the operations run, in order, the status and the phase reached.
 * The machine remembers nothing but its state (and the check a few ghost
 * bits for the safety properties), so a search over configurations covers
 * traces of every length.
 *
 * Safety properties, checked on every step, whatever the model says:
 *   - the client sends authInfo only after the server's pubKeyAuth verified,
 *     the server takes it only after the client's verified;
 *   - SEC_E_OK only after both pubKeyAuths (ours sent, the peer's verified);
 *   - FAILED is absorbing; a call never rests in a state that exists only
 *     inside a call;
 *   - every status is one the seed lists (or docs/status-codes.md adds).
 *
 * The mutants of the tables, and main: mutants.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <credssp/sspi.h>

#include "act_contract.h"
#include "check.h"
#include "transitions.h"

#define MAX_OPS 16
#define MAX_CONFIGS 512

/* The statuses' names, for the messages (the check links no library). */
const char *check_status_name(machine_status st)
{
    static const struct {
        machine_status st;
        const char *name;
    } names[] = {
#define N(x) { x, #x }
        N(SEC_E_OK), N(SEC_I_CONTINUE_NEEDED), N(SEC_I_INCOMPLETE_CREDENTIALS), N(SEC_E_INCOMPLETE_MESSAGE),
        N(SEC_E_INSUFFICIENT_MEMORY), N(SEC_E_INTERNAL_ERROR), N(SEC_E_INVALID_HANDLE), N(SEC_E_INVALID_TOKEN),
        N(SEC_E_LOGON_DENIED), N(SEC_E_NO_CREDENTIALS), N(SEC_E_UNSUPPORTED_FUNCTION), N(SEC_E_DELEGATION_POLICY),
        N(SEC_E_POLICY_NLTM_ONLY), N(SEC_E_MUTUAL_AUTH_FAILED), N(SEC_E_DOWNGRADE_DETECTED),
        { MODEL_OP_FAILURE, "(the action's failure)" },
#undef N
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].st == st)
            return names[i].name;
    return "(another status)";
}

/* ---- the oracle: every answer an action's contract allows ---- */

struct model_oracle {
    const unsigned *choice; /* the answer to take at each position */
    unsigned depth;         /* positions the script holds */
    unsigned at;
    machine_action ops[MAX_OPS];
    unsigned alternatives[MAX_OPS];
    act_result answers[MAX_OPS];
    bool overflow;
};

/* The n-th outcome of an action's contract, and how many there are. */
static unsigned contract_outcomes(machine_action a, act_result out[4])
{
    const act_contract *k = act_contract_of(a);
    unsigned n = 0;
    if (k->may_fail)
        out[n++] = (act_result){ ACT_FAIL, MODEL_OP_FAILURE, EV_NONE };
    if (k->may_complete)
        out[n++] = (act_result){ ACT_DONE, SEC_E_OK, EV_NONE };
    for (unsigned i = 0; i < ACT_CONTRACT_MAX_RAISES && k->raises[i] != EV_NONE; i++)
        out[n++] = (act_result){ ACT_DONE, SEC_E_OK, k->raises[i] };
    return n;
}

act_result model_perform(model_oracle *o, machine_action op)
{
    if (op == ACT_NONE) /* "nothing": no operation to compare */
        return (act_result){ ACT_DONE, SEC_E_OK, EV_NONE };
    if (o->at >= MAX_OPS) {
        o->overflow = true;
        return (act_result){ ACT_FAIL, MODEL_OP_FAILURE, EV_NONE };
    }
    act_result outs[4];
    unsigned n = contract_outcomes(op, outs);
    unsigned pick = o->at < o->depth ? o->choice[o->at] : 0;
    if (pick >= n)
        pick = 0;
    o->ops[o->at] = op;
    o->alternatives[o->at] = n;
    o->answers[o->at] = outs[pick];
    o->at++;
    return outs[pick];
}

/* The machine's view of the oracle: ctx is the oracle. */
act_result machine_act(machine_action action, machine_status status, void *ctx)
{
    (void)status;
    return model_perform(ctx, action);
}

/* ---- sides: the refinement map from the machine's states to the model's phases ---- */

static model_phase phase_of(const side *s, machine_state st)
{
    switch (st) {
    case MS_C_INITIAL: return s->client ? P_C_START : P_NONE;
    case MS_C_TLS_HANDSHAKE: return s->client ? P_C_TLS : P_NONE;
    case MS_C_NEED_CERT: return s->client ? P_C_CERT_WANTED : P_NONE;
    case MS_C_WAIT_CHALLENGE: return s->client ? P_C_NEGOTIATE_SENT : P_NONE;
    case MS_C_WAIT_PUBKEY: return s->client ? P_C_AUTH_SENT : P_NONE;
    case MS_S_INITIAL: return s->client ? P_NONE : P_S_START;
    case MS_S_TLS_HANDSHAKE: return s->client ? P_NONE : P_S_TLS;
    case MS_S_WAIT_NEGOTIATE: return s->client ? P_NONE : P_S_TLS_DONE;
    case MS_S_WAIT_AUTHENTICATE: return s->client ? P_NONE : P_S_CHALLENGE_SENT;
    case MS_S_WAIT_CREDENTIALS: return s->client ? P_NONE : P_S_PUBKEY_SENT;
    case MS_DONE: return P_ESTABLISHED;
    case MS_FAILED: return P_FAILED;
    default: return P_NONE; /* inside a call only: KEYS_READY, SERVER_VERIFIED, ... */
    }
}

/* ---- ghost bits for the safety properties ---- */

enum {
    G_OWN_PUBKEY_SENT = 1,     /* our pubKeyAuth went out */
    G_PEER_PUBKEY_OK = 2,      /* the peer's pubKeyAuth verified */
    G_PEER_AUTHENTICATED = 4,  /* server: the client's AUTHENTICATE verified */
};

typedef struct config {
    machine_state state;
    unsigned ghost;
} config;

__attribute__((format(printf, 3, 4))) static void complain(report *rep, bool violation, const char *fmt, ...)
{
    if (violation)
        rep->violations++;
    else
        rep->disagreements++;
    if (rep->quiet || rep->disagreements + rep->violations > 20)
        return;
    va_list ap;
    va_start(ap, fmt);
    printf("  %s: ", violation ? "violation" : "disagreement");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

/* The ghost bits after the operations of one call, checking the order
 * properties as they run. */
static unsigned ghost_after(const side *s, unsigned g, const model_oracle *o, report *rep, machine_state from)
{
    for (unsigned k = 0; k < o->at; k++) {
        bool done = o->answers[k].outcome == ACT_DONE;
        switch (o->ops[k]) {
        case ACT_CLIENT_RESET:
            if (done)
                g = 0;
            break;
        case ACT_CLIENT_SEND_AUTH_PUBKEY:
        case ACT_SERVER_SEND_PUBKEY:
            if (!s->client && !(g & G_PEER_PUBKEY_OK))
                complain(rep, true, "%s in %s: our pubKeyAuth before the client's verified", s->name,
                         machine_state_name(from));
            if (done)
                g |= G_OWN_PUBKEY_SENT;
            break;
        case ACT_CLIENT_VERIFY_PUBKEY:
        case ACT_SERVER_VERIFY_PUBKEY:
            if (!s->client && !(g & G_PEER_AUTHENTICATED))
                complain(rep, true, "%s in %s: pubKeyAuth checked before AUTHENTICATE verified", s->name,
                         machine_state_name(from));
            if (done)
                g |= G_PEER_PUBKEY_OK;
            break;
        case ACT_SERVER_VERIFY_AUTH:
            if (done)
                g |= G_PEER_AUTHENTICATED;
            break;
        case ACT_CLIENT_SEND_CREDENTIALS:
        case ACT_SERVER_TAKE_CREDENTIALS:
            if (!(g & G_PEER_PUBKEY_OK) || !(g & G_OWN_PUBKEY_SENT))
                complain(rep, true, "%s in %s: authInfo %s before both pubKeyAuths", s->name,
                         machine_state_name(from), s->client ? "sent" : "taken");
            break;
        default:
            break;
        }
    }
    return g;
}

static bool same_ops(const model_oracle *a, const model_oracle *b)
{
    if (a->at != b->at)
        return false;
    for (unsigned k = 0; k < a->at; k++)
        if (a->ops[k] != b->ops[k])
            return false;
    return true;
}

static void ops_text(const model_oracle *o, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned k = 0; k < o->at && used < len; k++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s%s", k ? ", " : "", machine_action_name(o->ops[k]),
                                 o->answers[k].outcome == ACT_FAIL ? " (fails)" : "");
    if (o->at == 0)
        snprintf(buf, len, "nothing");
}

/* One call from configuration c with event e and the answers in choice;
 * returns the configuration reached. */
static config check_call(const side *s, const machine_table *t, config c, machine_event e, const unsigned *choice,
                         unsigned depth, model_oracle *machine_run, report *rep)
{
    model_oracle mm = { .choice = choice, .depth = depth };
    model_oracle model_run = { .choice = choice, .depth = depth };
    model_oracle *mo = &model_run;
    machine_result r = machine_step(t, c.state, e, &mm);
    *machine_run = mm;
    model_answer want = s->model(phase_of(s, c.state), e, mo);
    rep->steps++;
    model_phase got = phase_of(s, r.state);
    char where[160];
    snprintf(where, sizeof where, "%s in %s on %s", s->name, machine_state_name(c.state), machine_event_name(e));
    if (mm.overflow || mo->overflow || want.undefined)
        complain(rep, false, "%s: %s", where, want.undefined ? "the model has no rule for this" : "too many operations");
    if (!same_ops(&mm, mo)) {
        char a[256], b[256], msg[600];
        ops_text(&mm, a, sizeof a);
        ops_text(mo, b, sizeof b);
        snprintf(msg, sizeof msg, "the table runs [%s], the model [%s]", a, b);
        complain(rep, false, "%s: %s", where, msg);
    }
    if (r.status != want.status)
        complain(rep, false, "%s: status %s, the model says %s", where, check_status_name(r.status),
                 check_status_name(want.status));
    if (got == P_NONE)
        complain(rep, true, "%s: the call rests in %s, a state inside a call", where, machine_state_name(r.state));
    else if (got != want.next)
        complain(rep, false, "%s: phase %s, the model says %s", where, model_phase_name(got),
                 model_phase_name(want.next));
    if (c.state == MS_FAILED && r.state != MS_FAILED)
        complain(rep, true, "%s: leaves FAILED for %s", where, machine_state_name(r.state));
    if (!model_status_listed(r.status))
        complain(rep, true, "%s: status %s is not one the seed lists", where, check_status_name(r.status));
    unsigned g = ghost_after(s, c.ghost, &mm, rep, c.state);
    if (r.status == SEC_E_OK && (!(g & G_PEER_PUBKEY_OK) || !(g & G_OWN_PUBKEY_SENT)))
        complain(rep, true, "%s: SEC_E_OK before both pubKeyAuths", where);
    return (config){ r.state, g };
}

/* The events a call can bring in state st: ingress_call's, and either
 * "input, unread" (when the state has a row for it: call.c) or what
 * ingress_read classifies. */
static unsigned call_events(const machine_table *t, machine_state st, machine_event ev[EV_COUNT])
{
    static const machine_event always[] = { EV_UNSUPPORTED_FLAGS, EV_NO_INPUT, EV_CERT_SUPPLIED, EV_PEER_CLOSED };
    static const machine_event read[] = { EV_TLS_RECORDS, EV_TS_NEGO, EV_TS_NEGO_PUBKEY, EV_TS_PUBKEY,
                                          EV_TS_AUTHINFO, EV_TS_ERROR, EV_TS_OTHER, EV_VERSION_REFUSED,
                                          EV_VERSION_CHANGED, EV_MALFORMED, EV_INCOMPLETE, EV_PARTIAL_MESSAGE };
    unsigned n = 0;
    for (unsigned i = 0; i < sizeof always / sizeof always[0]; i++)
        ev[n++] = always[i];
    if (machine_lookup(t, st, EV_INPUT) != t->fail) {
        ev[n++] = EV_INPUT;
        return n;
    }
    for (unsigned i = 0; i < sizeof read / sizeof read[0]; i++)
        ev[n++] = read[i];
    return n;
}

/* Every configuration reachable from the initial one, every call from each,
 * every combination of the actions' answers. */
void explore(const side *s, const machine_table *t, report *rep)
{
    config seen[MAX_CONFIGS];
    unsigned count = 0;
    seen[count++] = (config){ s->initial, 0 };
    for (unsigned i = 0; i < count; i++) {
        machine_event ev[EV_COUNT];
        unsigned n = call_events(t, seen[i].state, ev);
        for (unsigned k = 0; k < n; k++) {
            unsigned choice[MAX_OPS] = { 0 };
            unsigned depth = 0;
            for (;;) {
                model_oracle mm;
                config next = check_call(s, t, seen[i], ev[k], choice, depth, &mm, rep);
                bool known = false;
                for (unsigned j = 0; j < count && !known; j++)
                    known = seen[j].state == next.state && seen[j].ghost == next.ghost;
                if (!known && count < MAX_CONFIGS)
                    seen[count++] = next;
                /* The next combination of answers: the odometer over the
                 * positions the machine's run reached. */
                int pos = (int)mm.at - 1;
                while (pos >= 0 && choice[pos] + 1 >= mm.alternatives[pos])
                    pos--;
                if (pos < 0)
                    break;
                choice[pos]++;
                for (unsigned z = (unsigned)pos + 1; z < MAX_OPS; z++)
                    choice[z] = 0;
                depth = (unsigned)pos + 1;
            }
        }
    }
    rep->configs += count;
}

const side client_side = { "client", transitions_client_states, 0, MS_C_INITIAL, model_client_call, true };
const side server_side = { "server", transitions_server_states, 0, MS_S_INITIAL, model_server_call, false };


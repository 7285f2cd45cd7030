/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The transition tables as data: every (state, event) pair of both sides
 * has exactly one row (its own, an "any" row, or the failure row); rows are
 * well-formed; every state is reachable; every follow-up event an action's
 * contract lets it raise lands on a real row.  What the rows mean is
 * checked against a model of [MS-CSSP] by proofs/model/ (ctest table_model).
 */
#include <stdio.h>
#include <string.h>

#include <credssp/credssp.h>

#include "testlib.h"
#include "act_contract.h"
#include "transitions.h"

static bool in_side(machine_state s, const machine_state *states, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (states[i] == s)
            return true;
    return false;
}

static void check_rows(const machine_table *t, const machine_state *states, size_t n)
{
    for (size_t i = 0; i < t->count; i++) {
        const machine_row *r = &t->rows[i];
        CHECK(r->state == MS_ANY || in_side(r->state, states, n), "%s row %zu: state %s belongs to this side",
              t->name, i, machine_state_name(r->state));
        CHECK(r->next == MS_SAME || in_side(r->next, states, n), "%s row %zu: next %s belongs to this side", t->name,
              i, machine_state_name(r->next));
        CHECK(r->event > EV_NONE && r->event < EV_COUNT && r->action < ACT_COUNT, "%s row %zu: event and action",
              t->name, i);
        CHECK(strcmp(credssp_status_name(r->status), "unknown status") != 0, "%s row %zu: status is an SSPI code",
              t->name, i);
        CHECK(r->cite != NULL && strlen(r->cite) > 10, "%s row %zu cites what it implements", t->name, i);
        for (size_t j = i + 1; j < t->count; j++)
            CHECK(!(t->rows[j].state == r->state && t->rows[j].event == r->event), "%s rows %zu and %zu differ",
                  t->name, i, j);
    }
}

/* All pairs: the lookup always answers, with a matching row or the failure row. */
static void check_pairs(const machine_table *t, const machine_state *states, size_t n)
{
    unsigned pairs = 0, failing = 0;
    for (size_t s = 0; s < n; s++)
        for (int e = EV_NONE + 1; e < EV_COUNT; e++) {
            const machine_row *r = machine_lookup(t, states[s], (machine_event)e);
            pairs++;
            if (r == t->fail) {
                failing++;
                continue;
            }
            CHECK(r->event == (machine_event)e && (r->state == states[s] || r->state == MS_ANY),
                  "%s (%s, %s): the row found is for this pair", t->name, machine_state_name(states[s]),
                  machine_event_name((machine_event)e));
        }
    CHECK(t->fail->next == MS_FAILED && t->fail->action == ACT_REJECT && t->fail->status == SEC_E_INVALID_TOKEN,
          "%s: the failure row fails the context with SEC_E_INVALID_TOKEN", t->name);
    printf("# %s: %u pairs, %u to the failure row\n", t->name, pairs, failing);
}

static void check_reachable(const machine_table *t, const machine_state *states, size_t n, machine_state initial)
{
    for (size_t s = 0; s < n; s++) {
        bool reached = states[s] == initial;
        for (size_t i = 0; i < t->count && !reached; i++)
            reached = t->rows[i].next == states[s];
        reached = reached || t->fail->next == states[s];
        CHECK(reached, "%s: state %s is reachable", t->name, machine_state_name(states[s]));
    }
}

/* Every follow-up event an action's contract lets it raise (act_contract.c,
 * which machine_act enforces) lands on a real row of the state the action's
 * row leads to. */
static void check_follow_ups(const machine_table *t)
{
    for (size_t i = 0; i < t->count; i++) {
        const machine_row *r = &t->rows[i];
        const act_contract *k = act_contract_of(r->action);
        machine_state at = r->next == MS_SAME ? r->state : r->next;
        for (unsigned f = 0; f < ACT_CONTRACT_MAX_RAISES && k->raises[f] != EV_NONE; f++) {
            machine_event ev = k->raises[f];
            /* Actions raise their own events only, never one of the caller's input. */
            CHECK(ev >= EV_TLS_ESTABLISHED, "%s: %s raises %s, an event of its own", t->name,
                  machine_action_name(r->action), machine_event_name(ev));
            /* A raise on a row that fails the context is never looked up;
             * the server's handshake asks for no certificate (its row for
             * that is the failure row, on purpose). */
            if (at == MS_FAILED || (ev == EV_CERT_REQUESTED && t == &transitions_server))
                continue;
            const machine_row *next = machine_lookup(t, at, ev);
            CHECK(next != t->fail, "%s: after %s, %s in %s has a row", t->name, machine_action_name(r->action),
                  machine_event_name(ev), machine_state_name(at));
        }
    }
}

/* The contracts machine_act holds the actions to (act_contract.c). */
static void check_contracts(void)
{
    act_result done_none = { ACT_DONE, SEC_E_OK, EV_NONE };
    CHECK(!act_contract_allows(ACT_CLIENT_AUTHENTICATE, done_none), "AUTHENTICATE made always raises keys-ready");
    CHECK(act_contract_allows(ACT_CLIENT_AUTHENTICATE, (act_result){ ACT_DONE, SEC_E_OK, EV_KEYS_READY }),
          "AUTHENTICATE made raises keys-ready");
    CHECK(act_contract_allows(ACT_TLS_HANDSHAKE, (act_result){ ACT_DONE, SEC_E_OK, EV_CERT_REQUESTED }),
          "the handshake may ask for a certificate");
    CHECK(!act_contract_allows(ACT_TLS_HANDSHAKE, (act_result){ ACT_DONE, SEC_E_OK, EV_KEYS_READY }),
          "the handshake raises none of NTLM's events");
    CHECK(!act_contract_allows(ACT_TLS_HANDSHAKE, (act_result){ ACT_FAIL, SEC_I_CONTINUE_NEEDED, EV_NONE }),
          "a failure carries a failure status");
    CHECK(!act_contract_allows(ACT_REJECT, (act_result){ ACT_FAIL, SEC_E_INVALID_TOKEN, EV_NONE }),
          "the refusal itself does not fail: its row does");
    CHECK(!act_contract_allows(ACT_COUNT, done_none), "an action no table names always fails");
}

int main(void)
{
    check_contracts();
    check_rows(&transitions_client, transitions_client_states, transitions_client_state_count);
    check_rows(&transitions_server, transitions_server_states, transitions_server_state_count);
    check_pairs(&transitions_client, transitions_client_states, transitions_client_state_count);
    check_pairs(&transitions_server, transitions_server_states, transitions_server_state_count);
    check_reachable(&transitions_client, transitions_client_states, transitions_client_state_count, MS_C_INITIAL);
    check_reachable(&transitions_server, transitions_server_states, transitions_server_state_count, MS_S_INITIAL);
    check_follow_ups(&transitions_client);
    check_follow_ups(&transitions_server);
    return test_summary();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The mutants of the transition tables, and the check's main.
 *
 * Every row, and the failure row, with its status, next state or action
 * changed to each other value, is checked as the real tables are (check.c)
 * and must be caught: a disagreement with the model or a violated property.
 * The mutants no behaviour can tell apart are equivalent by a rule or listed
 * below, each with why; any other survivor fails the check.
 *
 *   table_model            check the real tables, then every mutant
 *   table_model --verbose  also print every surviving mutant
 */
#include <stdio.h>
#include <string.h>

#include <credssp/sspi.h>

#include "act_contract.h"
#include "check.h"
#include "transitions.h"

#define MAX_ROWS 128

/* Mutants no behaviour tells apart from the real row, and why.  A mutant
 * that survives and is not here fails the check. */
typedef struct equivalent {
    const char *side;
    machine_state state;
    machine_event event;
    const char *field;
    const char *why;
} equivalent;

static const equivalent equivalents[] = {
    { "client", MS_ANY, EV_TS_ERROR, "status",
      "ACT_CLIENT_TAKE_ERROR always fails with the errorCode's status: the row's status is never returned" },
    { "client", MS_ANY, EV_TS_ERROR, "next",
      "ACT_CLIENT_TAKE_ERROR always fails: the context goes to FAILED whatever the row says" },
};

/* Two kinds of field no behaviour reads, by rule rather than by row: the
 * status of a row whose action always raises a follow-up (the follow-up's
 * row decides what the call returns), unless the row ends in FAILED. */
static bool status_never_returned(const machine_row *r)
{
    const act_contract *k = act_contract_of(r->action);
    return !k->may_complete && r->next != MS_FAILED;
}

static bool is_equivalent(const char *sname, const machine_row *r, const char *field)
{
    if (strcmp(field, "status") == 0 && status_never_returned(r))
        return true;
    for (size_t i = 0; i < sizeof equivalents / sizeof equivalents[0]; i++)
        if (strcmp(equivalents[i].side, sname) == 0 && equivalents[i].state == r->state &&
            equivalents[i].event == r->event && strcmp(equivalents[i].field, field) == 0)
            return true;
    return false;
}

typedef struct mutant_tally {
    unsigned total, caught, by_properties, equivalent, survived;
} mutant_tally;

/* Whether the check catches the mutant; *by_properties: the safety
 * properties alone would. */
static bool caught(const side *s, const machine_table *t, bool *by_properties)
{
    report rep = { .quiet = true };
    explore(s, t, &rep);
    *by_properties = rep.violations > 0;
    return rep.disagreements + rep.violations > 0;
}

static void try_mutant(const side *s, const machine_table *t, const machine_row *orig, const char *field,
                       const char *value, mutant_tally *m, bool verbose)
{
    m->total++;
    bool by_properties = false;
    if (caught(s, t, &by_properties)) {
        m->caught++;
        m->by_properties += by_properties;
        return;
    }
    if (is_equivalent(s->name, orig, field)) {
        m->equivalent++;
        return;
    }
    m->survived++;
    if (verbose || m->survived <= 20)
        printf("  surviving mutant: %s row (%s, %s): %s -> %s\n", s->name, machine_state_name(orig->state),
               machine_event_name(orig->event), field, value);
}

/* Every alternative of every field of row r (a copy inside t). */
static void mutate_row(const side *s, machine_table *t, machine_row *r, mutant_tally *m, bool verbose)
{
    static const machine_status statuses[] = {
        SEC_E_OK, SEC_I_CONTINUE_NEEDED, SEC_I_INCOMPLETE_CREDENTIALS, SEC_E_INCOMPLETE_MESSAGE,
        SEC_E_INSUFFICIENT_MEMORY, SEC_E_INTERNAL_ERROR, SEC_E_INVALID_HANDLE, SEC_E_INVALID_TOKEN,
        SEC_E_LOGON_DENIED, SEC_E_NO_CREDENTIALS, SEC_E_UNSUPPORTED_FUNCTION, SEC_E_DELEGATION_POLICY,
        SEC_E_POLICY_NLTM_ONLY, SEC_E_MUTUAL_AUTH_FAILED, SEC_E_DOWNGRADE_DETECTED,
    };
    machine_row keep = *r;
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        if (statuses[i] == keep.status)
            continue;
        r->status = statuses[i];
        try_mutant(s, t, &keep, "status", check_status_name(statuses[i]), m, verbose);
    }
    *r = keep;
    for (size_t i = 0; i <= s->state_count; i++) {
        machine_state nx = i < s->state_count ? s->states[i] : MS_SAME;
        /* "Stay" and the row's own state are one next state, not two. */
        machine_state stay = keep.next == MS_SAME ? keep.state : keep.next;
        machine_state now = nx == MS_SAME ? keep.state : nx;
        if (nx == keep.next || (keep.state != MS_ANY && now == stay))
            continue;
        r->next = nx;
        try_mutant(s, t, &keep, "next", machine_state_name(nx), m, verbose);
    }
    *r = keep;
    for (int a = 0; a < ACT_COUNT; a++) {
        if ((machine_action)a == keep.action)
            continue;
        r->action = (machine_action)a;
        try_mutant(s, t, &keep, "action", machine_action_name((machine_action)a), m, verbose);
    }
    *r = keep;
}

static mutant_tally mutate_table(const side *s, const machine_table *real, bool verbose)
{
    static machine_row rows[MAX_ROWS];
    machine_row fail = *real->fail;
    mutant_tally m = { 0 };
    if (real->count > MAX_ROWS)
        return (mutant_tally){ .total = 1, .survived = 1 };
    memcpy(rows, real->rows, real->count * sizeof rows[0]);
    machine_table t = { real->name, rows, real->count, &fail };
    for (size_t i = 0; i < real->count; i++)
        mutate_row(s, &t, &rows[i], &m, verbose);
    mutate_row(s, &t, &fail, &m, verbose);
    return m;
}

int main(int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp(argv[1], "--verbose") == 0;
    side sides[2] = { client_side, server_side };
    sides[0].state_count = transitions_client_state_count;
    sides[1].state_count = transitions_server_state_count;
    const machine_table *tables[2] = { &transitions_client, &transitions_server };
    int status = 0;
    for (int i = 0; i < 2; i++) {
        report rep = { 0 };
        explore(&sides[i], tables[i], &rep);
        printf("table_model: %s: %u configurations, %u calls checked: %u disagreements with the model, %u "
               "violated properties\n",
               sides[i].name, rep.configs, rep.steps, rep.disagreements, rep.violations);
        if (rep.disagreements + rep.violations > 0)
            status = 1;
    }
    for (int i = 0; i < 2; i++) {
        mutant_tally m = mutate_table(&sides[i], tables[i], verbose);
        printf("table_model: %s: %u mutants of its rows, %u caught (%u of them by the safety properties alone), "
               "%u equivalent (mutants.c says why), %u survived\n",
               sides[i].name, m.total, m.caught, m.by_properties, m.equivalent, m.survived);
        if (m.survived > 0)
            status = 1;
    }
    return status;
}

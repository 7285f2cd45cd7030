/* SPDX-License-Identifier: Apache-2.0 */
/*
 * credssp table: the transition tables rendered from the code, as markdown
 * (docs/transitions.md) or Graphviz (docs/transitions.dot).  CI renders both
 * and fails when the committed files differ, so the docs follow the tables.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <credssp/credssp.h>

#include "commands.h"
#include "reasons.h"
#include "status_doc.h"
#include "transitions.h"

static const char table_usage[] =
    "usage: credssp table [--dot | --codes]\n"
    "  the client and server transition tables as markdown (default) or Graphviz,\n"
    "  or the return codes with their conditions, table rows and tests\n";

static void md_rows(const machine_table *t)
{
    printf("| state | event | action | next state | status | implements |\n");
    printf("|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < t->count; i++) {
        const machine_row *r = &t->rows[i];
        printf("| %s | %s | %s | %s | %s | %s |\n", machine_state_name(r->state), machine_event_name(r->event),
               machine_action_name(r->action), machine_state_name(r->next), credssp_status_name(r->status),
               r->cite);
    }
    const machine_row *f = t->fail;
    printf("| *every other pair* | | %s | %s | %s | %s |\n\n", machine_action_name(f->action),
           machine_state_name(f->next), credssp_status_name(f->status), f->cite);
}

/* Every (state, event) pair: the row it takes, as "next state" or "fail". */
static void md_matrix(const machine_table *t, const machine_state *states, size_t n)
{
    printf("| state \\ event |");
    for (int e = EV_NONE + 1; e < EV_COUNT; e++)
        printf(" %s |", machine_event_name((machine_event)e));
    printf("\n|---|");
    for (int e = EV_NONE + 1; e < EV_COUNT; e++)
        printf("---|");
    printf("\n");
    for (size_t s = 0; s < n; s++) {
        printf("| %s%s |", machine_state_name(states[s]), transitions_at_rest[states[s]] ? "" : " (in a call)");
        for (int e = EV_NONE + 1; e < EV_COUNT; e++) {
            const machine_row *r = machine_lookup(t, states[s], (machine_event)e);
            if (r == t->fail)
                printf(" fail |");
            else
                printf(" %s |", machine_state_name(r->next == MS_SAME ? states[s] : r->next));
        }
        printf("\n");
    }
    printf("\n");
}

static void render_markdown(void)
{
    printf("# Transition tables\n\n"
           "Rendered by `credssp table` from engine/machine/transitions.c; CI fails when this file differs.\n"
           "Do not edit by hand.\n\n"
           "A call's input is classified into an event (engine/machine/ingress.c); the row for (state, event) names\n"
           "the action, the next state and the SSPI status.  Events in parentheses are raised by the\n"
           "previous row's action in the same call.  An action that fails takes the context to FAILED\n"
           "with the status it names (for example SEC_E_LOGON_DENIED from NTLM, SEC_E_MUTUAL_AUTH_FAILED\n"
           "from a server pubKeyAuth that does not verify); the server then sends errorCode when the\n"
           "version carries one and ASC_REQ_EXTENDED_ERROR was asked.  Rows for state `any` apply to\n"
           "every state without a row of its own.  States marked \"(in a call)\" exist only inside one\n"
           "call, between a row and the follow-up its action raises; a caller finds a context only in the\n"
           "others.\n\n");
    printf("## %s\n\n", transitions_client.name);
    md_rows(&transitions_client);
    printf("### Every pair\n\n");
    md_matrix(&transitions_client, transitions_client_states, transitions_client_state_count);
    printf("## %s\n\n", transitions_server.name);
    md_rows(&transitions_server);
    printf("### Every pair\n\n");
    md_matrix(&transitions_server, transitions_server_states, transitions_server_state_count);
}

static void dot_table(const machine_table *t, const char *id, const machine_state *states, size_t n)
{
    printf("  subgraph cluster_%s {\n    label=\"%s\";\n", id, t->name);
    for (size_t s = 0; s < n; s++)
        printf("    %s_%s [label=\"%s\"];\n", id, machine_state_name(states[s]), machine_state_name(states[s]));
    for (size_t i = 0; i < t->count; i++) {
        const machine_row *r = &t->rows[i];
        /* Rows for any state are drawn once, from an "any" node. */
        const char *from = r->state == MS_ANY ? "any" : machine_state_name(r->state);
        const char *to = r->next == MS_SAME ? from : machine_state_name(r->next);
        if (r->state == MS_ANY && strcmp(from, "any") == 0 && r->next == MS_SAME)
            continue;
        printf("    %s_%s -> %s_%s [label=\"%s\\n%s\\n%s\"];\n", id, from, id, to, machine_event_name(r->event),
               machine_action_name(r->action), credssp_status_name(r->status));
    }
    printf("    %s_any [label=\"any state\", shape=box];\n  }\n", id);
}

static void render_dot(void)
{
    printf("// Rendered by `credssp table --dot` from engine/machine/transitions.c; do not edit.\n");
    printf("digraph credssp {\n  rankdir=TB;\n  node [shape=ellipse, fontname=\"Helvetica\"];\n"
           "  edge [fontname=\"Helvetica\", fontsize=9];\n");
    dot_table(&transitions_client, "client", transitions_client_states, transitions_client_state_count);
    dot_table(&transitions_server, "server", transitions_server_states, transitions_server_state_count);
    printf("}\n");
}

/* The rows of a table that return st. */
static void codes_rows(const machine_table *t, const char *side, int32_t st, bool *any)
{
    for (size_t i = 0; i < t->count; i++) {
        const machine_row *r = &t->rows[i];
        if (r->status != st)
            continue;
        printf("%s%s: %s + %s", *any ? "; " : "", side, machine_state_name(r->state), machine_event_name(r->event));
        *any = true;
    }
    if (t->fail->status == st && !*any) {
        printf("%s%s: every pair without a row", *any ? "; " : "", side);
        *any = true;
    }
}

static void render_codes(void)
{
    printf("# Return codes\n\n"
           "Rendered by `credssp table --codes` from cli/status_doc.c and the transition tables; CI fails when\n"
           "this file differs or a test named here does not exist.  \"Table rows\" are the rows whose status is\n"
           "the code; codes that actions fail with, or that the API returns before the engine runs, have\n"
           "none.  \"added\": codes of Windows' SSPI this package returns besides the seed's.\n\n");
    printf("| code | value | | condition | table rows | test |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < status_doc_count; i++) {
        const status_doc *d = &status_docs[i];
        bool any = false;
        printf("| %s | 0x%08X | %s | %s | ", credssp_status_name(d->status), (uint32_t)d->status, d->origin,
               d->condition);
        codes_rows(&transitions_client, "client", d->status, &any);
        codes_rows(&transitions_server, "server", d->status, &any);
        printf("%s | %s |\n", any ? "" : "-", d->test[0] != '\0' ? d->test : "-");
    }
    printf("\n## Reasons\n\n"
           "Why a call failed, as a stable code (CREDSSP_LAST_ERROR.Reason, from QueryContextAttributes or\n"
           "credssp_get_last_error): decide on these, never on the sentence.  A code keeps its number and\n"
           "meaning; new ones are added, none is reused.  With a message that did not parse, Stage (1 DER\n"
           "gate, 2 schema, 3 value), Rule and Offset say where; Site names the source line that recorded it.\n"
           "Tested by tests/test_failures.c.\n\n");
    printf("| value | reason | meaning |\n|---|---|---|\n");
    for (size_t i = 0; reason_doc_at(i) != NULL; i++)
        printf("| %u | %s | %s |\n", reason_doc_at(i)->reason, reason_doc_at(i)->name, reason_doc_at(i)->meaning);
}

int cmd_table(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(table_usage, stdout);
        return 0;
    }
    if (argc == 1) {
        render_markdown();
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--codes") == 0) {
        render_codes();
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--dot") == 0) {
        render_dot();
        return 0;
    }
    fputs(table_usage, stderr);
    return 2;
}

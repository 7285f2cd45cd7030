/* SPDX-License-Identifier: Apache-2.0 */
/* What check.c (the search) gives mutants.c (the mutants and main). */
#ifndef CREDSSP_MODEL_CHECK_H
#define CREDSSP_MODEL_CHECK_H

#include <stddef.h>

#include "model.h"

typedef struct side {
    const char *name;
    const machine_state *states;
    size_t state_count;
    machine_state initial;
    model_answer (*model)(model_phase, machine_event, model_oracle *);
    bool client;
} side;

typedef struct report {
    unsigned configs, steps, disagreements, violations;
    bool quiet;
} report;

/* Every configuration reachable from the side's initial one, every call
 * from each, every combination of the actions' answers, against the model. */
void explore(const side *s, const machine_table *t, report *rep);

/* A status's name, for the messages (the check links no library). */
const char *check_status_name(machine_status st);

extern const side client_side;
extern const side server_side;

#endif

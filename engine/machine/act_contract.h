/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What each action may answer (act_contract.c): whether it can fail, whether
 * it can complete without raising an event, and the events it can raise.
 * machine_act holds every action to its contract, in every build, and the
 * table's model check (proofs/model/) explores exactly these outcomes: the
 * check covers what the actions can do because they cannot do anything else.
 */
#ifndef CREDSSP_ACT_CONTRACT_H
#define CREDSSP_ACT_CONTRACT_H

#include <stdbool.h>

#include "machine.h"
#include "must_use.h"

#define ACT_CONTRACT_MAX_RAISES 2

typedef struct act_contract {
    bool may_fail;        /* ACT_FAIL with a status of the action's choosing */
    bool may_complete;    /* ACT_DONE raising nothing */
    machine_event raises[ACT_CONTRACT_MAX_RAISES]; /* ACT_DONE raising one of these; EV_NONE ends the list */
} act_contract;

/* The contract of an action; the always-fail contract for an unknown one. */
const act_contract *act_contract_of(machine_action a) CS_MUST_USE;

/* Whether r is an answer the contract of a allows. */
bool act_contract_allows(machine_action a, act_result r) CS_MUST_USE;

#endif

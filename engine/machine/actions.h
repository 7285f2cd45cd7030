/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The actions of the tables (actions.c): each row names one, machine_step
 * runs it through machine_act (declared in machine.h, the contract the
 * table walker's proof assumes).  An action acts on the context and may
 * raise a follow-up event.
 */
#ifndef CREDSSP_ACTIONS_H
#define CREDSSP_ACTIONS_H

#include "context.h"
#include "machine.h"

#endif

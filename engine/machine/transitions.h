/* SPDX-License-Identifier: Apache-2.0 */
/* The client and server transition tables (transitions.c). */
#ifndef CREDSSP_TRANSITIONS_H
#define CREDSSP_TRANSITIONS_H

#include "machine.h"

extern const machine_table transitions_client;
extern const machine_table transitions_server;
extern const machine_state transitions_client_states[];
extern const size_t transitions_client_state_count;
extern const machine_state transitions_server_states[];
extern const size_t transitions_server_state_count;
/* Whether a caller can see a context in this state between calls (the
 * others exist only inside one call). */
extern const bool transitions_at_rest[MS_COUNT];

#endif

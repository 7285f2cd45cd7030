/* SPDX-License-Identifier: Apache-2.0 */
/* One SSPI call through the engine (call.c). */
#ifndef CREDSSP_CALL_H
#define CREDSSP_CALL_H

#include "context.h"

/* One call: input (whole or partial TLS records) in; output records in
 * c->out; returns the SSPI status.  *consumed says how much of in was taken
 * (the rest is SECBUFFER_EXTRA), c->missing how much more is needed. */
int32_t engine_call(cs_context *c, const uint8_t *in, size_t in_len, size_t *consumed);

/* The transport closed under the context (credssp_drive_*): the table's
 * EV_PEER_CLOSED row decides what that means in this state. */
int32_t engine_peer_gone(cs_context *c);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ingress: what the caller's bytes are, as one event of the tables
 * (ingress.c).  It reads TLS records, and the TSRequest they carry once it
 * is whole.  It reads no state: what an event means in a state, the table
 * says (a state whose rows take EV_INPUT is never read from).
 */
#ifndef CREDSSP_INGRESS_H
#define CREDSSP_INGRESS_H

#include "context.h"

/* What the call is, before a byte is read: unsupported flags, no input (a
 * certificate supplied or not), or input (EV_INPUT).  Resets the call's
 * input fields; *consumed is 0. */
machine_event ingress_call(cs_context *c, size_t in_len, size_t *consumed);
/* The input's event: TLS records, a TSRequest by its fields, malformed,
 * incomplete; *consumed says how much was taken. */
machine_event ingress_read(cs_context *c, const uint8_t *in, size_t in_len, size_t *consumed);
/* Which TSRequest event a decoded message is, by the fields it carries. */
machine_event ingress_fields(const tsrequest *r);
/* The event for the application data waiting in c->rx. */
machine_event ingress_classify_message(cs_context *c);
/* After a row: a TSRequest that came behind the TLS handshake (TLS 1.3:
 * with the client's Finished), as its event; EV_NONE when there is none. */
machine_event ingress_pending_message(cs_context *c);

#endif

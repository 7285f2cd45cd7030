/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ingress: what the caller's bytes are, as one event of the tables
 * (ingress.c).  It reads TLS records, and the TSRequest they carry once it
 * is whole; it never changes the state.
 */
#ifndef CREDSSP_INGRESS_H
#define CREDSSP_INGRESS_H

#include "context.h"

/* Ingress: the event for this input (ingress.c). */
machine_event ingress_classify(cs_context *c, const uint8_t *in, size_t in_len, size_t *consumed);
/* Which TSRequest event a decoded message is, by the fields it carries. */
machine_event ingress_fields(const tsrequest *r);
/* The event for the application data waiting in c->rx. */
machine_event ingress_classify_message(cs_context *c);
/* After a row: a TSRequest that came behind the TLS handshake (TLS 1.3:
 * with the client's Finished), as its event; EV_NONE when there is none. */
machine_event ingress_pending_message(cs_context *c);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SecBuffer descriptors and time stamps the calls read and fill in
 * (buffers.c).
 */
#ifndef CREDSSP_API_BUFFERS_H
#define CREDSSP_API_BUFFERS_H

#include <stdbool.h>
#include <stddef.h>

#include <credssp/sspi.h>

#include "context.h"

/* "Never expires": the largest TimeStamp, as Windows reports it. */
void expiry_never(PTimeStamp ts);
/* The first buffer of this type in d, or NULL. */
PSecBuffer find_buffer(PSecBufferDesc d, uint32_t type);
/* Reports how the input was consumed: SECBUFFER_EXTRA for what is left,
 * SECBUFFER_MISSING for what is still needed. */
void report_input(PSecBufferDesc in, SECURITY_STATUS st, size_t token_len, size_t consumed, size_t missing);
/* The call's output records into the caller's token buffer (or a new one
 * with ISC_REQ_ALLOCATE_MEMORY); SEC_E_BUFFER_TOO_SMALL keeps them. */
SECURITY_STATUS deliver_output(cs_context *c, PSecBufferDesc out, bool allocate);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SSPI stream interface: EncryptMessage and DecryptMessage over the
 * context's TLS connection (stream.c); QueryContextAttributes reports
 * its sizes (attributes.c).
 */
#ifndef CREDSSP_API_STREAM_H
#define CREDSSP_API_STREAM_H

#include "cs_limits.h"
#include "record.h"

/* A stream header is one TLS record header; a message at most one record's
 * plaintext (RFC 8446 5.1, RFC 5246 6.2.1: 2^14). */
#define STREAM_HEADER_LEN RECORD_HEADER_LEN
#define STREAM_MAX_MESSAGE CS_LIMIT_TLS_PLAINTEXT

#endif

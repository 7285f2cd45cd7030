/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The differential check every codec harness runs: the strict DER gate and
 * the generated (lenient BER) decoder must agree on what DER is.
 *  - When the generated decoder reads the input and its DER re-encoding is
 *    the input itself, the input is canonical DER: the gate must accept it
 *    (a gate stricter than X.690 would refuse real peers).  Except for the
 *    contents rules of the types asn1c keeps as raw bytes and re-encodes
 *    untouched, OBJECT IDENTIFIER (8.19.2) and BIT STRING (8.6.2, 11.2.1):
 *    there the gate alone checks, and an identical re-encoding proves
 *    nothing (found by fuzzing: tests/regressions/fuzz-spnego-oid-unterminated).
 *  - What the strict pipeline accepts re-encodes to the very same bytes
 *    (DER is canonical, X.690 10-11), and both halves accepted it.
 * Any disagreement aborts, which libFuzzer and AFL++ report as a crash
 * (differential.c).
 */
#ifndef CREDSSP_FUZZ_DIFFERENTIAL_H
#define CREDSSP_FUZZ_DIFFERENTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asn1.h"

/* Reports a broken invariant and aborts. */
void fuzz_fail(const char *why) __attribute__((noreturn));
/* The gate and the generated decoder agree on data (strict_accepted: what
 * the strict pipeline said of it). */
void fuzz_differential(asn_TYPE_descriptor_t *td, const uint8_t *data, size_t size, bool strict_accepted);
/* What the strict pipeline accepted must re-encode, from its typed view,
 * to the input byte for byte.  r is the encoder's result: call the encoder
 * in a statement of its own first (an argument list does not order the
 * call before the reads of enc and enc_len).  Frees enc. */
void fuzz_require_same(codec_result r, uint8_t *enc, size_t enc_len, const uint8_t *data, size_t size);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* What the codec tests share: rejection tables and the captured vectors (codec_cases.c). */
#ifndef CREDSSP_CODEC_CASES_H
#define CREDSSP_CODEC_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"

/* Bytes (hex) a decoder must refuse, with the result, offset and a
 * substring of the reason it must give. */
typedef struct reject_case {
    const char *hex;
    codec_result result;
    size_t offset;
    const char *reason; /* a substring of the reason */
} reject_case;

/* Runs every case through decode; each refusal must match its row. */
void test_run_rejects(const char *type, const reject_case *cases, size_t n,
                      codec_result (*decode)(const uint8_t *, size_t, codec_error *));
/* A file of tests/data, whole (aborts the run when it cannot be read). */
uint8_t *test_load_data(const char *name, size_t *len);

#endif

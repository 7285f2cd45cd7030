/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every decoder in engine/ returns: a typed result, and on failure the
 * stage that refused the input, the byte offset and the rule broken.
 * Checked with one-line guards (CODEC_GUARD), in the s2n manner.
 */
#ifndef CREDSSP_CODEC_H
#define CREDSSP_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "must_use.h"
#include "der.h"

typedef enum codec_result {
    CODEC_OK = 0,
    CODEC_E_DER,       /* the strict DER gate refused the bytes */
    CODEC_E_SCHEMA,    /* valid DER, but not the ASN.1 type (generated decoder) */
    CODEC_E_SEMANTIC,  /* the type, but a value the protocol forbids */
    CODEC_E_NOMEM,     /* an allocation failed */
    CODEC_E_ENCODE,    /* the generated encoder refused a value */
} codec_result;

typedef struct codec_error {
    codec_result result;
    der_rule der;       /* with CODEC_E_DER */
    size_t offset;      /* byte offset in the input where the rule applies */
    const char *reason; /* one line, static storage */
} codec_error;

/* A run of bytes inside a decoded message; present tells an absent OPTIONAL
 * component from an empty one. */
typedef struct cs_bytes {
    const uint8_t *data;
    size_t len;
    bool present;
} cs_bytes;

#define CODEC_GUARD(expr)                                                      \
    do {                                                                       \
        codec_result codec_guard_r_ = (expr);                                  \
        if (codec_guard_r_ != CODEC_OK)                                        \
            return codec_guard_r_;                                             \
    } while (0)

/* Records a failure in *err (which may be NULL) and returns its result. */
codec_result codec_fail(codec_error *err, codec_result result, size_t offset, const char *reason) CS_MUST_USE;

/* "stage at offset N: reason", for messages and the command line. */
const char *codec_result_name(codec_result result);

#endif

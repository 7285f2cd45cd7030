/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One description, two renderings: indented text for people, JSON for
 * machines.  cmd_decode.c describes a message once through these calls.
 */
#ifndef CREDSSP_EMIT_H
#define CREDSSP_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct emitter {
    FILE *out;
    bool json;
    int depth;
    bool first[16]; /* JSON: no comma needed yet at this depth */
} emitter;

void emit_init(emitter *em, FILE *out, bool json);
void emit_open(emitter *em, const char *key, const char *title); /* object */
void emit_close(emitter *em);
void emit_open_list(emitter *em, const char *key);
void emit_close_list(emitter *em);
void emit_int(emitter *em, const char *key, long long value);
void emit_str(emitter *em, const char *key, const char *value);
void emit_bool(emitter *em, const char *key, bool value);
void emit_hex(emitter *em, const char *key, const uint8_t *data, size_t len);
/* A UTF-16LE string shown as text (hex when it is not valid UTF-16). */
void emit_utf16(emitter *em, const char *key, const uint8_t *data, size_t len);
/* A secret: its length only, unless shown is true. */
void emit_secret_utf16(emitter *em, const char *key, const uint8_t *data, size_t len, bool shown);
void emit_finish(emitter *em);


#endif

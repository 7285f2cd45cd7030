/* SPDX-License-Identifier: Apache-2.0 */
/* Text and JSON rendering for the credssp command; see emit.h. */
#include <string.h>

#include "emit.h"
#include "unicode.h"

void emit_init(emitter *em, FILE *out, bool json)
{
    memset(em, 0, sizeof *em);
    em->out = out;
    em->json = json;
    em->first[0] = true;
}

static void emit_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* JSON: the separator and key before a value; text: the indented label. */
static void emit_key(emitter *em, const char *key)
{
    if (em->json) {
        if (!em->first[em->depth])
            fputc(',', em->out);
        em->first[em->depth] = false;
        if (key != NULL) {
            emit_json_string(em->out, key);
            fputc(':', em->out);
        }
        return;
    }
    fprintf(em->out, "%*s", em->depth * 2, "");
    if (key != NULL)
        fprintf(em->out, "%-15s ", key);
}

static void emit_push(emitter *em)
{
    if (em->depth < (int)(sizeof em->first / sizeof em->first[0]) - 1)
        em->depth++;
    em->first[em->depth] = true;
}

void emit_open(emitter *em, const char *key, const char *title)
{
    emit_key(em, key);
    if (em->json) {
        fputc('{', em->out);
        emit_push(em);
        if (title != NULL)
            emit_str(em, "type", title);
        return;
    }
    fprintf(em->out, "%s\n", title != NULL ? title : "");
    emit_push(em);
}

void emit_close(emitter *em)
{
    if (em->depth > 0)
        em->depth--;
    if (em->json)
        fputc('}', em->out);
}

void emit_open_list(emitter *em, const char *key)
{
    emit_key(em, key);
    if (em->json)
        fputc('[', em->out);
    else
        fputc('\n', em->out);
    emit_push(em);
}

void emit_close_list(emitter *em)
{
    if (em->depth > 0)
        em->depth--;
    if (em->json)
        fputc(']', em->out);
}

void emit_int(emitter *em, const char *key, long long value)
{
    emit_key(em, key);
    fprintf(em->out, em->json ? "%lld" : "%lld\n", value);
}

void emit_str(emitter *em, const char *key, const char *value)
{
    emit_key(em, key);
    if (em->json)
        emit_json_string(em->out, value);
    else
        fprintf(em->out, "%s\n", value);
}

void emit_bool(emitter *em, const char *key, bool value)
{
    emit_key(em, key);
    fprintf(em->out, em->json ? "%s" : "%s\n", value ? "true" : "false");
}

void emit_hex(emitter *em, const char *key, const uint8_t *data, size_t len)
{
    emit_key(em, key);
    if (em->json) {
        fputc('"', em->out);
        for (size_t i = 0; i < len; i++)
            fprintf(em->out, "%02x", data[i]);
        fputc('"', em->out);
        return;
    }
    fprintf(em->out, "(%zu bytes)", len);
    for (size_t i = 0; i < len; i++) {
        if (i % 32u == 0u)
            fprintf(em->out, "\n%*s", em->depth * 2 + 2, "");
        fprintf(em->out, "%02x", data[i]);
    }
    fputc('\n', em->out);
}

void emit_utf16(emitter *em, const char *key, const uint8_t *data, size_t len)
{
    char text[1024];
    if (!utf16le_to_utf8(data, len, text, sizeof text)) {
        emit_hex(em, key, data, len);
        return;
    }
    if (em->json) {
        emit_str(em, key, text);
        return;
    }
    emit_key(em, key);
    fprintf(em->out, "\"%s\" (%zu bytes UTF-16LE)\n", text, len);
}

void emit_secret_utf16(emitter *em, const char *key, const uint8_t *data, size_t len, bool shown)
{
    if (shown) {
        emit_utf16(em, key, data, len);
        return;
    }
    char note[64];
    snprintf(note, sizeof note, "<redacted, %zu bytes; --show-secrets shows it>", len);
    emit_str(em, key, note);
}

void emit_finish(emitter *em)
{
    if (em->json)
        fputc('\n', em->out);
}

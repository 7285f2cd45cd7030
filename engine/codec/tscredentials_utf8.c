/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TSCredentials to and from UTF-8 credentials; see tscredentials_utf8.h.
 * Secrets are wiped with explicit_bzero: this layer links no OpenSSL.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cs_limits.h"
#include "tscredentials_utf8.h"
#include "unicode.h"

/* A string longer than this (UTF-16LE bytes with its terminator) is no
 * user name, password or smart-card field: 4 KiB. */
#define TSCRED_MAX_STRING CS_LIMIT_DELEGATED_STRING

/* ---------------------------------------------------------- to the wire */

/* UTF-16LE copies of the strings going into TSCredentials, wiped after. */
#define U16_MAX_FIELDS 24u
typedef struct u16_arena {
    uint8_t *buf[U16_MAX_FIELDS];
    size_t len[U16_MAX_FIELDS];
    size_t n;
    codec_result result; /* the first failure: no memory, or a string that cannot go */
    const char *why;
} u16_arena;

static bool u16_fail(u16_arena *a, codec_result result, const char *why)
{
    if (a->result == CODEC_OK) {
        a->result = result;
        a->why = why;
    }
    return false;
}

/* s as UTF-16LE (an empty string for NULL unless optional: then absent). */
static bool u16_field(u16_arena *a, const char *s, bool optional, cs_bytes *out)
{
    *out = (cs_bytes){ NULL, 0, false };
    if (s == NULL && optional)
        return true;
    size_t cap = (s != NULL ? strlen(s) : 0) * 2 + 2, len = 0;
    if (a->n == U16_MAX_FIELDS || cap > TSCRED_MAX_STRING)
        return u16_fail(a, CODEC_E_SEMANTIC, "a credential string is too long for TSCredentials");
    uint8_t *b = malloc(cap);
    if (b == NULL)
        return u16_fail(a, CODEC_E_NOMEM, "no memory for TSCredentials");
    a->buf[a->n] = b;
    a->len[a->n++] = cap;
    if (s != NULL && !utf8_to_utf16le(s, b, cap, &len))
        return u16_fail(a, CODEC_E_SEMANTIC, "a credential string is not UTF-8");
    *out = (cs_bytes){ b, len, true };
    return true;
}

static void u16_wipe(u16_arena *a)
{
    for (size_t i = 0; i < a->n; i++) {
        explicit_bzero(a->buf[i], a->len[i]);
        free(a->buf[i]);
    }
    a->n = 0;
}

static bool tscred_password(u16_arena *a, const ts_delegation *d, tscredentials *tc)
{
    tc->cred_type = TSCRED_PASSWORD;
    return u16_field(a, d->domain, false, &tc->u.password.domain) &&
           u16_field(a, d->user, false, &tc->u.password.user) &&
           u16_field(a, d->password, false, &tc->u.password.password);
}

static bool tscred_smartcard(u16_arena *a, const cs_other_creds *o, tscredentials *tc)
{
    ts_smartcard_creds *sc = &tc->u.smartcard;
    tc->cred_type = TSCRED_SMARTCARD;
    sc->csp.key_spec = (long)o->key_spec;
    return u16_field(a, o->pin, false, &sc->pin) && u16_field(a, o->card, true, &sc->csp.card_name) &&
           u16_field(a, o->reader, true, &sc->csp.reader_name) &&
           u16_field(a, o->container, true, &sc->csp.container_name) && u16_field(a, o->csp, true, &sc->csp.csp_name) &&
           u16_field(a, o->user_hint, true, &sc->user_hint) && u16_field(a, o->domain_hint, true, &sc->domain_hint);
}

static bool tscred_package(u16_arena *a, const cs_package *p, ts_package_cred *out)
{
    out->cred_buffer = (cs_bytes){ p->buf, p->len, true };
    return u16_field(a, p->name, false, &out->package_name);
}

static bool tscred_remote_guard(u16_arena *a, const cs_other_creds *o, tscredentials *tc)
{
    ts_remote_guard_creds *rg = &tc->u.remote_guard;
    tc->cred_type = TSCRED_REMOTE_GUARD;
    bool ok = tscred_package(a, &o->logon, &rg->logon);
    rg->has_supplemental = o->supplemental_count > 0;
    rg->supplemental_count = o->supplemental_count;
    for (size_t i = 0; ok && i < o->supplemental_count; i++)
        ok = tscred_package(a, &o->supplemental[i], &rg->supplemental[i]);
    return ok;
}

codec_result tscredentials_encode_utf8(const ts_delegation *d, uint8_t **der, size_t *der_len, codec_error *err)
{
    *der = NULL;
    *der_len = 0;
    u16_arena arena = { .n = 0, .result = CODEC_OK };
    tscredentials tc;
    memset(&tc, 0, sizeof tc);
    bool ok = d->kind == TSCRED_SMARTCARD      ? tscred_smartcard(&arena, d->other, &tc)
              : d->kind == TSCRED_REMOTE_GUARD ? tscred_remote_guard(&arena, d->other, &tc)
                                               : tscred_password(&arena, d, &tc);
    codec_error enc;
    if (ok && tscredentials_encode(&tc, der, der_len, &enc) != CODEC_OK)
        ok = u16_fail(&arena, enc.result == CODEC_E_NOMEM ? CODEC_E_NOMEM : CODEC_E_ENCODE,
                      "cannot encode TSCredentials");
    u16_wipe(&arena);
    if (!ok)
        return codec_fail(err, arena.result, 0, arena.why);
    return CODEC_OK;
}

/* --------------------------------------------------------- from the wire */

/* Delegated strings: UTF-16LE to UTF-8, telling bad text (the peer's fault)
 * from no memory (ours). */
typedef enum text_result {
    TEXT_OK = 0,
    TEXT_INVALID,   /* an unpaired surrogate or U+0000 */
    TEXT_NO_MEMORY,
} text_result;

static text_result utf8_dup(cs_bytes b, char **out)
{
    *out = NULL;
    size_t cap = b.len * 2 + 1; /* UTF-16 to UTF-8 at most triples per unit pair */
    char *s = malloc(cap);
    if (s == NULL)
        return TEXT_NO_MEMORY;
    if (!utf16le_to_utf8(b.data, b.len, s, cap)) {
        explicit_bzero(s, cap);
        free(s);
        return TEXT_INVALID;
    }
    *out = s;
    return TEXT_OK;
}

/* The first failure sticks: later fields are not read. */
static void utf8_take(text_result *r, char **dst, cs_bytes b)
{
    if (*r == TEXT_OK)
        *r = utf8_dup(b, dst);
}

static void utf8_take_opt(text_result *r, char **dst, cs_bytes b)
{
    if (b.present)
        utf8_take(r, dst, b);
}

static text_result take_password(ts_delegated *d, const ts_password_creds *p)
{
    text_result r = TEXT_OK;
    utf8_take(&r, &d->user, p->user);
    utf8_take(&r, &d->domain, p->domain);
    utf8_take(&r, &d->password, p->password);
    return r;
}

static text_result take_smartcard(cs_other_creds *o, const ts_smartcard_creds *sc)
{
    text_result r = TEXT_OK;
    o->kind = TSCRED_SMARTCARD;
    o->key_spec = (uint32_t)sc->csp.key_spec;
    utf8_take_opt(&r, &o->pin, sc->pin);
    utf8_take_opt(&r, &o->card, sc->csp.card_name);
    utf8_take_opt(&r, &o->reader, sc->csp.reader_name);
    utf8_take_opt(&r, &o->container, sc->csp.container_name);
    utf8_take_opt(&r, &o->csp, sc->csp.csp_name);
    utf8_take_opt(&r, &o->user_hint, sc->user_hint);
    utf8_take_opt(&r, &o->domain_hint, sc->domain_hint);
    return r;
}

static text_result take_package(cs_package *p, const ts_package_cred *in)
{
    p->buf = malloc(in->cred_buffer.len > 0 ? in->cred_buffer.len : 1);
    if (p->buf == NULL)
        return TEXT_NO_MEMORY;
    if (in->cred_buffer.len > 0)
        memcpy(p->buf, in->cred_buffer.data, in->cred_buffer.len);
    p->len = in->cred_buffer.len;
    return utf8_dup(in->package_name, &p->name);
}

static text_result take_remote_guard(cs_other_creds *o, const ts_remote_guard_creds *rg)
{
    o->kind = TSCRED_REMOTE_GUARD;
    text_result r = take_package(&o->logon, &rg->logon);
    size_t n = rg->supplemental_count < TSCRED_MAX_SUPPLEMENTAL ? rg->supplemental_count : TSCRED_MAX_SUPPLEMENTAL;
    for (size_t i = 0; r == TEXT_OK && i < n; i++)
        r = take_package(&o->supplemental[i], &rg->supplemental[i]);
    o->supplemental_count = n;
    return r;
}

codec_result tscredentials_to_utf8(const tscredentials *view, ts_delegated *out, codec_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = view->cred_type;
    text_result tr;
    if (view->cred_type == TSCRED_PASSWORD)
        tr = take_password(out, &view->u.password);
    else if (view->cred_type == TSCRED_SMARTCARD)
        tr = take_smartcard(&out->other, &view->u.smartcard);
    else
        tr = take_remote_guard(&out->other, &view->u.remote_guard);
    if (tr == TEXT_OK)
        return CODEC_OK;
    ts_delegated_wipe(out);
    if (tr == TEXT_NO_MEMORY)
        return codec_fail(err, CODEC_E_NOMEM, 0, "no memory for the delegated credentials");
    return codec_fail(err, CODEC_E_SEMANTIC, 0, "the delegated credentials are not valid UTF-16 or hold U+0000");
}

/* ---------------------------------------------------------------- wiping */

static void wipe_str(char **s)
{
    if (*s != NULL)
        explicit_bzero(*s, strlen(*s));
    free(*s);
    *s = NULL;
}

static void wipe_package(cs_package *p)
{
    wipe_str(&p->name);
    if (p->buf != NULL)
        explicit_bzero(p->buf, p->len);
    free(p->buf);
    p->buf = NULL;
    p->len = 0;
}

void cs_other_creds_wipe(cs_other_creds *o)
{
    char **strings[] = { &o->pin, &o->card, &o->reader, &o->container, &o->csp, &o->user_hint, &o->domain_hint };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        wipe_str(strings[i]);
    wipe_package(&o->logon);
    for (size_t i = 0; i < TSCRED_MAX_SUPPLEMENTAL; i++)
        wipe_package(&o->supplemental[i]);
    memset(o, 0, sizeof *o);
}

void ts_delegated_wipe(ts_delegated *d)
{
    wipe_str(&d->user);
    wipe_str(&d->domain);
    wipe_str(&d->password);
    cs_other_creds_wipe(&d->other);
    memset(d, 0, sizeof *d);
}

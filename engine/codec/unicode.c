/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 and UTF-16LE, both ways (RFC 3629, RFC 2781). */
#include "unicode.h"

/* The byte a char holds, whether char is signed or not (C11 6.2.5p15). */
/*@ assigns \nothing;
    ensures 0 <= \result <= 255;
    ensures \result == 0 <==> c == 0;
*/
static uint32_t char_byte(char c)
{
    return c < 0 ? (uint32_t)((int)c + 256) : (uint32_t)c;
}

/* Decodes the scalar value that starts at in[at] (RFC 3629 3 and 4: the
 * shortest form only, no surrogate, nothing past U+10FFFF, no sequence cut
 * off by the end of the n bytes); returns its length, 0 when invalid.
 * U+0000 is invalid too: a name holding it would be cut short as a C
 * string (unicode.h).  The bit fields of RFC 3629's table as quotients and
 * remainders: the same values, in the arithmetic WP reasons about. */
/*@ requires at < n;
    requires \valid_read(in + (0 .. n - 1));
    requires \valid(cp);
    requires \separated(cp, in + (0 .. n - 1));
    assigns *cp;
    ensures \result <= 4 && at + \result <= n;
    ensures \result != 0 ==> *cp <= 0x10FFFF && !(0xD800 <= *cp <= 0xDFFF) && *cp != 0;
*/
static size_t utf8_decode(const char *in, size_t n, size_t at, uint32_t *cp)
{
    uint32_t b = char_byte(in[at]);
    size_t len;
    uint32_t min;
    if (b == 0u)
        return 0;
    if (b < 0x80u) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2u && b <= 0xDFu) {
        len = 2;
        min = 0x80u;
        *cp = b - 0xC0u;
    } else if (b >= 0xE0u && b <= 0xEFu) {
        len = 3;
        min = 0x800u;
        *cp = b - 0xE0u;
    } else if (b >= 0xF0u && b <= 0xF4u) {
        len = 4;
        min = 0x10000u;
        *cp = b - 0xF0u;
    } else {
        return 0;
    }
    /*@ loop invariant 1 <= i <= len && at + i <= n;
        loop invariant len - i == 3 ==> *cp < 8;
        loop invariant len - i == 2 ==> *cp < 512;
        loop invariant len - i == 1 ==> *cp < 32768;
        loop invariant len - i == 0 ==> *cp < 0x200000;
        loop assigns i, *cp;
        loop variant len - i;
    */
    for (size_t i = 1; i < len; i++) {
        if (n - at <= i) /* cut off by the end */
            return 0;
        uint32_t c = char_byte(in[at + i]);
        if (c < 0x80u || c > 0xBFu) /* not a continuation byte */
            return 0;
        /*@ assert *cp < 32768; */
        *cp = *cp * 64u + (c - 0x80u);
    }
    if (*cp < min || *cp > 0x10FFFFu || (*cp >= 0xD800u && *cp <= 0xDFFFu))
        return 0;
    return len;
}

/* Appends one UTF-16LE code unit. */
/*@ requires unit <= 0xFFFF;
    requires \valid(len) && *len <= cap && *len % 2 == 0;
    requires cap == 0 || \valid(out + (0 .. cap - 1));
    requires \separated(len, out + (0 .. cap - 1));
    assigns *len, out[0 .. cap - 1];
    ensures *len <= cap && *len % 2 == 0;
    ensures \result ==> *len == \old(*len) + 2;
    ensures !\result ==> *len == \old(*len);
*/
static bool put_unit(uint8_t *out, size_t cap, size_t *len, uint32_t unit)
{
    if (cap - *len < 2u)
        return false;
    out[*len] = (uint8_t)(unit % 256u);
    out[*len + 1u] = (uint8_t)(unit / 256u);
    *len += 2u;
    return true;
}

bool utf8n_to_utf16le(const char *in, size_t n, uint8_t *out, size_t cap, size_t *len)
{
    size_t at = 0;
    *len = 0;
    /*@ loop invariant 0 <= at <= n;
        loop invariant *len <= cap && *len % 2 == 0;
        loop assigns at, *len, out[0 .. cap - 1];
        loop variant n - at;
    */
    while (at < n) {
        /* utf8_decode writes cp on every step it accepts; 0 before, so that
         * no analysis (Eva joins a refused step's state with an accepted
         * one's) sees it read unset. */
        uint32_t cp = 0;
        size_t step = utf8_decode(in, n, at, &cp);
        if (step == 0)
            return false;
        at += step;
        if (cp >= 0x10000u) {
            cp -= 0x10000u; /* RFC 2781 2.1: a pair of 10-bit halves */
            if (!put_unit(out, cap, len, 0xD800u + cp / 1024u) || !put_unit(out, cap, len, 0xDC00u + cp % 1024u))
                return false;
        } else if (!put_unit(out, cap, len, cp)) {
            return false;
        }
    }
    return true;
}

bool utf8_to_utf16le(const char *in, uint8_t *out, size_t cap, size_t *len)
{
    return utf8n_to_utf16le(in, strlen(in), out, cap, len);
}

/* A byte value as a char.  Where char is signed, converting a value above
 * 127 is implementation-defined (C11 6.3.1.3p3); the negative value with the
 * same bits converts without loss where char is signed and, modulo 2^8
 * (6.3.1.3p2), to the byte itself where it is unsigned. */
/*@ requires 0 <= v <= 255;
    assigns \nothing;
    ensures v != 0 ==> \result != 0;
*/
static char byte_char(uint32_t v)
{
    return v < 0x80u ? (char)v : (char)((int)v - 256);
}

/* Writes the UTF-8 form of cp (RFC 3629 3) at out; returns its length.  The
 * bit fields of the table in RFC 3629 3 as quotients and remainders of
 * powers of two: the same bytes, in the arithmetic WP reasons about. */
/*@ requires cp <= 0x10FFFF;
    requires \valid(out + (0 .. 3));
    assigns out[0 .. 3];
    ensures \result == (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
    ensures cp != 0 ==> out[0] != 0;
    ensures \result >= 2 ==> out[1] != 0;
    ensures \result >= 3 ==> out[2] != 0;
    ensures \result == 4 ==> out[3] != 0;
*/
static size_t utf8_put(uint32_t cp, char *out)
{
    if (cp < 0x80u) {
        out[0] = byte_char(cp);
        return 1;
    }
    if (cp < 0x800u) {
        out[0] = byte_char(0xC0u + cp / 64u);
        out[1] = byte_char(0x80u + cp % 64u);
        return 2;
    }
    if (cp < 0x10000u) {
        out[0] = byte_char(0xE0u + cp / 4096u);
        out[1] = byte_char(0x80u + cp / 64u % 64u);
        out[2] = byte_char(0x80u + cp % 64u);
        return 3;
    }
    out[0] = byte_char(0xF0u + cp / 262144u);
    out[1] = byte_char(0x80u + cp / 4096u % 64u);
    out[2] = byte_char(0x80u + cp / 64u % 64u);
    out[3] = byte_char(0x80u + cp % 64u);
    return 4;
}

bool utf16le_has_nul(const uint8_t *data, size_t len)
{
    /*@ loop invariant 0 <= i <= len && i % 2 == 0;
        loop invariant \forall integer j; 0 <= j < i && j % 2 == 0 ==> !utf16le_nul_at(data, j);
        loop assigns i;
        loop variant len - i;
    */
    for (size_t i = 0; i + 1 < len; i += 2)
        if (data[i] == 0 && data[i + 1] == 0)
            return true;
    return false;
}

/* UTF-16 (RFC 2781 2.2) to UTF-8 (RFC 3629 3); false on an unpaired
 * surrogate, U+0000 (it would cut the C string short) or no room. */
/*@ requires len % 2 == 0 && cap > 0;
    requires len == 0 || \valid_read(data + (0 .. len - 1));
    requires \valid(text + (0 .. cap - 1));
    requires \separated(data + (0 .. len - 1), text + (0 .. cap - 1));
    assigns text[0 .. cap - 1];
    ensures \result ==> utf8_text_in(text, cap);
*/
static bool utf16le_convert(const uint8_t *data, size_t len, char *text, size_t cap)
{
    size_t used = 0;
    /*@ loop invariant 0 <= i <= len && i % 2 == 0;
        loop invariant 0 <= used < cap;
        loop invariant \forall integer k; 0 <= k < used ==> text[k] != 0;
        loop assigns i, used, text[0 .. cap - 1];
        loop variant len - i;
    */
    for (size_t i = 0; i < len; i += 2) {
        uint32_t cp = data[i] + data[i + 1] * 256u;
        /*@ assert cp <= 0xFFFF; */
        if (cp >= 0xD800u && cp <= 0xDBFFu) {
            if (len - i < 4u)
                return false; /* a high surrogate with nothing after it */
            uint32_t lo = data[i + 2] + data[i + 3] * 256u;
            if (lo < 0xDC00u || lo > 0xDFFFu)
                return false;
            uint32_t high10 = cp - 0xD800u, low10 = lo - 0xDC00u;
            /*@ assert high10 < 1024 && low10 < 1024; */
            cp = 0x10000u + high10 * 1024u + low10; /* RFC 2781 2.2 */
            i += 2;
        } else if ((cp >= 0xDC00u && cp <= 0xDFFFu) || cp == 0u) {
            return false;
        }
        if (cap - used < 5)
            return false;
        /*@ assert cp != 0 && cp <= 0x10FFFF; */
        size_t put = utf8_put(cp, text + used);
        /*@ assert \forall integer k; used <= k < used + put ==> text[k] != 0; */
        used += put;
    }
    text[used] = '\0';
    /*@ assert text[used] == 0 && \forall integer k; 0 <= k < used ==> text[k] != 0; */
    return true;
}

/* On failure the text is the empty string, never a prefix: a caller that
 * logs the name of a refused peer shows nothing rather than a name cut where
 * it became invalid (or, written over an earlier name, a mixture of both). */
bool utf16le_to_utf8(const uint8_t *data, size_t len, char *text, size_t cap)
{
    if (cap == 0)
        return false;
    if (len % 2u != 0u || !utf16le_convert(data, len, text, cap)) {
        text[0] = '\0';
        return false;
    }
    return true;
}

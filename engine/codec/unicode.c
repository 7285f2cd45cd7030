/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 to UTF-16LE (RFC 3629, RFC 2781). */
#include "unicode.h"

/* Decodes one scalar value at in; returns its length, 0 when invalid. */
static size_t utf8_decode(const unsigned char *in, uint32_t *cp)
{
    unsigned char b = in[0];
    size_t n;
    uint32_t min;
    if (b < 0x80u) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2u && b <= 0xDFu) {
        n = 2;
        min = 0x80u;
        *cp = b & 0x1Fu;
    } else if (b >= 0xE0u && b <= 0xEFu) {
        n = 3;
        min = 0x800u;
        *cp = b & 0x0Fu;
    } else if (b >= 0xF0u && b <= 0xF4u) {
        n = 4;
        min = 0x10000u;
        *cp = b & 0x07u;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((in[i] & 0xC0u) != 0x80u) /* also stops at the NUL */
            return 0;
        *cp = (*cp << 6) | (in[i] & 0x3Fu);
    }
    if (*cp < min || *cp > 0x10FFFFu || (*cp >= 0xD800u && *cp <= 0xDFFFu))
        return 0;
    return n;
}

static bool put_unit(uint8_t *out, size_t cap, size_t *len, uint32_t unit)
{
    if (cap - *len < 2u)
        return false;
    out[*len] = (uint8_t)unit;
    out[*len + 1u] = (uint8_t)(unit >> 8);
    *len += 2u;
    return true;
}

bool utf8_to_utf16le(const char *in, uint8_t *out, size_t cap, size_t *len)
{
    const unsigned char *p = (const unsigned char *)in;
    *len = 0;
    while (*p != 0u) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (n == 0)
            return false;
        p += n;
        if (cp >= 0x10000u) {
            cp -= 0x10000u;
            if (!put_unit(out, cap, len, 0xD800u + (cp >> 10)) || !put_unit(out, cap, len, 0xDC00u + (cp & 0x3FFu)))
                return false;
        } else if (!put_unit(out, cap, len, cp)) {
            return false;
        }
    }
    return true;
}

static size_t utf8_put(uint32_t cp, char *out)
{
    if (cp < 0x80u) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800u) {
        out[0] = (char)(0xC0u | (cp >> 6));
        out[1] = (char)(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp < 0x10000u) {
        out[0] = (char)(0xE0u | (cp >> 12));
        out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        out[2] = (char)(0x80u | (cp & 0x3Fu));
        return 3;
    }
    out[0] = (char)(0xF0u | (cp >> 18));
    out[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
    out[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
    out[3] = (char)(0x80u | (cp & 0x3Fu));
    return 4;
}

bool utf16le_has_nul(const uint8_t *data, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        if (data[i] == 0 && data[i + 1] == 0)
            return true;
    return false;
}

bool utf16le_to_utf8(const uint8_t *data, size_t len, char *text, size_t cap)
{
    size_t used = 0;
    if (len % 2u != 0u || cap == 0)
        return false;
    for (size_t i = 0; i < len; i += 2) {
        uint32_t cp = (uint32_t)data[i] | ((uint32_t)data[i + 1] << 8);
        if (cp >= 0xD800u && cp <= 0xDBFFu) {
            if (i + 3 >= len)
                return false;
            uint32_t lo = (uint32_t)data[i + 2] | ((uint32_t)data[i + 3] << 8);
            if (lo < 0xDC00u || lo > 0xDFFFu)
                return false;
            cp = 0x10000u + ((cp - 0xD800u) << 10) + (lo - 0xDC00u);
            i += 2;
        } else if ((cp >= 0xDC00u && cp <= 0xDFFFu) || cp == 0u) {
            return false; /* a lone low surrogate; U+0000 would cut the C string short */
        }
        if (cap - used < 5)
            return false;
        used += utf8_put(cp, text + used);
    }
    text[used] = '\0';
    return true;
}

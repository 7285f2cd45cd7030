/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 (what callers give) and UTF-16LE (what NTLM and CredSSP carry). */
#ifndef CREDSSP_UNICODE_H
#define CREDSSP_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Converts NUL-terminated UTF-8 into out (cap bytes); false on invalid UTF-8
 * (overlong forms, surrogates, values past U+10FFFF, truncated sequences) or
 * when it does not fit.  *len is the byte length written. */
bool utf8_to_utf16le(const char *in, uint8_t *out, size_t cap, size_t *len);

/* UTF-16LE (len bytes, even) to NUL-terminated UTF-8 in text (cap bytes);
 * false on an unpaired surrogate or when it does not fit. */
bool utf16le_to_utf8(const uint8_t *data, size_t len, char *text, size_t cap);
/* Whether UTF-16LE data holds a U+0000 code unit: a name or a password with
 * one would be cut short as a C string (what is logged or delegated would
 * differ from what was sent), so such strings are refused. */
bool utf16le_has_nul(const uint8_t *data, size_t len);

#endif

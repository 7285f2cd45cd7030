/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 (what callers give) and UTF-16LE (what NTLM and CredSSP carry). */
#ifndef CREDSSP_UNICODE_H
#define CREDSSP_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h> /* Frama-C: strlen and valid_read_string in the contracts */

/* Converts NUL-terminated UTF-8 into out (cap bytes); false on invalid UTF-8
 * (overlong forms, surrogates, values past U+10FFFF, truncated sequences) or
 * when it does not fit.  *len is the byte length written. */
/*@ requires valid_read_string(in) && strlen(in) < SIZE_MAX;
    requires cap == 0 || \valid(out + (0 .. cap - 1));
    requires \valid(len);
    requires \separated(len, out + (0 .. cap - 1), in + (0 .. strlen(in)));
    assigns *len, out[0 .. cap - 1];
    ensures *len <= cap && *len % 2 == 0;
*/
bool utf8_to_utf16le(const char *in, uint8_t *out, size_t cap, size_t *len);
/* The same for n bytes of UTF-8 without a terminator (a field of the user
 * file, codec/sam_line.h); a NUL byte among them is invalid (U+0000). */
/*@ requires n == 0 || \valid_read(in + (0 .. n - 1));
    requires cap == 0 || \valid(out + (0 .. cap - 1));
    requires \valid(len);
    requires \separated(len, out + (0 .. cap - 1), in + (0 .. n - 1));
    assigns *len, out[0 .. cap - 1];
    ensures *len <= cap && *len % 2 == 0;
*/
bool utf8n_to_utf16le(const char *in, size_t n, uint8_t *out, size_t cap, size_t *len);

/*@ // text holds a C string: a NUL within its cap bytes, none before it.
    predicate utf8_text_in(char *text, integer cap) =
        \exists integer n; 0 <= n < cap && text[n] == 0 &&
            \forall integer k; 0 <= k < n ==> text[k] != 0;
    // The code unit at byte j of UTF-16LE data is U+0000.
    predicate utf16le_nul_at(uint8_t *data, integer j) = data[j] == 0 && data[j + 1] == 0;
*/

/* UTF-16LE (len bytes, even) to NUL-terminated UTF-8 in text (cap bytes);
 * false on an unpaired surrogate, U+0000, an odd length, or when it does not
 * fit, and then text is "" (cap > 0). */
/*@ requires len == 0 || \valid_read(data + (0 .. len - 1));
    requires cap == 0 || \valid(text + (0 .. cap - 1));
    requires \separated(data + (0 .. len - 1), text + (0 .. cap - 1));
    assigns text[0 .. cap - 1];
    ensures \result ==> utf8_text_in(text, cap);
    ensures !\result && cap > 0 ==> text[0] == 0;
    ensures cap == 0 ==> !\result;
*/
bool utf16le_to_utf8(const uint8_t *data, size_t len, char *text, size_t cap);
/* Whether UTF-16LE data holds a U+0000 code unit: a name or a password with
 * one would be cut short as a C string (what is logged or delegated would
 * differ from what was sent), so such strings are refused. */
/*@ requires len == 0 || \valid_read(data + (0 .. len - 1));
    assigns \nothing;
    ensures \result <==> \exists integer j; 0 <= j && j + 1 < len && j % 2 == 0 && utf16le_nul_at(data, j);
*/
bool utf16le_has_nul(const uint8_t *data, size_t len);

#endif

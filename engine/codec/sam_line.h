/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's user file as bytes (sam_line.c): lines of
 * `User:Domain:LMhash:NThash:::`, the SAM form `winpr-hash -f sam` writes.
 * Parsed in place from (pointer, length): no copy, no terminator, no
 * allocation.  What the names mean (UTF-8 to UTF-16LE, the lookup) is
 * auth/ntlm_users.c's.
 */
#ifndef CREDSSP_SAM_LINE_H
#define CREDSSP_SAM_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "must_use.h"
#include "cs_limits.h"

#define SAM_HASH_LEN 16u                  /* the NT hash (NTOWFv1, [MS-NLMP] 3.3.1) */
#define SAM_HASH_DIGITS (2u * SAM_HASH_LEN) /* as hex digits in the file */
#define SAM_MAX_LINE CS_LIMIT_USER_LINE   /* a line's bytes, its newline aside, are fewer */

typedef enum sam_line_kind {
    SAM_LINE_ENTRY = 0,   /* a user: the fields of the sam_entry */
    SAM_LINE_SKIP,        /* empty, a comment ('#'), or one that starts with '\r' */
    SAM_LINE_BAD_BYTES,   /* SAM_MAX_LINE bytes or more, or a NUL byte */
    SAM_LINE_MALFORMED,   /* not five ':'-separated fields, an empty user, a
                           * hash that is not 32 hex digits, or trailing bytes */
} sam_line_kind;

/* Where a user line's fields are (offsets into the line) and the hash they
 * spell.  The user starts at 0; the LM hash is ignored, as winpr does. */
typedef struct sam_entry {
    size_t user_len;
    size_t domain_at, domain_len;
    size_t hash_at;
    uint8_t nt_hash[SAM_HASH_LEN];
} sam_entry;

/*@ // No byte c in s[from .. to - 1].
    predicate sam_none(char *s, integer from, integer to, integer c) =
        \forall integer k; from <= k < to ==> s[k] != c;
    // The value of a hex digit, -1 for any other byte.
    logic integer sam_hex_value(integer c) =
        '0' <= c <= '9' ? c - '0' : 'a' <= c <= 'f' ? c - 'a' + 10 : 'A' <= c <= 'F' ? c - 'A' + 10 : -1;
    predicate sam_hex_digits(char *s, integer n) =
        \forall integer k; 0 <= k < n ==> sam_hex_value(s[k]) >= 0;
    // out holds the 16 bytes that the 32 digits at s spell, high digit first.
    predicate sam_hex_spells(char *s, uint8_t *out) =
        \forall integer k; 0 <= k < 16 ==>
            out[k] == 16 * sam_hex_value(s[2 * k]) + sam_hex_value(s[2 * k + 1]);
    predicate sam_skipped(char *line, integer n) = n == 0 || line[0] == '\r' || line[0] == '#';
    // What follows the NT hash's ':', up to the first '\r' (a CRLF file's):
    // nothing, or the two empty fields "::".
    predicate sam_rest_empty(char *line, integer from, integer n) =
        \exists integer r; from <= r <= n && (r == n || line[r] == '\r') && sam_none(line, from, r, '\r') &&
            (r == from || (r == from + 2 && line[from] == ':' && line[from + 1] == ':'));
    // A user line, fields where e says: User:Domain:LM:NT then the rest.
    predicate sam_entry_of(char *line, integer n, sam_entry *e) =
        0 < e->user_len && sam_none(line, 0, e->user_len, ':') && line[e->user_len] == ':' &&
        e->domain_at == e->user_len + 1 && e->domain_at + e->domain_len < e->hash_at &&
        sam_none(line, e->domain_at, e->domain_at + e->domain_len, ':') &&
        line[e->domain_at + e->domain_len] == ':' &&
        sam_none(line, e->domain_at + e->domain_len + 1, e->hash_at - 1, ':') && line[e->hash_at - 1] == ':' &&
        e->hash_at + 32 < n && line[e->hash_at + 32] == ':' &&
        sam_hex_digits(line + e->hash_at, 32) && sam_hex_spells(line + e->hash_at, &e->nt_hash[0]) &&
        sam_rest_empty(line, e->hash_at + 33, n);
    predicate sam_entry_empty(sam_entry *e) =
        e->user_len == 0 && e->domain_at == 0 && e->domain_len == 0 && e->hash_at == 0 &&
        \forall integer k; 0 <= k < 16 ==> e->nt_hash[k] == 0;
*/

/* The length of the line that starts at text[at], its '\n' aside: the
 * lines of a file as the caller walks them. */
/*@ requires at <= len;
    requires len == 0 || \valid_read(text + (0 .. len - 1));
    assigns \nothing;
    ensures at + \result <= len;
    ensures sam_none(text, at, at + \result, '\n');
    ensures at + \result < len ==> text[at + \result] == '\n';
*/
size_t sam_line_length(const char *text, size_t len, size_t at);

/* 32 hex digits (either case) into the 16 bytes they spell; false, with
 * out partly written, when one is not a hex digit. */
/*@ requires \valid_read(hex + (0 .. 31));
    requires \valid(out + (0 .. 15));
    requires \separated(hex + (0 .. 31), out + (0 .. 15));
    assigns out[0 .. 15];
    ensures \result <==> sam_hex_digits(hex, 32);
    ensures \result ==> sam_hex_spells(hex, out);
*/
bool sam_hex16(const char *hex, uint8_t out[SAM_HASH_LEN]) CS_MUST_USE;

/* One line (n bytes, its '\n' aside).  SAM_LINE_ENTRY: *out says where the
 * fields are; anything else leaves *out empty. */
/*@ requires n == 0 || \valid_read(line + (0 .. n - 1));
    requires \valid(out);
    requires \separated(out, line + (0 .. n - 1));
    assigns *out;
    ensures \result == SAM_LINE_SKIP <==> sam_skipped(line, n);
    ensures \result == SAM_LINE_BAD_BYTES <==>
        !sam_skipped(line, n) && (n >= SAM_MAX_LINE || !sam_none(line, 0, n, 0));
    ensures \result == SAM_LINE_ENTRY ==>
        n < SAM_MAX_LINE && sam_none(line, 0, n, 0) && !sam_skipped(line, n) && sam_entry_of(line, n, out);
    ensures \result != SAM_LINE_ENTRY ==> sam_entry_empty(out);
*/
sam_line_kind sam_parse_line(const char *line, size_t n, sam_entry *out) CS_MUST_USE;

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The user file's lines (sam_line.h), read in place.  Each field ends at the
 * first ':' after the one before it, so a user or domain name never holds a
 * ':' and the fields of a line are found in one pass.
 */
#include "sam_line.h"

size_t sam_line_length(const char *text, size_t len, size_t at)
{
    size_t i = at;
    /*@ loop invariant at <= i <= len;
        loop invariant sam_none(text, at, i, '\n');
        loop assigns i;
        loop variant len - i;
    */
    while (i < len && text[i] != '\n')
        i++;
    return i - at;
}

/* The first c in line[from .. n - 1], or n when there is none. */
/*@ requires from <= n;
    requires n == 0 || \valid_read(line + (0 .. n - 1));
    assigns \nothing;
    ensures from <= \result <= n;
    ensures sam_none(line, from, \result, c);
    ensures \result < n ==> line[\result] == c;
*/
static size_t sam_find(const char *line, size_t n, size_t from, char c)
{
    size_t i = from;
    /*@ loop invariant from <= i <= n;
        loop invariant sam_none(line, from, i, c);
        loop assigns i;
        loop variant n - i;
    */
    while (i < n && line[i] != c)
        i++;
    return i;
}

/*@ assigns \nothing;
    ensures \result == sam_hex_value(c);
*/
static int sam_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool sam_hex16(const char *hex, uint8_t out[SAM_HASH_LEN])
{
    /*@ loop invariant 0 <= j <= 16;
        loop invariant sam_hex_digits(hex, 2 * j);
        loop invariant \forall integer k; 0 <= k < j ==>
            out[k] == 16 * sam_hex_value(hex[2 * k]) + sam_hex_value(hex[2 * k + 1]);
        loop assigns j, out[0 .. 15];
        loop variant 16 - j;
    */
    for (size_t j = 0; j < SAM_HASH_LEN; j++) {
        int hi = sam_hex_digit(hex[2u * j]), lo = sam_hex_digit(hex[2u * j + 1u]);
        if (hi < 0 || lo < 0)
            return false;
        out[j] = (uint8_t)(hi * 16 + lo);
    }
    return true;
}

/* Whether what follows the NT hash is empty: nothing, or "::", up to the
 * first '\r'. */
/*@ requires from <= n;
    requires n == 0 || \valid_read(line + (0 .. n - 1));
    assigns \nothing;
    ensures \result <==> sam_rest_empty(line, from, n);
*/
static bool sam_rest_is_empty(const char *line, size_t n, size_t from)
{
    size_t r = sam_find(line, n, from, '\r');
    return r == from || (r - from == 2u && line[from] == ':' && line[from + 1u] == ':');
}

/*@ requires \valid(e);
    assigns *e;
    ensures sam_entry_empty(e);
*/
static void sam_entry_clear(sam_entry *e)
{
    e->user_len = 0;
    e->domain_at = 0;
    e->domain_len = 0;
    e->hash_at = 0;
    /*@ loop invariant 0 <= k <= 16;
        loop invariant \forall integer j; 0 <= j < k ==> e->nt_hash[j] == 0;
        loop assigns k, e->nt_hash[0 .. 15];
        loop variant 16 - k;
    */
    for (size_t k = 0; k < SAM_HASH_LEN; k++)
        e->nt_hash[k] = 0;
}

sam_line_kind sam_parse_line(const char *line, size_t n, sam_entry *out)
{
    sam_entry_clear(out);
    if (n == 0 || line[0] == '\r' || line[0] == '#')
        return SAM_LINE_SKIP;
    if (n >= SAM_MAX_LINE || sam_find(line, n, 0, '\0') != n)
        return SAM_LINE_BAD_BYTES;
    size_t user_end = sam_find(line, n, 0, ':');
    if (user_end == 0 || user_end == n)
        return SAM_LINE_MALFORMED;
    size_t domain_end = sam_find(line, n, user_end + 1u, ':');
    if (domain_end == n)
        return SAM_LINE_MALFORMED;
    size_t lm_end = sam_find(line, n, domain_end + 1u, ':');
    if (lm_end == n)
        return SAM_LINE_MALFORMED;
    size_t nt_end = sam_find(line, n, lm_end + 1u, ':');
    if (nt_end == n || nt_end - (lm_end + 1u) != SAM_HASH_DIGITS || !sam_rest_is_empty(line, n, nt_end + 1u))
        return SAM_LINE_MALFORMED;
    if (!sam_hex16(line + lm_end + 1u, out->nt_hash)) {
        sam_entry_clear(out); /* the digits before the bad one were written */
        return SAM_LINE_MALFORMED;
    }
    out->user_len = user_end;
    out->domain_at = user_end + 1u;
    out->domain_len = domain_end - (user_end + 1u);
    out->hash_at = lm_end + 1u;
    return SAM_LINE_ENTRY;
}

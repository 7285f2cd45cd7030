/* SPDX-License-Identifier: Apache-2.0 */
/* The user file's line parser (codec/sam_line.c) and UTF-8 of a given
 * length (utf8n_to_utf16le): where the fields are, what the hash spells,
 * and each refusal by kind, read from bytes with no terminator. */
#include <string.h>

#include "sam_line.h"
#include "testlib.h"
#include "unicode.h"

static const uint8_t alice_hash[SAM_HASH_LEN] = { 0xfc, 0x52, 0x5c, 0x96, 0x83, 0xe8, 0xfe, 0x06,
                                                  0x70, 0x95, 0xba, 0x2d, 0xdc, 0x97, 0x18, 0x89 };

static bool entry_empty(const sam_entry *e)
{
    static const sam_entry zero;
    return memcmp(e, &zero, sizeof zero) == 0;
}

static void test_fields(void)
{
    static const char line[] = "alice:EXAMPLE:aad3b435b51404eeaad3b435b51404ee:FC525C9683e8fe067095ba2ddc971889:::";
    sam_entry e;
    CHECK(sam_parse_line(line, strlen(line), &e) == SAM_LINE_ENTRY, "a winpr-hash line is a user");
    CHECK(e.user_len == 5 && e.domain_at == 6 && e.domain_len == 7 && e.hash_at == 47,
          "its fields: user 0+%zu, domain %zu+%zu, hash at %zu", e.user_len, e.domain_at, e.domain_len, e.hash_at);
    CHECK(memcmp(e.nt_hash, alice_hash, sizeof alice_hash) == 0, "the hash the digits spell, either case");

    static const char bare[] = "bob:::0123456789abcdef0123456789ABCDEF:";
    CHECK(sam_parse_line(bare, strlen(bare), &e) == SAM_LINE_ENTRY && e.domain_len == 0 && e.hash_at == 6 &&
              e.nt_hash[0] == 0x01 && e.nt_hash[15] == 0xef,
          "no domain, no LM hash, the empty trailing fields omitted");

    /* The parser reads n bytes, not up to a NUL: a line inside a larger
     * text ends where its length says. */
    static const char text[] = "carol::x:fc525c9683e8fe067095ba2ddc971889:::\r\nrest";
    CHECK(sam_line_length(text, strlen(text), 0) == 45, "the first line ends before its newline");
    CHECK(sam_parse_line(text, 45, &e) == SAM_LINE_ENTRY, "a CRLF line: the '\\r' ends the trailing fields");
    CHECK(sam_line_length(text, strlen(text), 46) == 4, "the last line runs to the end of the text");
}

static void test_refusals(void)
{
    static const struct {
        const char *line;
        sam_line_kind want;
        const char *what;
    } cases[] = {
        { "", SAM_LINE_SKIP, "an empty line" },
        { "# alice::x:fc525c9683e8fe067095ba2ddc971889:::", SAM_LINE_SKIP, "a comment" },
        { "\r", SAM_LINE_SKIP, "a CRLF file's empty line" },
        { ":EX:x:fc525c9683e8fe067095ba2ddc971889:::", SAM_LINE_MALFORMED, "an empty user" },
        { "alice:EX:x:fc525c9683e8fe067095ba2ddc97188:::", SAM_LINE_MALFORMED, "31 hex digits" },
        { "alice:EX:x:fc525c9683e8fe067095ba2ddc9718890:::", SAM_LINE_MALFORMED, "33 hex digits" },
        { "alice:EX:x:fc525c9683e8fe067095ba2ddc97188g:::", SAM_LINE_MALFORMED, "a digit that is not hex" },
        { "alice:EX:fc525c9683e8fe067095ba2ddc971889", SAM_LINE_MALFORMED, "a field missing" },
        { "alice:EX:x:fc525c9683e8fe067095ba2ddc971889", SAM_LINE_MALFORMED, "no ':' after the hash" },
        { "alice:EX:x:fc525c9683e8fe067095ba2ddc971889:::junk", SAM_LINE_MALFORMED, "trailing bytes" },
        { "alice:EX:x:fc525c9683e8fe067095ba2ddc971889::::", SAM_LINE_MALFORMED, "a sixth field" },
        { "alice:EX:x:fc525c9683e8fe067095ba2ddc971889:", SAM_LINE_ENTRY, "one trailing ':'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sam_entry e;
        memset(&e, 0xa5, sizeof e);
        sam_line_kind got = sam_parse_line(cases[i].line, strlen(cases[i].line), &e);
        CHECK(got == cases[i].want && (got == SAM_LINE_ENTRY || entry_empty(&e)), "%s: kind %d, want %d%s",
              cases[i].what, (int)got, (int)cases[i].want, got == SAM_LINE_ENTRY || entry_empty(&e) ? "" : ", not empty");
    }
    static const char with_nul[] = "al\0ce::x:fc525c9683e8fe067095ba2ddc971889:::";
    sam_entry e;
    CHECK(sam_parse_line(with_nul, sizeof with_nul - 1u, &e) == SAM_LINE_BAD_BYTES && entry_empty(&e),
          "a NUL byte inside the line");
    /* "alice::" then an LM field of x's, then the hash: n bytes in all. */
    static char longest[SAM_MAX_LINE];
    for (size_t n = SAM_MAX_LINE - 1u; n <= SAM_MAX_LINE; n++) {
        memcpy(longest, "alice::", 7);
        memset(longest + 7, 'x', n - 7u - 34u);
        memcpy(longest + n - 34u, ":fc525c9683e8fe067095ba2ddc971889:", 34);
        sam_line_kind got = sam_parse_line(longest, n, &e);
        CHECK(got == (n < SAM_MAX_LINE ? SAM_LINE_ENTRY : SAM_LINE_BAD_BYTES), "a user line of %zu bytes: kind %d", n,
              (int)got);
    }
}

static void test_utf8_of_length(void)
{
    uint8_t units[16];
    size_t len = 99;
    CHECK(utf8n_to_utf16le("D\xc3\xa9jXX", 3, units, sizeof units, &len) && len == 4 &&
              memcmp(units, "D\0\xe9\0", 4) == 0,
          "three bytes: D, U+00E9; what follows is not read");
    CHECK(!utf8n_to_utf16le("D\xc3\xa9", 2, units, sizeof units, &len), "a sequence cut off by the length");
    CHECK(!utf8n_to_utf16le("a\0b", 3, units, sizeof units, &len), "a NUL byte is U+0000: refused");
    CHECK(utf8n_to_utf16le("", 0, units, sizeof units, &len) && len == 0, "no bytes: the empty string");
}

int main(void)
{
    test_fields();
    test_refusals();
    test_utf8_of_length();
    return test_summary();
}

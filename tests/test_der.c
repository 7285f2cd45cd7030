/* SPDX-License-Identifier: Apache-2.0 */
/* The strict DER gate: what it accepts, and a catalogue of what it refuses,
 * each with the rule and the byte offset it must report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der.h"
#include "testlib.h"

typedef struct gate_case {
    const char *hex;
    der_rule rule;
    size_t offset; /* checked when rule != DER_OK */
    const char *what;
} gate_case;

static const gate_case cases[] = {
    /* accepted */
    { "30 03 02 01 06", DER_OK, 0, "SEQUENCE { INTEGER 6 }" },
    { "30 05 a0 03 02 01 06", DER_OK, 0, "explicit [0] INTEGER" },
    { "02 01 ff", DER_OK, 0, "INTEGER -1" },
    { "02 02 00 80", DER_OK, 0, "INTEGER 128 needs its leading zero" },
    { "02 04 c0 00 00 6d", DER_OK, 0, "NTSTATUS, 4-byte two's complement" },
    { "02 05 00 c0 00 00 6d", DER_OK, 0, "NTSTATUS, 5-byte positive" },
    { "01 01 ff", DER_OK, 0, "BOOLEAN TRUE" },
    { "01 01 00", DER_OK, 0, "BOOLEAN FALSE" },
    { "05 00", DER_OK, 0, "NULL" },
    { "06 06 2b 06 01 05 05 02", DER_OK, 0, "OID 1.3.6.1.5.5.2" },
    { "06 0a 2b 06 01 04 01 82 37 02 02 0a", DER_OK, 0, "OID with a two-octet subidentifier" },
    { "03 01 00", DER_OK, 0, "empty BIT STRING" },
    { "03 02 07 80", DER_OK, 0, "BIT STRING, 7 unused zero bits" },
    { "03 05 00 00 00 00 b0", DER_OK, 0, "BIT STRING, whole octets" },
    { "0a 01 03", DER_OK, 0, "ENUMERATED 3" },
    { "04 00", DER_OK, 0, "empty OCTET STRING" },
    { "60 0a 06 06 2b 06 01 05 05 02 a0 00", DER_OK, 0, "[APPLICATION 0] constructed" },
    /* lengths: X.690 10.1 */
    { "30 80 02 01 06 00 00", DER_E_LENGTH_INDEFINITE, 0, "indefinite length" },
    { "30 81 03 02 01 06", DER_E_LENGTH_NOT_MINIMAL, 0, "long form for a short length" },
    { "30 82 00 03 02 01 06", DER_E_LENGTH_NOT_MINIMAL, 0, "leading zero length octet" },
    { "30 05 04 81 01 41 00", DER_E_LENGTH_NOT_MINIMAL, 2, "nested long form for 1" },
    { "04 ff 00", DER_E_LENGTH_RESERVED, 0, "length octet 0xFF" },
    { "04 85 01 00 00 00 00", DER_E_LENGTH_TOO_LARGE, 0, "five length octets" },
    { "30 88 e3 00 00 00 00 00 00 00", DER_E_LENGTH_TOO_LARGE, 0, "eight length octets" },
    { "04 84 ff ff ff ff 00", DER_E_TRUNCATED, 0, "length 2^32-1" },
    { "04 84 80 00 00 00", DER_E_TRUNCATED, 0, "length 2^31" },
    { "04 83 01 00", DER_E_TRUNCATED, 0, "length octets cut short" },
    /* framing */
    { "30", DER_E_TRUNCATED, 0, "identifier only" },
    { "30 05 a0 03 02 01", DER_E_TRUNCATED, 0, "contents cut short" },
    { "30 04 a0 03 02 01 06", DER_E_TRUNCATED, 2, "child longer than its parent" },
    { "30 03 02 01 06 00", DER_E_TRAILING, 5, "a byte after the value" },
    { "30 03 02 01 06 30 03 02 01 06", DER_E_TRAILING, 5, "two values" },
    /* identifiers: X.690 8.1.2 */
    { "1f 02 01 00", DER_E_TAG_HIGH_FORM_LOW_NUMBER, 0, "INTEGER in high-tag-number form" },
    { "bf 1e 00", DER_E_TAG_HIGH_FORM_LOW_NUMBER, 0, "[30] in high-tag-number form" },
    { "bf 1f 00", DER_E_TAG_UNSUPPORTED, 0, "[31]" },
    { "bf 81 00 00", DER_E_TAG_UNSUPPORTED, 0, "[128]" },
    { "c0 00", DER_E_TAG_PRIVATE, 0, "private class" },
    { "0c 01 41", DER_E_TAG_UNEXPECTED_UNIVERSAL, 0, "UTF8String" },
    { "31 00", DER_E_TAG_UNEXPECTED_UNIVERSAL, 0, "SET" },
    { "00 00", DER_E_END_OF_CONTENTS, 0, "end-of-contents alone" },
    { "30 02 00 00", DER_E_END_OF_CONTENTS, 2, "end-of-contents in a definite SEQUENCE" },
    /* primitive and constructed forms: X.690 10.2, 8.9.1, 8.14.3 */
    { "24 03 04 01 41", DER_E_MUST_BE_PRIMITIVE, 0, "constructed OCTET STRING" },
    { "30 09 a0 03 02 01 06 a2 02 24 00", DER_E_MUST_BE_PRIMITIVE, 9, "empty constructed OCTET STRING" },
    { "22 00", DER_E_MUST_BE_PRIMITIVE, 0, "constructed INTEGER" },
    { "23 03 03 01 00", DER_E_MUST_BE_PRIMITIVE, 0, "constructed BIT STRING" },
    { "10 00", DER_E_MUST_BE_CONSTRUCTED, 0, "primitive SEQUENCE" },
    { "30 03 80 01 05", DER_E_MUST_BE_CONSTRUCTED, 2, "primitive context tag (our tags are EXPLICIT)" },
    /* contents: X.690 8.2, 8.3, 8.6, 8.8, 8.19 */
    { "02 00", DER_E_INTEGER_EMPTY, 0, "INTEGER with no octets" },
    { "02 02 00 01", DER_E_INTEGER_NOT_MINIMAL, 0, "INTEGER 1 with a leading zero" },
    { "02 02 ff 80", DER_E_INTEGER_NOT_MINIMAL, 0, "INTEGER -128 with a leading 0xFF" },
    { "30 06 a0 04 02 02 00 06", DER_E_INTEGER_NOT_MINIMAL, 4, "non-minimal version" },
    { "0a 02 00 01", DER_E_INTEGER_NOT_MINIMAL, 0, "ENUMERATED with a leading zero" },
    { "01 01 01", DER_E_BOOLEAN, 0, "BOOLEAN 0x01" },
    { "01 02 ff ff", DER_E_BOOLEAN, 0, "BOOLEAN of two octets" },
    { "01 00", DER_E_BOOLEAN, 0, "BOOLEAN of no octets" },
    { "05 01 00", DER_E_NULL, 0, "NULL with contents" },
    { "03 00", DER_E_BIT_STRING, 0, "BIT STRING without its initial octet" },
    { "03 01 01", DER_E_BIT_STRING, 0, "no bits but one unused" },
    { "03 02 08 00", DER_E_BIT_STRING, 0, "8 unused bits" },
    { "03 02 01 01", DER_E_BIT_STRING, 0, "an unused bit set" },
    { "06 00", DER_E_OBJECT_IDENTIFIER, 0, "empty OID" },
    { "06 02 80 01", DER_E_OBJECT_IDENTIFIER, 0, "subidentifier with a leading 0x80" },
    { "06 03 2b 86 80", DER_E_OBJECT_IDENTIFIER, 0, "unterminated last subidentifier" },
    { "06 04 2b 06 80 01", DER_E_OBJECT_IDENTIFIER, 0, "leading 0x80 in a later subidentifier" },
};

static void test_catalogue(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[64];
        size_t len = test_hex(cases[i].hex, buf, sizeof buf);
        size_t offset = 99;
        der_rule got = der_validate(buf, len, &offset);
        CHECK(got == cases[i].rule, "%s: got rule %d (%s), want %d", cases[i].what, got, der_rule_text(got),
              cases[i].rule);
        if (cases[i].rule != DER_OK)
            CHECK(offset == cases[i].offset, "%s: offset %zu, want %zu", cases[i].what, offset, cases[i].offset);
    }
}

static void test_empty_and_cap(void)
{
    size_t offset;
    uint8_t one = 0x30;
    CHECK(der_validate(&one, 0, &offset) == DER_E_EMPTY, "empty input");

    /* 65536 bytes exactly: OCTET STRING of 65532 (04 82 ff fc + contents). */
    uint8_t *big = calloc(DER_MAX_INPUT + 1u, 1);
    big[0] = 0x04;
    big[1] = 0x82;
    big[2] = 0xff;
    big[3] = 0xfc;
    CHECK(der_validate(big, DER_MAX_INPUT, &offset) == DER_OK, "a message of exactly the cap");
    big[3] = 0xfd;
    CHECK(der_validate(big, DER_MAX_INPUT + 1u, &offset) == DER_E_TOO_BIG, "one byte over the cap");
    free(big);
}

/* n nested SEQUENCEs around NULL. */
static size_t nested(uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf[2 * i] = 0x30;
        buf[2 * i + 1] = (uint8_t)(2u * (n - i));
    }
    buf[2 * n] = 0x05;
    buf[2 * n + 1] = 0x00;
    return 2 * n + 2;
}

static void test_depth(void)
{
    uint8_t buf[64];
    size_t offset;
    size_t len = nested(buf, DER_MAX_DEPTH);
    CHECK(der_validate(buf, len, &offset) == DER_OK, "nesting at the bound");
    len = nested(buf, DER_MAX_DEPTH + 1u);
    CHECK(der_validate(buf, len, &offset) == DER_E_TOO_DEEP, "nesting past the bound");
    CHECK(offset == 2u * DER_MAX_DEPTH, "depth error at the first level too many (%zu)", offset);
}

static void test_outer_size(void)
{
    uint8_t buf[8];
    size_t total;
    size_t len = test_hex("30 82 01", buf, sizeof buf);
    CHECK(der_outer_size(buf, len, &total) == DER_E_TRUNCATED, "header cut short");
    len = test_hex("30 82 01 a9", buf, sizeof buf);
    CHECK(der_outer_size(buf, len, &total) == DER_OK && total == 0x1a9u + 4u, "long-form size (%zu)", total);
    len = test_hex("30 05", buf, sizeof buf);
    CHECK(der_outer_size(buf, len, &total) == DER_OK && total == 7u, "short-form size");
    CHECK(der_outer_size(buf, 0, &total) == DER_E_TRUNCATED, "nothing yet");
    len = test_hex("30 80", buf, sizeof buf);
    CHECK(der_outer_size(buf, len, &total) == DER_E_LENGTH_INDEFINITE, "indefinite outer length");
}

static void test_child_offset(void)
{
    uint8_t buf[32];
    size_t len = test_hex("30 0a a0 03 02 01 06 a4 03 02 01 ff", buf, sizeof buf);
    CHECK(der_child_offset(buf, len, 0, 0xA0, 0) == 2, "first child");
    CHECK(der_child_offset(buf, len, 0, 0xA4, 0) == 7, "second child");
    CHECK(der_child_offset(buf, len, 0, 0xA1, 0) == len, "absent child");
    CHECK(der_child_offset(buf, len, 0, 0xA0, 1) == len, "no second [0]");
    CHECK(der_child_offset(buf, len, 7, 0x02, 0) == 9, "grandchild");
    CHECK(der_child_offset(buf, len, 4, 0x02, 0) == len, "primitive parent has no children");
    CHECK(der_child_offset(buf, len, 99, 0x02, 0) == len, "parent out of range");
}

static void test_rule_texts(void)
{
    for (int r = 0; r < DER_RULE_COUNT; r++)
        CHECK(der_rule_text((der_rule)r) != NULL && strlen(der_rule_text((der_rule)r)) > 5, "rule %d has text", r);
    CHECK(strcmp(der_rule_text(DER_RULE_COUNT), "unknown rule") == 0, "out-of-range rule");
}

int main(void)
{
    test_catalogue();
    test_empty_and_cap();
    test_depth();
    test_outer_size();
    test_child_offset();
    test_rule_texts();
    return test_summary();
}

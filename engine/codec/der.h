/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The strict DER gate: a hand-written X.690 validator that every input passes
 * before asn1c's lenient BER decoder sees it.  [MS-CSSP] 2.2.1 requires DER;
 * the gate rejects every BER liberty the generated decoder would accept.
 *
 * It allocates nothing, reads only inside [buf, buf + len), and its functions
 * carry ACSL contracts proven by `make proofs` (proofs/der.mk).
 */
#ifndef CREDSSP_DER_H
#define CREDSSP_DER_H

#include <stddef.h>
#include <stdint.h>
#include "must_use.h"
#include "cs_limits.h"

/* Deepest nesting of constructed encodings in our modules is 6
 * (TSRequest > [1] > NegoData > NegoDataItem > [0] > OCTET STRING); leave room. */
#define DER_MAX_DEPTH CS_LIMIT_DER_DEPTH
/* Largest message the gate accepts.  A TSRequest carrying NTLM is under 2 KiB;
 * a Kerberos ticket with a PAC stays well under this. */
#define DER_MAX_INPUT CS_LIMIT_MESSAGE

/* The X.690 identifier and length rules the gate enforces, as ACSL over
 * the octets at `at`: what an identifier and length octets mean, which of
 * them DER allows, and what der_validate's DER_OK says of the outermost
 * value.  The readers in der.c are proved to return exactly these. */
/*@ // X.690 8.1.2.2-8.1.2.5, one identifier octet: the class in bits 8-7
    // (0 universal, 1 application, 2 context, 3 private), primitive (0) or
    // constructed (1) in bit 6, the tag number in bits 5-1.
    logic integer x690_class(uint8_t *b, integer at) = b[at] / 64;
    logic integer x690_form(uint8_t *b, integer at) = b[at] / 32 % 2;
    logic integer x690_number(uint8_t *b, integer at) = b[at] % 32;

    // The n octets at `from` as an unsigned number, most significant first
    // (8.1.3.5 c).
    logic integer x690_be(uint8_t *b, integer from, integer n) =
      n <= 0 ? 0 : x690_be(b, from, n - 1) * 256 + b[from + n - 1];

    // Length octets at `at` (8.1.3): the short form (8.1.3.4), one octet
    // below 128; the long form (8.1.3.5), 0x80 + k then k octets.
    logic integer x690_length_octets(uint8_t *b, integer at) = b[at] < 128 ? 1 : b[at] - 127;
    logic integer x690_length_value(uint8_t *b, integer at) =
      b[at] < 128 ? b[at] : x690_be(b, at + 1, b[at] - 128);

    // What DER allows of them: the low-tag-number form (8.1.2.2; our
    // modules have no tag number of 31 or more); the definite form (10.1:
    // not 0x80, 8.1.3.6), not the reserved 0xFF (8.1.3.5 c), and the fewest
    // octets (10.1): a long form only for 128 or more, its first octet not
    // zero.  The gate reads at most 4 length octets (no message is near
    // 4 GiB).
    predicate x690_length_ok(uint8_t *b, integer at) =
      b[at] < 128 ||
      (129 <= b[at] <= 132 && b[at + 1] != 0 && x690_length_value(b, at) >= 128);
    predicate x690_header_ok(uint8_t *b, integer at) =
      x690_number(b, at) < 31 && x690_length_ok(b, at + 1);
    logic integer x690_header_size(uint8_t *b, integer at) = 1 + x690_length_octets(b, at + 1);

    // A header as read into (cls, constructed, number, length, size).
    predicate x690_header(uint8_t *b, integer at, integer cls, integer constructed, integer number,
                          integer length, integer size) =
      x690_header_ok(b, at) && cls == x690_class(b, at) && constructed == x690_form(b, at) &&
      number == x690_number(b, at) && length == x690_length_value(b, at + 1) &&
      size == x690_header_size(b, at);

    // X.690 10.1 and 8.1.1: the input is exactly one value, its header at 0
    // and its contents running to the last octet, of a class our modules
    // use (not private).
    predicate x690_one_value(uint8_t *b, integer len) =
      x690_header_ok(b, 0) && x690_class(b, 0) <= 2 &&
      x690_header_size(b, 0) + x690_length_value(b, 1) == len;
*/

/* The X.690 contents rules the gate checks, over the n contents octets at
 * c, and what each value of an input the gate accepts satisfies. */
/*@ // X.690 8.3.1: at least one octet; 8.3.2: the first nine bits are not all equal.
    predicate x690_integer(uint8_t *c, integer n) =
      n >= 1 && (n >= 2 ==> !(c[0] == 0 && c[1] < 128) && !(c[0] == 255 && c[1] >= 128));

    logic integer x690_pow2(integer u) =
      u == 0 ? 1 : u == 1 ? 2 : u == 2 ? 4 : u == 3 ? 8 : u == 4 ? 16 : u == 5 ? 32 : u == 6 ? 64 : 128;

    // X.690 8.6.2: the initial octet is 0..7, and 0 when no bits follow;
    // 11.2.1: the unused bits of the last octet are zero.
    predicate x690_bit_string(uint8_t *c, integer n) =
      n >= 1 && c[0] <= 7 && (n == 1 ==> c[0] == 0) && (n >= 2 ==> c[n - 1] % x690_pow2(c[0]) == 0);

    // X.690 8.19.2: at least one subidentifier; none begins with 0x80 (the
    // fewest octets); the last octet ends one (bit 8 clear).
    predicate x690_oid(uint8_t *c, integer n) =
      n >= 1 && c[n - 1] < 128 && c[0] != 128 &&
      \forall integer i; 1 <= i < n ==> (c[i - 1] < 128 ==> c[i] != 128);

    // A primitive encoding the gate accepts: a universal type of our
    // schemas whose contents follow its rule: BOOLEAN (1; 8.2.1 and 11.1),
    // INTEGER (2) and ENUMERATED (10) (8.3, 8.4), BIT STRING (3), OCTET
    // STRING (4; 8.7), NULL (5; 8.8.2), OBJECT IDENTIFIER (6).
    predicate x690_contents_ok(integer cls, integer number, uint8_t *c, integer n) =
      cls == 0 &&
      ((number == 1 && n == 1 && (c[0] == 0 || c[0] == 255)) ||
       ((number == 2 || number == 10) && x690_integer(c, n)) ||
       (number == 3 && x690_bit_string(c, n)) ||
       number == 4 ||
       (number == 5 && n == 0) ||
       (number == 6 && x690_oid(c, n)));

    // A constructed encoding the gate accepts: a SEQUENCE (16; 8.9.1) or a
    // non-universal tag (an explicit tag, 8.14.3); X.690 10.2: never a
    // string or any other primitive type in constructed form.
    predicate x690_constructed_ok(integer cls, integer number) = cls != 0 || number == 16;

    // Where the contents of the value at p start, and where it ends.
    logic integer x690_contents_at(uint8_t *b, integer p) = p + x690_header_size(b, p);
    logic integer x690_next(uint8_t *b, integer p) = x690_contents_at(b, p) + x690_length_value(b, p + 1);

    // The contents of the primitive value at p follow its type's rule.
    predicate x690_value_contents_ok(uint8_t *b, integer p) =
      x690_contents_ok(x690_class(b, p), x690_number(b, p), b + x690_contents_at(b, p),
                       x690_length_value(b, p + 1));

    // A value at p inside a container that ends at `end`: its header is
    // DER, its class one our modules use, it fits, and a primitive value's
    // contents follow its type's rule, a constructed one is of a type that
    // may be constructed.
    predicate x690_value_ok(uint8_t *b, integer p, integer end) =
      x690_header_ok(b, p) && x690_class(b, p) <= 2 && x690_next(b, p) <= end &&
      (x690_form(b, p) == 1 ==> x690_constructed_ok(x690_class(b, p), x690_number(b, p))) &&
      (x690_form(b, p) == 0 ==> x690_value_contents_ok(b, p));
*/

/* Ghost state of the proof, never compiled: der_validate marks in
 * der_value_at[p] each value it walks, with the end of the container it
 * lies in at der_value_end[p]; its contract says which values those are. */
//@ ghost extern unsigned char der_value_at[DER_MAX_INPUT];
//@ ghost extern size_t der_value_end[DER_MAX_INPUT];

/* Each rule names the X.690 clause it enforces (see der_rule_text). */
typedef enum der_rule {
    DER_OK = 0,
    DER_E_EMPTY,
    DER_E_TOO_BIG,
    DER_E_TRUNCATED,
    DER_E_TRAILING,
    DER_E_TOO_DEEP,
    DER_E_TAG_PRIVATE,
    DER_E_TAG_HIGH_FORM_LOW_NUMBER,
    DER_E_TAG_UNSUPPORTED,
    DER_E_TAG_UNEXPECTED_UNIVERSAL,
    DER_E_END_OF_CONTENTS,
    DER_E_LENGTH_INDEFINITE,
    DER_E_LENGTH_RESERVED,
    DER_E_LENGTH_NOT_MINIMAL,
    DER_E_LENGTH_TOO_LARGE,
    DER_E_MUST_BE_PRIMITIVE,
    DER_E_MUST_BE_CONSTRUCTED,
    DER_E_BOOLEAN,
    DER_E_INTEGER_EMPTY,
    DER_E_INTEGER_NOT_MINIMAL,
    DER_E_BIT_STRING,
    DER_E_NULL,
    DER_E_OBJECT_IDENTIFIER,
    DER_RULE_COUNT
} der_rule;

/* One line naming the rule and its X.690 clause; never NULL. */
const char *der_rule_text(der_rule rule);

/*
 * Accepts buf[0 .. len-1] iff it is exactly one DER TLV (with everything
 * nested in it) of the shapes our modules use: universal BOOLEAN, INTEGER,
 * BIT STRING, OCTET STRING, NULL, OBJECT IDENTIFIER, ENUMERATED, SEQUENCE;
 * application- and context-class tags constructed (our modules tag
 * EXPLICITly; InitialContextToken is an IMPLICIT SEQUENCE).
 * On rejection *offset is the byte offset where the broken rule applies.
 */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(offset);
    requires \separated(offset, buf + (0 .. len - 1));
    requires \separated(buf + (0 .. len - 1), der_value_at + (0 .. DER_MAX_INPUT - 1),
                         der_value_end + (0 .. DER_MAX_INPUT - 1));
    requires \separated(offset, der_value_at + (0 .. DER_MAX_INPUT - 1), der_value_end + (0 .. DER_MAX_INPUT - 1));
    assigns *offset, der_value_at[0 .. DER_MAX_INPUT - 1], der_value_end[0 .. DER_MAX_INPUT - 1];
    ensures \result == DER_OK ==> 0 < len <= DER_MAX_INPUT;
    ensures \result == DER_OK ==> x690_one_value(buf, len);
    ensures \result != DER_OK ==> *offset <= len;
    // X.690 for every value of the input: the outermost one is marked, in a
    // container ending at len; every marked value follows the rules
    // (x690_value_ok); a constructed value's first child is marked, in a
    // container ending where the parent does; a value's next sibling, when
    // it ends before its container, is marked in the same container.  So
    // every value reached from the outermost by first-child and
    // next-sibling steps (every value there is) follows X.690 clauses 8 and
    // 10 as der.h states them, and the children of each constructed value
    // fill its contents exactly.
    ensures \result == DER_OK ==> der_value_at[0] == 1 && der_value_end[0] == len;
    ensures \result == DER_OK ==> \forall integer p; 0 <= p < len && der_value_at[p] == 1 ==>
              x690_value_ok(buf, p, der_value_end[p]) && der_value_end[p] <= len;
    ensures \result == DER_OK ==> \forall integer p; 0 <= p < len && der_value_at[p] == 1 &&
              x690_form(buf, p) == 1 && x690_length_value(buf, p + 1) > 0 ==>
              der_value_at[x690_contents_at(buf, p)] == 1 &&
              der_value_end[x690_contents_at(buf, p)] == x690_next(buf, p);
    ensures \result == DER_OK ==> \forall integer p; 0 <= p < len && der_value_at[p] == 1 &&
              x690_next(buf, p) < der_value_end[p] ==>
              der_value_at[x690_next(buf, p)] == 1 && der_value_end[x690_next(buf, p)] == der_value_end[p];
 */
der_rule der_validate(const uint8_t *buf, size_t len, size_t *offset) CS_MUST_USE;

/*
 * The size of the outermost TLV once its header is complete: lets a caller
 * holding a prefix say how many bytes are still missing.  Returns DER_OK and
 * sets *total when the header is readable, DER_E_TRUNCATED when more header
 * bytes are needed, or the header rule broken.
 */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(total);
    requires \separated(total, buf + (0 .. len - 1));
    assigns *total;
    ensures \result == DER_OK ==> *total >= 2;
    ensures \result == DER_OK ==> x690_header_ok(buf, 0) && x690_header_size(buf, 0) <= len &&
              *total == x690_header_size(buf, 0) + x690_length_value(buf, 1);
 */
der_rule der_outer_size(const uint8_t *buf, size_t len, size_t *total) CS_MUST_USE;



/*
 * The offset of the nth (from 0) direct child whose identifier octet is
 * ident, inside the constructed TLV that starts at parent; len when there is
 * none.  For pointing error messages at the field a semantic check refused.
 */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    assigns \nothing;
    ensures \result <= len;
 */
size_t der_child_offset(const uint8_t *buf, size_t len, size_t parent, unsigned ident, size_t nth);

#endif

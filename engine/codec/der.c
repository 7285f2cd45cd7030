/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The strict DER gate (X.690 (02/2021), clauses 8 and 10).
 *
 * Written for the prover as much as for the compiler: arithmetic instead of
 * bit operations (the provers handle b / 32 % 2 but not b & 0x20), one loop
 * per function with its invariant and variant, no recursion (nesting is an
 * explicit stack of end offsets), no allocation.
 */
#include "der.h"

/* An identifier and length as read from the wire (X.690 8.1.2, 8.1.3). */
typedef struct der_header {
    unsigned cls;         /* 0 universal, 1 application, 2 context, 3 private */
    unsigned constructed; /* 0 primitive, 1 constructed */
    unsigned number;      /* tag number, < 31 once accepted */
    size_t size;          /* identifier + length octets */
    size_t length;        /* contents octets */
} der_header;

enum { DER_UNIV_EOC = 0, DER_UNIV_BOOLEAN = 1, DER_UNIV_INTEGER = 2,
       DER_UNIV_BIT_STRING = 3, DER_UNIV_OCTET_STRING = 4, DER_UNIV_NULL = 5,
       DER_UNIV_OID = 6, DER_UNIV_ENUMERATED = 10, DER_UNIV_SEQUENCE = 16 };

static const char *const der_rule_texts[DER_RULE_COUNT] = {
    [DER_OK] = "valid DER",
    [DER_E_EMPTY] = "empty input",
    [DER_E_TOO_BIG] = "input larger than the 64 KiB message cap",
    [DER_E_TRUNCATED] = "encoding runs past the end of its container (truncated)",
    [DER_E_TRAILING] = "bytes after the outermost value (X.690 10.1: the input must be exactly one value)",
    [DER_E_TOO_DEEP] = "nesting deeper than the bound of 10",
    [DER_E_TAG_PRIVATE] = "private-class tag: none in our modules",
    [DER_E_TAG_HIGH_FORM_LOW_NUMBER] = "tag number below 31 in high-tag-number form (X.690 8.1.2.2)",
    [DER_E_TAG_UNSUPPORTED] = "tag number 31 or above: none in our modules",
    [DER_E_TAG_UNEXPECTED_UNIVERSAL] = "universal type not used in our modules",
    [DER_E_END_OF_CONTENTS] = "end-of-contents octets outside an indefinite length (X.690 8.1.5)",
    [DER_E_LENGTH_INDEFINITE] = "indefinite length (X.690 10.1: DER uses the definite form)",
    [DER_E_LENGTH_RESERVED] = "length octet 0xFF is reserved (X.690 8.1.3.5 c)",
    [DER_E_LENGTH_NOT_MINIMAL] = "length not in the fewest octets (X.690 10.1)",
    [DER_E_LENGTH_TOO_LARGE] = "length of more than 4 octets",
    [DER_E_MUST_BE_PRIMITIVE] = "constructed form of a primitive type (X.690 10.2 for strings; 8.2-8.19)",
    [DER_E_MUST_BE_CONSTRUCTED] = "primitive form of a SEQUENCE or explicit tag (X.690 8.9.1, 8.14.3)",
    [DER_E_BOOLEAN] = "BOOLEAN not one octet of 0x00 or 0xFF (X.690 8.2.1, 11.1)",
    [DER_E_INTEGER_EMPTY] = "INTEGER with no contents octets (X.690 8.3.1)",
    [DER_E_INTEGER_NOT_MINIMAL] = "INTEGER not minimally encoded (X.690 8.3.2)",
    [DER_E_BIT_STRING] = "BIT STRING unused-bits octet wrong or unused bits not zero (X.690 8.6.2, 11.2.1)",
    [DER_E_NULL] = "NULL with contents octets (X.690 8.8.2)",
    [DER_E_OBJECT_IDENTIFIER] = "OBJECT IDENTIFIER empty or subidentifier not minimal (X.690 8.19.2)",
};

/*@ assigns \result \from rule, der_rule_texts[0 .. DER_RULE_COUNT - 1];
    ensures 0 <= rule < DER_RULE_COUNT ==> \result == der_rule_texts[rule];
    ensures \result != \null;
 */
const char *der_rule_text(der_rule rule)
{
    if ((unsigned)rule >= (unsigned)DER_RULE_COUNT)
        return "unknown rule";
    return der_rule_texts[rule];
}

/*
 * The identifier octet (X.690 8.1.2).  Our modules use tag numbers below 31
 * only, so the high-tag-number form is always refused; it is told apart when
 * it carries a number that the low form could have (8.1.2.2 makes that a DER
 * violation rather than merely an unknown tag).
 */
/*@ requires pos < end;
    requires \valid_read(buf + (0 .. end - 1));
    requires \valid(h);
    requires \separated(h, buf + (0 .. end - 1));
    assigns h->cls, h->constructed, h->number;
    ensures \result == DER_OK <==> x690_number(buf, pos) < 31;
    ensures h->cls == x690_class(buf, pos) && h->constructed == x690_form(buf, pos);
    ensures h->number == x690_number(buf, pos);
 */
static der_rule der_read_tag(const uint8_t *buf, size_t end, size_t pos, der_header *h)
{
    unsigned b = buf[pos];
    h->cls = b / 64u;
    h->constructed = (b / 32u) % 2u;
    h->number = b % 32u;
    if (h->number < 31u)
        return DER_OK;
    if (pos + 1u < end && buf[pos + 1u] < 31u)
        return DER_E_TAG_HIGH_FORM_LOW_NUMBER;
    return DER_E_TAG_UNSUPPORTED;
}

/*
 * The length octets at pos (X.690 8.1.3, restricted by 10.1): definite form,
 * as few octets as possible, at most 4 (no single message comes near 4 GiB).
 */
/*@ requires pos <= end;
    requires \valid_read(buf + (0 .. end - 1));
    requires \valid(length) && \valid(used);
    requires \separated(length, used, buf + (0 .. end - 1));
    assigns *length, *used;
    ensures \result == DER_OK ==> 1 <= *used <= 5 && *used <= end - pos;
    ensures \result == DER_OK ==> *length <= 4294967295;
    ensures \result == DER_OK ==> x690_length_ok(buf, pos);
    ensures \result == DER_OK ==> *length == x690_length_value(buf, pos);
    ensures \result == DER_OK ==> *used == x690_length_octets(buf, pos);
 */
static der_rule der_read_length(const uint8_t *buf, size_t end, size_t pos,
                                size_t *length, size_t *used)
{
    if (pos >= end)
        return DER_E_TRUNCATED;
    unsigned first = buf[pos];
    if (first < 128u) {
        *length = first;
        *used = 1;
        return DER_OK;
    }
    if (first == 128u)
        return DER_E_LENGTH_INDEFINITE;
    if (first == 255u)
        return DER_E_LENGTH_RESERVED;
    size_t count = first - 128u;
    if (count > 4u)
        return DER_E_LENGTH_TOO_LARGE;
    if (count > end - pos - 1u)
        return DER_E_TRUNCATED;
    if (buf[pos + 1u] == 0u)
        return DER_E_LENGTH_NOT_MINIMAL;
    uint64_t value = 0;
    /*@ loop invariant 0 <= i <= count;
        loop invariant i == 0 ==> value == 0;
        loop invariant i == 1 ==> value < 256;
        loop invariant i == 2 ==> value < 65536;
        loop invariant i == 3 ==> value < 16777216;
        loop invariant i == 4 ==> value < 4294967296;
        loop invariant value == x690_be(buf, pos + 1, i);
        loop assigns i, value;
        loop variant count - i;
     */
    for (size_t i = 0; i < count; i++)
        value = value * 256u + buf[pos + 1u + i];
    if (value < 128u)
        return DER_E_LENGTH_NOT_MINIMAL;
    *length = (size_t)value;
    *used = count + 1u;
    return DER_OK;
}

/* Identifier and length together; the contents are not looked at. */
/*@ requires pos < end;
    requires \valid_read(buf + (0 .. end - 1));
    requires \valid(h);
    requires \separated(h, buf + (0 .. end - 1));
    assigns *h;
    ensures \result == DER_OK ==> 2 <= h->size <= end - pos;
    ensures \result == DER_OK ==> h->number < 31 && h->cls <= 3 && h->constructed <= 1;
    ensures \result == DER_OK ==> h->length <= 4294967295;
    ensures \result == DER_OK ==> x690_header(buf, pos, h->cls, h->constructed, h->number, h->length, h->size);
 */
static der_rule der_read_header(const uint8_t *buf, size_t end, size_t pos, der_header *h)
{
    size_t length = 0, used = 0;
    der_rule rule = der_read_tag(buf, end, pos, h);
    if (rule != DER_OK)
        return rule;
    rule = der_read_length(buf, end, pos + 1u, &length, &used);
    if (rule != DER_OK)
        return rule;
    h->size = 1u + used;
    h->length = length;
    return DER_OK;
}

/* The contents rules of der.h (x690_contents_ok, x690_constructed_ok) for
 * a header as read. */
/*@ predicate x690_primitive(der_header *h, uint8_t *c) = x690_contents_ok(h->cls, h->number, c, h->length);
    predicate x690_constructed(der_header *h) = x690_constructed_ok(h->cls, h->number);
*/

/* X.690 8.3.2: the first nine bits of an INTEGER are not all equal. */
/*@ requires n == 0 || \valid_read(c + (0 .. n - 1));
    assigns \nothing;
    ensures \result == DER_OK <==> x690_integer(c, n);
    ensures \result == DER_OK || \result == DER_E_INTEGER_EMPTY || \result == DER_E_INTEGER_NOT_MINIMAL;
 */
static der_rule der_check_integer(const uint8_t *c, size_t n)
{
    if (n == 0u)
        return DER_E_INTEGER_EMPTY;
    if (n >= 2u && c[0] == 0u && c[1] < 128u)
        return DER_E_INTEGER_NOT_MINIMAL;
    if (n >= 2u && c[0] == 255u && c[1] >= 128u)
        return DER_E_INTEGER_NOT_MINIMAL;
    return DER_OK;
}

/* 2^unused, for the unused-bits check of a BIT STRING. */
/*@ requires unused <= 7;
    assigns \nothing;
    ensures 1 <= \result <= 128;
    ensures \result == x690_pow2(unused);
 */
static unsigned der_unused_modulus(unsigned unused)
{
    switch (unused) {
    case 0: return 1u;
    case 1: return 2u;
    case 2: return 4u;
    case 3: return 8u;
    case 4: return 16u;
    case 5: return 32u;
    case 6: return 64u;
    default: return 128u;
    }
}

/* X.690 8.6.2: an initial octet 0..7, 0 when there are no bits;
 * 11.2.1: the unused bits are zero. */
/*@ requires n == 0 || \valid_read(c + (0 .. n - 1));
    assigns \nothing;
    ensures \result == DER_OK <==> x690_bit_string(c, n);
    ensures \result == DER_OK || \result == DER_E_BIT_STRING;
 */
static der_rule der_check_bit_string(const uint8_t *c, size_t n)
{
    if (n == 0u || c[0] > 7u)
        return DER_E_BIT_STRING;
    if (n == 1u)
        return c[0] == 0u ? DER_OK : DER_E_BIT_STRING;
    if (c[n - 1u] % der_unused_modulus(c[0]) != 0u)
        return DER_E_BIT_STRING;
    return DER_OK;
}

/* X.690 8.19.2: at least one subidentifier, each in the fewest octets (the
 * first octet of a subidentifier is never 0x80), the last one terminated. */
/*@ requires n == 0 || \valid_read(c + (0 .. n - 1));
    assigns \nothing;
    ensures \result == DER_OK <==> x690_oid(c, n);
    ensures \result == DER_OK || \result == DER_E_OBJECT_IDENTIFIER;
 */
static der_rule der_check_oid(const uint8_t *c, size_t n)
{
    if (n == 0u || c[n - 1u] >= 128u)
        return DER_E_OBJECT_IDENTIFIER;
    unsigned at_start = 1u;
    /*@ loop invariant 0 <= i <= n;
        loop invariant at_start <= 1;
        loop invariant i == 0 ==> at_start == 1;
        loop invariant i >= 1 ==> c[0] != 128;
        loop invariant i >= 1 ==> (at_start == 1 <==> c[i - 1] < 128);
        loop invariant \forall integer j; 1 <= j < i ==> (c[j - 1] < 128 ==> c[j] != 128);
        loop assigns i, at_start;
        loop variant n - i;
     */
    for (size_t i = 0; i < n; i++) {
        if (at_start == 1u && c[i] == 128u)
            return DER_E_OBJECT_IDENTIFIER;
        at_start = c[i] < 128u ? 1u : 0u;
    }
    return DER_OK;
}

/* The contents of a primitive encoding, by type. */
/*@ requires \valid_read(h);
    requires h->length == 0 || \valid_read(c + (0 .. h->length - 1));
    assigns \nothing;
    ensures \result == DER_OK <==> x690_primitive(h, c);
 */
static der_rule der_check_primitive(const der_header *h, const uint8_t *c)
{
    if (h->cls != 0u)
        return DER_E_MUST_BE_CONSTRUCTED;
    switch (h->number) {
    case DER_UNIV_EOC:
        return DER_E_END_OF_CONTENTS;
    case DER_UNIV_BOOLEAN:
        return (h->length == 1u && (c[0] == 0u || c[0] == 255u)) ? DER_OK : DER_E_BOOLEAN;
    case DER_UNIV_INTEGER:
    case DER_UNIV_ENUMERATED:
        return der_check_integer(c, h->length);
    case DER_UNIV_BIT_STRING:
        return der_check_bit_string(c, h->length);
    case DER_UNIV_OCTET_STRING:
        return DER_OK;
    case DER_UNIV_NULL:
        return h->length == 0u ? DER_OK : DER_E_NULL;
    case DER_UNIV_OID:
        return der_check_oid(c, h->length);
    case DER_UNIV_SEQUENCE:
        return DER_E_MUST_BE_CONSTRUCTED;
    default:
        return DER_E_TAG_UNEXPECTED_UNIVERSAL;
    }
}

/* Which constructed encodings may appear: SEQUENCE (OF), and tagged values. */
/*@ requires \valid_read(h);
    assigns \nothing;
    ensures \result == DER_OK <==> x690_constructed(h);
 */
static der_rule der_check_constructed(const der_header *h)
{
    if (h->cls != 0u || h->number == DER_UNIV_SEQUENCE)
        return DER_OK;
    switch (h->number) {
    case DER_UNIV_EOC:
        return DER_E_END_OF_CONTENTS;
    case DER_UNIV_BOOLEAN:
    case DER_UNIV_INTEGER:
    case DER_UNIV_BIT_STRING:
    case DER_UNIV_OCTET_STRING:
    case DER_UNIV_NULL:
    case DER_UNIV_OID:
    case DER_UNIV_ENUMERATED:
        return DER_E_MUST_BE_PRIMITIVE;
    default:
        return DER_E_TAG_UNEXPECTED_UNIVERSAL;
    }
}

/* One TLV at pos inside a container ending at end: header, class, fit. */
/*@ requires pos < end;
    requires \valid_read(buf + (0 .. end - 1));
    requires \valid(h);
    requires \separated(h, buf + (0 .. end - 1));
    assigns *h;
    ensures \result == DER_OK ==> 2 <= h->size && h->length <= end - pos - h->size;
    ensures \result == DER_OK ==> h->constructed <= 1 && h->cls <= 2;
    ensures \result == DER_OK ==> x690_header(buf, pos, h->cls, h->constructed, h->number, h->length, h->size);
 */
static der_rule der_read_tlv(const uint8_t *buf, size_t end, size_t pos, der_header *h)
{
    der_rule rule = der_read_header(buf, end, pos, h);
    if (rule != DER_OK)
        return rule;
    if (h->cls == 3u)
        return DER_E_TAG_PRIVATE;
    if (h->length > end - pos - h->size)
        return DER_E_TRUNCATED;
    return DER_OK;
}

/* One value at pos inside a container ending at end: header, fit, and the
 * contents rule of its type (primitive) or the types that may be
 * constructed; what it contains is the walk's. */
/*@ requires pos < end;
    requires \valid_read(buf + (0 .. end - 1));
    requires \valid(h);
    requires \separated(h, buf + (0 .. end - 1));
    assigns *h;
    ensures \result == DER_OK ==> 2 <= h->size && h->length <= end - pos - h->size;
    ensures \result == DER_OK ==> h->constructed <= 1 && h->cls <= 2;
    ensures \result == DER_OK ==> x690_header(buf, pos, h->cls, h->constructed, h->number, h->length, h->size);
    ensures \result == DER_OK ==> x690_value_ok(buf, pos, end);
 */
static der_rule der_read_value(const uint8_t *buf, size_t end, size_t pos, der_header *h)
{
    der_rule rule = der_read_tlv(buf, end, pos, h);
    if (rule != DER_OK)
        return rule;
    //@ assert x690_next(buf, pos) == pos + h->size + h->length && x690_next(buf, pos) <= end;
    if (h->constructed == 1u) {
        rule = der_check_constructed(h);
        //@ assert rule == DER_OK ==> x690_constructed_ok(x690_class(buf, pos), x690_number(buf, pos));
        //@ assert rule == DER_OK ==> x690_value_ok(buf, pos, end);
        return rule;
    }
    //@ assert x690_form(buf, pos) == 0;
    rule = der_check_primitive(h, buf + pos + h->size);
    /*@ assert rule == DER_OK ==> x690_contents_ok(x690_class(buf, pos), x690_number(buf, pos),
            buf + x690_contents_at(buf, pos), x690_length_value(buf, pos + 1)); */
    //@ assert rule == DER_OK ==> x690_value_contents_ok(buf, pos);
    //@ assert x690_header_ok(buf, pos) && x690_class(buf, pos) <= 2 && x690_next(buf, pos) <= end;
    //@ assert rule == DER_OK ==> x690_value_ok(buf, pos, end);
    return rule;
}

/*@ ghost unsigned char der_value_at[DER_MAX_INPUT]; */
/*@ ghost size_t der_value_end[DER_MAX_INPUT]; */

der_rule der_validate(const uint8_t *buf, size_t len, size_t *offset)
{
    /* ends[d] is where the container open at depth d stops; ends[0] = len. */
    size_t ends[DER_MAX_DEPTH + 1u];
    size_t depth = 0, pos = 0;
    der_header h;
    der_rule rule;
    /* For the proof: the depth each walked value was read at. */
    //@ ghost size_t depth_of[DER_MAX_INPUT];

    *offset = 0;
    if (len == 0u)
        return DER_E_EMPTY;
    if (len > DER_MAX_INPUT)
        return DER_E_TOO_BIG;
    ends[0] = len;
    /*@ ghost
        /@ loop invariant 0 <= i <= len;
           loop invariant \forall integer p; 0 <= p < i ==> der_value_at[p] == 0;
           loop assigns i, der_value_at[0 .. DER_MAX_INPUT - 1];
           loop variant len - i;
         @/
        for (size_t i = 0; i < len; i++)
            der_value_at[i] = 0;
     */
    /*@ loop invariant 0 <= depth <= DER_MAX_DEPTH;
        loop invariant 0 <= pos <= len;
        loop invariant ends[0] == len;
        loop invariant pos <= ends[depth];
        loop invariant \forall integer j, k; 0 <= j <= k <= depth ==> ends[k] <= ends[j];
        loop invariant \forall integer k; 0 <= k <= depth ==> ends[k] <= len;
        loop invariant pos == 0 ==> depth == 0;
        // Past the first header, the outermost value's is DER and ends
        // where the walk must (x690_one_value).
        loop invariant pos > 0 ==> x690_header_ok(buf, 0) && x690_class(buf, 0) <= 2;
        loop invariant pos > 0 && depth == 0 ==> pos == x690_header_size(buf, 0) + x690_length_value(buf, 1);
        loop invariant depth >= 1 ==> ends[1] == x690_header_size(buf, 0) + x690_length_value(buf, 1);
        // The values walked so far, marked (der.h), none at or past pos.
        loop invariant \forall integer p; pos <= p < len ==> der_value_at[p] == 0;
        loop invariant pos > 0 ==> der_value_at[0] == 1 && der_value_end[0] == len && depth_of[0] == 0;
        loop invariant \forall integer p; 0 <= p < pos && der_value_at[p] == 1 ==>
            x690_value_ok(buf, p, der_value_end[p]) && der_value_end[p] <= len;
        // A constructed value's first child: walked, or the next to read.
        loop invariant \forall integer p; 0 <= p < pos && der_value_at[p] == 1 &&
            x690_form(buf, p) == 1 && x690_length_value(buf, p + 1) > 0 ==>
            (x690_contents_at(buf, p) < pos ==> der_value_at[x690_contents_at(buf, p)] == 1 &&
                 der_value_end[x690_contents_at(buf, p)] == x690_next(buf, p)) &&
            (x690_contents_at(buf, p) >= pos ==> x690_contents_at(buf, p) == pos && depth >= 1 &&
                 ends[depth] == x690_next(buf, p));
        // A value's next sibling: walked; or the next to read, at the same
        // depth; or it follows a container still open, at depth_of[p] + 1.
        loop invariant \forall integer p; 0 <= p < pos && der_value_at[p] == 1 &&
            x690_next(buf, p) < der_value_end[p] ==>
            (x690_next(buf, p) < pos ==> der_value_at[x690_next(buf, p)] == 1 &&
                 der_value_end[x690_next(buf, p)] == der_value_end[p]) &&
            (x690_next(buf, p) >= pos ==> depth_of[p] <= depth && der_value_end[p] == ends[depth_of[p]] &&
                 (depth_of[p] == depth ==> x690_next(buf, p) == pos) &&
                 (depth_of[p] < depth ==> x690_next(buf, p) == ends[depth_of[p] + 1]));
        loop assigns pos, depth, ends[1 .. DER_MAX_DEPTH], h, rule, *offset,
                     der_value_at[0 .. DER_MAX_INPUT - 1], der_value_end[0 .. DER_MAX_INPUT - 1],
                     depth_of[0 .. DER_MAX_INPUT - 1];
        loop variant (len - pos) * (DER_MAX_DEPTH + 2) + depth;
     */
    while (pos < len) {
        if (depth > 0u && pos == ends[depth]) {
            //@ assert pos <= ends[depth - 1];
            /*@ assert \forall integer p; 0 <= p < pos && der_value_at[p] == 1 && x690_form(buf, p) == 1 &&
                    x690_length_value(buf, p + 1) > 0 ==> x690_contents_at(buf, p) < pos; */
            depth--;
            continue;
        }
        if (depth == 0u && pos > 0u) {
            *offset = pos;
            return DER_E_TRAILING;
        }
        rule = der_read_value(buf, ends[depth], pos, &h);
        if (rule == DER_OK && h.constructed == 1u && depth == DER_MAX_DEPTH)
            rule = DER_E_TOO_DEEP;
        if (rule != DER_OK) {
            *offset = pos;
            return rule;
        }
        //@ ghost der_value_at[pos] = 1;
        //@ ghost der_value_end[pos] = ends[depth];
        //@ ghost depth_of[pos] = depth;
        /*@ assert \forall integer p; 0 <= p < pos ==> der_value_at[p] == \at(der_value_at[p], LoopCurrent) &&
                der_value_end[p] == \at(der_value_end[p], LoopCurrent) && depth_of[p] == \at(depth_of[p], LoopCurrent); */
        //@ assert \forall integer p; pos < p < len ==> der_value_at[p] == 0;
        /*@ assert \forall integer p; 0 <= p <= pos && der_value_at[p] == 1 ==>
                x690_value_ok(buf, p, der_value_end[p]) && der_value_end[p] <= len; */
        /*@ assert \forall integer p; 0 <= p < pos && der_value_at[p] == 1 &&
                x690_form(buf, p) == 1 && x690_length_value(buf, p + 1) > 0 ==>
                x690_contents_at(buf, p) <= pos && der_value_at[x690_contents_at(buf, p)] == 1 &&
                der_value_end[x690_contents_at(buf, p)] == x690_next(buf, p); */
        /*@ assert \forall integer p; 0 <= p < pos && der_value_at[p] == 1 &&
                x690_next(buf, p) < der_value_end[p] ==>
                (x690_next(buf, p) <= pos ==> der_value_at[x690_next(buf, p)] == 1 &&
                     der_value_end[x690_next(buf, p)] == der_value_end[p]) &&
                (x690_next(buf, p) > pos ==> depth_of[p] < depth && der_value_end[p] == ends[depth_of[p]] &&
                     x690_next(buf, p) == ends[depth_of[p] + 1]); */
        //@ assert x690_form(buf, pos) == h.constructed && x690_contents_at(buf, pos) == pos + h.size;
        if (h.constructed == 1u) {
            depth++;
            ends[depth] = pos + h.size + h.length;
            //@ assert ends[depth] <= ends[depth - 1];
            //@ assert \forall integer k; 0 <= k < depth ==> ends[k] == \at(ends[k], LoopCurrent);
            //@ assert \forall integer j, k; 0 <= j <= k <= depth ==> ends[k] <= ends[j];
            pos += h.size;
            //@ assert \forall integer p; 0 <= p < pos && der_value_at[p] == 1 ==> p <= \at(pos, LoopCurrent);
            //@ assert x690_contents_at(buf, \at(pos, LoopCurrent)) == pos && ends[depth] == x690_next(buf, \at(pos, LoopCurrent));
            /*@ assert depth_of[\at(pos, LoopCurrent)] == depth - 1 &&
                    der_value_end[\at(pos, LoopCurrent)] == ends[depth - 1]; */
            /*@ assert \forall integer p; 0 <= p < \at(pos, LoopCurrent) && der_value_at[p] == 1 &&
                    x690_next(buf, p) < der_value_end[p] && x690_next(buf, p) > \at(pos, LoopCurrent) ==>
                    depth_of[p] < depth - 1 && x690_next(buf, p) == ends[depth_of[p] + 1] &&
                    x690_next(buf, p) >= pos && der_value_end[p] == ends[depth_of[p]]; */
            /*@ assert \forall integer p; 0 <= p < \at(pos, LoopCurrent) && der_value_at[p] == 1 &&
                    x690_form(buf, p) == 1 && x690_length_value(buf, p + 1) > 0 ==>
                    x690_contents_at(buf, p) < pos && der_value_at[x690_contents_at(buf, p)] == 1 &&
                    der_value_end[x690_contents_at(buf, p)] == x690_next(buf, p); */
        } else {
            pos += h.size + h.length;
            //@ assert pos <= ends[depth];
            //@ assert \forall integer p; 0 <= p < pos && der_value_at[p] == 1 ==> p <= \at(pos, LoopCurrent);
            //@ assert x690_form(buf, \at(pos, LoopCurrent)) == 0;
            /*@ assert x690_next(buf, \at(pos, LoopCurrent)) == pos && depth_of[\at(pos, LoopCurrent)] == depth &&
                    der_value_end[\at(pos, LoopCurrent)] == ends[depth]; */
            /*@ assert \forall integer p; 0 <= p < \at(pos, LoopCurrent) && der_value_at[p] == 1 &&
                    x690_next(buf, p) < der_value_end[p] && x690_next(buf, p) > \at(pos, LoopCurrent) ==>
                    depth_of[p] < depth && x690_next(buf, p) == ends[depth_of[p] + 1] &&
                    x690_next(buf, p) >= pos && der_value_end[p] == ends[depth_of[p]]; */
            /*@ assert \forall integer p; 0 <= p < \at(pos, LoopCurrent) && der_value_at[p] == 1 &&
                    x690_form(buf, p) == 1 && x690_length_value(buf, p + 1) > 0 ==>
                    x690_contents_at(buf, p) < pos && der_value_at[x690_contents_at(buf, p)] == 1 &&
                    der_value_end[x690_contents_at(buf, p)] == x690_next(buf, p); */
        }
    }
    return DER_OK;
}

der_rule der_outer_size(const uint8_t *buf, size_t len, size_t *total)
{
    der_header h;
    /* A header is at most 6 octets (1 identifier, 1 + 4 length). */
    size_t avail = len < 6u ? len : 6u;
    *total = 0;
    if (avail == 0u)
        return DER_E_TRUNCATED;
    der_rule rule = der_read_header(buf, avail, 0, &h);
    if (rule != DER_OK)
        return rule;
    *total = h.size + h.length;
    return DER_OK;
}

size_t der_child_offset(const uint8_t *buf, size_t len, size_t parent, unsigned ident, size_t nth)
{
    der_header h;
    if (parent >= len || der_read_tlv(buf, len, parent, &h) != DER_OK || h.constructed == 0u)
        return len;
    size_t pos = parent + h.size;
    size_t end = pos + h.length;
    size_t left = nth;
    /*@ loop invariant parent < pos <= end <= len;
        loop assigns pos, left, h;
        loop variant end - pos;
     */
    while (pos < end) {
        if (der_read_tlv(buf, end, pos, &h) != DER_OK)
            return len;
        if (buf[pos] == ident) {
            if (left == 0u)
                return pos;
            left--;
        }
        pos += h.size + h.length;
    }
    return len;
}

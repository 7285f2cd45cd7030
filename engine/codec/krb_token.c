/* SPDX-License-Identifier: Apache-2.0 */
/* Kerberos per-message token headers (RFC 4121 4.2.6): krb_token.h. */
#include "krb_token.h"

/* The big-endian values of 2 and 8 bytes (RFC 4121 4.2.6: every field in
 * network order), spelled out as krb_be unfolds. */
/*@ requires \valid_read(p + (0 .. 1));
    assigns \nothing;
    ensures \result == krb_be(p, 2);
*/
static uint16_t krb_read_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] * 256u + p[1]);
}

/*@ requires \valid_read(p + (0 .. 7));
    assigns \nothing;
    ensures \result == krb_be(p, 8);
*/
static uint64_t krb_read_be64(const uint8_t *p)
{
    uint64_t v = p[0];
    v = v * 256u + p[1];
    v = v * 256u + p[2];
    v = v * 256u + p[3];
    v = v * 256u + p[4];
    v = v * 256u + p[5];
    v = v * 256u + p[6];
    return v * 256u + p[7];
}

/* Writes v as 2 big-endian bytes. */
/*@ requires \valid(p + (0 .. 1));
    assigns p[0 .. 1];
    ensures krb_be(p, 2) == v;
*/
static void krb_write_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v / 256u);
    p[1] = (uint8_t)(v % 256u);
}

/* Writes v as 8 big-endian bytes, the last first: each step keeps what is
 * still to write (v / 256^k) and its low byte. */
/*@ requires \valid(p + (0 .. 7));
    assigns p[0 .. 7];
    ensures krb_be(p, 8) == v;
*/
static void krb_write_be64(uint8_t *p, uint64_t v)
{
    uint64_t r7 = v, r6 = r7 / 256u, r5 = r6 / 256u, r4 = r5 / 256u;
    uint64_t r3 = r4 / 256u, r2 = r3 / 256u, r1 = r2 / 256u, r0 = r1 / 256u;
    p[0] = (uint8_t)(r0 % 256u);
    p[1] = (uint8_t)(r1 % 256u);
    p[2] = (uint8_t)(r2 % 256u);
    p[3] = (uint8_t)(r3 % 256u);
    p[4] = (uint8_t)(r4 % 256u);
    p[5] = (uint8_t)(r5 % 256u);
    p[6] = (uint8_t)(r6 % 256u);
    p[7] = (uint8_t)(r7 % 256u);
    /*@ assert r0 < 256 && r1 == r0 * 256 + p[1] && r2 == r1 * 256 + p[2] && r3 == r2 * 256 + p[3]; */
    /*@ assert r4 == r3 * 256 + p[4] && r5 == r4 * 256 + p[5] && r6 == r5 * 256 + p[6] && r7 == r6 * 256 + p[7]; */
}

/* What both headers start with (RFC 4121 4.2.6.1, 4.2.6.2): *h emptied,
 * 16 bytes there, TOK_ID `first 04`. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(h);
    requires \separated(h, buf + (0 .. len - 1));
    assigns *h;
    ensures krb_header_empty(h);
    ensures \result == KRB_TOKEN_OK || \result == KRB_TOKEN_SHORT || \result == KRB_TOKEN_BAD_TOK_ID;
    ensures \result == KRB_TOKEN_SHORT <==> len < KRB_TOKEN_HEADER_LEN;
    ensures \result == KRB_TOKEN_BAD_TOK_ID <==> len >= KRB_TOKEN_HEADER_LEN && (buf[0] != first || buf[1] != 0x04);
*/
static krb_token_result krb_header_start(const uint8_t *buf, size_t len, uint8_t first, krb_token_header *h)
{
    h->flags = 0;
    h->ec = 0;
    h->rrc = 0;
    h->snd_seq = 0;
    if (len < KRB_TOKEN_HEADER_LEN)
        return KRB_TOKEN_SHORT;
    return buf[0] == first && buf[1] == 0x04u ? KRB_TOKEN_OK : KRB_TOKEN_BAD_TOK_ID;
}

krb_token_result krb_wrap_parse_header(const uint8_t *buf, size_t len, krb_token_header *out)
{
    krb_token_result r = krb_header_start(buf, len, 0x05u, out); /* TOK_ID 05 04 */
    if (r != KRB_TOKEN_OK)
        return r;
    if (buf[3] != 0xFFu) /* Filler */
        return KRB_TOKEN_BAD_FILLER;
    out->flags = buf[2];
    out->ec = krb_read_be16(buf + 4);
    out->rrc = krb_read_be16(buf + 6);
    out->snd_seq = krb_read_be64(buf + 8);
    return KRB_TOKEN_OK;
}

krb_token_result krb_mic_parse_header(const uint8_t *buf, size_t len, krb_token_header *out)
{
    krb_token_result r = krb_header_start(buf, len, 0x04u, out); /* TOK_ID 04 04 */
    if (r != KRB_TOKEN_OK)
        return r;
    /*@ loop invariant 3 <= k <= 8;
        loop invariant \forall integer j; 3 <= j < k ==> buf[j] == 0xFF;
        loop assigns k;
        loop variant 8 - k;
    */
    for (size_t k = 3; k < 8; k++)
        if (buf[k] != 0xFFu) /* Filler, five bytes */
            return KRB_TOKEN_BAD_FILLER;
    out->flags = buf[2];
    out->snd_seq = krb_read_be64(buf + 8);
    return KRB_TOKEN_OK;
}

void krb_wrap_write_header(const krb_token_header *h, uint8_t out[KRB_TOKEN_HEADER_LEN])
{
    out[0] = 0x05u;
    out[1] = 0x04u;
    out[2] = h->flags;
    out[3] = 0xFFu;
    krb_write_be16(out + 4, h->ec);
    krb_write_be16(out + 6, h->rrc);
    krb_write_be64(out + 8, h->snd_seq);
}

void krb_wrap_unrotate(const uint8_t *in, size_t len, size_t rrc, uint8_t *out)
{
    if (len == 0)
        return;
    size_t r = rrc % len;
    size_t head = len - r; /* the bytes that were first, sent last */
    /*@ loop invariant 0 <= i <= head;
        loop invariant \forall integer k; 0 <= k < i ==> out[k] == in[k + r];
        loop assigns i, out[0 .. head - 1];
        loop variant head - i;
    */
    for (size_t i = 0; i < head; i++)
        out[i] = in[r + i];
    /*@ loop invariant 0 <= i <= r;
        loop invariant \forall integer k; 0 <= k < head ==> out[k] == in[k + r];
        loop invariant \forall integer k; head <= k < head + i ==> out[k] == in[k - head];
        loop assigns i, out[head .. len - 1];
        loop variant r - i;
    */
    for (size_t i = 0; i < r; i++)
        out[head + i] = in[i];
}

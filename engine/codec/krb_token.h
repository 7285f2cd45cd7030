/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The headers of Kerberos per-message tokens (RFC 4121 4.2.6): the Wrap
 * token that seals pubKeyAuth and authInfo once Kerberos is the inner
 * mechanism, and the MIC token of SPNEGO's mechListMIC.  Bytes only: what
 * the flags and the sequence number must be, and the cryptography (MIT
 * krb5's), are the mechanism's.
 *
 * Wrap (RFC 4121 4.2.6.2), 16 bytes then the data:
 *   05 04 | Flags | FF | EC (2, big-endian) | RRC (2) | SND_SEQ (8)
 * MIC (RFC 4121 4.2.6.1), 16 bytes then the checksum:
 *   04 04 | Flags | FF FF FF FF FF | SND_SEQ (8)
 * A sender rotates the data after a Wrap header right by RRC bytes
 * (RFC 4121 4.2.5); Windows sends RRC 28, MIT's gss_wrap 0, and a receiver
 * must undo any count, larger than the data too.
 */
#ifndef CREDSSP_KRB_TOKEN_H
#define CREDSSP_KRB_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "must_use.h"

#define KRB_TOKEN_HEADER_LEN 16u
/* Flags, RFC 4121 4.2.2; a receiver ignores the other bits. */
#define KRB_TOKEN_SENT_BY_ACCEPTOR 0x01u
#define KRB_TOKEN_SEALED 0x02u
#define KRB_TOKEN_ACCEPTOR_SUBKEY 0x04u

typedef enum krb_token_result {
    KRB_TOKEN_OK = 0,
    KRB_TOKEN_SHORT,      /* fewer than the 16 bytes of a header */
    KRB_TOKEN_BAD_TOK_ID, /* not 05 04 (Wrap) or 04 04 (MIC) */
    KRB_TOKEN_BAD_FILLER, /* a filler byte that is not FF */
} krb_token_result;

/* A header's fields; for a MIC token ec and rrc are 0. */
typedef struct krb_token_header {
    uint8_t flags; /* as sent, unknown bits too */
    uint16_t ec;   /* extra count: filler bytes (sealed) or checksum length */
    uint16_t rrc;  /* right rotation count */
    uint64_t snd_seq;
} krb_token_header;

/*@ // The big-endian value of p[0 .. n - 1].
    logic integer krb_be(uint8_t *p, integer n) = n <= 0 ? 0 : krb_be(p, n - 1) * 256 + p[n - 1];
    predicate krb_header_empty(krb_token_header *h) = h->flags == 0 && h->ec == 0 && h->rrc == 0 && h->snd_seq == 0;
    predicate krb_wrap_bytes(uint8_t *b) = b[0] == 0x05 && b[1] == 0x04 && b[3] == 0xFF;
    predicate krb_mic_bytes(uint8_t *b) =
        b[0] == 0x04 && b[1] == 0x04 && \forall integer k; 3 <= k < 8 ==> b[k] == 0xFF;
    // h is what the 16 bytes at b say.
    predicate krb_wrap_fields(uint8_t *b, krb_token_header *h) =
        h->flags == b[2] && h->ec == krb_be(b + 4, 2) && h->rrc == krb_be(b + 6, 2) && h->snd_seq == krb_be(b + 8, 8);
*/

/* A Wrap token's header.  Anything but KRB_TOKEN_OK leaves *out empty. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(out);
    requires \separated(out, buf + (0 .. len - 1));
    assigns *out;
    ensures \result == KRB_TOKEN_OK <==> len >= KRB_TOKEN_HEADER_LEN && krb_wrap_bytes(buf);
    ensures \result == KRB_TOKEN_SHORT <==> len < KRB_TOKEN_HEADER_LEN;
    ensures \result == KRB_TOKEN_BAD_TOK_ID <==> len >= KRB_TOKEN_HEADER_LEN && (buf[0] != 0x05 || buf[1] != 0x04);
    ensures \result == KRB_TOKEN_OK ==> krb_wrap_fields(buf, out);
    ensures \result != KRB_TOKEN_OK ==> krb_header_empty(out);
*/
krb_token_result krb_wrap_parse_header(const uint8_t *buf, size_t len, krb_token_header *out) CS_MUST_USE;

/* A MIC token's header (ec and rrc 0).  Anything but KRB_TOKEN_OK leaves
 * *out empty. */
/*@ requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \valid(out);
    requires \separated(out, buf + (0 .. len - 1));
    assigns *out;
    ensures \result == KRB_TOKEN_OK <==> len >= KRB_TOKEN_HEADER_LEN && krb_mic_bytes(buf);
    ensures \result == KRB_TOKEN_SHORT <==> len < KRB_TOKEN_HEADER_LEN;
    ensures \result == KRB_TOKEN_BAD_TOK_ID <==> len >= KRB_TOKEN_HEADER_LEN && (buf[0] != 0x04 || buf[1] != 0x04);
    ensures \result == KRB_TOKEN_OK ==>
        out->flags == buf[2] && out->ec == 0 && out->rrc == 0 && out->snd_seq == krb_be(buf + 8, 8);
    ensures \result != KRB_TOKEN_OK ==> krb_header_empty(out);
*/
krb_token_result krb_mic_parse_header(const uint8_t *buf, size_t len, krb_token_header *out) CS_MUST_USE;

/* Writes the 16 bytes of a Wrap header: what krb_wrap_parse_header reads
 * back as *h. */
/*@ requires \valid_read(h);
    requires \valid(out + (0 .. 15));
    requires \separated(h, out + (0 .. 15));
    assigns out[0 .. 15];
    ensures krb_wrap_bytes(out) && krb_wrap_fields(out, h);
*/
void krb_wrap_write_header(const krb_token_header *h, uint8_t out[KRB_TOKEN_HEADER_LEN]);

/* Undoes the sender's right rotation by rrc (RFC 4121 4.2.5) of the len
 * bytes after a Wrap header: out[i] = in[(i + rrc) mod len], the byte r =
 * rrc mod len places on, wrapping at the end.  A copy, as the data goes to
 * the decryption's own buffer anyway. */
/*@ requires len == 0 || \valid_read(in + (0 .. len - 1));
    requires len == 0 || \valid(out + (0 .. len - 1));
    requires \separated(in + (0 .. len - 1), out + (0 .. len - 1));
    assigns out[0 .. len - 1];
    ensures \forall integer i; 0 <= i < len && i + rrc % len < len ==> out[i] == in[i + rrc % len];
    ensures \forall integer i; 0 <= i < len && i + rrc % len >= len ==> out[i] == in[i + rrc % len - len];
*/
void krb_wrap_unrotate(const uint8_t *in, size_t len, size_t rrc, uint8_t *out);

#endif

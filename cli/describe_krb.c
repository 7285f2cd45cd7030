/* SPDX-License-Identifier: Apache-2.0 */
/* credssp decode: Kerberos Wrap and MIC token headers (RFC 4121 4.2.6).
 * Only the headers are read: what follows is ciphertext or a checksum, shown
 * as bytes; nothing here holds a key. */
#include <stdio.h>

#include "describe_krb.h"
#include "krb_token.h"

/* RFC 4121 4.2.2 Flags by name; other bits as sent. */
static void describe_krb_flags(emitter *em, uint8_t flags)
{
    char text[96];
    int n = snprintf(text, sizeof text, "0x%02x%s%s%s%s", flags,
                     (flags & KRB_TOKEN_SENT_BY_ACCEPTOR) ? " SentByAcceptor" : "",
                     (flags & KRB_TOKEN_SEALED) ? " Sealed" : "",
                     (flags & KRB_TOKEN_ACCEPTOR_SUBKEY) ? " AcceptorSubkey" : "",
                     (flags & ~(KRB_TOKEN_SENT_BY_ACCEPTOR | KRB_TOKEN_SEALED | KRB_TOKEN_ACCEPTOR_SUBKEY)) != 0
                         ? " (unknown bits: ignored, RFC 4121 4.2.2)"
                         : "");
    if (n > 0)
        emit_str(em, "flags", text);
}

static void describe_krb_seq(emitter *em, uint64_t seq)
{
    char text[32];
    snprintf(text, sizeof text, "0x%016llx", (unsigned long long)seq);
    emit_str(em, "SND_SEQ", text);
}

bool describe_krb_wrap(emitter *em, const char *key, const uint8_t *tok, size_t len)
{
    krb_token_header h;
    if (krb_wrap_parse_header(tok, len, &h) != KRB_TOKEN_OK)
        return false;
    emit_open(em, key, "Kerberos Wrap token (RFC 4121 4.2.6.2)");
    describe_krb_flags(em, h.flags);
    emit_int(em, "EC", h.ec);
    emit_int(em, "RRC", h.rrc);
    describe_krb_seq(em, h.snd_seq);
    /* Sealed: the data, the encrypted header copy and the checksum, rotated
     * right by RRC (4.2.5); unsealed: the data, then EC bytes of checksum. */
    emit_hex(em, (h.flags & KRB_TOKEN_SEALED) ? "sealed" : "data+checksum", tok + KRB_TOKEN_HEADER_LEN,
             len - KRB_TOKEN_HEADER_LEN);
    emit_close(em);
    return true;
}

bool describe_krb_mic(emitter *em, const char *key, const uint8_t *tok, size_t len)
{
    krb_token_header h;
    if (krb_mic_parse_header(tok, len, &h) != KRB_TOKEN_OK)
        return false;
    emit_open(em, key, "Kerberos MIC token (RFC 4121 4.2.6.1)");
    describe_krb_flags(em, h.flags);
    describe_krb_seq(em, h.snd_seq);
    emit_hex(em, "checksum", tok + KRB_TOKEN_HEADER_LEN, len - KRB_TOKEN_HEADER_LEN);
    emit_close(em);
    return true;
}

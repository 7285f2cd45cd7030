/* SPDX-License-Identifier: Apache-2.0 */
/* Eva drivers: the static twins of fuzz_x224, of fuzz_ntlm, of
 * fuzz_krb_token and of the record framing the engine harnesses go
 * through.  Each feeds inputs of
 * every length up to a bound, with every byte unknown; Eva must report no
 * run-time-error alarm (make proofs fails otherwise; the ACSL contracts
 * themselves are WP's to prove). */
#ifdef __FRAMAC__
#include "__fc_builtin.h"
#include "krb_token.h"
#include "ntlm_msg.h"
#include "record.h"
#include "x224.h"

#define EVA_PARSER_LEN 48

static uint8_t eva_buf[EVA_PARSER_LEN];

void eva_record_scan(void);
void eva_record_scan(void)
{
    Frama_C_make_unknown(eva_buf, sizeof eva_buf);
    /* Each length on its own (with slevel): Eva keeps len exact. */
    for (size_t len = 0; len <= EVA_PARSER_LEN; len++) {
        size_t whole, missing;
        (void)record_scan(eva_buf, len, &whole, &missing);
    }
}

void eva_x224(void);
void eva_x224(void)
{
    Frama_C_make_unknown(eva_buf, sizeof eva_buf);
    for (size_t len = 0; len <= EVA_PARSER_LEN; len++) {
        size_t need;
        x224_request req;
        x224_confirm cc;
        (void)tpkt_length(eva_buf, len, &need);
        (void)x224_parse_request(eva_buf, len, &req);
        (void)x224_parse_confirm(eva_buf, len, &cc);
    }
}

/* The twin of fuzz_krb_token: both header parsers on every length, the
 * header written back, and the rotation undone by any count (RFC 4121
 * 4.2.5: a receiver takes counts past the data too) over every length. */
static uint8_t eva_plain[EVA_PARSER_LEN];

void eva_krb_token(void);
void eva_krb_token(void)
{
    Frama_C_make_unknown(eva_buf, sizeof eva_buf);
    /*@ loop unroll EVA_PARSER_LEN + 1; */
    for (size_t len = 0; len <= EVA_PARSER_LEN; len++) {
        krb_token_header h;
        uint8_t back[KRB_TOKEN_HEADER_LEN];
        if (krb_wrap_parse_header(eva_buf, len, &h) == KRB_TOKEN_OK)
            krb_wrap_write_header(&h, back);
        (void)krb_mic_parse_header(eva_buf, len, &h);
        krb_wrap_unrotate(eva_buf, len, Frama_C_size_t_interval(0, 65535), eva_plain);
    }
}

/* The twin of fuzz_ntlm: every NTLM parser, the AV pair walk and lookup and
 * the NTLMv2 response ([MS-NLMP] 2.2) on EVA_NTLM_LEN unknown bytes, the
 * length itself unknown in 0 .. EVA_NTLM_LEN: one state covers every
 * length, so this bound can be far above the fixed headers (88 bytes for an
 * AUTHENTICATE with VERSION and MIC) at the cost of a second of analysis.
 * A read is checked against the whole buffer, not against len: that the
 * parsers read below len is WP's (their requires, proved at every read).
 * The octagon domain (eva_one.sh) keeps pos <= len - 4 in the AV walk. */
#define EVA_NTLM_LEN 1024

static uint8_t eva_ntlm_buf[EVA_NTLM_LEN];

void eva_ntlm(void);
void eva_ntlm(void)
{
    ntlm_negotiate n;
    ntlm_challenge c;
    ntlm_authenticate a;
    ntlm_av_list list = { 0 }; /* av_find reads pairs[i] for i < count only; Eva cannot relate them */
    ntlmv2_response r;
    size_t where;
    Frama_C_make_unknown(eva_ntlm_buf, sizeof eva_ntlm_buf);
    size_t len = Frama_C_size_t_interval(0, EVA_NTLM_LEN);
    (void)ntlm_parse_negotiate(eva_ntlm_buf, len, &n, &where);
    (void)ntlm_parse_challenge(eva_ntlm_buf, len, &c, &where);
    (void)ntlm_parse_authenticate(eva_ntlm_buf, len, &a, &where);
    if (ntlm_av_walk(eva_ntlm_buf, len, &list, &where) == NTLM_OK)
        (void)ntlm_av_find(&list, 2);
    (void)ntlm_parse_ntlmv2_response(eva_ntlm_buf, len, &r, &where);
}
#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Eva drivers: the static twins of fuzz_x224 and of the record framing the
 * engine harnesses go through.  Each feeds every length up to a bound, with
 * every byte unknown; Eva must report no run-time-error alarm (make proofs
 * fails otherwise; the ACSL contracts themselves are WP's to prove). */
#ifdef __FRAMAC__
#include "__fc_builtin.h"
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
#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Eva drivers: the static twin of fuzz_ntlm_users, the server's user file
 * (codec/sam_line.c walked and parsed, auth/ntlm.c turning an entry into an
 * identity).  Every byte unknown; Eva must report no run-time-error alarm
 * (make proofs fails otherwise; the ACSL contracts are WP's to prove).
 *
 * The file is taken in its three steps, as auth/ntlm_users.c takes it:
 *   - eva_user_walk: sam_line_length from every position of every file up
 *     to EVA_USER_LINE_LEN bytes (every call the walk can make: at <= len,
 *     which the walk keeps by sam_line_length's ensures, at + n <= len);
 *   - eva_user_line: sam_parse_line on every line of up to
 *     EVA_USER_LINE_LEN bytes;
 *   - eva_user_entry: ntlm_identity_from_entry on every entry such a line
 *     can give.  Eva joins the entries of one line's many parses into
 *     intervals that forget domain_at + domain_len <= n, so the entries are
 *     driven here one (user, domain) length pair at a time: what
 *     sam_parse_line's ensures say an entry is (sam_entry_of: the user at 0,
 *     the domain after its ':', the 32 digits and ":::" after both), the LM
 *     hash empty, which leaves the names the most room. */
#ifdef __FRAMAC__
#include "__fc_builtin.h"
#include <string.h>

#include "ntlm.h"
#include "sam_line.h"

#define EVA_USER_LINE_LEN 48
/* A user line's bytes other than its names: "::" around the empty LM hash,
 * the domain's ':', 32 digits and ":::". */
#define EVA_USER_LINE_FIXED (1 + 1 + 1 + SAM_HASH_DIGITS + 3)
#define EVA_USER_NAMES (EVA_USER_LINE_LEN - EVA_USER_LINE_FIXED)

static char eva_line[EVA_USER_LINE_LEN];

/* OpenSSL's wipe (proofs/include/openssl/crypto.h), as a plain write. */
void OPENSSL_cleanse(void *ptr, size_t len)
{
    memset(ptr, 0, len);
}

void eva_user_walk(void);
void eva_user_walk(void)
{
    Frama_C_make_unknown(eva_line, sizeof eva_line);
    /*@ loop unroll EVA_USER_LINE_LEN + 1; */
    for (size_t len = 0; len <= EVA_USER_LINE_LEN; len++)
        (void)sam_line_length(eva_line, len, Frama_C_size_t_interval(0, len));
}

void eva_user_line(void);
void eva_user_line(void)
{
    Frama_C_make_unknown(eva_line, sizeof eva_line);
    /* Each length on its own: the offsets the parse finds stay below it. */
    /*@ loop unroll EVA_USER_LINE_LEN + 1; */
    for (size_t n = 0; n <= EVA_USER_LINE_LEN; n++) {
        sam_entry e;
        (void)sam_parse_line(eva_line, n, &e);
    }
}

void eva_user_entry(void);
void eva_user_entry(void)
{
    Frama_C_make_unknown(eva_line, sizeof eva_line);
    /*@ loop unroll EVA_USER_NAMES; */
    for (size_t user = 1; user <= EVA_USER_NAMES; user++) {
        /*@ loop unroll EVA_USER_NAMES; */
        for (size_t domain = 0; user + domain <= EVA_USER_NAMES; domain++) {
            sam_entry e = { .user_len = user, .domain_at = user + 1, .domain_len = domain,
                            .hash_at = user + 1 + domain + 2 };
            Frama_C_make_unknown((char *)e.nt_hash, sizeof e.nt_hash);
            ntlm_identity id;
            if (ntlm_identity_from_entry(eva_line, &e, &id) == NTLM_ST_OK)
                ntlm_identity_wipe(&id);
        }
    }
}
#endif

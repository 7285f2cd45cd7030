/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the server's user file (winpr-hash SAM lines) parsed from
 * memory: ntlm_user_db_parse, the line parser it walks the text with
 * (codec/sam_line.c), ntlm_identity_from_entry, utf8n_to_utf16le.  A file
 * it accepts names at least one user, and parses again to the same number
 * of users.
 */
#include <stdlib.h>

#include "ntlm.h"
#include "ntlm_users.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ntlm_user_db *db = NULL, *again = NULL;
    size_t line = 0;
    cs_failure why;
    failure_clear(&why);
    if (ntlm_user_db_parse((const char *)data, size, &db, &line, &why) == NTLM_ST_OK) {
        if (ntlm_user_db_count(db) == 0 || failure_recorded(&why) ||
            ntlm_user_db_parse((const char *)data, size, &again, &line, &why) != NTLM_ST_OK ||
            ntlm_user_db_count(again) != ntlm_user_db_count(db))
            abort();
        ntlm_user_db_free(again);
    } else if (!failure_recorded(&why) || why.text[0] == '\0' || db != NULL) {
        abort(); /* a refusal always says why, and leaves nothing */
    }
    ntlm_user_db_free(db);
    return 0;
}

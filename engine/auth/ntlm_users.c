/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's users: winpr-hash SAM lines (`User:Domain:LMhash:NThash:::`)
 * parsed from memory, and the lookup an AUTHENTICATE's names take
 * ([MS-NLMP] 3.2.5.1.2: user and domain compared without regard to case).
 * Reading the file is the platform's (platform/files.c).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "files.h"
#include "ntlm_users.h"
#include "sam_line.h"

struct ntlm_user_db {
    size_t count;
    ntlm_identity *users;
};

void ntlm_user_db_free(ntlm_user_db *db)
{
    if (db == NULL)
        return;
    for (size_t i = 0; i < db->count; i++)
        ntlm_identity_wipe(&db->users[i]);
    free(db->users);
    free(db);
}

size_t ntlm_user_db_count(const ntlm_user_db *db)
{
    return db->count;
}

/* Why a line of the user file is refused (sam_parse_line's verdicts). */
static const char *ntlm_user_db_refusal(sam_line_kind kind)
{
    return kind == SAM_LINE_BAD_BYTES ? "line too long, or holds a NUL byte"
                                      : "not `User:Domain:LMhash:NThash:::` with a 32-digit NT hash";
}

/* Appends the user of one parsed line; the refusal on failure. */
static ntlm_status ntlm_user_db_add(ntlm_user_db *db, const char *line, const sam_entry *e, const char **refusal)
{
    if (db->count == NTLM_USER_DB_MAX_USERS) {
        *refusal = "more users than a user file may hold";
        return NTLM_ST_BAD_CREDENTIALS;
    }
    ntlm_identity *grown = realloc(db->users, (db->count + 1u) * sizeof *grown);
    if (grown == NULL) {
        *refusal = "out of memory";
        return NTLM_ST_NO_MEMORY;
    }
    db->users = grown;
    if (ntlm_identity_from_entry(line, e, &db->users[db->count]) != NTLM_ST_OK) {
        *refusal = ntlm_user_db_refusal(SAM_LINE_MALFORMED);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    db->count++;
    return NTLM_ST_OK;
}

ntlm_status ntlm_user_db_parse(const char *text, size_t len, ntlm_user_db **out, size_t *line, cs_failure *why)
{
    *out = NULL;
    *line = 0;
    ntlm_user_db *db = calloc(1, sizeof *db);
    ntlm_status st = db == NULL ? NTLM_ST_NO_MEMORY : NTLM_ST_OK;
    const char *refusal = db == NULL ? "out of memory" : NULL;
    size_t at = 0;
    while (st == NTLM_ST_OK && at < len) {
        size_t n = sam_line_length(text, len, at);
        const char *start = text + at;
        at += n < len - at ? n + 1u : n; /* past the '\n' when there is one */
        (*line)++;
        sam_entry e;
        sam_line_kind kind = sam_parse_line(start, n, &e);
        if (kind == SAM_LINE_ENTRY) {
            st = ntlm_user_db_add(db, start, &e, &refusal);
        } else if (kind != SAM_LINE_SKIP) {
            refusal = ntlm_user_db_refusal(kind);
            st = NTLM_ST_BAD_CREDENTIALS;
        }
        OPENSSL_cleanse(&e, sizeof e); /* the NT hash */
    }
    if (st == NTLM_ST_OK && db->count == 0) {
        refusal = "the user file names no user";
        st = NTLM_ST_BAD_CREDENTIALS;
    }
    if (st != NTLM_ST_OK) {
        failure_note(why, CS_SITE, "%s", refusal);
        ntlm_user_db_free(db);
        return st;
    }
    *line = 0;
    *out = db;
    return NTLM_ST_OK;
}

ntlm_status ntlm_user_db_load(const char *path, ntlm_user_db **out, size_t *line, cs_failure *why)
{
    static const char *const reasons[] = {
        [FILES_CANNOT_OPEN] = "cannot open the user file",
        [FILES_CANNOT_READ] = "cannot read the user file",
        [FILES_TOO_LARGE] = "the user file is larger than 1 MiB",
        [FILES_NO_MEMORY] = "out of memory",
    };
    *out = NULL;
    *line = 0;
    char *text = NULL;
    size_t len = 0;
    files_result r = files_read_bounded(path, NTLM_USER_DB_MAX_FILE, &text, &len);
    if (r != FILES_OK) {
        failure_note(why, CS_SITE, "%s", reasons[r]);
        return r == FILES_NO_MEMORY ? NTLM_ST_NO_MEMORY : NTLM_ST_BAD_CREDENTIALS;
    }
    ntlm_status st = ntlm_user_db_parse(text, len, out, line, why);
    files_free_wiped(text, NTLM_USER_DB_MAX_FILE + 1u);
    return st;
}

/* ASCII case-insensitive equality of UTF-16LE strings ([MS-NLMP] compares
 * user and domain names without regard to case). */
static bool utf16_equal_nocase(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i += 2) {
        uint16_t x = (uint16_t)(a[i] | a[i + 1] << 8), y = (uint16_t)(b[i] | b[i + 1] << 8);
        if (x >= 'a' && x <= 'z')
            x = (uint16_t)(x - 32);
        if (y >= 'a' && y <= 'z')
            y = (uint16_t)(y - 32);
        if (x != y)
            return false;
    }
    return true;
}

const ntlm_identity *ntlm_user_db_find(const ntlm_user_db *db, const uint8_t *user, size_t user_len,
                                              const uint8_t *domain, size_t domain_len)
{
    for (size_t i = 0; i < db->count; i++) {
        const ntlm_identity *u = &db->users[i];
        if (!utf16_equal_nocase(u->user, u->user_len, user, user_len))
            continue;
        if (u->domain_len == 0 || utf16_equal_nocase(u->domain, u->domain_len, domain, domain_len))
            return u;
    }
    return NULL;
}

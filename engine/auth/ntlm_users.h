/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's users (ntlm_users.c): the NT hashes behind the names an
 * AUTHENTICATE may claim.
 */
#ifndef CREDSSP_NTLM_USERS_H
#define CREDSSP_NTLM_USERS_H

#include <stddef.h>
#include <stdint.h>

#include "must_use.h"
#include "cs_limits.h"
#include "failure.h"
#include "ntlm.h"

/* The user file: lines `User:Domain:LMhash:NThash:::`, as `winpr-hash -u USER
 * -p PASS -f sam` writes them; an empty Domain matches any.  A missing,
 * unreadable or malformed file is an error (*line names the bad line). */
typedef struct ntlm_user_db ntlm_user_db;
/* Bounds of a user file: its size and the users it names (a line's is
 * codec/sam_line.h's). */
#define NTLM_USER_DB_MAX_FILE CS_LIMIT_USER_FILE
#define NTLM_USER_DB_MAX_USERS CS_LIMIT_USERS
/* The file read whole (platform/files.c) and parsed from memory; *line
 * names the line that failed, why notes the reason (base/failure.h). */
ntlm_status ntlm_user_db_load(const char *path, ntlm_user_db **out, size_t *line, cs_failure *why) CS_MUST_USE;
/* The same from text in memory (len bytes, no terminator needed). */
ntlm_status ntlm_user_db_parse(const char *text, size_t len, ntlm_user_db **out, size_t *line, cs_failure *why) CS_MUST_USE;
void ntlm_user_db_free(ntlm_user_db *db);
size_t ntlm_user_db_count(const ntlm_user_db *db);
/* The user whose names equal these (UTF-16LE, ASCII case ignored; a user
 * without a domain matches any), or NULL. */
const ntlm_identity *ntlm_user_db_find(const ntlm_user_db *db, const uint8_t *user, size_t user_len,
                                       const uint8_t *domain, size_t domain_len);

#endif

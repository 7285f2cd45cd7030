/*
 * NTLMv2 client and server ([MS-NLMP] 3.1, 3.2) over the message codec
 * (ntlm_msg.c) and the cryptography (ntlm_crypto.c).  Every decision about
 * what an NTLM peer may send, and whether it authenticated, lives here.
 */
#ifndef CREDSSP_NTLM_H
#define CREDSSP_NTLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ntlm_crypto.h"

#define NTLM_MAX_NAME 512u /* bytes of UTF-16LE in a user, domain or SPN */

typedef enum ntlm_status {
    NTLM_ST_OK = 0,
    NTLM_ST_INVALID_TOKEN, /* malformed or unexpected message */
    NTLM_ST_LOGON_DENIED,  /* wrong NTProofStr or MIC, unknown user, anonymous, empty password */
    NTLM_ST_BAD_CREDENTIALS, /* invalid UTF-8, an NT hash that is not 32 hex digits, names too long */
    NTLM_ST_NO_MEMORY,
    NTLM_ST_INTERNAL,
} ntlm_status;

/* A user's credentials: names as UTF-16LE and the NT hash (NTOWFv1). */
typedef struct ntlm_identity {
    uint8_t user[NTLM_MAX_NAME];
    size_t user_len;
    uint8_t domain[NTLM_MAX_NAME];
    size_t domain_len;
    uint8_t nt_hash[NTLM_KEY_LEN];
} ntlm_identity;

/* From UTF-8 names and a password (wiped by the caller) or a hex NT hash
 * (pass-the-hash).  An empty user or password is refused. */
ntlm_status ntlm_identity_from_password(ntlm_crypto *c, const char *user, const char *domain,
                                        const char *password, ntlm_identity *out);
ntlm_status ntlm_identity_from_hash(const char *user, const char *domain, const char *nt_hash_hex,
                                    ntlm_identity *out);
void ntlm_identity_wipe(ntlm_identity *id);

/* The user file: lines `User:Domain:LMhash:NThash:::`, as `winpr-hash -u USER
 * -p PASS -f sam` writes them; an empty Domain matches any.  A missing,
 * unreadable or malformed file is an error (*line names the bad line). */
typedef struct ntlm_user_db ntlm_user_db;
/* Bounds of a user file: its size, a line, the users it names. */
#define NTLM_USER_DB_MAX_FILE (1024u * 1024u)
#define NTLM_USER_DB_MAX_LINE 1024u
#define NTLM_USER_DB_MAX_USERS 65536u
/* The user file (winpr-hash SAM lines, `User:Domain:LMhash:NThash:::`), read
 * whole and parsed from memory; *line names the line that failed, *why says
 * why. */
ntlm_status ntlm_user_db_load(const char *path, ntlm_user_db **out, size_t *line, const char **why);
/* The same from text in memory (len bytes, no terminator needed). */
ntlm_status ntlm_user_db_parse(const char *text, size_t len, ntlm_user_db **out, size_t *line, const char **why);
void ntlm_user_db_free(ntlm_user_db *db);
size_t ntlm_user_db_count(const ntlm_user_db *db);

/* The keys an authenticated exchange leaves, for sealing. */
typedef struct ntlm_keys {
    uint8_t exported[NTLM_KEY_LEN];
    uint8_t client_sign[NTLM_KEY_LEN], client_seal[NTLM_KEY_LEN];
    uint8_t server_sign[NTLM_KEY_LEN], server_seal[NTLM_KEY_LEN];
} ntlm_keys;

/* ---- client ---- */
typedef struct ntlm_client ntlm_client;
/* spn (UTF-8, e.g. "TERMSRV/host") goes into MsvAvTargetName. */
ntlm_status ntlm_client_new(ntlm_crypto *c, const ntlm_identity *id, const char *spn, ntlm_client **out);
void ntlm_client_free(ntlm_client *cl);
/* The NEGOTIATE message (buffer owned by the client until it is freed). */
ntlm_status ntlm_client_negotiate(ntlm_client *cl, const uint8_t **out, size_t *out_len);
/* CHALLENGE in, AUTHENTICATE (NTLMv2, KEY_EXCH, MIC) out. */
ntlm_status ntlm_client_authenticate(ntlm_client *cl, const uint8_t *challenge, size_t len, const uint8_t **out,
                                     size_t *out_len);
const ntlm_keys *ntlm_client_keys(const ntlm_client *cl);

/* ---- server ---- */
typedef struct ntlm_server ntlm_server;
/* NetBIOS and DNS names (UTF-8) announced in the CHALLENGE's AV pairs. */
ntlm_status ntlm_server_new(ntlm_crypto *c, const ntlm_user_db *db, const char *nb_domain, const char *nb_computer,
                            const char *dns_domain, const char *dns_computer, ntlm_server **out);
void ntlm_server_free(ntlm_server *sv);
/* NEGOTIATE in, CHALLENGE out. */
ntlm_status ntlm_server_challenge(ntlm_server *sv, const uint8_t *negotiate, size_t len, const uint8_t **out,
                                  size_t *out_len);
/* AUTHENTICATE in: verifies NTProofStr and the MIC in constant time. */
ntlm_status ntlm_server_verify(ntlm_server *sv, const uint8_t *authenticate, size_t len);
const ntlm_keys *ntlm_server_keys(const ntlm_server *sv);
/* The authenticated user and domain (UTF-16LE), after NTLM_ST_OK. */
const ntlm_identity *ntlm_server_peer(const ntlm_server *sv);
/* The user and domain an AUTHENTICATE named, verified or not (empty before
 * one was parsed): for logs, never for decisions. */
const ntlm_identity *ntlm_server_claimed(const ntlm_server *sv);
/* Whether the authenticated client used the NTLM MIC (so SPNEGO's mechListMIC is due). */
bool ntlm_server_peer_sent_mic(const ntlm_server *sv);

const char *ntlm_status_text(ntlm_status st);

#endif

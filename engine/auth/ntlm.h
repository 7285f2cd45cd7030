/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NTLMv2 client and server ([MS-NLMP] 3.1, 3.2) over the message codec
 * (codec/ntlm_msg.c: the parsers and the writer) and the cryptography
 * (ntlm_crypto.c).  Every decision about what an NTLM peer may send, and
 * whether it authenticated, lives in ntlm_client.c and ntlm_server.c; the
 * server's users in ntlm_users.c.
 */
#ifndef CREDSSP_NTLM_H
#define CREDSSP_NTLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "must_use.h"
#include "cs_limits.h"
#include "ntlm_crypto.h"
#include "ntlm_msg.h"
#include "sam_line.h"

#define NTLM_MAX_NAME CS_LIMIT_NTLM_NAME /* bytes of UTF-16LE in a user, domain or SPN */

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
                                        const char *password, ntlm_identity *out) CS_MUST_USE;
ntlm_status ntlm_identity_from_hash(const char *user, const char *domain, const char *nt_hash_hex,
                                    ntlm_identity *out) CS_MUST_USE;
/* From a user file's line and where sam_parse_line found its fields: the
 * names are UTF-8 without a terminator.  The user is not empty (the parser
 * refuses that); names that are not UTF-8 or too long are refused. */
ntlm_status ntlm_identity_from_entry(const char *line, const sam_entry *e, ntlm_identity *out) CS_MUST_USE;
void ntlm_identity_wipe(ntlm_identity *id);

/* The keys an authenticated exchange leaves, for sealing. */
typedef struct ntlm_keys {
    uint8_t exported[NTLM_KEY_LEN];
    uint8_t client_sign[NTLM_KEY_LEN], client_seal[NTLM_KEY_LEN];
    uint8_t server_sign[NTLM_KEY_LEN], server_seal[NTLM_KEY_LEN];
} ntlm_keys;

const char *ntlm_status_text(ntlm_status st);

/* ---- shared by the client and the server (ntlm.c) ---- */
/* What we ask for and accept: NTLMv2 with extended session security, 128-bit
 * keys and key exchange, signing and sealing (CredSSP seals pubKeyAuth). */
#define NTLM_CLIENT_FLAGS                                                                                          \
    (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_REQUEST_TARGET | NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL |        \
     NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_ALWAYS_SIGN | NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |          \
     NTLMSSP_NEGOTIATE_VERSION | NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_56)
/* The VERSION we announce ([MS-NLMP] 2.2.2.10). */
extern const uint8_t ntlm_our_version[NTLM_VERSION_LEN];
/* The four sealing and signing keys from the exported session key (3.4.5.2-3). */
bool ntlm_derive_keys(ntlm_crypto *c, ntlm_keys *k);

#endif

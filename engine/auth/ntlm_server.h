/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The NTLMv2 server ([MS-NLMP] 3.2; ntlm_server.c).
 */
#ifndef CREDSSP_NTLM_SERVER_H
#define CREDSSP_NTLM_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "must_use.h"
#include "ntlm.h"
#include "ntlm_users.h"

typedef struct ntlm_server ntlm_server;
/* NetBIOS and DNS names (UTF-8) announced in the CHALLENGE's AV pairs;
 * db (ntlm_users.h) must outlive the server. */
ntlm_status ntlm_server_new(ntlm_crypto *c, const ntlm_user_db *db, const char *nb_domain, const char *nb_computer,
                            const char *dns_domain, const char *dns_computer, ntlm_server **out) CS_MUST_USE;
void ntlm_server_free(ntlm_server *sv);
/* NEGOTIATE in, CHALLENGE out. */
ntlm_status ntlm_server_challenge(ntlm_server *sv, const uint8_t *negotiate, size_t len, const uint8_t **out,
                                  size_t *out_len) CS_MUST_USE;
/* AUTHENTICATE in: verifies NTProofStr and the MIC in constant time. */
ntlm_status ntlm_server_verify(ntlm_server *sv, const uint8_t *authenticate, size_t len) CS_MUST_USE;
const ntlm_keys *ntlm_server_keys(const ntlm_server *sv);
/* The authenticated user and domain (UTF-16LE), after NTLM_ST_OK. */
const ntlm_identity *ntlm_server_peer(const ntlm_server *sv);
/* The user and domain an AUTHENTICATE named, verified or not (empty before
 * one was parsed): for logs, never for decisions. */
const ntlm_identity *ntlm_server_claimed(const ntlm_server *sv);
/* Whether the authenticated client used the NTLM MIC (so SPNEGO's mechListMIC is due). */
bool ntlm_server_peer_sent_mic(const ntlm_server *sv);

#endif

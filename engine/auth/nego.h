/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inner authentication of CredSSP: NTLM, carried raw (what FreeRDP, mstsc
 * and impacket send) or inside SPNEGO ([MS-SPNG], RFC 4178).  The client
 * sends either, raw by default; the server answers in the framing the client
 * chose.  With SPNEGO, the mechListMIC is made and checked when the NTLM MIC
 * is in use, under the sequence-number convention the caller picks.  After
 * the exchange, each side holds a sealing state per direction for
 * pubKeyAuth and authInfo.
 */
#ifndef CREDSSP_NEGO_H
#define CREDSSP_NEGO_H

#include "must_use.h"
#include "ntlm.h"
#include "ntlm_users.h"
#include "spnego_mic.h"

typedef enum nego_framing {
    NEGO_RAW_NTLM = 0,
    NEGO_SPNEGO = 1,
} nego_framing;

typedef struct nego_client nego_client;
ntlm_status nego_client_new(ntlm_crypto *c, const ntlm_identity *id, const char *spn, nego_framing framing,
                            spnego_mic_seq mic_seq, nego_client **out) CS_MUST_USE;
void nego_client_free(nego_client *n);
/* First call with no input; then each token from the server.  *out is owned
 * by n until the next call (may be empty); *done once authenticated. */
ntlm_status nego_client_step(nego_client *n, const uint8_t *in, size_t in_len, const uint8_t **out, size_t *out_len,
                             bool *done) CS_MUST_USE;

typedef struct nego_server nego_server;
ntlm_status nego_server_new(ntlm_crypto *c, const ntlm_user_db *db, spnego_mic_seq mic_seq, nego_server **out) CS_MUST_USE;
void nego_server_free(nego_server *n);
ntlm_status nego_server_step(nego_server *n, const uint8_t *in, size_t in_len, const uint8_t **out, size_t *out_len,
                             bool *done) CS_MUST_USE;
nego_framing nego_server_framing(const nego_server *n);
const ntlm_identity *nego_server_peer(const nego_server *n);
/* The names the client's AUTHENTICATE carried, verified or not (for logs). */
const ntlm_identity *nego_server_claimed(const nego_server *n);

/* Whether the client's side of the exchange is complete (raw NTLM: once
 * AUTHENTICATE is made; SPNEGO: once the server's mechListMIC verified). */
bool nego_client_done(const nego_client *n);

/* Sealing states: outbound (ours) and inbound (the peer's); the client's
 * exist from AUTHENTICATE on, the server's once AUTHENTICATE verified. */
ntlm_seal_state *nego_client_outbound(nego_client *n);
ntlm_seal_state *nego_client_inbound(nego_client *n);
ntlm_seal_state *nego_server_outbound(nego_server *n);
ntlm_seal_state *nego_server_inbound(nego_server *n);

#endif

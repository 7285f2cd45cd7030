/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the actions share (act_common.c).
 */
#ifndef CREDSSP_ACT_COMMON_H
#define CREDSSP_ACT_COMMON_H

#include "must_use.h"
#include "context.h"
#include "machine.h"
#include "nego.h"

/* The action completed; follow is EV_NONE or the event it raises. */
act_result act_done(machine_event follow) CS_MUST_USE;
/* The action failed with this SSPI status (the row's status does not apply). */
act_result act_fail(machine_status st) CS_MUST_USE;
/* An NTLM failure: its text after what, its SSPI status (status.c). */
act_result act_fail_ntlm(cs_context *c, ntlm_status st, const char *what) CS_MUST_USE;
/* The one-line guard of an action over the inner mechanism: unless expr
 * is NTLM_ST_OK, the action fails with it (act_fail_ntlm). */
#define ACT_GUARD_NTLM(c, expr, what)                                                                             \
    do {                                                                                                          \
        ntlm_status act_guard_st_ = (expr);                                                                       \
        if (act_guard_st_ != NTLM_ST_OK)                                                                          \
            return act_fail_ntlm((c), act_guard_st_, (what));                                                     \
    } while (0)
/* Encodes r and appends it to the output as one TLS record. */
machine_status send_tsrequest(cs_context *c, const tsrequest *r);
/* An empty TSRequest with our version. */
tsrequest tsrequest_ours(const cs_context *c);
/* A TSRequest carrying one inner token in negoTokens. */
machine_status send_nego_token(cs_context *c, const uint8_t *tok, size_t tok_len);
/* Completed when a send succeeded, failed with its status otherwise. */
act_result act_sent(machine_status ms) CS_MUST_USE;
/* The inner mechanism's seal of plain, in a new buffer (NULL: no memory). */
uint8_t *seal_alloc(ntlm_seal_state *s, const uint8_t *plain, size_t len, size_t *out_len);
/* Our pubKeyAuth for this direction ([MS-CSSP] 3.1.5), sealed. */
uint8_t *sealed_pubkey_auth(const cs_context *c, pubkeyauth_dir dir, ntlm_seal_state *out, size_t *len);
/* The plaintext of a sealed field, in a new buffer; NULL when it does not unseal. */
uint8_t *unseal_alloc(ntlm_seal_state *s, cs_bytes sealed, size_t *out_len);
/* The input is refused: a sentence if none was set; the row's status applies. */
act_result act_reject(cs_context *c, machine_status st) CS_MUST_USE;
/* The peer closed (close_notify, or the transport) before the end. */
act_result act_peer_closed(cs_context *c) CS_MUST_USE;
/* Part of a record: nothing consumed (ingress measured what is missing). */
act_result act_stay_incomplete(cs_context *c) CS_MUST_USE;
/* The exchange fails: once, with an errorCode or a close_notify to the peer when
 * the caller asked for extended errors ([MS-CSSP] 2.2.1). */
act_result act_report_failure(cs_context *c, machine_status st) CS_MUST_USE;
/* Feeds the records to TLS; raises EV_TLS_DONE when the handshake ends. */
act_result act_tls_handshake(cs_context *c) CS_MUST_USE;
/* The first call: the TLS handshake with no input (the client's ClientHello). */
act_result act_tls_start(cs_context *c) CS_MUST_USE;

#endif

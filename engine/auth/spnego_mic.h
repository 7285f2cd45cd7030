/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SPNEGO mechListMIC with NTLM ([MS-SPNG] 3.3.5.1, RFC 4178 5): GSS_GetMIC
 * over the DER of the initiator's MechTypeList, computed and checked when
 * the NTLM MIC is in use, after which the RC4 stream restarts so that the
 * first application message is sealed as if the MIC had not been made.
 *
 * Peers disagree on whether the mechListMIC consumes NTLM sequence number 0:
 * pyspnego and sspi-rs say it does (the first pubKeyAuth then carries 1),
 * FreeRDP says it does not.  The choice is the caller's, explicitly.
 */
#ifndef CREDSSP_SPNEGO_MIC_H
#define CREDSSP_SPNEGO_MIC_H

#include "must_use.h"
#include "ntlm_crypto.h"
#include "spnego.h"

typedef enum spnego_mic_seq {
    SPNEGO_MIC_KEEPS_SEQ = 0,     /* FreeRDP: the next message uses the same sequence number */
    SPNEGO_MIC_CONSUMES_SEQ = 1,  /* pyspnego, sspi-rs: the next message uses the following one */
} spnego_mic_seq;

/* The DER of MechTypeList for the mechanisms of tok, in a fresh buffer. */
codec_result spnego_mech_list_der(const spnego_token *tok, uint8_t **out, size_t *out_len, codec_error *err) CS_MUST_USE;

bool spnego_make_mech_list_mic(ntlm_seal_state *s, const uint8_t *mech_list, size_t len, spnego_mic_seq mode,
                               uint8_t mic[NTLM_SIGNATURE_LEN]);
bool spnego_check_mech_list_mic(ntlm_seal_state *s, const uint8_t *mech_list, size_t len, spnego_mic_seq mode,
                                const uint8_t *mic, size_t mic_len);

#endif

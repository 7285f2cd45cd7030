/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The NTLMv2 client ([MS-NLMP] 3.1; ntlm_client.c).
 */
#ifndef CREDSSP_NTLM_CLIENT_H
#define CREDSSP_NTLM_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "must_use.h"
#include "ntlm.h"

typedef struct ntlm_client ntlm_client;
/* spn (UTF-8, e.g. "TERMSRV/host") goes into MsvAvTargetName. */
ntlm_status ntlm_client_new(ntlm_crypto *c, const ntlm_identity *id, const char *spn, ntlm_client **out) CS_MUST_USE;
void ntlm_client_free(ntlm_client *cl);
/* The NEGOTIATE message (buffer owned by the client until it is freed). */
ntlm_status ntlm_client_negotiate(ntlm_client *cl, const uint8_t **out, size_t *out_len) CS_MUST_USE;
/* CHALLENGE in, AUTHENTICATE (NTLMv2, KEY_EXCH, MIC) out. */
ntlm_status ntlm_client_authenticate(ntlm_client *cl, const uint8_t *challenge, size_t len, const uint8_t **out,
                                     size_t *out_len) CS_MUST_USE;
const ntlm_keys *ntlm_client_keys(const ntlm_client *cl);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The client's actions (act_client.c), each named by a row of
 * transitions_client.
 */
#ifndef CREDSSP_ACT_CLIENT_H
#define CREDSSP_ACT_CLIENT_H

#include "must_use.h"
#include "context.h"
#include "machine.h"

act_result act_client_reset(cs_context *c) CS_MUST_USE;
act_result act_client_keep_issuers(cs_context *c) CS_MUST_USE;
act_result act_client_take_cert(cs_context *c) CS_MUST_USE;
act_result act_client_send_negotiate(cs_context *c) CS_MUST_USE;
act_result act_client_authenticate(cs_context *c) CS_MUST_USE;
act_result act_client_send_auth_pubkey(cs_context *c) CS_MUST_USE;
act_result act_client_nego_finish(cs_context *c) CS_MUST_USE;
act_result act_client_verify_pubkey(cs_context *c) CS_MUST_USE;
act_result act_client_check_delegation(cs_context *c) CS_MUST_USE;
act_result act_client_send_credentials(cs_context *c) CS_MUST_USE;
act_result act_client_take_error(cs_context *c) CS_MUST_USE;
act_result act_client_closed_after_auth(cs_context *c) CS_MUST_USE;

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's actions (act_server.c), each named by a row of
 * transitions_server.
 */
#ifndef CREDSSP_ACT_SERVER_H
#define CREDSSP_ACT_SERVER_H

#include "must_use.h"
#include "context.h"
#include "machine.h"

act_result act_server_challenge(cs_context *c) CS_MUST_USE;
act_result act_server_verify_auth(cs_context *c) CS_MUST_USE;
act_result act_server_verify_pubkey(cs_context *c) CS_MUST_USE;
act_result act_server_send_pubkey(cs_context *c) CS_MUST_USE;
act_result act_server_take_credentials(cs_context *c) CS_MUST_USE;

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The actions the transition tables name, dispatched by machine_act: one
 * purpose each, in act_common.c (both sides), act_client.c and
 * act_server.c.  An action either completes (the row's next state and
 * status apply, possibly with a follow-up event) or fails with an SSPI
 * status; it never picks a next state itself.  An action the tables do not
 * know is the always-fail cell (SEC_E_INTERNAL_ERROR), and so is an answer
 * outside the action's contract (act_contract.c).
 */
#include <stdio.h>
#include <string.h>

#include <credssp/sspi.h>

#include "act_client.h"
#include "act_common.h"
#include "act_contract.h"
#include "act_server.h"
#include "actions.h"

static act_result act_dispatch(cs_context *c, machine_action action, machine_status status)
{
    switch (action) {
    case ACT_NONE:
        return act_done(EV_NONE);
    case ACT_REJECT:
        return act_reject(c, status);
    case ACT_REPORT_FAILURE:
        return act_report_failure(c, status);
    case ACT_STAY_INCOMPLETE:
        return act_stay_incomplete(c);
    case ACT_PEER_CLOSED:
        return act_peer_closed(c);
    case ACT_TLS_START:
        return act_tls_start(c);
    case ACT_CLIENT_RESET:
        return act_client_reset(c);
    case ACT_CLIENT_KEEP_ISSUERS:
        return act_client_keep_issuers(c);
    case ACT_CLIENT_TAKE_CERT:
        return act_client_take_cert(c);
    case ACT_TLS_HANDSHAKE:
        return act_tls_handshake(c);
    case ACT_CLIENT_SEND_NEGOTIATE:
        return act_client_send_negotiate(c);
    case ACT_CLIENT_AUTHENTICATE:
        return act_client_authenticate(c);
    case ACT_CLIENT_SEND_AUTH_PUBKEY:
        return act_client_send_auth_pubkey(c);
    case ACT_CLIENT_NEGO_FINISH:
        return act_client_nego_finish(c);
    case ACT_CLIENT_VERIFY_PUBKEY:
        return act_client_verify_pubkey(c);
    case ACT_CLIENT_CHECK_DELEGATION:
        return act_client_check_delegation(c);
    case ACT_CLIENT_SEND_CREDENTIALS:
        return act_client_send_credentials(c);
    case ACT_CLIENT_TAKE_ERROR:
        return act_client_take_error(c);
    case ACT_CLIENT_CLOSED_AFTER_AUTH:
        return act_client_closed_after_auth(c);
    case ACT_SERVER_CHALLENGE:
        return act_server_challenge(c);
    case ACT_SERVER_VERIFY_AUTH:
        return act_server_verify_auth(c);
    case ACT_SERVER_VERIFY_PUBKEY:
        return act_server_verify_pubkey(c);
    case ACT_SERVER_SEND_PUBKEY:
        return act_server_send_pubkey(c);
    case ACT_SERVER_TAKE_CREDENTIALS:
        return act_server_take_credentials(c);
    case ACT_COUNT:
        break;
    }
    return act_fail(SEC_E_INTERNAL_ERROR);
}

act_result machine_act(machine_action action, machine_status status, void *ctx)
{
    cs_context *c = ctx;
    if (action != ACT_NONE) {
        size_t used = strlen(c->actions);
        snprintf(c->actions + used, sizeof c->actions - used, "%s%s", used > 0 ? ", " : "",
                 machine_action_name(action));
    }
    act_result r = act_dispatch(c, action, status);
    /* The table's model check explores the contracts' outcomes only
     * (proofs/model/): an answer outside them is a defect of the action,
     * and fails the context rather than take a row nobody checked. */
    if (!act_contract_allows(action, r)) {
        cs_fail(c, CREDSSP_REASON_INTERNAL, "action %s answered outside its contract", machine_action_name(action));
        return act_fail(SEC_E_INTERNAL_ERROR);
    }
    return r;
}

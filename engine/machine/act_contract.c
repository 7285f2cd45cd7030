/* SPDX-License-Identifier: Apache-2.0 */
/* The actions' contracts; see act_contract.h.  Each entry says what the
 * action's code (act_common.c, act_client.c, act_server.c) can return. */
#include "act_contract.h"

#define CONTRACT(fail, complete, ...) { .may_fail = (fail), .may_complete = (complete), .raises = { __VA_ARGS__ } }

static const act_contract contracts[ACT_COUNT] = {
    [ACT_NONE] = CONTRACT(false, true, EV_NONE),
    /* Records why; the row fails the context. */
    [ACT_REJECT] = CONTRACT(false, true, EV_NONE),
    /* Best effort: a peer that cannot be told changes nothing. */
    [ACT_REPORT_FAILURE] = CONTRACT(false, true, EV_NONE),
    [ACT_STAY_INCOMPLETE] = CONTRACT(false, true, EV_NONE),
    [ACT_PEER_CLOSED] = CONTRACT(false, true, EV_NONE),
    /* A ClientHello: no handshake ends on its first flight. */
    [ACT_TLS_START] = CONTRACT(true, true, EV_NONE),
    [ACT_CLIENT_RESET] = CONTRACT(true, false, EV_EXCHANGE_RESET),
    [ACT_CLIENT_KEEP_ISSUERS] = CONTRACT(true, true, EV_NONE),
    /* The handshake resumes with the certificate: as ACT_TLS_HANDSHAKE. */
    [ACT_CLIENT_TAKE_CERT] = CONTRACT(true, true, EV_TLS_ESTABLISHED, EV_CERT_REQUESTED),
    [ACT_TLS_HANDSHAKE] = CONTRACT(true, true, EV_TLS_ESTABLISHED, EV_CERT_REQUESTED),
    [ACT_CLIENT_SEND_NEGOTIATE] = CONTRACT(true, true, EV_NONE),
    [ACT_CLIENT_AUTHENTICATE] = CONTRACT(true, false, EV_KEYS_READY),
    [ACT_CLIENT_SEND_AUTH_PUBKEY] = CONTRACT(true, true, EV_NONE),
    [ACT_CLIENT_NEGO_FINISH] = CONTRACT(true, false, EV_NEGO_FINISHED),
    [ACT_CLIENT_VERIFY_PUBKEY] = CONTRACT(true, false, EV_PUBKEY_VERIFIED),
    [ACT_CLIENT_CHECK_DELEGATION] = CONTRACT(true, false, EV_DELEGATION_ALLOWED),
    [ACT_CLIENT_SEND_CREDENTIALS] = CONTRACT(true, true, EV_NONE),
    /* The errorCode's status, always a failure. */
    [ACT_CLIENT_TAKE_ERROR] = CONTRACT(true, false, EV_NONE),
    [ACT_CLIENT_CLOSED_AFTER_AUTH] = CONTRACT(false, true, EV_NONE),
    [ACT_SERVER_CHALLENGE] = CONTRACT(true, true, EV_NONE),
    [ACT_SERVER_VERIFY_AUTH] = CONTRACT(true, false, EV_CLIENT_AUTHENTICATED),
    [ACT_SERVER_VERIFY_PUBKEY] = CONTRACT(true, false, EV_PUBKEY_VERIFIED),
    [ACT_SERVER_SEND_PUBKEY] = CONTRACT(true, true, EV_NONE),
    [ACT_SERVER_TAKE_CREDENTIALS] = CONTRACT(true, true, EV_NONE),
};

/* The always-fail cell: an action no table names. */
static const act_contract unknown = CONTRACT(true, false, EV_NONE);

const act_contract *act_contract_of(machine_action a)
{
    return a >= 0 && a < ACT_COUNT ? &contracts[a] : &unknown;
}

bool act_contract_allows(machine_action a, act_result r)
{
    const act_contract *k = act_contract_of(a);
    /* A failure is a failure status (SEC_E_*), never a success code. */
    if (r.outcome == ACT_FAIL)
        return k->may_fail && r.follow == EV_NONE && r.status < 0;
    if (r.outcome != ACT_DONE)
        return false;
    if (r.follow == EV_NONE)
        return k->may_complete;
    for (unsigned i = 0; i < ACT_CONTRACT_MAX_RAISES && k->raises[i] != EV_NONE; i++)
        if (k->raises[i] == r.follow)
            return true;
    return false;
}

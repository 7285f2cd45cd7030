/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The transition tables of the CredSSP client (InitializeSecurityContext)
 * and server (AcceptSecurityContext): every protocol decision of the engine,
 * as data.  Each row: state, event -> action, next state, SSPI status, and
 * the [MS-CSSP] step or seed paragraph it implements.
 *
 * Reading guide: an action that fails takes the context to FAILED with the
 * status it names (e.g. SEC_E_LOGON_DENIED from the inner authentication);
 * the row's status is the one returned when the action completes.  Events
 * in parentheses are raised by the previous row's action within the same
 * call.  Rows for state "any" apply to every state without a row of its own;
 * the failure row takes every other pair.  docs/transitions.md is rendered
 * from these tables (`credssp table`) and checked in CI.
 */
#include <credssp/sspi.h>

#include "transitions.h"

#define ROW(st, ev, act, nx, st_, cite_)                                                                          \
    { .state = (st), .event = (ev), .action = (act), .next = (nx), .status = (st_), .cite = (cite_) }

/* Rows both sides share. */
#define COMMON_ROWS                                                                                               \
    ROW(MS_ANY, EV_INCOMPLETE, ACT_STAY_INCOMPLETE, MS_SAME, SEC_E_INCOMPLETE_MESSAGE,                            \
        "seed: SEC_E_INCOMPLETE_MESSAGE, SECBUFFER_MISSING says how many bytes; nothing consumed"),               \
    ROW(MS_ANY, EV_PARTIAL_MESSAGE, ACT_NONE, MS_SAME, SEC_I_CONTINUE_NEEDED,                                     \
        "whole records taken, the TSRequest continues in the next records; empty output"),                        \
    ROW(MS_ANY, EV_NO_INPUT, ACT_NONE, MS_SAME, SEC_E_INVALID_TOKEN,                                              \
        "seed: later calls carry a SECBUFFER_TOKEN; the context stays usable"),                                   \
    ROW(MS_ANY, EV_MALFORMED, ACT_REJECT, MS_FAILED, SEC_E_INVALID_TOKEN,                                         \
        "seed: SEC_E_INVALID_TOKEN, the input token is malformed"),                                               \
    ROW(MS_ANY, EV_VERSION_REFUSED, ACT_REJECT, MS_FAILED, SEC_E_DOWNGRADE_DETECTED,                              \
        "MS-CSSP 2.2.1 version, CVE-2018-0886: a peer below the minimum version is refused"),                     \
    ROW(MS_ANY, EV_VERSION_CHANGED, ACT_REJECT, MS_FAILED, SEC_E_INVALID_TOKEN,                                   \
        "MS-CSSP 2.2.1: the version is fixed by the first TSRequest"),                                            \
    ROW(MS_DONE, EV_INPUT, ACT_NONE, MS_SAME, SEC_E_UNSUPPORTED_FUNCTION,                                         \
        "input on an established context (a server re-authenticates with a new context); it stays established"),  \
    ROW(MS_FAILED, EV_INPUT, ACT_NONE, MS_SAME, SEC_E_INVALID_HANDLE,                                             \
        "seed: a failed context cannot be driven further; only DeleteSecurityContext"),                           \
    ROW(MS_FAILED, EV_NO_INPUT, ACT_NONE, MS_SAME, SEC_E_INVALID_HANDLE,                                          \
        "seed: a failed context cannot be driven further, with a token or without"),                              \
    ROW(MS_FAILED, EV_CERT_SUPPLIED, ACT_NONE, MS_SAME, SEC_E_INVALID_HANDLE,                                     \
        "seed: a failed context cannot be driven further, whatever credential comes"),                            \
    ROW(MS_FAILED, EV_UNSUPPORTED_FLAGS, ACT_NONE, MS_SAME, SEC_E_INVALID_HANDLE,                                 \
        "seed: a failed context cannot be driven further, whatever the flags"),                                   \
    ROW(MS_FAILED, EV_PEER_CLOSED, ACT_NONE, MS_SAME, SEC_E_INVALID_HANDLE,                                       \
        "seed: a failed context cannot be driven further; the connection closing changes nothing"),              \
    ROW(MS_ANY, EV_CERT_SUPPLIED, ACT_NONE, MS_SAME, SEC_E_INVALID_TOKEN,                                         \
        "a credential with a certificate nobody asked for: as a later call without a token"),                     \
    ROW(MS_ANY, EV_PEER_CLOSED, ACT_PEER_CLOSED, MS_FAILED, SEC_E_INVALID_TOKEN,                                  \
        "the peer closed (TLS close_notify, or the connection) before the exchange ended"),                       \
    ROW(MS_ANY, EV_UNSUPPORTED_FLAGS, ACT_REJECT, MS_FAILED, SEC_E_UNSUPPORTED_FUNCTION,                          \
        "seed: SEC_E_UNSUPPORTED_FUNCTION, a flag CredSSP does not support (DATAGRAM, USE_DCE_STYLE, ...)"),      \
    ROW(MS_DONE, EV_UNSUPPORTED_FLAGS, ACT_NONE, MS_SAME, SEC_E_UNSUPPORTED_FUNCTION,                             \
        "seed: SEC_E_UNSUPPORTED_FUNCTION on any call; an established context stays established")

static const machine_row client_rows[] = {
    ROW(MS_C_INITIAL, EV_NO_INPUT, ACT_TLS_START, MS_C_TLS_HANDSHAKE, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 1: the client starts the TLS handshake (ClientHello)"),
    ROW(MS_C_TLS_HANDSHAKE, EV_TLS_RECORDS, ACT_TLS_HANDSHAKE, MS_SAME, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 1: TLS handshake messages"),
    ROW(MS_C_TLS_HANDSHAKE, EV_CERT_REQUESTED, ACT_CLIENT_KEEP_ISSUERS, MS_C_NEED_CERT, SEC_I_INCOMPLETE_CREDENTIALS,
        "seed: SEC_I_INCOMPLETE_CREDENTIALS, the server asks for a client certificate the credential lacks"),
    ROW(MS_C_NEED_CERT, EV_CERT_SUPPLIED, ACT_CLIENT_TAKE_CERT, MS_C_TLS_HANDSHAKE, SEC_I_CONTINUE_NEEDED,
        "seed: the caller acquired a credential with a certificate and passes it in phCredential"),
    ROW(MS_C_NEED_CERT, EV_NO_INPUT, ACT_NONE, MS_SAME, SEC_I_INCOMPLETE_CREDENTIALS,
        "still no certificate: the handshake keeps waiting"),
    ROW(MS_C_TLS_HANDSHAKE, EV_TLS_ESTABLISHED, ACT_CLIENT_SEND_NEGOTIATE, MS_C_WAIT_CHALLENGE,
        SEC_I_CONTINUE_NEEDED, "MS-CSSP 3.1.5 step 2: TSRequest{version, negoTokens: NTLM NEGOTIATE}"),
    ROW(MS_C_WAIT_CHALLENGE, EV_TS_NEGO, ACT_CLIENT_AUTHENTICATE, MS_C_KEYS_READY, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 2: the server's CHALLENGE; AUTHENTICATE made (MS-NLMP 3.1.5.1.2)"),
    ROW(MS_C_KEYS_READY, EV_KEYS_READY, ACT_CLIENT_SEND_AUTH_PUBKEY, MS_C_WAIT_PUBKEY, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 3: AUTHENTICATE with pubKeyAuth (echo for 2-4, binding hash and clientNonce for 5+)"),
    ROW(MS_C_WAIT_PUBKEY, EV_TS_NEGO_PUBKEY, ACT_CLIENT_NEGO_FINISH, MS_SAME, SEC_I_CONTINUE_NEEDED,
        "MS-SPNG 3.3.5.1: the server's last SPNEGO token (mechListMIC) rides with its pubKeyAuth"),
    ROW(MS_C_WAIT_PUBKEY, EV_TS_PUBKEY, ACT_CLIENT_VERIFY_PUBKEY, MS_C_SERVER_VERIFIED, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 4: the server's pubKeyAuth (first byte + 1, or the Server-To-Client hash)"),
    ROW(MS_C_WAIT_PUBKEY, EV_NEGO_FINISHED, ACT_CLIENT_VERIFY_PUBKEY, MS_C_SERVER_VERIFIED, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 4 after SPNEGO's last token: the pubKeyAuth that came with it"),
    ROW(MS_C_SERVER_VERIFIED, EV_PUBKEY_VERIFIED, ACT_CLIENT_CHECK_DELEGATION, MS_C_DELEGATION_ALLOWED,
        SEC_I_CONTINUE_NEEDED,
        "seed: SEC_E_DELEGATION_POLICY (target not allowed) and SEC_E_POLICY_NLTM_ONLY (only NTLM proved the "
        "server), checked before TSCredentials is built"),
    ROW(MS_C_DELEGATION_ALLOWED, EV_DELEGATION_ALLOWED, ACT_CLIENT_SEND_CREDENTIALS, MS_DONE, SEC_E_OK,
        "MS-CSSP 3.1.5 step 5: TSRequest{authInfo: TSCredentials}; the last token must still be sent"),
    ROW(MS_C_WAIT_PUBKEY, EV_PEER_CLOSED, ACT_CLIENT_CLOSED_AFTER_AUTH, MS_FAILED, SEC_E_LOGON_DENIED,
        "FreeRDP's server refuses an AUTHENTICATE by closing, without errorCode (versions 2 and 5 have none)"),
    ROW(MS_DONE, EV_NO_INPUT, ACT_CLIENT_RESET, MS_C_INITIAL, SEC_I_CONTINUE_NEEDED,
        "seed: a call after SEC_E_OK asks for re-authentication: a fresh TLS and NTLM exchange, same context"),
    ROW(MS_DONE, EV_CERT_SUPPLIED, ACT_CLIENT_RESET, MS_C_INITIAL, SEC_I_CONTINUE_NEEDED,
        "seed: re-authentication, whatever credential the call passes"),
    ROW(MS_C_INITIAL, EV_EXCHANGE_RESET, ACT_TLS_START, MS_C_TLS_HANDSHAKE, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 1, again: the ClientHello of the new exchange"),
    ROW(MS_ANY, EV_TS_ERROR, ACT_CLIENT_TAKE_ERROR, MS_FAILED, SEC_E_LOGON_DENIED,
        "MS-CSSP 2.2.1 errorCode: the NTSTATUS maps to an SSPI status (STATUS_LOGON_FAILURE -> SEC_E_LOGON_DENIED)"),
    COMMON_ROWS,
};

static const machine_row server_rows[] = {
    ROW(MS_S_INITIAL, EV_NO_INPUT, ACT_NONE, MS_SAME, SEC_E_INVALID_TOKEN,
        "AcceptSecurityContext needs the client's first token (ClientHello)"),
    ROW(MS_DONE, EV_NO_INPUT, ACT_NONE, MS_SAME, SEC_E_UNSUPPORTED_FUNCTION,
        "a call on an established server context (a server re-authenticates with a new context)"),
    ROW(MS_DONE, EV_CERT_SUPPLIED, ACT_NONE, MS_SAME, SEC_E_UNSUPPORTED_FUNCTION,
        "a call on an established server context, whatever credential it passes"),
    ROW(MS_S_INITIAL, EV_TLS_RECORDS, ACT_TLS_HANDSHAKE, MS_S_TLS_HANDSHAKE, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 1: the ClientHello"),
    ROW(MS_S_TLS_HANDSHAKE, EV_TLS_RECORDS, ACT_TLS_HANDSHAKE, MS_SAME, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 1: TLS handshake messages"),
    ROW(MS_S_TLS_HANDSHAKE, EV_TLS_ESTABLISHED, ACT_NONE, MS_S_WAIT_NEGOTIATE, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 1: TLS established; the client speaks first"),
    ROW(MS_S_WAIT_NEGOTIATE, EV_TS_NEGO, ACT_SERVER_CHALLENGE, MS_S_WAIT_AUTHENTICATE, SEC_I_CONTINUE_NEEDED,
        "MS-CSSP 3.1.5 step 2: NEGOTIATE in, TSRequest{negoTokens: CHALLENGE} out"),
    ROW(MS_S_WAIT_AUTHENTICATE, EV_TS_NEGO_PUBKEY, ACT_SERVER_VERIFY_AUTH, MS_S_CLIENT_AUTHENTICATED,
        SEC_I_CONTINUE_NEEDED, "MS-CSSP 3.1.5 step 3: AUTHENTICATE verified (MS-NLMP 3.2.5.1.2)"),
    ROW(MS_S_CLIENT_AUTHENTICATED, EV_CLIENT_AUTHENTICATED, ACT_SERVER_VERIFY_PUBKEY, MS_S_CLIENT_VERIFIED,
        SEC_I_CONTINUE_NEEDED, "MS-CSSP 3.1.5 step 3: the client's pubKeyAuth binds our TLS public key"),
    ROW(MS_S_CLIENT_VERIFIED, EV_PUBKEY_VERIFIED, ACT_SERVER_SEND_PUBKEY, MS_S_WAIT_CREDENTIALS,
        SEC_I_CONTINUE_NEEDED, "MS-CSSP 3.1.5 step 4: our pubKeyAuth (with SPNEGO's last token)"),
    ROW(MS_S_WAIT_CREDENTIALS, EV_TS_AUTHINFO, ACT_SERVER_TAKE_CREDENTIALS, MS_DONE, SEC_E_OK,
        "MS-CSSP 3.1.5 step 5: authInfo unsealed and decoded; the credentials go to the caller"),
    COMMON_ROWS,
};

/* Every pair without a row: an unexpected message fails the context. */
static const machine_row fail_row =
    ROW(MS_ANY, EV_NONE, ACT_REJECT, MS_FAILED, SEC_E_INVALID_TOKEN,
        "every (state, event) pair without a row: the message is not one this state accepts");

const machine_table transitions_client = {
    "client (InitializeSecurityContext)", client_rows, sizeof client_rows / sizeof client_rows[0], &fail_row,
};

const machine_table transitions_server = {
    "server (AcceptSecurityContext)", server_rows, sizeof server_rows / sizeof server_rows[0], &fail_row,
};

/* The events a caller's input can produce in a state of this table's side,
 * and the states of each side, for enumeration and rendering. */
const machine_state transitions_client_states[] = {
    MS_C_INITIAL, MS_C_TLS_HANDSHAKE, MS_C_NEED_CERT, MS_C_WAIT_CHALLENGE, MS_C_KEYS_READY,
    MS_C_WAIT_PUBKEY, MS_C_SERVER_VERIFIED, MS_C_DELEGATION_ALLOWED, MS_DONE, MS_FAILED,
};
const size_t transitions_client_state_count = sizeof transitions_client_states / sizeof transitions_client_states[0];

const machine_state transitions_server_states[] = {
    MS_S_INITIAL, MS_S_TLS_HANDSHAKE, MS_S_WAIT_NEGOTIATE, MS_S_WAIT_AUTHENTICATE,
    MS_S_CLIENT_AUTHENTICATED, MS_S_CLIENT_VERIFIED, MS_S_WAIT_CREDENTIALS, MS_DONE, MS_FAILED,
};
const size_t transitions_server_state_count = sizeof transitions_server_states / sizeof transitions_server_states[0];

/* The states a caller can find a context in between calls.  The others
 * exist only inside one call, between a row and the follow-up event its
 * action raises (KEYS_READY, SERVER_VERIFIED, ...), or before the first
 * row of a new exchange (INITIAL); tests/test_failures.c checks that no
 * call returns in one of them. */
const bool transitions_at_rest[MS_COUNT] = {
    [MS_C_TLS_HANDSHAKE] = true,    [MS_C_NEED_CERT] = true,      [MS_C_WAIT_CHALLENGE] = true,
    [MS_C_WAIT_PUBKEY] = true,      [MS_S_TLS_HANDSHAKE] = true,  [MS_S_WAIT_NEGOTIATE] = true,
    [MS_S_WAIT_AUTHENTICATE] = true, [MS_S_WAIT_CREDENTIALS] = true, [MS_DONE] = true,
    [MS_FAILED] = true,
};

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The model (model.h): what a CredSSP call answers, rule by rule, from
 * [MS-CSSP] 3.1.5 (the message sequence), [MS-CSSP] 2.2.1 (the TSRequest's
 * fields and version), and the return codes of the seed
 * (InitializeSecurityContext (CredSSP), "Return value").  Read it against
 * those texts: each rule cites the sentence it stands for.  The general
 * rules come first, then the exchange, phase by phase.
 */
#include <credssp/sspi.h>

#include "model.h"

static model_answer answer(machine_status st, model_phase next)
{
    return (model_answer){ st, next, false };
}

static model_answer undefined(void)
{
    return (model_answer){ SEC_E_INTERNAL_ERROR, P_FAILED, true };
}

/* Every failure: the context is dead, and the peer is told if it can be
 * ([MS-CSSP] 2.2.1 errorCode: the server reports why it stops). */
static model_answer fail(model_oracle *o, machine_status st)
{
    (void)model_perform(o, ACT_REPORT_FAILURE);
    return answer(st, P_FAILED);
}

/* A message the exchange does not expect now: seed, SEC_E_INVALID_TOKEN
 * ("the input token is malformed ... a token passed into the wrong security
 * package"); the refusal is recorded, then the context fails. */
static model_answer refuse(model_oracle *o, machine_status st)
{
    (void)model_perform(o, ACT_REJECT);
    return fail(o, st);
}

/* An operation that can fail: its failure status is the call's. */
static bool ran(model_oracle *o, machine_action op, act_result *r, model_answer *out)
{
    *r = model_perform(o, op);
    if (r->outcome == ACT_DONE)
        return true;
    *out = fail(o, r->status);
    return false;
}

/* The rules both sides share, before their own; *out is set when one applies. */
static bool general_rules(model_phase p, machine_event e, model_oracle *o, model_answer *out)
{
    /* Seed, SEC_E_INVALID_HANDLE: a context that returned an error is not
     * valid for further calls, whatever the call passes or the peer does. */
    if (p == P_FAILED) {
        *out = answer(SEC_E_INVALID_HANDLE, P_FAILED);
        return true;
    }
    switch (e) {
    case EV_UNSUPPORTED_FLAGS:
        /* Seed, SEC_E_UNSUPPORTED_FUNCTION: fContextReq asks for what CredSSP
         * does not support, on any call; an established context keeps what
         * it established. */
        *out = p == P_ESTABLISHED ? answer(SEC_E_UNSUPPORTED_FUNCTION, p) : refuse(o, SEC_E_UNSUPPORTED_FUNCTION);
        return true;
    case EV_INCOMPLETE:
        /* Seed, SEC_E_INCOMPLETE_MESSAGE: data for the whole message was not
         * read; SECBUFFER_MISSING says how much; nothing moves. */
        (void)model_perform(o, ACT_STAY_INCOMPLETE);
        *out = answer(SEC_E_INCOMPLETE_MESSAGE, p);
        return true;
    case EV_PARTIAL_MESSAGE:
        /* Whole TLS records whose TSRequest goes on: the output token "can
         * be empty" (seed, SEC_I_CONTINUE_NEEDED); nothing moves. */
        *out = answer(SEC_I_CONTINUE_NEEDED, p);
        return true;
    case EV_MALFORMED:
        *out = refuse(o, SEC_E_INVALID_TOKEN);
        return true;
    case EV_VERSION_REFUSED:
        /* [MS-CSSP] 2.2.1 version; CVE-2018-0886: a peer below our minimum
         * is a downgrade (an added code, docs/status-codes.md). */
        *out = refuse(o, SEC_E_DOWNGRADE_DETECTED);
        return true;
    case EV_VERSION_CHANGED:
        /* [MS-CSSP] 2.2.1: the version is the one of the first TSRequest. */
        *out = refuse(o, SEC_E_INVALID_TOKEN);
        return true;
    case EV_PEER_CLOSED:
        /* The connection ended before the exchange did: the token the
         * exchange needs will never come. */
        (void)model_perform(o, ACT_PEER_CLOSED);
        *out = fail(o, SEC_E_INVALID_TOKEN);
        return true;
    default:
        return false;
    }
}

/* Calls without a token after the first: seed, "on calls after the first
 * call" the input is the peer's token; without one there is nothing to do,
 * and the context stays as it was. */
static model_answer no_token(model_phase p)
{
    return answer(SEC_E_INVALID_TOKEN, p);
}

/* The client's TLS handshake went one step ([MS-CSSP] 3.1.5 step 1). */
static model_answer client_handshake_step(model_oracle *o, act_result r)
{
    model_answer out;
    if (r.follow == EV_NONE)
        return answer(SEC_I_CONTINUE_NEEDED, P_C_TLS);
    if (r.follow == EV_CERT_REQUESTED) {
        /* Seed, SEC_I_INCOMPLETE_CREDENTIALS: the server requested client
         * authentication and the credentials have no certificate; the CAs
         * it accepts are kept for the caller. */
        if (!ran(o, ACT_CLIENT_KEEP_ISSUERS, &r, &out))
            return out;
        return answer(SEC_I_INCOMPLETE_CREDENTIALS, P_C_CERT_WANTED);
    }
    if (r.follow == EV_TLS_ESTABLISHED) {
        /* Step 2: the first TSRequest, with the first SPNEGO/NTLM token. */
        if (!ran(o, ACT_CLIENT_SEND_NEGOTIATE, &r, &out))
            return out;
        return answer(SEC_I_CONTINUE_NEEDED, P_C_NEGOTIATE_SENT);
    }
    return undefined();
}

static model_answer client_start_exchange(model_oracle *o)
{
    model_answer out;
    act_result r;
    /* Step 1: the client begins the TLS handshake. */
    if (!ran(o, ACT_TLS_START, &r, &out))
        return out;
    return client_handshake_step(o, r);
}

/* The server's pubKeyAuth came ([MS-CSSP] 3.1.5 step 4): verified, the
 * delegation policy asked (seed, SEC_E_DELEGATION_POLICY and
 * SEC_E_POLICY_NLTM_ONLY), then step 5: the credentials, and SEC_E_OK. */
static model_answer client_server_bound(model_oracle *o)
{
    model_answer out;
    act_result r;
    if (!ran(o, ACT_CLIENT_VERIFY_PUBKEY, &r, &out) || !ran(o, ACT_CLIENT_CHECK_DELEGATION, &r, &out) ||
        !ran(o, ACT_CLIENT_SEND_CREDENTIALS, &r, &out))
        return out;
    /* Seed, SEC_E_OK: "If the function returns an output token ... that
     * token must be sent to the server". */
    return answer(SEC_E_OK, P_ESTABLISHED);
}

static model_answer client_message(model_phase p, machine_event e, model_oracle *o)
{
    model_answer out;
    act_result r;
    /* [MS-CSSP] 2.2.1 errorCode: the server stopped and says why; the
     * call fails with its meaning. */
    if (e == EV_TS_ERROR)
        return ran(o, ACT_CLIENT_TAKE_ERROR, &r, &out) ? undefined() : out;
    switch (p) {
    case P_C_TLS:
        if (e != EV_TLS_RECORDS)
            break;
        if (!ran(o, ACT_TLS_HANDSHAKE, &r, &out))
            return out;
        return client_handshake_step(o, r);
    case P_C_NEGOTIATE_SENT:
        /* Step 2: the server's token (CHALLENGE); step 3: the client's
         * last token and its pubKeyAuth, in one TSRequest. */
        if (e != EV_TS_NEGO)
            break;
        if (!ran(o, ACT_CLIENT_AUTHENTICATE, &r, &out) || !ran(o, ACT_CLIENT_SEND_AUTH_PUBKEY, &r, &out))
            return out;
        return answer(SEC_I_CONTINUE_NEEDED, P_C_AUTH_SENT);
    case P_C_AUTH_SENT:
        if (e == EV_TS_PUBKEY)
            return client_server_bound(o);
        /* [MS-SPNG] 3.3.5.1: SPNEGO's last token (its mechListMIC) rides
         * with the server's pubKeyAuth; it is checked first. */
        if (e == EV_TS_NEGO_PUBKEY)
            return ran(o, ACT_CLIENT_NEGO_FINISH, &r, &out) ? client_server_bound(o) : out;
        break;
    default:
        break;
    }
    return refuse(o, SEC_E_INVALID_TOKEN);
}

model_answer model_client_call(model_phase p, machine_event e, model_oracle *o)
{
    model_answer out;
    act_result r;
    /* The server refuses our AUTHENTICATE by closing (versions 2 and 5
     * carry no errorCode): seed, SEC_E_LOGON_DENIED, "the logon failed". */
    if (p == P_C_AUTH_SENT && e == EV_PEER_CLOSED) {
        (void)model_perform(o, ACT_CLIENT_CLOSED_AFTER_AUTH);
        return fail(o, SEC_E_LOGON_DENIED);
    }
    if (general_rules(p, e, o, &out))
        return out;
    if (p == P_ESTABLISHED) {
        /* Seed: a call after SEC_E_OK, without a token, asks for a new
         * authentication on the same context: a fresh exchange, step 1. */
        if (e == EV_NO_INPUT || e == EV_CERT_SUPPLIED) {
            if (!ran(o, ACT_CLIENT_RESET, &r, &out))
                return out;
            return client_start_exchange(o);
        }
        /* A token for an established context: not a function it has. */
        return answer(SEC_E_UNSUPPORTED_FUNCTION, p);
    }
    switch (e) {
    case EV_NO_INPUT:
        if (p == P_C_START)
            return client_start_exchange(o);
        /* Still no certificate: the handshake keeps waiting for one. */
        if (p == P_C_CERT_WANTED)
            return answer(SEC_I_INCOMPLETE_CREDENTIALS, p);
        return no_token(p);
    case EV_CERT_SUPPLIED:
        /* Seed, Remarks on SEC_I_INCOMPLETE_CREDENTIALS: the caller gets a
         * certificate and calls again; the handshake resumes with it. */
        if (p == P_C_CERT_WANTED) {
            if (!ran(o, ACT_CLIENT_TAKE_CERT, &r, &out))
                return out;
            return client_handshake_step(o, r);
        }
        /* A certificate nobody asked for: as a call without a token. */
        return no_token(p);
    case EV_INPUT:
        return undefined();
    default:
        return client_message(p, e, o);
    }
}

/* The server's TLS handshake went one step ([MS-CSSP] 3.1.5 step 1). */
static model_answer server_handshake_step(model_oracle *o, act_result r)
{
    if (r.follow == EV_NONE)
        return answer(SEC_I_CONTINUE_NEEDED, P_S_TLS);
    if (r.follow == EV_TLS_ESTABLISHED)
        return answer(SEC_I_CONTINUE_NEEDED, P_S_TLS_DONE);
    /* A server is never asked for a certificate. */
    return refuse(o, SEC_E_INVALID_TOKEN);
}

static model_answer server_message(model_phase p, machine_event e, model_oracle *o)
{
    model_answer out;
    act_result r;
    switch (p) {
    case P_S_START:
    case P_S_TLS:
        if (e != EV_TLS_RECORDS)
            break;
        if (!ran(o, ACT_TLS_HANDSHAKE, &r, &out))
            return out;
        return server_handshake_step(o, r);
    case P_S_TLS_DONE:
        /* Step 2: the client's first token in, ours out. */
        if (e != EV_TS_NEGO)
            break;
        if (!ran(o, ACT_SERVER_CHALLENGE, &r, &out))
            return out;
        return answer(SEC_I_CONTINUE_NEEDED, P_S_CHALLENGE_SENT);
    case P_S_CHALLENGE_SENT:
        /* Step 3: the client's last token authenticates it, its pubKeyAuth
         * binds our TLS key; step 4: our pubKeyAuth. */
        if (e != EV_TS_NEGO_PUBKEY)
            break;
        if (!ran(o, ACT_SERVER_VERIFY_AUTH, &r, &out) || !ran(o, ACT_SERVER_VERIFY_PUBKEY, &r, &out) ||
            !ran(o, ACT_SERVER_SEND_PUBKEY, &r, &out))
            return out;
        return answer(SEC_I_CONTINUE_NEEDED, P_S_PUBKEY_SENT);
    case P_S_PUBKEY_SENT:
        /* Step 5: the client's credentials; the exchange is complete. */
        if (e != EV_TS_AUTHINFO)
            break;
        if (!ran(o, ACT_SERVER_TAKE_CREDENTIALS, &r, &out))
            return out;
        return answer(SEC_E_OK, P_ESTABLISHED);
    default:
        break;
    }
    return refuse(o, SEC_E_INVALID_TOKEN);
}

model_answer model_server_call(model_phase p, machine_event e, model_oracle *o)
{
    model_answer out;
    if (general_rules(p, e, o, &out))
        return out;
    /* A server context authenticates once: a new authentication is a new
     * context, so an established one has no further call. */
    if (p == P_ESTABLISHED)
        return answer(SEC_E_UNSUPPORTED_FUNCTION, p);
    switch (e) {
    case EV_NO_INPUT:
    case EV_CERT_SUPPLIED:
        /* AcceptSecurityContext always needs the client's token, the
         * first call (its ClientHello) included. */
        return no_token(p);
    case EV_INPUT:
        return undefined();
    default:
        return server_message(p, e, o);
    }
}

const char *model_phase_name(model_phase p)
{
    static const char *const names[P_COUNT] = {
        [P_C_START] = "client start", [P_C_TLS] = "client TLS", [P_C_CERT_WANTED] = "client certificate wanted",
        [P_C_NEGOTIATE_SENT] = "client negotiate sent", [P_C_AUTH_SENT] = "client authenticate sent",
        [P_S_START] = "server start", [P_S_TLS] = "server TLS", [P_S_TLS_DONE] = "server TLS done",
        [P_S_CHALLENGE_SENT] = "server challenge sent", [P_S_PUBKEY_SENT] = "server pubKeyAuth sent",
        [P_ESTABLISHED] = "established", [P_FAILED] = "failed",
    };
    return p >= 0 && p < P_COUNT ? names[p] : "(inside a call)";
}

bool model_status_listed(machine_status st)
{
    static const machine_status listed[] = {
        /* the seed's success codes */
        SEC_E_INCOMPLETE_MESSAGE, SEC_E_OK, SEC_I_COMPLETE_AND_CONTINUE, SEC_I_COMPLETE_NEEDED,
        SEC_I_CONTINUE_NEEDED, SEC_I_INCOMPLETE_CREDENTIALS,
        /* the seed's error codes */
        SEC_E_INSUFFICIENT_MEMORY, SEC_E_INTERNAL_ERROR, SEC_E_INVALID_HANDLE, SEC_E_INVALID_TOKEN,
        SEC_E_LOGON_DENIED, SEC_E_NO_AUTHENTICATING_AUTHORITY, SEC_E_NO_CREDENTIALS, SEC_E_TARGET_UNKNOWN,
        SEC_E_UNSUPPORTED_FUNCTION, SEC_E_WRONG_PRINCIPAL, SEC_E_DELEGATION_POLICY, SEC_E_POLICY_NLTM_ONLY,
        SEC_E_MUTUAL_AUTH_FAILED,
        /* added by this package, each in docs/status-codes.md */
        SEC_E_DOWNGRADE_DETECTED,
        /* an action's own failure, whatever it is */
        MODEL_OP_FAILURE,
    };
    for (unsigned i = 0; i < sizeof listed / sizeof listed[0]; i++)
        if (listed[i] == st)
            return true;
    return false;
}

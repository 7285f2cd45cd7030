/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The return codes of the seed (and the few this package adds), with the
 * condition that produces each and the test that shows it: the data of
 * docs/status-codes.md (credssp table --codes), which also lists the table
 * rows returning each code.  docs-check renders it and checks that every
 * test named here exists.
 */
#include <credssp/credssp.h>

#include "status_doc.h"

const status_doc status_docs[] = {
    { SEC_E_OK, "seed", "the exchange is complete; a last output token (authInfo) must still be sent",
      "tests/test_engine.c:test_version_pairs" },
    { SEC_I_CONTINUE_NEEDED, "seed", "send the output token (it may be empty, e.g. while a TSRequest spans records) and "
                                     "call again with the reply",
      "tests/test_engine.c:test_version_pairs" },
    { SEC_I_COMPLETE_NEEDED, "seed",
      "never returned: every token is final when returned; CompleteAuthToken is a harmless SEC_E_OK on a live "
      "context; the driver handles the code as the seed says",
      "tests/test_engine_calls.c:test_handles" },
    { SEC_I_COMPLETE_AND_CONTINUE, "seed", "never returned, as SEC_I_COMPLETE_NEEDED",
      "tests/test_engine_calls.c:test_handles" },
    { SEC_I_INCOMPLETE_CREDENTIALS, "seed",
      "the server asks for a TLS client certificate the credential lacks, or the credential's certificate was not "
      "issued by a CA the server names (it is not sent); SECPKG_ATTR_ISSUER_LIST_EX names the CAs; pass a "
      "credential with a certificate in phCredential",
      "tests/test_certificates.c:test_client_certificate" },
    { SEC_E_INCOMPLETE_MESSAGE, "seed",
      "a partial TLS record: SECBUFFER_MISSING gives the exact number of missing bytes, nothing is consumed",
      "tests/test_truncation.c:sweep_one" },
    { SEC_E_INSUFFICIENT_MEMORY, "seed",
      "an allocation failed; the context fails cleanly and leaks nothing.  One inside OpenSSL's TLS may surface as "
      "SEC_E_INVALID_TOKEN or SEC_E_INTERNAL_ERROR (OpenSSL reports a handshake failure), one inside a "
      "cryptographic check as that check failing (SEC_E_LOGON_DENIED, SEC_E_MUTUAL_AUTH_FAILED)",
      "tests/test_alloc.c:sweep" },
    { SEC_E_INTERNAL_ERROR, "seed",
      "a failure no other code names: an errorCode from the server that maps to nothing before our AUTHENTICATE, "
      "a TLS record that cannot "
      "be written, the driver's transport failing to send or receive (the thread's last error says which)",
      "tests/test_meddler.c:server_error" },
    { SEC_E_INVALID_HANDLE, "seed",
      "a NULL, forged, foreign, deleted or other-kind handle; a call on a context that failed",
      "tests/test_engine_calls.c:test_handles" },
    { SEC_E_INVALID_TOKEN, "seed",
      "input that is not TLS, does not decrypt, or is not strict DER; a TSRequest the state does not accept; a "
      "version change; a server pubKeyAuth that does not verify without ISC_REQ_MUTUAL_AUTH; in the driver, a peer "
      "that closes the stream before the exchange ends",
      "tests/test_engine_calls.c:test_partial_input" },
    { SEC_E_LOGON_DENIED, "seed",
      "the server: wrong password, unknown user, other domain; the client: errorCode STATUS_LOGON_FAILURE (and the "
      "other account errors), any errorCode without a meaning of its own answering our AUTHENTICATE (FreeRDP 3.10 "
      "sends 0xC00700EA for a wrong password), or the server closing TLS or the connection right after our "
      "AUTHENTICATE (FreeRDP; reason CREDSSP_REASON_CLOSED_AFTER_AUTHENTICATE)",
      "tests/test_engine.c:test_wrong_password" },
    { SEC_E_NO_AUTHENTICATING_AUTHORITY, "seed",
      "with NTLM against a local user file there is no authority to reach: only an errorCode "
      "STATUS_NO_LOGON_SERVERS from the server produces it; with Kerberos it would be an unreachable KDC",
      "tests/test_meddler.c:server_error" },
    { SEC_E_NO_CREDENTIALS, "seed",
      "no pAuthData, a client without user or password, a server without a user file; ISC_REQ_USE_SUPPLIED_CREDS "
      "without a valid SECBUFFER_PKG_PARAMS; ISC_REQ_DELEGATE with only an NT hash",
      "tests/test_engine.c:test_supplied_credentials" },
    { SEC_E_TARGET_UNKNOWN, "seed", "no pszTargetName, or one that is not UTF-8 or too long for MsvAvTargetName",
      "tests/test_engine_calls.c:test_arguments" },
    { SEC_E_UNSUPPORTED_FUNCTION, "seed",
      "a flag CredSSP does not support (DATAGRAM, USE_DCE_STYLE, NULL_SESSION, PROMPT_FOR_CREDS, IDENTIFY, ...) on "
      "any call, the first or a later one (an established context stays established); no flag is required; also "
      "input on an established server context, and attributes this package does not have",
      "tests/test_engine_calls.c:test_unsupported_flags" },
    { SEC_E_WRONG_PRINCIPAL, "seed",
      "needs Kerberos (the service ticket names the principal); NTLM does not name the server, and pubKeyAuth binds "
      "its TLS key instead: never returned", "" },
    { SEC_E_DELEGATION_POLICY, "seed", "ISC_REQ_DELEGATE to a target outside the credential's DelegationTargets",
      "tests/test_engine.c:test_delegation_policy" },
    { SEC_E_POLICY_NLTM_ONLY, "seed",
      "ISC_REQ_DELEGATE with CREDSSP_CRED_NO_NTLM_DELEGATION: NTLM is the only authentication of the server here",
      "tests/test_engine.c:test_delegation_policy" },
    { SEC_E_MUTUAL_AUTH_FAILED, "seed",
      "with ISC_REQ_MUTUAL_AUTH, the server's pubKeyAuth does not verify (a man in the middle with its own key); no "
      "credentials are sent",
      "tests/test_relay.c:run_relay" },
    { SEC_E_DOWNGRADE_DETECTED, "added", "the peer's CredSSP version is below the minimum (a client refuses 2-4 by "
                                         "default, CVE-2018-0886)",
      "tests/test_engine.c:test_min_versions" },
    { SEC_E_BUFFER_TOO_SMALL, "added",
      "the caller's output buffer is too small: cbBuffer says the size; the retry with the same input gets the "
      "output.  EncryptMessage with a header or trailer below SECPKG_ATTR_STREAM_SIZES: refused before the record "
      "is sealed, so no TLS sequence number is spent",
      "tests/test_engine_calls.c:test_small_buffer_retry" },
    { SEC_E_INVALID_PARAMETER, "added",
      "Reserved1/Reserved2 not zero, TargetDataRep neither native nor network, no phNewContext on the first call, "
      "versions out of 2..6; input in a SECBUFFER_TOKEN without the SECBUFFER_EMPTY buffer the seed requires (where "
      "SECBUFFER_EXTRA or MISSING would be reported): refused before anything is read",
      "tests/test_engine_calls.c:test_arguments" },
    { SEC_E_UNKNOWN_CREDENTIALS, "added", "credentials that cannot be used: a malformed NT hash, a bad certificate, "
                                          "smart-card and Remote Guard both",
      "tests/test_engine_calls.c:test_arguments" },
    { SEC_E_SECPKG_NOT_FOUND, "added", "a package name other than CREDSSP", "tests/test_engine_calls.c:test_arguments" },
    { SEC_E_DECRYPT_FAILURE, "added", "DecryptMessage: a record that does not decrypt (or a replay)",
      "tests/test_engine.c:test_data_channel" },
    { SEC_I_CONTEXT_EXPIRED, "added", "DecryptMessage: the peer sent close_notify (as Schannel answers it)",
      "tests/test_callers.c:test_channel" },
    { SEC_E_CONTEXT_EXPIRED, "added", "EncryptMessage or DecryptMessage on a context not established",
      "tests/test_callers.c:test_last_error_per_call" },
};

const size_t status_doc_count = sizeof status_docs / sizeof status_docs[0];

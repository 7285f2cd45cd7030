/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one failure record (CREDSSP_LAST_ERROR): a malformed TSRequest is
 * reported with its reason code, the parser's stage, rule and byte offset,
 * and the site; the first failure of a call wins over the failures that
 * follow it (the table's reject action after the parser); each call starts
 * clean; the thread's record (credssp_get_last_error) says the same until
 * the next call, and a succeeding call leaves nothing behind.  On the fuzzing twin of the
 * library, where records carry TSRequests in clear.
 */
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "../fuzz/engine_peer.h"
#include "der.h"
#include "testlib.h"
#include "transitions.h"

static const char *reason(uint32_t r)
{
    return credssp_reason_name(r);
}

/* A TLS handshake with our server, then a TSRequest whose version INTEGER
 * is not minimally encoded (X.690 8.3.2): the DER gate refuses byte 4. */
static void test_parse_failure(void)
{
    static const uint8_t hello[] = { 22, 3, 3, 0, 5, 'h', 'e', 'l', 'l', 'o' };
    static const uint8_t bad[] = { 0x30, 0x06, 0xa0, 0x04, 0x02, 0x02, 0x00, 0x06 };
    uint8_t rec[64];
    engine_io s = { 0 };
    SECURITY_STATUS st = engine_peer_call(1, &engine_server_cred, &s, hello, sizeof hello);
    CHECK(st == SEC_I_CONTINUE_NEEDED, "the handshake: %s", credssp_status_name(st));
    size_t n = engine_peer_record(bad, sizeof bad, rec);
    st = engine_peer_call(1, &engine_server_cred, &s, rec, n);
    CHECK(st == SEC_E_INVALID_TOKEN, "a malformed TSRequest: %s", credssp_status_name(st));

    /* The thread's record, before another call clears it. */
    CREDSSP_LAST_ERROR t;
    credssp_get_last_error(&t);
    CHECK(t.Reason == CREDSSP_REASON_MALFORMED_TSREQUEST && t.Status == SEC_E_INVALID_TOKEN && t.Offset == 4 &&
              strncmp(t.Site, "engine/machine/ingress.c:", 25) == 0,
          "the thread's record says the same: %s at %s", reason(t.Reason), t.Site);

    CREDSSP_LAST_ERROR e;
    memset(&e, 0, sizeof e);
    CHECK(credssp_QueryContextAttributesA(&s.ctx, CREDSSP_ATTR_LAST_ERROR, &e) == SEC_E_OK, "the context's record");
    CHECK(e.Reason == CREDSSP_REASON_MALFORMED_TSREQUEST, "reason %s: the parser's failure, first, wins over the "
          "reject action's UNEXPECTED_MESSAGE", reason(e.Reason));
    CHECK(e.Status == SEC_E_INVALID_TOKEN, "the record holds the call's status: %s", credssp_status_name(e.Status));
    CHECK(e.Stage == CREDSSP_STAGE_DER && e.Rule == DER_E_INTEGER_NOT_MINIMAL && e.Offset == 4,
          "stage %u rule %u (%s) at byte %u", e.Stage, e.Rule, der_rule_text((der_rule)e.Rule), e.Offset);
    CHECK(e.Site != NULL && strncmp(e.Site, "engine/machine/ingress.c:", 25) == 0, "site %s", e.Site);
    CHECK(e.Text != NULL && strstr(e.Text, "does not decode") != NULL, "text: %s", e.Text);

    /* The next call on the failed context starts clean: its own failure. */
    st = engine_peer_call(1, &engine_server_cred, &s, rec, n);
    CHECK(st == SEC_E_INVALID_HANDLE, "a call after the failure: %s", credssp_status_name(st));
    credssp_QueryContextAttributesA(&s.ctx, CREDSSP_ATTR_LAST_ERROR, &e);
    CHECK(e.Reason != CREDSSP_REASON_MALFORMED_TSREQUEST && e.Stage == 0 && e.Offset == 0 &&
              e.Status == SEC_E_INVALID_HANDLE,
          "the record is this call's: %s, stage %u", reason(e.Reason), e.Stage);
    engine_peer_end(&s);
}

static void test_thread_record(void)
{
    CredHandle h;
    SECURITY_STATUS st = credssp_AcquireCredentialsHandleA(NULL, "Kerberos", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
                                                           NULL, &h, NULL);
    CREDSSP_LAST_ERROR t;
    credssp_get_last_error(&t);
    CHECK(st == SEC_E_SECPKG_NOT_FOUND && t.Status == st && t.Reason == CREDSSP_REASON_BAD_ARGUMENT &&
              strncmp(t.Site, "engine/api/credentials.c:", 25) == 0 && strcmp(t.Text, credssp_last_error()) == 0,
          "another package: %s at %s (%s)", reason(t.Reason), t.Site, t.Text);
    /* A set-up failure below the API keeps the site that noted it. */
    CREDSSP_LINUX_CRED nofile = { .Type = CredsspLinuxCreds, .UserFile = "/nonexistent/users" };
    st = credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &nofile, NULL, NULL, &h,
                                           NULL);
    credssp_get_last_error(&t);
    CHECK(st == SEC_E_NO_CREDENTIALS && t.Reason == CREDSSP_REASON_BAD_CREDENTIALS &&
              strncmp(t.Site, "engine/auth/ntlm_users.c:", 25) == 0 && strstr(t.Text, "/nonexistent/users") != NULL,
          "a missing user file: %s at %s (%s)", reason(t.Reason), t.Site, t.Text);
    /* A call that succeeds leaves no record. */
    SecPkgContext_StreamSizes sizes;
    CtxtHandle none = { 0, 0 };
    st = credssp_QueryContextAttributesA(&none, SECPKG_ATTR_STREAM_SIZES, &sizes);
    credssp_get_last_error(&t);
    CHECK(st == SEC_E_INVALID_HANDLE && t.Reason == CREDSSP_REASON_BAD_HANDLE, "a forged handle: %s",
          reason(t.Reason));
    st = credssp_FreeCredentialsHandle(&engine_server_cred) == SEC_E_OK ? SEC_E_OK : SEC_E_INTERNAL_ERROR;
    credssp_get_last_error(&t);
    CHECK(st == SEC_E_OK && t.Reason == CREDSSP_REASON_NONE && t.Text[0] == '\0' && t.Site[0] == '\0',
          "after a call that succeeds: %s, \"%s\"", reason(t.Reason), t.Text);
}

/* The state a caller sees after a call is one marked at rest. */
static void check_at_rest(CtxtHandle *ctx, const char *who)
{
    CREDSSP_PROTOCOL_INFO info;
    if (credssp_QueryContextAttributesA(ctx, CREDSSP_ATTR_PROTOCOL_INFO, &info) != SEC_E_OK)
        return; /* before the peer's first TSRequest */
    int found = -1;
    for (int s = 0; s < MS_COUNT; s++)
        if (strcmp(machine_state_name((machine_state)s), info.State) == 0)
            found = s;
    CHECK(found >= 0 && transitions_at_rest[found], "%s between calls: %s is a state at rest", who, info.State);
}

/* Whole exchanges, raw NTLM and SPNEGO, every state after every call. */
static void test_states_at_rest(void)
{
    for (int spnego = 0; spnego < 2; spnego++) {
        engine_io c = { 0 }, s = { 0 };
        SECURITY_STATUS cst = engine_peer_call(0, &engine_client_cred[spnego], &c, NULL, 0), sst = SEC_I_CONTINUE_NEEDED;
        unsigned calls = 1;
        for (int i = 0; i < 12 && c.out_len > 0 && sst == SEC_I_CONTINUE_NEEDED; i++) {
            sst = engine_peer_call(1, &engine_server_cred, &s, c.out, c.out_len);
            check_at_rest(&s.ctx, "server");
            calls++;
            if (s.out_len == 0 || cst != SEC_I_CONTINUE_NEEDED)
                break;
            cst = engine_peer_call(0, &engine_client_cred[spnego], &c, s.out, s.out_len);
            check_at_rest(&c.ctx, "client");
            calls++;
        }
        CHECK(cst == SEC_E_OK && sst == SEC_E_OK, "%s: the exchange ends (%s, %s) after %u calls",
              spnego ? "SPNEGO" : "raw NTLM", credssp_status_name(cst), credssp_status_name(sst), calls);
        engine_peer_end(&c);
        engine_peer_end(&s);
    }
}

static void test_reason_names(void)
{
    CHECK(strcmp(reason(CREDSSP_REASON_LOGON_DENIED), "CREDSSP_REASON_LOGON_DENIED") == 0, "a name");
    CHECK(strcmp(reason(9999), "unknown reason") == 0, "an unknown code");
    /* Every code below 100 has at most one name, and the named ones round-trip. */
    unsigned named = 0;
    for (uint32_t r = 0; r < 100; r++)
        named += strcmp(reason(r), "unknown reason") != 0;
    CHECK(named >= 35, "%u reasons are named", named);
}

int main(void)
{
    engine_peer_setup();
    test_parse_failure();
    test_states_at_rest();
    test_reason_names();
    test_thread_record();
    engine_peer_remove_users();
    return test_summary();
}

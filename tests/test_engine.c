/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The engine end to end through the public API: a client and a server in
 * one process, for every version pair, both framings, right and wrong
 * credentials, minimum-version refusals, restricted admin, the delegation
 * policy, supplied and domain credentials, the data channel and the kinds
 * of delegated credentials.  The rules of the calls themselves are in
 * test_engine_calls.c, certificates in test_certificates.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "loopback.h"
#include "testlib.h"

/* Every client version x server version in 2..6, raw NTLM and SPNEGO. */
static void test_version_pairs(void)
{
    for (uint32_t spnego = 0; spnego < 2; spnego++)
        for (uint32_t cv = 2; cv <= 6; cv++)
            for (uint32_t sv = 2; sv <= 6; sv++) {
                loop_cfg cfg = loop_default();
                cfg.client_min = 2;
                cfg.client_max = cv;
                cfg.server_max = sv;
                cfg.client_flags = spnego ? CREDSSP_CRED_SPNEGO : 0;
                loop_result r;
                loop_run(&cfg, &r);
                uint32_t eff = cv < sv ? cv : sv;
                CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK,
                      "%s client v%u, server v%u: client %s, server %s (%s / %s)", spnego ? "SPNEGO" : "raw", cv, sv,
                      credssp_status_name(r.client), credssp_status_name(r.server), r.client_error, r.server_error);
                CHECK(r.client_info.EffectiveVersion == eff && r.server_info.EffectiveVersion == eff &&
                          r.client_info.PeerVersion == sv && r.server_info.PeerVersion == cv,
                      "v%u/v%u: both sides settle on version %u (client %u, server %u)", cv, sv, eff,
                      r.client_info.EffectiveVersion, r.server_info.EffectiveVersion);
                CHECK(r.server_info.Spnego == spnego, "v%u/v%u: the server answered in the client's framing", cv,
                      sv);
                CHECK(strcmp(r.deleg_user, "alice") == 0 && strcmp(r.deleg_password, "Passw0rd!") == 0 &&
                          r.deleg_type == 1,
                      "v%u/v%u: the server holds the delegated password credentials", cv, sv);
                CHECK(strcmp(r.server_info.User, "alice") == 0, "v%u/v%u: the server names the NTLM user", cv, sv);
                CHECK((r.client_attrs & ISC_RET_MUTUAL_AUTH) && (r.client_attrs & ISC_RET_DELEGATE) &&
                          (r.client_attrs & ISC_RET_MANUAL_CRED_VALIDATION),
                      "v%u/v%u: the client reports mutual auth, delegation, manual validation", cv, sv);
                /* ClientHello; ServerHello..Finished; Finished+NEGOTIATE; CHALLENGE;
                 * AUTHENTICATE+pubKeyAuth; pubKeyAuth; authInfo. */
                CHECK(r.messages == 7, "v%u/v%u: ClientHello .. authInfo is %u tokens (TLS 1.3: 7)", cv, sv,
                      r.messages);
            }
}

/* TLS 1.2: the client's handshake ends on the server's Finished, so
 * NEGOTIATE goes in a flight of its own. */
static void test_tls12(void)
{
    for (int side = 0; side < 2; side++) {
        loop_cfg cfg = loop_default();
        if (side == 0)
            cfg.server_flags = CREDSSP_CRED_TLS12_ONLY;
        else
            cfg.client_flags = CREDSSP_CRED_TLS12_ONLY | CREDSSP_CRED_SPNEGO;
        loop_result r;
        CredHandle cc, sc;
        CtxtHandle cx, sx;
        loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
        CREDSSP_PROTOCOL_INFO info;
        CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK && r.messages == 9,
              "TLS 1.2 capped on the %s: %s / %s in %u tokens", side ? "client" : "server", credssp_status_name(r.client),
              credssp_status_name(r.server), r.messages);
        CHECK(credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_PROTOCOL_INFO, &info) == SEC_E_OK &&
                  strcmp(info.TlsVersion, "TLSv1.2") == 0,
              "the server reports %s", info.TlsVersion);
        credssp_DeleteSecurityContext(&cx);
        credssp_DeleteSecurityContext(&sx);
        credssp_FreeCredentialsHandle(&cc);
        credssp_FreeCredentialsHandle(&sc);
    }
}

static void test_wrong_password(void)
{
    for (uint32_t v = 2; v <= 6; v++) {
        loop_cfg cfg = loop_default();
        cfg.password = "wrong";
        cfg.client_min = 2;
        cfg.client_max = v;
        loop_result r;
        loop_run(&cfg, &r);
        CHECK(r.server == SEC_E_LOGON_DENIED, "v%u wrong password: server %s", v, credssp_status_name(r.server));
        /* [MS-CSSP] 2.2.1: errorCode exists in versions 3, 4 and 6+. */
        bool carries = v == 3 || v == 4 || v == 6;
        if (carries)
            CHECK(r.client == SEC_E_LOGON_DENIED && r.error_code_received == 0xC000006Du,
                  "v%u wrong password: the client reads errorCode STATUS_LOGON_FAILURE -> %s (0x%08X)", v,
                  credssp_status_name(r.client), r.error_code_received);
        else
            CHECK(r.client == SEC_E_LOGON_DENIED && r.error_code_received == 0,
                  "v%u wrong password: no errorCode in this version; the server's close_notify after our "
                  "AUTHENTICATE reads as logon denied (%s)",
                  v, credssp_status_name(r.client));
    }
    loop_cfg cfg = loop_default();
    cfg.user = "mallory";
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED && r.client == SEC_E_LOGON_DENIED, "unknown user: %s / %s",
          credssp_status_name(r.server), credssp_status_name(r.client));

    cfg = loop_default();
    cfg.password = "wrong";
    cfg.asc_req = 0;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED && r.client == SEC_I_CONTINUE_NEEDED,
          "without ASC_REQ_EXTENDED_ERROR the server sends no errorCode (client %s)", credssp_status_name(r.client));

    cfg = loop_default();
    cfg.password = "wrong";
    cfg.client_flags = CREDSSP_CRED_SPNEGO;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED && r.client == SEC_E_LOGON_DENIED, "SPNEGO wrong password: %s / %s",
          credssp_status_name(r.server), credssp_status_name(r.client));
}

static void test_min_versions(void)
{
    loop_cfg cfg = loop_default();
    cfg.server_max = 4; /* client default minimum: 5 */
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_DOWNGRADE_DETECTED, "a default client refuses a version 4 server: %s (%s)",
          credssp_status_name(r.client), r.client_error);
    CHECK(r.messages == 4, "it stops at the CHALLENGE: nothing sealed was sent (%u tokens)", r.messages);

    cfg = loop_default();
    cfg.server_max = 2;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_DOWNGRADE_DETECTED, "a default client refuses a version 2 server: %s", credssp_status_name(r.client));

    cfg = loop_default();
    cfg.client_min = 2;
    cfg.client_max = 4;
    cfg.server_min = 5;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_DOWNGRADE_DETECTED && r.client == SEC_E_DOWNGRADE_DETECTED &&
              r.error_code_received == 0xC0000388u,
          "a server with minimum 5 refuses a version 4 client and says so: %s / %s", credssp_status_name(r.server),
          credssp_status_name(r.client));

    cfg = loop_default();
    cfg.client_min = 6;
    cfg.server_max = 5;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_DOWNGRADE_DETECTED, "a client with minimum 6 refuses a version 5 server: %s",
          credssp_status_name(r.client));

    cfg = loop_default();
    cfg.client_max = 4; /* minimum 5 by default: a contradiction */
    loop_run(&cfg, &r);
    CHECK(r.acquire == SEC_E_INVALID_PARAMETER, "max 4 with the default minimum 5 is refused: %s (%s)",
          credssp_status_name(r.acquire), r.client_error);
}

static void test_restricted_admin(void)
{
    loop_cfg cfg = loop_default();
    cfg.isc_req = ISC_REQ_MUTUAL_AUTH;
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK, "without ISC_REQ_DELEGATE: %s / %s", credssp_status_name(r.client),
          credssp_status_name(r.server));
    CHECK(r.deleg_type == 1 && r.deleg_user[0] == '\0' && r.deleg_domain[0] == '\0' && r.deleg_password[0] == '\0',
          "empty credentials are delegated (restricted admin)");
    CHECK(!(r.client_attrs & ISC_RET_DELEGATE), "ISC_RET_DELEGATE is not reported");

    cfg = loop_default();
    cfg.password = NULL;
    cfg.nt_hash = "fc525c9683e8fe067095ba2ddc971889";
    cfg.isc_req = ISC_REQ_MUTUAL_AUTH;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK, "pass-the-hash, restricted admin: %s / %s", credssp_status_name(r.client),
          credssp_status_name(r.server));
    cfg.isc_req |= ISC_REQ_DELEGATE;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_NO_CREDENTIALS, "an NT hash cannot be delegated: %s (%s)", credssp_status_name(r.client),
          r.client_error);
}

/* The delegation policy: checked once the server proved itself, before
 * TSCredentials exists; when it says no, no authInfo leaves. */
static void test_delegation_policy(void)
{
    static const struct {
        const char *targets;
        uint32_t flags, req;
        SECURITY_STATUS want;
        const char *what;
    } cases[] = {
        { "TERMSRV/*", 0, ISC_REQ_DELEGATE, SEC_E_OK, "TERMSRV/* allows TERMSRV/localhost" },
        { "HTTP/*, termsrv/LOCALHOST", 0, ISC_REQ_DELEGATE, SEC_E_OK, "a list, case-insensitive" },
        { "TERMSRV/other, HTTP/*", 0, ISC_REQ_DELEGATE, SEC_E_DELEGATION_POLICY, "a target not in the list" },
        { "", 0, ISC_REQ_DELEGATE, SEC_E_DELEGATION_POLICY, "an empty list allows nothing" },
        { "TERMSRV/other", 0, 0, SEC_E_OK, "without ISC_REQ_DELEGATE nothing is delegated: allowed" },
        { NULL, CREDSSP_CRED_NO_NTLM_DELEGATION, ISC_REQ_DELEGATE, SEC_E_POLICY_NLTM_ONLY,
          "no delegation when only NTLM authenticated the server" },
        { NULL, CREDSSP_CRED_NO_NTLM_DELEGATION, 0, SEC_E_OK, "... unless nothing is delegated" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        loop_cfg cfg = loop_default();
        cfg.delegation_targets = cases[i].targets;
        cfg.client_flags = cases[i].flags;
        cfg.isc_req = ISC_REQ_MUTUAL_AUTH | cases[i].req;
        loop_result r;
        loop_run(&cfg, &r);
        bool refused = cases[i].want != SEC_E_OK;
        CHECK(r.client == cases[i].want && (refused ? r.server == SEC_I_CONTINUE_NEEDED && r.messages == 6
                                                    : r.server == SEC_E_OK),
              "%s: %s, server %s after %u tokens", cases[i].what, credssp_status_name(r.client), credssp_status_name(r.server), r.messages);
    }
}

/* ISC_REQ_USE_SUPPLIED_CREDS: the credentials come from SECBUFFER_PKG_PARAMS. */
static void test_supplied_credentials(void)
{
    static const char good[] = "alice\0\0Passw0rd!";
    loop_cfg cfg = loop_default();
    cfg.user = "nobody";
    cfg.password = "not-this-one";
    cfg.isc_req |= ISC_REQ_USE_SUPPLIED_CREDS;
    cfg.supplied = good;
    cfg.supplied_len = sizeof good;
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK && strcmp(r.deleg_user, "alice") == 0 &&
              strcmp(r.deleg_password, "Passw0rd!") == 0 && (r.client_attrs & ISC_RET_USED_SUPPLIED_CREDS),
          "the supplied alice authenticates and is delegated, not the handle's user: %s, %s", credssp_status_name(r.client),
          r.deleg_user);
    cfg.supplied = NULL;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_NO_CREDENTIALS && r.messages == 0, "no SECBUFFER_PKG_PARAMS: %s", credssp_status_name(r.client));
    static const char bad[] = "alice\0\0Passw0rd!\0extra";
    cfg.supplied = bad;
    cfg.supplied_len = sizeof bad;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_NO_CREDENTIALS, "bytes after the password: %s", credssp_status_name(r.client));
    cfg.supplied = good;
    cfg.supplied_len = sizeof good - 1;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_NO_CREDENTIALS, "no terminator after the password: %s", credssp_status_name(r.client));
    cfg = loop_default();
    cfg.supplied = good;
    cfg.supplied_len = sizeof good;
    cfg.user = "nobody";
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED, "without the flag the buffer is ignored: the handle's user is denied");
}

static void test_domain_user(void)
{
    ntlm_identity id;
    ntlm_crypto *c = fixture_crypto();
    CHECK(ntlm_identity_from_password(c, "bob", "CONTOSO", "S3cret-bob", &id) == NTLM_ST_OK, "bob's hash");
    ntlm_crypto_free(c);
    char line[256];
    int n = snprintf(line, sizeof line, "bob:CONTOSO:aad3b435b51404eeaad3b435b51404ee:");
    for (size_t i = 0; i < 16; i++)
        n += snprintf(line + n, sizeof line - (size_t)n, "%02x", id.nt_hash[i]);
    snprintf(line + n, sizeof line - (size_t)n, ":::\n");
    loop_cfg cfg = loop_default();
    cfg.user = "bob";
    cfg.domain = "CONTOSO";
    cfg.password = "S3cret-bob";
    cfg.users_text = line;
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK && strcmp(r.deleg_domain, "CONTOSO") == 0 &&
              strcmp(r.server_info.Domain, "CONTOSO") == 0,
          "domain user CONTOSO\\bob: %s / %s, delegated domain %s", credssp_status_name(r.client), credssp_status_name(r.server), r.deleg_domain);
    cfg.domain = "FABRIKAM";
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED, "the same user in another domain is denied: %s", credssp_status_name(r.server));
}

static void test_data_channel(void)
{
    loop_cfg cfg = loop_default();
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK, "established for the data channel");
    SecPkgContext_StreamSizes sizes;
    CHECK(credssp_QueryContextAttributesA(&cx, SECPKG_ATTR_STREAM_SIZES, &sizes) == SEC_E_OK &&
              sizes.cbHeader == 5 && sizes.cbMaximumMessage == 16384 && sizes.cBuffers == 4,
          "SECPKG_ATTR_STREAM_SIZES");
    uint8_t wire[5 + 64 + 128 + 16];
    const char msg[] = "<s:Envelope>WinRM</s:Envelope>";
    memcpy(wire + 5, msg, sizeof msg);
    SecBuffer eb[3] = { { 5, SECBUFFER_STREAM_HEADER, wire },
                        { sizeof msg, SECBUFFER_DATA, wire + 5 },
                        { 128, SECBUFFER_STREAM_TRAILER, wire + 5 + sizeof msg } };
    SecBufferDesc ed = { SECBUFFER_VERSION, 3, eb };
    CHECK(credssp_EncryptMessage(&cx, 0, &ed, 0) == SEC_E_OK, "EncryptMessage");
    size_t total = eb[0].cbBuffer + eb[1].cbBuffer + eb[2].cbBuffer;
    CHECK(memcmp(wire + 5, msg, sizeof msg) != 0, "the data is encrypted in place");
    /* Deliver in two pieces: the first is incomplete. */
    SecBuffer db[4] = { { 10, SECBUFFER_DATA, wire }, { 0, SECBUFFER_EMPTY, NULL }, { 0, SECBUFFER_EMPTY, NULL },
                        { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc dd = { SECBUFFER_VERSION, 4, db };
    CHECK(credssp_DecryptMessage(&sx, &dd, 0, NULL) == SEC_E_INCOMPLETE_MESSAGE && db[1].BufferType ==
              SECBUFFER_MISSING && db[1].cbBuffer == total - 10,
          "a partial record: SEC_E_INCOMPLETE_MESSAGE, %u bytes missing (want %zu)", db[1].cbBuffer, total - 10);
    SecBuffer db2[4] = { { (uint32_t)total, SECBUFFER_DATA, wire }, { 0, SECBUFFER_EMPTY, NULL },
                         { 0, SECBUFFER_EMPTY, NULL }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc dd2 = { SECBUFFER_VERSION, 4, db2 };
    CHECK(credssp_DecryptMessage(&sx, &dd2, 0, NULL) == SEC_E_OK && db2[1].BufferType == SECBUFFER_DATA &&
              db2[1].cbBuffer == sizeof msg && memcmp(db2[1].pvBuffer, msg, sizeof msg) == 0,
          "the server decrypts the client's message");
    CHECK(credssp_DecryptMessage(&sx, &dd2, 0, NULL) != SEC_E_OK, "a replayed record does not decrypt");
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

/* The three credential kinds of TSCredentials, supplied by the client,
 * encoded, decoded by the server and returned to its caller. */
static void test_credential_kinds(void)
{
    CREDSSP_SMARTCARD_CRED card = { "123456", 1, "Card", "Reader 0", "Container-é", "Microsoft Base Smart Card CSP",
                                    "alice@contoso", NULL };
    loop_cfg cfg = loop_default();
    cfg.smartcard = &card;
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    CREDSSP_DELEGATED_CREDENTIALS d;
    CHECK(r.client == SEC_E_OK && credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_DELEGATED_CREDENTIALS, &d) ==
                                      SEC_E_OK,
          "smart-card credentials delegated: %s", credssp_status_name(r.client));
    CHECK(d.CredType == 2 && strcmp(d.SmartCard.Pin, "123456") == 0 && d.SmartCard.KeySpec == 1 &&
              strcmp(d.SmartCard.CardName, "Card") == 0 && strcmp(d.SmartCard.ReaderName, "Reader 0") == 0 &&
              strcmp(d.SmartCard.ContainerName, "Container-é") == 0 &&
              strcmp(d.SmartCard.CspName, "Microsoft Base Smart Card CSP") == 0 &&
              strcmp(d.SmartCard.UserHint, "alice@contoso") == 0 && d.SmartCard.DomainHint == NULL,
          "the server returns every TSSmartCardCreds field (absent ones as NULL)");
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);

    static const uint8_t ticket[] = { 0x76, 0x82, 0x01, 0x00, 0xde, 0xad }, ntlm_blob[] = { 1, 2, 3 };
    CREDSSP_PACKAGE_CRED supp[2] = { { "NTLM", ntlm_blob, sizeof ntlm_blob }, { "Empty", NULL, 0 } };
    CREDSSP_REMOTE_GUARD_CRED guard = { { "Kerberos", ticket, sizeof ticket }, 2, supp };
    cfg = loop_default();
    cfg.remote_guard = &guard;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    CHECK(r.client == SEC_E_OK && credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_DELEGATED_CREDENTIALS, &d) ==
                                      SEC_E_OK,
          "Remote Guard credentials delegated: %s", credssp_status_name(r.client));
    CHECK(d.CredType == 6 && strcmp(d.RemoteGuard.Logon.PackageName, "Kerberos") == 0 &&
              d.RemoteGuard.Logon.Length == sizeof ticket && memcmp(d.RemoteGuard.Logon.Buffer, ticket, 6) == 0 &&
              d.RemoteGuard.SupplementalCount == 2 && strcmp(d.RemoteGuard.Supplemental[0].PackageName, "NTLM") == 0 &&
              d.RemoteGuard.Supplemental[0].Length == 3 && d.RemoteGuard.Supplemental[1].Length == 0,
          "the server returns the logon and supplemental package credentials");
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);

    cfg = loop_default();
    cfg.smartcard = &card;
    cfg.remote_guard = &guard;
    loop_run(&cfg, &r);
    CHECK(r.acquire == SEC_E_UNKNOWN_CREDENTIALS, "both kinds at once are refused: %s", credssp_status_name(r.acquire));
    cfg = loop_default();
    cfg.smartcard = &card;
    cfg.isc_req = ISC_REQ_MUTUAL_AUTH;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_OK && r.deleg_type == 1 && r.deleg_user[0] == '\0',
          "without ISC_REQ_DELEGATE the card is not sent: empty password credentials");
}

int main(void)
{
    test_version_pairs();
    test_tls12();
    test_wrong_password();
    test_min_versions();
    test_restricted_admin();
    test_domain_user();
    test_delegation_policy();
    test_supplied_credentials();
    test_data_channel();
    test_credential_kinds();
    return test_summary();
}

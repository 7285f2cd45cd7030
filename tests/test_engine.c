/*
 * The engine end to end through the public API: a client and a server in
 * one process, for every version pair, both framings, right and wrong
 * credentials, minimum-version refusals, restricted admin, the data channel,
 * handle validation, and partial or surplus input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "loopback.h"
#include "testlib.h"

static const char *name(SECURITY_STATUS st)
{
    return credssp_status_name(st);
}

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
                      name(r.client), name(r.server), r.client_error, r.server_error);
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
              "TLS 1.2 capped on the %s: %s / %s in %u tokens", side ? "client" : "server", name(r.client),
              name(r.server), r.messages);
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
        CHECK(r.server == SEC_E_LOGON_DENIED, "v%u wrong password: server %s", v, name(r.server));
        /* [MS-CSSP] 2.2.1: errorCode exists in versions 3, 4 and 6+. */
        bool carries = v == 3 || v == 4 || v == 6;
        if (carries)
            CHECK(r.client == SEC_E_LOGON_DENIED && r.error_code_received == 0xC000006Du,
                  "v%u wrong password: the client reads errorCode STATUS_LOGON_FAILURE -> %s (0x%08X)", v,
                  name(r.client), r.error_code_received);
        else
            CHECK(r.client == SEC_E_LOGON_DENIED && r.error_code_received == 0,
                  "v%u wrong password: no errorCode in this version; the server's close_notify after our "
                  "AUTHENTICATE reads as logon denied (%s)",
                  v, name(r.client));
    }
    loop_cfg cfg = loop_default();
    cfg.user = "mallory";
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED && r.client == SEC_E_LOGON_DENIED, "unknown user: %s / %s",
          name(r.server), name(r.client));

    cfg = loop_default();
    cfg.password = "wrong";
    cfg.asc_req = 0;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED && r.client == SEC_I_CONTINUE_NEEDED,
          "without ASC_REQ_EXTENDED_ERROR the server sends no errorCode (client %s)", name(r.client));

    cfg = loop_default();
    cfg.password = "wrong";
    cfg.client_flags = CREDSSP_CRED_SPNEGO;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED && r.client == SEC_E_LOGON_DENIED, "SPNEGO wrong password: %s / %s",
          name(r.server), name(r.client));
}

static void test_min_versions(void)
{
    loop_cfg cfg = loop_default();
    cfg.server_max = 4; /* client default minimum: 5 */
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_DOWNGRADE_DETECTED, "a default client refuses a version 4 server: %s (%s)",
          name(r.client), r.client_error);
    CHECK(r.messages == 4, "it stops at the CHALLENGE: nothing sealed was sent (%u tokens)", r.messages);

    cfg = loop_default();
    cfg.server_max = 2;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_DOWNGRADE_DETECTED, "a default client refuses a version 2 server: %s", name(r.client));

    cfg = loop_default();
    cfg.client_min = 2;
    cfg.client_max = 4;
    cfg.server_min = 5;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_DOWNGRADE_DETECTED && r.client == SEC_E_DOWNGRADE_DETECTED &&
              r.error_code_received == 0xC0000388u,
          "a server with minimum 5 refuses a version 4 client and says so: %s / %s", name(r.server),
          name(r.client));

    cfg = loop_default();
    cfg.client_min = 6;
    cfg.server_max = 5;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_DOWNGRADE_DETECTED, "a client with minimum 6 refuses a version 5 server: %s",
          name(r.client));

    cfg = loop_default();
    cfg.client_max = 4; /* minimum 5 by default: a contradiction */
    loop_run(&cfg, &r);
    CHECK(r.acquire == SEC_E_INVALID_PARAMETER, "max 4 with the default minimum 5 is refused: %s (%s)",
          name(r.acquire), r.client_error);
}

static void test_restricted_admin(void)
{
    loop_cfg cfg = loop_default();
    cfg.isc_req = ISC_REQ_MUTUAL_AUTH;
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK, "without ISC_REQ_DELEGATE: %s / %s", name(r.client),
          name(r.server));
    CHECK(r.deleg_type == 1 && r.deleg_user[0] == '\0' && r.deleg_domain[0] == '\0' && r.deleg_password[0] == '\0',
          "empty credentials are delegated (restricted admin)");
    CHECK(!(r.client_attrs & ISC_RET_DELEGATE), "ISC_RET_DELEGATE is not reported");

    cfg = loop_default();
    cfg.password = NULL;
    cfg.nt_hash = "fc525c9683e8fe067095ba2ddc971889";
    cfg.isc_req = ISC_REQ_MUTUAL_AUTH;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_OK && r.server == SEC_E_OK, "pass-the-hash, restricted admin: %s / %s", name(r.client),
          name(r.server));
    cfg.isc_req |= ISC_REQ_DELEGATE;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_NO_CREDENTIALS, "an NT hash cannot be delegated: %s (%s)", name(r.client),
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
              "%s: %s, server %s after %u tokens", cases[i].what, name(r.client), name(r.server), r.messages);
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
          "the supplied alice authenticates and is delegated, not the handle's user: %s, %s", name(r.client),
          r.deleg_user);
    cfg.supplied = NULL;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_NO_CREDENTIALS && r.messages == 0, "no SECBUFFER_PKG_PARAMS: %s", name(r.client));
    static const char bad[] = "alice\0\0Passw0rd!\0extra";
    cfg.supplied = bad;
    cfg.supplied_len = sizeof bad;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_NO_CREDENTIALS, "bytes after the password: %s", name(r.client));
    cfg.supplied = good;
    cfg.supplied_len = sizeof good - 1;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_NO_CREDENTIALS, "no terminator after the password: %s", name(r.client));
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
          "domain user CONTOSO\\bob: %s / %s, delegated domain %s", name(r.client), name(r.server), r.deleg_domain);
    cfg.domain = "FABRIKAM";
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_LOGON_DENIED, "the same user in another domain is denied: %s", name(r.server));
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

/* ISC_REQ_MANUAL_CRED_VALIDATION: the caller gets the server's certificate. */
static void test_peer_certificate(void)
{
    loop_cfg cfg = loop_default();
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    CREDSSP_PEER_CERTIFICATE pc;
    CHECK(credssp_QueryContextAttributesA(&cx, CREDSSP_ATTR_PEER_CERTIFICATE, &pc) == SEC_E_OK && pc.Length > 500 &&
              pc.Der[0] == 0x30,
          "the client reads the server's certificate (%u bytes of DER)", pc.Length);
    CHECK(credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_PEER_CERTIFICATE, &pc) == SEC_E_UNSUPPORTED_FUNCTION,
          "the server has no client certificate to show");
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

/* Flags CredSSP does not do: SEC_E_UNSUPPORTED_FUNCTION, and no context. */
static void test_unsupported_flags(void)
{
    static const uint32_t isc_bad[] = { ISC_REQ_DATAGRAM, ISC_REQ_USE_DCE_STYLE, ISC_REQ_NULL_SESSION,
                                        ISC_REQ_PROMPT_FOR_CREDS, ISC_REQ_IDENTIFY };
    for (size_t i = 0; i < sizeof isc_bad / sizeof isc_bad[0]; i++) {
        loop_cfg cfg = loop_default();
        cfg.isc_req |= isc_bad[i];
        loop_result r;
        loop_run(&cfg, &r);
        CHECK(r.client == SEC_E_UNSUPPORTED_FUNCTION && r.messages == 0, "ISC_REQ 0x%x: %s", isc_bad[i],
              name(r.client));
    }
    loop_cfg cfg = loop_default();
    cfg.asc_req |= ASC_REQ_DATAGRAM;
    loop_result r;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_UNSUPPORTED_FUNCTION, "ASC_REQ_DATAGRAM: %s", name(r.server));
    cfg = loop_default();
    cfg.isc_req |= ISC_REQ_CONNECTION | ISC_REQ_STREAM | ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT |
                   ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_EXTENDED_ERROR | ISC_REQ_MANUAL_CRED_VALIDATION;
    loop_run(&cfg, &r);
    uint32_t want = ISC_RET_CONNECTION | ISC_RET_STREAM | ISC_RET_SEQUENCE_DETECT | ISC_RET_REPLAY_DETECT |
                    ISC_RET_CONFIDENTIALITY | ISC_RET_INTEGRITY | ISC_RET_EXTENDED_ERROR |
                    ISC_RET_MANUAL_CRED_VALIDATION | ISC_RET_MUTUAL_AUTH | ISC_RET_DELEGATE | ISC_RET_ALLOCATED_MEMORY;
    CHECK(r.client == SEC_E_OK && (r.client_attrs & want) == want, "every supported flag comes back (0x%x)",
          r.client_attrs);
    CHECK((r.server_attrs & ASC_RET_DELEGATE) && (r.server_attrs & ASC_RET_EXTENDED_ERROR),
          "the server reports ASC_RET_DELEGATE (credentials came) and ASC_RET_EXTENDED_ERROR (0x%x)", r.server_attrs);
    cfg = loop_default();
    cfg.isc_req = ISC_REQ_MUTUAL_AUTH;
    loop_run(&cfg, &r);
    CHECK(r.server == SEC_E_OK && !(r.server_attrs & ASC_RET_DELEGATE), "restricted admin: no ASC_RET_DELEGATE");
}

static void test_handles(void)
{
    loop_cfg cfg = loop_default();
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    CtxtHandle forged = cx;
    forged.dwUpper ^= 1;
    CtxtHandle wild = { 12345, 67890 };
    uint32_t attrs;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    CHECK(credssp_DeleteSecurityContext(NULL) == SEC_E_INVALID_HANDLE, "NULL context handle");
    CHECK(credssp_DeleteSecurityContext(&forged) == SEC_E_INVALID_HANDLE, "forged context handle");
    CHECK(credssp_DeleteSecurityContext(&wild) == SEC_E_INVALID_HANDLE, "made-up context handle");
    CHECK(credssp_DeleteSecurityContext((CtxtHandle *)&cc) == SEC_E_INVALID_HANDLE,
          "a credential handle is not a context handle");
    CHECK(credssp_InitializeSecurityContextA(&cc, &sx, "TERMSRV/x", 0, 0, SECURITY_NATIVE_DREP, NULL, 0, NULL, &od,
                                             &attrs, NULL) == SEC_E_INVALID_HANDLE,
          "a server context handed to InitializeSecurityContext");
    CHECK(credssp_DeleteSecurityContext(&cx) == SEC_E_OK, "delete the client context");
    CHECK(credssp_DeleteSecurityContext(&cx) == SEC_E_INVALID_HANDLE, "deleted twice");
    CHECK(credssp_QueryContextAttributesA(&cx, CREDSSP_ATTR_LAST_ERROR, &attrs) == SEC_E_INVALID_HANDLE,
          "query on a deleted handle");
    CHECK(credssp_FreeCredentialsHandle(&cc) == SEC_E_OK, "free the credential");
    CHECK(credssp_InitializeSecurityContextA(&cc, NULL, "TERMSRV/x", 0, 0, SECURITY_NATIVE_DREP, NULL, 0, &cx, &od,
                                             &attrs, NULL) == SEC_E_INVALID_HANDLE,
          "a freed credential handle");
    /* The server context outlives its credential handle: it holds a reference. */
    CHECK(credssp_FreeCredentialsHandle(&sc) == SEC_E_OK, "free the server credential first");
    CREDSSP_DELEGATED_CREDENTIALS d;
    CHECK(credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_DELEGATED_CREDENTIALS, &d) == SEC_E_OK &&
              strcmp(d.User, "alice") == 0,
          "the server context still answers");
    /* This package never returns SEC_I_COMPLETE_NEEDED or SEC_I_COMPLETE_AND_CONTINUE;
     * a CompleteAuthToken call anyway is harmless. */
    CHECK(credssp_CompleteAuthToken(&sx, NULL) == SEC_E_OK, "CompleteAuthToken on a live context: SEC_E_OK");
    CHECK(credssp_DeleteSecurityContext(&sx) == SEC_E_OK, "delete the server context");
    CHECK(credssp_CompleteAuthToken(&sx, NULL) == SEC_E_INVALID_HANDLE, "CompleteAuthToken on a deleted handle");
}

/* The server's first input split and padded: incomplete, then surplus. */
static void test_partial_input(void)
{
    loop_cfg cfg = loop_default();
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_result r;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    uint32_t attrs;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    CHECK(credssp_InitializeSecurityContextA(&cc, NULL, "TERMSRV/x", ISC_REQ_ALLOCATE_MEMORY, 0,
                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs, NULL) ==
              SEC_I_CONTINUE_NEEDED,
          "ClientHello");
    size_t hello_len = ob.cbBuffer;
    uint8_t *hello = malloc(hello_len + 3);
    memcpy(hello, ob.pvBuffer, hello_len);
    memcpy(hello + hello_len, "\x16\x03\x03", 3);
    credssp_FreeContextBuffer(ob.pvBuffer);

    /* Every prefix of the real ClientHello (one record). */
    size_t wrong = 0;
    for (size_t k = 1; k < hello_len; k++) {
        SecBuffer pb[2] = { { (uint32_t)k, SECBUFFER_TOKEN, hello }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc pd = { SECBUFFER_VERSION, 2, pb };
        SecBuffer so = { 0, SECBUFFER_TOKEN, NULL };
        SecBufferDesc sod = { SECBUFFER_VERSION, 1, &so };
        CtxtHandle none;
        SECURITY_STATUS pst = credssp_AcceptSecurityContext(&sc, NULL, &pd, ASC_REQ_ALLOCATE_MEMORY,
                                                            SECURITY_NATIVE_DREP, &none, &sod, &attrs, NULL);
        wrong += pst != SEC_E_INCOMPLETE_MESSAGE || pb[1].BufferType != SECBUFFER_MISSING ||
                 pb[1].cbBuffer != (k < 5 ? 5 - k : hello_len - k) || so.cbBuffer != 0;
    }
    CHECK(wrong == 0, "each of the %zu prefixes of the ClientHello: SEC_E_INCOMPLETE_MESSAGE, exact MISSING (%zu wrong)",
          hello_len - 1, wrong);
    SecBuffer ib[2] = { { (uint32_t)hello_len - 1, SECBUFFER_TOKEN, hello }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
    SecBuffer sb = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    SECURITY_STATUS st = credssp_AcceptSecurityContext(&sc, NULL, &id, ASC_REQ_ALLOCATE_MEMORY, SECURITY_NATIVE_DREP,
                                                       &sx, &sd, &attrs, NULL);
    CHECK(st == SEC_E_INCOMPLETE_MESSAGE && ib[1].BufferType == SECBUFFER_MISSING && ib[1].cbBuffer == 1,
          "one byte short: %s, SECBUFFER_MISSING %u", name(st), ib[1].cbBuffer);
    CHECK(sb.cbBuffer == 0, "nothing is sent for an incomplete message");
    ib[0].cbBuffer = (uint32_t)hello_len + 3;
    ib[1] = (SecBuffer){ 0, SECBUFFER_EMPTY, NULL };
    st = credssp_AcceptSecurityContext(&sc, NULL, &id, ASC_REQ_ALLOCATE_MEMORY, SECURITY_NATIVE_DREP, &sx, &sd,
                                       &attrs, NULL);
    CHECK(st == SEC_I_CONTINUE_NEEDED && ib[1].BufferType == SECBUFFER_EXTRA && ib[1].cbBuffer == 3,
          "three bytes past the record: %s, SECBUFFER_EXTRA %u", name(st), ib[1].cbBuffer);
    CHECK(sb.cbBuffer > 0 && (attrs & ASC_RET_ALLOCATED_MEMORY), "the ServerHello flight, package-allocated");
    credssp_FreeContextBuffer(sb.pvBuffer);

    /* Garbage instead of a TLS record fails the context cleanly. */
    SecBuffer gb[2] = { { 6, SECBUFFER_TOKEN, (void *)(uintptr_t) "GET / " }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc gd = { SECBUFFER_VERSION, 2, gb };
    CHECK(credssp_InitializeSecurityContextA(&cc, &cx, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP, &gd, 0,
                                             NULL, &od, &attrs, NULL) == SEC_E_INVALID_TOKEN,
          "not TLS: SEC_E_INVALID_TOKEN");
    CHECK(credssp_InitializeSecurityContextA(&cc, &cx, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP, &gd, 0,
                                             NULL, &od, &attrs, NULL) == SEC_E_INVALID_HANDLE,
          "a failed context is not driven further");
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    free(hello);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

static void test_arguments(void)
{
    CredHandle h;
    CREDSSP_LINUX_CRED none = { .Type = CredsspLinuxCreds };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL, &none, NULL, NULL, &h,
                                            NULL) == SEC_E_SECPKG_NOT_FOUND,
          "another package name");
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &h,
                                            NULL) == SEC_E_NO_CREDENTIALS,
          "no pAuthData");
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &none, NULL, NULL, &h,
                                            NULL) == SEC_E_NO_CREDENTIALS,
          "no user");
    CREDSSP_LINUX_CRED bad = { .Type = CredsspLinuxCreds, .User = "a", .NtHash = "xyz" };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &bad, NULL, NULL, &h,
                                            NULL) == SEC_E_UNKNOWN_CREDENTIALS,
          "a malformed NT hash");
    CREDSSP_LINUX_CRED nofile = { .Type = CredsspLinuxCreds, .UserFile = "/nonexistent/users" };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &nofile, NULL, NULL, &h,
                                            NULL) == SEC_E_NO_CREDENTIALS &&
              strstr(credssp_last_error(), "/nonexistent/users") != NULL,
          "a missing user file is named: %s", credssp_last_error());

    /* Windows' own structure: CREDSSP_CRED with a SEC_WINNT_AUTH_IDENTITY_A. */
    SEC_WINNT_AUTH_IDENTITY_A id = { (unsigned char *)(uintptr_t) "alice", 5, NULL, 0,
                                     (unsigned char *)(uintptr_t) "Passw0rd!", 9, SEC_WINNT_AUTH_IDENTITY_ANSI };
    CREDSSP_CRED wc = { CredsspPasswordCreds, NULL, &id };
    TimeStamp ts = { 0, 0 };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &wc, NULL, NULL, &h,
                                            &ts) == SEC_E_OK &&
              ts.HighPart == 0x7FFFFFFF,
          "CREDSSP_CRED / SEC_WINNT_AUTH_IDENTITY_A; the expiry is 'never'");
    CtxtHandle cx;
    uint32_t attrs;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP, NULL,
                                             0, &cx, &od, &attrs, NULL) == SEC_E_TARGET_UNKNOWN,
          "no target name");
    char long_target[1200];
    memset(long_target, 'a', sizeof long_target - 1);
    long_target[sizeof long_target - 1] = '\0';
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, long_target, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                             NULL, 0, &cx, &od, &attrs, NULL) == SEC_E_TARGET_UNKNOWN,
          "a target name too long for NTLM's MsvAvTargetName");
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/\xff\xfe", ISC_REQ_ALLOCATE_MEMORY, 0,
                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs,
                                             NULL) == SEC_E_TARGET_UNKNOWN,
          "a target name that is not UTF-8");
    TimeStamp expiry = { 0, 0 };
    SecBuffer eb = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc ed = { SECBUFFER_VERSION, 1, &eb };
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/x", ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NETWORK_DREP,
                                             NULL, 0, &cx, &ed, &attrs, &expiry) == SEC_I_CONTINUE_NEEDED &&
              expiry.HighPart == 0x7FFFFFFF && (attrs & ISC_RET_ALLOCATED_MEMORY),
          "ptsExpiry is filled (never), SECURITY_NETWORK_DREP is accepted");
    credssp_FreeContextBuffer(eb.pvBuffer);
    credssp_DeleteSecurityContext(&cx);
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/x", ISC_REQ_ALLOCATE_MEMORY, 1,
                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs,
                                             NULL) == SEC_E_INVALID_PARAMETER,
          "Reserved1 not zero");
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/x", ISC_REQ_ALLOCATE_MEMORY, 0, 7, NULL, 0, &cx, &od,
                                             &attrs, NULL) == SEC_E_INVALID_PARAMETER,
          "TargetDataRep neither native nor network");
    uint8_t small[8];
    SecBuffer sb = { sizeof small, SECBUFFER_TOKEN, small };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    CHECK(credssp_InitializeSecurityContextA(&h, NULL, "TERMSRV/x", 0, 0, SECURITY_NETWORK_DREP, NULL, 0, &cx, &sd,
                                             &attrs, NULL) == SEC_E_BUFFER_TOO_SMALL &&
              sb.cbBuffer > sizeof small,
          "the caller's buffer is too small; cbBuffer says what is needed (%u)", sb.cbBuffer);
    PSecurityFunctionTableA ft = credssp_InitSecurityInterfaceA();
    CHECK(ft != NULL && ft->dwVersion == 1 && ft->InitializeSecurityContextA == credssp_InitializeSecurityContextA &&
              ft->FreeCredentialsHandle(&h) == SEC_E_OK,
          "the function table");
}

/* A caller buffer too small for a later output: SEC_E_BUFFER_TOO_SMALL says
 * how much is needed, and the retry with the same input gets the output;
 * nothing is lost and the exchange completes. */
static void test_small_buffer_retry(void)
{
    CREDSSP_LINUX_CRED cc = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CREDSSP_LINUX_CRED sc = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem" };
    CredHandle ch, sh;
    CtxtHandle cx, sx;
    credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &cc, NULL, NULL, &ch, NULL);
    credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL, &sh, NULL);
    static uint8_t c2s[8192], s2c[8192];
    uint32_t c2s_len = 0, s2c_len = 0, attrs;
    SECURITY_STATUS cst = SEC_I_CONTINUE_NEEDED, sst = SEC_I_CONTINUE_NEEDED;
    bool retried = false;
    for (int turn = 0; turn < 12 && (cst == SEC_I_CONTINUE_NEEDED || sst == SEC_I_CONTINUE_NEEDED); turn++) {
        bool client = turn % 2 == 0;
        uint8_t *in = client ? s2c : c2s, *out = client ? c2s : s2c;
        uint32_t *in_len = client ? &s2c_len : &c2s_len, *out_len = client ? &c2s_len : &s2c_len;
        if (turn > 0 && *in_len == 0)
            break;
        SecBuffer ib[2] = { { *in_len, SECBUFFER_TOKEN, in }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
        /* Turn 2: the client's second output into a 16-byte buffer first. */
        uint32_t cap = turn == 2 && !retried ? 16 : 8192;
        SecBuffer ob = { cap, SECBUFFER_TOKEN, out };
        SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
        SECURITY_STATUS st =
            client ? credssp_InitializeSecurityContextA(&ch, turn == 0 ? NULL : &cx, "TERMSRV/x", ISC_REQ_DELEGATE, 0,
                                                        SECURITY_NATIVE_DREP, turn == 0 ? NULL : &id, 0, &cx, &od,
                                                        &attrs, NULL)
                   : credssp_AcceptSecurityContext(&sh, turn == 1 ? NULL : &sx, &id, 0, SECURITY_NATIVE_DREP, &sx, &od,
                                                   &attrs, NULL);
        if (st == SEC_E_BUFFER_TOO_SMALL) {
            CHECK(turn == 2 && ob.cbBuffer > 16, "the client's second output needs %u bytes: SEC_E_BUFFER_TOO_SMALL",
                  ob.cbBuffer);
            retried = true;
            turn--; /* the same call again, with the same input */
            continue;
        }
        *out_len = ob.cbBuffer;
        if (client)
            cst = st;
        else
            sst = st;
    }
    CHECK(retried && cst == SEC_E_OK && sst == SEC_E_OK, "after the retry the exchange completes: %s / %s",
          name(cst), name(sst));
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&ch);
    credssp_FreeCredentialsHandle(&sh);
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
          "smart-card credentials delegated: %s", name(r.client));
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
          "Remote Guard credentials delegated: %s", name(r.client));
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
    CHECK(r.acquire == SEC_E_UNKNOWN_CREDENTIALS, "both kinds at once are refused: %s", name(r.acquire));
    cfg = loop_default();
    cfg.smartcard = &card;
    cfg.isc_req = ISC_REQ_MUTUAL_AUTH;
    loop_run(&cfg, &r);
    CHECK(r.client == SEC_E_OK && r.deleg_type == 1 && r.deleg_user[0] == '\0',
          "without ISC_REQ_DELEGATE the card is not sent: empty password credentials");
}

static bool contains(const uint8_t *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return true;
    return false;
}

/* One call with a token in; the output replaces *out (package-allocated). */
static SECURITY_STATUS step(bool server, CredHandle *cred, CtxtHandle *ctx, bool first, uint8_t **tok, uint32_t *len)
{
    SecBuffer ib[2] = { { *len, SECBUFFER_TOKEN, *tok }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    uint32_t attrs;
    SECURITY_STATUS st =
        server ? credssp_AcceptSecurityContext(cred, first ? NULL : ctx, &id, ASC_REQ_ALLOCATE_MEMORY,
                                               SECURITY_NATIVE_DREP, ctx, &od, &attrs, NULL)
               : credssp_InitializeSecurityContextA(cred, first ? NULL : ctx, "TERMSRV/x",
                                                    ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                                    first || *len == 0 ? NULL : &id, 0, ctx, &od, &attrs, NULL);
    credssp_FreeContextBuffer(*tok);
    *tok = ob.pvBuffer;
    *len = ob.cbBuffer;
    return st;
}

/* A server that asks for a client certificate: SEC_I_INCOMPLETE_CREDENTIALS,
 * the CAs it accepts through SECPKG_ATTR_ISSUER_LIST_EX, a new credential
 * with a certificate in phCredential, and the handshake goes on. */
static void test_client_certificate(void)
{
    CREDSSP_LINUX_CRED ci = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CREDSSP_LINUX_CRED ci2 = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!",
                               .CertFile = CREDSSP_TEST_DATA "/client-cert.pem",
                               .KeyFile = CREDSSP_TEST_DATA "/client-key.pem" };
    CREDSSP_LINUX_CRED si = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem",
                              .ClientCaFile = CREDSSP_TEST_DATA "/client-ca.pem",
                              .Flags = CREDSSP_CRED_REQUEST_CLIENT_CERT };
    CredHandle cc, cc2, sc;
    CtxtHandle cx, sx;
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci, NULL, NULL, &cc,
                                            NULL) == SEC_E_OK &&
              credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &si, NULL, NULL, &sc,
                                                NULL) == SEC_E_OK,
          "a server credential that asks for client certificates");
    uint8_t *tok = NULL;
    uint32_t len = 0;
    SECURITY_STATUS cst = step(false, &cc, &cx, true, &tok, &len);
    SECURITY_STATUS sst = step(true, &sc, &sx, true, &tok, &len);
    cst = step(false, &cc, &cx, false, &tok, &len);
    CHECK(cst == SEC_I_INCOMPLETE_CREDENTIALS && len == 0, "the client without a certificate: %s", name(cst));
    SecPkgContext_IssuerListInfoEx issuers;
    CHECK(credssp_QueryContextAttributesA(&cx, SECPKG_ATTR_ISSUER_LIST_EX, &issuers) == SEC_E_OK &&
              issuers.cIssuers == 1 && issuers.aIssuers[0].cbData > 20 &&
              contains(issuers.aIssuers[0].pbData, issuers.aIssuers[0].cbData, "libcredssp test CA"),
          "SECPKG_ATTR_ISSUER_LIST_EX names the server's CA (%u issuers)", issuers.cIssuers);
    cst = step(false, &cc, &cx, false, &tok, &len);
    CHECK(cst == SEC_I_INCOMPLETE_CREDENTIALS, "called again without a certificate: still %s", name(cst));
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci2, NULL, NULL, &cc2,
                                            NULL) == SEC_E_OK,
          "a client credential with a certificate");
    cst = step(false, &cc2, &cx, false, &tok, &len);
    CHECK(cst == SEC_I_CONTINUE_NEEDED && len > 0, "with it in phCredential the handshake resumes: %s", name(cst));
    for (int turn = 0; turn < 8 && len > 0; turn++) {
        if (turn % 2 == 0 && sst == SEC_I_CONTINUE_NEEDED)
            sst = step(true, &sc, &sx, false, &tok, &len);
        else if (turn % 2 == 1 && cst == SEC_I_CONTINUE_NEEDED)
            cst = step(false, &cc2, &cx, false, &tok, &len);
        else
            break;
    }
    credssp_FreeContextBuffer(tok);
    CREDSSP_PEER_CERTIFICATE pc;
    CHECK(cst == SEC_E_OK && sst == SEC_E_OK, "the exchange completes: %s / %s", name(cst), name(sst));
    CHECK(credssp_QueryContextAttributesA(&sx, CREDSSP_ATTR_PEER_CERTIFICATE, &pc) == SEC_E_OK && pc.Length > 300,
          "the server sees the client's certificate (%u bytes)", pc.Length);
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&cc2);
    credssp_FreeCredentialsHandle(&sc);
}

/* The seed: calling InitializeSecurityContext again after SEC_E_OK asks for
 * re-authentication.  The same client context runs a whole new exchange. */
static void test_reauthentication(void)
{
    loop_cfg cfg = loop_default();
    loop_result r;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &r, &cc, &sc, &cx, &sx);
    credssp_DeleteSecurityContext(&sx);
    uint8_t *tok = NULL;
    uint32_t len = 0, attrs = 0;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    SECURITY_STATUS cst = credssp_InitializeSecurityContextA(&cc, &cx, "TERMSRV/localhost",
                                                             ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY, 0,
                                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs, NULL);
    CHECK(cst == SEC_I_CONTINUE_NEEDED && ob.cbBuffer > 0 && ((uint8_t *)ob.pvBuffer)[0] == 22,
          "a call without input after SEC_E_OK: %s and a new ClientHello", name(cst));
    tok = ob.pvBuffer;
    len = ob.cbBuffer;
    SECURITY_STATUS sst = SEC_I_CONTINUE_NEEDED;
    bool server_started = false;
    for (int turn = 1; turn < 12 && len > 0; turn++) {
        SecBuffer ib[2] = { { len, SECBUFFER_TOKEN, tok }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
        ob = (SecBuffer){ 0, SECBUFFER_TOKEN, NULL };
        if (turn % 2 == 1) {
            if (sst != SEC_I_CONTINUE_NEEDED)
                break;
            sst = credssp_AcceptSecurityContext(&sc, server_started ? &sx : NULL, &id, ASC_REQ_ALLOCATE_MEMORY,
                                                SECURITY_NATIVE_DREP, &sx, &od, &attrs, NULL);
            server_started = true;
        } else {
            if (cst != SEC_I_CONTINUE_NEEDED)
                break;
            cst = credssp_InitializeSecurityContextA(&cc, &cx, "TERMSRV/localhost",
                                                     ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY, 0,
                                                     SECURITY_NATIVE_DREP, &id, 0, &cx, &od, &attrs, NULL);
            if (cst == SEC_E_OK)
                CHECK(attrs & ISC_RET_REAUTHENTICATION, "ISC_RET_REAUTHENTICATION is reported");
        }
        credssp_FreeContextBuffer(tok);
        tok = ob.pvBuffer;
        len = ob.cbBuffer;
    }
    credssp_FreeContextBuffer(tok);
    CHECK(cst == SEC_E_OK && sst == SEC_E_OK, "the second exchange on the same client context: %s / %s", name(cst),
          name(sst));
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

/* The server with an ephemeral key (no certificate files). */
static void test_ephemeral_key(void)
{
    CREDSSP_LINUX_CRED s = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE) };
    CredHandle h;
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &s, NULL, NULL, &h, NULL) ==
              SEC_E_OK,
          "a server credential with an ephemeral RSA-2048 key");
    credssp_FreeCredentialsHandle(&h);
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
    test_peer_certificate();
    test_unsupported_flags();
    test_handles();
    test_partial_input();
    test_arguments();
    test_small_buffer_retry();
    test_reauthentication();
    test_credential_kinds();
    test_client_certificate();
    test_ephemeral_key();
    return test_summary();
}

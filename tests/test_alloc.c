/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Allocation-failure injection: the 1st, 2nd, ... Nth allocation of a full
 * client handshake, then of a full server handshake, fails in turn, until a
 * handshake completes without reaching N.  Every run must end in a status
 * (SEC_E_INSUFFICIENT_MEMORY, or SEC_E_INVALID_TOKEN / SEC_E_INTERNAL_ERROR
 * when OpenSSL reports the failure as a TLS failure, or a refusal when a
 * cryptographic step could not run), never a crash; LeakSanitizer checks at
 * exit that nothing leaked; and a fresh exchange afterwards works.
 * Our allocations are wrapped at link time (-Wl,--wrap=malloc,...), OpenSSL's
 * through CRYPTO_set_mem_functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "fixture.h"
#include "loopback.h"
#include "testlib.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static unsigned long alloc_count, fail_at; /* fail_at 0: never */
static char armed_error[256];              /* what the failing side's call said */
static int armed;
static unsigned long injected;

static int should_fail(void)
{
    if (!armed)
        return 0;
    if (++alloc_count == fail_at) {
        injected++;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
    return should_fail() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

static void *ossl_malloc(size_t n, const char *file, int line)
{
    (void)file;
    (void)line;
    return should_fail() ? NULL : __real_malloc(n);
}

static void *ossl_realloc(void *p, size_t n, const char *file, int line)
{
    (void)file;
    (void)line;
    return should_fail() ? NULL : __real_realloc(p, n);
}

static void ossl_free(void *p, const char *file, int line)
{
    (void)file;
    (void)line;
    free(p);
}

static CredHandle cc, sc;

/* One exchange, with allocation failures armed on one side's calls only. */
static void exchange(int fail_server, SECURITY_STATUS *client, SECURITY_STATUS *server, unsigned long *counted)
{
    CtxtHandle cx, sx;
    int c_started = 0, s_started = 0;
    uint8_t *tok = NULL;
    uint32_t len = 0;
    SECURITY_STATUS cst, sst = SEC_I_CONTINUE_NEEDED;
    alloc_count = 0;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    uint32_t attrs;
    armed = !fail_server;
    cst = credssp_InitializeSecurityContextA(&cc, NULL, "TERMSRV/x", ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY, 0,
                                             SECURITY_NATIVE_DREP, NULL, 0, &cx, &od, &attrs, NULL);
    armed = 0;
    c_started = cst == SEC_I_CONTINUE_NEEDED;
    tok = ob.pvBuffer;
    len = ob.cbBuffer;
    for (int turn = 1; turn < 16 && len > 0; turn++) {
        int server_turn = turn % 2 == 1;
        if (server_turn ? sst != SEC_I_CONTINUE_NEEDED : cst != SEC_I_CONTINUE_NEEDED)
            break;
        SecBuffer ib[2] = { { len, SECBUFFER_TOKEN, tok }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
        ob = (SecBuffer){ 0, SECBUFFER_TOKEN, NULL };
        armed = server_turn == fail_server;
        if (server_turn)
            sst = credssp_AcceptSecurityContext(&sc, s_started ? &sx : NULL, &id,
                                                ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_EXTENDED_ERROR,
                                                SECURITY_NATIVE_DREP, &sx, &od, &attrs, NULL);
        else
            cst = credssp_InitializeSecurityContextA(&cc, &cx, "TERMSRV/x", ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY,
                                                     0, SECURITY_NATIVE_DREP, &id, 0, &cx, &od, &attrs, NULL);
        armed = 0;
        SECURITY_STATUS mine = server_turn ? sst : cst;
        if (server_turn == fail_server && mine < 0 && armed_error[0] == '\0')
            snprintf(armed_error, sizeof armed_error, "%s", credssp_last_error());
        if (server_turn && (sst == SEC_I_CONTINUE_NEEDED || sst == SEC_E_OK))
            s_started = 1;
        if (server_turn && !s_started && sst != SEC_I_CONTINUE_NEEDED)
            s_started = 0;
        credssp_FreeContextBuffer(tok);
        tok = ob.pvBuffer;
        len = ob.cbBuffer;
    }
    credssp_FreeContextBuffer(tok);
    if (c_started)
        credssp_DeleteSecurityContext(&cx);
    if (s_started)
        credssp_DeleteSecurityContext(&sx);
    *client = cst;
    *server = sst;
    *counted = alloc_count;
}

/* No SEC_E_NO_CREDENTIALS: the credentials exist; a failed allocation is
 * not their absence. */
static bool allowed(SECURITY_STATUS st)
{
    return st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED || st == SEC_E_INSUFFICIENT_MEMORY ||
           st == SEC_E_INVALID_TOKEN || st == SEC_E_INTERNAL_ERROR || st == SEC_E_LOGON_DENIED ||
           st == SEC_E_MUTUAL_AUTH_FAILED;
}

/* A sentence that blames the peer's bytes for our allocation failure. */
static bool misreported(const char *why)
{
    return strstr(why, "UTF-16") != NULL || strstr(why, "malformed") != NULL;
}

static void sweep(int fail_server)
{
    const char *side = fail_server ? "server" : "client";
    SECURITY_STATUS c, s;
    unsigned long total;
    fail_at = 0;
    exchange(fail_server, &c, &s, &total);
    CHECK(c == SEC_E_OK && s == SEC_E_OK, "%s: without failures, %lu allocations in its calls", side, total);
    unsigned long runs = 0, odd = 0, memory = 0;
    for (fail_at = 1; fail_at <= total + 1; fail_at++) {
        injected = 0;
        armed_error[0] = '\0';
        unsigned long counted;
        exchange(fail_server, &c, &s, &counted);
        runs++;
        SECURITY_STATUS mine = fail_server ? s : c;
        memory += mine == SEC_E_INSUFFICIENT_MEMORY;
        if (!allowed(c) || !allowed(s) || (injected == 0 && (c != SEC_E_OK || s != SEC_E_OK)) ||
            misreported(armed_error)) {
            if (odd++ < 5)
                printf("# %s allocation %lu failed: client %s, server %s (\"%s\")\n", side, fail_at,
                       credssp_status_name(c), credssp_status_name(s), armed_error);
        }
        if (injected == 0)
            break; /* the exchange made fewer allocations than fail_at: done */
    }
    printf("# %s: %lu allocations, %lu runs, %lu ended in SEC_E_INSUFFICIENT_MEMORY\n", side, total, runs, memory);
    fail_at = 0;
    exchange(fail_server, &c, &s, &total);
    CHECK(odd == 0 && c == SEC_E_OK && s == SEC_E_OK,
          "%s: %lu runs, each allocation failing in turn: every run ends in a documented status (%lu with "
          "SEC_E_INSUFFICIENT_MEMORY), and a fresh exchange then works",
          side, runs, memory);
}

int main(void)
{
    if (!CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free)) {
        printf("OpenSSL allocated before main: cannot hook its allocator\n");
        return 1;
    }
    CREDSSP_LINUX_CRED ci = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CREDSSP_LINUX_CRED si = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem" };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &ci, NULL, NULL, &cc,
                                            NULL) == SEC_E_OK &&
              credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &si, NULL, NULL, &sc,
                                                NULL) == SEC_E_OK,
          "credentials");
    sweep(0);
    sweep(1);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
    return test_summary();
}

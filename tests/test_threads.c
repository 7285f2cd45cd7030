/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Thread safety: independent contexts run whole handshakes at once in
 * several threads, sharing one client and one server credential (as
 * `credssp serve` does), each thread also with credentials of its own.
 * Built and run under ThreadSanitizer by `make tsan` (in `make test`); it
 * also runs in the ordinary build.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "asn1.h"
#include "fixture.h"
#include "loopback.h"
#include "testlib.h"

#define THREADS 4
#define ROUNDS 4

static CredHandle shared_client, shared_server;

typedef struct worker {
    int id;
    unsigned ok, runs;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < ROUNDS; i++) {
        loop_cfg cfg = loop_default();
        cfg.client_flags = (w->id + i) % 2 ? CREDSSP_CRED_SPNEGO : 0;
        loop_result r;
        CtxtHandle cx, sx;
        if (i % 2 == 0) {
            loop_exchange(&cfg, &shared_client, &shared_server, &r, &cx, &sx);
            credssp_DeleteSecurityContext(&cx);
            credssp_DeleteSecurityContext(&sx);
        } else {
            loop_run(&cfg, &r);
        }
        w->runs++;
        w->ok += r.client == SEC_E_OK && r.server == SEC_E_OK && strcmp(r.deleg_user, "alice") == 0;
    }
    return NULL;
}

int main(void)
{
    CREDSSP_LINUX_CRED cc = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CREDSSP_LINUX_CRED sc = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem" };
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &cc, NULL, NULL,
                                            &shared_client, NULL) == SEC_E_OK &&
              credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL,
                                                &shared_server, NULL) == SEC_E_OK,
          "shared credentials");
    /* asn1c's alias descriptors settled before any thread decodes: unsettled,
     * the first uses in two threads write the same global (make tsan saw it,
     * in one run of three, in SEQUENCE_OF_encode_der). */
    CHECK(asn_DEF_MechType.der_encoder == asn_DEF_OBJECT_IDENTIFIER.der_encoder &&
              asn_DEF_NegState.ber_decoder == asn_DEF_NativeEnumerated.ber_decoder &&
              asn_DEF_ContextFlags.der_encoder == asn_DEF_BIT_STRING.der_encoder,
          "the generated alias descriptors are settled by AcquireCredentialsHandle");
    /* The user file is written before the threads start (loop_user_file caches it). */
    (void)loop_user_file(FIXTURE_SAM_ALICE);
    pthread_t th[THREADS];
    worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){ i, 0, 0 };
        pthread_create(&th[i], NULL, work, &w[i]);
    }
    unsigned ok = 0, runs = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        ok += w[i].ok;
        runs += w[i].runs;
    }
    CHECK(ok == runs && runs == THREADS * ROUNDS, "%u of %u concurrent handshakes in %d threads succeeded", ok, runs,
          THREADS);
    credssp_FreeCredentialsHandle(&shared_client);
    credssp_FreeCredentialsHandle(&shared_server);
    return test_summary();
}

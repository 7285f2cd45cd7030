/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Handle lifetimes and calls on one context from several threads, as an
 * SSPI caller makes them (thread pools, servers rotating credentials, WinRM
 * clients encrypting and decrypting on one context from two threads):
 *   - FreeCredentialsHandle racing a first InitializeSecurityContext on that
 *     credential (a use-after-free when the lookup did not take a reference);
 *   - DeleteSecurityContext racing EncryptMessage on that context;
 *   - one thread encrypting and another decrypting on the same context, on
 *     both sides at once: every record arrives, in order, intact.
 * Built and run under ThreadSanitizer by `make tsan` (in `make test`), and
 * under ASan+UBSan in the ordinary build.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "loopback.h"
#include "testlib.h"

#define CRED_RACE_ROUNDS 200
#define DELETE_RACE_ROUNDS 50
#define CHANNEL_MESSAGES 1500

/* ------------------------------------------------------ credential race */

typedef struct cred_race {
    pthread_barrier_t go;
    CredHandle cred;
    SECURITY_STATUS isc, free_st;
    CtxtHandle ctx;
    unsigned delay;
} cred_race;

static void *race_first_call(void *arg)
{
    cred_race *r = arg;
    SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    uint32_t attrs;
    pthread_barrier_wait(&r->go);
    r->isc = credssp_InitializeSecurityContextA(&r->cred, NULL, "TERMSRV/localhost",
                                                ISC_REQ_DELEGATE | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                                NULL, 0, &r->ctx, &od, &attrs, NULL);
    credssp_FreeContextBuffer(ob.pvBuffer);
    return NULL;
}

static void *race_free_credential(void *arg)
{
    cred_race *r = arg;
    pthread_barrier_wait(&r->go);
    /* Each round frees a little later: the rounds sweep the first call's
     * path from its lookup of the credential to its reference. */
    for (volatile unsigned spin = 0; spin < r->delay; spin++)
        ;
    r->free_st = credssp_FreeCredentialsHandle(&r->cred);
    return NULL;
}

static void test_free_credential_during_first_call(void)
{
    CREDSSP_LINUX_CRED cc = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    unsigned made = 0, refused = 0, other = 0;
    for (int i = 0; i < CRED_RACE_ROUNDS; i++) {
        cred_race r;
        memset(&r, 0, sizeof r);
        r.delay = (unsigned)(i % 40) * 50u;
        if (credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &cc, NULL, NULL, &r.cred,
                                              NULL) != SEC_E_OK) {
            other++;
            continue;
        }
        pthread_barrier_init(&r.go, NULL, 2);
        pthread_t a, b;
        pthread_create(&a, NULL, race_first_call, &r);
        pthread_create(&b, NULL, race_free_credential, &r);
        pthread_join(a, NULL);
        pthread_join(b, NULL);
        pthread_barrier_destroy(&r.go);
        if (r.isc == SEC_I_CONTINUE_NEEDED) {
            /* The context holds the credential: it still answers. */
            CREDSSP_PROTOCOL_INFO info;
            made += credssp_QueryContextAttributesA(&r.ctx, CREDSSP_ATTR_PROTOCOL_INFO, &info) == SEC_E_OK;
            credssp_DeleteSecurityContext(&r.ctx);
        } else if (r.isc == SEC_E_INVALID_HANDLE) {
            refused++;
        } else {
            other++;
        }
        other += r.free_st != SEC_E_OK;
    }
    CHECK(other == 0 && made + refused == CRED_RACE_ROUNDS,
          "FreeCredentialsHandle racing the first call: %u contexts made, %u refused (SEC_E_INVALID_HANDLE), %u other",
          made, refused, other);
}

/* ------------------------------------------------ delete during encrypt */

typedef struct delete_race {
    CtxtHandle ctx;
    pthread_barrier_t go;
    unsigned sealed, invalid, other;
} delete_race;

static void *encrypt_until_gone(void *arg)
{
    delete_race *r = arg;
    uint8_t wire[256];
    pthread_barrier_wait(&r->go);
    for (;;) {
        SECURITY_STATUS st = loop_seal(&r->ctx, "<s:Envelope/>", 64, wire, NULL);
        if (st == SEC_E_OK) {
            __atomic_add_fetch(&r->sealed, 1u, __ATOMIC_RELEASE);
        } else {
            if (st == SEC_E_INVALID_HANDLE)
                r->invalid++;
            else
                r->other++;
            break;
        }
    }
    return NULL;
}

static void test_delete_during_encrypt(void)
{
    unsigned ok = 0, sealed = 0;
    for (int i = 0; i < DELETE_RACE_ROUNDS; i++) {
        loop_cfg cfg = loop_default();
        loop_result lr;
        CredHandle cc, sc;
        CtxtHandle sx;
        delete_race r;
        memset(&r, 0, sizeof r);
        loop_run_keep(&cfg, &lr, &cc, &sc, &r.ctx, &sx);
        if (lr.client != SEC_E_OK)
            break;
        pthread_barrier_init(&r.go, NULL, 2);
        pthread_t th;
        pthread_create(&th, NULL, encrypt_until_gone, &r);
        pthread_barrier_wait(&r.go);
        /* Delete while the other thread is busy encrypting. */
        while (__atomic_load_n(&r.sealed, __ATOMIC_ACQUIRE) < 3u)
            ;
        SECURITY_STATUS del = credssp_DeleteSecurityContext(&r.ctx);
        pthread_join(th, NULL);
        pthread_barrier_destroy(&r.go);
        ok += del == SEC_E_OK && r.invalid == 1 && r.other == 0;
        sealed += r.sealed;
        credssp_DeleteSecurityContext(&sx);
        credssp_FreeCredentialsHandle(&cc);
        credssp_FreeCredentialsHandle(&sc);
    }
    CHECK(ok == DELETE_RACE_ROUNDS,
          "DeleteSecurityContext racing EncryptMessage: %u of %d rounds end in SEC_E_INVALID_HANDLE for the "
          "encrypting thread (%u records sealed meanwhile)",
          ok, DELETE_RACE_ROUNDS, sealed);
}

/* ------------------------------------- encrypt and decrypt at the same time */

/* Records in flight from one side to the other, in order. */
typedef struct wire_queue {
    pthread_mutex_t lock;
    pthread_cond_t more;
    uint8_t (*rec)[128];
    size_t *len;
    size_t head, tail;
} wire_queue;

static void queue_put(wire_queue *q, const uint8_t *rec, size_t len)
{
    pthread_mutex_lock(&q->lock);
    memcpy(q->rec[q->tail], rec, len);
    q->len[q->tail] = len;
    q->tail++;
    pthread_cond_signal(&q->more);
    pthread_mutex_unlock(&q->lock);
}

static size_t queue_take(wire_queue *q, uint8_t *rec)
{
    pthread_mutex_lock(&q->lock);
    while (q->head == q->tail)
        pthread_cond_wait(&q->more, &q->lock);
    size_t len = q->len[q->head];
    memcpy(rec, q->rec[q->head], len);
    q->head++;
    pthread_mutex_unlock(&q->lock);
    return len;
}

typedef struct channel_end {
    CtxtHandle *ctx;
    wire_queue *out, *in;
    const char *who;
    unsigned sent, received, bad;
} channel_end;

static void *channel_encrypt(void *arg)
{
    channel_end *e = arg;
    uint8_t wire[128];
    char msg[48];
    for (unsigned i = 0; i < CHANNEL_MESSAGES; i++) {
        snprintf(msg, sizeof msg, "%s message %u", e->who, i);
        size_t len = 0;
        if (loop_seal(e->ctx, msg, 64, wire, &len) != SEC_E_OK) {
            e->bad++;
            break;
        }
        queue_put(e->out, wire, len);
        e->sent++;
    }
    return NULL;
}

static void *channel_decrypt(void *arg)
{
    channel_end *e = arg;
    const char *peer = strcmp(e->who, "client") == 0 ? "server" : "client";
    uint8_t wire[128];
    char want[48];
    for (unsigned i = 0; i < CHANNEL_MESSAGES; i++) {
        size_t len = queue_take(e->in, wire);
        SecBuffer b[4] = { { (uint32_t)len, SECBUFFER_DATA, wire }, { 0, SECBUFFER_EMPTY, NULL },
                           { 0, SECBUFFER_EMPTY, NULL }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc d = { SECBUFFER_VERSION, 4, b };
        snprintf(want, sizeof want, "%s message %u", peer, i);
        if (credssp_DecryptMessage(e->ctx, &d, 0, NULL) != SEC_E_OK || b[1].BufferType != SECBUFFER_DATA ||
            b[1].cbBuffer != strlen(want) || memcmp(b[1].pvBuffer, want, b[1].cbBuffer) != 0) {
            e->bad++;
            break;
        }
        e->received++;
    }
    return NULL;
}

static void queue_init(wire_queue *q)
{
    static uint8_t recs[2][CHANNEL_MESSAGES][128];
    static size_t lens[2][CHANNEL_MESSAGES];
    static int used;
    memset(q, 0, sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->more, NULL);
    q->rec = recs[used];
    q->len = lens[used];
    used++;
}

static void test_encrypt_and_decrypt_concurrently(void)
{
    loop_cfg cfg = loop_default();
    loop_result lr;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    loop_run_keep(&cfg, &lr, &cc, &sc, &cx, &sx);
    CHECK(lr.client == SEC_E_OK && lr.server == SEC_E_OK, "established for the channel");
    wire_queue to_server, to_client;
    queue_init(&to_server);
    queue_init(&to_client);
    channel_end ce = { &cx, &to_server, &to_client, "client", 0, 0, 0 };
    channel_end se = { &sx, &to_client, &to_server, "server", 0, 0, 0 };
    /* Four threads: each side encrypts in one and decrypts in another, on
     * the one context it has. */
    pthread_t th[4];
    pthread_create(&th[0], NULL, channel_encrypt, &ce);
    pthread_create(&th[1], NULL, channel_decrypt, &ce);
    pthread_create(&th[2], NULL, channel_encrypt, &se);
    pthread_create(&th[3], NULL, channel_decrypt, &se);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    CHECK(ce.bad == 0 && se.bad == 0 && ce.received == CHANNEL_MESSAGES && se.received == CHANNEL_MESSAGES,
          "encrypting and decrypting on one context from two threads, both sides: %u and %u of %d records "
          "decrypt in order",
          se.received, ce.received, CHANNEL_MESSAGES);
    credssp_DeleteSecurityContext(&cx);
    credssp_DeleteSecurityContext(&sx);
    credssp_FreeCredentialsHandle(&cc);
    credssp_FreeCredentialsHandle(&sc);
}

/* test_lifetimes [credential|delete|channel]: one test, or all. */
int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : "";
    (void)loop_user_file(FIXTURE_SAM_ALICE); /* written before any thread starts */
    if (only[0] == '\0' || strcmp(only, "credential") == 0)
        test_free_credential_during_first_call();
    if (only[0] == '\0' || strcmp(only, "delete") == 0)
        test_delete_during_encrypt();
    if (only[0] == '\0' || strcmp(only, "channel") == 0)
        test_encrypt_and_decrypt_concurrently();
    return test_summary();
}

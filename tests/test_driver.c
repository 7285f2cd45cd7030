/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reusable driver (credssp_drive_initiator / _acceptor): a client and a
 * server, each in its own thread, over a socket pair.  Also with a transport
 * that delivers one byte at a time, so every message arrives through
 * SEC_E_INCOMPLETE_MESSAGE and SECBUFFER_EXTRA.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"
#include "loopback.h"
#include "testlib.h"

typedef struct end {
    int fd;
    size_t max_read; /* bytes per recv: 1 trickles */
    unsigned incomplete;
} end;

static int end_send(void *arg, const uint8_t *buf, size_t len)
{
    end *e = arg;
    while (len > 0) {
        ssize_t n = send(e->fd, buf, len, MSG_NOSIGNAL);
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int end_recv(void *arg, uint8_t *buf, size_t cap, size_t *got)
{
    end *e = arg;
    ssize_t n = recv(e->fd, buf, cap < e->max_read ? cap : e->max_read, 0);
    if (n == 0)
        return CREDSSP_TRANSPORT_CLOSED;
    if (n < 0)
        return -1;
    *got = (size_t)n;
    return 0;
}

static void end_status(void *arg, const char *call, SECURITY_STATUS st)
{
    (void)call;
    if (st == SEC_E_INCOMPLETE_MESSAGE)
        ((end *)arg)->incomplete++;
}

typedef struct server_run {
    CredHandle cred;
    end e;
    SECURITY_STATUS st;
    CtxtHandle ctx;
    char user[64], password[64];
} server_run;

static void *server_thread(void *arg)
{
    server_run *s = arg;
    CREDSSP_TRANSPORT t = { end_send, end_recv, &s->e, end_status };
    uint32_t attrs;
    s->st = credssp_drive_acceptor(&s->cred, ASC_REQ_EXTENDED_ERROR, &t, &s->ctx, &attrs);
    CREDSSP_DELEGATED_CREDENTIALS d;
    if (s->st == SEC_E_OK && credssp_QueryContextAttributesA(&s->ctx, CREDSSP_ATTR_DELEGATED_CREDENTIALS, &d) ==
                                 SEC_E_OK) {
        snprintf(s->user, sizeof s->user, "%s", d.User);
        snprintf(s->password, sizeof s->password, "%s", d.Password);
    }
    credssp_DeleteSecurityContext(&s->ctx);
    close(s->e.fd); /* the client sees the end of the stream */
    return NULL;
}

static void run(const char *password, size_t max_read, SECURITY_STATUS *client, server_run *s, unsigned *incomplete)
{
    int fds[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0, "socketpair");
    CREDSSP_LINUX_CRED cc = { .Type = CredsspLinuxCreds, .User = "alice", .Password = password };
    CREDSSP_LINUX_CRED sc = { .Type = CredsspLinuxCreds, .UserFile = loop_user_file(FIXTURE_SAM_ALICE),
                              .CertFile = CREDSSP_TEST_DATA "/loopback-cert.pem",
                              .KeyFile = CREDSSP_TEST_DATA "/loopback-key.pem" };
    CredHandle ch;
    memset(s, 0, sizeof *s);
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &cc, NULL, NULL, &ch,
                                            NULL) == SEC_E_OK &&
              credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL,
                                                &s->cred, NULL) == SEC_E_OK,
          "credentials");
    s->e = (end){ fds[1], max_read, 0 };
    end ce = { fds[0], max_read, 0 };
    pthread_t th;
    pthread_create(&th, NULL, server_thread, s);
    CREDSSP_TRANSPORT t = { end_send, end_recv, &ce, end_status };
    CtxtHandle ctx;
    uint32_t attrs = 0;
    *client = credssp_drive_initiator(&ch, "TERMSRV/localhost", ISC_REQ_DELEGATE | ISC_REQ_MUTUAL_AUTH, &t, &ctx,
                                      &attrs);
    credssp_DeleteSecurityContext(&ctx);
    shutdown(fds[0], SHUT_RDWR);
    pthread_join(th, NULL);
    close(fds[0]);
    *incomplete = ce.incomplete + s->e.incomplete;
    credssp_FreeCredentialsHandle(&ch);
    credssp_FreeCredentialsHandle(&s->cred);
}

static int failing_recv(void *arg, uint8_t *buf, size_t cap, size_t *got)
{
    (void)arg, (void)buf, (void)cap, (void)got;
    return -7; /* a timeout, say */
}

/* Each transport failure reports its own cause: a peer that closes after
 * the ClientHello, and a recv that fails. */
static void test_transport_failures(void)
{
    CREDSSP_LINUX_CRED cc = { .Type = CredsspLinuxCreds, .User = "alice", .Password = "Passw0rd!" };
    CredHandle ch;
    CHECK(credssp_AcquireCredentialsHandleA(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &cc, NULL, NULL, &ch,
                                            NULL) == SEC_E_OK,
          "a client credential");
    int fds[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0, "socketpair");
    shutdown(fds[1], SHUT_WR); /* the peer takes the ClientHello and closes its side */
    end ce = { fds[0], 65536, 0 };
    CREDSSP_TRANSPORT t = { end_send, end_recv, &ce, NULL };
    CtxtHandle ctx;
    SECURITY_STATUS st = credssp_drive_initiator(&ch, "TERMSRV/localhost", ISC_REQ_DELEGATE, &t, &ctx, NULL);
    CHECK(st == SEC_E_INVALID_TOKEN && strstr(credssp_last_error(), "closed") != NULL,
          "a peer that closed: %s (\"%s\")", credssp_status_name(st), credssp_last_error());
    credssp_DeleteSecurityContext(&ctx);
    close(fds[0]);
    close(fds[1]);
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0, "socketpair");
    ce = (end){ fds[0], 65536, 0 };
    t = (CREDSSP_TRANSPORT){ end_send, failing_recv, &ce, NULL };
    st = credssp_drive_initiator(&ch, "TERMSRV/localhost", ISC_REQ_DELEGATE, &t, &ctx, NULL);
    CHECK(st == SEC_E_INTERNAL_ERROR && strstr(credssp_last_error(), "recv failed (-7)") != NULL,
          "a recv that fails: %s (\"%s\")", credssp_status_name(st), credssp_last_error());
    credssp_DeleteSecurityContext(&ctx);
    close(fds[0]);
    close(fds[1]);
    credssp_FreeCredentialsHandle(&ch);
}

int main(void)
{
    test_transport_failures();
    SECURITY_STATUS client;
    server_run s;
    unsigned incomplete;
    run("Passw0rd!", 65536, &client, &s, &incomplete);
    CHECK(client == SEC_E_OK && s.st == SEC_E_OK && strcmp(s.user, "alice") == 0 &&
              strcmp(s.password, "Passw0rd!") == 0,
          "driver to driver over a socket: %s / %s, delegated %s", credssp_status_name(client),
          credssp_status_name(s.st), s.user);
    run("wrong", 65536, &client, &s, &incomplete);
    CHECK(client == SEC_E_LOGON_DENIED && s.st == SEC_E_LOGON_DENIED, "wrong password: %s / %s",
          credssp_status_name(client), credssp_status_name(s.st));
    run("Passw0rd!", 1, &client, &s, &incomplete);
    CHECK(client == SEC_E_OK && s.st == SEC_E_OK && strcmp(s.password, "Passw0rd!") == 0,
          "one byte per read: %s / %s", credssp_status_name(client), credssp_status_name(s.st));
    CHECK(incomplete > 1000, "every byte but a record's last came through SEC_E_INCOMPLETE_MESSAGE (%u calls)",
          incomplete);
    run("Passw0rd!", 7, &client, &s, &incomplete);
    CHECK(client == SEC_E_OK && s.st == SEC_E_OK, "seven bytes per read: %s / %s", credssp_status_name(client),
          credssp_status_name(s.st));
    return test_summary();
}

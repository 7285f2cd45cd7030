/* SPDX-License-Identifier: Apache-2.0 */
/*
 * credssp demo: the whole thing on one machine with nothing to set up.  A
 * server (serve) on a free loopback port with a demo user and an ephemeral
 * RSA-2048 key; the client (connect --trace) against it with the right
 * password, then with a wrong one.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "connect.h"
#include "net.h"
#include "serve.h"

#define DEMO_USER "alice"
#define DEMO_PASSWORD "Passw0rd!"
/* winpr-hash -u alice -p Passw0rd! -f sam */
#define DEMO_SAM "alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n"

typedef struct demo_server {
    serve_opts o;
    int fd;
    volatile sig_atomic_t stop;
    int rc;
} demo_server;

static void *demo_serve(void *arg)
{
    demo_server *d = arg;
    d->rc = serve_run(&d->o, d->fd, &d->stop, stdout);
    return NULL;
}

int cmd_demo(int argc, char **argv)
{
    if (argc > 1) {
        fputs("usage: credssp demo\n  a CredSSP server and client on loopback, with a trace; no flags, no files\n",
              strcmp(argv[1], "--help") == 0 ? stdout : stderr);
        return strcmp(argv[1], "--help") == 0 ? 0 : EXIT_USAGE;
    }
    char users[] = "/tmp/credssp-demo-users-XXXXXX";
    int ufd = mkstemp(users);
    if (ufd < 0 || write(ufd, DEMO_SAM, strlen(DEMO_SAM)) != (ssize_t)strlen(DEMO_SAM)) {
        fprintf(stderr, "credssp demo: cannot write the demo user file\n");
        return 1;
    }
    close(ufd);
    demo_server d;
    memset(&d, 0, sizeof d);
    snprintf(d.o.host, sizeof d.o.host, "127.0.0.1");
    d.o.users = users;
    d.o.timeout_ms = 10000;
    d.o.idle_ms = 10000;
    d.o.max_clients = 4;
    char error[256];
    int port = 0;
    d.fd = net_listen("127.0.0.1", 0, &port, error, sizeof error);
    if (d.fd < 0) {
        fprintf(stderr, "credssp demo: %s\n", error);
        unlink(users);
        return 1;
    }
    printf("== credssp demo: a server on 127.0.0.1:%d (user %s, an ephemeral RSA-2048 key), a client with --trace\n\n",
           port, DEMO_USER);
    fflush(stdout);
    pthread_t th;
    pthread_create(&th, NULL, demo_serve, &d);

    connect_opts c = { .port = port, .user = DEMO_USER, .domain = "", .password = DEMO_PASSWORD,
                       .delegate = true, .trace = true, .timeout_ms = 10000 };
    snprintf(c.host, sizeof c.host, "127.0.0.1");
    printf("-- 1. the right password\n");
    int ok = connect_run(&c, stdout);
    fflush(stdout);
    printf("\n-- 2. a wrong password (the server answers with errorCode STATUS_LOGON_FAILURE)\n");
    c.password = "not-the-password";
    c.trace = false;
    int denied = connect_run(&c, stdout);
    fflush(stdout);
    d.stop = 1;
    pthread_join(th, NULL);
    close(d.fd);
    unlink(users);
    bool good = ok == EXIT_AUTHENTICATED && denied == EXIT_LOGON_DENIED && d.rc == 0;
    printf("\n== demo %s: the right password authenticated (exit %d), the wrong one was denied (exit %d)\n",
           good ? "done" : "FAILED", ok, denied);
    return good ? 0 : 1;
}

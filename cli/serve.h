/* SPDX-License-Identifier: Apache-2.0 */
/* credssp serve, callable from demo. */
#ifndef CREDSSP_SERVE_H
#define CREDSSP_SERVE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <credssp/credssp.h>

typedef struct serve_opts {
    char host[256];
    int port;
    const char *users, *cert, *key;
    uint32_t min_version, max_version;
    bool raw, show_secrets, trace;
    int timeout_ms;   /* a client's whole exchange */
    int idle_ms;      /* the longest silence from a client */
    unsigned max_clients;
} serve_opts;

/* Serves on listen_fd until *stop is set; one log line per client on log.
 * Returns 0, or 1 when the credential cannot be made. */
int serve_run(const serve_opts *o, int listen_fd, volatile sig_atomic_t *stop, FILE *log);

#endif

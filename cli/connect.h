/* SPDX-License-Identifier: Apache-2.0 */
/* credssp connect, callable from demo. */
#ifndef CREDSSP_CONNECT_H
#define CREDSSP_CONNECT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct connect_opts {
    char host[256];
    int port;
    const char *user, *domain, *password, *nt_hash, *target;
    bool raw, spnego, delegate, trace, json;
    uint32_t min_version;
    int timeout_ms;
    const char *keylog;
} connect_opts;

/* Runs one connection; prints a summary (or JSON) to out, the trace to out. */
int connect_run(const connect_opts *o, FILE *out);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sockets for the credssp command: TCP with deadlines, the RDP X.224
 * negotiation on either side, and a CREDSSP_TRANSPORT over a socket.
 */
#ifndef CREDSSP_NET_H
#define CREDSSP_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <credssp/credssp.h>

#include "x224.h"

typedef struct net_conn {
    int fd;
    int64_t deadline_ms;   /* absolute (monotonic); the whole exchange must end by then */
    int idle_ms;           /* the longest wait for one read */
    size_t received, sent; /* bytes, for limits and logs */
    size_t max_received;   /* a peer sending more than this is dropped */
    bool closed;           /* the peer closed the connection */
    bool timed_out;
    char error[160];
} net_conn;

int64_t net_now_ms(void);
/* "host", "host:port", "[v6]:port" (port 0..65535); *port keeps its value when absent. */
bool net_split_host_port(const char *in, char *host, size_t host_cap, int *port);
/* Connected socket or -1 (c->error says why). */
bool net_connect(net_conn *c, const char *host, int port, int timeout_ms);
/* A listening socket or -1; *bound_port gets the port (for port 0). */
int net_listen(const char *host, int port, int *bound_port, char *error, size_t error_cap);

int net_send_all(net_conn *c, const uint8_t *buf, size_t len);
/* At least one byte; -1 on error, close or timeout (c says which). */
int net_recv_some(net_conn *c, uint8_t *buf, size_t cap, size_t *got);

/* Client: Connection Request with RDP_NEG_REQ, then the Confirm. */
bool net_x224_client(net_conn *c, const char *cookie_user, uint32_t protocols, x224_confirm *cc);
/* Server: reads the Connection Request, answers HYBRID (or a failure). */
bool net_x224_server(net_conn *c, x224_request *req, uint32_t *selected);

/* The driver's transport over c (on_status may be set after). */
CREDSSP_TRANSPORT net_transport(net_conn *c);

#endif

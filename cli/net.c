/* SPDX-License-Identifier: Apache-2.0 */
/* Sockets with deadlines and the X.224 negotiation; see net.h. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"

int64_t net_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool net_split_host_port(const char *in, char *host, size_t host_cap, int *port)
{
    const char *colon;
    size_t n;
    if (in[0] == '[') {
        const char *end = strchr(in, ']');
        if (end == NULL)
            return false;
        n = (size_t)(end - in - 1);
        if (n >= host_cap)
            return false;
        memcpy(host, in + 1, n);
        host[n] = '\0';
        colon = end[1] == ':' ? end + 1 : NULL;
        if (end[1] != '\0' && colon == NULL)
            return false;
    } else {
        colon = strrchr(in, ':');
        if (colon != NULL && strchr(in, ':') != colon)
            colon = NULL; /* a bare IPv6 address */
        n = colon != NULL ? (size_t)(colon - in) : strlen(in);
        if (n == 0 || n >= host_cap)
            return false;
        memcpy(host, in, n);
        host[n] = '\0';
    }
    if (colon != NULL) {
        char *end;
        long p = strtol(colon + 1, &end, 10);
        if (*end != '\0' || p < 0 || p > 65535)
            return false;
        *port = (int)p;
    }
    return true;
}

static void net_fail(net_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void net_fail(net_conn *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->error, sizeof c->error, fmt, ap);
    va_end(ap);
}

bool net_connect(net_conn *c, const char *host, int port, int timeout_ms)
{
    struct addrinfo hints = { 0 }, *res = NULL;
    char service[16];
    c->fd = -1;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(service, sizeof service, "%d", port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        net_fail(c, "cannot resolve the host: %s", gai_strerror(rc));
        return false;
    }
    for (struct addrinfo *a = res; a != NULL && c->fd < 0; a = a->ai_next) {
        int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            net_fail(c, "connect: %s", strerror(errno));
            close(fd);
            continue;
        }
        struct pollfd p = { fd, POLLOUT, 0 };
        int err = 0;
        socklen_t len = sizeof err;
        if (poll(&p, 1, timeout_ms) != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
            net_fail(c, "connect: %s", err != 0 ? strerror(err) : "timed out");
            c->timed_out = err == 0;
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->fd = fd;
    }
    freeaddrinfo(res);
    return c->fd >= 0;
}

int net_listen(const char *host, int port, int *bound_port, char *error, size_t error_cap)
{
    struct addrinfo hints = { 0 }, *res = NULL;
    char service[16];
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    snprintf(service, sizeof service, "%d", port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        snprintf(error, error_cap, "cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 64) != 0) {
        snprintf(error, error_cap, "cannot listen on %s:%d: %s", host, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (bound_port != NULL && getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
        *bound_port = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                                               : ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

/* Waits until fd is ready for events, within the idle and overall deadlines. */
static bool net_wait(net_conn *c, short events)
{
    int64_t left = c->deadline_ms - net_now_ms();
    int wait = left < c->idle_ms ? (int)(left > 0 ? left : 0) : c->idle_ms;
    struct pollfd p = { c->fd, events, 0 };
    int rc;
    do
        rc = poll(&p, 1, wait);
    while (rc < 0 && errno == EINTR);
    if (rc == 1)
        return true;
    c->timed_out = rc == 0;
    net_fail(c, "%s", rc == 0 ? "timed out waiting for the peer" : "poll failed");
    return false;
}

int net_send_all(net_conn *c, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        if (!net_wait(c, POLLOUT))
            return -1;
        ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0) {
            net_fail(c, "send: %s", strerror(errno));
            return -1;
        }
        buf += n;
        len -= (size_t)n;
        c->sent += (size_t)n;
    }
    return 0;
}

int net_recv_some(net_conn *c, uint8_t *buf, size_t cap, size_t *got)
{
    *got = 0;
    for (;;) {
        if (!net_wait(c, POLLIN))
            return -1;
        ssize_t n = recv(c->fd, buf, cap, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n == 0) {
            c->closed = true;
            net_fail(c, "%s", "the peer closed the connection");
            return -1;
        }
        if (n < 0) {
            net_fail(c, "recv: %s", strerror(errno));
            return -1;
        }
        c->received += (size_t)n;
        if (c->max_received > 0 && c->received > c->max_received) {
            net_fail(c, "%s", "the peer sent more than any CredSSP exchange needs");
            return -1;
        }
        *got = (size_t)n;
        return 0;
    }
}

/* Reads exactly one TPKT into buf (X224_MAX_PDU bytes). */
static bool net_read_tpkt(net_conn *c, uint8_t *buf, size_t *len)
{
    size_t have = 0, need = TPKT_HEADER_LEN, got;
    for (;;) {
        while (have < need) {
            if (net_recv_some(c, buf + have, need - have, &got) != 0)
                return false;
            have += got;
        }
        if (need > TPKT_HEADER_LEN)
            break;
        x224_result r = tpkt_length(buf, have, &need);
        if (r != X224_OK) {
            net_fail(c, "the first PDU: %s", x224_result_text(r));
            return false;
        }
    }
    *len = have;
    return true;
}

bool net_x224_client(net_conn *c, const char *cookie_user, uint32_t protocols, x224_confirm *cc)
{
    uint8_t pdu[X224_MAX_PDU];
    size_t len = x224_write_request(pdu, sizeof pdu, cookie_user, protocols);
    if (len == 0 || net_send_all(c, pdu, len) != 0 || !net_read_tpkt(c, pdu, &len))
        return false;
    x224_result r = x224_parse_confirm(pdu, len, cc);
    if (r != X224_OK) {
        net_fail(c, "the X.224 Connection Confirm: %s", x224_result_text(r));
        return false;
    }
    return true;
}

bool net_x224_server(net_conn *c, x224_request *req, uint32_t *selected)
{
    uint8_t pdu[X224_MAX_PDU];
    size_t len;
    if (!net_read_tpkt(c, pdu, &len))
        return false;
    x224_result r = x224_parse_request(pdu, len, req);
    if (r != X224_OK) {
        net_fail(c, "the X.224 Connection Request: %s", x224_result_text(r));
        return false;
    }
    /* We only speak CredSSP: HYBRID (also when HYBRID_EX is offered; no
     * Early User Authorization PDU then). */
    bool hybrid = req->has_neg && (req->protocols & (RDP_PROTOCOL_HYBRID | RDP_PROTOCOL_HYBRID_EX)) != 0;
    *selected = hybrid ? RDP_PROTOCOL_HYBRID : 0;
    len = x224_write_confirm(pdu, sizeof pdu, !hybrid, hybrid ? RDP_PROTOCOL_HYBRID : RDP_HYBRID_REQUIRED_BY_SERVER);
    if (net_send_all(c, pdu, len) != 0)
        return false;
    if (!hybrid)
        net_fail(c, "%s", "the client does not offer CredSSP (HYBRID): answered HYBRID_REQUIRED_BY_SERVER");
    return hybrid;
}

static int net_transport_send(void *arg, const uint8_t *buf, size_t len)
{
    return net_send_all(arg, buf, len);
}

static int net_transport_recv(void *arg, uint8_t *buf, size_t cap, size_t *got)
{
    const net_conn *c = arg;
    int rc = net_recv_some(arg, buf, cap, got);
    return rc != 0 && c->closed ? CREDSSP_TRANSPORT_CLOSED : rc;
}

CREDSSP_TRANSPORT net_transport(net_conn *c)
{
    CREDSSP_TRANSPORT t = { net_transport_send, net_transport_recv, c, NULL };
    return t;
}

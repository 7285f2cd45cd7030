/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the seed's calling loop (engine/api/driver.c,
 * credssp_drive_acceptor) over a transport that reads a client's byte stream
 * from the input, in chunks of the size the first byte says (0: all at
 * once), then reports the stream closed.  Targets driver_loop, driver_read
 * and driver_keep_extra (SEC_E_INCOMPLETE_MESSAGE, SECBUFFER_EXTRA) on top of
 * the whole server engine of the fuzzing build.  Seeds are recorded client
 * streams (fuzz/engine_seeds.c), which reach SEC_E_OK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_peer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct stream {
    const uint8_t *data;
    size_t len, at, chunk;
} stream;

static int stream_send(void *arg, const uint8_t *buf, size_t len)
{
    (void)arg, (void)buf, (void)len;
    return 0;
}

static int stream_recv(void *arg, uint8_t *buf, size_t cap, size_t *got)
{
    stream *s = arg;
    if (s->at == s->len)
        return CREDSSP_TRANSPORT_CLOSED;
    size_t n = s->len - s->at;
    if (s->chunk > 0 && n > s->chunk)
        n = s->chunk;
    if (n > cap)
        n = cap;
    memcpy(buf, s->data + s->at, n);
    s->at += n;
    *got = n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    engine_peer_setup();
    if (size < 1)
        return 0;
    stream s = { data + 1, size - 1, 0, data[0] };
    CREDSSP_TRANSPORT t = { stream_send, stream_recv, &s, NULL };
    CtxtHandle ctx;
    uint32_t attrs = 0;
    SECURITY_STATUS st = credssp_drive_acceptor(&engine_server_cred, ASC_REQ_EXTENDED_ERROR, &t, &ctx, &attrs);
    if (getenv("FUZZ_ENGINE_REPORT") != NULL)
        fprintf(stderr, "engine_driver: %s\n", credssp_status_name(st));
    credssp_DeleteSecurityContext(&ctx);
    return 0;
}

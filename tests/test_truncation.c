/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The truncation sweep: every prefix of every message of a loopback exchange,
 * fed to its receiver, gives SEC_E_INCOMPLETE_MESSAGE with the exact number
 * of missing bytes in SECBUFFER_MISSING (or, for the empty prefix,
 * SEC_E_INVALID_TOKEN); the context stays usable, and the whole message fed
 * next carries the exchange on to SEC_E_OK: no byte is lost.  On the fuzzing
 * twin (pass-through TLS, fixed entropy), where exchanges replay exactly;
 * real TLS framing is the same code (engine/codec/record.c) and the real
 * ClientHello is swept too, in test_engine.c's style, at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../fuzz/engine_peer.h"
#include "testlib.h"

#define MAX_MSGS 16

typedef struct recorded {
    uint8_t *bytes[MAX_MSGS];
    size_t len[MAX_MSGS];
    int to_server[MAX_MSGS];
    size_t count;
} recorded;

/* One call, keeping the input's second buffer to read MISSING back. */
static SECURITY_STATUS call_in(int server, engine_io *io, const uint8_t *in, size_t len, SecBuffer *spare)
{
    return engine_peer_call_spare(server, server ? &engine_server_cred : &engine_client_cred[0], io, in, len, spare);
}

/* The whole exchange, recording each message and who receives it. */
static void record_exchange(recorded *r)
{
    engine_io c = { 0 }, s = { 0 };
    SECURITY_STATUS cs = engine_peer_call(0, &engine_client_cred[0], &c, NULL, 0), ss = SEC_I_CONTINUE_NEEDED;
    memset(r, 0, sizeof *r);
    int to_server = 1;
    while (r->count < MAX_MSGS) {
        engine_io *from = to_server ? &c : &s;
        if (from->out_len == 0)
            break;
        r->bytes[r->count] = malloc(from->out_len);
        memcpy(r->bytes[r->count], from->out, from->out_len);
        r->len[r->count] = from->out_len;
        r->to_server[r->count] = to_server;
        r->count++;
        if (to_server)
            ss = engine_peer_call(1, &engine_server_cred, &s, r->bytes[r->count - 1], r->len[r->count - 1]);
        else
            cs = engine_peer_call(0, &engine_client_cred[0], &c, r->bytes[r->count - 1], r->len[r->count - 1]);
        if (to_server ? ss != SEC_I_CONTINUE_NEEDED && s.out_len == 0 : cs != SEC_I_CONTINUE_NEEDED && c.out_len == 0)
            break;
        to_server = !to_server;
    }
    CHECK(cs == SEC_E_OK && ss == SEC_E_OK && r->count == 7, "the recorded exchange: %s / %s in %zu messages",
          credssp_status_name(cs), credssp_status_name(ss), r->count);
    engine_peer_end(&c);
    engine_peer_end(&s);
}

/* Replays the exchange with message m cut to k bytes first. */
static bool sweep_one(const recorded *r, size_t m, size_t k)
{
    engine_io c = { 0 }, s = { 0 };
    SecBuffer spare;
    bool ok = true;
    (void)call_in(0, &c, NULL, 0, &spare);
    SECURITY_STATUS last = SEC_E_INTERNAL_ERROR;
    for (size_t i = 0; i < r->count; i++) {
        engine_io *to = r->to_server[i] ? &s : &c;
        if (i == m) {
            SECURITY_STATUS st = call_in(r->to_server[i], to, r->bytes[i], k, &spare);
            bool first_server_call = r->to_server[i] && !s.started;
            if (k == 0)
                ok = first_server_call ? st == SEC_E_INVALID_TOKEN : st == SEC_E_INVALID_TOKEN;
            else
                ok = st == SEC_E_INCOMPLETE_MESSAGE && spare.BufferType == SECBUFFER_MISSING &&
                     spare.cbBuffer == (k < 5 ? 5 - k : r->len[i] - k);
            if (!ok) {
                printf("# message %zu cut at %zu: %s, buffer %u/%u\n", i, k, credssp_status_name(st),
                       spare.BufferType, spare.cbBuffer);
                break;
            }
        }
        last = call_in(r->to_server[i], to, r->bytes[i], r->len[i], &spare);
    }
    ok = ok && last == SEC_E_OK;
    engine_peer_end(&c);
    engine_peer_end(&s);
    return ok;
}

int main(void)
{
    engine_peer_setup();
    recorded r;
    record_exchange(&r);
    for (size_t m = 0; m < r.count; m++) {
        size_t bad = 0;
        for (size_t k = 0; k < r.len[m]; k++)
            bad += !sweep_one(&r, m, k);
        CHECK(bad == 0, "message %zu (%zu bytes, to the %s): every prefix is SEC_E_INCOMPLETE_MESSAGE with the exact "
                        "missing count, and the exchange then completes (%zu bad)",
              m, r.len[m], r.to_server[m] ? "server" : "client", bad);
    }
    for (size_t m = 0; m < r.count; m++)
        free(r.bytes[m]);
    credssp_FreeCredentialsHandle(&engine_client_cred[0]);
    credssp_FreeCredentialsHandle(&engine_client_cred[1]);
    credssp_FreeCredentialsHandle(&engine_server_cred);
    return test_summary();
}

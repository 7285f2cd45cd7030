/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the RDP X.224 negotiation parser of `credssp serve` and
 * `connect` (cli/x224.c), the first bytes a server reads from anyone.
 * Both parsers on every input; what they accept is checked against the
 * input, and a request or confirm written by our writer must parse back.
 * Targets: x224_parse_request, x224_parse_confirm, tpkt_length
 * (cli/x224.c), x224_write_request/confirm (cli/x224_write.c).
 */
#include <stdlib.h>
#include <string.h>

#include "x224.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t need = 0;
    x224_result r = tpkt_length(data, size, &need);
    if (r == X224_OK && (need < TPKT_HEADER_LEN + X224_FIXED || need > X224_MAX_PDU))
        abort();
    x224_request req;
    if (x224_parse_request(data, size, &req) == X224_OK) {
        /* Accepted: the TPKT length is the input, the cookie fits in it. */
        if (need != size || req.cookie_len > size - TPKT_HEADER_LEN - X224_FIXED)
            abort();
        /* Our writer, fed the protocols the input asked for, is parsed back the same. */
        uint8_t out[X224_MAX_PDU];
        x224_request back;
        size_t n = x224_write_request(out, sizeof out, "fuzz", req.protocols);
        if (n == 0 || x224_parse_request(out, n, &back) != X224_OK || back.protocols != req.protocols ||
            !back.has_neg)
            abort();
    }
    x224_confirm cc;
    if (x224_parse_confirm(data, size, &cc) == X224_OK && need != size)
        abort();
    return 0;
}

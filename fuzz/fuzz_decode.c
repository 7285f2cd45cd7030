/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: what the command line prints of a peer's TSRequest
 * (`credssp decode`, and `connect --trace` / `serve --trace` on every
 * message a peer sends): decode_print_tsrequest and its describers of SPNEGO
 * (spnego_oid_name, spnego_oid_text), NTLM (cli/describe_ntlm.c) and
 * errorCode, writing to /dev/null.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
        abort();
    decode_print_tsrequest(sink, data, size);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: every NTLM message parser, the AV pair walker and the NTLMv2
 * response parser ([MS-NLMP] 2.2).  Whatever a parser accepts must describe
 * bytes inside the input; ASan checks every read of them.
 * Targets: ntlm_parse_negotiate, ntlm_parse_challenge,
 * ntlm_parse_authenticate, ntlm_parse_ntlmv2_response, ntlm_av_walk and
 * ntlm_av_find (engine/codec/ntlm_msg.c), one per build (FUZZ_NTLM_TARGET). */
#include <stdlib.h>
#include <string.h>

#include "ntlm_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile uint8_t fuzz_sink;

static void fuzz_touch(const uint8_t *data, size_t size, ntlm_field f)
{
    if (f.len == 0)
        return;
    if (f.offset > size || f.len > size - f.offset)
        abort();
    fuzz_sink ^= data[f.offset] ^ data[f.offset + f.len - 1u];
}

static void fuzz_walk(const uint8_t *data, size_t size)
{
    ntlm_av_list list;
    size_t where;
    if (size > NTLM_MAX_MESSAGE || ntlm_av_walk(data, size, &list, &where) != NTLM_OK)
        return;
    if (list.end > size || list.count > NTLM_MAX_AV_PAIRS)
        abort();
    for (size_t i = 0; i < list.count; i++)
        fuzz_touch(data, size, (ntlm_field){ list.pairs[i].offset, list.pairs[i].len });
}

static void fuzz_negotiate(const uint8_t *data, size_t size)
{
    ntlm_negotiate n;
    size_t where;
    if (ntlm_parse_negotiate(data, size, &n, &where) == NTLM_OK) {
        fuzz_touch(data, size, n.domain);
        fuzz_touch(data, size, n.workstation);
    }
}

static void fuzz_challenge(const uint8_t *data, size_t size)
{
    ntlm_challenge c;
    size_t where;
    if (ntlm_parse_challenge(data, size, &c, &where) == NTLM_OK) {
        fuzz_touch(data, size, c.target_name);
        fuzz_touch(data, size, c.target_info);
        fuzz_walk(data + c.target_info.offset, c.target_info.len);
    }
}

static void fuzz_ntlmv2_response(const uint8_t *data, size_t size)
{
    ntlmv2_response r;
    size_t where;
    if (size > NTLM_MAX_MESSAGE || ntlm_parse_ntlmv2_response(data, size, &r, &where) != NTLM_OK)
        return;
    if (r.av_offset + r.av.end > size)
        abort();
    for (size_t i = 0; i < r.av.count; i++)
        fuzz_touch(data, size, (ntlm_field){ r.av.pairs[i].offset, r.av.pairs[i].len });
}

static void fuzz_authenticate(const uint8_t *data, size_t size)
{
    ntlm_authenticate a;
    size_t where;
    if (ntlm_parse_authenticate(data, size, &a, &where) != NTLM_OK)
        return;
    ntlm_field all[] = { a.lm_response, a.nt_response, a.domain, a.user, a.workstation, a.session_key };
    for (size_t i = 0; i < 6; i++)
        fuzz_touch(data, size, all[i]);
    if (a.has_mic)
        fuzz_touch(data, size, (ntlm_field){ a.mic_offset, 16 });
    fuzz_ntlmv2_response(data + a.nt_response.offset, a.nt_response.len);
}

/* One parser per harness binary (FUZZ_NTLM_TARGET, set by CMake), so each
 * gets the fuzzer's whole attention: 1 NEGOTIATE, 2 CHALLENGE,
 * 3 AUTHENTICATE with its NTLMv2 response, 4 AV pair lists and NTLMv2 responses. */
#ifndef FUZZ_NTLM_TARGET
#define FUZZ_NTLM_TARGET 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    switch (FUZZ_NTLM_TARGET) {
    case 1: fuzz_negotiate(data, size); break;
    case 2: fuzz_challenge(data, size); break;
    case 3: fuzz_authenticate(data, size); break;
    case 4:
        fuzz_walk(data, size);
        fuzz_ntlmv2_response(data, size);
        break;
    default:
        fuzz_negotiate(data, size);
        fuzz_challenge(data, size);
        fuzz_authenticate(data, size);
        fuzz_walk(data, size);
        fuzz_ntlmv2_response(data, size);
        break;
    }
    return 0;
}

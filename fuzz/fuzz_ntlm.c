/* Fuzz target: every NTLM message parser, the AV pair walker and the NTLMv2
 * response parser ([MS-NLMP] 2.2).  Whatever a parser accepts must describe
 * bytes inside the input; ASan checks every read of them. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t where;
    ntlm_negotiate n;
    ntlm_challenge c;
    ntlm_authenticate a;
    ntlmv2_response r;

    if (ntlm_parse_negotiate(data, size, &n, &where) == NTLM_OK) {
        fuzz_touch(data, size, n.domain);
        fuzz_touch(data, size, n.workstation);
    }
    if (ntlm_parse_challenge(data, size, &c, &where) == NTLM_OK) {
        fuzz_touch(data, size, c.target_name);
        fuzz_touch(data, size, c.target_info);
        fuzz_walk(data + c.target_info.offset, c.target_info.len);
    }
    if (ntlm_parse_authenticate(data, size, &a, &where) == NTLM_OK) {
        ntlm_field all[] = { a.lm_response, a.nt_response, a.domain, a.user, a.workstation, a.session_key };
        for (size_t i = 0; i < 6; i++)
            fuzz_touch(data, size, all[i]);
        if (a.has_mic)
            fuzz_touch(data, size, (ntlm_field){ a.mic_offset, 16 });
        const uint8_t *nt = data + a.nt_response.offset;
        if (a.nt_response.len > 0 && ntlm_parse_ntlmv2_response(nt, a.nt_response.len, &r, &where) == NTLM_OK) {
            for (size_t i = 0; i < r.av.count; i++)
                fuzz_touch(nt, a.nt_response.len, (ntlm_field){ r.av.pairs[i].offset, r.av.pairs[i].len });
        }
    }
    /* The raw bytes as an AV list and as an NTLMv2 response too. */
    fuzz_walk(data, size);
    if (size <= NTLM_MAX_MESSAGE && ntlm_parse_ntlmv2_response(data, size, &r, &where) == NTLM_OK)
        if (r.av_offset + r.av.end > size)
            abort();
    return 0;
}

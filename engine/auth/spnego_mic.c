/* SPDX-License-Identifier: Apache-2.0 */
/* The SPNEGO mechListMIC with NTLM; see spnego_mic.h. */
#include <string.h>

#include "asn1.h"
#include "spnego_mic.h"

codec_result spnego_mech_list_der(const spnego_token *tok, uint8_t **out, size_t *out_len, codec_error *err)
{
    OBJECT_IDENTIFIER_t oids[SPNEGO_MAX_MECHS];
    OBJECT_IDENTIFIER_t *ptrs[SPNEGO_MAX_MECHS];
    MechTypeList_t list;

    if (tok->mech_count == 0 || tok->mech_count > SPNEGO_MAX_MECHS)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "a MechTypeList holds 1 to 8 mechanisms");
    memset(&list, 0, sizeof list);
    for (size_t i = 0; i < tok->mech_count; i++) {
        memset(&oids[i], 0, sizeof oids[i]);
        oids[i].buf = (uint8_t *)(uintptr_t)tok->mech_types[i].data;
        oids[i].size = (int)tok->mech_types[i].len;
        ptrs[i] = &oids[i];
    }
    list.list.array = ptrs;
    list.list.count = (int)tok->mech_count;
    list.list.size = (int)tok->mech_count;
    return asn1_encode(&asn_DEF_MechTypeList, &list, out, out_len, err);
}

/* [MS-SPNG] 3.3.5.1: after the mechListMIC the RC4 stream starts again. */
static bool spnego_mic_restart(ntlm_seal_state *s, uint32_t seq_before, spnego_mic_seq mode)
{
    return ntlm_seal_state_rekey(s, mode == SPNEGO_MIC_CONSUMES_SEQ ? seq_before + 1u : seq_before);
}

bool spnego_make_mech_list_mic(ntlm_seal_state *s, const uint8_t *mech_list, size_t len, spnego_mic_seq mode,
                               uint8_t mic[NTLM_SIGNATURE_LEN])
{
    uint32_t seq = ntlm_seal_state_seq(s);
    return ntlm_get_mic(s, mech_list, len, mic) && spnego_mic_restart(s, seq, mode);
}

bool spnego_check_mech_list_mic(ntlm_seal_state *s, const uint8_t *mech_list, size_t len, spnego_mic_seq mode,
                                const uint8_t *mic, size_t mic_len)
{
    uint32_t seq = ntlm_seal_state_seq(s);
    if (mic_len != NTLM_SIGNATURE_LEN || !ntlm_verify_mic(s, mech_list, len, mic)) {
        spnego_mic_restart(s, seq, SPNEGO_MIC_KEEPS_SEQ);
        return false;
    }
    return spnego_mic_restart(s, seq, mode);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* SPNEGO tokens: decoding, the RFC 4178 rules, encoding.  See spnego.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1.h"
#include "spnego.h"

static const uint8_t oid_spnego[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
static const uint8_t oid_ntlm[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a };
static const uint8_t oid_krb5[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02 };
static const uint8_t oid_ms_krb5[] = { 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02 };
static const uint8_t oid_negoex[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x1e };

const cs_bytes spnego_oid_spnego = { oid_spnego, sizeof oid_spnego, true };
const cs_bytes spnego_oid_ntlm = { oid_ntlm, sizeof oid_ntlm, true };

static const struct { const uint8_t *oid; size_t len; const char *name; } spnego_known_mechs[] = {
    { oid_spnego, sizeof oid_spnego, "SPNEGO" },
    { oid_ntlm, sizeof oid_ntlm, "NTLM" },
    { oid_krb5, sizeof oid_krb5, "Kerberos" },
    { oid_ms_krb5, sizeof oid_ms_krb5, "Kerberos (Microsoft)" },
    { oid_negoex, sizeof oid_negoex, "NegoEx" },
};

enum { SPNEGO_TAG_INITIAL_CONTEXT = 0x60, SPNEGO_TAG_INIT = 0xA0, SPNEGO_TAG_RESP = 0xA1 };

static bool spnego_oid_equal(cs_bytes a, cs_bytes b)
{
    return a.present && b.present && a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
}

static cs_bytes spnego_oid_bytes(const OBJECT_IDENTIFIER_t *oid)
{
    cs_bytes b = { NULL, 0, false };
    if (oid != NULL) {
        b.data = oid->buf;
        b.len = (size_t)oid->size;
        b.present = true;
    }
    return b;
}

static OBJECT_IDENTIFIER_t spnego_oid_asn(cs_bytes b)
{
    OBJECT_IDENTIFIER_t oid;
    memset(&oid, 0, sizeof oid);
    oid.buf = (uint8_t *)(uintptr_t)b.data;
    oid.size = (int)b.len;
    return oid;
}

bool spnego_oid_equal_ntlm(cs_bytes oid)
{
    return spnego_oid_equal(oid, spnego_oid_ntlm);
}

const char *spnego_oid_name(cs_bytes oid)
{
    for (size_t i = 0; i < sizeof spnego_known_mechs / sizeof spnego_known_mechs[0]; i++) {
        cs_bytes known = { spnego_known_mechs[i].oid, spnego_known_mechs[i].len, true };
        if (spnego_oid_equal(oid, known))
            return spnego_known_mechs[i].name;
    }
    return NULL;
}

bool spnego_oid_text(cs_bytes oid, char *text, size_t cap)
{
    size_t used = 0;
    uint64_t arc = 0;
    bool first = true;

    if (cap == 0 || !oid.present || oid.len == 0)
        return false;
    text[0] = '\0';
    for (size_t i = 0; i < oid.len; i++) {
        if (arc > (UINT64_MAX >> 7))
            return false;
        arc = arc * 128u + (oid.data[i] % 128u);
        if (oid.data[i] >= 128u)
            continue;
        int n;
        if (first) {
            /* X.690 8.19.4: the first subidentifier packs two arcs. */
            uint64_t top = arc < 40u ? 0u : arc < 80u ? 1u : 2u;
            n = snprintf(text + used, cap - used, "%" PRIu64 ".%" PRIu64, top, arc - top * 40u);
            first = false;
        } else {
            n = snprintf(text + used, cap - used, ".%" PRIu64, arc);
        }
        if (n < 0 || (size_t)n >= cap - used)
            return false;
        used += (size_t)n;
        arc = 0;
    }
    return !first && oid.data[oid.len - 1] < 128u;
}

static codec_result spnego_view_init(const NegTokenInit_t *init, spnego_token *v, codec_error *err)
{
    int count = init->mechTypes.list.count;
    v->kind = SPNEGO_NEG_TOKEN_INIT;
    /* RFC 4178 4.2.1: the initiator lists at least one mechanism. */
    if (count <= 0)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "negTokenInit lists no mechanism");
    if ((size_t)count > SPNEGO_MAX_MECHS)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "negTokenInit lists more mechanisms than the bound of 8");
    for (int i = 0; i < count; i++)
        v->mech_types[i] = spnego_oid_bytes(init->mechTypes.list.array[i]);
    v->mech_count = (size_t)count;
    if (init->reqFlags != NULL) {
        v->req_flags.data = init->reqFlags->buf;
        v->req_flags.len = (size_t)init->reqFlags->size;
        v->req_flags.present = true;
        v->req_flags_unused = (unsigned)init->reqFlags->bits_unused;
    }
    v->mech_token = asn1_bytes(init->mechToken);
    v->mech_list_mic = asn1_bytes(init->mechListMIC);
    return CODEC_OK;
}

static codec_result spnego_view_resp(const NegTokenResp_t *resp, spnego_token *v, codec_error *err)
{
    v->kind = SPNEGO_NEG_TOKEN_RESP;
    if (resp->negState != NULL) {
        if (*resp->negState < SPNEGO_ACCEPT_COMPLETED || *resp->negState > SPNEGO_REQUEST_MIC)
            return codec_fail(err, CODEC_E_SEMANTIC, 0, "negState is not one of RFC 4178's four values");
        v->has_neg_state = true;
        v->neg_state = *resp->negState;
    }
    v->supported_mech = spnego_oid_bytes(resp->supportedMech);
    v->response_token = asn1_bytes(resp->responseToken);
    v->mech_list_mic = asn1_bytes(resp->mechListMIC);
    return CODEC_OK;
}

/* The generated decoder skips extension components it does not know; we do
 * not accept them, and a re-encoding shorter than the input reveals one. */
static codec_result spnego_no_extensions(asn_TYPE_descriptor_t *td, const void *asn, size_t len,
                                         codec_error *err)
{
    asn_enc_rval_t sized = der_encode(td, (void *)(uintptr_t)asn, NULL, NULL);
    if (sized.encoded < 0 || (size_t)sized.encoded != len)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "unknown extension component in an SPNEGO token");
    return CODEC_OK;
}

static codec_result spnego_decode_framed(const uint8_t *buf, size_t len, spnego_msg *msg, codec_error *err)
{
    void *asn = NULL;
    CODEC_GUARD(asn1_decode_strict(&asn_DEF_InitialContextToken, &asn, buf, len, err));
    msg->asn = asn;
    msg->td = &asn_DEF_InitialContextToken;
    const InitialContextToken_t *ict = asn;
    /* RFC 2743 3.1: thisMech names the mechanism, here SPNEGO itself. */
    if (!spnego_oid_equal(spnego_oid_bytes(&ict->thisMech), spnego_oid_spnego))
        return codec_fail(err, CODEC_E_SEMANTIC, 2, "initial context token for a mechanism other than SPNEGO");
    /* RFC 4178 4.2: the framing carries the initiator's negTokenInit only. */
    if (ict->innerContextToken.present != NegotiationToken_PR_negTokenInit)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "initial context token does not carry a negTokenInit");
    CODEC_GUARD(spnego_view_init(&ict->innerContextToken.choice.negTokenInit, &msg->view, err));
    return spnego_no_extensions(&asn_DEF_InitialContextToken, asn, len, err);
}

static codec_result spnego_decode_resp(const uint8_t *buf, size_t len, spnego_msg *msg, codec_error *err)
{
    void *asn = NULL;
    CODEC_GUARD(asn1_decode_strict(&asn_DEF_NegotiationToken, &asn, buf, len, err));
    msg->asn = asn;
    msg->td = &asn_DEF_NegotiationToken;
    const NegotiationToken_t *nt = asn;
    if (nt->present != NegotiationToken_PR_negTokenResp)
        return codec_fail(err, CODEC_E_SCHEMA, 0, "not a negTokenResp");
    CODEC_GUARD(spnego_view_resp(&nt->choice.negTokenResp, &msg->view, err));
    return spnego_no_extensions(&asn_DEF_NegotiationToken, asn, len, err);
}

codec_result spnego_decode(const uint8_t *buf, size_t len, spnego_msg *msg, codec_error *err)
{
    codec_result r;
    memset(msg, 0, sizeof *msg);
    if (len == 0)
        return codec_fail(err, CODEC_E_DER, 0, der_rule_text(DER_E_EMPTY));
    switch (buf[0]) {
    case SPNEGO_TAG_INITIAL_CONTEXT:
        r = spnego_decode_framed(buf, len, msg, err);
        break;
    case SPNEGO_TAG_RESP:
        r = spnego_decode_resp(buf, len, msg, err);
        break;
    case SPNEGO_TAG_INIT:
        return codec_fail(err, CODEC_E_SEMANTIC, 0,
                          "negTokenInit without the RFC 2743 initial-context-token framing");
    default:
        return codec_fail(err, CODEC_E_SCHEMA, 0,
                          "not an SPNEGO token (expected 0x60 initial context token or 0xA1 negTokenResp)");
    }
    if (r != CODEC_OK)
        spnego_msg_free(msg);
    return r;
}

void spnego_msg_free(spnego_msg *msg)
{
    if (msg == NULL)
        return;
    if (msg->asn != NULL)
        asn1_free((asn_TYPE_descriptor_t *)(uintptr_t)msg->td, msg->asn);
    memset(msg, 0, sizeof *msg);
}

codec_result spnego_encode(const spnego_token *tok, uint8_t **out, size_t *out_len, codec_error *err)
{
    OBJECT_IDENTIFIER_t mechs[SPNEGO_MAX_MECHS], supported;
    OBJECT_IDENTIFIER_t *mech_ptrs[SPNEGO_MAX_MECHS];
    OCTET_STRING_t token, mic;
    BIT_STRING_t flags;
    NegState_t neg_state;

    *out = NULL;
    *out_len = 0;
    if (tok->kind == SPNEGO_NEG_TOKEN_INIT) {
        if (tok->mech_count == 0 || tok->mech_count > SPNEGO_MAX_MECHS)
            return codec_fail(err, CODEC_E_SEMANTIC, 0, "negTokenInit must list 1 to 8 mechanisms");
        InitialContextToken_t ict;
        memset(&ict, 0, sizeof ict);
        ict.thisMech = spnego_oid_asn(spnego_oid_spnego);
        ict.innerContextToken.present = NegotiationToken_PR_negTokenInit;
        NegTokenInit_t *init = &ict.innerContextToken.choice.negTokenInit;
        for (size_t i = 0; i < tok->mech_count; i++) {
            mechs[i] = spnego_oid_asn(tok->mech_types[i]);
            mech_ptrs[i] = &mechs[i];
        }
        init->mechTypes.list.array = mech_ptrs;
        init->mechTypes.list.count = (int)tok->mech_count;
        init->mechTypes.list.size = (int)tok->mech_count;
        if (tok->req_flags.present) {
            memset(&flags, 0, sizeof flags);
            flags.buf = (uint8_t *)(uintptr_t)tok->req_flags.data;
            flags.size = (int)tok->req_flags.len;
            flags.bits_unused = (int)tok->req_flags_unused;
            init->reqFlags = &flags;
        }
        if (tok->mech_token.present) {
            token = asn1_octets(tok->mech_token);
            init->mechToken = &token;
        }
        if (tok->mech_list_mic.present) {
            mic = asn1_octets(tok->mech_list_mic);
            init->mechListMIC = &mic;
        }
        return asn1_encode(&asn_DEF_InitialContextToken, &ict, out, out_len, err);
    }
    if (tok->kind != SPNEGO_NEG_TOKEN_RESP)
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "neither negTokenInit nor negTokenResp");
    NegotiationToken_t nt;
    memset(&nt, 0, sizeof nt);
    nt.present = NegotiationToken_PR_negTokenResp;
    NegTokenResp_t *resp = &nt.choice.negTokenResp;
    if (tok->has_neg_state) {
        neg_state = tok->neg_state;
        resp->negState = &neg_state;
    }
    if (tok->supported_mech.present) {
        supported = spnego_oid_asn(tok->supported_mech);
        resp->supportedMech = &supported;
    }
    if (tok->response_token.present) {
        token = asn1_octets(tok->response_token);
        resp->responseToken = &token;
    }
    if (tok->mech_list_mic.present) {
        mic = asn1_octets(tok->mech_list_mic);
        resp->mechListMIC = &mic;
    }
    return asn1_encode(&asn_DEF_NegotiationToken, &nt, out, out_len, err);
}

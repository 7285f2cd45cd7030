/* SPDX-License-Identifier: Apache-2.0 */
/* The strict decode pipeline around the generated codec; see asn1.h. */
#include <stdlib.h>
#include <string.h>

#include "asn1.h"

/* See asn1.h: the generated *_free of an alias first copies its base's
 * functions into the descriptor, then frees NULL, which is a no-op. */
void asn1_settle_aliases(void)
{
    asn_TYPE_descriptor_t *aliases[] = { &asn_DEF_MechType, &asn_DEF_NegState, &asn_DEF_ContextFlags };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        aliases[i]->free_struct(aliases[i], NULL, 0);
}

codec_result codec_fail(codec_error *err, codec_result result, size_t offset, const char *reason)
{
    if (err != NULL) {
        err->result = result;
        err->offset = offset;
        err->reason = reason;
        if (result != CODEC_E_DER)
            err->der = DER_OK;
    }
    return result;
}

const char *codec_result_name(codec_result result)
{
    switch (result) {
    case CODEC_OK: return "ok";
    case CODEC_E_DER: return "not DER";
    case CODEC_E_SCHEMA: return "not the ASN.1 type";
    case CODEC_E_SEMANTIC: return "forbidden value";
    case CODEC_E_NOMEM: return "out of memory";
    case CODEC_E_ENCODE: return "cannot encode";
    }
    return "unknown";
}

codec_result asn1_decode_lenient(asn_TYPE_descriptor_t *td, void **out,
                                 const uint8_t *buf, size_t len)
{
    asn_codec_ctx_t ctx = { .max_stack_size = ASN1_STACK_CHECK_OFF };
    void *sptr = NULL;
    asn_dec_rval_t rv = ber_decode(&ctx, td, &sptr, buf, len);

    *out = NULL;
    if (rv.code != RC_OK || rv.consumed != len) {
        asn1_free(td, sptr);
        return CODEC_E_SCHEMA;
    }
    *out = sptr;
    return CODEC_OK;
}

codec_result asn1_decode_strict(asn_TYPE_descriptor_t *td, void **out,
                                const uint8_t *buf, size_t len, codec_error *err)
{
    size_t offset = 0;
    der_rule rule = der_validate(buf, len, &offset);

    *out = NULL;
    if (rule != DER_OK) {
        codec_result r = codec_fail(err, CODEC_E_DER, offset, der_rule_text(rule));
        if (err != NULL)
            err->der = rule;
        return r;
    }
    if (asn1_decode_lenient(td, out, buf, len) != CODEC_OK)
        return codec_fail(err, CODEC_E_SCHEMA, 0, "valid DER but not a well-formed value of the type");
    return CODEC_OK;
}

/* The encoder's byte sink: appends into a buffer sized by a first pass. */
typedef struct asn1_sink {
    uint8_t *buf;
    size_t cap, used;
} asn1_sink;

static int asn1_sink_write(const void *data, size_t size, void *key)
{
    asn1_sink *sink = key;
    if (size > sink->cap - sink->used)
        return -1;
    if (size > 0)
        memcpy(sink->buf + sink->used, data, size);
    sink->used += size;
    return 0;
}

codec_result asn1_encode(asn_TYPE_descriptor_t *td, const void *sptr,
                         uint8_t **out, size_t *out_len, codec_error *err)
{
    /* asn1c's encoder takes a non-const pointer but only reads it. */
    void *value = (void *)(uintptr_t)sptr;
    asn_enc_rval_t sized = der_encode(td, value, NULL, NULL);

    *out = NULL;
    *out_len = 0;
    if (sized.encoded < 0)
        return codec_fail(err, CODEC_E_ENCODE, 0, "the generated encoder refused the value");
    asn1_sink sink = { .buf = malloc((size_t)sized.encoded + 1u), .cap = (size_t)sized.encoded };
    if (sink.buf == NULL)
        return codec_fail(err, CODEC_E_NOMEM, 0, "out of memory");
    asn_enc_rval_t done = der_encode(td, value, asn1_sink_write, &sink);
    if (done.encoded != sized.encoded || sink.used != sink.cap) {
        free(sink.buf);
        return codec_fail(err, CODEC_E_ENCODE, 0, "the generated encoder changed its mind");
    }
    *out = sink.buf;
    *out_len = sink.used;
    return CODEC_OK;
}

void asn1_free(asn_TYPE_descriptor_t *td, void *sptr)
{
    if (sptr != NULL)
        td->free_struct(td, sptr, 0);
}

cs_bytes asn1_bytes(const OCTET_STRING_t *os)
{
    cs_bytes b = { NULL, 0, false };
    if (os != NULL) {
        b.data = os->buf;
        b.len = (size_t)os->size;
        b.present = true;
    }
    return b;
}

OCTET_STRING_t asn1_octets(cs_bytes b)
{
    OCTET_STRING_t os;
    memset(&os, 0, sizeof os);
    /* Borrowed for the encoder, which only reads; never freed through it. */
    os.buf = (uint8_t *)(uintptr_t)b.data;
    os.size = (int)b.len;
    return os;
}

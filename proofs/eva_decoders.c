/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Eva drivers over asn1c's generated decoders (generated/, never edited):
 * the static twins of fuzz/fuzz_tsrequest.c, fuzz_tscredentials.c and
 * fuzz_spnego.c.  Each family has three entries:
 *
 *   eva_<family>_captured  every captured message (proofs/eva_vectors.py)
 *   eva_<family>_shapes    every captured message with each content byte
 *                          unknown: its tags and lengths kept
 *   eva_<family>_unknown   every length 0 .. EVA_UNKNOWN_LEN of bytes that
 *                          are all unknown (eva_one.sh sets it per family)
 *
 * and eva_credentials_inner_unknown decodes unknown bytes as each inner
 * credentials type.
 *
 * The decoder is called as asn1_decode_lenient calls it (engine/codec/
 * asn1.c): BER, no stack budget (ASN1_STACK_CHECK_OFF), and whatever it
 * leaves is freed; the DER gate is not in front, so Eva sees more inputs
 * than the engine ever passes on.  For TSCredentials the inner credentials
 * are decoded as each of the three types they can be ([MS-CSSP] 2.2.1.2).
 * make proofs fails on any alarm.
 */
#ifdef __FRAMAC__
#include "__fc_builtin.h"
#include "asn1.h"
#include "eva_vectors.h"

#ifndef EVA_UNKNOWN_LEN
#define EVA_UNKNOWN_LEN 9
#endif

static void eva_decode_as(asn_TYPE_descriptor_t *td, const uint8_t *buf, size_t len)
{
    void *out = 0;
    asn_codec_ctx_t ctx = { .max_stack_size = 0 };
    asn_dec_rval_t rv = ber_decode(&ctx, td, &out, buf, len);
    (void)rv;
    if (out)
        td->free_struct(td, out, 0);
    /* Everything decoded is freed: the states the decoder ends in differ
     * only in freed memory, so they are joined here.  Kept apart, every
     * one of them ran the next decode and the next length on its own (SPNEGO
     * at 4 bytes: 207 s, 8 s joined, the same statements reached). */
    /*@ slevel merge; */
    ;
}

static void eva_tsrequest(const uint8_t *buf, size_t len)
{
    eva_decode_as(&asn_DEF_TSRequest, buf, len);
}

/* Bytes as each of the three inner credentials types ([MS-CSSP] 2.2.1.2). */
static void eva_inner_credentials(const uint8_t *buf, size_t len)
{
    eva_decode_as(&asn_DEF_TSPasswordCreds, buf, len);
    eva_decode_as(&asn_DEF_TSSmartCardCreds, buf, len);
    eva_decode_as(&asn_DEF_TSRemoteGuardCreds, buf, len);
}

/* The outer TSCredentials, then its credentials as each inner type. */
static void eva_tscredentials(const uint8_t *buf, size_t len)
{
    void *out = 0;
    asn_codec_ctx_t ctx = { .max_stack_size = 0 };
    asn_dec_rval_t rv = ber_decode(&ctx, &asn_DEF_TSCredentials, &out, buf, len);
    if (rv.code == RC_OK && out) {
        const TSCredentials_t *tc = out;
        eva_inner_credentials(tc->credentials.buf, (size_t)tc->credentials.size);
    }
    if (out)
        asn_DEF_TSCredentials.free_struct(&asn_DEF_TSCredentials, out, 0);
    /* As in eva_decode_as. */
    /*@ slevel merge; */
    ;
}

/* An initial token ([RFC 4178] 4.2, with the RFC 2743 3.1 framing) or a
 * later one. */
static void eva_spnego(const uint8_t *buf, size_t len)
{
    eva_decode_as(&asn_DEF_InitialContextToken, buf, len);
    eva_decode_as(&asn_DEF_NegotiationToken, buf, len);
}

/* The largest captured message of any family. */
#define EVA_MAX_VECTOR 1024
static uint8_t eva_buf[EVA_MAX_VECTOR];

/* Each captured message, one by one (the loop unrolled: each stays concrete). */
static void eva_captured(const eva_vector *v, size_t n, void (*decode)(const uint8_t *, size_t))
{
    /*@ loop unroll 16; */
    for (size_t i = 0; i < n; i++)
        decode(v[i].bytes, v[i].len);
}

/* Each captured message with its contents unknown: every byte that is not
 * a tag or a length. */
static void eva_shapes(const eva_vector *v, size_t n, void (*decode)(const uint8_t *, size_t))
{
    /*@ loop unroll 16; */
    for (size_t i = 0; i < n; i++) {
        if (v[i].len > sizeof eva_buf)
            continue;
        /*@ loop unroll 1024; */
        for (size_t b = 0; b < v[i].len; b++) {
            eva_buf[b] = v[i].bytes[b];
            if (!v[i].shape[b])
                Frama_C_make_unknown((char *)&eva_buf[b], 1);
        }
        decode(eva_buf, v[i].len);
    }
}

/* Every length up to EVA_UNKNOWN_LEN, every byte unknown; each length on
 * its own (the loop unrolled). */
static void eva_unknown(void (*decode)(const uint8_t *, size_t))
{
    Frama_C_make_unknown((char *)eva_buf, EVA_UNKNOWN_LEN);
    /*@ loop unroll EVA_UNKNOWN_LEN + 1; */
    for (size_t len = 0; len <= EVA_UNKNOWN_LEN; len++)
        decode(eva_buf, len);
}

void eva_tsrequest_captured(void);
void eva_tsrequest_captured(void)
{
    eva_captured(eva_tsrequest_vectors, EVA_TSREQUEST_COUNT, eva_tsrequest);
}

void eva_tsrequest_shapes(void);
void eva_tsrequest_shapes(void)
{
    eva_shapes(eva_tsrequest_vectors, EVA_TSREQUEST_COUNT, eva_tsrequest);
}

void eva_tsrequest_unknown(void);
void eva_tsrequest_unknown(void)
{
    eva_unknown(eva_tsrequest);
}

void eva_tscredentials_captured(void);
void eva_tscredentials_captured(void)
{
    eva_captured(eva_tscredentials_vectors, EVA_TSCREDENTIALS_COUNT, eva_tscredentials);
}

void eva_tscredentials_shapes(void);
void eva_tscredentials_shapes(void)
{
    eva_shapes(eva_tscredentials_vectors, EVA_TSCREDENTIALS_COUNT, eva_tscredentials);
}

void eva_tscredentials_unknown(void);
void eva_tscredentials_unknown(void)
{
    eva_unknown(eva_tscredentials);
}

/* The inner credentials on unknown bytes of their own:
 * eva_tscredentials_unknown reaches them only through an outer
 * TSCredentials, whose header takes most of the bytes. */
void eva_credentials_inner_unknown(void);
void eva_credentials_inner_unknown(void)
{
    eva_unknown(eva_inner_credentials);
}

void eva_spnego_captured(void);
void eva_spnego_captured(void)
{
    eva_captured(eva_spnego_vectors, EVA_SPNEGO_COUNT, eva_spnego);
}

void eva_spnego_shapes(void);
void eva_spnego_shapes(void)
{
    eva_shapes(eva_spnego_vectors, EVA_SPNEGO_COUNT, eva_spnego);
}

void eva_spnego_unknown(void);
void eva_spnego_unknown(void)
{
    eva_unknown(eva_spnego);
}
#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one door to the generated codec (generated/, asn1c 0.9.28, never edited).
 *
 * Generated headers end by including asn_internal.h, which defines MALLOC,
 * FREEMEM, ASN_DEBUG and friends; they are undefined here so they cannot leak
 * into hand-written code.  Everything in engine/ includes generated headers
 * only through this file.
 */
#ifndef CREDSSP_ASN1_H
#define CREDSSP_ASN1_H

/* asn1c runs with -fno-include-deps: each header forward-declares the types
 * it refers to, so every type used is included here by name. */
#include "must_use.h"
#include "ContextFlags.h"
#include "InitialContextToken.h"
#include "MechType.h"
#include "MechTypeList.h"
#include "NegTokenInit.h"
#include "NegTokenResp.h"
#include "NegoData.h"
#include "NegoDataItem.h"
#include "NegState.h"
#include "NegotiationToken.h"
#include "TSCredentials.h"
#include "TSCspDataDetail.h"
#include "TSPasswordCreds.h"
#include "TSRemoteGuardCreds.h"
#include "TSRemoteGuardPackageCred.h"
#include "TSRequest.h"
#include "TSSmartCardCreds.h"

#undef MALLOC
#undef CALLOC
#undef REALLOC
#undef FREEMEM
#undef ASN_DEBUG
#undef ASN_DEBUG_INDENT_ADD
#undef ASN__DEFAULT_STACK_MAX

#include "codec.h"

/* The generated decoder's own stack check (asn_codec_ctx_t.max_stack_size)
 * counts bytes of C stack, which differ with the compiler and its
 * instrumentation: with a 30,000-byte budget the libFuzzer build refused
 * real TSRequests that every other build accepts.  It is off (0), so every
 * build accepts and rejects the same inputs.  Recursion is bounded without
 * it: no type of spec/credssp.asn1 or spec/spnego.asn1 is recursive, so the
 * decoder's depth is the schema's whatever the input, and on the strict
 * path the DER gate has bounded the nesting (DER_MAX_DEPTH) first. */
#define ASN1_STACK_CHECK_OFF 0u

/*
 * The three steps every decode takes, in order:
 *  1. the strict DER gate (der_validate);
 *  2. the generated BER decoder, which must consume every byte; a partial
 *     structure left by a failure is freed;
 * Semantic checks (step 3) belong to the caller, which knows the type.
 * On success *out owns the decoded structure (free with asn1_free).
 */
codec_result asn1_decode_strict(asn_TYPE_descriptor_t *td, void **out,
                                const uint8_t *buf, size_t len, codec_error *err) CS_MUST_USE;

/* Only the generated decoder, step 2 alone: for the differential fuzzer. */
codec_result asn1_decode_lenient(asn_TYPE_descriptor_t *td, void **out,
                                 const uint8_t *buf, size_t len) CS_MUST_USE;

/* DER-encodes sptr with the generated encoder into a fresh buffer. */
codec_result asn1_encode(asn_TYPE_descriptor_t *td, const void *sptr,
                         uint8_t **out, size_t *out_len, codec_error *err) CS_MUST_USE;

/* Frees a decoded structure (NULL is fine).  Callers holding secrets wipe
 * them first (tscredentials.c). */
void asn1_free(asn_TYPE_descriptor_t *td, void *sptr);

/* asn1c 0.9.28 gives a type defined as another (MechType ::= OBJECT
 * IDENTIFIER, NegState ::= ENUMERATED, ContextFlags ::= BIT STRING) a
 * descriptor that copies its base type's functions into itself on its
 * first use: two threads using such a type for the first time write the
 * same global at once (make tsan found it in SEQUENCE_OF_encode_der).  This
 * makes each copy now; after it the descriptors are only read.  Call it
 * once before the codec is used from several threads (the api layer does,
 * under pthread_once, in AcquireCredentialsHandle). */
void asn1_settle_aliases(void);

/* An OCTET STRING's bytes as a cs_bytes (present even when empty). */
cs_bytes asn1_bytes(const OCTET_STRING_t *os);

/* A cs_bytes as an OCTET_STRING_t for encoding; borrows the bytes. */
OCTET_STRING_t asn1_octets(cs_bytes b);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TSCredentials ([MS-CSSP] 2.2.1.2) to and from the credentials the package
 * holds: UTF-8 strings and bytes (tscredentials_utf8.c).  The wire carries
 * UTF-16LE; the client's strings become UTF-16LE copies that are wiped once
 * encoded, the server's become UTF-8 strings that are wiped when freed.
 */
#ifndef CREDSSP_TSCREDENTIALS_UTF8_H
#define CREDSSP_TSCREDENTIALS_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "tscredentials.h"

/* A Remote Guard package credential: its name and its opaque buffer. */
typedef struct cs_package {
    char *name;
    uint8_t *buf;
    size_t len;
} cs_package;

/* Delegated credentials other than a password (client: to send; server:
 * what arrived).  Wiped when freed. */
typedef struct cs_other_creds {
    long kind; /* 0 none, TSCRED_SMARTCARD or TSCRED_REMOTE_GUARD */
    char *pin, *card, *reader, *container, *csp, *user_hint, *domain_hint;
    uint32_t key_spec;
    cs_package logon;
    size_t supplemental_count;
    cs_package supplemental[TSCRED_MAX_SUPPLEMENTAL];
} cs_other_creds;

/* Wipes and frees every string and buffer; o is left empty. */
void cs_other_creds_wipe(cs_other_creds *o);

/* What a client delegates: a password (NULL strings are empty ones, as in
 * the seed's "empty set of credentials"), or the smart-card or Remote Guard
 * credentials in other. */
typedef struct ts_delegation {
    long kind; /* enum tscred_type */
    const char *user, *domain, *password;
    const cs_other_creds *other;
} ts_delegation;

/* The DER of the TSCredentials for d, in a new buffer the caller wipes and
 * frees.  CODEC_E_SEMANTIC: a string that is not UTF-8 or is too long;
 * CODEC_E_NOMEM; CODEC_E_ENCODE.  err->reason says which. */
codec_result tscredentials_encode_utf8(const ts_delegation *d, uint8_t **der, size_t *der_len, codec_error *err)
    __attribute__((warn_unused_result));

/* What a server received, as UTF-8; every string is its own allocation. */
typedef struct ts_delegated {
    long kind; /* enum tscred_type; 0 before anything arrived */
    char *user, *domain, *password;
    cs_other_creds other;
} ts_delegated;

/* The decoded view as UTF-8 into an empty *out.  CODEC_E_SEMANTIC: a string
 * with an unpaired surrogate or U+0000; CODEC_E_NOMEM.  On failure *out is
 * left empty. */
codec_result tscredentials_to_utf8(const tscredentials *view, ts_delegated *out, codec_error *err)
    __attribute__((warn_unused_result));
/* Wipes and frees everything *d holds; d is left empty. */
void ts_delegated_wipe(ts_delegated *d);

#endif

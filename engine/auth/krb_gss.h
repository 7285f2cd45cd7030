/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kerberos as an inner mechanism, through MIT krb5's GSSAPI (RFC 4121): an
 * initiator from a password, a credential cache or a keytab, an acceptor
 * from a keytab, the context tokens, and Wrap tokens in the layout Windows
 * sends inside CredSSP.  No Kerberos cryptography of ours: MIT's.
 *
 * Not yet called by the engine: SPNEGO (nego.c) and the tables still know
 * NTLM only; this is the mechanism they will choose (issue 14).
 */
#ifndef CREDSSP_KRB_GSS_H
#define CREDSSP_KRB_GSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "must_use.h"

/* What a Kerberos call can end in; the SSPI status each maps to is the
 * caller's (the seed's rules). */
typedef enum krb_status {
    KRB_ST_OK = 0,
    KRB_ST_CONTINUE,        /* send the output token, expect one back */
    KRB_ST_LOGON_DENIED,    /* wrong password, unknown client principal */
    KRB_ST_WRONG_PRINCIPAL, /* the target is not the service the ticket is for, or the AP-REP does not verify */
    KRB_ST_NO_AUTHORITY,    /* no KDC answered */
    KRB_ST_TIME_SKEW,       /* clocks further apart than the KDC or acceptor allows */
    KRB_ST_NO_CREDENTIALS,  /* no ticket in the cache, no key in the keytab */
    KRB_ST_INVALID_TOKEN,   /* a token that is not a Kerberos token of this step */
    KRB_ST_MESSAGE_ALTERED, /* a Wrap token that does not verify */
    KRB_ST_OUT_OF_SEQUENCE, /* a Wrap token replayed, or one out of order */
    KRB_ST_NO_MEMORY,
    KRB_ST_INTERNAL,
} krb_status;

typedef struct krb_ctx krb_ctx;

/* Where an initiator's credentials come from: a password (an AS exchange
 * now, the ticket in a memory cache of its own), else a credential cache
 * (NULL: the default), else a keytab. */
typedef struct krb_initiator_args {
    const char *principal; /* user or user@REALM; NULL: the cache's */
    const char *password;  /* NULL: use ccache or keytab */
    const char *ccache;    /* "FILE:/path", NULL: the default cache */
    const char *keytab;    /* a client keytab, used when set */
    const char *target;    /* the service principal, "TERMSRV/host" (pszTargetName) */
} krb_initiator_args;

krb_status krb_initiator_new(const krb_initiator_args *a, krb_ctx **out) CS_MUST_USE;

/* An acceptor for any service principal the keytab (NULL: KRB5_KTNAME or
 * the default) holds a key for. */
krb_status krb_acceptor_new(const char *keytab, krb_ctx **out) CS_MUST_USE;

/* One context token in (none for an initiator's first), one out (*out NULL
 * when there is none; free() it).  KRB_ST_OK when the context is
 * established: for an initiator, only after the acceptor's AP-REP
 * verified (mutual authentication). */
krb_status krb_step(krb_ctx *k, const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len) CS_MUST_USE;

/* A sealed Wrap token in Windows' layout (RFC 4121 4.2.6.2 with the
 * trailer after the header: RRC 28 and EC 0 for AES); free() it. */
krb_status krb_wrap(krb_ctx *k, const uint8_t *data, size_t len, uint8_t **out, size_t *out_len) CS_MUST_USE;

/* A Wrap token of any RRC and EC (MIT sends RRC 0); it must be sealed.
 * The plaintext in *out (free() it after wiping: it may be credentials). */
krb_status krb_unwrap(krb_ctx *k, const uint8_t *tok, size_t len, uint8_t **out, size_t *out_len) CS_MUST_USE;

/* The authenticated peer: for an acceptor the client principal, for an
 * initiator the service; "" before the context is established. */
const char *krb_peer_name(const krb_ctx *k);

/* GSSAPI's own words for the last failure ("" when none): for the log. */
const char *krb_last_message(const krb_ctx *k);

const char *krb_status_name(krb_status st);

void krb_ctx_free(krb_ctx *k);

#endif

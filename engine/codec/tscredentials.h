/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TSCredentials ([MS-CSSP] 2.2.1.2) and the three credential kinds it
 * carries: TSPasswordCreds (2.2.1.2.1), TSSmartCardCreds with TSCspDataDetail
 * (2.2.1.2.2, 2.2.1.2.2.1) and TSRemoteGuardCreds (2.2.1.2.3).
 * A decoded message holds secrets: tscredentials_msg_free wipes them.
 */
#ifndef CREDSSP_TSCREDENTIALS_H
#define CREDSSP_TSCREDENTIALS_H

#include "must_use.h"
#include "cs_limits.h"
#include "codec.h"

enum tscred_type {
    TSCRED_PASSWORD = 1,
    TSCRED_SMARTCARD = 2,
    TSCRED_REMOTE_GUARD = 6,
};

/* Remote Guard peers send a handful of supplemental package credentials. */
#define TSCRED_MAX_SUPPLEMENTAL CS_LIMIT_SUPPLEMENTAL

/* Strings are UTF-16LE, as on the wire. */
typedef struct ts_password_creds {
    cs_bytes domain, user, password;
} ts_password_creds;

typedef struct ts_csp_data {
    long key_spec;
    cs_bytes card_name, reader_name, container_name, csp_name;
} ts_csp_data;

typedef struct ts_smartcard_creds {
    cs_bytes pin;
    ts_csp_data csp;
    cs_bytes user_hint, domain_hint;
} ts_smartcard_creds;

typedef struct ts_package_cred {
    cs_bytes package_name; /* UTF-16LE */
    cs_bytes cred_buffer;  /* opaque to CredSSP */
} ts_package_cred;

typedef struct ts_remote_guard_creds {
    ts_package_cred logon;
    bool has_supplemental;
    size_t supplemental_count;
    ts_package_cred supplemental[TSCRED_MAX_SUPPLEMENTAL];
} ts_remote_guard_creds;

typedef struct tscredentials {
    long cred_type; /* enum tscred_type */
    union {
        ts_password_creds password;
        ts_smartcard_creds smartcard;
        ts_remote_guard_creds remote_guard;
    } u;
} tscredentials;

typedef struct tscredentials_msg {
    tscredentials view;
    void *outer; /* TSCredentials_t */
    void *inner; /* the structure credType names */
} tscredentials_msg;

codec_result tscredentials_decode(const uint8_t *buf, size_t len, tscredentials_msg *msg, codec_error *err) CS_MUST_USE;
/* Wipes every credential byte, then frees. */
void tscredentials_msg_free(tscredentials_msg *msg);
/* DER of the outer TSCredentials, the inner value encoded into credentials. */
codec_result tscredentials_encode(const tscredentials *creds, uint8_t **out, size_t *out_len, codec_error *err) CS_MUST_USE;

#endif

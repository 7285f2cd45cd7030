/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kerberos through MIT krb5's GSSAPI (krb_gss.h).  RFC 4121 is MIT's to
 * implement; here: which credentials, which flags, the Windows Wrap layout,
 * and what each failure means to the SSPI caller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#include <krb5.h>
#include <openssl/crypto.h>

#include "krb_gss.h"

#define KRB_NAME_MAX 512
#define KRB_MESSAGE_MAX 512

struct krb_ctx {
    bool acceptor;
    gss_cred_id_t cred;
    gss_name_t target;
    gss_ctx_id_t ctx;
    bool established;
    char peer[KRB_NAME_MAX];
    char message[KRB_MESSAGE_MAX];
};

/* [MS-CSSP] 3.1.5: mutual authentication, then confidentiality and
 * integrity for pubKeyAuth and authInfo; sequence and replay detection for
 * the Wrap tokens (RFC 4121 4.2.3). */
#define KRB_REQ_FLAGS (GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_SEQUENCE_FLAG | GSS_C_REPLAY_FLAG)

/* GSSAPI's words for (major, minor), for the log. */
static void krb_note(krb_ctx *k, OM_uint32 major, OM_uint32 minor, const char *what)
{
    size_t used = (size_t)snprintf(k->message, sizeof k->message, "%s:", what);
    const struct { OM_uint32 code; int type; } parts[2] = { { major, GSS_C_GSS_CODE }, { minor, GSS_C_MECH_CODE } };
    for (size_t p = 0; p < 2; p++) {
        OM_uint32 more = 0, ignored;
        do {
            gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
            if (GSS_ERROR(gss_display_status(&ignored, parts[p].code, parts[p].type, gss_mech_krb5, &more, &text)))
                break;
            if (used < sizeof k->message && text.length > 0) {
                int n = snprintf(k->message + used, sizeof k->message - used, " %.*s;", (int)text.length,
                                 (const char *)text.value);
                used += n > 0 ? (size_t)n : 0u;
            }
            gss_release_buffer(&ignored, &text);
        } while (more != 0);
        if (parts[p].type == GSS_C_GSS_CODE && minor == 0)
            break;
    }
}

/* The krb5 error (RFC 4120 7.5.9, MIT's com_err codes) under a GSSAPI
 * failure, as the seed's statuses see it. */
static krb_status krb_status_of_minor(const krb_ctx *k, OM_uint32 minor)
{
    switch ((krb5_error_code)minor) {
    case KRB5KDC_ERR_PREAUTH_FAILED:
    case KRB5KRB_AP_ERR_BAD_INTEGRITY: /* a wrong password without pre-authentication */
    case KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN:
    case KRB5KDC_ERR_CLIENT_REVOKED:
    case KRB5KDC_ERR_KEY_EXP:
        return KRB_ST_LOGON_DENIED;
    case KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN:
    case KRB5KRB_AP_WRONG_PRINC:
    case KRB5KRB_AP_ERR_NOT_US:
    case KRB5KRB_AP_ERR_BADMATCH:
        return KRB_ST_WRONG_PRINCIPAL;
    case KRB5_KT_NOTFOUND:
    case KRB5_KT_KVNONOTFOUND:
        /* The acceptor holds no key for the ticket's service: the target
         * named another principal. The initiator's client keytab lacks one. */
        return k->acceptor ? KRB_ST_WRONG_PRINCIPAL : KRB_ST_NO_CREDENTIALS;
    case KRB5_KDC_UNREACH:
    case KRB5_REALM_CANT_RESOLVE:
    case KRB5_REALM_UNKNOWN:
        return KRB_ST_NO_AUTHORITY;
    case KRB5KRB_AP_ERR_SKEW:
    case KRB5_KDCREP_SKEW: /* the KDC's reply, checked by the client (kdc_timesync off) */
        return KRB_ST_TIME_SKEW;
    case KRB5_FCC_NOFILE:
    case KRB5_CC_NOTFOUND:
    case KRB5_CC_NOSUPP:
    case KRB5_KT_END:
        return KRB_ST_NO_CREDENTIALS;
    default:
        return KRB_ST_INTERNAL;
    }
}

static krb_status krb_fail(krb_ctx *k, OM_uint32 major, OM_uint32 minor, const char *what)
{
    krb_note(k, major, minor, what);
    switch (GSS_ROUTINE_ERROR(major)) {
    case GSS_S_BAD_SIG:
        return KRB_ST_MESSAGE_ALTERED;
    case GSS_S_DEFECTIVE_TOKEN:
    case GSS_S_BAD_MECH:
        return KRB_ST_INVALID_TOKEN;
    case GSS_S_NO_CRED:
    case GSS_S_CREDENTIALS_EXPIRED: {
        krb_status why = krb_status_of_minor(k, minor); /* a wrong password comes as "no credential" */
        return why == KRB_ST_INTERNAL ? KRB_ST_NO_CREDENTIALS : why;
    }
    default:
        break;
    }
    if (major & (GSS_S_DUPLICATE_TOKEN | GSS_S_OLD_TOKEN | GSS_S_UNSEQ_TOKEN | GSS_S_GAP_TOKEN))
        return KRB_ST_OUT_OF_SEQUENCE;
    return krb_status_of_minor(k, minor);
}

static krb_status krb_ctx_alloc(bool acceptor, krb_ctx **out)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return KRB_ST_NO_MEMORY;
    (*out)->acceptor = acceptor;
    (*out)->cred = GSS_C_NO_CREDENTIAL;
    (*out)->target = GSS_C_NO_NAME;
    (*out)->ctx = GSS_C_NO_CONTEXT;
    return KRB_ST_OK;
}

static krb_status krb_import(krb_ctx *k, const char *text, gss_name_t *name, const char *what)
{
    OM_uint32 minor;
    gss_buffer_desc b = { strlen(text), (void *)(uintptr_t)text };
    OM_uint32 major = gss_import_name(&minor, &b, (gss_OID)GSS_KRB5_NT_PRINCIPAL_NAME, name);
    return GSS_ERROR(major) ? krb_fail(k, major, minor, what) : KRB_ST_OK;
}

/* The initiator's credential: a password's AS exchange, else a cache or a
 * keytab through the credential store (MIT's gss_acquire_cred_from). */
static krb_status krb_initiator_cred(krb_ctx *k, const krb_initiator_args *a)
{
    OM_uint32 major, minor;
    gss_OID_set_desc mechs = { 1, gss_mech_krb5 };
    gss_name_t user = GSS_C_NO_NAME;
    krb_status st = a->principal != NULL ? krb_import(k, a->principal, &user, "the user's name") : KRB_ST_OK;
    if (st != KRB_ST_OK)
        return st;
    if (a->password != NULL) {
        gss_buffer_desc pw = { strlen(a->password), (void *)(uintptr_t)a->password };
        major = gss_acquire_cred_with_password(&minor, user, &pw, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE, &k->cred,
                                               NULL, NULL);
    } else {
        gss_key_value_element_desc el = { a->keytab != NULL ? "client_keytab" : "ccache",
                                          a->keytab != NULL ? a->keytab : a->ccache };
        gss_key_value_set_desc store = { el.value != NULL ? 1u : 0u, &el };
        major = gss_acquire_cred_from(&minor, user, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE, &store, &k->cred, NULL,
                                      NULL);
    }
    OM_uint32 ignored; /* minor must survive for krb_fail */
    if (user != GSS_C_NO_NAME)
        gss_release_name(&ignored, &user);
    return GSS_ERROR(major) ? krb_fail(k, major, minor, "acquiring the user's credentials") : KRB_ST_OK;
}

krb_status krb_initiator_new(const krb_initiator_args *a, krb_ctx **out)
{
    krb_ctx *k;
    krb_status st = krb_ctx_alloc(false, &k);
    if (st != KRB_ST_OK)
        return st;
    st = krb_import(k, a->target, &k->target, "the target's name");
    if (st == KRB_ST_OK)
        st = krb_initiator_cred(k, a);
    *out = k; /* on failure too: its message says why */
    return st;
}

krb_status krb_acceptor_new(const char *keytab, krb_ctx **out)
{
    krb_ctx *k;
    krb_status st = krb_ctx_alloc(true, &k);
    if (st != KRB_ST_OK)
        return st;
    OM_uint32 minor;
    gss_OID_set_desc mechs = { 1, gss_mech_krb5 };
    gss_key_value_element_desc el = { "keytab", keytab };
    gss_key_value_set_desc store = { keytab != NULL ? 1u : 0u, &el };
    OM_uint32 major = gss_acquire_cred_from(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs, GSS_C_ACCEPT, &store,
                                            &k->cred, NULL, NULL);
    *out = k;
    return GSS_ERROR(major) ? krb_fail(k, major, minor, "acquiring the service's keys") : KRB_ST_OK;
}

/* Copies a GSSAPI buffer into one the caller frees, wiping the original. */
static krb_status krb_take(gss_buffer_desc *b, uint8_t **out, size_t *out_len)
{
    OM_uint32 minor;
    *out = NULL;
    *out_len = 0;
    if (b->length > 0) {
        *out = malloc(b->length);
        if (*out != NULL) {
            memcpy(*out, b->value, b->length);
            *out_len = b->length;
        }
        OPENSSL_cleanse(b->value, b->length);
    }
    bool had = b->length > 0;
    gss_release_buffer(&minor, b);
    return had && *out == NULL ? KRB_ST_NO_MEMORY : KRB_ST_OK;
}

static void krb_keep_peer(krb_ctx *k, gss_name_t name)
{
    OM_uint32 minor;
    gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
    if (!GSS_ERROR(gss_display_name(&minor, name, &text, NULL)))
        snprintf(k->peer, sizeof k->peer, "%.*s", (int)text.length, (const char *)text.value);
    gss_release_buffer(&minor, &text);
}

krb_status krb_step(krb_ctx *k, const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len)
{
    OM_uint32 major, minor, flags = 0;
    gss_buffer_desc input = { in_len, (void *)(uintptr_t)in };
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    gss_name_t peer = GSS_C_NO_NAME;
    *out = NULL;
    *out_len = 0;
    if (k->established)
        return KRB_ST_INVALID_TOKEN;
    if (k->acceptor)
        major = gss_accept_sec_context(&minor, &k->ctx, k->cred, &input, GSS_C_NO_CHANNEL_BINDINGS, &peer, NULL,
                                       &output, &flags, NULL, NULL);
    else
        major = gss_init_sec_context(&minor, k->cred, &k->ctx, k->target, gss_mech_krb5, KRB_REQ_FLAGS, 0,
                                     GSS_C_NO_CHANNEL_BINDINGS, in_len > 0 ? &input : GSS_C_NO_BUFFER, NULL, &output,
                                     &flags, NULL);
    /* A failing step may still have a token for the peer (a KRB-ERROR). */
    krb_status took = krb_take(&output, out, out_len);
    if (GSS_ERROR(major)) {
        OM_uint32 ignored; /* minor must survive for krb_fail */
        if (peer != GSS_C_NO_NAME)
            gss_release_name(&ignored, &peer);
        return krb_fail(k, major, minor, k->acceptor ? "accepting the AP-REQ" : "the Kerberos exchange");
    }
    if (took != KRB_ST_OK)
        return took;
    if (major & GSS_S_CONTINUE_NEEDED)
        return KRB_ST_CONTINUE;
    /* Established: without confidentiality and mutual authentication the
     * pubKeyAuth binding means nothing ([MS-CSSP] 3.1.5). */
    if ((flags & (GSS_C_CONF_FLAG | GSS_C_MUTUAL_FLAG)) != (GSS_C_CONF_FLAG | GSS_C_MUTUAL_FLAG)) {
        snprintf(k->message, sizeof k->message, "the context lacks confidentiality or mutual authentication");
        return KRB_ST_WRONG_PRINCIPAL;
    }
    k->established = true;
    if (k->acceptor) {
        krb_keep_peer(k, peer);
        gss_release_name(&minor, &peer);
    } else {
        krb_keep_peer(k, k->target);
    }
    return KRB_ST_OK;
}

krb_status krb_wrap(krb_ctx *k, const uint8_t *data, size_t len, uint8_t **out, size_t *out_len)
{
    OM_uint32 major, minor;
    int conf = 0;
    *out = NULL;
    *out_len = 0;
    if (!k->established)
        return KRB_ST_INTERNAL;
    uint8_t *copy = malloc(len > 0 ? len : 1u);
    if (copy == NULL)
        return KRB_ST_NO_MEMORY;
    memcpy(copy, data, len);
    /* No trailer buffer: MIT puts the encrypted header copy and the
     * checksum after the token header and says so in RRC (RFC 4121 4.2.5),
     * which is Windows' layout (RRC 28, EC 0 with AES). */
    gss_iov_buffer_desc iov[2] = {
        { GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE, GSS_C_EMPTY_BUFFER },
        { GSS_IOV_BUFFER_TYPE_DATA, { len, copy } },
    };
    major = gss_wrap_iov(&minor, k->ctx, 1, GSS_C_QOP_DEFAULT, &conf, iov, 2);
    krb_status st = GSS_ERROR(major) ? krb_fail(k, major, minor, "sealing") : conf ? KRB_ST_OK : KRB_ST_INTERNAL;
    size_t header = iov[0].buffer.length;
    if (st == KRB_ST_OK && (*out = malloc(header + len)) == NULL)
        st = KRB_ST_NO_MEMORY;
    if (st == KRB_ST_OK) {
        memcpy(*out, iov[0].buffer.value, header);
        memcpy(*out + header, copy, len);
        *out_len = header + len;
    }
    gss_release_iov_buffer(&minor, iov, 2);
    OPENSSL_cleanse(copy, len);
    free(copy);
    return st;
}

krb_status krb_unwrap(krb_ctx *k, const uint8_t *tok, size_t len, uint8_t **out, size_t *out_len)
{
    OM_uint32 major, minor;
    int conf = 0;
    gss_buffer_desc plain = GSS_C_EMPTY_BUFFER;
    *out = NULL;
    *out_len = 0;
    if (!k->established)
        return KRB_ST_INTERNAL;
    /* MIT undoes a token's rotation (RRC != 0) in the input buffer itself
     * (seen with krb5 1.20: the token differs after gss_unwrap): the peer's
     * bytes are ours to read only, so MIT gets a copy. */
    gss_buffer_desc input = { len, malloc(len > 0 ? len : 1u) };
    if (input.value == NULL)
        return KRB_ST_NO_MEMORY;
    memcpy(input.value, tok, len);
    major = gss_unwrap(&minor, k->ctx, &input, &plain, &conf, NULL);
    OPENSSL_cleanse(input.value, len); /* decrypted in place, perhaps */
    free(input.value);
    if (GSS_ERROR(major)) {
        OM_uint32 ignored;
        gss_release_buffer(&ignored, &plain);
        return krb_fail(k, major, minor, "unsealing");
    }
    /* A duplicate or out-of-order token is a supplementary status, not an
     * error, to GSSAPI: here it is refused. */
    if ((major & (GSS_S_DUPLICATE_TOKEN | GSS_S_OLD_TOKEN | GSS_S_UNSEQ_TOKEN | GSS_S_GAP_TOKEN)) != 0 || !conf) {
        OPENSSL_cleanse(plain.value, plain.length);
        gss_release_buffer(&minor, &plain);
        snprintf(k->message, sizeof k->message, conf ? "a Wrap token out of sequence" : "a Wrap token not sealed");
        return conf ? KRB_ST_OUT_OF_SEQUENCE : KRB_ST_INVALID_TOKEN;
    }
    return krb_take(&plain, out, out_len);
}

const char *krb_peer_name(const krb_ctx *k)
{
    return k->peer;
}

const char *krb_last_message(const krb_ctx *k)
{
    return k->message;
}

const char *krb_status_name(krb_status st)
{
    static const char *const names[] = {
        [KRB_ST_OK] = "ok", [KRB_ST_CONTINUE] = "continue", [KRB_ST_LOGON_DENIED] = "logon denied",
        [KRB_ST_WRONG_PRINCIPAL] = "wrong principal", [KRB_ST_NO_AUTHORITY] = "no authenticating authority",
        [KRB_ST_TIME_SKEW] = "time skew", [KRB_ST_NO_CREDENTIALS] = "no credentials",
        [KRB_ST_INVALID_TOKEN] = "invalid token", [KRB_ST_MESSAGE_ALTERED] = "message altered",
        [KRB_ST_OUT_OF_SEQUENCE] = "out of sequence", [KRB_ST_NO_MEMORY] = "out of memory",
        [KRB_ST_INTERNAL] = "internal error",
    };
    return (size_t)st < sizeof names / sizeof names[0] ? names[st] : "?";
}

void krb_ctx_free(krb_ctx *k)
{
    OM_uint32 minor;
    if (k == NULL)
        return;
    if (k->ctx != GSS_C_NO_CONTEXT)
        gss_delete_sec_context(&minor, &k->ctx, GSS_C_NO_BUFFER);
    if (k->cred != GSS_C_NO_CREDENTIAL)
        gss_release_cred(&minor, &k->cred);
    if (k->target != GSS_C_NO_NAME)
        gss_release_name(&minor, &k->target);
    free(k);
}

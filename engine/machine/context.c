/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The context and the credential: their lifetimes, and the small helpers
 * every action and ingress share (buffers, the error text, the trace).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <credssp/sspi.h>

#include "context.h"
#include "ntlm_users.h"

bool cs_buf_append(cs_buf *b, const uint8_t *data, size_t len)
{
    if (len == 0)
        return true;
    if (len > CS_MAX_MESSAGE * 4 || b->len > CS_MAX_MESSAGE * 4)
        return false;
    if (b->cap - b->len < len) {
        size_t cap = (b->len + len) * 2;
        uint8_t *p = malloc(cap);
        if (p == NULL)
            return false;
        if (b->len > 0)
            memcpy(p, b->data, b->len);
        if (b->data != NULL)
            OPENSSL_cleanse(b->data, b->cap);
        free(b->data);
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return true;
}

void cs_buf_wipe(cs_buf *b)
{
    if (b->data != NULL)
        OPENSSL_cleanse(b->data, b->cap);
    free(b->data);
    memset(b, 0, sizeof *b);
}

void cs_drop_message(cs_context *c)
{
    if (c->has_msg)
        tsrequest_msg_free(&c->msg);
    c->has_msg = false;
    memset(&c->msg, 0, sizeof c->msg);
}

uint32_t cs_codec_stage(codec_result r)
{
    switch (r) {
    case CODEC_E_DER:
        return CREDSSP_STAGE_DER;
    case CODEC_E_SCHEMA:
        return CREDSSP_STAGE_SCHEMA;
    case CODEC_E_SEMANTIC:
        return CREDSSP_STAGE_SEMANTIC;
    case CODEC_OK:
    case CODEC_E_NOMEM:
    case CODEC_E_ENCODE:
        break;
    }
    return CREDSSP_STAGE_NONE;
}

void cs_trace_message(const cs_context *c, uint32_t kind, const uint8_t *der, size_t len)
{
    if (c->cred->trace == NULL)
        return;
    CREDSSP_TRACE t = { kind, der, (uint32_t)len, NULL, NULL, NULL, NULL, 0 };
    c->cred->trace(c->cred->trace_arg, &t);
}

static void credential_destroy(refcounted *obj)
{
    cs_credential *cred = (cs_credential *)obj; /* hobj is the first member */
    ntlm_identity_wipe(&cred->identity);
    if (cred->password != NULL)
        OPENSSL_cleanse(cred->password, strlen(cred->password));
    free(cred->user);
    free(cred->domain);
    free(cred->delegation_targets);
    free(cred->client_ca_file);
    cs_other_creds_wipe(&cred->other);
    free(cred->password);
    ntlm_user_db_free(cred->users);
    X509_free(cred->cert);
    EVP_PKEY_free(cred->key);
    ntlm_crypto_free(cred->crypto);
    free(cred);
}

cs_credential *cs_credential_alloc(void)
{
    cs_credential *cred = calloc(1, sizeof *cred);
    if (cred != NULL)
        refcounted_init(&cred->hobj, credential_destroy);
    return cred;
}

void cs_credential_ref(cs_credential *cred)
{
    refcounted_take(&cred->hobj);
}

void cs_credential_unref(cs_credential *cred)
{
    if (cred != NULL)
        refcounted_drop(&cred->hobj);
}

static void context_destroy(refcounted *obj);

cs_context *cs_context_new(cs_credential *cred, bool server, uint32_t req, const char *target)
{
    cs_context *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    refcounted_init(&c->hobj, context_destroy);
    c->server = server;
    c->state = server ? MS_S_INITIAL : MS_C_INITIAL;
    c->req = req;
    c->call_req = req;
    c->own_version = cred->max_version;
    c->tls = server ? tls_server_new(cred->cert, cred->key, cred->keylog, cred->keylog_arg)
                    : tls_client_new(cred->keylog, cred->keylog_arg);
    c->target = target != NULL ? strdup(target) : NULL;
    bool tls_ok = c->tls != NULL && (!cred->tls12_only || tls_limit_to_tls12(c->tls)) &&
                  (server || cred->cert == NULL || tls_client_set_certificate(c->tls, cred->cert, cred->key)) &&
                  (!server || cred->client_ca_file == NULL ||
                   tls_server_request_client_cert(c->tls, cred->client_ca_file));
    if (!tls_ok || (target != NULL && c->target == NULL)) {
        tls_free(c->tls);
        free(c->target);
        pthread_mutex_destroy(&c->lock);
        free(c);
        return NULL;
    }
    c->cred = cred;
    cs_credential_ref(cred);
    return c;
}

static void context_destroy(refcounted *obj)
{
    cs_context *c = (cs_context *)obj; /* hobj is the first member */
    cs_drop_message(c);
    cs_buf_wipe(&c->out);
    cs_buf_wipe(&c->rx);
    cs_buf_wipe(&c->pending_input);
    nego_client_free(c->nc);
    nego_server_free(c->ns);
    tls_free(c->tls);
    free(c->target);
    free(c->server_key);
    free(c->peer_cert);
    ts_delegated_wipe(&c->deleg);
    for (uint32_t i = 0; i < c->issuer_count; i++)
        OPENSSL_free(c->issuers[i].pbData);
    free(c->issuers);
    if (c->offered != NULL)
        cs_credential_unref(c->offered);
    OPENSSL_cleanse(c->nonce, sizeof c->nonce);
    cs_credential_unref(c->cred);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void cs_context_unref(cs_context *c)
{
    if (c != NULL)
        refcounted_drop(&c->hobj);
}

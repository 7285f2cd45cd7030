/* SPDX-License-Identifier: Apache-2.0 */
/* The inner authentication: NTLM raw or inside SPNEGO; see nego.h. */
#include <stdlib.h>
#include <string.h>

#include "ntlm_client.h"
#include "ntlm_server.h"
#include "nego.h"
#include "ntlm_msg.h"

enum nego_stage { STAGE_START, STAGE_SENT_NEGOTIATE, STAGE_SENT_AUTHENTICATE, STAGE_DONE, STAGE_FAILED };

typedef struct nego_seal {
    ntlm_seal_state *out, *in;
} nego_seal;

struct nego_client {
    ntlm_crypto *crypto;
    ntlm_client *ntlm;
    nego_framing framing;
    spnego_mic_seq mic_seq;
    enum nego_stage stage;
    nego_seal seal;
    uint8_t *mech_list; /* DER of our MechTypeList, for the mechListMIC */
    size_t mech_list_len;
    uint8_t *token;     /* the last token we produced */
};

struct nego_server {
    ntlm_crypto *crypto;
    ntlm_server *ntlm;
    nego_framing framing;
    spnego_mic_seq mic_seq;
    enum nego_stage stage;
    nego_seal seal;
    uint8_t *mech_list;
    size_t mech_list_len;
    uint8_t *token;
};

static void nego_seal_free(nego_seal *s)
{
    ntlm_seal_state_free(s->out);
    ntlm_seal_state_free(s->in);
    s->out = s->in = NULL;
}

/* Outbound with our keys, inbound with the peer's, both from sequence 0. */
static ntlm_status nego_seal_init(ntlm_crypto *c, const ntlm_keys *k, bool client, nego_seal *s)
{
    s->out = ntlm_seal_state_new(c, client ? k->client_sign : k->server_sign, client ? k->client_seal : k->server_seal, 0);
    s->in = ntlm_seal_state_new(c, client ? k->server_sign : k->client_sign, client ? k->server_seal : k->client_seal, 0);
    if (s->out == NULL || s->in == NULL) {
        nego_seal_free(s);
        return NTLM_ST_NO_MEMORY;
    }
    return NTLM_ST_OK;
}

/* Keeps an encoded token as the current output. */
static void nego_keep(uint8_t **slot, uint8_t *token)
{
    free(*slot);
    *slot = token;
}

static ntlm_status nego_encode(const spnego_token *t, uint8_t **slot, const uint8_t **out, size_t *out_len)
{
    uint8_t *enc = NULL;
    if (spnego_encode(t, &enc, out_len, NULL) != CODEC_OK)
        return NTLM_ST_INTERNAL;
    nego_keep(slot, enc);
    *out = enc;
    return NTLM_ST_OK;
}

/* ---------------------------------------------------------------- client */

ntlm_status nego_client_new(ntlm_crypto *c, const ntlm_identity *id, const char *spn, nego_framing framing,
                            spnego_mic_seq mic_seq, nego_client **out)
{
    *out = NULL;
    nego_client *n = calloc(1, sizeof *n);
    if (n == NULL)
        return NTLM_ST_NO_MEMORY;
    n->crypto = c;
    n->framing = framing;
    n->mic_seq = mic_seq;
    ntlm_status st = ntlm_client_new(c, id, spn, &n->ntlm);
    if (st != NTLM_ST_OK) {
        nego_client_free(n);
        return st;
    }
    *out = n;
    return NTLM_ST_OK;
}

void nego_client_free(nego_client *n)
{
    if (n == NULL)
        return;
    ntlm_client_free(n->ntlm);
    nego_seal_free(&n->seal);
    free(n->mech_list);
    free(n->token);
    free(n);
}

static ntlm_status nego_client_start(nego_client *n, const uint8_t **out, size_t *out_len)
{
    const uint8_t *neg;
    size_t neg_len;
    ntlm_status st = ntlm_client_negotiate(n->ntlm, &neg, &neg_len);
    if (st != NTLM_ST_OK)
        return st;
    n->stage = STAGE_SENT_NEGOTIATE;
    if (n->framing == NEGO_RAW_NTLM) {
        *out = neg;
        *out_len = neg_len;
        return NTLM_ST_OK;
    }
    spnego_token t;
    memset(&t, 0, sizeof t);
    t.kind = SPNEGO_NEG_TOKEN_INIT;
    t.mech_count = 1;
    t.mech_types[0] = spnego_oid_ntlm;
    t.mech_token = (cs_bytes){ neg, neg_len, true };
    if (spnego_mech_list_der(&t, &n->mech_list, &n->mech_list_len, NULL) != CODEC_OK)
        return NTLM_ST_INTERNAL;
    return nego_encode(&t, &n->token, out, out_len);
}

/* The server's negTokenResp: negState, supportedMech NTLM, the CHALLENGE. */
static ntlm_status nego_client_challenge(nego_client *n, const uint8_t *in, size_t in_len, const uint8_t **out,
                                         size_t *out_len, bool *done)
{
    spnego_msg m = { 0 };
    const uint8_t *challenge = in, *auth;
    size_t challenge_len = in_len, auth_len;
    ntlm_status st;

    if (n->framing == NEGO_SPNEGO) {
        if (spnego_decode(in, in_len, &m, NULL) != CODEC_OK || m.view.kind != SPNEGO_NEG_TOKEN_RESP ||
            !m.view.response_token.present ||
            (m.view.has_neg_state && m.view.neg_state != SPNEGO_ACCEPT_INCOMPLETE) ||
            (m.view.supported_mech.present && !spnego_oid_equal_ntlm(m.view.supported_mech))) {
            bool rejected = m.view.has_neg_state && m.view.neg_state == SPNEGO_REJECT;
            spnego_msg_free(&m);
            return rejected ? NTLM_ST_LOGON_DENIED : NTLM_ST_INVALID_TOKEN;
        }
        challenge = m.view.response_token.data;
        challenge_len = m.view.response_token.len;
    }
    st = ntlm_client_authenticate(n->ntlm, challenge, challenge_len, &auth, &auth_len);
    spnego_msg_free(&m);
    if (st != NTLM_ST_OK)
        return st;
    if ((st = nego_seal_init(n->crypto, ntlm_client_keys(n->ntlm), true, &n->seal)) != NTLM_ST_OK)
        return st;
    n->stage = STAGE_SENT_AUTHENTICATE;
    if (n->framing == NEGO_RAW_NTLM) {
        *out = auth;
        *out_len = auth_len;
        n->stage = STAGE_DONE;
        *done = true;
        return NTLM_ST_OK;
    }
    /* Our client always uses the NTLM MIC, so the mechListMIC is due. */
    uint8_t mic[NTLM_SIGNATURE_LEN];
    if (!spnego_make_mech_list_mic(n->seal.out, n->mech_list, n->mech_list_len, n->mic_seq, mic))
        return NTLM_ST_INTERNAL;
    spnego_token t;
    memset(&t, 0, sizeof t);
    t.kind = SPNEGO_NEG_TOKEN_RESP;
    t.response_token = (cs_bytes){ auth, auth_len, true };
    t.mech_list_mic = (cs_bytes){ mic, sizeof mic, true };
    return nego_encode(&t, &n->token, out, out_len);
}

/* The server's last negTokenResp: accept-completed and its mechListMIC. */
static ntlm_status nego_client_finish(nego_client *n, const uint8_t *in, size_t in_len, bool *done)
{
    spnego_msg m;
    if (spnego_decode(in, in_len, &m, NULL) != CODEC_OK || m.view.kind != SPNEGO_NEG_TOKEN_RESP) {
        spnego_msg_free(&m);
        return NTLM_ST_INVALID_TOKEN;
    }
    ntlm_status st = NTLM_ST_OK;
    if (m.view.has_neg_state && m.view.neg_state == SPNEGO_REJECT)
        st = NTLM_ST_LOGON_DENIED;
    else if (!m.view.has_neg_state || m.view.neg_state != SPNEGO_ACCEPT_COMPLETED || !m.view.mech_list_mic.present)
        st = NTLM_ST_INVALID_TOKEN;
    else if (!spnego_check_mech_list_mic(n->seal.in, n->mech_list, n->mech_list_len, n->mic_seq,
                                         m.view.mech_list_mic.data, m.view.mech_list_mic.len))
        st = NTLM_ST_LOGON_DENIED;
    spnego_msg_free(&m);
    if (st == NTLM_ST_OK) {
        n->stage = STAGE_DONE;
        *done = true;
    }
    return st;
}

ntlm_status nego_client_step(nego_client *n, const uint8_t *in, size_t in_len, const uint8_t **out, size_t *out_len,
                             bool *done)
{
    ntlm_status st;
    *out = NULL;
    *out_len = 0;
    *done = false;
    switch (n->stage) {
    case STAGE_START:
        st = in == NULL ? nego_client_start(n, out, out_len) : NTLM_ST_INVALID_TOKEN;
        break;
    case STAGE_SENT_NEGOTIATE:
        st = in != NULL ? nego_client_challenge(n, in, in_len, out, out_len, done) : NTLM_ST_INVALID_TOKEN;
        break;
    case STAGE_SENT_AUTHENTICATE:
        st = in != NULL ? nego_client_finish(n, in, in_len, done) : NTLM_ST_INVALID_TOKEN;
        break;
    default:
        st = NTLM_ST_INVALID_TOKEN;
        break;
    }
    if (st != NTLM_ST_OK)
        n->stage = STAGE_FAILED;
    return st;
}

/* The keys exist once AUTHENTICATE is made: CredSSP seals pubKeyAuth into
 * the same TSRequest, before SPNEGO's last token comes back. */
static bool nego_client_has_keys(const nego_client *n)
{
    return n->stage == STAGE_SENT_AUTHENTICATE || n->stage == STAGE_DONE;
}

ntlm_seal_state *nego_client_outbound(nego_client *n)
{
    return nego_client_has_keys(n) ? n->seal.out : NULL;
}

ntlm_seal_state *nego_client_inbound(nego_client *n)
{
    return nego_client_has_keys(n) ? n->seal.in : NULL;
}

bool nego_client_done(const nego_client *n)
{
    return n != NULL && n->stage == STAGE_DONE;
}

/* ---------------------------------------------------------------- server */

ntlm_status nego_server_new(ntlm_crypto *c, const ntlm_user_db *db, spnego_mic_seq mic_seq, nego_server **out)
{
    *out = NULL;
    nego_server *n = calloc(1, sizeof *n);
    if (n == NULL)
        return NTLM_ST_NO_MEMORY;
    n->crypto = c;
    n->mic_seq = mic_seq;
    ntlm_status st = ntlm_server_new(c, db, "LIBCREDSSP", "LIBCREDSSP", "libcredssp.test", "libcredssp.test", &n->ntlm);
    if (st != NTLM_ST_OK) {
        nego_server_free(n);
        return st;
    }
    *out = n;
    return NTLM_ST_OK;
}

void nego_server_free(nego_server *n)
{
    if (n == NULL)
        return;
    ntlm_server_free(n->ntlm);
    nego_seal_free(&n->seal);
    free(n->mech_list);
    free(n->token);
    free(n);
}

/* The first token tells the framing: NTLMSSP raw, or an initial context token. */
static ntlm_status nego_server_start(nego_server *n, const uint8_t *in, size_t in_len, const uint8_t **out,
                                     size_t *out_len)
{
    spnego_msg m = { 0 };
    const uint8_t *neg = in, *chal;
    size_t neg_len = in_len, chal_len;

    n->framing = ntlm_message_type(in, in_len) == NTLM_NEGOTIATE ? NEGO_RAW_NTLM : NEGO_SPNEGO;
    if (n->framing == NEGO_SPNEGO) {
        if (spnego_decode(in, in_len, &m, NULL) != CODEC_OK || m.view.kind != SPNEGO_NEG_TOKEN_INIT ||
            !m.view.mech_token.present || !spnego_oid_equal_ntlm(m.view.mech_types[0]) ||
            spnego_mech_list_der(&m.view, &n->mech_list, &n->mech_list_len, NULL) != CODEC_OK) {
            /* Only NTLM is offered here, and it must be the initiator's first choice. */
            spnego_msg_free(&m);
            return NTLM_ST_INVALID_TOKEN;
        }
        neg = m.view.mech_token.data;
        neg_len = m.view.mech_token.len;
    }
    ntlm_status st = ntlm_server_challenge(n->ntlm, neg, neg_len, &chal, &chal_len);
    spnego_msg_free(&m);
    if (st != NTLM_ST_OK)
        return st;
    n->stage = STAGE_SENT_NEGOTIATE;
    if (n->framing == NEGO_RAW_NTLM) {
        *out = chal;
        *out_len = chal_len;
        return NTLM_ST_OK;
    }
    spnego_token t;
    memset(&t, 0, sizeof t);
    t.kind = SPNEGO_NEG_TOKEN_RESP;
    t.has_neg_state = true;
    t.neg_state = SPNEGO_ACCEPT_INCOMPLETE;
    t.supported_mech = spnego_oid_ntlm;
    t.response_token = (cs_bytes){ chal, chal_len, true };
    return nego_encode(&t, &n->token, out, out_len);
}

static ntlm_status nego_server_authenticate(nego_server *n, const uint8_t *in, size_t in_len, const uint8_t **out,
                                            size_t *out_len, bool *done)
{
    spnego_msg m = { 0 };
    const uint8_t *auth = in;
    size_t auth_len = in_len;
    if (n->framing == NEGO_SPNEGO) {
        if (spnego_decode(in, in_len, &m, NULL) != CODEC_OK || m.view.kind != SPNEGO_NEG_TOKEN_RESP ||
            !m.view.response_token.present) {
            spnego_msg_free(&m);
            return NTLM_ST_INVALID_TOKEN;
        }
        auth = m.view.response_token.data;
        auth_len = m.view.response_token.len;
    }
    ntlm_status st = ntlm_server_verify(n->ntlm, auth, auth_len);
    if (st == NTLM_ST_OK)
        st = nego_seal_init(n->crypto, ntlm_server_keys(n->ntlm), false, &n->seal);
    /* [MS-SPNG] 3.3.5.1: with the NTLM MIC, the mechListMIC must be there and verify. */
    bool mic_due = n->framing == NEGO_SPNEGO && st == NTLM_ST_OK && ntlm_server_peer_sent_mic(n->ntlm);
    if (mic_due && (!m.view.mech_list_mic.present ||
                    !spnego_check_mech_list_mic(n->seal.in, n->mech_list, n->mech_list_len, n->mic_seq,
                                                m.view.mech_list_mic.data, m.view.mech_list_mic.len)))
        st = NTLM_ST_LOGON_DENIED;
    spnego_msg_free(&m);
    if (st != NTLM_ST_OK)
        return st;
    n->stage = STAGE_DONE;
    *done = true;
    if (n->framing == NEGO_RAW_NTLM)
        return NTLM_ST_OK;
    uint8_t mic[NTLM_SIGNATURE_LEN];
    spnego_token t;
    memset(&t, 0, sizeof t);
    t.kind = SPNEGO_NEG_TOKEN_RESP;
    t.has_neg_state = true;
    t.neg_state = SPNEGO_ACCEPT_COMPLETED;
    if (mic_due) {
        if (!spnego_make_mech_list_mic(n->seal.out, n->mech_list, n->mech_list_len, n->mic_seq, mic))
            return NTLM_ST_INTERNAL;
        t.mech_list_mic = (cs_bytes){ mic, sizeof mic, true };
    }
    return nego_encode(&t, &n->token, out, out_len);
}

ntlm_status nego_server_step(nego_server *n, const uint8_t *in, size_t in_len, const uint8_t **out, size_t *out_len,
                             bool *done)
{
    ntlm_status st;
    *out = NULL;
    *out_len = 0;
    *done = false;
    if (in == NULL)
        st = NTLM_ST_INVALID_TOKEN;
    else if (n->stage == STAGE_START)
        st = nego_server_start(n, in, in_len, out, out_len);
    else if (n->stage == STAGE_SENT_NEGOTIATE)
        st = nego_server_authenticate(n, in, in_len, out, out_len, done);
    else
        st = NTLM_ST_INVALID_TOKEN;
    if (st != NTLM_ST_OK)
        n->stage = STAGE_FAILED;
    return st;
}

nego_framing nego_server_framing(const nego_server *n)
{
    return n->framing;
}

const ntlm_identity *nego_server_claimed(const nego_server *n)
{
    return ntlm_server_claimed(n->ntlm);
}

const ntlm_identity *nego_server_peer(const nego_server *n)
{
    return n->stage == STAGE_DONE ? ntlm_server_peer(n->ntlm) : NULL;
}

ntlm_seal_state *nego_server_outbound(nego_server *n)
{
    return n->stage == STAGE_DONE ? n->seal.out : NULL;
}

ntlm_seal_state *nego_server_inbound(nego_server *n)
{
    return n->stage == STAGE_DONE ? n->seal.in : NULL;
}

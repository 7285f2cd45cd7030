/* SPDX-License-Identifier: Apache-2.0 */
/* TSCredentials and its inner kinds ([MS-CSSP] 2.2.1.2): every rule here. */
#include <stdlib.h>
#include <string.h>

#include "asn1.h"
#include "tscredentials.h"

enum { TAG_CRED_TYPE = 0xA0, TAG_CREDENTIALS = 0xA1 };

/* The Unicode fields of [MS-CSSP] 2.2.1.2 are UTF-16LE: whole code units. */
static bool tscred_utf16(cs_bytes b)
{
    return !b.present || b.len % 2u == 0u;
}

static void tscred_wipe(cs_bytes b)
{
    if (b.present && b.len > 0)
        explicit_bzero((void *)(uintptr_t)b.data, b.len);
}

static ts_package_cred tscred_package_view(const TSRemoteGuardPackageCred_t *asn)
{
    ts_package_cred p = { asn1_bytes(&asn->packageName), asn1_bytes(&asn->credBuffer) };
    return p;
}

static codec_result tscred_view_password(const TSPasswordCreds_t *asn, ts_password_creds *v, codec_error *err)
{
    v->domain = asn1_bytes(&asn->domainName);
    v->user = asn1_bytes(&asn->userName);
    v->password = asn1_bytes(&asn->password);
    if (!tscred_utf16(v->domain) || !tscred_utf16(v->user) || !tscred_utf16(v->password))
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "TSPasswordCreds string is not UTF-16LE (odd length)");
    return CODEC_OK;
}

static codec_result tscred_view_smartcard(const TSSmartCardCreds_t *asn, ts_smartcard_creds *v, codec_error *err)
{
    v->pin = asn1_bytes(&asn->pin);
    v->csp.key_spec = asn->cspData.keySpec;
    v->csp.card_name = asn1_bytes(asn->cspData.cardName);
    v->csp.reader_name = asn1_bytes(asn->cspData.readerName);
    v->csp.container_name = asn1_bytes(asn->cspData.containerName);
    v->csp.csp_name = asn1_bytes(asn->cspData.cspName);
    v->user_hint = asn1_bytes(asn->userHint);
    v->domain_hint = asn1_bytes(asn->domainHint);
    const cs_bytes strings[] = { v->pin, v->csp.card_name, v->csp.reader_name, v->csp.container_name,
                                 v->csp.csp_name, v->user_hint, v->domain_hint };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        if (!tscred_utf16(strings[i]))
            return codec_fail(err, CODEC_E_SEMANTIC, 0, "TSSmartCardCreds string is not UTF-16LE (odd length)");
    return CODEC_OK;
}

static codec_result tscred_view_remote_guard(const TSRemoteGuardCreds_t *asn, ts_remote_guard_creds *v,
                                             codec_error *err)
{
    v->logon = tscred_package_view(&asn->logonCred);
    if (asn->supplementalCreds != NULL) {
        int count = asn->supplementalCreds->list.count;
        if (count < 0 || (size_t)count > TSCRED_MAX_SUPPLEMENTAL)
            return codec_fail(err, CODEC_E_SEMANTIC, 0, "more supplementalCreds than the bound of 8");
        v->has_supplemental = true;
        v->supplemental_count = (size_t)count;
        for (int i = 0; i < count; i++)
            v->supplemental[i] = tscred_package_view(asn->supplementalCreds->list.array[i]);
    }
    if (!tscred_utf16(v->logon.package_name))
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "packageName is not UTF-16LE (odd length)");
    for (size_t i = 0; i < v->supplemental_count; i++)
        if (!tscred_utf16(v->supplemental[i].package_name))
            return codec_fail(err, CODEC_E_SEMANTIC, 0, "packageName is not UTF-16LE (odd length)");
    return CODEC_OK;
}

static asn_TYPE_descriptor_t *tscred_inner_type(long cred_type)
{
    switch (cred_type) {
    case TSCRED_PASSWORD: return &asn_DEF_TSPasswordCreds;
    case TSCRED_SMARTCARD: return &asn_DEF_TSSmartCardCreds;
    case TSCRED_REMOTE_GUARD: return &asn_DEF_TSRemoteGuardCreds;
    default: return NULL;
    }
}

/* Decodes credentials, the DER of the type credType names; offsets in err are
 * shifted to the outer message by the caller. */
static codec_result tscred_decode_inner(tscredentials_msg *msg, cs_bytes inner, codec_error *err)
{
    asn_TYPE_descriptor_t *td = tscred_inner_type(msg->view.cred_type);
    CODEC_GUARD(asn1_decode_strict(td, &msg->inner, inner.data, inner.len, err));
    switch (msg->view.cred_type) {
    case TSCRED_PASSWORD:
        return tscred_view_password(msg->inner, &msg->view.u.password, err);
    case TSCRED_SMARTCARD:
        return tscred_view_smartcard(msg->inner, &msg->view.u.smartcard, err);
    default:
        return tscred_view_remote_guard(msg->inner, &msg->view.u.remote_guard, err);
    }
}

codec_result tscredentials_decode(const uint8_t *buf, size_t len, tscredentials_msg *msg, codec_error *err)
{
    memset(msg, 0, sizeof *msg);
    CODEC_GUARD(asn1_decode_strict(&asn_DEF_TSCredentials, &msg->outer, buf, len, err));
    const TSCredentials_t *outer = msg->outer;
    msg->view.cred_type = outer->credType;
    if (tscred_inner_type(outer->credType) == NULL) {
        tscredentials_msg_free(msg);
        return codec_fail(err, CODEC_E_SEMANTIC, der_child_offset(buf, len, 0, TAG_CRED_TYPE, 0),
                          "credType is not 1 (password), 2 (smart card) or 6 (remote guard)");
    }
    cs_bytes inner = asn1_bytes(&outer->credentials);
    codec_result r = tscred_decode_inner(msg, inner, err);
    if (r != CODEC_OK) {
        /* Shift the inner offset to the outer message: past the [1] tag
         * and the OCTET STRING header that wrap the inner DER. */
        size_t at = der_child_offset(buf, len, 0, TAG_CREDENTIALS, 0);
        size_t os = der_child_offset(buf, len, at, 0x04, 0);
        size_t total = 0;
        if (err != NULL && os < len && der_outer_size(buf + os, len - os, &total) == DER_OK)
            err->offset += os + (total - inner.len);
        tscredentials_msg_free(msg);
        return r;
    }
    return CODEC_OK;
}

/* Every byte that may be a secret: the inner values and the outer copy. */
static void tscred_wipe_view(const tscredentials *v)
{
    switch (v->cred_type) {
    case TSCRED_PASSWORD:
        tscred_wipe(v->u.password.domain);
        tscred_wipe(v->u.password.user);
        tscred_wipe(v->u.password.password);
        break;
    case TSCRED_SMARTCARD:
        tscred_wipe(v->u.smartcard.pin);
        tscred_wipe(v->u.smartcard.user_hint);
        tscred_wipe(v->u.smartcard.domain_hint);
        break;
    case TSCRED_REMOTE_GUARD:
        tscred_wipe(v->u.remote_guard.logon.cred_buffer);
        for (size_t i = 0; i < v->u.remote_guard.supplemental_count; i++)
            tscred_wipe(v->u.remote_guard.supplemental[i].cred_buffer);
        break;
    default:
        break;
    }
}

void tscredentials_msg_free(tscredentials_msg *msg)
{
    if (msg == NULL)
        return;
    tscred_wipe_view(&msg->view);
    if (msg->outer != NULL)
        tscred_wipe(asn1_bytes(&((TSCredentials_t *)msg->outer)->credentials));
    if (msg->inner != NULL)
        asn1_free(tscred_inner_type(msg->view.cred_type), msg->inner);
    asn1_free(&asn_DEF_TSCredentials, msg->outer);
    memset(msg, 0, sizeof *msg);
}

/* Builds the generated structure of the inner value, borrowing every byte. */
typedef struct tscred_inner_storage {
    TSPasswordCreds_t password;
    TSSmartCardCreds_t smartcard;
    TSRemoteGuardCreds_t remote_guard;
    OCTET_STRING_t opt[8];
    struct TSRemoteGuardCreds__supplementalCreds supplemental;
    TSRemoteGuardPackageCred_t packages[TSCRED_MAX_SUPPLEMENTAL];
    TSRemoteGuardPackageCred_t *package_ptrs[TSCRED_MAX_SUPPLEMENTAL];
} tscred_inner_storage;

static OCTET_STRING_t *tscred_optional(OCTET_STRING_t *slot, cs_bytes b)
{
    if (!b.present)
        return NULL;
    *slot = asn1_octets(b);
    return slot;
}

static TSRemoteGuardPackageCred_t tscred_package_asn(ts_package_cred p)
{
    TSRemoteGuardPackageCred_t asn;
    memset(&asn, 0, sizeof asn);
    asn.packageName = asn1_octets(p.package_name);
    asn.credBuffer = asn1_octets(p.cred_buffer);
    return asn;
}

static const void *tscred_inner_asn(const tscredentials *c, tscred_inner_storage *s)
{
    memset(s, 0, sizeof *s);
    switch (c->cred_type) {
    case TSCRED_PASSWORD:
        s->password.domainName = asn1_octets(c->u.password.domain);
        s->password.userName = asn1_octets(c->u.password.user);
        s->password.password = asn1_octets(c->u.password.password);
        return &s->password;
    case TSCRED_SMARTCARD: {
        const ts_smartcard_creds *sc = &c->u.smartcard;
        s->smartcard.pin = asn1_octets(sc->pin);
        s->smartcard.cspData.keySpec = sc->csp.key_spec;
        s->smartcard.cspData.cardName = tscred_optional(&s->opt[0], sc->csp.card_name);
        s->smartcard.cspData.readerName = tscred_optional(&s->opt[1], sc->csp.reader_name);
        s->smartcard.cspData.containerName = tscred_optional(&s->opt[2], sc->csp.container_name);
        s->smartcard.cspData.cspName = tscred_optional(&s->opt[3], sc->csp.csp_name);
        s->smartcard.userHint = tscred_optional(&s->opt[4], sc->user_hint);
        s->smartcard.domainHint = tscred_optional(&s->opt[5], sc->domain_hint);
        return &s->smartcard;
    }
    case TSCRED_REMOTE_GUARD: {
        const ts_remote_guard_creds *rg = &c->u.remote_guard;
        if (rg->supplemental_count > TSCRED_MAX_SUPPLEMENTAL)
            return NULL;
        s->remote_guard.logonCred = tscred_package_asn(rg->logon);
        if (rg->has_supplemental) {
            for (size_t i = 0; i < rg->supplemental_count; i++) {
                s->packages[i] = tscred_package_asn(rg->supplemental[i]);
                s->package_ptrs[i] = &s->packages[i];
            }
            s->supplemental.list.array = s->package_ptrs;
            s->supplemental.list.count = (int)rg->supplemental_count;
            s->supplemental.list.size = (int)rg->supplemental_count;
            s->remote_guard.supplementalCreds = &s->supplemental;
        }
        return &s->remote_guard;
    }
    default:
        return NULL;
    }
}

/* Every field within the message cap, so nothing oversized reaches the
 * generated encoder (whose sizes are int). */
static bool tscred_fits(const tscredentials *c)
{
    cs_bytes fields[8 + 2 * TSCRED_MAX_SUPPLEMENTAL];
    size_t n = 0, total = 0;
    if (c->cred_type == TSCRED_PASSWORD) {
        fields[n++] = c->u.password.domain;
        fields[n++] = c->u.password.user;
        fields[n++] = c->u.password.password;
    } else if (c->cred_type == TSCRED_SMARTCARD) {
        const ts_smartcard_creds *s = &c->u.smartcard;
        const cs_bytes all[] = { s->pin, s->csp.card_name, s->csp.reader_name, s->csp.container_name,
                                 s->csp.csp_name, s->user_hint, s->domain_hint };
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            fields[n++] = all[i];
    } else if (c->cred_type == TSCRED_REMOTE_GUARD) {
        const ts_remote_guard_creds *g = &c->u.remote_guard;
        if (g->supplemental_count > TSCRED_MAX_SUPPLEMENTAL)
            return false;
        fields[n++] = g->logon.package_name;
        fields[n++] = g->logon.cred_buffer;
        for (size_t i = 0; i < g->supplemental_count; i++) {
            fields[n++] = g->supplemental[i].package_name;
            fields[n++] = g->supplemental[i].cred_buffer;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (fields[i].len > DER_MAX_INPUT)
            return false;
        total += fields[i].len;
    }
    return total <= DER_MAX_INPUT;
}

codec_result tscredentials_encode(const tscredentials *creds, uint8_t **out, size_t *out_len, codec_error *err)
{
    tscred_inner_storage storage;
    uint8_t *inner = NULL;
    size_t inner_len = 0;

    *out = NULL;
    *out_len = 0;
    if (!tscred_fits(creds))
        return codec_fail(err, CODEC_E_SEMANTIC, 0, "credentials larger than the 64 KiB message cap");
    const void *inner_asn = tscred_inner_asn(creds, &storage);
    if (inner_asn == NULL)
        return codec_fail(err, CODEC_E_SEMANTIC, 0,
                          "credType is not 1 (password), 2 (smart card) or 6 (remote guard)");
    CODEC_GUARD(asn1_encode(tscred_inner_type(creds->cred_type), inner_asn, &inner, &inner_len, err));

    TSCredentials_t outer;
    memset(&outer, 0, sizeof outer);
    outer.credType = creds->cred_type;
    outer.credentials = asn1_octets((cs_bytes){ inner, inner_len, true });
    codec_result r = asn1_encode(&asn_DEF_TSCredentials, &outer, out, out_len, err);
    explicit_bzero(inner, inner_len);
    free(inner);
    return r;
}

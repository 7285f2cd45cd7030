/* SPDX-License-Identifier: Apache-2.0 */
/*
 * credssp decode [--type tsrequest|tscredentials|spnego] [--json]
 *                [--show-secrets] FILE|-
 * Exit 0: a valid strict-DER message of the type; 1: rejected, with one line
 * naming the offset and the rule; 2: usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "describe_krb.h"
#include "describe_ntlm.h"
#include "emit.h"
#include "options.h"
#include "spnego.h"
#include "tscredentials.h"
#include "tsrequest.h"

typedef enum decode_type { DECODE_TSREQUEST, DECODE_TSCREDENTIALS, DECODE_SPNEGO } decode_type;

typedef struct decode_opts {
    decode_type type;
    bool json;
    bool show_secrets;
    const char *path;
} decode_opts;

static const char decode_usage[] =
    "usage: credssp decode [--type tsrequest|tscredentials|spnego] [--json] [--show-secrets] FILE|-\n"
    "  Decodes one DER message (TSRequest when --type is not given) through the\n"
    "  strict DER gate and prints every field.  Passwords and PINs are shown only\n"
    "  with --show-secrets.\n"
    "  exit status: 0 valid, 1 rejected (the reason names the byte offset), 2 usage\n";

/* Reads all of path ("-" for stdin), refusing more than the message cap. */
static bool decode_read_input(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return false;
    }
    *len = fread(buf, 1, cap, f);
    bool ok = !ferror(f);
    if (f != stdin)
        fclose(f);
    if (!ok)
        fprintf(stderr, "credssp decode: cannot read %s\n", path);
    return ok;
}

/* What a negoToken holds, from its first bytes ([MS-NLMP] 2.2.1, RFC 4178). */
static void describe_token(emitter *em, const char *key, cs_bytes tok, bool show_secrets);

static void describe_oid(emitter *em, const char *key, cs_bytes oid)
{
    char dotted[128], text[192];
    const char *name = spnego_oid_name(oid);
    if (!spnego_oid_text(oid, dotted, sizeof dotted)) {
        emit_hex(em, key, oid.data, oid.len);
        return;
    }
    if (em->json || name == NULL) {
        emit_str(em, key, dotted);
        return;
    }
    snprintf(text, sizeof text, "%s (%s)", dotted, name);
    emit_str(em, key, text);
}

static const char *neg_state_name(long s)
{
    static const char *const names[] = { "accept-completed", "accept-incomplete", "reject", "request-mic" };
    return s >= 0 && s <= 3 ? names[s] : "?";
}

static void describe_spnego(emitter *em, const spnego_token *t, bool show_secrets)
{
    if (t->kind == SPNEGO_NEG_TOKEN_INIT) {
        emit_open_list(em, "mechTypes");
        for (size_t i = 0; i < t->mech_count; i++)
            describe_oid(em, NULL, t->mech_types[i]);
        emit_close_list(em);
        if (t->req_flags.present)
            emit_hex(em, "reqFlags", t->req_flags.data, t->req_flags.len);
        if (t->mech_token.present)
            describe_token(em, "mechToken", t->mech_token, show_secrets);
    } else {
        if (t->has_neg_state)
            emit_str(em, "negState", neg_state_name(t->neg_state));
        if (t->supported_mech.present)
            describe_oid(em, "supportedMech", t->supported_mech);
        if (t->response_token.present)
            describe_token(em, "responseToken", t->response_token, show_secrets);
    }
    if (t->mech_list_mic.present &&
        !describe_krb_mic(em, "mechListMIC", t->mech_list_mic.data, t->mech_list_mic.len))
        emit_hex(em, "mechListMIC", t->mech_list_mic.data, t->mech_list_mic.len);
}

static void describe_token(emitter *em, const char *key, cs_bytes tok, bool show_secrets)
{
    spnego_msg sp;
    codec_error err;

    (void)show_secrets; /* NTLM messages carry no cleartext secret */
    if (describe_ntlm(em, key, tok.data, tok.len))
        return;
    if (tok.len > 0 && (tok.data[0] == 0x60 || tok.data[0] == 0xA1) &&
        spnego_decode(tok.data, tok.len, &sp, &err) == CODEC_OK) {
        emit_open(em, key, sp.view.kind == SPNEGO_NEG_TOKEN_INIT ? "SPNEGO negTokenInit" : "SPNEGO negTokenResp");
        describe_spnego(em, &sp.view, show_secrets);
        emit_close(em);
        spnego_msg_free(&sp);
        return;
    }
    emit_open(em, key, "unrecognised token");
    emit_hex(em, "bytes", tok.data, tok.len);
    emit_close(em);
}

static const char *ntstatus_name(uint32_t s)
{
    switch (s) {
    case 0x00000000u: return "STATUS_SUCCESS";
    case 0xC000006Du: return "STATUS_LOGON_FAILURE";
    case 0xC000006Eu: return "STATUS_ACCOUNT_RESTRICTION";
    case 0xC0000022u: return "STATUS_ACCESS_DENIED";
    case 0xC0000064u: return "STATUS_NO_SUCH_USER";
    case 0xC000006Au: return "STATUS_WRONG_PASSWORD";
    case 0xC0000071u: return "STATUS_PASSWORD_EXPIRED";
    case 0xC0000072u: return "STATUS_ACCOUNT_DISABLED";
    case 0xC0000224u: return "STATUS_PASSWORD_MUST_CHANGE";
    case 0xC0000234u: return "STATUS_ACCOUNT_LOCKED_OUT";
    case 0xC000018Bu: return "STATUS_NO_TRUST_SAM_ACCOUNT";
    case 0xC00000BBu: return "STATUS_NOT_SUPPORTED";
    default: return NULL;
    }
}

static void describe_optional_hex(emitter *em, const char *key, cs_bytes b)
{
    if (b.present)
        emit_hex(em, key, b.data, b.len);
    else if (!em->json)
        emit_str(em, key, "absent");
}

/* pubKeyAuth and authInfo: a Kerberos Wrap token by its header, anything
 * else (NTLM's 16-byte signature and ciphertext) as bytes. */
static void describe_sealed(emitter *em, const char *key, cs_bytes b)
{
    if (!b.present || !describe_krb_wrap(em, key, b.data, b.len))
        describe_optional_hex(em, key, b);
}

static void describe_tsrequest(emitter *em, const tsrequest *r, size_t len, bool show_secrets)
{
    char title[64];
    snprintf(title, sizeof title, "TSRequest (%zu bytes, strict DER)", len);
    emit_open(em, NULL, em->json ? "TSRequest" : title);
    emit_int(em, "length", (long long)len);
    emit_int(em, "version", r->version);
    if (r->nego_token_count > 0) {
        emit_open_list(em, "negoTokens");
        for (size_t i = 0; i < r->nego_token_count; i++)
            describe_token(em, NULL, r->nego_tokens[i], show_secrets);
        emit_close_list(em);
    } else if (!em->json) {
        emit_str(em, "negoTokens", "absent");
    }
    describe_sealed(em, "authInfo", r->auth_info);
    describe_sealed(em, "pubKeyAuth", r->pub_key_auth);
    if (r->has_error_code) {
        const char *name = ntstatus_name(r->error_code);
        char text[80];
        snprintf(text, sizeof text, "0x%08X%s%s", r->error_code, name ? " " : "", name ? name : "");
        emit_str(em, "errorCode", text);
    } else if (!em->json) {
        emit_str(em, "errorCode", "absent");
    }
    describe_optional_hex(em, "clientNonce", r->client_nonce);
    emit_close(em);
}

static void describe_optional_utf16(emitter *em, const char *key, cs_bytes b)
{
    if (b.present)
        emit_utf16(em, key, b.data, b.len);
    else if (!em->json)
        emit_str(em, key, "absent");
}

static void describe_package(emitter *em, const char *key, const ts_package_cred *p, bool show_secrets)
{
    emit_open(em, key, "TSRemoteGuardPackageCred");
    emit_utf16(em, "packageName", p->package_name.data, p->package_name.len);
    if (show_secrets)
        emit_hex(em, "credBuffer", p->cred_buffer.data, p->cred_buffer.len);
    else
        emit_secret_utf16(em, "credBuffer", NULL, p->cred_buffer.len, false);
    emit_close(em);
}

static void describe_tscredentials(emitter *em, const tscredentials *c, size_t len, bool show_secrets)
{
    char title[64];
    snprintf(title, sizeof title, "TSCredentials (%zu bytes, strict DER)", len);
    emit_open(em, NULL, em->json ? "TSCredentials" : title);
    emit_int(em, "credType", c->cred_type);
    if (c->cred_type == TSCRED_PASSWORD) {
        const ts_password_creds *p = &c->u.password;
        emit_open(em, "credentials", "TSPasswordCreds");
        emit_utf16(em, "domainName", p->domain.data, p->domain.len);
        emit_utf16(em, "userName", p->user.data, p->user.len);
        emit_secret_utf16(em, "password", p->password.data, p->password.len, show_secrets);
        emit_close(em);
    } else if (c->cred_type == TSCRED_SMARTCARD) {
        const ts_smartcard_creds *s = &c->u.smartcard;
        emit_open(em, "credentials", "TSSmartCardCreds");
        emit_secret_utf16(em, "pin", s->pin.data, s->pin.len, show_secrets);
        emit_open(em, "cspData", "TSCspDataDetail");
        emit_int(em, "keySpec", s->csp.key_spec);
        describe_optional_utf16(em, "cardName", s->csp.card_name);
        describe_optional_utf16(em, "readerName", s->csp.reader_name);
        describe_optional_utf16(em, "containerName", s->csp.container_name);
        describe_optional_utf16(em, "cspName", s->csp.csp_name);
        emit_close(em);
        describe_optional_utf16(em, "userHint", s->user_hint);
        describe_optional_utf16(em, "domainHint", s->domain_hint);
        emit_close(em);
    } else {
        const ts_remote_guard_creds *g = &c->u.remote_guard;
        emit_open(em, "credentials", "TSRemoteGuardCreds");
        describe_package(em, "logonCred", &g->logon, show_secrets);
        if (g->has_supplemental) {
            emit_open_list(em, "supplementalCreds");
            for (size_t i = 0; i < g->supplemental_count; i++)
                describe_package(em, NULL, &g->supplemental[i], show_secrets);
            emit_close_list(em);
        }
        emit_close(em);
    }
    emit_close(em);
}

static int decode_reject(const decode_opts *o, const codec_error *err)
{
    if (o->json) {
        printf("{\"valid\":false,\"stage\":\"%s\",\"offset\":%zu,\"reason\":\"%s\"}\n",
               codec_result_name(err->result), err->offset, err->reason);
    }
    fprintf(stderr, "credssp decode: rejected at offset %zu: %s (%s)\n", err->offset, err->reason,
            codec_result_name(err->result));
    return 1;
}

int cmd_decode(int argc, char **argv)
{
    decode_opts o;
    memset(&o, 0, sizeof o);
    const char *type = NULL;
    const cli_option options[] = {
        { .name = "--json", .kind = CLI_SWITCH, .flag = &o.json, .flag_value = true },
        { .name = "--show-secrets", .kind = CLI_SWITCH, .flag = &o.show_secrets, .flag_value = true },
        { .name = "--type", .kind = CLI_TEXT, .text = &type },
    };
    const cli_command cmd = { .name = "decode", .usage = decode_usage, .options = options,
                              .option_count = sizeof options / sizeof options[0], .operand = &o.path,
                              .operand_name = "FILE", .dash_is_operand = true };
    cli_parsed parsed = cli_parse(&cmd, argc, argv);
    if (parsed != CLI_RUN)
        return parsed == CLI_HELPED ? 0 : EXIT_USAGE;
    static const struct {
        const char *name;
        decode_type type;
    } types[] = { { "tsrequest", DECODE_TSREQUEST }, { "tscredentials", DECODE_TSCREDENTIALS },
                  { "spnego", DECODE_SPNEGO } };
    bool known = type == NULL;
    for (size_t i = 0; !known && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type, types[i].name) == 0) {
            o.type = types[i].type;
            known = true;
        }
    if (!known)
        return cli_usage_error(&cmd, "--type is tsrequest, tscredentials or spnego, not %s", type);
    if (o.path == NULL)
        return cli_usage_error(&cmd, "%s", "a FILE (or - for standard input) is needed");
    /* One byte over the cap is enough to know the input is too big. */
    static uint8_t buf[DER_MAX_INPUT + 1u];
    size_t len = 0;
    if (!decode_read_input(o.path, buf, sizeof buf, &len))
        return 2;

    emitter em;
    codec_error err;
    int status = 0;
    emit_init(&em, stdout, o.json);
    if (o.type == DECODE_TSREQUEST) {
        tsrequest_msg m;
        if (tsrequest_decode(buf, len, &m, &err) != CODEC_OK)
            return decode_reject(&o, &err);
        describe_tsrequest(&em, &m.view, len, o.show_secrets);
        tsrequest_msg_free(&m);
    } else if (o.type == DECODE_TSCREDENTIALS) {
        tscredentials_msg m;
        if (tscredentials_decode(buf, len, &m, &err) != CODEC_OK)
            return decode_reject(&o, &err);
        describe_tscredentials(&em, &m.view, len, o.show_secrets);
        tscredentials_msg_free(&m);
    } else {
        spnego_msg m;
        if (spnego_decode(buf, len, &m, &err) != CODEC_OK)
            return decode_reject(&o, &err);
        char title[64];
        snprintf(title, sizeof title, "SPNEGO %s (%zu bytes, strict DER)",
                 m.view.kind == SPNEGO_NEG_TOKEN_INIT ? "negTokenInit" : "negTokenResp", len);
        emit_open(&em, NULL, o.json ? (m.view.kind == SPNEGO_NEG_TOKEN_INIT ? "negTokenInit" : "negTokenResp")
                                    : title);
        describe_spnego(&em, &m.view, o.show_secrets);
        emit_close(&em);
        spnego_msg_free(&m);
    }
    emit_finish(&em);
    explicit_bzero(buf, len);
    return status;
}

void decode_print_tsrequest(FILE *out, const uint8_t *der, size_t len)
{
    emitter em;
    tsrequest_msg m;
    codec_error err;
    emit_init(&em, out, false);
    if (tsrequest_decode(der, len, &m, &err) != CODEC_OK) {
        fprintf(out, "(%zu bytes that do not decode: %s)\n", len, err.reason);
        return;
    }
    describe_tsrequest(&em, &m.view, len, false);
    tsrequest_msg_free(&m);
}

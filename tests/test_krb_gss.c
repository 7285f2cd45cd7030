/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kerberos through MIT's GSSAPI (auth/krb_gss.c) against the scratch KDC
 * of tests/kdc.sh (run by tests/test_krb_gss.sh, which makes the
 * principals and keytabs and passes their paths): the context both ways
 * with mutual authentication, the Wrap tokens in Windows' layout read back
 * by our header parser and unsealed by the other side, a tampered and a
 * replayed token refused, and each failure the seed's statuses name.
 *   test_krb_gss CASE KEYTAB [CCACHE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "krb_gss.h"
#include "krb_token.h"
#include "testlib.h"

#define USER "alice"
#define PASSWORD "Passw0rd!"
#define TARGET "TERMSRV/localhost"

/* Runs the exchange until both sides are done or one fails; the failing
 * side's status, or KRB_ST_OK. */
static krb_status handshake(krb_ctx *ini, krb_ctx *acc, krb_status *ini_st)
{
    uint8_t *tok = NULL, *back = NULL;
    size_t tok_len = 0, back_len = 0;
    krb_status si = krb_step(ini, NULL, 0, &tok, &tok_len), sa = KRB_ST_CONTINUE;
    for (int round = 0; round < 4 && si == KRB_ST_CONTINUE; round++) {
        sa = krb_step(acc, tok, tok_len, &back, &back_len);
        free(tok);
        tok = NULL;
        if (sa != KRB_ST_OK && sa != KRB_ST_CONTINUE)
            break;
        si = krb_step(ini, back, back_len, &tok, &tok_len);
        free(back);
        back = NULL;
    }
    free(tok);
    free(back);
    *ini_st = si;
    return sa;
}

static krb_ctx *initiator(const char *user, const char *password, const char *target, krb_status *st)
{
    krb_initiator_args a = { .principal = user, .password = password, .target = target };
    krb_ctx *k = NULL;
    *st = krb_initiator_new(&a, &k);
    return k;
}

static void check_wrap(krb_ctx *from, krb_ctx *to, bool from_acceptor)
{
    static const uint8_t data[] = "the server's SubjectPublicKey, or TSCredentials";
    uint8_t *tok, *plain;
    size_t tok_len, plain_len;
    CHECK(krb_wrap(from, data, sizeof data, &tok, &tok_len) == KRB_ST_OK, "sealing from the %s",
          from_acceptor ? "acceptor" : "initiator");
    krb_token_header h;
    CHECK(krb_wrap_parse_header(tok, tok_len, &h) == KRB_TOKEN_OK, "a Wrap token by RFC 4121 4.2.6.2");
    CHECK(h.rrc == 28 && h.ec == 0, "Windows' layout: RRC %u (28), EC %u (0)", h.rrc, h.ec);
    CHECK((h.flags & KRB_TOKEN_SEALED) && ((h.flags & KRB_TOKEN_SENT_BY_ACCEPTOR) != 0) == from_acceptor,
          "flags 0x%02x: sealed, SentByAcceptor %s", h.flags, from_acceptor ? "set" : "clear");
    uint8_t *sent = malloc(tok_len);
    memcpy(sent, tok, tok_len);
    CHECK(krb_unwrap(to, tok, tok_len, &plain, &plain_len) == KRB_ST_OK && plain_len == sizeof data &&
              memcmp(plain, data, sizeof data) == 0,
          "the other side unseals the same bytes");
    CHECK(memcmp(sent, tok, tok_len) == 0, "the token is left as it came (unwrap takes it const)");
    free(sent);
    free(plain);
    plain = NULL;
    krb_status again = krb_unwrap(to, tok, tok_len, &plain, &plain_len);
    CHECK(again == KRB_ST_OUT_OF_SEQUENCE && plain == NULL, "the same token again: %s", krb_status_name(again));
    free(tok);

    CHECK(krb_wrap(from, data, sizeof data, &tok, &tok_len) == KRB_ST_OK, "a second token");
    tok[tok_len - 1] ^= 1u;
    krb_status bad = krb_unwrap(to, tok, tok_len, &plain, &plain_len);
    CHECK(bad == KRB_ST_MESSAGE_ALTERED && plain == NULL, "one bit changed: %s (%s)", krb_status_name(bad),
          krb_last_message(to));
    free(tok);
}

static void case_ok(const char *keytab)
{
    krb_status st, si;
    krb_ctx *ini = initiator(USER, PASSWORD, TARGET, &st);
    CHECK(st == KRB_ST_OK, "alice's password gets a TGT: %s %s", krb_status_name(st), krb_last_message(ini));
    krb_ctx *acc = NULL;
    st = krb_acceptor_new(keytab, &acc);
    CHECK(st == KRB_ST_OK, "the service's keytab: %s %s", krb_status_name(st), krb_last_message(acc));
    krb_status sa = handshake(ini, acc, &si);
    CHECK(sa == KRB_ST_OK && si == KRB_ST_OK, "the context, mutually authenticated: acceptor %s, initiator %s (%s%s)",
          krb_status_name(sa), krb_status_name(si), krb_last_message(acc), krb_last_message(ini));
    CHECK(strcmp(krb_peer_name(acc), "alice@CREDSSP.TEST") == 0, "the acceptor names the client: %s",
          krb_peer_name(acc));
    CHECK(strncmp(krb_peer_name(ini), "TERMSRV/localhost", 17) == 0, "the initiator names the service: %s",
          krb_peer_name(ini));
    if (sa == KRB_ST_OK && si == KRB_ST_OK) {
        check_wrap(ini, acc, false);
        check_wrap(acc, ini, true);
    }
    uint8_t *out;
    size_t out_len;
    CHECK(krb_step(acc, (const uint8_t *)"x", 1, &out, &out_len) == KRB_ST_INVALID_TOKEN,
          "a token after the context is established is refused");
    krb_ctx_free(ini);
    krb_ctx_free(acc);
}

/* A failure of the initiator's set-up or of the exchange, by status. */
static void case_fails(const char *name, const char *user, const char *password, const char *target,
                       const char *keytab, krb_status want)
{
    krb_status st, si = KRB_ST_OK, sa = KRB_ST_OK;
    krb_ctx *ini = initiator(user, password, target, &st), *acc = NULL;
    if (st == KRB_ST_OK && krb_acceptor_new(keytab, &acc) == KRB_ST_OK) {
        sa = handshake(ini, acc, &si);
        st = si != KRB_ST_OK && si != KRB_ST_CONTINUE ? si : sa;
    }
    CHECK(st == want, "%s: %s (want %s): %s%s", name, krb_status_name(st), krb_status_name(want),
          krb_last_message(ini), acc != NULL ? krb_last_message(acc) : "");
    krb_ctx_free(ini);
    krb_ctx_free(acc);
}

static void case_ccache(const char *keytab, const char *ccache)
{
    krb_initiator_args a = { .ccache = ccache, .target = TARGET };
    krb_ctx *ini = NULL, *acc = NULL;
    krb_status st = krb_initiator_new(&a, &ini), si;
    CHECK(st == KRB_ST_OK, "a ticket from the credential cache %s: %s %s", ccache, krb_status_name(st),
          krb_last_message(ini));
    CHECK(krb_acceptor_new(keytab, &acc) == KRB_ST_OK, "the service's keytab");
    CHECK(handshake(ini, acc, &si) == KRB_ST_OK && si == KRB_ST_OK, "the context from the cache's ticket");
    krb_ctx_free(ini);
    krb_ctx_free(acc);
    a.ccache = "FILE:/nonexistent/ccache";
    st = krb_initiator_new(&a, &ini);
    CHECK(st == KRB_ST_NO_CREDENTIALS, "no such cache: %s (%s)", krb_status_name(st), krb_last_message(ini));
    krb_ctx_free(ini);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_krb_gss ok|fails|skew|no-kdc|ccache KEYTAB [CCACHE]\n");
        return 2;
    }
    const char *c = argv[1], *keytab = argv[2];
    if (strcmp(c, "ok") == 0) {
        case_ok(keytab);
    } else if (strcmp(c, "fails") == 0) {
        case_fails("a wrong password", USER, "wrong", TARGET, keytab, KRB_ST_LOGON_DENIED);
        case_fails("an unknown user", "nobody", PASSWORD, TARGET, keytab, KRB_ST_LOGON_DENIED);
        case_fails("a target the KDC does not know", USER, PASSWORD, "TERMSRV/unknown", keytab,
                   KRB_ST_WRONG_PRINCIPAL);
        case_fails("a target whose key the acceptor lacks", USER, PASSWORD, "TERMSRV/elsewhere", keytab,
                   KRB_ST_WRONG_PRINCIPAL);
    } else if (strcmp(c, "skew") == 0) {
        /* The KDC an hour ahead, kdc_timesync off (test_krb_gss.sh): the
         * KDC refuses the pre-authentication timestamp (RFC 4120 5.2.7.2,
         * KRB_AP_ERR_SKEW), or the client the reply's time. */
        case_fails("a clock an hour ahead", USER, PASSWORD, TARGET, keytab, KRB_ST_TIME_SKEW);
    } else if (strcmp(c, "no-kdc") == 0) {
        case_fails("no KDC", USER, PASSWORD, TARGET, keytab, KRB_ST_NO_AUTHORITY);
    } else if (strcmp(c, "ccache") == 0 && argc > 3) {
        case_ccache(keytab, argv[3]);
    } else {
        fprintf(stderr, "test_krb_gss: unknown case %s\n", c);
        return 2;
    }
    return test_summary();
}

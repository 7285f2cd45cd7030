/* NTLMv2 client and server ([MS-NLMP] 3.1, 3.2); see ntlm.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "entropy.h"
#include "ntlm.h"
#include "ntlm_msg.h"
#include "unicode.h"

/* [MS-NLMP] 2.2.2.5 NegotiateFlags. */
enum {
    F_UNICODE = 0x00000001, F_REQUEST_TARGET = 0x00000004, F_SIGN = 0x00000010, F_SEAL = 0x00000020,
    F_NTLM = 0x00000200, F_ALWAYS_SIGN = 0x00008000, F_TARGET_TYPE_SERVER = 0x00020000,
    F_EXTENDED_SESSIONSECURITY = 0x00080000, F_TARGET_INFO = 0x00800000, F_VERSION = 0x02000000,
};
#define F_128 0x20000000u
#define F_KEY_EXCH 0x40000000u
#define F_56 0x80000000u

/* What we ask for and accept: NTLMv2 with extended session security, 128-bit
 * keys and key exchange, signing and sealing (CredSSP seals pubKeyAuth). */
#define NTLM_CLIENT_FLAGS                                                                                          \
    (F_UNICODE | F_REQUEST_TARGET | F_SIGN | F_SEAL | F_NTLM | F_ALWAYS_SIGN | F_EXTENDED_SESSIONSECURITY |        \
     F_VERSION | F_128 | F_KEY_EXCH | F_56)

#define MSV_AV_FLAG_MIC 0x2u /* [MS-NLMP] 2.2.2.1 MsvAvFlags */
#define NTLMV2_TEMP_HEADER 28u
#define MAX_MESSAGE 4096u

/* The VERSION we announce: 10.0.19041, NTLM revision 15 ([MS-NLMP] 2.2.2.10). */
static const uint8_t ntlm_our_version[8] = { 10, 0, 0x61, 0x4a, 0, 0, 0, 15 };
/* NTOWFv1 of the empty password: such users are refused. */
static const uint8_t ntlm_empty_password_hash[16] = { 0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a, 0xe9, 0x31,
                                                      0xb7, 0x3c, 0x59, 0xd7, 0xe0, 0xc0, 0x89, 0xc0 };

const char *ntlm_status_text(ntlm_status st)
{
    switch (st) {
    case NTLM_ST_OK: return "ok";
    case NTLM_ST_INVALID_TOKEN: return "invalid NTLM token";
    case NTLM_ST_LOGON_DENIED: return "logon denied";
    case NTLM_ST_BAD_CREDENTIALS: return "unusable credentials";
    case NTLM_ST_NO_MEMORY: return "out of memory";
    case NTLM_ST_INTERNAL: return "internal error";
    }
    return "unknown";
}

/* ---------------------------------------------------------------- bytes */

/* A message under construction: fixed header, then payload appended. */
typedef struct ntlm_writer {
    uint8_t buf[MAX_MESSAGE];
    size_t header, used;
    bool overflow;
} ntlm_writer;

static void put_u16(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void writer_start(ntlm_writer *w, uint32_t type, size_t header)
{
    memset(w, 0, sizeof *w);
    memcpy(w->buf, "NTLMSSP", 8);
    put_u32(w->buf + 8, type);
    w->header = header;
    w->used = header;
}

/* Appends data to the payload and writes its (Len, MaxLen, Offset) at at. */
static void writer_field(ntlm_writer *w, size_t at, const uint8_t *data, size_t len)
{
    if (len > sizeof w->buf - w->used || len > 0xFFFFu) {
        w->overflow = true;
        return;
    }
    put_u16(w->buf + at, len);
    put_u16(w->buf + at + 2, len);
    put_u32(w->buf + at + 4, (uint32_t)w->used);
    if (len > 0)
        memcpy(w->buf + w->used, data, len);
    w->used += len;
}

/* Appends one AV pair to an AV list being built in buf. */
static bool av_put(uint8_t *buf, size_t cap, size_t *used, uint16_t id, const uint8_t *value, size_t len)
{
    if (len > 0xFFFFu || cap - *used < 4u + len)
        return false;
    put_u16(buf + *used, id);
    put_u16(buf + *used + 2, len);
    if (len > 0)
        memcpy(buf + *used + 4, value, len);
    *used += 4u + len;
    return true;
}


/* ------------------------------------------------------------- identity */

void ntlm_identity_wipe(ntlm_identity *id)
{
    if (id != NULL)
        OPENSSL_cleanse(id, sizeof *id);
}

static ntlm_status ntlm_identity_names(const char *user, const char *domain, ntlm_identity *out)
{
    memset(out, 0, sizeof *out);
    if (user == NULL || user[0] == '\0')
        return NTLM_ST_BAD_CREDENTIALS;
    if (!utf8_to_utf16le(user, out->user, sizeof out->user, &out->user_len) ||
        !utf8_to_utf16le(domain != NULL ? domain : "", out->domain, sizeof out->domain, &out->domain_len))
        return NTLM_ST_BAD_CREDENTIALS;
    return NTLM_ST_OK;
}

ntlm_status ntlm_identity_from_password(ntlm_crypto *c, const char *user, const char *domain,
                                        const char *password, ntlm_identity *out)
{
    uint8_t pw[2 * NTLM_MAX_NAME];
    size_t pw_len = 0;
    ntlm_status st = ntlm_identity_names(user, domain, out);
    if (st != NTLM_ST_OK)
        return st;
    if (password == NULL || password[0] == '\0' || !utf8_to_utf16le(password, pw, sizeof pw, &pw_len)) {
        ntlm_identity_wipe(out);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    bool ok = ntlm_ntowfv1(c, pw, pw_len, out->nt_hash);
    OPENSSL_cleanse(pw, sizeof pw);
    if (!ok) {
        ntlm_identity_wipe(out);
        return NTLM_ST_INTERNAL;
    }
    return NTLM_ST_OK;
}

static bool ntlm_parse_hex16(const char *hex, uint8_t out[16])
{
    for (size_t i = 0; i < 32; i++) {
        char ch = hex[i];
        int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                                                  : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (v < 0)
            return false;
        out[i / 2] = (uint8_t)(i % 2 == 0 ? v << 4 : out[i / 2] | v);
    }
    return true;
}

ntlm_status ntlm_identity_from_hash(const char *user, const char *domain, const char *nt_hash_hex,
                                    ntlm_identity *out)
{
    ntlm_status st = ntlm_identity_names(user, domain, out);
    if (st != NTLM_ST_OK)
        return st;
    if (nt_hash_hex == NULL || strlen(nt_hash_hex) != 32 || !ntlm_parse_hex16(nt_hash_hex, out->nt_hash)) {
        ntlm_identity_wipe(out);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    return NTLM_ST_OK;
}

/* --------------------------------------------------------------- user db */

struct ntlm_user_db {
    size_t count;
    ntlm_identity *users;
};

void ntlm_user_db_free(ntlm_user_db *db)
{
    if (db == NULL)
        return;
    for (size_t i = 0; i < db->count; i++)
        ntlm_identity_wipe(&db->users[i]);
    free(db->users);
    free(db);
}

size_t ntlm_user_db_count(const ntlm_user_db *db)
{
    return db->count;
}

/* One `User:Domain:LMhash:NThash:::` line. */
static bool ntlm_user_db_line(char *line, ntlm_identity *out)
{
    char *fields[4];
    char *p = line;
    for (int i = 0; i < 4; i++) {
        fields[i] = p;
        p = strchr(p, ':');
        if (p == NULL)
            return false;
        *p++ = '\0';
    }
    /* The rest must be the empty trailing fields "::" (and a newline). */
    p[strcspn(p, "\r\n")] = '\0';
    if (strcmp(p, "::") != 0 && strcmp(p, "") != 0)
        return false;
    return ntlm_identity_from_hash(fields[0], fields[1], fields[3], out) == NTLM_ST_OK;
}

/* One line of the text (without its newline) into line[] as a C string;
 * false when it is longer than the buffer or holds a NUL byte. */
static bool ntlm_user_db_take_line(const char *text, size_t len, char *line, size_t cap)
{
    if (len >= cap || memchr(text, '\0', len) != NULL)
        return false;
    memcpy(line, text, len);
    line[len] = '\0';
    return true;
}

ntlm_status ntlm_user_db_parse(const char *text, size_t len, ntlm_user_db **out, size_t *line, const char **why)
{
    char buf[NTLM_USER_DB_MAX_LINE];
    *out = NULL;
    *line = 0;
    ntlm_user_db *db = calloc(1, sizeof *db);
    ntlm_status st = db == NULL ? NTLM_ST_NO_MEMORY : NTLM_ST_OK;
    *why = db == NULL ? "out of memory" : NULL;
    size_t at = 0;
    while (st == NTLM_ST_OK && at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl != NULL ? (size_t)(nl - (text + at)) : len - at;
        const char *start = text + at;
        at += n + (nl != NULL ? 1u : 0u);
        (*line)++;
        if (n == 0 || start[0] == '\r' || start[0] == '#')
            continue;
        if (!ntlm_user_db_take_line(start, n, buf, sizeof buf)) {
            *why = "line too long, or holds a NUL byte";
            st = NTLM_ST_BAD_CREDENTIALS;
            break;
        }
        if (db->count == NTLM_USER_DB_MAX_USERS) {
            *why = "more users than a user file may hold";
            st = NTLM_ST_BAD_CREDENTIALS;
            break;
        }
        ntlm_identity *grown = realloc(db->users, (db->count + 1u) * sizeof *grown);
        if (grown == NULL) {
            *why = "out of memory";
            st = NTLM_ST_NO_MEMORY;
            break;
        }
        db->users = grown;
        if (!ntlm_user_db_line(buf, &db->users[db->count])) {
            *why = "not `User:Domain:LMhash:NThash:::` with a 32-digit NT hash";
            st = NTLM_ST_BAD_CREDENTIALS;
            break;
        }
        db->count++;
    }
    if (st == NTLM_ST_OK && db->count == 0) {
        *why = "the user file names no user";
        st = NTLM_ST_BAD_CREDENTIALS;
    }
    OPENSSL_cleanse(buf, sizeof buf);
    if (st != NTLM_ST_OK) {
        ntlm_user_db_free(db);
        return st;
    }
    *line = 0;
    *out = db;
    return NTLM_ST_OK;
}

ntlm_status ntlm_user_db_load(const char *path, ntlm_user_db **out, size_t *line, const char **why)
{
    *out = NULL;
    *line = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        *why = "cannot open the user file";
        return NTLM_ST_BAD_CREDENTIALS;
    }
    /* The whole file, bounded, then parsed from memory. */
    char *text = malloc(NTLM_USER_DB_MAX_FILE + 1u);
    if (text == NULL) {
        fclose(f);
        *why = "out of memory";
        return NTLM_ST_NO_MEMORY;
    }
    size_t len = fread(text, 1, NTLM_USER_DB_MAX_FILE + 1u, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    ntlm_status st;
    if (bad) {
        *why = "cannot read the user file";
        st = NTLM_ST_BAD_CREDENTIALS;
    } else if (len > NTLM_USER_DB_MAX_FILE) {
        *why = "the user file is larger than 1 MiB";
        st = NTLM_ST_BAD_CREDENTIALS;
    } else {
        st = ntlm_user_db_parse(text, len, out, line, why);
    }
    OPENSSL_cleanse(text, NTLM_USER_DB_MAX_FILE + 1u);
    free(text);
    return st;
}

/* ASCII case-insensitive equality of UTF-16LE strings ([MS-NLMP] compares
 * user and domain names without regard to case). */
static bool utf16_equal_nocase(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i += 2) {
        uint16_t x = (uint16_t)(a[i] | a[i + 1] << 8), y = (uint16_t)(b[i] | b[i + 1] << 8);
        if (x >= 'a' && x <= 'z')
            x = (uint16_t)(x - 32);
        if (y >= 'a' && y <= 'z')
            y = (uint16_t)(y - 32);
        if (x != y)
            return false;
    }
    return true;
}

static const ntlm_identity *ntlm_user_db_find(const ntlm_user_db *db, const uint8_t *user, size_t user_len,
                                              const uint8_t *domain, size_t domain_len)
{
    for (size_t i = 0; i < db->count; i++) {
        const ntlm_identity *u = &db->users[i];
        if (!utf16_equal_nocase(u->user, u->user_len, user, user_len))
            continue;
        if (u->domain_len == 0 || utf16_equal_nocase(u->domain, u->domain_len, domain, domain_len))
            return u;
    }
    return NULL;
}

/* -------------------------------------------------------------- keys */

static bool ntlm_derive_keys(ntlm_crypto *c, ntlm_keys *k)
{
    return ntlm_sign_key(c, k->exported, NTLM_CLIENT, k->client_sign) &&
           ntlm_seal_key(c, k->exported, NTLM_CLIENT, k->client_seal) &&
           ntlm_sign_key(c, k->exported, NTLM_SERVER, k->server_sign) &&
           ntlm_seal_key(c, k->exported, NTLM_SERVER, k->server_seal);
}

/* ---------------------------------------------------------------- client */

struct ntlm_client {
    ntlm_crypto *crypto;
    ntlm_identity id;
    uint8_t spn[NTLM_MAX_NAME];
    size_t spn_len;
    ntlm_writer negotiate, authenticate;
    ntlm_keys keys;
    bool negotiated, authenticated;
};

ntlm_status ntlm_client_new(ntlm_crypto *c, const ntlm_identity *id, const char *spn, ntlm_client **out)
{
    *out = NULL;
    ntlm_client *cl = calloc(1, sizeof *cl);
    if (cl == NULL)
        return NTLM_ST_NO_MEMORY;
    cl->crypto = c;
    cl->id = *id;
    if (spn != NULL && !utf8_to_utf16le(spn, cl->spn, sizeof cl->spn, &cl->spn_len)) {
        ntlm_client_free(cl);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    *out = cl;
    return NTLM_ST_OK;
}

void ntlm_client_free(ntlm_client *cl)
{
    if (cl == NULL)
        return;
    OPENSSL_cleanse(cl, sizeof *cl);
    free(cl);
}

const ntlm_keys *ntlm_client_keys(const ntlm_client *cl)
{
    return cl->authenticated ? &cl->keys : NULL;
}

ntlm_status ntlm_client_negotiate(ntlm_client *cl, const uint8_t **out, size_t *out_len)
{
    ntlm_writer *w = &cl->negotiate;
    writer_start(w, NTLM_NEGOTIATE, 40);
    put_u32(w->buf + 12, NTLM_CLIENT_FLAGS);
    writer_field(w, 16, NULL, 0); /* DomainName */
    writer_field(w, 24, NULL, 0); /* Workstation */
    memcpy(w->buf + 32, ntlm_our_version, 8);
    cl->negotiated = true;
    *out = w->buf;
    *out_len = w->used;
    return NTLM_ST_OK;
}

/* The client's AV pairs ([MS-NLMP] 3.1.5.1.2): the server's, less those we
 * set ourselves, then MsvAvFlags (MIC present), channel bindings (none: 16
 * zero bytes; CredSSP binds the TLS key through pubKeyAuth), the SPN. */
static bool ntlm_client_av_pairs(const ntlm_client *cl, const uint8_t *info, const ntlm_av_list *server,
                                 uint8_t *out, size_t cap, size_t *used)
{
    static const uint8_t no_bindings[16];
    uint8_t flags[4];
    *used = 0;
    for (size_t i = 0; i < server->count; i++) {
        const ntlm_av_pair *p = &server->pairs[i];
        if (p->id == MSV_AV_FLAGS || p->id == MSV_AV_CHANNEL_BINDINGS || p->id == MSV_AV_TARGET_NAME)
            continue;
        if (!av_put(out, cap, used, p->id, info + p->offset, p->len))
            return false;
    }
    put_u32(flags, MSV_AV_FLAG_MIC);
    return av_put(out, cap, used, MSV_AV_FLAGS, flags, 4) &&
           av_put(out, cap, used, MSV_AV_CHANNEL_BINDINGS, no_bindings, 16) &&
           av_put(out, cap, used, MSV_AV_TARGET_NAME, cl->spn, cl->spn_len) &&
           av_put(out, cap, used, MSV_AV_EOL, NULL, 0);
}

/* temp = 01 01 Z(6) Time ClientChallenge Z(4) AvPairs Z(4) ([MS-NLMP] 3.3.2). */
static bool ntlm_client_temp(ntlm_client *cl, const uint8_t *info, const ntlm_av_list *av, uint64_t timestamp,
                             const uint8_t client_challenge[8], uint8_t *temp, size_t cap, size_t *len)
{
    size_t av_len = 0;
    if (cap < NTLMV2_TEMP_HEADER + 4u)
        return false;
    memset(temp, 0, NTLMV2_TEMP_HEADER);
    temp[0] = 1;
    temp[1] = 1;
    put_u32(temp + 8, (uint32_t)timestamp);
    put_u32(temp + 12, (uint32_t)(timestamp >> 32));
    memcpy(temp + 16, client_challenge, 8);
    if (!ntlm_client_av_pairs(cl, info, av, temp + NTLMV2_TEMP_HEADER, cap - NTLMV2_TEMP_HEADER - 4u, &av_len))
        return false;
    memset(temp + NTLMV2_TEMP_HEADER + av_len, 0, 4);
    *len = NTLMV2_TEMP_HEADER + av_len + 4u;
    return true;
}

ntlm_status ntlm_client_authenticate(ntlm_client *cl, const uint8_t *challenge, size_t len, const uint8_t **out,
                                     size_t *out_len)
{
    ntlm_challenge ch;
    ntlm_av_list av;
    size_t where;
    uint8_t key_v2[16], client_challenge[8], temp[2048], nt[16 + 2048], proof[16], base[16], enc_key[16], mic[16];
    uint8_t lm[24] = { 0 };
    size_t temp_len = 0;
    ntlm_status st = NTLM_ST_INTERNAL;

    if (!cl->negotiated || cl->authenticated)
        return NTLM_ST_INVALID_TOKEN;
    if (ntlm_parse_challenge(challenge, len, &ch, &where) != NTLM_OK || ch.target_info.len == 0 ||
        ntlm_av_walk(challenge + ch.target_info.offset, ch.target_info.len, &av, &where) != NTLM_OK)
        return NTLM_ST_INVALID_TOKEN;
    /* We speak only NTLMv2 with extended session security and key exchange. */
    if ((ch.flags & (F_EXTENDED_SESSIONSECURITY | F_KEY_EXCH | F_UNICODE)) !=
        (F_EXTENDED_SESSIONSECURITY | F_KEY_EXCH | F_UNICODE))
        return NTLM_ST_INVALID_TOKEN;
    const uint8_t *info = challenge + ch.target_info.offset;
    /* 3.1.5.1.2: with the server's MsvAvTimestamp, use it and send Z(24) as LM. */
    const ntlm_av_pair *ts = ntlm_av_find(&av, MSV_AV_TIMESTAMP);
    uint64_t timestamp = entropy_filetime_now();
    if (ts != NULL)
        timestamp = (uint64_t)get_u32(info + ts->offset) | (uint64_t)get_u32(info + ts->offset + 4) << 32;

    if (!ntlm_random(cl->crypto, client_challenge, 8) || !ntlm_random(cl->crypto, cl->keys.exported, 16) ||
        !ntlm_ntowfv2(cl->crypto, cl->id.nt_hash, cl->id.user, cl->id.user_len, cl->id.domain, cl->id.domain_len,
                      key_v2))
        goto done;
    if (!ntlm_client_temp(cl, info, &av, timestamp, client_challenge, temp, sizeof temp, &temp_len)) {
        st = NTLM_ST_INVALID_TOKEN;
        goto done;
    }
    if (!ntlm_nt_proof(cl->crypto, key_v2, ch.server_challenge, temp, temp_len, proof) ||
        !ntlm_session_base_key(cl->crypto, key_v2, proof, base) ||
        !ntlm_rc4_once(cl->crypto, base, cl->keys.exported, 16, enc_key))
        goto done;
    if (ts == NULL && !ntlm_lmv2_response(cl->crypto, key_v2, ch.server_challenge, client_challenge, lm))
        goto done;
    memcpy(nt, proof, 16);
    memcpy(nt + 16, temp, temp_len);

    /* Header: 64 + VERSION 8 + MIC 16 = 88 ([MS-NLMP] 2.2.1.3). */
    ntlm_writer *w = &cl->authenticate;
    writer_start(w, NTLM_AUTHENTICATE, 88);
    writer_field(w, 12, lm, 24);
    writer_field(w, 20, nt, 16u + temp_len);
    writer_field(w, 28, cl->id.domain, cl->id.domain_len);
    writer_field(w, 36, cl->id.user, cl->id.user_len);
    writer_field(w, 44, NULL, 0);
    writer_field(w, 52, enc_key, 16);
    put_u32(w->buf + 60, NTLM_CLIENT_FLAGS & (ch.flags | F_VERSION));
    memcpy(w->buf + 64, ntlm_our_version, 8);
    if (w->overflow) {
        st = NTLM_ST_BAD_CREDENTIALS;
        goto done;
    }
    if (!ntlm_compute_mic(cl->crypto, cl->keys.exported, cl->negotiate.buf, cl->negotiate.used, challenge, len,
                          w->buf, w->used, 72, mic) ||
        !ntlm_derive_keys(cl->crypto, &cl->keys))
        goto done;
    memcpy(w->buf + 72, mic, 16);
    cl->authenticated = true;
    *out = w->buf;
    *out_len = w->used;
    st = NTLM_ST_OK;
done:
    OPENSSL_cleanse(key_v2, sizeof key_v2);
    OPENSSL_cleanse(base, sizeof base);
    OPENSSL_cleanse(temp, sizeof temp);
    OPENSSL_cleanse(nt, sizeof nt);
    return st;
}

/* ---------------------------------------------------------------- server */

struct ntlm_server {
    ntlm_crypto *crypto;
    const ntlm_user_db *db;
    uint8_t nb_domain[NTLM_MAX_NAME], nb_computer[NTLM_MAX_NAME], dns_domain[NTLM_MAX_NAME],
        dns_computer[NTLM_MAX_NAME];
    size_t nb_domain_len, nb_computer_len, dns_domain_len, dns_computer_len;
    ntlm_writer negotiate, challenge;
    ntlm_keys keys;
    ntlm_identity peer;
    ntlm_identity claimed; /* the names the AUTHENTICATE carried (no hash), for logs */
    bool challenged, authenticated, peer_mic;
};

ntlm_status ntlm_server_new(ntlm_crypto *c, const ntlm_user_db *db, const char *nb_domain, const char *nb_computer,
                            const char *dns_domain, const char *dns_computer, ntlm_server **out)
{
    *out = NULL;
    ntlm_server *sv = calloc(1, sizeof *sv);
    if (sv == NULL)
        return NTLM_ST_NO_MEMORY;
    sv->crypto = c;
    sv->db = db;
    if (!utf8_to_utf16le(nb_domain, sv->nb_domain, sizeof sv->nb_domain, &sv->nb_domain_len) ||
        !utf8_to_utf16le(nb_computer, sv->nb_computer, sizeof sv->nb_computer, &sv->nb_computer_len) ||
        !utf8_to_utf16le(dns_domain, sv->dns_domain, sizeof sv->dns_domain, &sv->dns_domain_len) ||
        !utf8_to_utf16le(dns_computer, sv->dns_computer, sizeof sv->dns_computer, &sv->dns_computer_len)) {
        ntlm_server_free(sv);
        return NTLM_ST_BAD_CREDENTIALS;
    }
    *out = sv;
    return NTLM_ST_OK;
}

void ntlm_server_free(ntlm_server *sv)
{
    if (sv == NULL)
        return;
    OPENSSL_cleanse(sv, sizeof *sv);
    free(sv);
}

const ntlm_keys *ntlm_server_keys(const ntlm_server *sv)
{
    return sv->authenticated ? &sv->keys : NULL;
}

const ntlm_identity *ntlm_server_claimed(const ntlm_server *sv)
{
    return &sv->claimed;
}

bool ntlm_server_peer_sent_mic(const ntlm_server *sv)
{
    return sv->authenticated && sv->peer_mic;
}

const ntlm_identity *ntlm_server_peer(const ntlm_server *sv)
{
    return sv->authenticated ? &sv->peer : NULL;
}

ntlm_status ntlm_server_challenge(ntlm_server *sv, const uint8_t *negotiate, size_t len, const uint8_t **out,
                                  size_t *out_len)
{
    ntlm_negotiate neg;
    size_t where, info_len = 0;
    uint8_t info[1024], stamp[8];

    if (sv->challenged)
        return NTLM_ST_INVALID_TOKEN;
    if (len > sizeof sv->negotiate.buf || ntlm_parse_negotiate(negotiate, len, &neg, &where) != NTLM_OK)
        return NTLM_ST_INVALID_TOKEN;
    if ((neg.flags & (F_EXTENDED_SESSIONSECURITY | F_UNICODE)) != (F_EXTENDED_SESSIONSECURITY | F_UNICODE))
        return NTLM_ST_INVALID_TOKEN;
    memcpy(sv->negotiate.buf, negotiate, len);
    sv->negotiate.used = len;

    uint64_t now = entropy_filetime_now();
    put_u32(stamp, (uint32_t)now);
    put_u32(stamp + 4, (uint32_t)(now >> 32));
    if (!av_put(info, sizeof info, &info_len, MSV_AV_NB_DOMAIN_NAME, sv->nb_domain, sv->nb_domain_len) ||
        !av_put(info, sizeof info, &info_len, MSV_AV_NB_COMPUTER_NAME, sv->nb_computer, sv->nb_computer_len) ||
        !av_put(info, sizeof info, &info_len, MSV_AV_DNS_DOMAIN_NAME, sv->dns_domain, sv->dns_domain_len) ||
        !av_put(info, sizeof info, &info_len, MSV_AV_DNS_COMPUTER_NAME, sv->dns_computer, sv->dns_computer_len) ||
        !av_put(info, sizeof info, &info_len, MSV_AV_TIMESTAMP, stamp, 8) ||
        !av_put(info, sizeof info, &info_len, MSV_AV_EOL, NULL, 0))
        return NTLM_ST_BAD_CREDENTIALS;

    ntlm_writer *w = &sv->challenge;
    writer_start(w, NTLM_CHALLENGE, 56);
    uint32_t flags = (neg.flags & NTLM_CLIENT_FLAGS) | F_TARGET_INFO | F_TARGET_TYPE_SERVER | F_REQUEST_TARGET;
    writer_field(w, 12, sv->nb_domain, sv->nb_domain_len);
    put_u32(w->buf + 20, flags);
    if (!ntlm_random(sv->crypto, w->buf + 24, 8))
        return NTLM_ST_INTERNAL;
    writer_field(w, 40, info, info_len);
    memcpy(w->buf + 48, ntlm_our_version, 8);
    if (w->overflow)
        return NTLM_ST_BAD_CREDENTIALS;
    sv->challenged = true;
    *out = w->buf;
    *out_len = w->used;
    return NTLM_ST_OK;
}

/* The MIC check ([MS-NLMP] 3.2.5.1.2): required when the client's MsvAvFlags
 * says it sent one. */
static ntlm_status ntlm_server_check_mic(ntlm_server *sv, const uint8_t *msg, size_t len, const ntlm_authenticate *a,
                                         const uint8_t *nt, const ntlmv2_response *r)
{
    const ntlm_av_pair *flags = ntlm_av_find(&r->av, MSV_AV_FLAGS);
    if (flags == NULL || (get_u32(nt + flags->offset) & MSV_AV_FLAG_MIC) == 0u)
        return NTLM_ST_OK;
    sv->peer_mic = true;
    uint8_t mic[16];
    if (!a->has_mic)
        return NTLM_ST_LOGON_DENIED;
    if (!ntlm_compute_mic(sv->crypto, sv->keys.exported, sv->negotiate.buf, sv->negotiate.used, sv->challenge.buf,
                          sv->challenge.used, msg, len, a->mic_offset, mic))
        return NTLM_ST_INTERNAL;
    return ntlm_equal_ct(mic, msg + a->mic_offset, 16) ? NTLM_ST_OK : NTLM_ST_LOGON_DENIED;
}

ntlm_status ntlm_server_verify(ntlm_server *sv, const uint8_t *msg, size_t len)
{
    ntlm_authenticate a;
    ntlmv2_response r;
    size_t where;
    uint8_t key_v2[16], proof[16], base[16];
    ntlm_status st = NTLM_ST_LOGON_DENIED;

    if (!sv->challenged || sv->authenticated)
        return NTLM_ST_INVALID_TOKEN;
    if (ntlm_parse_authenticate(msg, len, &a, &where) != NTLM_OK)
        return NTLM_ST_INVALID_TOKEN;
    /* Anonymous logons, and NTLMv1 or empty responses (CVE-2022-24882), are refused. */
    if (a.user.len == 0 || a.nt_response.len < 48u)
        return NTLM_ST_LOGON_DENIED;
    if (a.user.len > NTLM_MAX_NAME || a.domain.len > NTLM_MAX_NAME || a.user.len % 2u != 0u ||
        a.domain.len % 2u != 0u)
        return NTLM_ST_INVALID_TOKEN;
    /* A name with U+0000 would be logged (and compared by callers) cut short. */
    if (utf16le_has_nul(msg + a.user.offset, a.user.len) || utf16le_has_nul(msg + a.domain.offset, a.domain.len))
        return NTLM_ST_INVALID_TOKEN;
    memcpy(sv->claimed.user, msg + a.user.offset, a.user.len);
    sv->claimed.user_len = a.user.len;
    if (a.domain.len > 0)
        memcpy(sv->claimed.domain, msg + a.domain.offset, a.domain.len);
    sv->claimed.domain_len = a.domain.len;
    const uint8_t *nt = msg + a.nt_response.offset;
    if (ntlm_parse_ntlmv2_response(nt, a.nt_response.len, &r, &where) != NTLM_OK)
        return NTLM_ST_INVALID_TOKEN;
    if ((a.flags & F_KEY_EXCH) != 0u && a.session_key.len != 16u)
        return NTLM_ST_INVALID_TOKEN;
    const ntlm_identity *u =
        ntlm_user_db_find(sv->db, msg + a.user.offset, a.user.len, msg + a.domain.offset, a.domain.len);
    /* Unknown users and empty passwords take the same path as wrong ones. */
    if (u == NULL || ntlm_equal_ct(u->nt_hash, ntlm_empty_password_hash, 16))
        return NTLM_ST_LOGON_DENIED;
    /* NTOWFv2 with the names as the client sent them ([MS-NLMP] 3.3.2). */
    const uint8_t *server_challenge = sv->challenge.buf + 24;
    if (!ntlm_ntowfv2(sv->crypto, u->nt_hash, msg + a.user.offset, a.user.len, msg + a.domain.offset, a.domain.len,
                      key_v2) ||
        !ntlm_nt_proof(sv->crypto, key_v2, server_challenge, nt + 16, a.nt_response.len - 16u, proof)) {
        st = NTLM_ST_INTERNAL;
        goto done;
    }
    if (!ntlm_equal_ct(proof, nt, 16))
        goto done;
    if (!ntlm_session_base_key(sv->crypto, key_v2, proof, base)) {
        st = NTLM_ST_INTERNAL;
        goto done;
    }
    if ((a.flags & F_KEY_EXCH) != 0u) {
        if (!ntlm_rc4_once(sv->crypto, base, msg + a.session_key.offset, 16, sv->keys.exported)) {
            st = NTLM_ST_INTERNAL;
            goto done;
        }
    } else {
        memcpy(sv->keys.exported, base, 16);
    }
    st = ntlm_server_check_mic(sv, msg, len, &a, nt, &r);
    if (st == NTLM_ST_OK && !ntlm_derive_keys(sv->crypto, &sv->keys))
        st = NTLM_ST_INTERNAL;
    if (st == NTLM_ST_OK) {
        sv->peer = *u;
        memcpy(sv->peer.user, msg + a.user.offset, a.user.len);
        sv->peer.user_len = a.user.len;
        memcpy(sv->peer.domain, msg + a.domain.offset, a.domain.len);
        sv->peer.domain_len = a.domain.len;
        OPENSSL_cleanse(sv->peer.nt_hash, sizeof sv->peer.nt_hash);
        sv->authenticated = true;
    }
done:
    if (st != NTLM_ST_OK)
        OPENSSL_cleanse(&sv->keys, sizeof sv->keys);
    OPENSSL_cleanse(key_v2, sizeof key_v2);
    OPENSSL_cleanse(base, sizeof base);
    return st;
}

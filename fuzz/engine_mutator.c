/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A structure-aware mutator for the engine harnesses (libFuzzer's
 * LLVMFuzzerCustomMutator): it reads an input as fuzz_engine.c does (a
 * flags byte, then [2-byte length][message]...), and mutates one layer
 * deeper than the bytes: a message that decodes as a TSRequest has one field
 * changed (version, errorCode, clientNonce, a negoToken's bytes or NTLM
 * fields through libFuzzer's own mutator, pubKeyAuth, authInfo, a field
 * dropped or added) and is re-encoded with our encoder, so it stays
 * well-formed DER; otherwise the message, the order of messages, their
 * number or the flags byte (profile, SPNEGO) change.  Half the time it
 * leaves the choice to libFuzzer's byte-level mutator.
 *
 * Targets: the same as fuzz_engine.c; this file only shapes inputs.
 */
#include <stdlib.h>
#include <string.h>

#include "tsrequest.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define MUT_MAX_MESSAGES 16u
#define MUT_MAX_MESSAGE 8192u

typedef struct mut_msg {
    uint8_t *data;
    size_t len;
} mut_msg;

static unsigned mut_rand(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* The input's messages; false when it does not parse as the engine input. */
static bool mut_split(const uint8_t *data, size_t size, mut_msg *msgs, size_t *count)
{
    *count = 0;
    for (size_t at = 1; at < size;) {
        if (size - at < 2 || *count == MUT_MAX_MESSAGES)
            return false;
        size_t n = (size_t)data[at] << 8 | data[at + 1];
        at += 2;
        if (n > size - at)
            return false;
        msgs[*count].data = malloc(n + 1);
        if (msgs[*count].data == NULL)
            return false;
        memcpy(msgs[*count].data, data + at, n);
        msgs[*count].len = n;
        (*count)++;
        at += n;
    }
    return size >= 1;
}

static size_t mut_join(uint8_t flags, const mut_msg *msgs, size_t count, uint8_t *out, size_t max_size)
{
    size_t used = 0;
    if (max_size < 1)
        return 0;
    out[used++] = flags;
    for (size_t i = 0; i < count; i++) {
        if (msgs[i].len > 0xffffu || max_size - used < 2 + msgs[i].len)
            break;
        out[used++] = (uint8_t)(msgs[i].len >> 8);
        out[used++] = (uint8_t)msgs[i].len;
        memcpy(out + used, msgs[i].data, msgs[i].len);
        used += msgs[i].len;
    }
    return used;
}

/* A byte field through libFuzzer's mutator, in a scratch buffer. */
static bool mut_bytes(cs_bytes *field, uint8_t *scratch, size_t cap)
{
    size_t n = field->present ? field->len : 0;
    if (n > cap / 2)
        return false;
    if (n > 0)
        memcpy(scratch, field->data, n);
    n = LLVMFuzzerMutate(scratch, n, cap / 2 + 16);
    *field = (cs_bytes){ scratch, n, true };
    return true;
}

/* One TSRequest field changed; the message re-encoded.  False when the
 * message is no TSRequest or the change cannot be encoded. */
static bool mut_tsrequest(mut_msg *m, unsigned *state)
{
    tsrequest_msg tm;
    if (tsrequest_decode(m->data, m->len, &tm, NULL) != CODEC_OK)
        return false;
    tsrequest r = tm.view;
    static uint8_t scratch[MUT_MAX_MESSAGE];
    static const long versions[] = { 0, 1, 2, 3, 4, 5, 6, 7, 96, 255, 65536, -1 };
    static const uint32_t codes[] = { 0xC000006Du, 0xC0000064u, 0xC000005Eu, 0xC00700EAu, 0x80090308u, 0u, 1u };
    bool ok = true;
    switch (mut_rand(state) % 9u) {
    case 0:
        r.version = versions[mut_rand(state) % (sizeof versions / sizeof versions[0])];
        break;
    case 1:
        r.has_error_code = true;
        r.error_code = mut_rand(state) % 2u ? codes[mut_rand(state) % (sizeof codes / sizeof codes[0])]
                                            : (uint32_t)mut_rand(state);
        break;
    case 2:
        ok = mut_bytes(&r.client_nonce, scratch, sizeof scratch);
        break;
    case 3:
        if (r.nego_token_count == 0)
            r.nego_token_count = 1;
        ok = mut_bytes(&r.nego_tokens[mut_rand(state) % r.nego_token_count], scratch, sizeof scratch);
        break;
    case 4:
        ok = mut_bytes(&r.pub_key_auth, scratch, sizeof scratch);
        break;
    case 5:
        ok = mut_bytes(&r.auth_info, scratch, sizeof scratch);
        break;
    case 6: /* a field dropped */
        switch (mut_rand(state) % 5u) {
        case 0: r.nego_token_count = 0; break;
        case 1: r.pub_key_auth.present = false; break;
        case 2: r.auth_info.present = false; break;
        case 3: r.has_error_code = false; break;
        default: r.client_nonce.present = false; break;
        }
        break;
    case 7: /* a negoToken more, or fewer */
        if (r.nego_token_count < TSREQUEST_MAX_NEGO_TOKENS && r.nego_token_count > 0 && mut_rand(state) % 2u) {
            r.nego_tokens[r.nego_token_count] = r.nego_tokens[0];
            r.nego_token_count++;
        } else if (r.nego_token_count > 0) {
            r.nego_token_count--;
        }
        break;
    default: /* a nonce of 32 random bytes where there was none */
        for (size_t i = 0; i < TSREQUEST_NONCE_LEN; i++)
            scratch[i] = (uint8_t)mut_rand(state);
        r.client_nonce = (cs_bytes){ scratch, TSREQUEST_NONCE_LEN, true };
        break;
    }
    uint8_t *enc = NULL;
    size_t enc_len = 0;
    ok = ok && tsrequest_encode(&r, &enc, &enc_len, NULL) == CODEC_OK && enc_len <= MUT_MAX_MESSAGE;
    tsrequest_msg_free(&tm);
    if (!ok) {
        free(enc);
        return false;
    }
    free(m->data);
    m->data = enc;
    m->len = enc_len;
    return true;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    unsigned state = seed;
    mut_msg msgs[MUT_MAX_MESSAGES + 1];
    size_t count = 0;
    if (mut_rand(&state) % 2u == 0 || !mut_split(data, size, msgs, &count) || count == 0) {
        for (size_t i = 0; i < count; i++)
            free(msgs[i].data);
        return LLVMFuzzerMutate(data, size, max_size);
    }
    uint8_t flags = data[0];
    size_t pick = mut_rand(&state) % count;
    switch (mut_rand(&state) % 6u) {
    case 0:
    case 1:
    case 2:
        if (!mut_tsrequest(&msgs[pick], &state)) {
            /* Not a TSRequest (or not encodable): its bytes instead. */
            uint8_t *grown = realloc(msgs[pick].data, MUT_MAX_MESSAGE);
            if (grown != NULL) {
                msgs[pick].data = grown;
                msgs[pick].len = LLVMFuzzerMutate(grown, msgs[pick].len, MUT_MAX_MESSAGE);
            }
        }
        break;
    case 3: /* two messages swapped */
        if (count > 1) {
            size_t other = mut_rand(&state) % count;
            mut_msg t = msgs[pick];
            msgs[pick] = msgs[other];
            msgs[other] = t;
        }
        break;
    case 4: /* a message repeated, or dropped */
        if (mut_rand(&state) % 2u && count < MUT_MAX_MESSAGES) {
            msgs[count].data = malloc(msgs[pick].len + 1);
            if (msgs[count].data != NULL) {
                memcpy(msgs[count].data, msgs[pick].data, msgs[pick].len);
                msgs[count].len = msgs[pick].len;
                count++;
            }
        } else if (count > 1) {
            free(msgs[pick].data);
            memmove(&msgs[pick], &msgs[pick + 1], (count - pick - 1) * sizeof msgs[0]);
            count--;
        }
        break;
    default: /* another profile or framing */
        flags = (uint8_t)(flags ^ (1u << (mut_rand(&state) % 7u)));
        break;
    }
    size_t out = mut_join(flags, msgs, count, data, max_size);
    for (size_t i = 0; i < count; i++)
        free(msgs[i].data);
    return out > 0 ? out : LLVMFuzzerMutate(data, size, max_size);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writing NTLM messages ([MS-NLMP] 2.2): the fixed header at the offsets
 * ntlm_msg.h names, payload fields appended with their (Len, MaxLen, Offset)
 * descriptors, AV pairs.  Lengths are checked before every copy; a message
 * that would not fit is marked overflowed, never cut.
 */
#include <stdbool.h>
#include <string.h>

#include "ntlm_write.h"

static void ntlm_put_u16le(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void ntlm_put_u32le(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

uint32_t ntlm_get_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void ntlm_writer_start(ntlm_writer *w, uint32_t type, size_t header)
{
    memset(w, 0, sizeof *w);
    memcpy(w->buf + NTLM_AT_SIGNATURE, "NTLMSSP", 8);
    ntlm_put_u32le(w->buf + NTLM_AT_TYPE, type);
    w->header = header;
    w->used = header;
}

/* Appends data to the payload and writes its (Len, MaxLen, Offset) at at. */
void ntlm_writer_field(ntlm_writer *w, size_t at, const uint8_t *data, size_t len)
{
    if (len > sizeof w->buf - w->used || len > 0xFFFFu) {
        w->overflow = true;
        return;
    }
    ntlm_put_u16le(w->buf + at, len);
    ntlm_put_u16le(w->buf + at + 2, len);
    ntlm_put_u32le(w->buf + at + 4, (uint32_t)w->used);
    if (len > 0)
        memcpy(w->buf + w->used, data, len);
    w->used += len;
}

/* Appends one AV pair to an AV list being built in buf. */
bool ntlm_av_put(uint8_t *buf, size_t cap, size_t *used, uint16_t id, const uint8_t *value, size_t len)
{
    if (len > 0xFFFFu || cap - *used < 4u + len)
        return false;
    ntlm_put_u16le(buf + *used, id);
    ntlm_put_u16le(buf + *used + 2, len);
    if (len > 0)
        memcpy(buf + *used + 4, value, len);
    *used += 4u + len;
    return true;
}

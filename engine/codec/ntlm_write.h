/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writing NTLM messages ([MS-NLMP] 2.2) at the offsets ntlm_msg.h names,
 * beside the parsers that read them (ntlm_write.c).
 */
#ifndef CREDSSP_NTLM_WRITE_H
#define CREDSSP_NTLM_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ntlm_msg.h"

/* The largest message we write: an AUTHENTICATE with 512-byte names and an
 * NTLMv2 response of at most 2 KiB fits with room to spare. */
#define NTLM_WRITER_CAP 4096u

/* A message under construction: fixed header, then payload appended. */
typedef struct ntlm_writer {
    uint8_t buf[NTLM_WRITER_CAP];
    size_t header, used;
    bool overflow; /* a field did not fit: the message must not be sent */
} ntlm_writer;

/* Signature, MessageType and an all-zero fixed header of header bytes. */
void ntlm_writer_start(ntlm_writer *w, uint32_t type, size_t header);
/* Appends data to the payload and writes its (Len, MaxLen, Offset)
 * descriptor at offset at of the header. */
void ntlm_writer_field(ntlm_writer *w, size_t at, const uint8_t *data, size_t len);
/* Appends one AV_PAIR ([MS-NLMP] 2.2.2.1) to a list being built in buf;
 * false when it does not fit in cap. */
bool ntlm_av_put(uint8_t *buf, size_t cap, size_t *used, uint16_t id, const uint8_t *value, size_t len);
/* Little-endian 32-bit values, as every NTLM integer is. */
void ntlm_put_u32le(uint8_t *p, uint32_t v);
uint32_t ntlm_get_u32le(const uint8_t *p);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Writing the X.224 Connection Request and Confirm; see x224.h. */
#include <stdio.h>
#include <string.h>

#include "x224.h"

static size_t x224_write(uint8_t *out, size_t cap, uint8_t code, const char *cookie, uint8_t neg_type,
                         uint8_t neg_flags, uint32_t value)
{
    size_t cookie_len = cookie != NULL ? strlen(cookie) : 0;
    size_t total = TPKT_HEADER_LEN + X224_FIXED + cookie_len + RDP_NEG_LEN;
    if (total > cap || total > X224_MAX_PDU)
        return 0;
    uint8_t *p = out;
    *p++ = 3;
    *p++ = 0;
    *p++ = (uint8_t)(total >> 8);
    *p++ = (uint8_t)total;
    *p++ = (uint8_t)(total - TPKT_HEADER_LEN - 1u);
    *p++ = code;
    memset(p, 0, 5); /* DST-REF, SRC-REF, class 0 */
    p += 5;
    if (cookie_len > 0)
        memcpy(p, cookie, cookie_len);
    p += cookie_len;
    *p++ = neg_type;
    *p++ = neg_flags;
    *p++ = RDP_NEG_LEN;
    *p++ = 0;
    for (int i = 0; i < 4; i++)
        *p++ = (uint8_t)(value >> (8 * i));
    return total;
}

size_t x224_write_request(uint8_t *out, size_t cap, const char *cookie_user, uint32_t protocols)
{
    char cookie[128];
    if (cookie_user != NULL) {
        /* [MS-RDPBCGR] 2.2.1.1: "Cookie: mstshash=IDENTIFIER\r\n"; the identifier is the user, cut to 9 bytes as mstsc does. */
        snprintf(cookie, sizeof cookie, "Cookie: mstshash=%.9s\r\n", cookie_user);
        if (strpbrk(cookie_user, "\r\n") != NULL)
            return 0;
    }
    return x224_write(out, cap, X224_CR, cookie_user != NULL ? cookie : NULL, RDP_NEG_REQ, 0, protocols);
}

size_t x224_write_confirm(uint8_t *out, size_t cap, bool failure, uint32_t value)
{
    /* flags: EXTENDED_CLIENT_DATA_SUPPORTED (0x01) is for a full RDP server; we stop after CredSSP. */
    return x224_write(out, cap, X224_CC, NULL, failure ? RDP_NEG_FAILURE : RDP_NEG_RSP, 0, value);
}


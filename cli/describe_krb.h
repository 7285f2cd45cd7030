/* SPDX-License-Identifier: Apache-2.0 */
/* credssp decode: Kerberos per-message tokens by their headers (RFC 4121
 * 4.2.6), where pubKeyAuth, authInfo and mechListMIC carry them. */
#ifndef CREDSSP_DESCRIBE_KRB_H
#define CREDSSP_DESCRIBE_KRB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emit.h"

/* Describes a Wrap token (header fields, then the sealed bytes as hex)
 * under key; false when the bytes are not one (the caller shows them). */
bool describe_krb_wrap(emitter *em, const char *key, const uint8_t *tok, size_t len);

/* Describes a MIC token (header fields, then the checksum); false when the
 * bytes are not one. */
bool describe_krb_mic(emitter *em, const char *key, const uint8_t *tok, size_t len);

#endif

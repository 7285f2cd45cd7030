/* SPDX-License-Identifier: Apache-2.0 */
/* credssp decode: NTLM messages field by field ([MS-NLMP] 2.2). */
#ifndef CREDSSP_DESCRIBE_NTLM_H
#define CREDSSP_DESCRIBE_NTLM_H

#include "emit.h"

/* Describes an NTLM message under key; false when it is not one we parse
 * (the caller then shows the bytes). */
bool describe_ntlm(emitter *em, const char *key, const uint8_t *msg, size_t len);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The credentials of the calls: a handle's, and those a caller supplies in
 * SECBUFFER_PKG_PARAMS (credentials.c).
 */
#ifndef CREDSSP_API_CREDENTIALS_H
#define CREDSSP_API_CREDENTIALS_H

#include <credssp/sspi.h>

#include "context.h"

/* A credential like base with the identity the input's SECBUFFER_PKG_PARAMS
 * names ("user\ndomain\npassword"); SEC_E_OK with *out NULL when there is none. */
SECURITY_STATUS cred_supplied(const cs_credential *base, PSecBufferDesc in, cs_credential **out);

#endif

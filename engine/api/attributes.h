/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a context says about itself (attributes.c).
 */
#ifndef CREDSSP_API_ATTRIBUTES_H
#define CREDSSP_API_ATTRIBUTES_H

#include <stdbool.h>
#include <stdint.h>

#include "context.h"

/* The ISC_RET_* / ASC_RET_* flags this call reports. */
uint32_t context_attributes(const cs_context *c, bool allocate);

#endif

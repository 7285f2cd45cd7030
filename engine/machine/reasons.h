/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reasons of the failure record (CREDSSP_REASON_*, include/credssp/
 * credssp.h): their names, and the reason an NTLM result or an SSPI status
 * stands for where no site said more (reasons.c).
 */
#ifndef CREDSSP_REASONS_H
#define CREDSSP_REASONS_H

#include <stddef.h>
#include <stdint.h>

#include "ntlm.h"

/* One reason: its code, its name, what it means (docs/status-codes.md). */
typedef struct reason_doc {
    uint32_t reason;
    const char *name, *meaning;
} reason_doc;

/* The i-th reason in code order, or NULL past the last. */
const reason_doc *reason_doc_at(size_t i);
uint32_t reason_from_ntlm(ntlm_status st);
uint32_t reason_from_status(int32_t st);

#endif

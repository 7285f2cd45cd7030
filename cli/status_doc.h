/* SPDX-License-Identifier: Apache-2.0 */
/* The return codes, their conditions and their tests (status_doc.c). */
#ifndef CREDSSP_STATUS_DOC_H
#define CREDSSP_STATUS_DOC_H

#include <stddef.h>
#include <stdint.h>

typedef struct status_doc {
    int32_t status;
    const char *origin;    /* "seed", or "added" by this package */
    const char *condition;
    const char *test;      /* "file:function", or "" when never returned */
} status_doc;

extern const status_doc status_docs[];
extern const size_t status_doc_count;

#endif

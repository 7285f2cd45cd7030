/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one failure record (failure.c): what a call says when it fails.  A
 * context holds one for its calls, the thread one for the last failing
 * public call (api/last_error.c).  The first failure of a call wins: later
 * ones (a failing action after a failing parser) do not overwrite it, the
 * way BearSSL's br_ssl_engine_fail keeps the first error.  Each public call
 * starts with a clear record.
 *
 * It knows no SSPI type: the status is the SECURITY_STATUS as int32_t, the
 * reason a CREDSSP_REASON_* as uint32_t (include/credssp/credssp.h).
 */
#ifndef CREDSSP_FAILURE_H
#define CREDSSP_FAILURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_failure {
    int32_t status;   /* 0 until the call's status is known */
    uint32_t reason;  /* 0: no failure recorded */
    uint32_t stage;   /* where a message failed to parse (CREDSSP_STAGE_*), else 0 */
    uint32_t rule;    /* the rule of that stage, else 0 */
    size_t offset;    /* the byte of that message where the rule applies */
    const char *file; /* the site: __FILE__ and __LINE__ of the failure */
    int line;
    char site[96];    /* "engine/machine/ingress.c:82", made when read */
    char text[256];
} cs_failure;

/* The site of a failure, for failure_set. */
#define CS_SITE __FILE__, __LINE__

/* An empty record. */
void failure_clear(cs_failure *f);
/* Records a failure unless one is recorded already (the first wins);
 * returns whether this one was recorded. */
bool failure_set(cs_failure *f, const char *file, int line, uint32_t reason, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same, for a message that did not parse: the stage, rule and offset. */
bool failure_set_parse(cs_failure *f, const char *file, int line, uint32_t reason, uint32_t stage, uint32_t rule,
                       size_t offset, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
/* A failure noted by a layer that does not know the public reasons (a
 * set-up step below the API: the caller's files, OpenSSL's providers): the
 * site and the sentence, with the reason CS_REASON_UNASSIGNED until the
 * layer that knows names it (failure_assign_reason). */
#define CS_REASON_UNASSIGNED 0xFFFFFFFFu
bool failure_note(cs_failure *f, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Names the reason of a noted failure (one already named keeps its own). */
void failure_assign_reason(cs_failure *f, uint32_t reason);
/* Whether a failure is recorded. */
bool failure_recorded(const cs_failure *f);
/* "engine/DIR/FILE.c:LINE" from the site (the source tree's path, not the
 * build's), or "" before a failure. */
const char *failure_site(cs_failure *f);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The thread's last error (credssp_last_error, credssp_get_last_error): one
 * failure record (base/failure.h) per thread, cleared when each public call
 * starts, written by cs_api_fail and, for a call on a context, from the
 * context's record when the call ends (last_error_take).
 */
#ifndef CREDSSP_LAST_ERROR_H
#define CREDSSP_LAST_ERROR_H

#include <stdint.h>

#include <credssp/sspi.h>

#include "failure.h"
#include "handles.h"

/* Records this thread's failure (the first of the call wins) with its site
 * and returns st: return cs_api_fail(SEC_E_X, CREDSSP_REASON_Y, "sentence"). */
#define cs_api_fail(st, reason, ...) last_error_fail(CS_SITE, (st), (reason), __VA_ARGS__)
SECURITY_STATUS last_error_fail(const char *file, int line, SECURITY_STATUS st, uint32_t reason, const char *fmt,
                                ...) __attribute__((format(printf, 5, 6)));
/* A failure a lower layer noted (failure_note: the caller's files,
 * OpenSSL's providers) becomes the thread's: the reason named here, the
 * sentence formatted here (it may quote f->text), the site the lower
 * layer's. */
#define cs_api_fail_noted(f, st, reason, ...) last_error_noted(CS_SITE, (f), (st), (reason), __VA_ARGS__)
SECURITY_STATUS last_error_noted(const char *file, int line, cs_failure *f, SECURITY_STATUS st, uint32_t reason,
                                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Every public call starts clean: a later failure never reports an earlier
 * call's sentence, and a success leaves no record behind. */
void cs_api_clear(void);
/* A context's failure becomes the thread's, with the call's status; a
 * failing status without a record gets a reason from the status. */
void last_error_take(cs_failure *f, SECURITY_STATUS st);
/* What a failed handle registration says to the caller (SEC_E_INTERNAL_ERROR
 * without randomness, SEC_E_INSUFFICIENT_MEMORY without room). */
#define cs_api_handle_failure(r, what) last_error_handle_failure(CS_SITE, (r), (what))
SECURITY_STATUS last_error_handle_failure(const char *file, int line, handle_result r, const char *what);

#endif

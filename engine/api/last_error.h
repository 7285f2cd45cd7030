/*
 * The thread's last error (credssp_last_error): set in one place, by the
 * public calls and the driver, and cleared when each public call starts.
 */
#ifndef CREDSSP_LAST_ERROR_H
#define CREDSSP_LAST_ERROR_H

#include <credssp/sspi.h>

#include "handles.h"

/* Records the sentence as this thread's last error and returns st. */
SECURITY_STATUS cs_api_fail(SECURITY_STATUS st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Every public call starts clean: a later failure never reports an earlier
 * call's sentence, and a success leaves no text behind. */
void cs_api_clear(void);
/* What a failed handle registration says to the caller (SEC_E_INTERNAL_ERROR
 * without randomness, SEC_E_INSUFFICIENT_MEMORY without room). */
SECURITY_STATUS cs_api_handle_failure(handle_result r, const char *what);

#endif

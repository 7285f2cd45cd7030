/*
 * The thread's last error (credssp_last_error): set in one place, by the
 * public calls and the driver, and cleared when each public call starts.
 */
#ifndef CREDSSP_API_ERROR_H
#define CREDSSP_API_ERROR_H

#include <credssp/sspi.h>

/* Records the sentence as this thread's last error and returns st. */
SECURITY_STATUS cs_api_fail(SECURITY_STATUS st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

/*
 * The thread's last error (credssp_last_error): written by cs_api_fail only,
 * cleared when each public call starts (last_error.h).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include <credssp/credssp.h>

#include "last_error.h"
#include "handles.h"

static _Thread_local char last_error[256];

SECURITY_STATUS cs_api_fail(SECURITY_STATUS st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return st;
}

const char *credssp_last_error(void)
{
    return last_error;
}

/* Every public call starts clean: a later failure never reports an earlier
 * call's sentence, and a success leaves no text behind. */
void cs_api_clear(void)
{
    last_error[0] = '\0';
}

/* What a failed registration says to the caller. */
SECURITY_STATUS cs_api_handle_failure(handle_result r, const char *what)
{
    if (r == HANDLE_NO_ENTROPY)
        return cs_api_fail(SEC_E_INTERNAL_ERROR, "no random bytes for the %s handle's tag (the DRBG failed)", what);
    return cs_api_fail(SEC_E_INSUFFICIENT_MEMORY, "no room for another %s handle", what);
}

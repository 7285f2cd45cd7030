/* SPDX-License-Identifier: Apache-2.0 */
/* The thread's last error; see last_error.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <credssp/credssp.h>

#include "last_error.h"
#include "reasons.h"

static _Thread_local cs_failure last;

SECURITY_STATUS last_error_fail(const char *file, int line, SECURITY_STATUS st, uint32_t reason, const char *fmt,
                                ...)
{
    if (!failure_recorded(&last)) {
        char text[sizeof last.text];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof text, fmt, ap);
        va_end(ap);
        failure_set(&last, file, line, reason, "%s", text);
        last.status = st;
    }
    return st;
}

SECURITY_STATUS last_error_noted(const char *file, int line, cs_failure *f, SECURITY_STATUS st, uint32_t reason,
                                 const char *fmt, ...)
{
    if (failure_recorded(&last))
        return st;
    char text[sizeof last.text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (failure_recorded(f)) {
        failure_assign_reason(f, reason);
        last = *f;
        snprintf(last.text, sizeof last.text, "%s", text);
    } else {
        failure_set(&last, file, line, reason, "%s", text);
    }
    last.status = st;
    return st;
}

void cs_api_clear(void)
{
    failure_clear(&last);
}

void last_error_take(cs_failure *f, SECURITY_STATUS st)
{
    last = *f;
    last.status = st;
    if (!failure_recorded(&last))
        failure_set(&last, CS_SITE, reason_from_status(st), "%s", credssp_status_name(st));
}

SECURITY_STATUS last_error_handle_failure(const char *file, int line, handle_result r, const char *what)
{
    if (r == HANDLE_NO_ENTROPY)
        return last_error_fail(file, line, SEC_E_INTERNAL_ERROR, CREDSSP_REASON_NO_ENTROPY,
                               "no random bytes for the %s handle's tag (the DRBG failed)", what);
    return last_error_fail(file, line, SEC_E_INSUFFICIENT_MEMORY, CREDSSP_REASON_NO_MEMORY,
                           "no room for another %s handle", what);
}

const char *credssp_last_error(void)
{
    return last.text;
}

void credssp_get_last_error(CREDSSP_LAST_ERROR *out)
{
    if (out == NULL)
        return;
    *out = (CREDSSP_LAST_ERROR){ .Text = last.text, .NtStatus = 0, .Status = last.status, .Reason = last.reason,
                                 .Stage = last.stage, .Rule = last.rule, .Offset = (uint32_t)last.offset,
                                 .Site = failure_site(&last) };
}

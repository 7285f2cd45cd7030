/* SPDX-License-Identifier: Apache-2.0 */
/* The failure record; see failure.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "failure.h"

void failure_clear(cs_failure *f)
{
    memset(f, 0, sizeof *f);
}

bool failure_recorded(const cs_failure *f)
{
    return f->reason != 0;
}

static bool failure_begin(cs_failure *f, const char *file, int line, uint32_t reason)
{
    if (failure_recorded(f))
        return false;
    f->reason = reason;
    f->file = file;
    f->line = line;
    f->site[0] = '\0';
    return true;
}

/* The sentence of a failure just begun. */
static bool failure_write(cs_failure *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static bool failure_write(cs_failure *f, const char *fmt, va_list ap)
{
    vsnprintf(f->text, sizeof f->text, fmt, ap);
    return true;
}

bool failure_set(cs_failure *f, const char *file, int line, uint32_t reason, const char *fmt, ...)
{
    if (!failure_begin(f, file, line, reason))
        return false;
    va_list ap;
    va_start(ap, fmt);
    bool written = failure_write(f, fmt, ap);
    va_end(ap);
    return written;
}

bool failure_note(cs_failure *f, const char *file, int line, const char *fmt, ...)
{
    if (!failure_begin(f, file, line, CS_REASON_UNASSIGNED))
        return false;
    va_list ap;
    va_start(ap, fmt);
    bool written = failure_write(f, fmt, ap);
    va_end(ap);
    return written;
}

void failure_assign_reason(cs_failure *f, uint32_t reason)
{
    if (f->reason == CS_REASON_UNASSIGNED)
        f->reason = reason;
}

bool failure_set_parse(cs_failure *f, const char *file, int line, uint32_t reason, uint32_t stage, uint32_t rule,
                       size_t offset, const char *fmt, ...)
{
    if (!failure_begin(f, file, line, reason))
        return false;
    f->stage = stage;
    f->rule = rule;
    f->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    bool written = failure_write(f, fmt, ap);
    va_end(ap);
    return written;
}

const char *failure_site(cs_failure *f)
{
    if (f->file == NULL)
        return "";
    if (f->site[0] == '\0') {
        /* __FILE__ is the path the build gave the compiler: keep from the
         * last "engine/" on, the path in the source tree. */
        const char *p = f->file, *e;
        while ((e = strstr(p, "engine/")) != NULL && strstr(e + 1, "engine/") != NULL)
            p = e + 1;
        e = strstr(p, "engine/");
        snprintf(f->site, sizeof f->site, "%s:%d", e != NULL ? e : f->file, f->line);
    }
    return f->site;
}

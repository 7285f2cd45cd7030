/* SPDX-License-Identifier: Apache-2.0 */
/* The option table of every command; see options.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "options.h"

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "credssp %s: ", cmd->name);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s", cmd->usage);
    return EXIT_USAGE;
}

static const cli_option *cli_find(const cli_command *cmd, const char *arg)
{
    for (size_t i = 0; i < cmd->option_count; i++)
        if (strcmp(cmd->options[i].name, arg) == 0)
            return &cmd->options[i];
    return NULL;
}

/* One option's value into its field; false after reporting a bad one. */
static bool cli_take_value(const cli_command *cmd, const cli_option *opt, const char *v)
{
    if (opt->kind == CLI_TEXT) {
        *opt->text = v;
        return true;
    }
    char *end;
    long n = strtol(v, &end, 10);
    if (v[0] == '\0' || *end != '\0' || n < opt->min || n > opt->max) {
        cli_usage_error(cmd, "%s, not %s", opt->bad_number, v);
        return false;
    }
    *opt->number = n;
    return true;
}

static bool cli_take_operand(const cli_command *cmd, const char *a)
{
    if (cmd->operand == NULL) {
        cli_usage_error(cmd, "unexpected %s", a);
        return false;
    }
    if (*cmd->operand != NULL) {
        cli_usage_error(cmd, "one %s, not also %s", cmd->operand_name, a);
        return false;
    }
    *cmd->operand = a;
    return true;
}

cli_parsed cli_parse(const cli_command *cmd, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(cmd->usage, stdout);
            return CLI_HELPED;
        }
        bool operand = a[0] != '-' || (cmd->dash_is_operand && strcmp(a, "-") == 0);
        if (operand) {
            if (!cli_take_operand(cmd, a))
                return CLI_USAGE_ERROR;
            continue;
        }
        const cli_option *opt = cli_find(cmd, a);
        if (opt == NULL) {
            cli_usage_error(cmd, "unknown option %s", a);
            return CLI_USAGE_ERROR;
        }
        if (opt->kind == CLI_SWITCH) {
            *opt->flag = opt->flag_value;
            continue;
        }
        if (i + 1 >= argc) {
            cli_usage_error(cmd, "%s needs a value", a);
            return CLI_USAGE_ERROR;
        }
        if (!cli_take_value(cmd, opt, argv[++i]))
            return CLI_USAGE_ERROR;
    }
    return CLI_RUN;
}

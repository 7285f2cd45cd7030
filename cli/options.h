/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The command line's one option table and usage helper (options.c): each
 * command lists its options as rows, and parsing, "needs a value",
 * "unknown option", ranges, --help and the usage on error are the same for
 * connect, serve and decode.
 */
#ifndef CREDSSP_CLI_OPTIONS_H
#define CREDSSP_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cli_kind {
    CLI_SWITCH, /* no value: sets *flag to flag_value */
    CLI_TEXT,   /* one value: *text points into argv */
    CLI_NUMBER, /* one decimal value in [min, max], else "bad_number, not VALUE" */
} cli_kind;

typedef struct cli_option {
    const char *name;
    cli_kind kind;
    bool *flag;
    bool flag_value;
    const char **text;
    long *number;
    long min, max;
    const char *bad_number;
} cli_option;

typedef struct cli_command {
    const char *name;  /* "connect" */
    const char *usage; /* the --help text */
    const cli_option *options;
    size_t option_count;
    const char **operand;     /* the one operand (NULL: the command takes none) */
    const char *operand_name; /* "HOST[:PORT]" */
    bool dash_is_operand;     /* "-" is an operand (standard input) */
} cli_command;

typedef enum cli_parsed {
    CLI_RUN = 0,     /* the options are set: run the command */
    CLI_HELPED,      /* --help or -h: the usage went to stdout (exit 0) */
    CLI_USAGE_ERROR, /* the sentence and the usage went to stderr (exit 2) */
} cli_parsed;

cli_parsed cli_parse(const cli_command *cmd, int argc, char **argv);
/* "credssp NAME: sentence", the usage, on stderr; returns 2 (EXIT_USAGE). */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

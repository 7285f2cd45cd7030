/* SPDX-License-Identifier: Apache-2.0 */
/* The subcommands of the credssp command, one file each, and what they share. */
#ifndef CREDSSP_COMMANDS_H
#define CREDSSP_COMMANDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int cmd_decode(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_connect(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);

/* A TSRequest, field by field, secrets redacted (cmd_decode.c). */
void decode_print_tsrequest(FILE *out, const uint8_t *der, size_t len);

/* Exit status of connect ([README] "Exit status"). */
enum connect_exit {
    EXIT_AUTHENTICATED = 0,
    EXIT_LOGON_DENIED = 1,
    EXIT_USAGE = 2,
    EXIT_SERVER_AUTH_FAILED = 3,
    EXIT_POLICY_REFUSED = 4,
    EXIT_PROTOCOL_ERROR = 5,
    EXIT_NETWORK = 6,
};

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* credssp: the command line of libcredssp.  One subcommand per file. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char usage[] =
    "usage: credssp COMMAND [ARGS]\n"
    "commands:\n"
    "  demo     a server and a client on loopback, with a trace (no setup)\n"
    "  connect  RDP NLA against a server: are these credentials good? (credssp connect --help)\n"
    "  serve    a CredSSP server that checks credentials (credssp serve --help)\n"
    "  decode   decode a TSRequest, TSCredentials or SPNEGO message (credssp decode --help)\n"
    "  table    print the client and server transition tables (markdown, or --dot)\n"
    "exit status: see each command's --help; 2 is always a usage error\n";

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "decode") == 0)
        return cmd_decode(argc - 1, argv + 1);
    if (strcmp(argv[1], "connect") == 0)
        return cmd_connect(argc - 1, argv + 1);
    if (strcmp(argv[1], "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(argv[1], "demo") == 0)
        return cmd_demo(argc - 1, argv + 1);
    if (strcmp(argv[1], "table") == 0)
        return cmd_table(argc - 1, argv + 1);
    fprintf(stderr, "credssp: unknown command '%s'\n%s", argv[1], usage);
    return 2;
}

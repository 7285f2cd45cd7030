/* The subcommands of the credssp command, one file each. */
#ifndef CREDSSP_COMMANDS_H
#define CREDSSP_COMMANDS_H

int cmd_decode(int argc, char **argv);
int cmd_table(int argc, char **argv);

#endif

/* The subcommands: each is defined in its own cmd_*.c file and listed in main.c. */
#ifndef CTX_CMDS_H
#define CTX_CMDS_H

int cmd_gen(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_templates(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_show(int argc, char **argv);

#endif

/* ctxbench gen: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_gen(int argc, char **argv)
{
	fputs("ctxbench: error: 'gen' is not built yet\n", stderr);
	return 1;
}

/* ctxbench run: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_run(int argc, char **argv)
{
	fputs("ctxbench: error: 'run' is not built yet\n", stderr);
	return 1;
}

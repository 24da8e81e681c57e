/* ctxbench validate: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_validate(int argc, char **argv)
{
	fputs("ctxbench: error: 'validate' is not built yet\n", stderr);
	return 1;
}

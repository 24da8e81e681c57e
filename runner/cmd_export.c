/* ctxbench export: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_export(int argc, char **argv)
{
	fputs("ctxbench: error: 'export' is not built yet\n", stderr);
	return 1;
}

/* ctxbench report: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_report(int argc, char **argv)
{
	fputs("ctxbench: error: 'report' is not built yet\n", stderr);
	return 1;
}

/* ctxbench compare: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_compare(int argc, char **argv)
{
	fputs("ctxbench: error: 'compare' is not built yet\n", stderr);
	return 1;
}

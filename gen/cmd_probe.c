/* ctxbench probe: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_probe(int argc, char **argv)
{
	fputs("ctxbench: error: 'probe' is not built yet\n", stderr);
	return 1;
}

/* ctxbench score: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_score(int argc, char **argv)
{
	fputs("ctxbench: error: 'score' is not built yet\n", stderr);
	return 1;
}

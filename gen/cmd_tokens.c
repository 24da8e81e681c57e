/* ctxbench tokens: placeholder until the command is built. */
#include <stdio.h>

#include "cmds.h"

int cmd_tokens(int argc, char **argv)
{
	fputs("ctxbench: error: 'tokens' is not built yet\n", stderr);
	return 1;
}

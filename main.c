/* ctxbench: the command table and dispatch. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "common/err.h"
#include "config.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct cmd cmds[] = {
	{"gen", cmd_gen, "generate benchmark instances from SQLite databases"},
	{"probe", cmd_probe, "generate position probes (entity, sentence, function, kv)"},
	{"validate", cmd_validate, "check that every gold answer is recoverable from its context"},
	{"templates", cmd_templates, "draft or check the sentence templates of an SQLite database"},
	{"tokens", cmd_tokens, "count or print the tokens of standard input"},
	{"run", cmd_run, "send instances to a model endpoint and store the replies"},
	{"merge", cmd_merge, "combine the run.dbs of run --shard K/N into one"},
	{"score", cmd_score, "score the replies of a run against the gold answers"},
	{"report", cmd_report, "summarize one or more scored runs (md, csv, json, html)"},
	{"compare", cmd_compare, "test a new run against a base run for regressions"},
	{"export", cmd_export, "print one JSON line per instance of a run"},
	{"show", cmd_show, "show instances of a run for a person: labels, the graded answer"},
};

static void usage(FILE *f)
{
	fputs("usage: ctxbench COMMAND [ARGS...]\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].help);
	fputs("\nRun 'ctxbench COMMAND --help' for the options of a command.\n", f);
}

static int finish(int rc)
{
	/* a full disk or closed pipe must not pass for success */
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		/* a command that failed has said why (often this very write) */
		if (!rc)
			fprintf(stderr, "ctxbench: error: write to standard output failed: %s\n",
				strerror(errno));
		return rc ? rc : EXIT_RUNTIME;
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
		usage(stdout);
		return finish(EXIT_OK);
	}
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		printf("ctxbench %s\n", CTXBENCH_VERSION);
		return finish(EXIT_OK);
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(name, cmds[i].name))
			return finish(cmds[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "ctxbench: error: unknown command '%s'\n", name);
	usage(stderr);
	return EXIT_USAGE;
}

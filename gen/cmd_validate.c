/* ctxbench validate: every gold answer is recoverable from its context. */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/json.h"
#include "common/lines.h"
#include "gen/check.h"
#include "probe/probe.h"
#include "gen/reader.h"

static const char usage[] =
    "usage: ctxbench validate INSTANCES.jsonl [--templates FILE]\n"
    "                         [--tokenizer PATH]\n\n"
    "For every instance: parses the rows back out of the context, checks\n"
    "they are the rows its units name, recomputes the gold answer over them\n"
    "and checks token budgets, byte offsets and that no row appears twice.\n"
    "Probe instances: the key occurs once, the evidence starts where the\n"
    "instance says, the answer read from the context is the gold, and\n"
    "token counts, budgets and byte offsets are checked as above.\n"
    "Exits 0 when all pass, 3 when any fails (one message per failure).\n"
    "  --templates FILE   verbalize.json for the instances' own database\n"
    "                     (not for the databases of distractor units)\n"
    "  --tokenizer PATH   the tokenizer.json the instances were counted with\n";

/* A probe instance, counted with the tokenizer its params name. */
static int check_probe(struct check_cache *c, const cJSON *in, struct err *e)
{
	const char *spec = json_str(
	    cJSON_GetObjectItemCaseSensitive(in, "params"), "tokenizer");
	struct tok *t;
	if (!spec)
		return err_set(e, ERR_INPUT, "params.tokenizer missing");
	if (!(t = check_cache_tok(c, spec, e)))
		return -1;
	return probe_validate(in, t, e);
}

/* Checks every line of r; returns how many failed (messages on stderr). */
static long long check_all(struct check_cache *c, struct lines *r,
                           long long *total, struct err *e)
{
	long long bad = 0;
	int got;
	while ((got = lines_next(r, e)) == 1) {
		if (!r->line[strspn(r->line, " \t")])
			continue; /* blank lines, as run skips them */
		cJSON *in = json_parse(r->line, r->len, e);
		(*total)++;
		/* probes have no SQL: their own check reads the answer back */
		int rc = !in ? -1
		       : cJSON_GetObjectItemCaseSensitive(in, "probe")
			       ? check_probe(c, in, e)
			       : check_instance(c, in, e);
		if (rc) {
			const char *id = in ? json_str(in, "id") : NULL;
			fprintf(stderr, "ctxbench: error: line %ld (%s): %s\n",
			        r->lineno, id ? id : "?", e->msg);
			bad++;
		}
		err_clear(e);
		cJSON_Delete(in);
	}
	return got < 0 ? -1 : bad;
}

int cmd_validate(int argc, char **argv)
{
	const char *path = NULL, *templates = NULL, *tokenizer = NULL;
	struct err e = ERR_INIT;
	struct lines r;
	long long total = 0, bad;
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--templates") && i + 1 < argc) {
			templates = argv[++i];
		} else if (!strcmp(argv[i], "--tokenizer") && i + 1 < argc) {
			tokenizer = argv[++i];
		} else if (!strcmp(argv[i], "--templates") ||
		           !strcmp(argv[i], "--tokenizer")) {
			return cli_usage_error("validate",
			                       "missing value for '%s'", argv[i]);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("validate",
			                       "unknown option '%s'", argv[i]);
		} else if (path) {
			return cli_usage_error("validate",
			                       "one instances file at a time");
		} else {
			path = argv[i];
		}
	}
	if (!path)
		return cli_usage_error("validate",
		                       "give the instances file to check");
	if (lines_open(&r, path, &e))
		return err_report(&e);
	struct check_cache *c = check_cache_new(templates, tokenizer);
	bad = check_all(c, &r, &total, &e);
	lines_close(&r);
	check_cache_free(c);
	reader_cleanup();
	if (bad < 0)
		return err_report(&e);
	printf("validated %lld instances: %lld ok, %lld failed\n", total,
	       total - bad, bad);
	return bad ? EXIT_INPUT : EXIT_OK;
}

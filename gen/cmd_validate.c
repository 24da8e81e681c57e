/* ctxbench validate: every gold answer is recoverable from its context. */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/json.h"
#include "common/lines.h"
#include "common/parse.h"
#include "gen/check.h"
#include "gen/locate.h"
#include "probe/probe.h"

static const char usage[] =
    "usage: ctxbench validate INSTANCES.jsonl [--db NAME=PATH]...\n"
    "                         [--templates [NAME=]FILE]... [--tokenizer PATH]\n"
    "\n"
    "For every instance: parses the rows back out of the context, checks\n"
    "they are the rows its units name, recomputes the gold answer over them\n"
    "and checks token budgets, byte offsets and that no row appears twice.\n"
    "Probe instances: the key occurs once, the evidence starts where the\n"
    "instance says, the answer read from the context is the gold, and\n"
    "token counts, budgets and byte offsets are checked as above.\n"
    "Exits 0 when all pass, 3 when any fails (one message per failure).\n"
    "\n"
    "Instances name their database (bundled, or a file's stem) and record\n"
    "its sha256; a file is found beside INSTANCES.jsonl or in the current\n"
    "folder (NAME.sqlite, NAME.db, ...), and its templates beside it.\n"
    "  --db NAME=PATH     the database instances call NAME (or --db PATH:\n"
    "                     named by its stem); repeatable\n"
    "  --templates FILE   verbalize.json for the instances' own database\n"
    "                     (not for the databases of distractor units);\n"
    "                     NAME=FILE for database NAME; repeatable\n"
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

static bool is_opt(const char *arg, const char *name)
{
	return !strcmp(arg, name);
}

/* Options anywhere; --db and --templates go to where once the instances
 * file (whose folder where starts from) is known. */
static int parse_args(int argc, char **argv, const char **path,
                      const char **tokenizer, struct locate *where,
                      struct err *e)
{
	struct strlist dbs = STRLIST_INIT, tpls = STRLIST_INIT;
	int rc = 0;
	for (int i = 1; i < argc && !rc; i++) {
		const char *a = argv[i];
		bool takes = is_opt(a, "--db") || is_opt(a, "--templates") ||
		             is_opt(a, "--tokenizer");
		if (takes && i + 1 >= argc)
			rc = err_set(e, ERR_USAGE, "missing value for '%s'", a);
		else if (is_opt(a, "--db"))
			strlist_push(&dbs, argv[++i]);
		else if (is_opt(a, "--templates"))
			strlist_push(&tpls, argv[++i]);
		else if (is_opt(a, "--tokenizer"))
			*tokenizer = argv[++i];
		else if (a[0] == '-' && a[1])
			rc = err_set(e, ERR_USAGE, "unknown option '%s'", a);
		else if (*path)
			rc = err_set(e, ERR_USAGE,
			             "one instances file at a time");
		else
			*path = a;
	}
	if (!rc && !*path)
		rc = err_set(e, ERR_USAGE, "give the instances file to check");
	if (!rc)
		locate_init(where, *path);
	for (size_t i = 0; i < dbs.n && !rc; i++)
		rc = locate_add_db(where, dbs.v[i], e);
	for (size_t i = 0; i < tpls.n && !rc; i++)
		rc = locate_add_templates(where, tpls.v[i], e);
	strlist_release(&dbs);
	strlist_release(&tpls);
	return rc;
}

int cmd_validate(int argc, char **argv)
{
	const char *path = NULL, *tokenizer = NULL;
	struct err e = ERR_INIT;
	struct locate where;
	struct lines r;
	long long total = 0, bad;
	memset(&where, 0, sizeof(where));
	for (int i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	if (parse_args(argc, argv, &path, &tokenizer, &where, &e)) {
		locate_release(&where);
		return cli_usage_error("validate", "%s", e.msg);
	}
	if (lines_open(&r, path, &e)) {
		locate_release(&where);
		return err_report(&e);
	}
	struct check_cache *c = check_cache_new(&where, tokenizer);
	bad = check_all(c, &r, &total, &e);
	lines_close(&r);
	check_cache_free(c);
	locate_release(&where);
	if (bad < 0)
		return err_report(&e);
	printf("validated %lld instances: %lld ok, %lld failed\n", total,
	       total - bad, bad);
	return bad ? EXIT_INPUT : EXIT_OK;
}

/* ctxbench export: one JSON line per instance of a run, with its reply and det
 * score. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "report/report.h"

static const char usage_text[] =
    "usage: ctxbench export RUN.db [-o FILE]\n"
    "\n"
    "Prints one JSON line per instance, in instance order: id, status, reply,\n"
    "reasoning (kept apart from the reply, never scored), finish_reason,\n"
    "usage, latency_ms, ttft_ms, ttft_answer_ms, output_tps, attempts, "
    "model_id,\n"
    "cost, error, cached, score and labels (null until `ctxbench score`), and\n"
    "db, query_id, params, types. Instances not answered yet have status "
    "null.\n";

/* SQLite builds each line, so every value keeps its JSON type. A run.db of
 * format 1 has no reasoning, ttft_answer_ms or cached_tokens: null there. */
#define QUERY(REASONING, ANSWER, CACHED) \
    "SELECT json_object('id', i.id, 'status', r.status, 'reply', r.reply," \
    " 'reasoning', " REASONING ", 'finish_reason', r.finish_reason," \
    " 'usage', json_object(" \
    "  'prompt_tokens', r.prompt_tokens, 'cached_tokens', " CACHED "," \
    "  'completion_tokens', r.completion_tokens, 'reasoning_tokens'," \
    "  r.reasoning_tokens)," \
    " 'latency_ms', r.latency_ms, 'ttft_ms', r.ttft_ms, 'ttft_answer_ms', " \
    ANSWER ", 'output_tps'," \
    " r.output_tps, 'attempts', r.attempts, 'model_id', r.model_id," \
    " 'cost', r.cost, 'error', r.error, 'cached', r.cached," \
    " 'score', s.score, 'labels', json(s.labels), 'db', i.db," \
    " 'query_id', i.query_id, 'params', json(i.params)," \
    " 'types', json(i.types))" \
    " FROM instances i LEFT JOIN replies r ON r.id = i.id" \
    " LEFT JOIN scores s ON s.id = i.id AND s.scorer = 'det'" \
    " ORDER BY i.seq"
static const char query[] =
    QUERY("r.reasoning", "r.ttft_answer_ms", "r.cached_tokens");
static const char query_v1[] = QUERY("NULL", "NULL", "NULL");

static int export(const char *path, FILE *out, struct err *e)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1, r;
	if (access(path, R_OK))
		return err_set(e, ERR_IO,
		               "cannot open '%s': No such file or "
		               "directory",
		               path);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ||
	    (sqlite3_prepare_v2(db, query, -1, &st, NULL) &&
	     sqlite3_prepare_v2(db, query_v1, -1, &st, NULL))) {
		report_not_run(db, path, e);
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "%s\n", sqlite3_column_text(st, 0));
	if (r != SQLITE_DONE) {
		err_set(e, ERR_DB, "'%s': %s", path, sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	const char *in = NULL, *outpath = NULL;
	struct err e = ERR_INIT;
	struct outfile o = {0};
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			outpath = argv[++i];
		} else if (!strcmp(argv[i], "-o")) {
			return cli_usage_error("export",
			                       "missing value for '-o'");
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("export", "unknown option '%s'",
			                       argv[i]);
		} else if (in) {
			return cli_usage_error("export", "give one RUN.db");
		} else {
			in = argv[i];
		}
	}
	if (!in)
		return cli_usage_error("export", "give one RUN.db");
	if (outfile_not_input(outpath, in, "the run database", &e))
		return cli_usage_error("export", "%s", e.msg);
	if (outfile_open(&o, outpath, &e))
		return err_report(&e);
	if (export(in, o.f, &e) || outfile_commit(&o, &e)) {
		outfile_abort(&o);
		return err_report(&e);
	}
	return EXIT_OK;
}

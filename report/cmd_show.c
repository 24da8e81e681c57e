/* ctxbench show: instances of a run for a person, with the graded answer
 * marked and each gold row's label. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/parse.h"
#include "common/sbuf.h"
#include "report/report.h"
#include "report/view.h"

static const char usage_text[] =
    "usage: ctxbench show RUN.db ID... [--worst N] [--color auto|always|never]\n"
    "\n"
    "Prints each instance for a person: its question, each gold row with its\n"
    "label (exact, partial, none) and the answer row that earned it, and the\n"
    "model's reply with the answer the scorer graded marked.\n"
    "  --worst N     the N lowest-scored instances (after 'ctxbench score')\n"
    "  --color WHEN  mark the graded answer with terminal colours (default\n"
    "                auto: when standard output is a terminal), else >>> <<<\n";

struct show_opts {
	const char *path;
	struct strlist ids;
	long long worst;
	int color; /* -1 auto, 0 never, 1 always */
};

static int parse_args(int argc, char **argv, struct show_opts *o, struct err *e)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((!strcmp(a, "--worst") || !strcmp(a, "--color")) &&
		    i + 1 >= argc)
			return err_set(e, ERR_USAGE, "missing value for '%s'", a);
		if (!strcmp(a, "--worst")) {
			if (parse_long(argv[++i], "--worst", 1, 100000, &o->worst,
			               e))
				return -1;
		} else if (!strcmp(a, "--color")) {
			const char *w = argv[++i];
			o->color = !strcmp(w, "always") ? 1
			           : !strcmp(w, "never") ? 0
			           : !strcmp(w, "auto")  ? -1
			                                 : -2;
			if (o->color == -2)
				return err_set(e, ERR_USAGE,
				               "--color must be auto, always or "
				               "never");
		} else if (a[0] == '-' && a[1]) {
			return err_set(e, ERR_USAGE, "unknown option '%s'", a);
		} else if (!o->path) {
			o->path = a;
		} else {
			strlist_push(&o->ids, a);
		}
	}
	if (!o->path)
		return err_set(e, ERR_USAGE, "give a run.db");
	if (!o->ids.n && !o->worst)
		return err_set(e, ERR_USAGE,
		               "give instance ids, or --worst N");
	return 0;
}

/* The ids of the n lowest-scored instances. */
static int worst_ids(sqlite3 *db, const char *path, long long n,
                     struct strlist *out, struct err *e)
{
	sqlite3_stmt *q = NULL;
	int step;
	if (sqlite3_exec(db, "SELECT id FROM scores LIMIT 0", NULL, NULL, NULL))
		return err_set(e, ERR_INPUT,
		               "'%s' has no scores; run 'ctxbench score %s' "
		               "first",
		               path, path);
	if (sqlite3_prepare_v2(db,
	                       "SELECT s.id FROM scores s JOIN instances i ON "
	                       "i.id = s.id WHERE s.scorer = 'det' ORDER BY "
	                       "s.score, i.seq LIMIT ?",
	                       -1, &q, NULL))
		return report_not_run(db, path, e);
	sqlite3_bind_int64(q, 1, n);
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		strlist_push(out, (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (step != SQLITE_DONE)
		return err_set(e, ERR_DB, "'%s': %s", path, sqlite3_errmsg(db));
	if (!out->n)
		return err_set(e, ERR_INPUT,
		               "'%s' has no scores; run 'ctxbench score %s' "
		               "first",
		               path, path);
	return 0;
}

/* "no instance 'x'", with the ids that hold x when there are some. */
static int not_found(sqlite3 *db, const char *path, const char *id,
                     struct err *e)
{
	sqlite3_stmt *q = NULL;
	struct sbuf like = SBUF_INIT, near = SBUF_INIT;
	sbuf_addf(&like, "%%%s%%", id);
	if (sqlite3_prepare_v2(db,
	                       "SELECT id FROM instances WHERE id LIKE ? "
	                       "ORDER BY seq LIMIT 5",
	                       -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, like.buf, -1, SQLITE_STATIC);
		while (sqlite3_step(q) == SQLITE_ROW)
			sbuf_addf(&near, "%s'%s'", near.len ? ", " : "",
			          sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	err_set(e, ERR_INPUT, "'%s' has no instance '%s'%s%s", path, id,
	        near.len ? "; ids that hold it: " : "", near.buf);
	sbuf_release(&like);
	sbuf_release(&near);
	return -1;
}

static int show(struct show_opts *o, struct err *e)
{
	sqlite3 *db = NULL;
	int rc = -1;
	bool color = o->color == 1 || (o->color == -1 && isatty(STDOUT_FILENO));
	if (access(o->path, R_OK))
		return err_set(e, ERR_IO, "cannot open '%s': No such file or "
		               "directory", o->path);
	if (sqlite3_open_v2(o->path, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_exec(db, "SELECT id FROM instances LIMIT 0", NULL, NULL,
	                 NULL)) {
		report_not_run(db, o->path, e);
		goto out;
	}
	if (o->worst && worst_ids(db, o->path, o->worst, &o->ids, e))
		goto out;
	for (size_t i = 0; i < o->ids.n; i++) {
		struct view v;
		int got = view_load(&v, db, o->path, o->ids.v[i], e);
		if (got == 0) {
			if (i)
				fputs("\n", stdout);
			view_text(&v, stdout, color);
		}
		view_release(&v);
		if (got < 0 ||
		    (got == 1 && not_found(db, o->path, o->ids.v[i], e)))
			goto out;
	}
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	struct show_opts o = {NULL, STRLIST_INIT, 0, -1};
	struct err e = ERR_INIT;
	int rc;
	if (argc > 1 && cli_is_help(argv[1])) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (parse_args(argc, argv, &o, &e))
		rc = cli_usage_error("show", "%s", e.msg);
	else
		rc = show(&o, &e) ? err_report(&e) : EXIT_OK;
	strlist_release(&o.ids);
	return rc;
}

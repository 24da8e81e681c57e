/* ctxbench templates: draft a verbalize.json from a schema, check one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/json.h"
#include "common/parse.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"
#include "gen/draft.h"
#include "gen/verbalize.h"

static const char usage[] =
    "usage: ctxbench templates draft DB [-o FILE]\n"
    "       ctxbench templates check DB [TEMPLATES]\n"
    "\n"
    "draft: writes a verbalize.json for DB (an SQLite file, NAME=PATH or a\n"
    "bundled name): three sentences per table naming every column once,\n"
    "columns that hold NULL in optional [ ] segments, foreign keys phrased\n"
    "as references. Every row goes through gen's read-back check with each\n"
    "template; a template some row fails is left out. Review the wording.\n"
    "Exit 4 (the file still written) when rows fail every template: their\n"
    "data cannot be stated as it is, and the messages say why.\n"
    "\n"
    "check: every row of every table through each of its templates\n"
    "(TEMPLATES, else as gen finds them: STEM.verbalize.json or\n"
    "verbalize.json beside DB) and gen's read-back check. Lists every\n"
    "failure (table, rowid, column, why; the first 20 of a table, then a\n"
    "count), notes skipped tables and tables without templates, and warns\n"
    "of TEXT columns that hold only numbers. Exit 0 when every row reads\n"
    "back, 3 when any fails.\n"
    "  -o FILE   where draft writes (default standard output)\n";

/* Failures printed per table; the rest are counted. */
#define SHOW_MAX 20

/* What checking one table found. */
struct tally {
	long long rows_bad;    /* rows failing at least one template */
	long long shown;       /* messages printed */
	unsigned long *fails;  /* per row: bit k when template k fails it */
};

/* The row being checked: where its failures go. */
struct row_check {
	struct tally *y;
	size_t pos;
	bool print;
	char last[sizeof(((struct err *)0)->msg)]; /* its last message */
};

/* Records that template k fails the row; prints why unless it repeats the
 * row's last message (the data's fault fails every template alike) or
 * SHOW_MAX were shown. */
static void failed(void *arg, size_t k, const struct err *f)
{
	struct row_check *c = arg;
	c->y->fails[c->pos] |= 1UL << k;
	if (!c->print || !strcmp(c->last, f->msg))
		return;
	strcpy(c->last, f->msg);
	if (c->y->shown++ < SHOW_MAX)
		fprintf(stderr, "ctxbench: error: %s%s\n", f->msg,
		        k ? " (a later template)" : "");
}

/*
 * Runs the rows of t (only those whose bit mask is all ones, when only_all)
 * through each template; prints failures when print, up to SHOW_MAX. -1
 * only when SQLite itself fails.
 */
static int check_rows(struct db_table *t, bool print, bool only_all,
                      struct tally *y, struct err *e)
{
	struct row_check c = {y, 0, print, ""};
	unsigned long all = (1UL << t->ntpl) - 1;
	if (!y->fails)
		y->fails = xcalloc(t->nrows + 1, sizeof(*y->fails));
	for (c.pos = 0; c.pos < t->nrows; c.pos++) {
		if (only_all && y->fails[c.pos] != all)
			continue;
		c.last[0] = '\0';
		y->fails[c.pos] = 0;
		if (db_check_row(t, c.pos, failed, &c, e))
			return -1;
		y->rows_bad += y->fails[c.pos] != 0;
	}
	if (print && y->shown > SHOW_MAX)
		fprintf(stderr,
		        "ctxbench: error: table '%s': %lld more failures "
		        "not shown\n",
		        t->name, y->shown - SHOW_MAX);
	return 0;
}

/* check_rows in one read transaction: SQLite then locks the file once,
 * not once a row. */
static int check_table(struct db_table *t, bool print, bool only_all,
                       struct tally *y, struct err *e)
{
	sqlite3_exec(t->db->conn, "BEGIN", NULL, NULL, NULL);
	int rc = check_rows(t, print, only_all, y, e);
	sqlite3_exec(t->db->conn, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* Skipped tables and TEXT columns of numbers, on stderr. */
static int tell(struct db *db, struct err *e)
{
	struct strlist w = STRLIST_INIT;
	for (size_t i = 0; i < db->skipped.n; i++)
		fprintf(stderr,
		        "ctxbench: note: skipped table '%s', %s (no query "
		        "may read it)\n",
		        db->skipped.v[i], db->why.v[i]);
	if (db_text_numbers(db, &w, e))
		return -1;
	for (size_t i = 0; i < w.n; i++)
		fprintf(stderr, "ctxbench: warning: %s\n", w.v[i]);
	strlist_release(&w);
	return 0;
}

static int check(const char *spec, const char *templates, struct err *e)
{
	struct db *db = db_open(spec, templates, 0, e);
	long long rows = 0, bad = 0;
	size_t tables = 0;
	int rc = -1;
	if (!db || tell(db, e))
		goto out;
	for (size_t i = 0; i < db->nt; i++) {
		struct db_table *t = &db->t[i];
		struct tally y = {0, 0, NULL};
		if (!t->ntpl) {
			fprintf(stderr,
			        "ctxbench: note: table '%s' has no templates: "
			        "gen never places its rows, and a query that "
			        "reads it is refused\n",
			        t->name);
			continue;
		}
		int r = check_table(t, true, false, &y, e);
		free(y.fails);
		if (r)
			goto out;
		tables++;
		rows += (long long)t->nrows;
		bad += y.rows_bad;
	}
	printf("checked %lld rows of %zu tables: %lld read back, %lld fail\n",
	       rows, tables, rows - bad, bad);
	rc = bad ? 1 : 0;
out:
	db_free(db);
	return rc;
}

/* Compiles the drafted templates of t. */
static int set_templates(struct db_table *t, const struct strlist *l,
                         struct err *e)
{
	t->tpl = xcalloc(l->n + 1, sizeof(*t->tpl));
	for (t->ntpl = 0; t->ntpl < l->n; t->ntpl++) {
		t->tpl[t->ntpl] =
		    vtemplate_new(l->v[t->ntpl], (const char *const *)t->cols,
		                  t->aff, t->ncols, e);
		if (!t->tpl[t->ntpl])
			return err_prefix(e, "table '%s'", t->name);
	}
	return 0;
}

/* Template k fails only rows that every template fails (their data is to
 * blame, not the wording). */
static bool wording_ok(const struct db_table *t, const struct tally *y,
                       size_t k)
{
	unsigned long all = (1UL << t->ntpl) - 1;
	for (size_t pos = 0; pos < t->nrows; pos++)
		if ((y->fails[pos] >> k & 1) && y->fails[pos] != all)
			return false;
	return true;
}

/* Keeps the wordings that fail no row another one states (all when none
 * does) and appends the table to out; rows that fail every wording are
 * reported. 1 when there are such rows. */
static int keep_good(struct db_table *t, bool first, struct sbuf *out,
                     struct err *e)
{
	struct tally y = {0, 0, NULL};
	unsigned long all = (1UL << t->ntpl) - 1;
	size_t good = 0;
	long long hopeless = 0;
	int rc = -1;
	bool *keep = xcalloc(t->ntpl + 1, sizeof(bool));
	if (check_table(t, false, false, &y, e))
		goto out;
	for (size_t k = 0; k < t->ntpl; k++)
		good += keep[k] = wording_ok(t, &y, k);
	for (size_t pos = 0; pos < t->nrows; pos++)
		hopeless += y.fails[pos] == all;
	sbuf_adds(out, first ? "\n    " : ",\n    ");
	json_add_str(out, t->name);
	sbuf_adds(out, ": {\"templates\": [");
	for (size_t k = 0, n = 0; k < t->ntpl; k++) {
		if (good && !keep[k])
			continue;
		sbuf_adds(out, n++ ? ",\n        " : "\n        ");
		json_add_str(out, vtemplate_text(t->tpl[k]));
	}
	sbuf_adds(out, "\n    ]}");
	rc = 0;
	if (!hopeless)
		goto out;
	fprintf(stderr,
	        "ctxbench: error: table '%s': %lld of %zu rows fail every "
	        "drafted template:\n",
	        t->name, hopeless, t->nrows);
	rc = check_table(t, true, true, &y, e) ? -1 : 1;
out:
	free(keep);
	free(y.fails);
	return rc;
}

static int draft(const char *spec, const char *path, struct err *e)
{
	struct db *db = db_open(spec, NULL, DB_NO_TEMPLATES, e);
	struct sbuf out = SBUF_INIT;
	struct outfile of = {0};
	int rc = -1, failed = 0;
	if (!db || tell(db, e))
		goto out;
	for (size_t i = 0; i < db->nt; i++) {
		struct strlist l = STRLIST_INIT;
		int r = draft_table(&db->t[i], &l, e) ||
		        set_templates(&db->t[i], &l, e);
		strlist_release(&l);
		if (r)
			goto out;
	}
	sbuf_adds(&out, "{\"tables\": {");
	for (size_t i = 0; i < db->nt; i++) {
		int r = keep_good(&db->t[i], i == 0, &out, e);
		if (r < 0)
			goto out;
		failed += r;
	}
	sbuf_adds(&out, "\n}}\n");
	if (outfile_open(&of, path, e))
		goto out;
	fwrite(out.buf, 1, out.len, of.f);
	if (outfile_commit(&of, e))
		goto out;
	rc = failed;
out:
	outfile_abort(&of);
	sbuf_release(&out);
	db_free(db);
	return rc;
}

int cmd_templates(int argc, char **argv)
{
	struct err e = ERR_INIT;
	const char *out = NULL, *pos[3] = {NULL, NULL, NULL};
	int npos = 0, rc;
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return EXIT_OK;
		} else if ((!strcmp(argv[i], "-o") ||
		            !strcmp(argv[i], "--output")) &&
		           i + 1 < argc) {
			out = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("templates",
			                       "unknown option '%s'", argv[i]);
		} else if (npos == 3) {
			return cli_usage_error("templates",
			                       "unexpected argument '%s'",
			                       argv[i]);
		} else {
			pos[npos++] = argv[i];
		}
	}
	bool is_draft = pos[0] && !strcmp(pos[0], "draft");
	bool is_check = pos[0] && !strcmp(pos[0], "check");
	if (!is_draft && !is_check)
		return cli_usage_error("templates", "give draft or check");
	if (!pos[1] || (is_draft && pos[2]))
		return cli_usage_error("templates", "give %s DB%s", pos[0],
		                       is_check ? " [TEMPLATES]" : " [-o FILE]");
	if (out && is_check)
		return cli_usage_error("templates", "-o goes with draft");
	if (outfile_not_input(out, pos[1], "the database", &e))
		return cli_usage_error("templates", "%s", e.msg);
	rc = is_draft ? draft(pos[1], out, &e) : check(pos[1], pos[2], &e);
	if (rc < 0)
		return e.kind == ERR_USAGE ? cli_usage_error("templates", "%s",
		                                             e.msg)
		                           : err_report(&e);
	return rc ? (is_draft ? EXIT_ITEMS : EXIT_INPUT) : EXIT_OK;
}

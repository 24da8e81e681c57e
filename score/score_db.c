/* Scores a run.db: one transaction that replaces a scorer's rows. */
#include "score/score_db.h"

#include <sqlite3.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/progress.h"
#include "common/sbuf.h"

const char score_db_schema[] = "CREATE TABLE IF NOT EXISTS scores(\n"
                               "  id TEXT NOT NULL REFERENCES instances(id),\n"
                               "  scorer TEXT NOT NULL,\n"
                               "  score REAL NOT NULL,\n"
                               "  recall REAL, precision REAL, f1 REAL,\n"
                               "  order_ok INTEGER,\n"
                               "  labels TEXT,\n"
                               "  PRIMARY KEY(id, scorer)\n"
                               ");";

static int db_err(sqlite3 *db, const char *path, struct err *e)
{
	return err_set(e, ERR_DB, "'%s': %s", path, sqlite3_errmsg(db));
}

static void count_status(struct score_db_stats *st, const char *status)
{
	if (!strcmp(status, "ok"))
		st->ok++;
	else if (!strcmp(status, "length"))
		st->length++;
	else if (!strcmp(status, "overflow"))
		st->overflow++;
	else if (!strcmp(status, "rejected"))
		st->rejected++;
	else if (!strcmp(status, "error"))
		st->error++;
	else
		st->other++;
}

static const char *col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* Scores the current row of sel into r; -1 on malformed gold or probe. */
static int score_row(struct scorer *sc, sqlite3_stmt *sel,
                     struct score_result *r, struct err *e)
{
	const char *gold = col_text(sel, 2), *probe = col_text(sel, 3);
	cJSON *g = NULL, *p = NULL;
	int rc = -1;
	if (!gold) {
		err_set(e, ERR_INPUT,
		        "no \"gold\" object (not an instance "
		        "from ctxbench gen or probe?)");
		goto out;
	}
	if (!(g = json_parse(gold, strlen(gold), e)))
		goto out;
	if (probe && !(p = json_parse(probe, strlen(probe), e)))
		goto out;
	rc = scorer_score(sc, g, col_text(sel, 1), p, col_text(sel, 5), r, e);
out:
	cJSON_Delete(g);
	cJSON_Delete(p);
	if (rc < 0)
		err_prefix(e, "instance '%s'", col_text(sel, 0));
	return rc;
}

static int insert(sqlite3_stmt *ins, const char *id, const char *name,
                  const struct score_result *r)
{
	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_double(ins, 3, r->score);
	for (int i = 4; i <= 6; i++)
		sqlite3_bind_null(ins, i);
	if (r->has_prf) {
		sqlite3_bind_double(ins, 4, r->recall);
		sqlite3_bind_double(ins, 5, r->precision);
		sqlite3_bind_double(ins, 6, r->f1);
	}
	if (r->order_ok >= 0)
		sqlite3_bind_int(ins, 7, r->order_ok);
	else
		sqlite3_bind_null(ins, 7);
	sqlite3_bind_text(ins, 8, r->labels.buf, (int)r->labels.len,
	                  SQLITE_STATIC);
	return sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
}

static int score_all(sqlite3 *db, const char *path, struct scorer *sc,
                     const char *name, struct score_db_stats *st, struct err *e)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	struct score_result r;
	struct progress pr;
	int rc = -1, step;
	score_result_init(&r);
	progress_init(&pr);
	if (sqlite3_prepare_v2(
	        db,
	        "SELECT i.id, i.sql, i.gold, i.probe, r.status, r.reply"
	        " FROM instances i LEFT JOIN replies r ON r.id = i.id"
	        " ORDER BY i.seq",
	        -1, &sel, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO scores VALUES(?,?,?,?,?,?,?,?)",
	                       -1, &ins, NULL)) {
		db_err(db, path, e);
		goto out;
	}
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *status = col_text(sel, 4);
		st->instances++;
		if (!status) {
			st->missing++;
			continue;
		}
		count_status(st, status);
		if (strcmp(status, "ok"))
			score_status(status, &r);
		else if (score_row(sc, sel, &r, e) < 0)
			goto out;
		if (insert(ins, col_text(sel, 0), name, &r) < 0) {
			db_err(db, path, e);
			goto out;
		}
		st->scored++;
		st->sum += r.score;
		if (st->instances % 1024 == 0)
			progress_update(&pr, "scoring", st->instances, 0, NULL);
	}
	if (step != SQLITE_DONE)
		db_err(db, path, e);
	else
		rc = 0;
out:
	progress_done(&pr);
	score_result_release(&r);
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

static int exec(sqlite3 *db, const char *path, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	err_set(e, ERR_DB, "'%s': %s", path, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

static int delete_rows(sqlite3 *db, const char *path, const char *name,
                       struct err *e)
{
	sqlite3_stmt *q = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(db, "DELETE FROM scores WHERE scorer = ?", -1,
	                       &q, NULL) ||
	    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC) ||
	    sqlite3_step(q) != SQLITE_DONE)
		rc = db_err(db, path, e);
	sqlite3_finalize(q);
	return rc;
}

int score_db_run(const char *path, const struct score_opts *o, const char *name,
                 struct score_db_stats *st, struct err *e)
{
	sqlite3 *db = NULL;
	struct scorer *sc = NULL;
	int rc = -1;
	memset(st, 0, sizeof(*st));
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL)) {
		err_set(e, ERR_IO, "cannot open '%s': %s", path,
		        db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_exec(db,
	                 "SELECT id, seq, sql, gold, probe FROM instances "
	                 "LIMIT 0",
	                 NULL, NULL, NULL) ||
	    sqlite3_exec(db, "SELECT id, status, reply FROM replies LIMIT 0",
	                 NULL, NULL, NULL)) {
		err_set(e, ERR_INPUT, "'%s' is not a ctxbench run database: %s",
		        path, sqlite3_errmsg(db));
		goto out;
	}
	if (!(sc = scorer_new(o, e)) ||
	    exec(db, path, score_db_schema, e) < 0 ||
	    exec(db, path, "BEGIN IMMEDIATE", e) < 0)
		goto out;
	if (delete_rows(db, path, name, e) < 0 ||
	    score_all(db, path, sc, name, st, e) < 0 ||
	    exec(db, path, "COMMIT", e) < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	rc = 0;
out:
	scorer_free(sc);
	sqlite3_close(db);
	return rc;
}

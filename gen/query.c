/* Queries on a source database: which tables they read (the authorizer),
 * and their results as typed JSON. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"

struct reads {
	struct db *db;
	struct db_table **v;
	size_t n, cap;
	struct sbuf outside; /* the first schema.table read outside main */
	bool writes;         /* then that is what to say first */
};

/*
 * Gold is computed over the scratch tables in main; "src" holds every source
 * row, so a read there (or in any other attached schema) would see rows the
 * context does not hold. temp holds no rows of ours (it is where SQLite
 * puts sqlite_temp_master), so reading it is harmless.
 */
static int on_auth(void *arg, int action, const char *a, const char *b,
                   const char *dbname, const char *trigger)
{
	struct reads *r = arg;
	if (action == SQLITE_INSERT || action == SQLITE_UPDATE ||
	    action == SQLITE_DELETE)
		r->writes = true;
	/* instance SQL is data: it never opens or creates another file */
	if (action == SQLITE_ATTACH || action == SQLITE_DETACH) {
		r->writes = true;
		return SQLITE_DENY;
	}
	if (action != SQLITE_READ || !a)
		return SQLITE_OK;
	if (dbname && strcmp(dbname, "main") && strcmp(dbname, "temp")) {
		if (!r->outside.len)
			sbuf_addf(&r->outside, "%s.%s", dbname, a);
		return SQLITE_DENY;
	}
	struct db_table *t = db_table(r->db, a);
	if (!t)
		return SQLITE_OK; /* sqlite_master and the like */
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i] == t)
			return SQLITE_OK;
	xgrow(&r->v, &r->cap, r->n + 1, sizeof(*r->v));
	r->v[r->n++] = t;
	return SQLITE_OK;
}

static int cmp_table(const void *a, const void *b)
{
	const struct db_table *x = *(struct db_table *const *)a;
	const struct db_table *y = *(struct db_table *const *)b;
	return (x > y) - (x < y);
}

/*
 * A table db skipped has no scratch copy: SQLite finds the source one
 * ("src.NAME", which on_auth denies) or, from a view, none ("no such table:
 * main.NAME"). Its name, else NULL.
 */
static const char *skipped_table(struct reads *r, const char *msg)
{
	static const char pre[] = "no such table: ";
	if (!strncmp(r->outside.buf, "src.", 4))
		msg = r->outside.buf + 4;
	else if (!strncmp(msg, pre, sizeof(pre) - 1))
		msg += sizeof(pre) - 1;
	else
		return NULL;
	if (!strncmp(msg, "main.", 5))
		msg += 5;
	return db_skipped(r->db, msg) ? msg : NULL;
}

/* Why the query did not prepare: a read on_auth denied, or SQLite's words. */
static int not_prepared(struct reads *r, struct err *e)
{
	const char *msg = sqlite3_errmsg(r->db->conn);
	const char *skipped = skipped_table(r, msg);
	if (r->writes)
		err_set(e, ERR_INPUT,
		        "the SQL writes to the database: give a SELECT query");
	else if (skipped)
		err_set(e, ERR_INPUT,
		        "the SQL reads table '%s', %s, which ctxbench skips: "
		        "units name rows by rowid, so only rowid tables can "
		        "be read (copy its rows into a table with a rowid)",
		        skipped, db_skipped(r->db, skipped));
	else if (!r->outside.len)
		err_set(e, ERR_INPUT, "SQL does not prepare: %s", msg);
	else
		err_set(e, ERR_INPUT,
		        "the SQL reads '%s', not the rows the gold is computed "
		        "over: name tables without a schema (or as main.TABLE)",
		        r->outside.buf);
	sbuf_release(&r->outside);
	return -1;
}

int db_prepare_query(struct db *db, const char *sql, sqlite3_stmt **stmt,
                     struct db_table ***tables, size_t *ntables, struct err *e)
{
	struct reads r = {db, NULL, 0, 0, SBUF_INIT, false};
	sqlite3_set_authorizer(db->conn, on_auth, &r);
	int rc = sqlite3_prepare_v2(db->conn, sql, -1, stmt, NULL);
	sqlite3_set_authorizer(db->conn, NULL, NULL);
	if (rc != SQLITE_OK) {
		free(r.v);
		sqlite3_finalize(*stmt);
		*stmt = NULL;
		return not_prepared(&r, e);
	}
	sbuf_release(&r.outside);
	if (!r.n || !sqlite3_stmt_readonly(*stmt)) {
		free(r.v);
		sqlite3_finalize(*stmt);
		*stmt = NULL;
		return err_set(e, ERR_INPUT,
		               r.n ? "the SQL writes to the database: give a "
		                     "SELECT query"
		                   : "the SQL reads no table");
	}
	/* schema order, not the order SQLite happened to visit them in */
	qsort(r.v, r.n, sizeof(*r.v), cmp_table);
	*tables = r.v;
	*ntables = r.n;
	return 0;
}

static void add_value(struct sbuf *out, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		sbuf_addf(out, "%lld", (long long)sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		json_add_num(out, sqlite3_column_double(st, i));
		break;
	case SQLITE_NULL:
		sbuf_adds(out, "null");
		break;
	default:
		json_add_strn(out, (const char *)sqlite3_column_text(st, i),
		              (size_t)sqlite3_column_bytes(st, i));
	}
}

long db_result_json(sqlite3_stmt *stmt, struct sbuf *out, struct err *e)
{
	int n = sqlite3_column_count(stmt);
	long rows;
	sbuf_adds(out, "{\"columns\": [");
	for (int i = 0; i < n; i++) {
		if (i)
			sbuf_adds(out, ", ");
		json_add_str(out, sqlite3_column_name(stmt, i));
	}
	sbuf_adds(out, "], \"rows\": ");
	if ((rows = db_result_rows(stmt, out, e)) < 0)
		return -1;
	sbuf_addch(out, '}');
	return rows;
}

/* A query that never ends (a recursive CTE without a bound) is bad input,
 * not a hang: it is stopped after STEP_LIMIT * STEP_EVERY VM steps. */
#define STEP_EVERY 100000
#define STEP_LIMIT 10000L
/* ...and an answer larger than this is refused rather than held in memory. */
#define RESULT_LIMIT ((size_t)256 << 20)

static int on_progress(void *arg)
{
	return ++*(long *)arg > STEP_LIMIT;
}

/* What a failed step means: a runaway query or SQLite's own words. */
static int step_error(sqlite3 *conn, int rc, long ticks, struct err *e)
{
	if (rc == SQLITE_INTERRUPT && ticks > STEP_LIMIT)
		return err_set(e, ERR_INPUT,
		               "the query did not finish within %lld SQLite "
		               "steps (a recursive query without a bound?)",
		               (long long)STEP_LIMIT * STEP_EVERY);
	return err_set(e, ERR_INPUT, "the query failed: %s",
	               sqlite3_errmsg(conn));
}

long db_result_rows(sqlite3_stmt *stmt, struct sbuf *out, struct err *e)
{
	int n = sqlite3_column_count(stmt), rc;
	size_t nrows = 0, start = out->len;
	long ticks = 0;
	sqlite3 *conn = sqlite3_db_handle(stmt);
	if (!sqlite3_stmt_readonly(stmt))
		return err_set(e, ERR_INPUT,
		               "the SQL writes to the database: give a "
		               "SELECT query");
	sqlite3_reset(stmt);
	sqlite3_progress_handler(conn, STEP_EVERY, on_progress, &ticks);
	sbuf_addch(out, '[');
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sbuf_adds(out, nrows++ ? ", [" : "[");
		for (int i = 0; i < n; i++) {
			if (i)
				sbuf_adds(out, ", ");
			add_value(out, stmt, i);
		}
		sbuf_addch(out, ']');
		if (out->len - start > RESULT_LIMIT) {
			rc = SQLITE_TOOBIG;
			break;
		}
	}
	sbuf_addch(out, ']');
	sqlite3_progress_handler(conn, 0, NULL, NULL);
	if (rc == SQLITE_TOOBIG)
		err_set(e, ERR_INPUT, "the query's answer is over %zu MiB: "
		        "give a query with a smaller result", RESULT_LIMIT >> 20);
	else if (rc != SQLITE_DONE)
		step_error(conn, rc, ticks, e);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? (long)nrows : -1;
}

int db_result_any(sqlite3_stmt *stmt, struct err *e)
{
	long ticks = 0;
	sqlite3 *conn = sqlite3_db_handle(stmt);
	sqlite3_reset(stmt);
	sqlite3_progress_handler(conn, STEP_EVERY, on_progress, &ticks);
	int rc = sqlite3_step(stmt);
	sqlite3_progress_handler(conn, 0, NULL, NULL);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return step_error(conn, rc, ticks, e);
}

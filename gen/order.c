/* The gold over the same rows in the opposite order, in a database of its
 * own whose tables hold no rowid columns. */
#include "gen/order.h"

#include <ctype.h>
#include <math.h>
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

struct order_check {
	struct db *db;
	sqlite3 *conn;
	sqlite3_stmt *st;
	sqlite3_stmt *tie[2];      /* st with ties broken up, then down */
	sqlite3_stmt **get, **put; /* per table of db */
};

static int fail(struct order_check *o, struct err *e, const char *what)
{
	return err_set(e, ERR_DB, "%s: %s", what, sqlite3_errmsg(o->conn));
}

/* CREATE TABLE with t's columns, types and collations, no constraints. */
static int make_table(struct order_check *o, struct db_table *t, size_t ti,
                      struct err *e)
{
	struct sbuf q = SBUF_INIT, cols = SBUF_INIT;
	int rc = -1;
	sbuf_adds(&q, "CREATE TABLE ");
	db_quote_ident(&q, t->name);
	sbuf_adds(&q, " (");
	for (size_t i = 0; i < t->ncols; i++) {
		const char *type = NULL, *coll = NULL;
		sqlite3_table_column_metadata(o->db->conn, "src", t->name,
		                              t->cols[i], &type, &coll, NULL,
		                              NULL, NULL);
		sbuf_adds(&q, i ? ", " : "");
		db_quote_ident(&q, t->cols[i]);
		if (type && *type)
			sbuf_addf(&q, " %s", type);
		if (coll && strcasecmp(coll, "BINARY")) {
			sbuf_adds(&q, " COLLATE ");
			db_quote_ident(&q, coll);
		}
		sbuf_adds(&cols, i ? ", " : "");
		db_quote_ident(&cols, t->cols[i]);
	}
	sbuf_adds(&q, ")");
	if (sqlite3_exec(o->conn, q.buf, NULL, NULL, NULL) != SQLITE_OK) {
		fail(o, e, t->name);
		goto out;
	}
	sbuf_reset(&q);
	sbuf_addf(&q, "SELECT %s FROM main.", cols.buf);
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, " ORDER BY %s DESC", t->rid);
	if (sqlite3_prepare_v2(o->db->conn, q.buf, -1, &o->get[ti], NULL)) {
		err_set(e, ERR_DB, "%s: %s", t->name,
		        sqlite3_errmsg(o->db->conn));
		goto out;
	}
	sbuf_reset(&q);
	sbuf_adds(&q, "INSERT INTO ");
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, " (%s) VALUES (", cols.buf);
	for (size_t i = 0; i < t->ncols; i++)
		sbuf_addf(&q, "%s?", i ? ", " : "");
	sbuf_adds(&q, ")");
	if (sqlite3_prepare_v2(o->conn, q.buf, -1, &o->put[ti], NULL)) {
		fail(o, e, t->name);
		goto out;
	}
	rc = 0;
out:
	sbuf_release(&q);
	sbuf_release(&cols);
	return rc;
}

/* The views of the source database, as they are written there. */
static int make_views(struct order_check *o, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(o->db->conn,
	                       "SELECT sql FROM src.sqlite_master WHERE type = "
	                       "'view' AND sql IS NOT NULL ORDER BY rowid",
	                       -1, &st, NULL))
		return err_set(e, ERR_DB, "views: %s",
		               sqlite3_errmsg(o->db->conn));
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_exec(o->conn,
		                 (const char *)sqlite3_column_text(st, 0), NULL,
		                 NULL, NULL) != SQLITE_OK)
			rc = fail(o, e, "a view");
	sqlite3_finalize(st);
	return rc;
}

/* Past a quoted name or string, or a comment, starting at p; p when none
 * starts there. */
static const char *skip_quoted(const char *p)
{
	if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
		char close = *p == '[' ? ']' : *p;
		for (p++; *p; p++) {
			if (*p != close)
				continue;
			if (close != ']' && p[1] == close) { /* doubled: one */
				p++;
				continue;
			}
			return p + 1;
		}
		return p;
	}
	if (p[0] == '-' && p[1] == '-')
		return p + strcspn(p, "\n");
	if (p[0] == '/' && p[1] == '*') {
		const char *end = strstr(p + 2, "*/");
		return end ? end + 2 : p + strlen(p);
	}
	return p;
}

/* True when the word w (upper case) starts at p and ends there. */
static bool word_at(const char *sql, const char *p, const char *w)
{
	size_t n = strlen(w);
	return (p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
	       !strncasecmp(p, w, n) &&
	       !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/*
 * Where the outermost statement's ORDER BY ends (at its LIMIT, or at the
 * end of the statement), so terms can be added to it; -1 when the
 * statement has no ORDER BY of its own (one inside parentheses, a window's
 * or a subquery's, does not count).
 */
static long order_by_end(const char *sql)
{
	const char *p = sql, *order = NULL, *limit = NULL;
	int depth = 0;
	while (*p) {
		const char *q = skip_quoted(p);
		if (q != p) {
			p = q;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (!depth && word_at(sql, p, "ORDER")) {
			const char *b = p + 5;
			while (isspace((unsigned char)*b))
				b++;
			if (word_at(sql, b, "BY"))
				order = b, limit = NULL;
		} else if (!depth && order && word_at(sql, p, "LIMIT"))
			limit = p;
		p++;
	}
	if (!order)
		return -1;
	if (limit)
		return (long)(limit - sql);
	const char *end = sql + strlen(sql);
	while (end > order &&
	       (isspace((unsigned char)end[-1]) || end[-1] == ';'))
		end--;
	return (long)(end - sql);
}

/*
 * Ties under ORDER BY meet the rows in an order that reading them the other
 * way need not change (GROUP BY sorts its groups by their keys): st again
 * with every result column added to its ORDER BY, ascending and then
 * descending, so a tie is broken both ways. Left NULL when sql has no
 * ORDER BY of its own or the variant does not prepare.
 */
static void prepare_ties(struct order_check *o, const char *sql)
{
	long at = order_by_end(sql);
	int n = sqlite3_column_count(o->st);
	size_t keep = at > 0 ? (size_t)at : 0;
	while (keep && isspace((unsigned char)sql[keep - 1]))
		keep--;
	for (int k = 0; at >= 0 && n > 0 && k < 2; k++) {
		struct sbuf q = SBUF_INIT;
		sbuf_add(&q, sql, keep);
		for (int i = 1; i <= n; i++)
			sbuf_addf(&q, ", %d %s", i, k ? "DESC" : "ASC");
		sbuf_addf(&q, " %s", sql + at);
		if (sqlite3_prepare_v2(o->conn, q.buf, -1, &o->tie[k], NULL) !=
		    SQLITE_OK) {
			sqlite3_finalize(o->tie[k]);
			o->tie[k] = NULL;
		}
		sbuf_release(&q);
	}
	if (!o->tie[0] || !o->tie[1]) {
		sqlite3_finalize(o->tie[0]);
		sqlite3_finalize(o->tie[1]);
		o->tie[0] = o->tie[1] = NULL;
	}
}

struct order_check *order_check_new(struct db *db, const char *sql,
                                    struct err *e)
{
	struct order_check *o = xcalloc(1, sizeof(*o));
	o->db = db;
	o->get = xcalloc(db->nt + 1, sizeof(*o->get));
	o->put = xcalloc(db->nt + 1, sizeof(*o->put));
	err_clear(e);
	if (sqlite3_open(":memory:", &o->conn) != SQLITE_OK) {
		fail(o, e, "cannot open a scratch database");
		goto bad;
	}
	for (size_t i = 0; i < db->nt; i++)
		if (make_table(o, &db->t[i], i, e))
			goto bad;
	if (make_views(o, e))
		goto bad;
	/* no error: an SQL that needs the keys is not checked this way */
	if (sqlite3_prepare_v2(o->conn, sql, -1, &o->st, NULL) != SQLITE_OK)
		goto bad;
	prepare_ties(o, sql);
	return o;
bad:
	order_check_free(o);
	return NULL;
}

void order_check_free(struct order_check *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->db->nt; i++) {
		sqlite3_finalize(o->get[i]);
		sqlite3_finalize(o->put[i]);
	}
	free(o->get);
	free(o->put);
	sqlite3_finalize(o->st);
	sqlite3_finalize(o->tie[0]);
	sqlite3_finalize(o->tie[1]);
	sqlite3_close(o->conn);
	free(o);
}

static int copy_table(struct order_check *o, size_t ti, struct err *e)
{
	sqlite3_stmt *get = o->get[ti], *put = o->put[ti];
	int n = sqlite3_column_count(get), rc;
	while ((rc = sqlite3_step(get)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			sqlite3_bind_value(put, i + 1,
			                   sqlite3_column_value(get, i));
		if (sqlite3_step(put) != SQLITE_DONE) {
			sqlite3_reset(get);
			sqlite3_reset(put);
			return fail(o, e, o->db->t[ti].name);
		}
		sqlite3_reset(put);
	}
	sqlite3_reset(get);
	return rc == SQLITE_DONE
	           ? 0
	           : err_set(e, ERR_DB, "%s: %s", o->db->t[ti].name,
	                     sqlite3_errmsg(o->db->conn));
}

int order_check_run(struct order_check *o, struct db_table **rel, size_t nrel,
                    struct sbuf *out, struct err *e)
{
	int rc = -1;
	sqlite3_exec(o->conn, "BEGIN", NULL, NULL, NULL);
	for (size_t i = 0; i < o->db->nt; i++) {
		struct sbuf q = SBUF_INIT;
		sbuf_adds(&q, "DELETE FROM ");
		db_quote_ident(&q, o->db->t[i].name);
		int bad = sqlite3_exec(o->conn, q.buf, NULL, NULL, NULL);
		sbuf_release(&q);
		if (bad) {
			fail(o, e, "cannot empty a table");
			goto out;
		}
	}
	for (size_t k = 0; k < nrel; k++)
		if (copy_table(o, (size_t)(rel[k] - o->db->t), e))
			goto out;
	rc = db_result_json(o->st, out, e) < 0 ? -1 : 0;
out:
	sqlite3_exec(o->conn, "COMMIT", NULL, NULL, NULL);
	return rc;
}

int order_check_ties(struct order_check *o, struct sbuf *up, struct sbuf *down,
                     struct err *e)
{
	if (!o->tie[0])
		return 0;
	return db_result_json(o->tie[0], up, e) < 0 ||
	               db_result_json(o->tie[1], down, e) < 0
	           ? -1
	           : 1;
}

bool order_sql_sorted(const char *sql)
{
	for (const char *p = sql; (p = strcasestr(p, "order")); p += 5) {
		const char *q = p + 5;
		if (p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		if (!isspace((unsigned char)*q))
			continue;
		while (isspace((unsigned char)*q))
			q++;
		if (!strncasecmp(q, "by", 2) && !isalnum((unsigned char)q[2]) &&
		    q[2] != '_')
			return true;
	}
	return false;
}

/* Decimals of v as %.12g prints it. */
static int decimals(double v)
{
	char buf[40];
	snprintf(buf, sizeof(buf), "%.12g", v);
	const char *dot = strchr(buf, '.');
	return dot && !strchr(buf, 'e') ? (int)strlen(dot + 1) : 0;
}

static bool same_cell(const cJSON *a, const cJSON *b)
{
	if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b))
		return cJSON_Compare(a, b, true);
	double x = a->valuedouble, y = b->valuedouble, d = fabs(x - y);
	int k = decimals(x) > decimals(y) ? decimals(x) : decimals(y);
	if (d <= 1e-9 * fmax(1, fmax(fabs(x), fabs(y))))
		return true;
	return k > 0 && d <= pow(10, -k) * (1 + 1e-9);
}

static bool same_row(const cJSON *a, const cJSON *b)
{
	if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
		return false;
	for (const cJSON *x = a ? a->child : NULL, *y = b ? b->child : NULL;
	     x && y; x = x->next, y = y->next)
		if (!same_cell(x, y))
			return false;
	return true;
}

/* A row's sort key: its cells, numbers to six digits. */
static char *row_key(const cJSON *row)
{
	struct sbuf b = SBUF_INIT;
	const cJSON *v;
	cJSON_ArrayForEach(v, row)
	{
		if (cJSON_IsNumber(v))
			sbuf_addf(&b, "%.6g|", v->valuedouble);
		else if (cJSON_IsString(v))
			sbuf_addf(&b, "%s|", v->valuestring);
		else
			sbuf_adds(&b, cJSON_IsNull(v) ? "null|" : "?|");
	}
	return sbuf_detach(&b);
}

struct keyed {
	char *key;
	const cJSON *row;
};

static int cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key,
	              ((const struct keyed *)b)->key);
}

/* The rows of an answer, sorted by key unless ordered. */
static struct keyed *rows_of(const cJSON *g, bool ordered, size_t *n)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(g, "rows"), *r;
	struct keyed *v =
	    xcalloc((size_t)cJSON_GetArraySize(rows) + 1, sizeof(*v));
	*n = 0;
	cJSON_ArrayForEach(r, rows)
	{
		v[*n].row = r;
		v[(*n)++].key = row_key(r);
	}
	if (!ordered && *n)
		qsort(v, *n, sizeof(*v), cmp_keyed);
	return v;
}

bool order_same_answer(const char *a, const char *b, bool ordered)
{
	cJSON *ga = cJSON_Parse(a), *gb = cJSON_Parse(b);
	size_t na, nb;
	struct keyed *x = rows_of(ga, ordered, &na),
	             *y = rows_of(gb, ordered, &nb);
	bool same = ga && gb && na == nb;
	for (size_t i = 0; same && i < na; i++)
		same = same_row(x[i].row, y[i].row);
	for (size_t i = 0; i < na; i++)
		free(x[i].key);
	for (size_t i = 0; i < nb; i++)
		free(y[i].key);
	free(x);
	free(y);
	cJSON_Delete(ga);
	cJSON_Delete(gb);
	return same;
}

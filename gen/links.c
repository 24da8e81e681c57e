/* Links between the tables a query reads: declared foreign keys and the
 * columns its SQL joins on, each as a map from child row to partner row. */
#include "gen/links.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"

#define NONE SIZE_MAX

/* A column of a read table, as the SQL or a foreign key names it. */
struct colref {
	struct db_table *t;
	size_t col;
};

static long rel_index(const struct links *s, const struct db_table *t)
{
	for (size_t i = 0; i < s->nrel; i++)
		if (s->rel[i] == t)
			return (long)i;
	return -1;
}

static long col_index(const struct db_table *t, const char *name, size_t n)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strlen(t->cols[i]) == n &&
		    !strncasecmp(t->cols[i], name, n))
			return (long)i;
	return -1;
}

/*
 * Fills l->up: each child row's partner, the parent row that on (an SQL
 * condition over aliases c and p) pairs it with, the earliest in the
 * parent's seeded order when several do.
 */
static int link_fill(struct links *s, struct link *l, const char *on,
                     struct err *e)
{
	struct sbuf q = SBUF_INIT;
	sqlite3_stmt *st = NULL;
	const size_t *rank = s->rank[rel_index(s, l->parent)];
	int rc = -1;
	sbuf_addf(&q, "SELECT c.%s, p.%s FROM src.", l->child->rid,
	          l->parent->rid);
	db_quote_ident(&q, l->child->name);
	sbuf_adds(&q, " AS c JOIN src.");
	db_quote_ident(&q, l->parent->name);
	sbuf_addf(&q, " AS p ON %s", on);
	if (sqlite3_prepare_v2(s->db->conn, q.buf, -1, &st, NULL) !=
	    SQLITE_OK) {
		err_set(e, ERR_DB, "cannot join '%s' to '%s': %s",
		        l->child->name, l->parent->name,
		        sqlite3_errmsg(s->db->conn));
		goto out;
	}
	l->up = xmalloc((l->child->nrows + 1) * sizeof(*l->up));
	for (size_t i = 0; i < l->child->nrows; i++)
		l->up[i] = NONE;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long c = db_pos(l->child, sqlite3_column_int64(st, 0));
		long long p = db_pos(l->parent, sqlite3_column_int64(st, 1));
		if (c < 0 || p < 0 || (l->child == l->parent && c == p))
			continue;
		size_t *up = &l->up[c];
		if (*up == NONE || rank[p] < rank[*up])
			*up = (size_t)p;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sbuf_release(&q);
	return rc;
}

static bool have_link(const struct links *s, const struct db_table *c,
                      const struct db_table *p)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].child == c && s->v[i].parent == p)
			return true;
	return false;
}

static int add_link(struct links *s, struct db_table *c, struct db_table *p,
                    const char *on, struct err *e)
{
	if (have_link(s, c, p))
		return 0;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	struct link *l = &s->v[s->n++];
	l->child = c, l->parent = p, l->up = NULL;
	return link_fill(s, l, on, e);
}

/* The primary key columns of t, as "p.a = c.x" needs them; false when t
 * declares none. */
static bool pk_col(struct links *s, struct db_table *t, long seq,
                   struct sbuf *out)
{
	struct sbuf q = SBUF_INIT;
	sqlite3_stmt *st = NULL;
	bool found = false;
	sbuf_adds(
	    &q, "SELECT name FROM pragma_table_info(?1, 'src') WHERE pk = ?2");
	if (sqlite3_prepare_v2(s->db->conn, q.buf, -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq + 1);
		if (sqlite3_step(st) == SQLITE_ROW) {
			db_quote_ident(out, (const char *)sqlite3_column_text(st, 0));
			found = true;
		}
	}
	sqlite3_finalize(st);
	sbuf_release(&q);
	return found;
}

/* Links from the foreign keys declared on child t to other read tables. */
static int declared_links(struct links *s, struct db_table *t, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct sbuf on = SBUF_INIT;
	long id = -1;
	struct db_table *parent = NULL;
	bool ok = true;
	int rc = 0;
	if (sqlite3_prepare_v2(
	        s->db->conn,
	        "SELECT id, seq, \"table\", \"from\", \"to\" FROM "
	        "pragma_foreign_key_list(?1, 'src') ORDER BY id, seq",
	        -1, &st, NULL) != SQLITE_OK)
		return err_set(e, ERR_DB, "foreign keys of '%s': %s", t->name,
		               sqlite3_errmsg(s->db->conn));
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	for (int step = sqlite3_step(st);; step = sqlite3_step(st)) {
		bool row = step == SQLITE_ROW;
		if (!row || sqlite3_column_int64(st, 0) != id) {
			if (parent && ok && on.len &&
			    (rc = add_link(s, t, parent, on.buf, e)))
				break;
			if (!row)
				break;
			id = (long)sqlite3_column_int64(st, 0);
			sbuf_reset(&on);
			ok = true;
			const char *pn =
			    (const char *)sqlite3_column_text(st, 2);
			parent = pn ? db_table(s->db, pn) : NULL;
			if (parent && rel_index(s, parent) < 0)
				parent = NULL;
		}
		if (!parent)
			continue;
		const char *from = (const char *)sqlite3_column_text(st, 3);
		const char *to = (const char *)sqlite3_column_text(st, 4);
		if (on.len)
			sbuf_adds(&on, " AND ");
		sbuf_adds(&on, "c.");
		db_quote_ident(&on, from ? from : "");
		sbuf_adds(&on, " = p.");
		if (to)
			db_quote_ident(&on, to);
		else
			ok &= pk_col(s, parent,
			             (long)sqlite3_column_int64(st, 1), &on);
	}
	sqlite3_finalize(st);
	sbuf_release(&on);
	return rc;
}

/* SQL tokens, enough to find "a.x = b.y" and "FROM t AS a". */
struct lex {
	const char *s;
	size_t i;
	const char *tok;
	size_t n;
	char kind; /* 'i' identifier, 'p' punctuation, 'o' other, 0 end */
};

static bool ident_char(unsigned char c)
{
	return c == '_' || (c >= '0' && c <= '9') ||
	       ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80;
}

static void lex_next(struct lex *x)
{
	const char *s = x->s;
	size_t i = x->i;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	x->tok = s + i;
	char c = s[i];
	if (!c) {
		x->kind = 0, x->n = 0;
	} else if (c == '"' || c == '`' || c == '[') {
		char close = c == '[' ? ']' : c;
		size_t j = i + 1;
		while (s[j] && s[j] != close)
			j++;
		x->tok = s + i + 1, x->n = j - i - 1, x->kind = 'i';
		i = s[j] ? j + 1 : j;
	} else if (c == '\'') {
		size_t j = i + 1;
		while (s[j] && !(s[j] == '\'' && s[j + 1] != '\''))
			j += s[j] == '\'' ? 2 : 1;
		x->n = (s[j] ? j + 1 : j) - i, x->kind = 'o';
		i += x->n;
	} else if (ident_char((unsigned char)c) && !(c >= '0' && c <= '9')) {
		size_t j = i;
		while (ident_char((unsigned char)s[j]))
			j++;
		x->n = j - i, x->kind = 'i';
		i = j;
	} else {
		size_t j = i + 1;
		if (c >= '0' && c <= '9')
			while (ident_char((unsigned char)s[j]) || s[j] == '.')
				j++;
		x->n = j - i, x->kind = c >= '0' && c <= '9' ? 'o' : 'p';
		i = j;
	}
	x->i = i;
}

static bool is_word(const struct lex *x, const char *w)
{
	return x->kind == 'i' && strlen(w) == x->n &&
	       !strncasecmp(x->tok, w, x->n);
}

static bool is_punct(const struct lex *x, char c)
{
	return x->kind == 'p' && x->n == 1 && x->tok[0] == c;
}

/* Words after which an identifier is not a table alias. */
static bool keyword(const struct lex *x)
{
	static const char *const kw[] = {
	    "on",     "where",   "join",  "inner",   "left",      "right",
	    "cross",  "full",    "outer", "natural", "group",     "order",
	    "limit",  "having",  "union", "except",  "intersect", "using",
	    "window", "select",  "from",  "and",     "or",        "not",
	    "as",     "indexed", "by",    "offset",  "values"};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (is_word(x, kw[i]))
			return true;
	return false;
}

/* Aliases: every "TABLE [AS] NAME" of a read table, and each table's name. */
struct alias {
	const char *name;
	size_t n;
	struct db_table *t;
};

struct sqlscan {
	struct links *s;
	struct alias *a;
	size_t na, cap;
};

static void scan_aliases(struct sqlscan *sc, const char *sql)
{
	struct lex x = {sql, 0, NULL, 0, 0};
	for (lex_next(&x); x.kind; lex_next(&x)) {
		if (x.kind != 'i')
			continue;
		struct sbuf name = SBUF_INIT;
		sbuf_add(&name, x.tok, x.n);
		struct db_table *t = db_table(sc->s->db, name.buf);
		sbuf_release(&name);
		if (!t || rel_index(sc->s, t) < 0)
			continue;
		struct lex y = x;
		lex_next(&y);
		if (is_word(&y, "as"))
			lex_next(&y);
		if (y.kind != 'i' || keyword(&y))
			continue;
		xgrow(&sc->a, &sc->cap, sc->na + 1, sizeof(*sc->a));
		sc->a[sc->na++] = (struct alias){y.tok, y.n, t};
	}
}

static struct db_table *alias_table(struct sqlscan *sc, const char *p, size_t n)
{
	for (size_t i = 0; i < sc->na; i++)
		if (sc->a[i].n == n && !strncasecmp(sc->a[i].name, p, n))
			return sc->a[i].t;
	for (size_t i = 0; i < sc->s->nrel; i++) {
		struct db_table *t = sc->s->rel[i];
		if (strlen(t->name) == n && !strncasecmp(t->name, p, n))
			return t;
	}
	return NULL;
}

/* A column reference at x ("alias.col" or a column only one read table
 * has); x is left on the token after it. */
static bool read_colref(struct sqlscan *sc, struct lex *x, struct colref *out)
{
	if (x->kind != 'i' || keyword(x))
		return false;
	struct lex first = *x;
	lex_next(x);
	if (is_punct(x, '.')) {
		lex_next(x);
		struct db_table *t = alias_table(sc, first.tok, first.n);
		long c = t && x->kind == 'i' ? col_index(t, x->tok, x->n) : -1;
		lex_next(x);
		*out = (struct colref){t, (size_t)c};
		return c >= 0;
	}
	long found = -1;
	for (size_t i = 0; i < sc->s->nrel; i++) {
		long c = col_index(sc->s->rel[i], first.tok, first.n);
		if (c < 0)
			continue;
		if (found >= 0)
			return false; /* ambiguous without a qualifier */
		found = (long)i;
		*out = (struct colref){sc->s->rel[i], (size_t)c};
	}
	return found >= 0;
}

/* True when x is where an operand ends (not "a.x = b.y + 1"). */
static bool ends_operand(const struct lex *x)
{
	return x->kind == 0 || x->kind == 'i' || is_punct(x, ')') ||
	       is_punct(x, ',') || is_punct(x, ';');
}

/* The "a.x = b.y" pairs of sql between read tables, as the scan sees them. */
static size_t sql_pairs(struct links *s, const char *sql, struct colref **out)
{
	struct sqlscan sc = {s, NULL, 0, 0};
	size_t n = 0, cap = 0;
	bool after_op = false;
	scan_aliases(&sc, sql);
	struct lex x = {sql, 0, NULL, 0, 0};
	lex_next(&x);
	while (x.kind) {
		struct lex start = x;
		struct colref a, b;
		if (!after_op && read_colref(&sc, &x, &a) &&
		    is_punct(&x, '=')) {
			lex_next(&x);
			if (read_colref(&sc, &x, &b) && ends_operand(&x) &&
			    !(a.t == b.t && a.col == b.col)) {
				xgrow(out, &cap, n + 2, sizeof(**out));
				(*out)[n++] = a;
				(*out)[n++] = b;
			}
			after_op = false;
			continue;
		}
		if (x.i == start.i)
			lex_next(&x);
		/* "p - a.x = ..." compares an expression, not a column */
		after_op = start.kind == 'p' && !is_punct(&start, '(') &&
		           !is_punct(&start, ',');
	}
	free(sc.a);
	return n / 2;
}

/* True when the values of column c of t are distinct (a key). */
static bool is_key(struct links *s, const struct colref *c)
{
	struct sbuf q = SBUF_INIT;
	sqlite3_stmt *st = NULL;
	bool key = false;
	sbuf_adds(&q, "SELECT COUNT(x) = COUNT(DISTINCT x) FROM (SELECT ");
	db_quote_ident(&q, c->t->cols[c->col]);
	sbuf_adds(&q, " AS x FROM src.");
	db_quote_ident(&q, c->t->name);
	sbuf_adds(&q, ")");
	if (sqlite3_prepare_v2(s->db->conn, q.buf, -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		key = sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	sbuf_release(&q);
	return key;
}

/* Links from the equality conditions of sql: the side whose column is a
 * key is the parent (else the table read first). */
static int sql_links(struct links *s, const char *sql, struct err *e)
{
	struct colref *p = NULL;
	size_t n = sql_pairs(s, sql, &p);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct colref a = p[2 * i], b = p[2 * i + 1];
		if (!is_key(s, &b) &&
		    (is_key(s, &a) || rel_index(s, a.t) > rel_index(s, b.t))) {
			struct colref t = a;
			a = b, b = t;
		}
		struct sbuf on = SBUF_INIT;
		sbuf_adds(&on, "c.");
		db_quote_ident(&on, a.t->cols[a.col]);
		sbuf_adds(&on, " = p.");
		db_quote_ident(&on, b.t->cols[b.col]);
		rc = add_link(s, a.t, b.t, on.buf, e);
		sbuf_release(&on);
	}
	free(p);
	return rc;
}

void links_sql_pairs(struct db *db, const char *sql, struct db_table **rel,
                     size_t nrel, struct sbuf *out)
{
	struct links s = {.db = db, .rel = rel, .nrel = nrel};
	struct colref *p = NULL;
	size_t n = sql_pairs(&s, sql, &p);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(out, "%s.%s=%s.%s\n", p[2 * i].t->name,
		          p[2 * i].t->cols[p[2 * i].col], p[2 * i + 1].t->name,
		          p[2 * i + 1].t->cols[p[2 * i + 1].col]);
	free(p);
}

int links_find(struct links *s, struct db *db, const char *sql,
               struct db_table **rel, size_t nrel, size_t *const *rank,
               struct err *e)
{
	memset(s, 0, sizeof(*s));
	s->db = db, s->rel = rel, s->nrel = nrel, s->rank = rank;
	for (size_t i = 0; i < nrel; i++)
		if (declared_links(s, rel[i], e))
			return -1;
	return sql_links(s, sql, e);
}

void links_release(struct links *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].up);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

long links_rel_index(const struct links *s, const struct db_table *t)
{
	return rel_index(s, t);
}

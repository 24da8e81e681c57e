/* Answer-aware row order: the base order with partners first, and the
 * sequences whose prefixes answer (or not) as instances need. */
#include "gen/sample.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"
#include "gen/links.h"

#define NONE SIZE_MAX
/* Partners of partners are taken up to this depth (a chain of rows each
 * naming the next would otherwise pull a whole table at once). */
#define MAX_DEPTH 16
/* SQLite VM steps the checks of one sequence may take: a query that reads
 * its own table again for every row costs rows squared per check, and
 * thousands of checks of it would take minutes. */
#define STEP_BUDGET 50000000LL

/* Base order state: which rows are in it already. */
struct emit {
	struct sample *s;
	bool **seen; /* per read table, per row position */
	size_t cap;
};

static void emit(struct emit *m, struct db_table *t, size_t pos, int depth)
{
	long ti = links_rel_index(&m->s->links, t);
	if (m->seen[ti][pos])
		return;
	m->seen[ti][pos] = true;
	for (size_t i = 0; depth < MAX_DEPTH && i < m->s->links.n; i++) {
		struct link *l = &m->s->links.v[i];
		if (l->child == t && l->up[pos] != NONE)
			emit(m, l->parent, l->up[pos], depth + 1);
	}
	xgrow(&m->s->base, &m->cap, m->s->nbase + 1, sizeof(*m->s->base));
	m->s->base[m->s->nbase++] = (struct ctx_ref){t, pos};
}

static void base_order(struct sample *s)
{
	struct emit m = {s, xcalloc(s->nrel + 1, sizeof(bool *)), 0};
	size_t most = 0;
	for (size_t i = 0; i < s->nrel; i++) {
		m.seen[i] = xcalloc(s->rel[i]->nrows + 1, sizeof(bool));
		if (s->rel[i]->nrows > most)
			most = s->rel[i]->nrows;
	}
	for (size_t k = 0; k < most; k++)
		for (size_t i = 0; i < s->nrel; i++)
			if (k < s->rel[i]->nrows)
				emit(&m, s->rel[i], s->rel[i]->perm[k], 0);
	for (size_t i = 0; i < s->nrel; i++)
		free(m.seen[i]);
	free(m.seen);
}

int sample_init(struct sample *s, struct db *db, const char *sql,
                sqlite3_stmt *st, struct db_table **rel, size_t nrel,
                struct err *e)
{
	memset(s, 0, sizeof(*s));
	s->db = db, s->st = st, s->rel = rel, s->nrel = nrel;
	s->rank = xcalloc(nrel + 1, sizeof(*s->rank));
	for (size_t i = 0; i < nrel; i++) {
		s->rank[i] = xmalloc((rel[i]->nrows + 1) * sizeof(size_t));
		for (size_t k = 0; k < rel[i]->nrows; k++)
			s->rank[i][rel[i]->perm[k]] = k;
	}
	if (links_find(&s->links, db, sql, rel, nrel, s->rank, e))
		return -1;
	base_order(s);
	return 0;
}

void sample_release(struct sample *s)
{
	if (!s)
		return;
	links_release(&s->links);
	for (size_t i = 0; s->rank && i < s->nrel; i++)
		free(s->rank[i]);
	free(s->rank);
	free(s->base);
	free(s->rows.v);
	free(s->empty.v);
	memset(s, 0, sizeof(*s));
}

/*
 * The scratch tables as a set of base rows: those marked in in and, while
 * the witness is searched, the prefix base[0..cur) too.
 */
struct scratch {
	struct sample *s;
	bool *in; /* per base index: held apart from the prefix */
	size_t cur;
	long long steps; /* SQLite VM steps the checks took */
	bool over;       /* ...past STEP_BUDGET: given up */
};

static int put(struct scratch *x, size_t i, bool in, struct err *e)
{
	struct ctx_ref r = x->s->base[i];
	return in ? db_copy_row(r.t, r.pos, e) : db_drop_row(r.t, r.pos, e);
}

/* Puts base[from..to) in (or out of) the scratch tables, but for the rows
 * marked in x->in. */
static int put_range(struct scratch *x, size_t from, size_t to, bool in,
                     struct err *e)
{
	for (size_t i = from; i < to; i++)
		if (!x->in[i] && put(x, i, in, e))
			return -1;
	return 0;
}

/* 1 when the query answers over the scratch rows, 0 when not, -1 on error;
 * counts the steps it took. */
static int answers(struct scratch *x, struct err *e)
{
	int r = db_result_any(x->s->st, e);
	x->steps += sqlite3_stmt_status(x->s->st, SQLITE_STMTSTATUS_VM_STEP, 1);
	return r;
}

/* True (and e filled) once the checks took more than the budget. */
static bool over_budget(struct scratch *x, struct err *e)
{
	if (x->steps <= STEP_BUDGET)
		return false;
	x->over = true;
	err_set(e, ERR_INPUT,
	        "checking which rows keep its answer as wanted took over "
	        "%lld SQLite steps (the query reads its tables again for "
	        "every row?): give a cheaper query or less relevant "
	        "information",
	        STEP_BUDGET);
	return true;
}

/*
 * A small set of base rows whose answer is not empty (a witness), marked
 * in x->in and left in the scratch tables: the shortest prefix of the base
 * that answers, found by doubling, then thinned from its end in galloping
 * steps (a run of rows is dropped when the rest still answers). 0 with
 * *found false when even the whole base has no answer.
 */
static int find_witness(struct scratch *x, bool *found, struct err *e)
{
	size_t nb = x->s->nbase, n = 0, hi = 1, c = 1;
	int r = 0;
	*found = false;
	while (n < nb) {
		if (put_range(x, n, hi, true, e) || (r = answers(x, e)) < 0)
			return -1;
		n = hi;
		if (r)
			break;
		hi = hi * 2 < nb ? hi * 2 : nb;
	}
	if (!r)
		return 0;
	for (size_t i = 0; i < n; i++)
		x->in[i] = true;
	/* base[0..i) and the rows kept above i answer; when thinning takes too
	 * long, base[0..i) stays whole */
	for (size_t i = n; i > 0 && x->steps <= STEP_BUDGET / 2;) {
		c = c < i ? c : i;
		for (size_t k = i - c; k < i; k++)
			x->in[k] = false;
		if (put_range(x, i - c, i, false, e) || (r = answers(x, e)) < 0)
			return -1;
		if (r) {
			i -= c, c *= 2;
			continue;
		}
		if (put_range(x, i - c, i, true, e))
			return -1;
		for (size_t k = i - c; k < i; k++)
			x->in[k] = true;
		if (c == 1)
			i--; /* base[i-1] is needed: kept */
		else
			c /= 2;
	}
	*found = true;
	return 0;
}

/* Appends base row r to q, with its tokens; rendering it may fail. */
static int seq_add(struct ctx_seq *q, size_t *cap, struct ctx_ref r,
                   struct err *e)
{
	const struct db_unit *u = db_unit(r.t, r.pos, e);
	if (!u)
		return -1;
	xgrow(&q->v, cap, q->n + 1, sizeof(*q->v));
	q->v[q->n++] = r;
	q->tokens += u->tokens;
	return 0;
}

/* Where a walk over the base rows stands. */
struct walk {
	struct scratch *x;
	struct ctx_seq *q;
	size_t cap, i;
	long long need;
	int want;        /* 1: answers stay non-empty, 0: they stay empty */
	size_t rejected; /* rows left out so far */
};

static bool walk_more(const struct walk *w)
{
	return w->i < w->x->s->nbase && w->q->tokens <= w->need;
}

/* -1 when the walk must stop: a failure, or over the step budget. */
static int walk_check(struct walk *w, int r, struct err *e)
{
	return r < 0 || over_budget(w->x, e) ? -1 : r;
}

/* Rows one at a time: each is kept when the answer stays as wanted, so
 * every prefix of the sequence has been seen to answer as wanted. */
static int walk_each(struct walk *w, struct err *e)
{
	for (; walk_more(w); w->i++) {
		if (w->x->in[w->i])
			continue;
		int r;
		if (put(w->x, w->i, true, e) ||
		    (r = walk_check(w, answers(w->x, e), e)) < 0)
			return -1;
		if (r != w->want) {
			if (put(w->x, w->i, false, e))
				return -1;
			continue;
		}
		if (seq_add(w->q, &w->cap, w->x->s->base[w->i], e))
			return -1;
	}
	return 0;
}

/*
 * Rows in runs that double while the answer stays as wanted at their end;
 * a run after which it does not is split in halves down to single rows,
 * which are left out. Right at every run's end; in between only for queries
 * whose answer does not flip back and forth as rows are added, which
 * sample_check verifies for the prefixes instances use.
 */
static int walk_runs(struct walk *w, size_t len, struct err *e)
{
	struct scratch *x = w->x;
	size_t from = w->i, to = from;
	while (to < x->s->nbase && to - from < len)
		to++;
	if (put_range(x, from, to, true, e))
		return -1;
	int r = walk_check(w, answers(x, e), e);
	if (r < 0 || (r != w->want && put_range(x, from, to, false, e)))
		return -1;
	if (r == w->want || to - from == 1) {
		w->rejected += r != w->want;
		for (; w->i < to && walk_more(w); w->i++)
			if (!x->in[w->i] && r == w->want &&
			    seq_add(w->q, &w->cap, x->s->base[w->i], e))
				return -1;
		if (w->i < to && put_range(x, w->i, to, false, e))
			return -1; /* rows past the need stay out */
		return 0;
	}
	size_t half = (to - from + 1) / 2;
	if (walk_runs(w, half, e))
		return -1;
	return walk_more(w) && w->i < to ? walk_runs(w, to - w->i, e) : 0;
}

static int walk_fast(struct walk *w, struct err *e)
{
	size_t len = 1;
	while (walk_more(w)) {
		size_t before = w->rejected;
		if (walk_runs(w, len, e))
			return -1;
		if (w->rejected == before)
			len = len < 4096 ? len * 2 : len;
		else
			len = len > 1 ? len / 2 : 1;
	}
	return 0;
}

/* Builds q (s->rows or s->empty) in the scratch tables; 1 when there is
 * none. exact: every prefix checked, else only where walk_runs checks. */
static int build(struct sample *s, bool empty, bool exact, long long need,
                 struct err *e)
{
	struct ctx_seq *q = empty ? &s->empty : &s->rows;
	struct scratch x = {s, xcalloc(s->nbase + 1, sizeof(bool)), 0, 0,
	                    false};
	struct walk w = {&x, q, 0, 0, need, !empty, 0};
	int rc = -1;
	bool found = false;
	free(q->v);
	memset(q, 0, sizeof(*q));
	if (db_clear(s->db, e) || (rc = answers(&x, e)) < 0)
		goto out;
	s->never_empty = rc == 1;
	rc = empty && s->never_empty ? 1 : -1;
	if (rc == 1)
		goto out;
	if (!empty && !s->never_empty) {
		if (find_witness(&x, &found, e))
			goto out;
		if (!found) {
			rc = 1;
			goto out;
		}
		for (size_t i = 0; i < s->nbase; i++)
			if (x.in[i] && seq_add(q, &w.cap, s->base[i], e))
				goto out;
		q->min_tokens = q->tokens;
	}
	if (!empty && !exact) { /* a superset of the witness answers too */
		for (; walk_more(&w); w.i++)
			if (!x.in[w.i] && seq_add(q, &w.cap, s->base[w.i], e))
				goto out;
	} else if ((exact ? walk_each(&w, e) : walk_fast(&w, e))) {
		goto out;
	}
	q->complete = w.i == s->nbase;
	rc = 0;
out:
	if (x.over && empty) { /* an empty answer is a choice: forgo it */
		s->empty_too_costly = true;
		err_clear(e);
		rc = 1;
	}
	free(x.in);
	if (db_clear(s->db, e) && rc >= 0)
		rc = -1;
	return rc;
}

/* Runs build in one transaction and records its outcome. */
static const struct ctx_seq *built(struct sample *s, bool empty, bool exact,
                                   long long need, struct err *e)
{
	int *state = empty ? &s->empty_state : &s->rows_state;
	sqlite3_exec(s->db->conn, "BEGIN", NULL, NULL, NULL);
	int rc = build(s, empty, exact, need, e);
	sqlite3_exec(s->db->conn, "COMMIT", NULL, NULL, NULL);
	if (rc < 0)
		return NULL;
	*state = rc ? -1 : exact ? 2 : 1;
	err_clear(e);
	return rc ? NULL : empty ? &s->empty : &s->rows;
}

const struct ctx_seq *sample_seq(struct sample *s, bool empty, long long need,
                                 struct err *e)
{
	int state = empty ? s->empty_state : s->rows_state;
	err_clear(e);
	if (!state)
		return built(s, empty, false, need, e);
	return state > 0 ? (empty ? &s->empty : &s->rows) : NULL;
}

const struct ctx_seq *sample_seq_exact(struct sample *s, bool empty,
                                       long long need, struct err *e)
{
	int state = empty ? s->empty_state : s->rows_state;
	err_clear(e);
	if (state != 2 && state >= 0)
		return built(s, empty, true, need, e);
	return state > 0 ? (empty ? &s->empty : &s->rows) : NULL;
}

int sample_check(struct sample *s, const struct ctx_seq *q, size_t n,
                 struct err *e)
{
	int rc = -1;
	if ((q == &s->rows ? s->rows_state : s->empty_state) == 2)
		return 1;
	sqlite3_exec(s->db->conn, "BEGIN", NULL, NULL, NULL);
	if (db_clear(s->db, e))
		goto out;
	for (size_t i = 0; i < n && i < q->n; i++)
		if (db_copy_row(q->v[i].t, q->v[i].pos, e))
			goto out;
	if ((rc = db_result_any(s->st, e)) >= 0)
		rc = rc == (q == &s->rows);
	if (db_clear(s->db, e))
		rc = -1;
out:
	sqlite3_exec(s->db->conn, "COMMIT", NULL, NULL, NULL);
	return rc;
}

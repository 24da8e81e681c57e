/* Contexts: budgets, seeded row order, placement and the assembled text. */
#include "gen/context.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "gen/db.h"
#include "gen/place.h"
#include "tok/tok.h"

/* Appends the round-robin order over the permutations of tables[0..n). */
static void round_robin(struct db_table **tables, size_t n,
                        struct ctx_ref **seq, size_t *len)
{
	size_t total = 0, cap = 0;
	for (size_t i = 0; i < n; i++)
		total += tables[i]->nrows;
	xgrow(seq, &cap, *len + total + 1, sizeof(**seq));
	for (size_t k = 0;; k++) {
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			if (k >= tables[i]->nrows)
				continue;
			(*seq)[(*len)++] =
			    (struct ctx_ref){tables[i], tables[i]->perm[k]};
			any = true;
		}
		if (!any)
			break;
	}
}

static bool in_list(struct db_table **v, size_t n, const struct db_table *t)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == t)
			return true;
	return false;
}

static void add_distractor_tables(struct db *db, struct db_table **rel,
                                  size_t nrel, struct db_table ***v, size_t *n,
                                  size_t *cap)
{
	for (size_t i = 0; i < db->nt; i++) {
		if (!db->t[i].ntpl || in_list(rel, nrel, &db->t[i]))
			continue;
		xgrow(v, cap, *n + 1, sizeof(**v));
		(*v)[(*n)++] = &db->t[i];
	}
}

int ctx_query_init(struct ctx_query *q, struct db *db, struct db_table **rel,
                   size_t nrel, struct db **others, size_t nothers,
                   struct err *e)
{
	struct db_table **dis = NULL;
	size_t ndis = 0, cap = 0;
	memset(q, 0, sizeof(*q));
	q->db = db;
	for (size_t i = 0; i < nrel; i++)
		if (!rel[i]->ntpl)
			return err_set(
			    e, ERR_INPUT,
			    "table '%s' is read by the query but has "
			    "no templates in verbalize.json",
			    rel[i]->name);
	q->rel = xmalloc((nrel + 1) * sizeof(*q->rel));
	memcpy(q->rel, rel, nrel * sizeof(*rel));
	q->nrel = nrel;
	q->all_dbs = nothers > 0;
	add_distractor_tables(db, rel, nrel, &dis, &ndis, &cap);
	for (size_t i = 0; i < nothers; i++)
		if (others[i] != db)
			add_distractor_tables(others[i], NULL, 0, &dis, &ndis,
			                      &cap);
	round_robin(dis, ndis, &q->dseq, &q->ndseq);
	free(dis);
	return 0;
}

void ctx_query_release(struct ctx_query *q)
{
	if (!q)
		return;
	free(q->rel);
	free(q->dseq);
	memset(q, 0, sizeof(*q));
}

void context_init(struct context *c)
{
	memset(c, 0, sizeof(*c));
	sbuf_init(&c->text);
	sbuf_init(&c->json);
	c->lim_len = -1;
}

void context_release(struct context *c)
{
	if (!c)
		return;
	free(c->u);
	free(c->tmp);
	free(c->order);
	free(c->irr);
	free(c->bnd);
	sbuf_release(&c->text);
	sbuf_release(&c->json);
	memset(c, 0, sizeof(*c));
}

/* Largest x <= hi with count(x) <= t, searching down from hi. */
static long long largest_within(struct context *c, struct tok *tok, long long t,
                                long long hi, struct err *e)
{
	long long step = 1, lo = hi, n;
	while ((n = tok_count_cp(tok, lo, e)) > t) {
		if (n < 0)
			return -1;
		hi = lo - 1;
		lo = hi - step < 0 ? 0 : hi - step;
		step *= 2;
	}
	while (lo < hi) { /* count(lo) <= t; the answer is in [lo, hi] */
		long long mid = lo + (hi - lo + 1) / 2;
		if ((n = tok_count_cp(tok, mid, e)) < 0)
			return -1;
		*(n <= t ? &lo : &hi) = n <= t ? mid : mid - 1;
	}
	return lo;
}

/*
 * A tokenizer that only estimates counts them from code points alone, so
 * the largest number of code points a context of L tokens may hold is found
 * once per length by search over a blank string; selection is then exact
 * arithmetic on the units' code points.
 */
static int cp_limit(struct context *c, struct tok *tok, long long len,
                    struct err *e)
{
	if (c->lim_len == len)
		return 0;
	long long hi = 64, n;
	while ((n = tok_count_cp(tok, hi, e)) <= len && n >= 0)
		hi *= 2;
	if (n < 0 || (c->lim_cp = largest_within(c, tok, len, hi, e)) < 0)
		return -1;
	c->lim_len = len;
	c->nbnd = 0;
	return 0;
}

/*
 * Tokens of a context of cp code points (cp <= lim_cp) without reading it:
 * the limits of L-1, L-2, ... tokens are found once and remembered.
 */
static long long cp_tokens(struct context *c, struct tok *tok, long long cp,
                           struct err *e)
{
	for (size_t k = 0; k < 256; k++) {
		if (k >= c->nbnd) {
			long long prev = k ? c->bnd[k - 1] : c->lim_cp;
			long long t = c->lim_len - (long long)k - 1;
			if (t < 0)
				return 0;
			xgrow(&c->bnd, &c->bndcap, k + 1, sizeof(*c->bnd));
			c->bnd[k] = largest_within(c, tok, t, prev, e);
			if (c->bnd[k] < 0)
				return -1;
			c->nbnd = k + 1;
		}
		if (cp > c->bnd[k])
			return c->lim_len - (long long)k;
	}
	return tok_count_cp(tok, cp, e);
}

struct pick {
	long long cp, tokens;
	size_t n;
};

/* True when unit u still fits: by code points (estimate) or by token sums
 * (exact, fixed up later). */
static bool fits(const struct context *c, const struct pick *k,
                 const struct db_unit *u, long long len, bool exact)
{
	if (exact)
		return k->tokens + u->tokens <= len;
	return k->cp + (long long)u->cp + (k->n > 0) <= c->lim_cp;
}

static void take(struct context *c, struct pick *k, struct ctx_ref r,
                 const struct db_unit *u)
{
	xgrow(&c->tmp, &c->tmpcap, k->n + 1, sizeof(*c->tmp));
	c->tmp[k->n] = r;
	k->cp += (long long)u->cp + (k->n > 0);
	k->tokens += u->tokens;
	k->n++;
}

/* sbuf_add without the call, for the thousands of pieces of a context. */
static inline void put(struct sbuf *s, const char *p, size_t n)
{
	if (s->len + n + 1 > s->cap)
		sbuf_grow(s, n);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

static const struct db_unit *unit_of(struct ctx_ref r)
{
	return &r.t->units[r.pos];
}

/* Walks rel's units while they fit A (and L), taking them when take_them;
 * returns how many fit, or -1 and e filled. */
static long long fit_relevant(struct context *c, const struct ctx_seq *rel,
                              long long len, long long info, bool exact,
                              struct pick *k, bool take_them, struct err *e)
{
	size_t i;
	c->next_rel = -1;
	for (i = 0; i < rel->n; i++) {
		const struct db_unit *u =
		    db_unit(rel->v[i].t, rel->v[i].pos, e);
		if (!u)
			return -1;
		if (k->tokens + u->tokens > info ||
		    !fits(c, k, u, len, exact)) {
			c->next_rel = u->tokens;
			break;
		}
		if (take_them) {
			take(c, k, rel->v[i], u);
		} else {
			k->cp += (long long)u->cp + (k->n > 0);
			k->tokens += u->tokens;
			k->n++;
		}
	}
	return (long long)i;
}

long long context_rel_count(struct context *c, const struct ctx_seq *rel,
                            long long length, long long info, struct tok *tok,
                            struct err *e)
{
	struct pick k = {0, 0, 0};
	bool exact = tok_exact(tok);
	if (!exact && cp_limit(c, tok, length, e))
		return -1;
	return fit_relevant(c, rel, length, info, exact, &k, false, e);
}

/* Relevant rows in rel's order while they fit A (and L). */
static int pick_relevant(struct context *c, const struct ctx_seq *rel,
                         const char *qname, long long len, long long info,
                         bool exact, struct pick *k, struct err *e)
{
	long long i = fit_relevant(c, rel, len, info, exact, k, true, e);
	if (i < 0)
		return -1;
	c->relevant = k->n;
	c->info_tokens = k->tokens;
	if ((size_t)i == rel->n && k->tokens < info)
		return err_set(
		    e, ERR_INPUT,
		    "query '%s' reads tables with only %lld tokens of "
		    "rows; an info amount of %lld tokens cannot be met",
		    qname, k->tokens, info);
	return 0;
}

/* Distractors in q's order while the whole context fits L. */
static int pick_distractors(struct context *c, const struct ctx_query *q,
                            long long len, bool exact, struct pick *k,
                            struct err *e)
{
	c->next_irr = -1;
	for (size_t i = 0; i < q->ndseq; i++) {
		const struct db_unit *u =
		    db_unit(q->dseq[i].t, q->dseq[i].pos, e);
		if (!u)
			return -1;
		if (!fits(c, k, u, len, exact)) {
			c->next_irr = u->tokens;
			break;
		}
		take(c, k, q->dseq[i], u);
	}
	return 0;
}

/* Lays out tmp[0..r) (relevant) and tmp[r..r+nirr) by placement p. */
static void assemble(struct context *c, size_t r, size_t nirr,
                     const struct placement *p, bool text)
{
	size_t at = 0;
	size_t total = r + nirr;
	if (total + 1 > c->ordcap) {
		c->ordcap = total + 1;
		c->order = xrealloc(c->order, c->ordcap * sizeof(*c->order));
		c->irr = xrealloc(c->irr, c->ordcap * sizeof(*c->irr));
	}
	for (size_t i = 0; i < nirr; i++)
		c->irr[i] = unit_of(c->tmp[r + i])->tokens;
	place_order(p, r, c->info_tokens, c->irr, nirr, c->order);
	xgrow(&c->u, &c->cap, total + 1, sizeof(*c->u));
	sbuf_reset(&c->text);
	sbuf_reset(&c->json);
	for (size_t i = 0; i < total; i++) {
		struct ctx_ref ref = c->tmp[c->order[i]];
		const struct db_unit *u = unit_of(ref);
		if (i) {
			if (text)
				put(&c->text, "\n", 1);
			put(&c->json, "\\n", 2);
		}
		c->u[i] =
		    (struct ctx_unit){ref, c->order[i] < r, at, u->tokens};
		if (text)
			put(&c->text, u->text, u->len);
		put(&c->json, u->json, u->jlen);
		at += u->len + 1;
	}
	c->n = total;
}

/*
 * Tokens of the assembled context without reading it: the first unit's
 * count, each later unit's count away from the start, and what each seam
 * changes (tok_seam: counted once per pair of unit edges). -2 when a seam
 * cannot be told (then the text is counted), -1 on failure.
 */
static long long seam_count(const struct context *c, struct tok *tok,
                            struct err *e)
{
	long long total = 0, d;
	for (size_t i = 0; i < c->n; i++) {
		const struct db_unit *u = unit_of(c->u[i].ref);
		if (!i) {
			total += u->tokens;
			continue;
		}
		int rc = tok_seam(tok, &unit_of(c->u[i - 1].ref)->edges,
		                  &u->edges, &d, e);
		if (rc <= 0)
			return rc < 0 ? -1 : -2;
		total += u->edges.mid + d;
	}
	return total;
}

/*
 * Exact tokens of the assembled context (c->text): by units and seams, and
 * the first such context of a run also by counting its text, which must
 * agree (the whole verified once).
 */
static long long exact_count(struct context *c, struct tok *tok,
                             struct err *e)
{
	long long n = seam_count(c, tok, e);
	if (n == -1)
		return -1;
	if (n == -2 || !c->verified) {
		long long whole = tok_count(tok, c->text.buf, c->text.len, e);
		if (whole < 0 || n == -2)
			return whole;
		if (whole != n)
			return err_set(e, ERR_RUNTIME,
			               "internal error: a context of %lld "
			               "tokens counts %lld by its units and "
			               "seams; please report it with the "
			               "tokenizer file",
			               whole, n);
		c->verified = true;
	}
	return n;
}

/*
 * True when the relevant units fill the length by themselves: the next one
 * (with its "\n", at most a token more) would not fit L, whether counted as
 * the relevant side counts (a sum of units, as A is) or in the whole context.
 * dropped: a relevant unit was dropped because the whole went over L.
 */
static bool relevant_fill(const struct context *c, long long length,
                          bool dropped)
{
	if (c->next_rel < 0)
		return false;
	return dropped || c->info_tokens + c->next_rel > length ||
	       length - c->tokens <= c->next_rel;
}

int context_build(struct context *c, const struct ctx_query *q,
                  const struct ctx_seq *rel, const char *qname,
                  long long length, long long info, const struct placement *p,
                  struct tok *tok, struct err *e)
{
	struct pick k = {0, 0, 0};
	bool dropped = false;
	bool exact = tok_exact(tok);
	if (!exact && cp_limit(c, tok, length, e))
		return -1;
	if (pick_relevant(c, rel, qname, length, info, exact, &k, e) ||
	    pick_distractors(c, q, length, exact, &k, e))
		return -1;
	size_t r = c->relevant;
	assemble(c, r, k.n - r, p, exact || c->keep_text);
	c->tokens = exact ? exact_count(c, tok, e) : cp_tokens(c, tok, k.cp, e);
	/* exact tokens of the whole may exceed the sum of the parts (seams) */
	while (exact && c->tokens > length && k.n > 0) {
		long long t = unit_of(c->tmp[--k.n])->tokens;
		k.tokens -= t;
		if (k.n >= r) {
			c->next_irr = t;
		} else { /* no distractor left: the relevant rows alone overflow
			  */
			c->next_rel = t;
			c->info_tokens -= t;
			dropped = true;
			c->relevant = r = k.n;
		}
		assemble(c, r, k.n - r, p, true);
		c->tokens = exact_count(c, tok, e);
	}
	if (c->tokens < 0)
		return -1;
	if (c->tokens > length)
		return err_set(e, ERR_INPUT,
		               "query '%s': its relevant rows alone take %lld "
		               "tokens, more than --length %lld",
		               qname, c->tokens, length);
	/* out of distractors: fine only when none would have fitted anyway */
	if (c->next_irr < 0 && c->tokens < length &&
	    !relevant_fill(c, length, dropped))
		return err_set(e, ERR_INPUT,
		               "query '%s': the tables it does not read hold "
		               "only %lld tokens of rows; --length %lld cannot "
		               "be met%s",
		               qname, k.tokens - c->info_tokens, length,
		               q->all_dbs ? "" : "; try --distractors all-dbs");
	return 0;
}

/* Deterministic scorer: assignment of predicted rows to gold rows, labels,
 * recall/precision/F1, probe metrics. */
#include "score/score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/re.h"
#include "common/xalloc.h"
#include "score/score_int.h"

/* Gold rows past this are not matched at all (they never count for recall). */
#define MATCH_MAX_GOLD 2000
/* Predicted rows past this are not matched (they still count for precision). */
#define MATCH_MAX_PRED 5000

enum label { L_NONE, L_PARTIAL, L_EXACT };

/* Matching state of one reply. */
struct match {
	size_t ng, np, ncols;
	struct gcell *gc;  /* ng * ncols */
	size_t *gcols;     /* cells per gold row */
	unsigned *cnt;     /* ng * np matched cells */
	long *pred;        /* per gold row: predicted row or -1 */
	bool *used;        /* per predicted row */
	enum label *label; /* per gold row */
	bool *moved;       /* per gold row: exact but out of its place */
	struct gold_hint hint;
};

void score_opts_init(struct score_opts *o)
{
	o->tolerance = -1;
	o->partial_credit = 0.5;
	o->max_gold = 50;
}

struct scorer *scorer_new(const struct score_opts *o, struct err *e)
{
	struct scorer *s = xcalloc(1, sizeof(*s));
	s->o = *o;
	/* a ranking: ORDER BY with DESC or LIMIT after it ("the five most
	 * expensive", "most wineries first"), not an order for presentation
	 * ("ordered by color") */
	if (score_re_init(&s->re, e) < 0 ||
	    !(s->order_by = re_new("\\border\\s+by\\b", RE_CASELESS, e)) ||
	    !(s->extreme = re_new("\\b(?:max|min)\\s*\\(|\\blimit\\s+1\\b",
	                          RE_CASELESS, e)) ||
	    !(s->ranked = re_new("\\border\\s+by\\b.*\\b(?:desc|limit)\\b",
	                         RE_CASELESS | RE_DOTALL, e))) {
		scorer_free(s);
		return NULL;
	}
	return s;
}

void scorer_free(struct scorer *s)
{
	if (!s)
		return;
	score_re_release(&s->re);
	re_free(s->order_by);
	re_free(s->ranked);
	re_free(s->extreme);
	free(s);
}

void score_result_init(struct score_result *r)
{
	memset(r, 0, sizeof(*r));
	sbuf_init(&r->labels);
	r->order_ok = -1;
}

void score_result_release(struct score_result *r)
{
	if (r)
		sbuf_release(&r->labels);
}

static void result_reset(struct score_result *r)
{
	sbuf_reset(&r->labels);
	r->score = r->recall = r->precision = r->f1 = 0;
	r->has_prf = false;
	r->order_ok = -1;
}

void score_status(const char *status, struct score_result *r)
{
	result_reset(r);
	sbuf_adds(&r->labels, "{\"status\":");
	json_add_str(&r->labels, status ? status : "missing");
	sbuf_addch(&r->labels, '}');
}

static int check_gold(const cJSON *gold, const cJSON **rows, size_t *ncols,
                      struct err *e)
{
	*rows = cJSON_GetObjectItemCaseSensitive(gold, "rows");
	if (!cJSON_IsArray(*rows))
		return err_set(e, ERR_INPUT, "gold has no \"rows\" array");
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(gold, "columns");
	const cJSON *row;
	*ncols = cJSON_IsArray(cols) ? (size_t)cJSON_GetArraySize(cols) : 0;
	cJSON_ArrayForEach(row, *rows)
	{
		if (!cJSON_IsArray(row))
			return err_set(e, ERR_INPUT,
			               "gold row is not an array");
		if (!*ncols)
			*ncols = (size_t)cJSON_GetArraySize(row);
	}
	return 0;
}

static void match_release(struct match *m)
{
	for (size_t i = 0; i < m->ng * m->ncols; i++)
		gcell_release(&m->gc[i]);
	free(m->gc);
	free(m->gcols);
	free(m->cnt);
	free(m->pred);
	free(m->used);
	free(m->label);
	free(m->moved);
	gold_hint_release(&m->hint);
}

/* Prepares the gold cells; true when any is a date (predicted cells then scan
 * dates). */
static bool prep_gold(struct scorer *s, struct match *m, const cJSON *rows)
{
	size_t ng = (size_t)cJSON_GetArraySize(rows), maxc = m->ncols;
	const cJSON *row;
	m->ng = ng < MATCH_MAX_GOLD ? ng : MATCH_MAX_GOLD;
	cJSON_ArrayForEach(row,
	                   rows) if ((size_t)cJSON_GetArraySize(row) > maxc)
	    maxc = (size_t)cJSON_GetArraySize(row);
	m->ncols = maxc ? maxc : 1;
	m->gc = xcalloc(m->ng * m->ncols, sizeof(*m->gc));
	m->gcols = xcalloc(m->ng + 1, sizeof(size_t));
	bool dates = false;
	size_t g = 0;
	cJSON_ArrayForEach(row, rows)
	{
		if (g == m->ng)
			break;
		size_t j = 0;
		const cJSON *v;
		cJSON_ArrayForEach(v, row)
		{
			gcell_init(&m->gc[g * m->ncols + j], &s->re, v);
			dates |= m->gc[g * m->ncols + j++].kind == GCELL_DATE;
		}
		m->gcols[g++] = j;
	}
	gold_hint_init(&m->hint, m->gc, m->ng, m->ncols, m->gcols);
	m->hint.dates = dates;
	return dates;
}

static unsigned row_count(struct scorer *s, struct match *m, size_t g,
                          const struct prow *p)
{
	unsigned k = 0;
	for (size_t j = 0; j < m->gcols[g]; j++)
		for (size_t c = 0; c < p->n; c++)
			if (cell_match(&m->gc[g * m->ncols + j], &p->cells[c],
			               s->o.tolerance)) {
				k++;
				break;
			}
	return k;
}

static bool is_exact(const struct match *m, size_t g, size_t p)
{
	return m->gcols[g] && m->cnt[g * m->np + p] == m->gcols[g];
}

/* A candidate (gold, predicted) pair for the second pass. */
struct cand {
	unsigned cnt;
	size_t g, p;
};

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->cnt != y->cnt)
		return x->cnt > y->cnt ? -1 : 1;
	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	return (x->p > y->p) - (x->p < y->p);
}

static int cmp_fewest(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->cnt != y->cnt)
		return x->cnt < y->cnt ? -1 : 1;
	return (x->g > y->g) - (x->g < y->g);
}

/* Remaining pairs by most cells matched, ties to the lowest indexes: one sort,
 * one walk. */
static void partial_pass(struct match *m)
{
	struct cand *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t g = 0; g < m->ng; g++)
		for (size_t p = 0; m->pred[g] < 0 && p < m->np; p++)
			if (!m->used[p] && m->cnt[g * m->np + p]) {
				xgrow(&v, &cap, n + 1, sizeof(*v));
				v[n++] =
				    (struct cand){m->cnt[g * m->np + p], g, p};
			}
	if (n)
		qsort(v, n, sizeof(*v), cmp_cand);
	for (size_t i = 0; i < n; i++) {
		if (m->pred[v[i].g] >= 0 || m->used[v[i].p])
			continue;
		m->pred[v[i].g] = (long)v[i].p, m->used[v[i].p] = true;
		m->label[v[i].g] =
		    is_exact(m, v[i].g, v[i].p) ? L_EXACT : L_PARTIAL;
	}
	free(v);
}

/*
 * Greedy assignment, exact matches first: gold rows with fewer exact
 * candidates choose first (so one predicted row does not steal the only
 * exact match of another gold row); then the remaining pairs by most cells
 * matched, ties to the lowest gold and predicted index.
 */
static void assign(struct match *m)
{
	/* gold rows with exact candidates, fewest candidates first (cnt holds
	 * the count) */
	struct cand *v = xcalloc(m->ng + 1, sizeof(*v));
	size_t n = 0;
	for (size_t g = 0; g < m->ng; g++) {
		unsigned k = 0;
		for (size_t p = 0; p < m->np; p++)
			k += is_exact(m, g, p);
		if (k)
			v[n++] = (struct cand){k, g, 0};
	}
	qsort(v, n, sizeof(*v), cmp_fewest);
	for (size_t i = 0; i < n; i++)
		for (size_t g = v[i].g, p = 0; p < m->np; p++)
			if (!m->used[p] && is_exact(m, g, p)) {
				m->pred[g] = (long)p, m->used[p] = true;
				m->label[g] = L_EXACT;
				break;
			}
	free(v);
	partial_pass(m);
}

/*
 * An answer that says nothing answers ("No wine scored 94 or more") names
 * no gold row: a number in it is the question's threshold or its "none".
 * So a gold row that has a text or a date earns nothing from it unless one
 * of those is in the row that matched.
 */
static void abstained(const struct scorer *s, struct match *m,
                      const struct answer *a)
{
	for (size_t g = 0; g < m->ng; g++) {
		if (m->pred[g] < 0)
			continue;
		const struct prow *p = &a->rows[m->pred[g]];
		bool nameable = false, named = false;
		for (size_t j = 0; j < m->gcols[g] && !named; j++) {
			const struct gcell *c = &m->gc[g * m->ncols + j];
			if (c->kind != GCELL_TEXT && c->kind != GCELL_DATE)
				continue;
			nameable = true;
			for (size_t k = 0; k < p->n && !named; k++)
				named = cell_match(c, &p->cells[k],
				                   s->o.tolerance);
		}
		if (nameable && !named) {
			m->used[m->pred[g]] = false;
			m->pred[g] = -1;
			m->label[g] = L_NONE;
		}
	}
}

/* True when predicted row p has no digit: an introduction or a header, not
 * an answer row. */
static bool no_digits(const struct prow *p)
{
	for (size_t c = 0; c < p->n; c++)
		if (strpbrk(p->cells[c].text, "0123456789"))
			return false;
	return true;
}

/*
 * A ranking answer gives each row a place: a gold row whose exact match
 * is at another place in the answer (counted from the first row that names
 * a gold value, or that has a digit) is Partial, as HoloBench's judge
 * labels it.
 */
static void positions(struct match *m, const struct answer *a)
{
	size_t first = 0;
	while (first < m->np && no_digits(&a->rows[first])) {
		bool hit = false;
		for (size_t g = 0; g < m->ng && !hit; g++)
			hit = m->cnt[g * m->np + first] > 0;
		if (hit)
			break;
		first++;
	}
	for (size_t g = 0; g < m->ng; g++)
		if (m->label[g] == L_EXACT && (size_t)m->pred[g] != first + g) {
			m->label[g] = L_PARTIAL;
			m->moved[g] = true;
		}
}

static const char *label_name(enum label l)
{
	return l == L_EXACT ? "exact" : l == L_PARTIAL ? "partial" : "none";
}

static void write_labels(const struct match *m, const struct answer *a,
                         size_t counted, struct score_result *r)
{
	struct sbuf *o = &r->labels;
	sbuf_adds(o, "{\"form\":");
	json_add_str(o, answer_form_name(a->form));
	sbuf_adds(o, a->none ? ",\"none\":true" : ",\"none\":false");
	if (a->seg_end > a->seg_start)
		sbuf_addf(o, ",\"segment\":[%zu,%zu]", a->seg_start,
		          a->seg_end);
	sbuf_adds(o, ",\"answer\":");
	answer_json(a, o);
	sbuf_adds(o, ",\"labels\":[");
	for (size_t g = 0; g < counted; g++) {
		sbuf_addf(o, "%s{\"gold\":%zu,\"label\":\"%s\",%s\"pred\":",
		          g ? "," : "", g, label_name(m->label[g]),
		          m->moved[g] ? "\"moved\":true," : "");
		if (m->pred[g] >= 0)
			sbuf_addf(o, "%ld}", m->pred[g]);
		else
			sbuf_adds(o, "null}");
	}
	sbuf_adds(o, "]}");
}

/* Matched gold rows appear in the predicted rows in gold order (at least one
 * matched). */
static int order_check(const struct match *m)
{
	long last = -1;
	size_t matched = 0;
	for (size_t g = 0; g < m->ng; g++) {
		if (m->pred[g] < 0)
			continue;
		if (m->pred[g] < last)
			return 0;
		last = m->pred[g];
		matched++;
	}
	return matched > 0;
}

static void metrics(struct scorer *s, const struct match *m,
                    const struct answer *a, size_t counted,
                    struct score_result *r)
{
	double got = 0, hit = 0;
	for (size_t g = 0; g < m->ng; g++) {
		double c = m->label[g] == L_EXACT     ? 1
		           : m->label[g] == L_PARTIAL ? s->o.partial_credit
		                                      : 0;
		hit += c;
		if (g < counted)
			got += c;
	}
	r->recall = counted ? got / (double)counted : 0;
	r->precision = a->n ? hit / (double)a->n : 0;
	r->f1 = r->recall + r->precision > 0
	            ? 2 * r->recall * r->precision / (r->recall + r->precision)
	            : 0;
	r->score = r->recall;
	/* sentences of prose are not rows: precision over them means nothing */
	r->has_prf = a->form != FORM_PROSE && a->form != FORM_FINAL_TEXT;
}

static void score_empty_gold(const struct answer *a, struct score_result *r)
{
	r->score = r->recall = r->precision = r->f1 = a->none ? 1 : 0;
	r->has_prf = true;
}

int scorer_check(const cJSON *gold, const cJSON *probe, struct err *e)
{
	const cJSON *rows;
	size_t ncols;
	if (check_gold(gold, &rows, &ncols, e) < 0)
		return -1;
	return probe && !cJSON_IsNull(probe) ? score_probe_check(gold, probe, e)
	                                     : 0;
}

int scorer_score(struct scorer *s, const cJSON *gold, const char *sql,
                 const cJSON *probe, const char *reply, struct score_result *r,
                 struct err *e)
{
	const cJSON *rows;
	struct match m = {0};
	struct answer a;
	size_t ov[2];
	result_reset(r);
	if (check_gold(gold, &rows, &m.ncols, e) < 0)
		return -1;
	if (probe && !cJSON_IsNull(probe))
		return score_probe(s, gold, probe, reply, r, e);
	prep_gold(s, &m, rows);
	m.hint.single = m.ng == 1 && sql &&
	                re_match(s->extreme, sql, strlen(sql), 0, ov, 1) > 0;
	answer_parse(&a, &s->re, reply, &m.hint);
	m.np = a.n < MATCH_MAX_PRED ? a.n : MATCH_MAX_PRED;
	m.cnt = xcalloc(m.ng * m.np + 1, sizeof(unsigned));
	m.pred = xmalloc((m.ng + 1) * sizeof(long));
	m.used = xcalloc(m.np + 1, sizeof(bool));
	m.label = xcalloc(m.ng + 1, sizeof(enum label));
	m.moved = xcalloc(m.ng + 1, sizeof(bool));
	for (size_t g = 0; g < m.ng; g++) {
		m.pred[g] = -1;
		for (size_t p = 0; p < m.np; p++)
			m.cnt[g * m.np + p] = row_count(s, &m, g, &a.rows[p]);
	}
	size_t counted = m.ng;
	if (s->o.max_gold > 0 && counted > (size_t)s->o.max_gold)
		counted = (size_t)s->o.max_gold;
	if (!m.ng) {
		score_empty_gold(&a, r);
	} else {
		assign(&m);
		if (a.none)
			abstained(s, &m, &a);
		/* one row has no place to be out of */
		if (sql && m.ng >= 2 &&
		    re_match(s->ranked, sql, strlen(sql), 0, ov, 1) > 0)
			positions(&m, &a);
		metrics(s, &m, &a, counted, r);
		if (sql &&
		    re_match(s->order_by, sql, strlen(sql), 0, ov, 1) > 0)
			r->order_ok = order_check(&m);
	}
	write_labels(&m, &a, counted, r);
	answer_release(&a);
	match_release(&m);
	return 0;
}

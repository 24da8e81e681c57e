/* Paired comparison: pairs instances by id and reuses report grouping on
 * per-instance differences. */
#include "report/report_compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "report/stats.h"

static int cmp_id(const void *a, const void *b)
{
	const struct rep_inst *x = *(const struct rep_inst *const *)a;
	const struct rep_inst *y = *(const struct rep_inst *const *)b;
	return strcmp(x->id, y->id);
}

static const struct rep_inst **sorted(const struct rep_run *run)
{
	const struct rep_inst **v = xmalloc((run->n + 1) * sizeof(*v));
	for (size_t i = 0; i < run->n; i++)
		v[i] = &run->v[i];
	qsort(v, run->n, sizeof(*v), cmp_id);
	return v;
}

static bool listed(const struct strlist *ids, const char *id)
{
	for (size_t i = 0; i < ids->n; i++)
		if (!strcmp(ids->v[i], id))
			return true;
	return false;
}

static void one_run(struct report *o, const struct report *r, size_t cap,
                    const char *label)
{
	report_init(o);
	o->boot = r->boot;
	o->seed = r->seed;
	o->nruns = 1;
	o->runs = xcalloc(1, sizeof(*o->runs));
	o->runs[0].v = xcalloc(cap + 1, sizeof(struct rep_inst));
	o->runs[0].label = xstrdup(label);
	o->runs[0].path = xstrdup("");
}

/* Appends a shallow copy of x (keys shared with r) with score s. */
static void push(struct report *o, const struct rep_inst *x, double s)
{
	struct rep_inst *y = &o->runs[0].v[o->runs[0].n++];
	*y = *x;
	y->score = s;
}

static double zero_nan(double v)
{
	return isnan(v) ? 0 : v;
}

static int check_ids(const struct cmp *c, const struct strlist *ids,
                     struct err *e)
{
	if (ids && c->diff.runs[0].n != ids->n)
		return err_set(e, ERR_USAGE,
		               "%zu of the %zu listed ids are not in both runs",
		               ids->n - c->diff.runs[0].n, ids->n);
	return 0;
}

int cmp_pair(struct cmp *c, const struct report *r, bool intersection,
             const struct strlist *ids, struct err *e)
{
	const struct rep_run *a = &r->runs[0], *b = &r->runs[1];
	const struct rep_inst **va = sorted(a), **vb = sorted(b);
	size_t i = 0, j = 0, cap = a->n < b->n ? a->n : b->n;
	memset(c, 0, sizeof(*c));
	one_run(&c->diff, r, cap, "diff");
	one_run(&c->base, r, cap, a->label);
	one_run(&c->new_, r, cap, b->label);
	while (i < a->n || j < b->n) {
		int k = i == a->n   ? 1
		        : j == b->n ? -1
		                    : strcmp(va[i]->id, vb[j]->id);
		if (k) {
			*(k < 0 ? &c->only_base : &c->only_new) += 1;
			k < 0 ? i++ : j++;
			continue;
		}
		const struct rep_inst *x = va[i++], *y = vb[j++];
		if (ids && !listed(ids, x->id))
			continue;
		if (x->content != y->content && !c->differ++)
			c->differ_id = x->id;
		c->unscored += isnan(x->score) || isnan(y->score);
		double sx = zero_nan(x->score), sy = zero_nan(y->score);
		push(&c->base, x, sx);
		push(&c->new_, x, sy);
		push(&c->diff, x, sy - sx);
	}
	free(va);
	free(vb);
	if (!ids && !intersection && (c->only_base || c->only_new))
		return err_set(
		    e, ERR_USAGE,
		    "the runs hold different instances (%zu only in base, "
		    "%zu only in new); pass --subset intersection or "
		    "--subset FILE to choose",
		    c->only_base, c->only_new);
	if (check_ids(c, ids, e) < 0)
		return -1;
	if (c->differ)
		return err_set(
		    e, ERR_USAGE,
		    "%zu instances have the same id but ask something else in "
		    "the two runs (first: '%s'): the runs come from different "
		    "instances files; compare runs of one file",
		    c->differ, c->differ_id);
	if (!c->diff.runs[0].n)
		return err_set(e, ERR_INPUT,
		               "the runs have no instance in common");
	return 0;
}

static void release_one(struct report *o)
{
	if (!o->runs)
		return;
	free(o->runs[0]
	         .v); /* shallow copies: keys belong to the loaded report */
	o->runs[0].v = NULL;
	o->runs[0].n = 0;
	report_release(o);
}

void cmp_release(struct cmp *c)
{
	release_one(&c->diff);
	release_one(&c->base);
	release_one(&c->new_);
}

/* Counts of differences below and above zero in groups g (boot 0: means only).
 */
static struct rep_group *groups_of(const struct report *r, int d, size_t *n)
{
	if (d >= 0)
		return report_groups(r, (enum rep_dim)d, n);
	struct rep_group *g = xcalloc(1, sizeof(*g));
	report_overall(r, 0, g);
	*n = 1;
	return g;
}

static void signs(const struct cmp *c, int d, struct cmp_row *rows, size_t n)
{
	struct report s = c->diff;
	struct rep_run run = c->diff.runs[0];
	run.v = xmalloc((run.n + 1) * sizeof(*run.v));
	s.runs = &run;
	s.boot = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < run.n; i++) {
			run.v[i] = c->diff.runs[0].v[i];
			double v = run.v[i].score;
			run.v[i].score = pass ? v > 1e-12 : v < -1e-12;
		}
		size_t m;
		struct rep_group *g = groups_of(&s, d, &m);
		for (size_t i = 0; i < m && i < n; i++)
			*(pass ? &rows[i].better : &rows[i].worse) =
			    lround(g[i].mean * (double)g[i].n);
		if (d >= 0)
			report_groups_free(g, m);
		else
			free(g);
	}
	free(run.v);
}

struct cmp_row *cmp_rows(const struct cmp *c, int d, size_t *n)
{
	size_t nb, nn;
	struct rep_group *g = groups_of(&c->diff, d, n);
	struct report b = c->base, w = c->new_;
	b.boot = w.boot = 0;
	struct rep_group *gb = groups_of(&b, d, &nb),
	                 *gn = groups_of(&w, d, &nn);
	struct cmp_row *rows = xcalloc(*n + 1, sizeof(*rows));
	for (size_t i = 0; i < *n; i++) {
		rows[i].key = d >= 0 ? xstrdup(g[i].key) : NULL;
		rows[i].n = g[i].n;
		rows[i].diff = g[i].mean, rows[i].lo = g[i].lo,
		rows[i].hi = g[i].hi;
		rows[i].base = gb[i].mean, rows[i].new_ = gn[i].mean;
	}
	signs(c, d, rows, *n);
	for (size_t i = 0; i < *n; i++)
		rows[i].p = stats_sign_p(rows[i].better, rows[i].worse);
	if (d >= 0) {
		report_groups_free(g, *n);
		report_groups_free(gb, nb);
		report_groups_free(gn, nn);
	} else {
		free(g);
		free(gb);
		free(gn);
	}
	return rows;
}

void cmp_rows_free(struct cmp_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].key);
	free(rows);
}

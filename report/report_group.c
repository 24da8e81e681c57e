/* Report grouping: instances by a dimension's key, with mean, bootstrap
 * interval and status counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/sbuf.h"
#include "common/xalloc.h"
#include "report/report.h"
#include "report/stats.h"

/* One (key, instance) pair; an instance of several types gives several. */
struct pair {
	char *key;   /* "k1" or "k1\x1fk2" */
	size_t len1; /* length of k1 */
	double num1, num2;
	size_t run;
	const struct rep_inst *x;
};

static double key_num(const char *k, size_t n)
{
	char buf[64], *end;
	const char *s = k;
	while (n && (s[0] < '0' || s[0] > '9') && s[0] != '-' && s[0] != '.')
		s++, n--; /* "A=2048" sorts by 2048 */
	if (!n || n >= sizeof(buf))
		return NAN;
	memcpy(buf, s, n);
	buf[n] = 0;
	double v = strtod(buf, &end);
	return end != buf && !*end ? v : NAN;
}

/* Numbers in numeric order when both parts are numbers with the same prefix
 * letter. */
static int cmp_part(const char *a, size_t na, double xa, const char *b,
                    size_t nb, double xb)
{
	if (!isnan(xa) && !isnan(xb) && xa != xb &&
	    (a[0] == b[0] || (na && nb && a[0] >= '-' && a[0] <= '9' &&
	                      b[0] >= '-' && b[0] <= '9')))
		return xa < xb ? -1 : 1;
	int c = strncmp(a, b, na < nb ? na : nb);
	return c ? c : (na > nb) - (na < nb);
}

static int cmp_pair(const void *pa, const void *pb)
{
	const struct pair *x = pa, *y = pb;
	int c = cmp_part(x->key, x->len1, x->num1, y->key, y->len1, y->num1);
	if (c)
		return c;
	const char *k2x = x->key + x->len1, *k2y = y->key + y->len1;
	if ((c = cmp_part(k2x, strlen(k2x), x->num2, k2y, strlen(k2y),
	                  y->num2)))
		return c;
	return (x->run > y->run) - (x->run < y->run);
}

static void add_pair(struct pair **v, size_t *n, size_t *cap, const char *k1,
                     size_t len, const char *k2, size_t run,
                     const struct rep_inst *x)
{
	xgrow(v, cap, *n + 1, sizeof(**v));
	struct pair *p = &(*v)[(*n)++];
	struct sbuf b = SBUF_INIT;
	sbuf_add(&b, k1, len);
	if (k2) {
		sbuf_addch(&b, '\x1f');
		sbuf_adds(&b, k2);
	}
	p->key = sbuf_detach(&b);
	p->len1 = len;
	p->num1 = key_num(k1, len);
	p->num2 = k2 ? key_num(k2, strlen(k2)) : NAN;
	p->run = run;
	p->x = x;
}

static struct pair *make_pairs(const struct report *r, enum rep_dim d, int d2,
                               size_t *n)
{
	struct pair *v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t i = 0; i < r->nruns; i++)
		for (size_t j = 0; j < r->runs[i].n; j++) {
			const struct rep_inst *x = &r->runs[i].v[j];
			const char *k = x->keys[d], *comma;
			const char *k2 = d2 >= 0 ? x->keys[d2] : NULL;
			while (d == D_TYPE && (comma = strchr(k, ','))) {
				add_pair(&v, n, &cap, k, (size_t)(comma - k),
				         k2, i, x);
				k = comma + 1;
			}
			add_pair(&v, n, &cap, k, strlen(k), k2, i, x);
		}
	if (*n) /* qsort must not be given NULL, even for no elements */
		qsort(v, *n, sizeof(*v), cmp_pair);
	return v;
}

/* Fills g from the instances xs[0..n) (all of one run and key). */
static void summarize(const struct report *r, const struct rep_inst **xs,
                      size_t n, const char *label, struct rep_group *g)
{
	double *s = xmalloc((n + 1) * sizeof(double));
	double floor = 0, empty = 0;
	memset(g->st, 0, sizeof(g->st));
	g->n = 0;
	for (size_t i = 0; i < n; i++) {
		g->st[xs[i]->status]++;
		if (isnan(xs[i]->score))
			continue;
		s[g->n++] = xs[i]->score;
		floor += isnan(xs[i]->floor) ? 0 : xs[i]->floor;
		empty += xs[i]->empty;
	}
	g->mean = stats_mean(s, g->n);
	g->floor = g->n ? floor / (double)g->n : NAN;
	g->empty = g->n ? empty / (double)g->n : NAN;
	stats_boot_ci(s, g->n, r->boot, r->seed, label, 0.95, &g->lo, &g->hi);
	free(s);
}

struct rep_group *report_groups2(const struct report *r, enum rep_dim d, int d2,
                                 size_t *ng)
{
	size_t np, cap = 0;
	struct pair *p = make_pairs(r, d, d2, &np);
	struct rep_group *g = NULL;
	const struct rep_inst **xs = xmalloc((np + 1) * sizeof(*xs));
	struct sbuf label = SBUF_INIT;
	*ng = 0;
	for (size_t i = 0, j; i < np; i = j) {
		size_t k = 0;
		for (j = i; j < np && p[j].run == p[i].run &&
		            !strcmp(p[j].key, p[i].key);
		     j++)
			xs[k++] = p[j].x;
		xgrow(&g, &cap, *ng + 1, sizeof(*g));
		struct rep_group *x = &g[(*ng)++];
		x->key = xstrdup(p[i].key);
		x->sortnum = p[i].num1;
		x->run = p[i].run;
		sbuf_reset(&label);
		sbuf_addf(&label, "%s/%s", rep_dim_name(d), x->key);
		summarize(r, xs, k, label.buf, x);
	}
	for (size_t i = 0; i < np; i++)
		free(p[i].key);
	free(p);
	free(xs);
	sbuf_release(&label);
	return g;
}

struct rep_group *report_groups(const struct report *r, enum rep_dim d,
                                size_t *ng)
{
	return report_groups2(r, d, -1, ng);
}

void report_groups_free(struct rep_group *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(g[i].key);
	free(g);
}

void report_overall(const struct report *r, size_t i, struct rep_group *g)
{
	const struct rep_run *run = &r->runs[i];
	const struct rep_inst **xs = xmalloc((run->n + 1) * sizeof(*xs));
	for (size_t j = 0; j < run->n; j++)
		xs[j] = &run->v[j];
	memset(g, 0, sizeof(*g));
	g->run = i;
	g->sortnum = NAN;
	summarize(r, xs, run->n, "all", g);
	free(xs);
}

bool report_probe_summary(const struct report *r, size_t run, const char *task,
                          double *avg, double *gap, size_t *bins)
{
	size_t ng;
	struct report one = *r;
	struct rep_run sub = r->runs[run];
	sub.v = xmalloc((sub.n + 1) * sizeof(*sub.v));
	sub.n = 0;
	for (size_t i = 0; i < r->runs[run].n; i++) {
		const struct rep_inst *x = &r->runs[run].v[i];
		if (!isnan(x->depth) &&
		    (!task || !strcmp(x->keys[D_TASK], task)))
			sub.v[sub.n++] = *x;
	}
	one.runs = &sub;
	one.nruns = 1;
	one.boot = 0; /* only the bin means are needed */
	struct rep_group *g = report_groups(&one, D_DEPTH, &ng);
	double lo = INFINITY, hi = -INFINITY, sum = 0;
	size_t k = 0;
	for (size_t i = 0; i < ng; i++) {
		if (!g[i].n)
			continue;
		lo = fmin(lo, g[i].mean), hi = fmax(hi, g[i].mean);
		sum += g[i].mean, k++;
	}
	*avg = k ? sum / (double)k : NAN;
	*gap = k ? hi - lo : NAN;
	*bins = k;
	report_groups_free(g, ng);
	free(sub.v);
	return k > 0;
}

struct rep_probe_row *report_probe_rows(const struct report *r, bool all,
                                        size_t *n)
{
	size_t nt;
	struct rep_group *t = report_groups(r, D_TASK, &nt);
	struct rep_probe_row *rows = xmalloc((nt + r->nruns + 1) * sizeof(*rows));
	*n = 0;
	for (size_t i = 0; i < nt + (all ? r->nruns : 0); i++) {
		struct rep_probe_row *x = &rows[*n];
		const char *task = i < nt ? t[i].key : NULL;
		x->run = i < nt ? t[i].run : i - nt;
		if ((task && !strcmp(task, "-")) ||
		    !report_probe_summary(r, x->run, task, &x->avg, &x->gap,
		                          &x->bins))
			continue;
		x->task = task ? xstrdup(task) : NULL;
		(*n)++;
	}
	report_groups_free(t, nt);
	return rows;
}

void report_probe_rows_free(struct rep_probe_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].task);
	free(rows);
}

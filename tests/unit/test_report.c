/* Tests of report grouping: key order, types split into groups, intervals,
 * probe Avg and Gap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/xalloc.h"
#include "common/sbuf.h"
#include "report/report.h"
#include "report/report_svg.h"

/* A one-run report of n instances; keys[d] and scores filled by the caller. */
static void make(struct report *r, size_t n)
{
	report_init(r);
	r->nruns = 1;
	r->runs = xcalloc(1, sizeof(*r->runs));
	r->runs[0].label = xstrdup("m");
	r->runs[0].path = xstrdup("m.db");
	r->runs[0].v = xcalloc(n, sizeof(struct rep_inst));
	r->runs[0].n = n;
	for (size_t i = 0; i < n; i++) {
		struct rep_inst *x = &r->runs[0].v[i];
		x->id = xstrdup("x");
		for (int d = 0; d < D_N; d++)
			x->keys[d] = xstrdup("-");
		x->depth = NAN;
		x->judge = NAN;
	}
}

static void set(struct report *r, size_t i, enum rep_dim d, const char *k)
{
	free(r->runs[0].v[i].keys[d]);
	r->runs[0].v[i].keys[d] = xstrdup(k);
}

TEST(numeric_key_order)
{
	struct report r;
	const char *len[] = {"16384", "4096", "1024", "4096"};
	size_t n;
	make(&r, 4);
	for (size_t i = 0; i < 4; i++) {
		set(&r, i, D_LENGTH, len[i]);
		r.runs[0].v[i].score = (double)i / 4;
	}
	struct rep_group *g = report_groups(&r, D_LENGTH, &n);
	CHECK(n == 3);
	CHECK_STR(g[0].key, "1024");
	CHECK_STR(g[1].key, "4096");
	CHECK_STR(g[2].key, "16384");
	CHECK(g[1].n == 2 && fabs(g[1].mean - 0.5) < 1e-12);
	CHECK(g[1].lo <= g[1].mean && g[1].hi >= g[1].mean);
	report_groups_free(g, n);
	report_release(&r);
}

TEST(types_split_and_statuses)
{
	struct report r;
	size_t n;
	make(&r, 3);
	set(&r, 0, D_TYPE, "Join,Ranking");
	set(&r, 1, D_TYPE, "Ranking");
	set(&r, 2, D_TYPE, "Join");
	r.runs[0].v[0].score = 1;
	r.runs[0].v[1].score = 0;
	r.runs[0].v[1].status = RS_LENGTH;
	r.runs[0].v[2].score = NAN; /* no reply: counted, not averaged */
	r.runs[0].v[2].status = RS_MISSING;
	struct rep_group *g = report_groups(&r, D_TYPE, &n);
	CHECK(n == 2);
	CHECK_STR(g[0].key, "Join");
	CHECK(g[0].n == 1 && g[0].mean == 1 && g[0].st[RS_MISSING] == 1);
	CHECK_STR(g[1].key, "Ranking");
	CHECK(g[1].n == 2 && g[1].mean == 0.5 && g[1].st[RS_LENGTH] == 1);
	report_groups_free(g, n);
	report_release(&r);
}

TEST(probe_avg_gap)
{
	struct report r;
	double avg, gap, s[] = {1, 1, 0, 0.5, 1, 1};
	const char *dk[] = {"0", "0", "0.5", "0.5", "1", "1"};
	size_t bins;
	make(&r, 6);
	for (size_t i = 0; i < 6; i++) {
		set(&r, i, D_DEPTH, dk[i]);
		set(&r, i, D_TASK, "kv");
		r.runs[0].v[i].depth = strtod(dk[i], NULL);
		r.runs[0].v[i].score = s[i];
	}
	CHECK(report_probe_summary(&r, 0, "kv", &avg, &gap, &bins));
	CHECK(bins == 3);
	CHECK(fabs(avg - (1 + 0.25 + 1) / 3) < 1e-12);
	CHECK(fabs(gap - 0.75) < 1e-12);
	CHECK(!report_probe_summary(&r, 0, "entity", &avg, &gap, &bins));
	report_release(&r);
}

TEST(dim_names)
{
	CHECK(rep_dim_parse("placement") == D_PLACEMENT);
	CHECK(rep_dim_parse("density") == D_INFO);
	CHECK(rep_dim_parse("types") == D_TYPE);
	CHECK(rep_dim_parse("colour") == -1);
	CHECK_STR(rep_status_name(RS_MISSING), "no_reply");
}

/* Labels in the HTML report: long decimals cut for people, the rest kept. */
static void label(const char *in, const char *want)
{
	struct sbuf o = SBUF_INIT;
	label_esc(&o, in, (size_t)-1);
	if (strcmp(o.buf, want))
		fprintf(stderr, "label '%s': got '%s', want '%s'\n", in, o.buf,
		        want);
	CHECK(!strcmp(o.buf, want));
	sbuf_release(&o);
}

TEST(labels_for_people)
{
	label("0.16666666666666666", "0.167");
	label("depth=0.3333333333333333", "depth=0.333");
	label("d=0.0625", "d=0.0625");
	label("d=0.123456", "d=0.123");
	label("0.5", "0.5");
	label("8192", "8192");
	label("L8192 \x1f A=2048", "L8192  \xc2\xb7  A=2048");
	label("v1.2.3456", "v1.2.3456");
	label("a<b 0.99999999", "a&lt;b 1");
	label("1234.56789", "1235");
}

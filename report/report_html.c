/* The HTML report: one self-contained page with inline SVG charts, tables and
 * the worst instances. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "report/report.h"
#include "report/report_svg.h"
#include "report/view.h"

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "margin:0;background:#f5f6f8;color:#1d2330}"
    "main{max-width:1180px;margin:0 auto;padding:24px}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:30px 0 10px}"
    ".sub{color:#5b6475;margin:0 0 18px}"
    ".card{background:#fff;border:1px solid #e1e4ea;border-radius:8px;"
    "padding:14px 16px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.04)}"
    ".grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,"
    "1fr));gap:16px}"
    "svg.chart{width:100%;max-width:780px;height:auto;display:block;margin:0 "
    "auto}"
    "svg .ct{font-size:17px;font-weight:600;fill:#1d2330}"
    "svg .ax{font-size:14px;fill:#5b6475}svg .lg{font-size:14px;fill:#1d2330}"
    "svg .hv{font-size:14px;fill:#111}"
    "svg .grid{stroke:#e6e8ee;stroke-width:1}svg .ln{stroke-width:2.5}"
    "svg .wh{stroke-width:1.4;fill:none;opacity:.8}"
    "svg .fl{stroke-width:1.6;stroke-dasharray:5 4;fill:none;opacity:.75}"
    "table{border-collapse:collapse;width:100%;font-size:13px}"
    "th,td{padding:5px 8px;border-bottom:1px solid "
    "#eceef2;text-align:left;vertical-align:top}"
    "th{background:#fafbfc;font-weight:600}td.n{text-align:right;font-variant-"
    "numeric:tabular-nums}"
    "pre{white-space:pre-wrap;word-break:break-word;margin:0;max-height:180px;"
    "overflow:auto;font-size:12px;background:#f7f7f9;padding:6px;border-radius:"
    "4px}"
    ".lab{font-size:12px;color:#5b6475}"
    "mark{background:#ffe58a;padding:0 1px}";

static void page_head(struct sbuf *o, const struct report *r)
{
	sbuf_adds(
	    o,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width\">"
	    "<title>ctxbench report</title><style>");
	sbuf_adds(o, css);
	sbuf_adds(o, "</style></head><body><main><h1>ctxbench report</h1><p "
	             "class=\"sub\">");
	for (size_t i = 0; i < r->nruns; i++) {
		sbuf_adds(o, i ? ", " : "");
		html_esc(o, r->runs[i].label, (size_t)-1);
	}
	sbuf_adds(
	    o,
	    " &middot; mean score with 95% bootstrap intervals over the "
	    "instances that have a reply; replies that did not arrive whole "
	    "count 0, instances not sent yet are left out (no_reply). The "
	    "floor (dashed in the charts) is what always answering that "
	    "nothing matches scores on the same instances: a mean near it "
	    "is no skill</p>\n");
}

static void num_cell(struct sbuf *o, double v)
{
	if (isnan(v))
		sbuf_adds(o, "<td class=\"n\">-</td>");
	else
		sbuf_addf(o, "<td class=\"n\">%.3f</td>", v);
}

static void runs_table(struct sbuf *o, const struct report *r)
{
	sbuf_adds(
	    o, "<div class=\"card\"><table><tr><th>run</th><th>file</th>"
	       "<th>instances</th><th>scored</th><th>mean</th><th>95% CI</th>"
	       "<th>floor</th><th>empty golds</th>");
	for (int s = 0; s < RS_N; s++)
		sbuf_addf(o, "<th>%s</th>", rep_status_name(s));
	sbuf_adds(o, "</tr>");
	for (size_t i = 0; i < r->nruns; i++) {
		struct rep_group g;
		report_overall(r, i, &g);
		sbuf_adds(o, "<tr><td>");
		html_esc(o, r->runs[i].label, (size_t)-1);
		sbuf_adds(o, "</td><td>");
		html_esc(o, report_run_name(r, i), (size_t)-1);
		sbuf_addf(
		    o, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>",
		    r->runs[i].n, g.n);
		num_cell(o, g.mean);
		sbuf_addf(o, "<td class=\"n\">[%.3f, %.3f]</td>", g.lo, g.hi);
		num_cell(o, g.floor);
		num_cell(o, g.empty);
		for (int s = 0; s < RS_N; s++)
			sbuf_addf(o, "<td class=\"n\">%ld</td>", g.st[s]);
		sbuf_adds(o, "</tr>");
	}
	sbuf_adds(o, "</table></div>\n");
	for (size_t i = 0; i < r->nruns; i++) {
		size_t n;
		double j, d, a;
		if (!report_judge(r, i, &n, &j, &d, &a))
			continue;
		sbuf_adds(o, "<p class=\"sub\">");
		html_esc(o, r->runs[i].label, (size_t)-1);
		sbuf_adds(o, ": LLM judge ");
		html_esc(o, r->runs[i].judge + 6, (size_t)-1);
		sbuf_addf(
		    o,
		    " mean %.3f vs deterministic %.3f over %zu instances; "
		    "agreement %.3f</p>\n",
		    j, d, n, a);
	}
}

enum kind { K_LINES, K_BARS, K_HEAT };

/* A view of r holding only query instances (task NULL) or the probes of task.
 * Free with subset_free. */
static void subset(const struct report *r, struct report *out, const char *task)
{
	*out = *r;
	out->runs = xcalloc(r->nruns + 1, sizeof(*out->runs));
	for (size_t k = 0; k < r->nruns; k++) {
		struct rep_run *sub = &out->runs[k];
		*sub = r->runs[k];
		sub->v = xmalloc((r->runs[k].n + 1) * sizeof(*sub->v));
		sub->n = 0;
		for (size_t j = 0; j < r->runs[k].n; j++) {
			const struct rep_inst *x = &r->runs[k].v[j];
			if (task ? !strcmp(x->keys[D_TASK], task)
			         : isnan(x->depth))
				sub->v[sub->n++] = *x;
		}
	}
}

static void subset_free(struct report *s)
{
	for (size_t k = 0; k < s->nruns; k++)
		free(s->runs[k].v);
	free(s->runs);
}

/* One chart card from dimension d (and d2 < 0 or a second dimension). */
static void chart_card(struct sbuf *o, const struct report *r, enum rep_dim d,
                       int d2, enum kind k, const char *title)
{
	size_t n;
	struct rep_group *g = report_groups2(r, d, d2, &n);
	struct chart c;
	chart_from_groups(&c, r, g, n);
	if (k != K_LINES || d != D_DEPTH)
		c.numeric_x = false; /* lengths read best evenly spaced */
	sbuf_adds(o, "<div class=\"card\">");
	if (k == K_LINES)
		svg_lines(o, &c, title, rep_dim_name(d));
	else if (k == K_BARS)
		svg_bars(o, &c, title, rep_dim_name(d));
	else
		svg_heatmap(o, &c, title, rep_dim_name(d));
	sbuf_adds(o, "</div>\n");
	chart_release(&c);
	report_groups_free(g, n);
}

static void heatmaps(struct sbuf *o, const struct report *r)
{
	struct report one = *r;
	for (size_t i = 0; i < r->nruns; i++) {
		struct sbuf t = SBUF_INIT;
		sbuf_addf(&t, "Length x placement: %s", r->runs[i].label);
		one.runs = &r->runs[i];
		one.nruns = 1;
		chart_card(o, &one, D_LENGTH, D_PLACEMENT, K_HEAT, t.buf);
		sbuf_release(&t);
	}
}

static void charts(struct sbuf *o, const struct report *all)
{
	struct report q, *r = &q;
	subset(all, &q, NULL);
	bool len = report_has(r, D_LENGTH), pl = report_has(r, D_PLACEMENT);
	sbuf_adds(o, "<h2>Charts</h2><div class=\"grid2\">\n");
	if (len)
		chart_card(o, r, D_LENGTH, report_has(r, D_INFO) ? D_INFO : -1,
		           K_LINES,
		           "Score vs context length, per information setting");
	if (pl)
		chart_card(o, r, D_PLACEMENT, -1, K_BARS, "Score by placement");
	if (report_has(r, D_TYPE))
		chart_card(o, r, D_TYPE, -1, K_BARS, "Score by query type");
	if (report_has(r, D_DIFFICULTY))
		chart_card(o, r, D_DIFFICULTY, -1, K_BARS,
		           "Score by difficulty");
	if (len && pl)
		heatmaps(o, r);
	sbuf_adds(o, "</div>\n");
	subset_free(&q);
}

static void probes(struct sbuf *o, const struct report *r)
{
	size_t n;
	struct rep_group *t = report_groups(r, D_TASK, &n);
	sbuf_adds(o, "<h2>Position probes</h2><div class=\"grid2\">\n");
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(t[i].key, "-") ||
		    (i && !strcmp(t[i - 1].key, t[i].key)))
			continue;
		struct report one;
		struct sbuf title = SBUF_INIT;
		subset(r, &one, t[i].key);
		sbuf_addf(&title, "Position curve: %s (Avg, Gap below)",
		          t[i].key);
		chart_card(o, &one, D_DEPTH, -1, K_LINES, title.buf);
		sbuf_release(&title);
		subset_free(&one);
	}
	sbuf_adds(
	    o, "</div><div class=\"card\"><table><tr><th>task</th><th>run</th>"
	       "<th>Avg</th><th>Gap</th><th>bins</th></tr>");
	size_t nrows;
	struct rep_probe_row *rows = report_probe_rows(r, true, &nrows);
	for (size_t i = 0; i < nrows; i++) {
		sbuf_adds(o, "<tr><td>");
		html_esc(o, rows[i].task ? rows[i].task : "all", (size_t)-1);
		sbuf_adds(o, "</td><td>");
		html_esc(o, r->runs[rows[i].run].label, (size_t)-1);
		sbuf_adds(o, "</td>");
		num_cell(o, rows[i].avg);
		num_cell(o, rows[i].gap);
		sbuf_addf(o, "<td class=\"n\">%zu</td></tr>", rows[i].bins);
	}
	report_probe_rows_free(rows, nrows);
	sbuf_adds(o, "</table></div>\n");
	report_groups_free(t, n);
}

static void dim_table(struct sbuf *o, const struct report *r, enum rep_dim d)
{
	size_t n;
	struct rep_group *g = report_groups(r, d, &n);
	sbuf_addf(o, "<div class=\"card\"><table><tr><th>%s</th>",
	          rep_dim_name(d));
	for (size_t i = 0; i < r->nruns; i++) {
		sbuf_adds(o, "<th>");
		html_esc(o, r->runs[i].label, (size_t)-1);
		sbuf_adds(o, "</th>");
	}
	sbuf_adds(o, "</tr>");
	for (size_t i = 0; i < n;) {
		const char *key = g[i].key;
		sbuf_adds(o, "<tr><td>");
		label_esc(o, key, (size_t)-1);
		sbuf_adds(o, "</td>");
		for (size_t run = 0; run < r->nruns; run++) {
			if (i < n && g[i].run == run &&
			    !strcmp(g[i].key, key)) {
				sbuf_addf(
				    o,
				    "<td class=\"n\">%.3f <span class=\"lab\">"
				    "[%.3f, %.3f] n=%zu, floor %.3f</span></td>",
				    g[i].mean, g[i].lo, g[i].hi, g[i].n,
				    g[i].floor);
				i++;
			} else {
				sbuf_adds(o, "<td class=\"n\">-</td>");
			}
		}
		sbuf_adds(o, "</tr>");
	}
	sbuf_adds(o, "</table></div>\n");
	report_groups_free(g, n);
}

/* The lowest det scores below 1 first, the earlier instance first among
 * equals (the instances are in file order). */
static int by_score(const void *a, const void *b)
{
	const struct rep_inst *x = *(const struct rep_inst *const *)a;
	const struct rep_inst *y = *(const struct rep_inst *const *)b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return (x > y) - (x < y);
}

/* Up to n of run's worst instances, into v; returns how many. */
static size_t pick_worst(const struct rep_run *run, const struct rep_inst **v,
                         size_t n)
{
	const struct rep_inst **all = xmalloc((run->n + 1) * sizeof(*all));
	size_t k = 0;
	for (size_t i = 0; i < run->n; i++)
		if (!isnan(run->v[i].score) && run->v[i].score < 1)
			all[k++] = &run->v[i];
	qsort(all, k, sizeof(*all), by_score);
	k = k < n ? k : n;
	memcpy(v, all, k * sizeof(*v));
	free(all);
	return k;
}

/* One worst instance: a row of the table (linking to its view), and its
 * view (ctxbench show's, as HTML) in cards, read from its own file. */
static int worst_one(struct sbuf *o, struct sbuf *cards,
                     const struct rep_run *run, size_t ri, size_t k,
                     const struct rep_inst *x, struct err *e)
{
	const char *path = run->nfiles ? run->files[x->file] : run->path;
	sqlite3 *db = NULL;
	struct view v;
	int got = -1;
	memset(&v, 0, sizeof(v));
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL))
		err_set(e, ERR_DB, "'%s': %s", path, sqlite3_errmsg(db));
	else if ((got = view_load(&v, db, path, x->id, e)) == 1)
		err_set(e, ERR_DB, "'%s': instance '%s' changed while read",
		        path, x->id);
	if (!got) {
		sbuf_addf(o, "<tr><td><a href=\"#v%zu-%zu\">", ri, k);
		html_esc(o, v.id, (size_t)-1);
		sbuf_adds(o, "</a></td>");
		num_cell(o, v.score);
		sbuf_adds(o, "<td>");
		html_esc(o, v.status ? v.status : "", (size_t)-1);
		sbuf_adds(o, "</td><td>");
		html_esc(o, v.question ? v.question : "", 300);
		sbuf_adds(o, "</td></tr>");
		sbuf_addf(cards, "<div class=\"card\" id=\"v%zu-%zu\">", ri, k);
		view_html(&v, cards);
		sbuf_adds(cards, "</div>\n");
	}
	view_release(&v);
	sqlite3_close(db);
	return got ? -1 : 0;
}

/* The worst instances of run ri: a table, then each one's view. */
static int worst(struct sbuf *o, const struct rep_run *run, size_t ri,
                 struct err *e)
{
	const struct rep_inst *v[10];
	struct sbuf cards = SBUF_INIT;
	size_t n = pick_worst(run, v, 10);
	int rc = 0;
	sbuf_adds(o, "<h3>");
	html_esc(o, run->label, (size_t)-1);
	sbuf_adds(o, "</h3><div class=\"card\"><table><tr><th>instance</th>"
	             "<th>score</th><th>status</th><th>question</th></tr>");
	for (size_t i = 0; i < n && !rc; i++)
		rc = worst_one(o, &cards, run, ri, i, v[i], e);
	if (!n)
		sbuf_adds(o, "<tr><td colspan=\"4\">every scored instance has "
		             "full marks</td></tr>");
	sbuf_adds(o, "</table></div>\n");
	sbuf_add(o, cards.buf, cards.len);
	sbuf_release(&cards);
	return rc;
}

/* Marks the page so a headless browser test can see that every chart got a
 * size. */
static const char selfcheck[] =
    "<script>(function(){var ok=0,bad=0;"
    "document.querySelectorAll('svg.chart').forEach(function(s){"
    "var b=s.getBoundingClientRect();if(b.width>50&&b.height>50)ok++;else "
    "bad++;});"
    "document.body.setAttribute('data-svg-ok',ok);"
    "document.body.setAttribute('data-svg-bad',bad);})();</script>";

int report_html(const struct report *r, const enum rep_dim *dims, size_t nd,
                FILE *f, struct err *e)
{
	struct sbuf o = SBUF_INIT;
	int rc = -1;
	page_head(&o, r);
	sbuf_adds(&o, "<h2>Runs</h2>");
	runs_table(&o, r);
	charts(&o, r);
	if (report_has(r, D_DEPTH))
		probes(&o, r);
	for (size_t i = 0; i < nd; i++) {
		sbuf_addf(&o, "<h2>By %s</h2>", rep_dim_name(dims[i]));
		dim_table(&o, r, dims[i]);
	}
	sbuf_adds(&o, "<h2>Worst instances</h2>");
	for (size_t i = 0; i < r->nruns; i++)
		if (worst(&o, &r->runs[i], i, e) < 0)
			goto out;
	sbuf_adds(&o, "</main>");
	sbuf_adds(&o, selfcheck);
	sbuf_adds(&o, "</body></html>\n");
	fwrite(o.buf, 1, o.len, f);
	rc = 0;
out:
	sbuf_release(&o);
	return rc;
}

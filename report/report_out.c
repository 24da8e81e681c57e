/* Report writers for text formats: markdown, CSV and JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/sbuf.h"
#include "report/report.h"

static void md_num(FILE *f, double v)
{
	if (isnan(v))
		fputs("-", f);
	else
		fprintf(f, "%.3f", v);
}

static long not_ok(const struct rep_group *g)
{
	return g->st[RS_LENGTH] + g->st[RS_OVERFLOW] + g->st[RS_REJECTED] +
	       g->st[RS_REFUSED] + g->st[RS_ERROR];
}

static void md_cell(FILE *f, const struct rep_group *g)
{
	md_num(f, g->mean);
	fputs(" [", f);
	md_num(f, g->lo);
	fputs(", ", f);
	md_num(f, g->hi);
	fprintf(f, "] n=%zu", g->n);
	if (not_ok(g))
		fprintf(f, " (%ld not ok)", not_ok(g));
	fputs(", floor ", f);
	md_num(f, g->floor);
}

static void md_runs(const struct report *r, FILE *f)
{
	fputs("| run | file | instances | scored | mean | 95% CI | floor | "
	      "empty golds |",
	      f);
	for (int s = 0; s < RS_N; s++)
		fprintf(f, " %s |", rep_status_name(s));
	fputs("\n|---|---|--:|--:|--:|---|--:|--:|", f);
	for (int s = 0; s < RS_N; s++)
		fputs("--:|", f);
	fputc('\n', f);
	for (size_t i = 0; i < r->nruns; i++) {
		struct rep_group g;
		report_overall(r, i, &g);
		fprintf(f, "| %s | %s | %zu | %zu | ", r->runs[i].label,
		        report_run_name(r, i), r->runs[i].n, g.n);
		md_num(f, g.mean);
		fputs(" | [", f);
		md_num(f, g.lo);
		fputs(", ", f);
		md_num(f, g.hi);
		fputs("] | ", f);
		md_num(f, g.floor);
		fputs(" | ", f);
		md_num(f, g.empty);
		fputs(" |", f);
		for (int s = 0; s < RS_N; s++)
			fprintf(f, " %ld |", g.st[s]);
		fputc('\n', f);
	}
}

static void md_dim(const struct report *r, enum rep_dim d, FILE *f)
{
	size_t n;
	struct rep_group *g = report_groups(r, d, &n);
	fprintf(f, "\n## by %s\n\n| %s |", rep_dim_name(d), rep_dim_name(d));
	for (size_t i = 0; i < r->nruns; i++)
		fprintf(f, " %s |", r->runs[i].label);
	fputs("\n|---|", f);
	for (size_t i = 0; i < r->nruns; i++)
		fputs("---|", f);
	for (size_t i = 0; i < n;) {
		const char *key = g[i].key;
		fprintf(f, "\n| %s |", key);
		for (size_t run = 0; run < r->nruns; run++) {
			fputc(' ', f);
			if (i < n && g[i].run == run && !strcmp(g[i].key, key))
				md_cell(f, &g[i++]);
			else
				fputc('-', f);
			fputs(" |", f);
		}
	}
	fputc('\n', f);
	report_groups_free(g, n);
}

static void md_probes(const struct report *r, FILE *f)
{
	size_t n;
	struct rep_probe_row *rows = report_probe_rows(r, true, &n);
	fputs("\n## position probes\n\nAvg is the mean over depth bins; Gap is "
	      "the best bin minus the worst bin.\n\n"
	      "| task | run | Avg | Gap | bins |\n|---|---|--:|--:|--:|\n",
	      f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "| %s | %s | %.3f | %.3f | %zu |\n",
		        rows[i].task ? rows[i].task : "all",
		        r->runs[rows[i].run].label, rows[i].avg, rows[i].gap,
		        rows[i].bins);
	report_probe_rows_free(rows, n);
}

static void md_judge(const struct report *r, FILE *f)
{
	bool head = false;
	for (size_t i = 0; i < r->nruns; i++) {
		size_t n;
		double j, d, a;
		if (!report_judge(r, i, &n, &j, &d, &a))
			continue;
		if (!head)
			fputs(
			    "\n## LLM judge and deterministic "
			    "scorer\n\nAgreement is the "
			    "share of instances both scored alike.\n\n| run | "
			    "judge | "
			    "instances | judge mean | det mean | agreement |\n"
			    "|---|---|--:|--:|--:|--:|\n",
			    f);
		head = true;
		fprintf(f, "| %s | %s | %zu | %.3f | %.3f | %.3f |\n",
		        r->runs[i].label, r->runs[i].judge + 6, n, j, d, a);
	}
}

void report_md(const struct report *r, const enum rep_dim *dims, size_t nd,
               FILE *f)
{
	fputs("# ctxbench report\n\nMean score with a 95% bootstrap interval "
	      "over the instances that have a reply; replies that did not "
	      "arrive whole count 0, instances not sent yet are counted under "
	      "no_reply and left out of the mean. The floor is what always "
	      "answering that nothing matches would score on the same "
	      "instances (empty golds: their share): a mean near it is no "
	      "skill.\n\n",
	      f);
	md_runs(r, f);
	md_judge(r, f);
	for (size_t i = 0; i < nd; i++)
		md_dim(r, dims[i], f);
	if (report_has(r, D_DEPTH))
		md_probes(r, f);
}

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_num(FILE *f, double v)
{
	if (!isnan(v))
		fprintf(f, "%.6g", v);
}

static void csv_row(const struct report *r, FILE *f, const char *by,
                    const struct rep_group *g)
{
	csv_field(f, by);
	fputc(',', f);
	csv_field(f, g->key ? g->key : "all");
	fputc(',', f);
	csv_field(f, r->runs[g->run].label);
	fprintf(f, ",%zu,", g->n);
	csv_num(f, g->mean);
	fputc(',', f);
	csv_num(f, g->lo);
	fputc(',', f);
	csv_num(f, g->hi);
	for (int s = 0; s < RS_N; s++)
		fprintf(f, ",%ld", g->st[s]);
	fputc(',', f);
	csv_num(f, g->floor);
	fputc(',', f);
	csv_num(f, g->empty);
	fputc('\n', f);
}

void report_csv(const struct report *r, const enum rep_dim *dims, size_t nd,
                FILE *f)
{
	fputs("by,key,run,n,mean,ci_lo,ci_hi", f);
	for (int s = 0; s < RS_N; s++)
		fprintf(f, ",%s", rep_status_name(s));
	fputs(",floor,empty_golds\n", f);
	for (size_t i = 0; i < r->nruns; i++) {
		struct rep_group g;
		report_overall(r, i, &g);
		csv_row(r, f, "all", &g);
	}
	for (size_t i = 0; i < nd; i++) {
		size_t n;
		struct rep_group *g = report_groups(r, dims[i], &n);
		for (size_t j = 0; j < n; j++)
			csv_row(r, f, rep_dim_name(dims[i]), &g[j]);
		report_groups_free(g, n);
	}
}

static void json_group(struct sbuf *b, const struct report *r, const char *by,
                       const struct rep_group *g)
{
	sbuf_adds(b, "{\"by\":");
	json_add_str(b, by);
	sbuf_adds(b, ",\"key\":");
	json_add_str(b, g->key ? g->key : "all");
	sbuf_adds(b, ",\"run\":");
	json_add_str(b, r->runs[g->run].label);
	sbuf_addf(b, ",\"n\":%zu,\"mean\":", g->n);
	json_add_num(b, g->mean);
	sbuf_adds(b, ",\"ci\":[");
	json_add_num(b, g->lo);
	sbuf_addch(b, ',');
	json_add_num(b, g->hi);
	sbuf_adds(b, "],\"floor\":");
	json_add_num(b, g->floor);
	sbuf_adds(b, ",\"empty_golds\":");
	json_add_num(b, g->empty);
	sbuf_adds(b, ",\"status\":{");
	for (int s = 0; s < RS_N; s++)
		sbuf_addf(b, "%s\"%s\":%ld", s ? "," : "", rep_status_name(s),
		          g->st[s]);
	sbuf_adds(b, "}}");
}

static void json_probes(struct sbuf *b, const struct report *r)
{
	size_t n;
	struct rep_probe_row *rows = report_probe_rows(r, false, &n);
	sbuf_adds(b, ",\"probes\":[");
	for (size_t i = 0; i < n; i++) {
		sbuf_adds(b, i ? ",{\"task\":" : "{\"task\":");
		json_add_str(b, rows[i].task);
		sbuf_adds(b, ",\"run\":");
		json_add_str(b, r->runs[rows[i].run].label);
		sbuf_adds(b, ",\"avg\":");
		json_add_num(b, rows[i].avg);
		sbuf_adds(b, ",\"gap\":");
		json_add_num(b, rows[i].gap);
		sbuf_addf(b, ",\"bins\":%zu}", rows[i].bins);
	}
	sbuf_addch(b, ']');
	report_probe_rows_free(rows, n);
}

void report_json(const struct report *r, const enum rep_dim *dims, size_t nd,
                 FILE *f)
{
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "{\"runs\":[");
	for (size_t i = 0; i < r->nruns; i++) {
		struct rep_group g;
		report_overall(r, i, &g);
		sbuf_adds(&b, i ? ",{\"path\":" : "{\"path\":");
		json_add_str(&b, r->runs[i].path);
		if (r->runs[i].nshards) {
			sbuf_addf(&b, ",\"shards\":%lu,\"files\":[",
			          r->runs[i].nshards);
			for (size_t k = 0; k < r->runs[i].nfiles; k++) {
				if (k)
					sbuf_addch(&b, ',');
				json_add_str(&b, r->runs[i].files[k]);
			}
			sbuf_addch(&b, ']');
		}
		sbuf_addf(&b, ",\"instances\":%zu,\"overall\":", r->runs[i].n);
		json_group(&b, r, "all", &g);
		size_t jn;
		double jm, dm, ag;
		if (report_judge(r, i, &jn, &jm, &dm, &ag)) {
			sbuf_adds(&b, ",\"judge\":{\"scorer\":");
			json_add_str(&b, r->runs[i].judge);
			sbuf_addf(&b, ",\"n\":%zu,\"mean\":", jn);
			json_add_num(&b, jm);
			sbuf_adds(&b, ",\"det_mean\":");
			json_add_num(&b, dm);
			sbuf_adds(&b, ",\"agreement\":");
			json_add_num(&b, ag);
			sbuf_addch(&b, '}');
		}
		sbuf_addch(&b, '}');
	}
	sbuf_adds(&b, "],\"groups\":[");
	for (size_t i = 0, k = 0; i < nd; i++) {
		size_t n;
		struct rep_group *g = report_groups(r, dims[i], &n);
		for (size_t j = 0; j < n; j++, k++) {
			if (k)
				sbuf_addch(&b, ',');
			json_group(&b, r, rep_dim_name(dims[i]), &g[j]);
		}
		report_groups_free(g, n);
	}
	sbuf_addch(&b, ']');
	json_probes(&b, r);
	sbuf_adds(&b, "}\n");
	fwrite(b.buf, 1, b.len, f);
	sbuf_release(&b);
}

/* ctxbench report: summarizes scored runs by length, information, placement,
 * type and more. */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/parse.h"
#include "common/sbuf.h"
#include "report/report.h"
#include "run/runset.h"

static const char usage[] =
    "usage: ctxbench report RUN.db... [options]\n"
    "\n"
    "Summarizes scored runs (see 'ctxbench score'): mean score with a 95%\n"
    "bootstrap interval and counts by status, overall and per group. Several\n"
    "runs are shown side by side; the shards of one run ('run --shard K/N'\n"
    "with one model, settings, prompt and instances file) report as one run.\n"
    "A quoted pattern such as 'shard-*.db' is expanded by ctxbench.\n"
    "\n"
    "options:\n"
    "  --by DIM,...        group by: length, info, placement, type, "
    "difficulty,\n"
    "                      db, model, depth, task, query (default: those of\n"
    "                      length,info,placement,type,depth,task present)\n"
    "  --format FMT        md, csv, json or html (default: from the -o suffix, "
    "else md)\n"
    "  -o FILE             write to FILE (default standard output)\n"
    "  --bootstrap N       bootstrap resamples (default 1000)\n"
    "  --seed N            bootstrap seed (default 1)\n"
    "  -h, --help          show this help\n";

enum fmt { F_MD, F_CSV, F_JSON, F_HTML };

struct opts {
	struct strlist runs;
	enum rep_dim dims[D_N];
	size_t nd;
	bool by_given;
	int fmt; /* -1: not given */
	const char *out;
};

static int parse_fmt(const char *s)
{
	static const char *names[] = {"md", "csv", "json", "html"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static int parse_by(struct opts *o, const char *v)
{
	struct strlist l = STRLIST_INIT;
	int rc = EXIT_OK;
	strlist_split(&l, v, ',');
	for (size_t i = 0; i < l.n && rc == EXIT_OK; i++) {
		int d = rep_dim_parse(l.v[i]);
		if (d < 0)
			rc = cli_usage_error(
			    "report", "unknown --by dimension '%s'", l.v[i]);
		else if (o->nd < D_N)
			o->dims[o->nd++] = (enum rep_dim)d;
	}
	o->by_given = true;
	strlist_release(&l);
	return rc;
}

static int parse_args(int argc, char **argv, struct opts *o, struct report *r)
{
	struct err e = ERR_INIT;
	long long n;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = !strcmp(a, "--by") || !strcmp(a, "--format") ||
		             !strcmp(a, "-o") || !strcmp(a, "--bootstrap") ||
		             !strcmp(a, "--seed");
		int rc = EXIT_OK;
		if (takes && !v)
			return cli_usage_error("report",
			                       "option '%s' needs a value", a);
		if (!strcmp(a, "--by"))
			rc = parse_by(o, v);
		else if (!strcmp(a, "--format") && (o->fmt = parse_fmt(v)) < 0)
			rc = cli_usage_error(
			    "report",
			    "unknown --format '%s' (md, csv, json, html)", v);
		else if (!strcmp(a, "-o"))
			o->out = v;
		else if (!strcmp(a, "--bootstrap") || !strcmp(a, "--seed")) {
			if (parse_long(v, a, 0,
			               a[2] == 'b' ? 100000 : 1LL << 62, &n,
			               &e) < 0)
				return cli_usage_error("report", "%s", e.msg);
			if (a[2] == 'b')
				r->boot = (unsigned)n;
			else
				r->seed = (unsigned long long)n;
		} else if (!takes && a[0] == '-' && a[1])
			rc =
			    cli_usage_error("report", "unknown option '%s'", a);
		else if (!takes)
			strlist_push(&o->runs, a);
		if (rc != EXIT_OK)
			return rc;
		i += takes;
	}
	if (!o->runs.n)
		return cli_usage_error("report", "missing RUN.db");
	for (size_t i = 0; i < o->runs.n; i++)
		if (outfile_not_input(o->out, o->runs.v[i], "the run database",
		                      &e))
			return cli_usage_error("report", "%s", e.msg);
	return EXIT_OK;
}

static void default_dims(struct opts *o, const struct report *r)
{
	static const enum rep_dim want[] = {D_LENGTH, D_INFO,  D_PLACEMENT,
	                                    D_TYPE,   D_DEPTH, D_TASK};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (report_has(r, want[i]))
			o->dims[o->nd++] = want[i];
}

static int guess_fmt(const char *out)
{
	const char *dot = out ? strrchr(out, '.') : NULL;
	int f = dot ? parse_fmt(dot + 1) : -1;
	if (dot && !strcmp(dot, ".htm"))
		f = F_HTML;
	return f < 0 ? F_MD : f;
}

static int write_report(const struct opts *o, const struct report *r,
                        struct err *e)
{
	struct outfile out;
	if (outfile_open(&out, o->out, e) < 0)
		return -1;
	int fmt = o->fmt >= 0 ? o->fmt : guess_fmt(o->out);
	int rc = 0;
	if (fmt == F_MD)
		report_md(r, o->dims, o->nd, out.f);
	else if (fmt == F_CSV)
		report_csv(r, o->dims, o->nd, out.f);
	else if (fmt == F_JSON)
		report_json(r, o->dims, o->nd, out.f);
	else
		rc = report_html(r, o->dims, o->nd, out.f, e);
	if (rc < 0) {
		outfile_abort(&out);
		return -1;
	}
	return outfile_commit(&out, e);
}

/* A report over some shards of a run is the score so far: say which are not
 * in it. */
static void warn_missing(const struct runset_run *run, const char *label)
{
	struct sbuf b = SBUF_INIT;
	if (runset_missing(run, &b))
		fprintf(stderr,
		        "ctxbench: warning: run '%s' has %zu of its %lu shards; "
		        "the report leaves out the instances of %s\n",
		        label, run->n, run->nshards, b.buf);
	sbuf_release(&b);
}

int cmd_report(int argc, char **argv)
{
	struct opts o = {STRLIST_INIT, {0}, 0, false, -1, NULL};
	struct report r;
	struct runset rs = {0};
	struct err e = ERR_INIT;
	int rc;
	for (int i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	report_init(&r);
	if ((rc = parse_args(argc, argv, &o, &r)) != EXIT_OK)
		goto out;
	if (runset_open(&rs, o.runs.v, o.runs.n, &e) < 0) {
		rc = err_report(&e);
		goto out;
	}
	for (size_t i = 0; i < rs.n; i++) {
		if (report_load(&r, &rs.v[i], &e) < 0) {
			rc = err_report(&e);
			goto out;
		}
		warn_missing(&rs.v[i], r.runs[i].label);
	}
	if (!o.by_given)
		default_dims(&o, &r);
	if (write_report(&o, &r, &e) < 0)
		rc = err_report(&e);
out:
	runset_release(&rs);
	strlist_release(&o.runs);
	report_release(&r);
	return rc;
}

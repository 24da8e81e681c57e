/* ctxbench compare: tests a new run against a base run, for regression gates in
 * CI. */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/lines.h"
#include "common/parse.h"
#include "report/report_compare.h"
#include "run/runset.h"

static const char usage[] =
    "usage: ctxbench compare BASE.db NEW.db [options]\n"
    "       ctxbench compare BASE-SHARD.db... NEW-SHARD.db... [options]\n"
    "\n"
    "The files must make two runs; the shards of one run ('run --shard K/N')\n"
    "are one run, and the run named first is the base. A quoted pattern such\n"
    "as 'q4-*.db' is expanded by ctxbench.\n"
    "\n"
    "Pairs the scored instances of two runs by id and reports the mean\n"
    "difference (new - base) with a 95% paired bootstrap interval and a\n"
    "one-sided sign test (McNemar's exact test for 0/1 scores). Instances\n"
    "without a score count 0.\n"
    "\n"
    "Exit status: 1 when new is worse by more than --max-drop and the sign\n"
    "test gives p < --alpha; 0 otherwise; 2 on usage errors.\n"
    "\n"
    "options:\n"
    "  --max-drop X        tolerated drop of the mean score (default 0)\n"
    "  --alpha A           significance level (default 0.05)\n"
    "  --by DIM,...        also show groups (length, info, placement, type, "
    "...)\n"
    "  --subset intersection|FILE\n"
    "                      runs over different instances: compare the common\n"
    "                      ones, or only the ids listed in FILE (one per "
    "line)\n"
    "  --bootstrap N       bootstrap resamples (default 1000)\n"
    "  --seed N            bootstrap seed (default 1)\n"
    "  -h, --help          show this help\n";

struct opts {
	struct strlist paths;
	double max_drop, alpha;
	struct strlist by;
	const char *subset;
	long long boot, seed;
};

static int set_opt(struct opts *o, const char *a, const char *v)
{
	struct err e = ERR_INIT;
	int rc = 0;
	if (!strcmp(a, "--max-drop"))
		rc = parse_double(v, a, 0, 1, &o->max_drop, &e);
	else if (!strcmp(a, "--alpha"))
		rc = parse_double(v, a, 1e-12, 1, &o->alpha, &e);
	else if (!strcmp(a, "--by"))
		strlist_split(&o->by, v, ',');
	else if (!strcmp(a, "--subset"))
		o->subset = v;
	else if (!strcmp(a, "--bootstrap"))
		rc = parse_long(v, a, 0, 100000, &o->boot, &e);
	else
		rc = parse_long(v, a, 0, 1LL << 62, &o->seed, &e);
	return rc < 0 ? cli_usage_error("compare", "%s", e.msg) : EXIT_OK;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const char *valued[] = {"--max-drop", "--alpha",     "--by",
	                               "--subset",   "--bootstrap", "--seed"};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool takes = false;
		for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
			takes |= !strcmp(a, valued[k]);
		if (takes && i + 1 >= argc)
			return cli_usage_error("compare",
			                       "option '%s' needs a value", a);
		if (takes && set_opt(o, a, argv[++i]) != EXIT_OK)
			return EXIT_USAGE;
		else if (!takes && a[0] == '-' && a[1])
			return cli_usage_error("compare", "unknown option '%s'",
			                       a);
		else if (!takes)
			strlist_push(&o->paths, a);
	}
	if (!o->paths.n)
		return cli_usage_error("compare",
		                       "give two runs: BASE.db NEW.db");
	for (size_t i = 0; i < o->by.n; i++)
		if (rep_dim_parse(o->by.v[i]) < 0)
			return cli_usage_error("compare",
			                       "unknown --by dimension '%s'",
			                       o->by.v[i]);
	return EXIT_OK;
}

static void print_row(const struct cmp_row *r)
{
	printf("%-14s %6zu  %6.3f  %6.3f  %+7.3f [%+.3f, %+.3f]  %5ld %5ld  "
	       "%.3g\n",
	       r->key ? r->key : "all", r->n, r->base, r->new_, r->diff, r->lo,
	       r->hi, r->worse, r->better, r->p);
}

static void print_dim(const struct cmp *c, int d, const char *name)
{
	size_t n;
	struct cmp_row *rows = cmp_rows(c, d, &n);
	printf("\n%-14s %6s  %6s  %6s  %7s %17s  %5s %5s  %s\n", name, "n",
	       "base", "new", "diff", "95% CI", "worse", "better", "p");
	for (size_t i = 0; i < n; i++)
		print_row(&rows[i]);
	cmp_rows_free(rows, n);
}

static int read_ids(struct strlist *ids, const char *path, struct err *e)
{
	struct lines l;
	int rc;
	if (lines_open(&l, path, e) < 0)
		return -1;
	while ((rc = lines_next(&l, e)) == 1)
		if (l.len)
			strlist_push(ids, l.line);
	lines_close(&l);
	if (rc == 0 && !ids->n)
		return err_set(e, ERR_USAGE,
		               "--subset '%s' lists no instance id (one per "
		               "line)",
		               path);
	return rc;
}

/* Prints the comparison and returns the exit status of the verdict. */
static int verdict(const struct cmp *c, const struct opts *o)
{
	size_t n;
	struct cmp_row *all = cmp_rows(c, -1, &n);
	double drop = 0.0 - all->diff;
	bool worse = drop > o->max_drop && all->p < o->alpha;
	printf(
	    "\n%s: mean drop %.4f (max %.4f), sign test p %.3g (alpha %.3g)\n",
	    worse ? "REGRESSION" : "no significant regression", drop,
	    o->max_drop, all->p, o->alpha);
	cmp_rows_free(all, n);
	return worse ? 1 : EXIT_OK;
}

/* Refusals (filters, safety stops) score 0; say how many there were apart. */
static void refused_line(const struct cmp *c)
{
	size_t n[2] = {0, 0};
	const struct rep_run *runs[2] = {c->base.runs, c->new_.runs};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; runs[k] && i < runs[k]->n; i++)
			n[k] += runs[k]->v[i].status == RS_REFUSED;
	if (n[0] || n[1])
		printf("refused (scored 0): %zu in base, %zu in new\n", n[0],
		       n[1]);
}

static int run(struct opts *o, struct report *r, struct cmp *c, struct err *e)
{
	struct strlist ids = STRLIST_INIT;
	bool inter = o->subset && !strcmp(o->subset, "intersection");
	struct runset rs = {0};
	int rc = -1;
	if (o->subset && !inter && read_ids(&ids, o->subset, e) < 0)
		goto out;
	if (runset_open(&rs, o->paths.v, o->paths.n, e) < 0)
		goto out;
	if (rs.n != 2) {
		size_t files = 0;
		for (size_t i = 0; i < rs.n; i++)
			files += rs.v[i].n;
		err_set(e, ERR_USAGE,
		        "%zu file%s make%s %zu run%s; compare takes two: "
		        "BASE.db NEW.db (each one run.db, or the shards of "
		        "one run)",
		        files, files > 1 ? "s" : "", files > 1 ? "" : "s", rs.n,
		        rs.n > 1 ? "s" : "");
		goto out;
	}
	for (int i = 0; i < 2; i++)
		if (report_load(r, &rs.v[i], e) < 0)
			goto out;
	if (cmp_pair(c, r, inter, o->subset && !inter ? &ids : NULL, e) < 0)
		goto out;
	printf("base '%s' (%s) vs new '%s' (%s): %zu paired instances",
	       report_run_name(r, 0), r->runs[0].label, report_run_name(r, 1),
	       r->runs[1].label, c->diff.runs[0].n);
	if (c->only_base || c->only_new)
		printf(", %zu only in base, %zu only in new (left out)",
		       c->only_base, c->only_new);
	if (c->unscored)
		printf(", %zu without a score in a run (counted 0)",
		       c->unscored);
	putchar('\n');
	refused_line(c);
	print_dim(c, -1, "overall");
	for (size_t i = 0; i < o->by.n; i++)
		print_dim(c, rep_dim_parse(o->by.v[i]), o->by.v[i]);
	rc = 0;
out:
	runset_release(&rs);
	strlist_release(&ids);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	struct opts o = {STRLIST_INIT, 0, 0.05, STRLIST_INIT, NULL, 1000, 1};
	struct report r;
	struct cmp c = {0};
	struct err e = ERR_INIT;
	for (int i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	report_init(&r);
	int rc = parse_args(argc, argv, &o);
	if (rc == EXIT_OK) {
		r.boot = (unsigned)o.boot;
		r.seed = (unsigned long long)o.seed;
		if (run(&o, &r, &c, &e) < 0)
			rc = e.kind == ERR_USAGE ? (err_report(&e), EXIT_USAGE)
			                         : err_report(&e);
		else
			rc = verdict(&c, &o);
	}
	cmp_release(&c);
	report_release(&r);
	strlist_release(&o.by);
	strlist_release(&o.paths);
	return rc;
}

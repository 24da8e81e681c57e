/* ctxbench score: scores every reply of a run against its gold answer. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/parse.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/judge.h"
#include "run/provider.h"
#include "run/runset.h"
#include "score/score_db.h"

/* Judge settings passed on to 'ctxbench run'. */
struct judge_args {
	const char *model, *base_url, *command, *concurrency;
};

static const char usage[] =
    "usage: ctxbench score RUN.db... [options]\n"
    "\n"
    "Scores each reply of RUN.db against the gold rows of its instance and\n"
    "stores the scores in RUN.db (table scores, scorer 'det'). Scoring again\n"
    "replaces that scorer's rows. Replies with a status other than ok score "
    "0.\n"
    "Several RUN.dbs (or a quoted pattern such as 'shard-*.db') are scored\n"
    "each in turn, with one summary per run: the shards of one run ('run\n"
    "--shard K/N') are summed as one.\n"
    "\n"
    "options:\n"
    "  --tolerance X       compare numbers within relative tolerance X\n"
    "                      (whole numbers must be equal) instead of the\n"
    "                      default: equal at the precision the reply writes\n"
    "                      them (31.5 is right for 31.456, 1880 is not\n"
    "                      1861.83; docs/scoring.md)\n"
    "  --partial-credit X  credit of a gold row found in part (default 0.5)\n"
    "  --max-gold N        only the first N gold rows count (default 50, 0 = "
    "all)\n"
    "  --judge PROVIDER/MODEL  also score with an LLM judge (scorer\n"
    "                      'judge:PROVIDER/MODEL'): step 1 extracts each "
    "reply's\n"
    "                      final answer, step 2 labels each gold row exact,\n"
    "                      partial or none; both are 'ctxbench run's (cached,\n"
    "                      resumable) kept in RUN.db.judge/\n"
    "  --judge-base-url URL, --judge-command 'PROG ARGS', --judge-concurrency "
    "N\n"
    "                      passed to 'ctxbench run' for the judge\n"
    "  -h, --help          show this help\n";

static int parse_args(int argc, char **argv, struct score_opts *o,
                      struct strlist *paths, struct judge_args *j)
{
	struct err e = ERR_INIT;
	long long n;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = !strcmp(a, "--tolerance") ||
		             !strcmp(a, "--partial-credit") ||
		             !strcmp(a, "--max-gold") ||
		             !strncmp(a, "--judge", 7);
		if (takes && !v)
			return cli_usage_error("score",
			                       "option '%s' needs a value", a);
		if (!strcmp(a, "--tolerance")) {
			if (parse_double(v, a, 0, 1, &o->tolerance, &e) < 0)
				return cli_usage_error("score", "%s", e.msg);
		} else if (!strcmp(a, "--partial-credit")) {
			if (parse_double(v, a, 0, 1, &o->partial_credit, &e) <
			    0)
				return cli_usage_error("score", "%s", e.msg);
		} else if (!strcmp(a, "--max-gold")) {
			if (parse_long(v, a, 0, 1000000, &n, &e) < 0)
				return cli_usage_error("score", "%s", e.msg);
			o->max_gold = (long)n;
		} else if (!strcmp(a, "--judge")) {
			const char *slash = strchr(v, '/');
			if (!slash || slash == v || !slash[1])
				return cli_usage_error(
				    "score",
				    "--judge wants PROVIDER/MODEL, not '%s'",
				    v);
			/* before any scoring, and not as a 'run' error */
			char *pn = xstrndup(v, (size_t)(slash - v));
			bool known = provider_find(pn) != NULL;
			if (!known)
				cli_usage_error("score",
				                "unknown --judge provider '%s' "
				                "(known: %s)",
				                pn, provider_names());
			free(pn);
			if (!known)
				return EXIT_USAGE;
			j->model = v;
		} else if (!strcmp(a, "--judge-base-url")) {
			if (provider_check_url(v, a, &e))
				return cli_usage_error("score", "%s", e.msg);
			j->base_url = v;
		} else if (!strcmp(a, "--judge-command")) {
			j->command = v;
		} else if (!strcmp(a, "--judge-concurrency")) {
			j->concurrency = v;
		} else if (takes) {
			return cli_usage_error("score", "unknown option '%s'",
			                       a);
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("score", "unknown option '%s'",
			                       a);
		} else {
			strlist_push(paths, a);
		}
		i += takes;
	}
	if (!paths->n)
		return cli_usage_error("score", "missing RUN.db");
	if (!j->model && (j->base_url || j->command || j->concurrency))
		return cli_usage_error("score",
		                       "--judge-* options need --judge");
	return EXIT_OK;
}

/* Writes the judge's prompt template (the same for both steps). */
static int tmpl_write(const char *path, struct err *e)
{
	struct outfile o;
	if (outfile_open(&o, path, e) < 0)
		return -1;
	fputs(judge_template, o.f);
	return outfile_commit(&o, e);
}

/* One judge step through 'ctxbench run' (cached and resumable like any run). */
static int judge_run(const struct judge_args *j, const char *jsonl,
                     const char *db, const char *tmpl)
{
	char *argv[16] = {"run",
	                  (char *)jsonl,
	                  "--model",
	                  (char *)j->model,
	                  "-o",
	                  (char *)db,
	                  "--prompt-template",
	                  (char *)tmpl,
	                  "--temperature",
	                  "0"};
	int n = 10;
	if (j->base_url)
		argv[n++] = "--base-url", argv[n++] = (char *)j->base_url;
	if (j->command)
		argv[n++] = "--command", argv[n++] = (char *)j->command;
	if (j->concurrency)
		argv[n++] = "--concurrency", argv[n++] = (char *)j->concurrency;
	int rc = cmd_run(n, argv);
	return rc == EXIT_OK || rc == EXIT_ITEMS ? 0 : rc;
}

/* RUN.db.judge/MODEL-FILE, with the model name made file-safe. */
static char *judge_path(const char *run, const char *model, const char *file)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s.judge/", run);
	for (const char *p = model; *p; p++)
		sbuf_addch(&b, strchr("/\\:*?\"<>| ", *p) ? '_' : *p);
	sbuf_addf(&b, "-%s", file);
	return sbuf_detach(&b);
}

static int judge(const char *path, const struct judge_args *j,
                 const struct score_opts *o)
{
	struct err e = ERR_INIT;
	struct judge_stats st;
	struct sbuf dir = SBUF_INIT, name = SBUF_INIT;
	char *tmpl = judge_path(path, j->model, "template.txt");
	char *xj = judge_path(path, j->model, "extract.jsonl");
	char *xd = judge_path(path, j->model, "extract.db");
	char *lj = judge_path(path, j->model, "label.jsonl");
	char *ld = judge_path(path, j->model, "label.db");
	long n;
	int rc = EXIT_RUNTIME;
	sbuf_addf(&dir, "%s.judge", path);
	sbuf_addf(&name, "judge:%s", j->model);
	if ((mkdir(dir.buf, 0777) < 0 && errno != EEXIST) ||
	    !(tmpl_write(tmpl, &e) == 0)) {
		if (e.kind == ERR_NONE)
			err_set(&e, ERR_IO, "cannot make '%s': %s", dir.buf,
			        strerror(errno));
		rc = err_report(&e);
		goto out;
	}
	if (judge_write_extract(path, xj, &n, &e) < 0 ||
	    (rc = judge_run(j, xj, xd, tmpl)) != 0 ||
	    judge_write_label(path, xd, lj, &n, &e) < 0 ||
	    (rc = judge_run(j, lj, ld, tmpl)) != 0 ||
	    judge_score(path, xd, ld, name.buf, o, &st, &e) < 0) {
		rc = e.kind != ERR_NONE ? err_report(&e) : rc;
		goto out;
	}
	printf(
	    "judged %ld instances with '%s': mean %.4f; %ld not judged (judge "
	    "reply missing or unusable)\n",
	    st.scored, name.buf, st.scored ? st.sum / (double)st.scored : 0.0,
	    st.failed);
	rc = st.failed ? EXIT_ITEMS : EXIT_OK;
out:
	free(tmpl), free(xj), free(xd), free(lj), free(ld);
	sbuf_release(&dir);
	sbuf_release(&name);
	return rc;
}

static void stats_add(struct score_db_stats *t, const struct score_db_stats *s)
{
	t->instances += s->instances, t->scored += s->scored;
	t->ok += s->ok, t->length += s->length, t->overflow += s->overflow;
	t->rejected += s->rejected, t->error += s->error;
	t->other += s->other, t->missing += s->missing, t->sum += s->sum;
}

/* Scores every file of run (and judges it with --judge); prints one summary
 * for the run. */
static int score_run(const struct runset_run *run, const struct score_opts *o,
                     const struct judge_args *j)
{
	struct score_db_stats st = {0}, one;
	struct err e = ERR_INIT;
	struct sbuf name = SBUF_INIT;
	int rc = EXIT_OK;
	runset_name(run, &name);
	for (size_t i = 0; i < run->n; i++) {
		const char *path = run->paths[i];
		if (access(path, F_OK) < 0) {
			err_set(&e, ERR_IO, "cannot open '%s': %s", path,
			        strerror(errno));
			rc = err_report(&e);
			goto out;
		}
		if (score_db_run(path, o, "det", &one, &e) < 0) {
			rc = err_report(&e);
			goto out;
		}
		stats_add(&st, &one);
	}
	if (st.scored)
		printf("scored %ld of %ld instances in '%s': mean %.4f\n",
		       st.scored, st.instances, name.buf,
		       st.sum / (double)st.scored);
	else
		printf("scored 0 of %ld instances in '%s': no replies yet\n",
		       st.instances, name.buf);
	printf("status: ok %ld, length %ld, overflow %ld, rejected %ld, error "
	       "%ld, "
	       "no reply %ld\n",
	       st.ok, st.length, st.overflow, st.rejected, st.error,
	       st.missing);
	for (size_t i = 0; i < run->n && j->model; i++) {
		int jr = judge(run->paths[i], j, o);
		if (jr != EXIT_OK && (rc == EXIT_OK || jr != EXIT_ITEMS))
			rc = jr;
		if (jr != EXIT_OK && jr != EXIT_ITEMS)
			break;
	}
out:
	sbuf_release(&name);
	return rc;
}

int cmd_score(int argc, char **argv)
{
	struct score_opts o;
	struct judge_args j = {NULL, NULL, NULL, NULL};
	struct strlist paths = STRLIST_INIT;
	struct runset rs = {0};
	struct err e = ERR_INIT;
	score_opts_init(&o);
	for (int i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	int rc = parse_args(argc, argv, &o, &paths, &j);
	if (rc == EXIT_OK && runset_open(&rs, paths.v, paths.n, &e) < 0)
		rc = err_report(&e);
	for (size_t i = 0; i < rs.n && (rc == EXIT_OK || rc == EXIT_ITEMS);
	     i++) {
		int r1 = score_run(&rs.v[i], &o, &j);
		rc = r1 != EXIT_OK ? r1 : rc;
	}
	runset_release(&rs);
	strlist_release(&paths);
	return rc;
}

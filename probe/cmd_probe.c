/* ctxbench probe: position probes (entity, sentence, function, kv). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/parse.h"
#include "common/progress.h"
#include "common/sbuf.h"
#include "gen/locate.h"
#include "probe/probe_db.h"
#include "common/shard.h"
#include "probe/probe.h"
#include "tok/tok.h"

static const char usage[] =
    "usage: ctxbench probe --task T --length L[,L...] [--positions N|LIST]\n"
    "         [--samples K] [--tokenizer T] [--seed S] [--db NAME|PATH]\n"
    "         [--templates FILE] [--shard K/N] [-o FILE]\n"
    "\n"
    "Writes position-probe instances (gen's format plus a \"probe\"\n"
    "object): one piece of evidence placed at each depth of a context\n"
    "filled to L tokens with distractors.\n"
    "\n"
    "  --task T          entity: given an id, answer \"label: description\"\n"
    "                    sentence: given a fragment, the whole sentence\n"
    "                    function: given a body line, the function's name\n"
    "                    kv: given a UUID key of a JSON object, its value\n"
    "  --length L        context size in tokens (4k = 4096, at most 4m); a\n"
    "                    comma list\n"
    "  --positions N     N evenly spaced depths i/(N-1) (N=1: 0.5), or a\n"
    "                    list like depth=0,depth=0.5,depth=1 (default 5)\n"
    "  --samples K       evidence items per depth (default 1)\n"
    "  --tokenizer T     ratio[:R] (chars / R, default 3.66) or the path of\n"
    "                    a tokenizer.json (exact counts)\n"
    "  --seed S          seed of every random choice (default 1)\n"
    "  --db NAME|PATH    rows for entity and sentence (default wine)\n"
    "  --templates FILE  verbalize.json for a --db PATH\n"
    "  --shard K/N       only the instances of shard K of N (K from 0), by a\n"
    "                    hash of the id (as gen and run --shard)\n"
    "  -o FILE           output JSONL (default standard output)\n";

struct args {
	struct probe_opts o;
	struct strlist lengths;
	const char *positions, *tokenizer, *out;
	long long samples;
	int have_task;
	struct shard shard;
	struct db_spec db; /* entity, sentence: the name ids hold */
};

/* Value of option name at argv[*i] ("--x v" or "--x=v"); NULL when argv[*i] is
 * another option. */
static const char *opt(int argc, char **argv, int *i, const char *name,
                       int *missing)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int parse_args(int argc, char **argv, struct args *a, struct err *e)
{
	const char *v;
	long long seed;
	int miss = 0;
	for (int i = 1; i < argc; i++) {
		if ((v = opt(argc, argv, &i, "--task", &miss))) {
			if (probe_task_parse(v, &a->o.task, e))
				return -1;
			a->have_task = 1;
		} else if ((v = opt(argc, argv, &i, "--length", &miss))) {
			strlist_split(&a->lengths, v, ',');
		} else if ((v = opt(argc, argv, &i, "--positions", &miss))) {
			a->positions = v;
		} else if ((v = opt(argc, argv, &i, "--samples", &miss))) {
			if (parse_long(v, "--samples", 1, 100000, &a->samples,
			               e))
				return -1;
		} else if ((v = opt(argc, argv, &i, "--tokenizer", &miss))) {
			a->tokenizer = v;
		} else if ((v = opt(argc, argv, &i, "--seed", &miss))) {
			if (parse_long(v, "--seed", 0, (1LL << 53), &seed, e))
				return -1;
			a->o.seed = (uint64_t)seed;
		} else if ((v = opt(argc, argv, &i, "--db", &miss))) {
			a->o.db = v;
		} else if ((v = opt(argc, argv, &i, "--templates", &miss))) {
			a->o.templates = v;
		} else if ((v = opt(argc, argv, &i, "--shard", &miss))) {
			if (shard_parse(v, "--shard", &a->shard, e))
				return -1;
		} else if ((v = opt(argc, argv, &i, "-o", &miss)) ||
		           (v = opt(argc, argv, &i, "--output", &miss))) {
			a->out = v;
		} else if (miss) {
			return err_set(e, ERR_USAGE,
			               "option '%s' needs a value", argv[i]);
		} else {
			return err_set(e, ERR_USAGE, "unknown argument '%s'",
			               argv[i]);
		}
	}
	if (!a->have_task)
		return err_set(e, ERR_USAGE,
		               "--task is required (entity, "
		               "sentence, function or kv)");
	if (!a->lengths.n)
		return err_set(e, ERR_USAGE, "--length is required");
	if (outfile_not_input(a->out, a->o.db, "the database", e) ||
	    outfile_not_input(a->out, a->o.templates, "the templates file", e) ||
	    outfile_not_input(a->out, a->tokenizer, "the tokenizer", e))
		return -1;
	for (size_t i = 0; i < a->lengths.n; i++) {
		long long li, lj;
		if (parse_size(a->lengths.v[i], "--length", &li, e) ||
		    probe_length_check(li, e))
			return -1;
		/* one length twice would give two instances one id */
		for (size_t j = 0; j < i; j++)
			if (!parse_size(a->lengths.v[j], "--length", &lj,
			                NULL) &&
			    li == lj)
				return err_set(e, ERR_USAGE,
				               "--length lists %lld twice", li);
	}
	return 0;
}

/* True when --shard takes the instance of sample k at depth. */
static bool in_shard(const struct args *a, long long length, double depth,
                     long long k)
{
	struct sbuf id = SBUF_INIT;
	if (!a->shard.n)
		return true;
	probe_id(&id, a->o.task, a->db.name, length, depth, k, a->o.seed);
	bool yes = shard_has(&a->shard, id.buf, id.len);
	sbuf_release(&id);
	return yes;
}

/* Instances the shard takes (all without --shard). */
static long long count_in_shard(const struct args *a, const double *depths,
                                size_t nd)
{
	long long n = 0, len;
	for (size_t li = 0; li < a->lengths.n; li++) {
		parse_size(a->lengths.v[li], "--length", &len, NULL);
		for (long long k = 1; k <= a->samples; k++)
			for (size_t d = 0; d < nd; d++)
				n += in_shard(a, len, depths[d], k);
	}
	return n;
}

/* Writes every (length, sample, depth) instance of the shard to f. */
static int generate(struct args *a, struct tok *t, const double *depths,
                    size_t nd, FILE *f, struct err *e)
{
	struct progress pr;
	struct sbuf line = SBUF_INIT;
	struct probe *p = NULL;
	long long done = 0, total = count_in_shard(a, depths, nd);
	int rc = -1;
	progress_init(&pr);
	for (size_t li = 0; li < a->lengths.n; li++) {
		if (parse_size(a->lengths.v[li], "--length", &a->o.length, e))
			goto out;
		probe_free(p);
		if (!(p = probe_new(&a->o, t, e)))
			goto out;
		for (long long k = 1; k <= a->samples; k++) {
			for (size_t d = 0; d < nd; d++) {
				if (!in_shard(a, a->o.length, depths[d], k))
					continue;
				sbuf_reset(&line);
				if (probe_instance(p, k, depths[d], &line, e))
					goto out;
				sbuf_addch(&line, '\n');
				fwrite(line.buf, 1, line.len, f);
				progress_update(&pr, "probe", ++done, total,
				                NULL);
			}
		}
	}
	rc = 0;
out:
	progress_done(&pr);
	probe_free(p);
	sbuf_release(&line);
	return rc;
}

int cmd_probe(int argc, char **argv)
{
	struct args a = {.o = {.seed = 1},
	                 .lengths = STRLIST_INIT,
	                 .positions = "5",
	                 .tokenizer = "ratio",
	                 .samples = 1};
	struct err e = ERR_INIT;
	struct outfile of = {0};
	struct tok *t = NULL;
	double *depths = NULL;
	size_t nd = 0;
	int rc;
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	}
	if (parse_args(argc, argv, &a, &e) ||
	    probe_positions_parse(a.positions, &depths, &nd, &e) ||
	    ((a.o.task == PROBE_ENTITY || a.o.task == PROBE_SENTENCE) &&
	     db_spec_parse(a.o.db ? a.o.db : PROBE_DB_DEFAULT, &a.db, &e))) {
		rc = cli_usage_error("probe", "%s", e.msg);
		goto out;
	}
	if (!(t = tok_open(a.tokenizer, &e)) || outfile_open(&of, a.out, &e) ||
	    generate(&a, t, depths, nd, of.f, &e) || outfile_commit(&of, &e)) {
		outfile_abort(&of);
		rc = e.kind == ERR_USAGE ? cli_usage_error("probe", "%s", e.msg)
		                         : err_report(&e);
		goto out;
	}
	rc = EXIT_OK;
out:
	tok_free(t);
	free(depths);
	db_spec_release(&a.db);
	strlist_release(&a.lengths);
	return rc;
}

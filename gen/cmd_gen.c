/* ctxbench gen: instances from databases, queries, budgets, placements. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/parse.h"
#include "common/sbuf.h"
#include "common/shard.h"
#include "common/xalloc.h"
#include "gen/db.h"
#include "gen/generate.h"
#include "gen/locate.h"
#include "gen/place.h"
#include "gen/suite.h"

static const char usage[] =
    "usage: ctxbench gen [--db NAME|PATH]... [--queries FILE] [--query ID]...\n"
    "                    [--length 4k,8k,...] [--info-amount N,... | --density "
    "F,...]\n"
    "                    [--placement "
    "uniform,begin,middle,end,bimodal,depth=P]\n"
    "                    [--tokenizer ratio[:R]|PATH] [--distractors "
    "same-db|all-dbs]\n"
    "                    [--seed N] [--templates FILE] [--empty-share F]\n"
    "                    [--allow-order-dependent] [--shard K/N]\n"
    "                    [--keep-going] [-o FILE]\n\n"
    "Writes one instance per line: every combination of database, query,\n"
    "length, info amount (or density) and placement.\n"
    "  --db NAME|PATH    bundled database or SQLite file (default: all "
    "bundled);\n"
    "                    instances name a file by its stem, or NAME=PATH\n"
    "  --queries FILE    query suite (default: queries/NAME.jsonl; one --db "
    "only)\n"
    "  --query ID        only this query (ID or DB/ID); repeatable\n"
    "  --length LIST     context lengths in tokens, k = 1024 (default 8k)\n"
    "  --info-amount LIST tokens of relevant rows (default 2k)\n"
    "  --density LIST    relevant share of the length, in (0, 1]\n"
    "  --placement LIST  where relevant rows go (default uniform)\n"
    "  --tokenizer SPEC  ratio[:R] (default ratio:3.66) or a tokenizer.json\n"
    "  --distractors     same-db (default) or all-dbs (other bundled databases "
    "too)\n"
    "  --seed N          row order and templates (default 1)\n"
    "  --templates FILE  verbalize.json for a PATH database\n"
    "  --empty-share F   share of instances whose gold is empty on purpose\n"
    "                    (default 0.1); every other gold has rows\n"
    "  --allow-order-dependent  keep queries whose answer depends on the\n"
    "                    order rows are read in (refused by default)\n"
    "  --shard K/N       only the instances of shard K of N (K from 0), by a\n"
    "                    hash of the id: e.g. --shard "
    "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\n"
    "  --keep-going      skip (and name) what the data cannot fill, write\n"
    "                    the rest, exit 4 (default: stop at the first)\n"
    "  -o, --output FILE output file (default standard output)\n";

static int parse_sizes(const char *arg, const char *what, long long **v,
                       size_t *n, struct err *e)
{
	struct strlist l = STRLIST_INIT;
	int rc = 0;
	strlist_split(&l, arg, ',');
	*v = xrealloc(*v, (l.n + 1) * sizeof(**v));
	for (*n = 0; *n < l.n && !rc; (*n)++)
		rc = parse_size(l.v[*n], what, &(*v)[*n], e);
	if (!l.n)
		rc = err_set(e, ERR_USAGE, "%s: empty list", what);
	strlist_release(&l);
	return rc;
}

static int parse_densities(const char *arg, struct gen_opts *o, struct err *e)
{
	struct strlist l = STRLIST_INIT;
	int rc = 0;
	strlist_split(&l, arg, ',');
	o->densities = xrealloc(o->densities, (l.n + 1) * sizeof(double));
	for (o->ndens = 0; o->ndens < l.n && !rc; o->ndens++) {
		rc = parse_double(l.v[o->ndens], "--density", 0, 1,
		                  &o->densities[o->ndens], e);
		if (!rc && o->densities[o->ndens] <= 0)
			rc = err_set(e, ERR_USAGE, "--density must be above 0");
	}
	if (!l.n)
		rc = err_set(e, ERR_USAGE, "--density: empty list");
	strlist_release(&l);
	return rc;
}

static int parse_opt(int c, const char *arg, struct gen_opts *o, struct err *e)
{
	long long n;
	switch (c) {
	case 'd':
		strlist_push(&o->dbs, arg);
		return 0;
	case 'q':
		o->queries = arg;
		return 0;
	case 'Q':
		strlist_push(&o->query_ids, arg);
		return 0;
	case 'L':
		return parse_sizes(arg, "--length", &o->lengths, &o->nlen, e);
	case 'A':
		return parse_sizes(arg, "--info-amount", &o->infos, &o->ninfo,
		                   e);
	case 'D':
		return parse_densities(arg, o, e);
	case 'P':
		strlist_split(&o->placements, arg, ',');
		return 0;
	case 'T':
		o->tokenizer = arg;
		return 0;
	case 'M':
		o->templates = arg;
		return 0;
	case 'o':
		o->out = arg;
		return 0;
	case 'X':
		if (strcmp(arg, "same-db") && strcmp(arg, "all-dbs"))
			return err_set(
			    e, ERR_USAGE,
			    "--distractors must be same-db or all-dbs");
		o->all_dbs = !strcmp(arg, "all-dbs");
		return 0;
	case 'S':
		if (parse_long(arg, "--seed", 0, 9007199254740991LL, &n, e))
			return -1;
		o->seed = (unsigned long long)n;
		return 0;
	case 'E':
		return parse_double(arg, "--empty-share", 0, 1, &o->empty_share,
		                    e);
	case 'O':
		o->allow_order = true;
		return 0;
	case 'H':
		return shard_parse(arg, "--shard", &o->shard, e);
	case 'K':
		o->keep_going = true;
		return 0;
	}
	return err_set(e, ERR_USAGE, "unknown option");
}

/* Index of the first of v[0..n) (elements of size bytes) equal to an earlier
 * one, or n. */
static size_t repeat_at(const void *v, size_t n, size_t size)
{
	const char *p = v;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (!memcmp(p + i * size, p + k * size, size))
				return i;
	return n;
}

/* The same for strings. */
static size_t str_repeat_at(const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < i; k++)
			if (!strcmp(l->v[i], l->v[k]))
				return i;
	return l->n;
}

/* A value listed twice would give two instances one id (run refuses those). */
static int check_twice(struct gen_opts *o, struct err *e)
{
	size_t i;
	if ((i = repeat_at(o->lengths, o->nlen, sizeof(*o->lengths))) < o->nlen)
		return err_set(e, ERR_USAGE, "--length lists %lld twice",
		               o->lengths[i]);
	if ((i = repeat_at(o->infos, o->ninfo, sizeof(*o->infos))) < o->ninfo)
		return err_set(e, ERR_USAGE, "--info-amount lists %lld twice",
		               o->infos[i]);
	if ((i = repeat_at(o->densities, o->ndens, sizeof(*o->densities))) <
	    o->ndens)
		return err_set(e, ERR_USAGE, "--density lists %g twice",
		               o->densities[i]);
	/* (--queries or --templates with two --db is its own error) */
	if (!o->queries && !o->templates &&
	    (i = str_repeat_at(&o->dbs)) < o->dbs.n)
		return err_set(e, ERR_USAGE, "--db lists '%s' twice",
		               o->dbs.v[i]);
	/* placements by their canonical names: depth=0.50 is depth=0.5 */
	struct strlist names = STRLIST_INIT;
	for (i = 0; i < o->placements.n; i++) {
		struct placement p;
		struct sbuf name = SBUF_INIT;
		place_parse(o->placements.v[i], &p, NULL);
		place_name(&p, &name);
		strlist_push(&names, name.buf);
		sbuf_release(&name);
	}
	int rc = 0;
	if ((i = str_repeat_at(&names)) < names.n)
		rc = err_set(e, ERR_USAGE, "--placement lists '%s' twice",
		             names.v[i]);
	strlist_release(&names);
	return rc;
}

static int parse_args(int argc, char **argv, struct gen_opts *o, struct err *e)
{
	static const struct option longs[] = {
	    {"db", 1, 0, 'd'},
	    {"queries", 1, 0, 'q'},
	    {"query", 1, 0, 'Q'},
	    {"length", 1, 0, 'L'},
	    {"info-amount", 1, 0, 'A'},
	    {"density", 1, 0, 'D'},
	    {"placement", 1, 0, 'P'},
	    {"tokenizer", 1, 0, 'T'},
	    {"distractors", 1, 0, 'X'},
	    {"seed", 1, 0, 'S'},
	    {"templates", 1, 0, 'M'},
	    {"empty-share", 1, 0, 'E'},
	    {"allow-order-dependent", 0, 0, 'O'},
	    {"output", 1, 0, 'o'},
	    {"shard", 1, 0, 'H'},
	    {"keep-going", 0, 0, 'K'},
	    {0, 0, 0, 0}};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", longs, NULL)) != -1) {
		if (c == '?' || c == ':')
			return err_set(e, ERR_USAGE, "%s '%s'",
			               c == ':' ? "missing value for"
			                        : "unknown option",
			               argv[optind - 1]);
		if (parse_opt(c, optarg, o, e))
			return -1;
	}
	if (optind < argc)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
		               argv[optind]);
	if (o->ninfo && o->ndens)
		return err_set(e, ERR_USAGE,
		               "give --info-amount or --density, not both");
	if (outfile_not_input(o->out, o->queries, "the query suite", e) ||
	    outfile_not_input(o->out, o->templates, "the templates file", e) ||
	    outfile_not_input(o->out, o->tokenizer, "the tokenizer", e))
		return -1;
	for (size_t i = 0; i < o->dbs.n; i++)
		if (outfile_not_input(o->out, o->dbs.v[i], "the database", e))
			return -1;
	if (!o->nlen)
		parse_sizes("8k", "--length", &o->lengths, &o->nlen, e);
	if (!o->ninfo && !o->ndens)
		parse_sizes("2k", "--info-amount", &o->infos, &o->ninfo, e);
	if (!o->placements.n)
		strlist_push(&o->placements, "uniform");
	for (size_t i = 0; i < o->ninfo; i++)
		for (size_t k = 0; k < o->nlen; k++)
			if (o->infos[i] > o->lengths[k])
				return err_set(e, ERR_USAGE,
				               "--info-amount %lld is "
				               "larger than --length %lld",
				               o->infos[i], o->lengths[k]);
	/* gen_query takes floor(d * L) relevant tokens: never none */
	for (size_t i = 0; i < o->ndens; i++)
		for (size_t k = 0; k < o->nlen; k++)
			if (floor(o->densities[i] * (double)o->lengths[k]) < 1)
				return err_set(
				    e, ERR_USAGE,
				    "--density %g at --length %lld is "
				    "under one token; raise it",
				    o->densities[i], o->lengths[k]);
	for (size_t i = 0; i < o->placements.n; i++) {
		struct placement p;
		if (place_parse(o->placements.v[i], &p, e))
			return -1;
	}
	return check_twice(o, e);
}

/* Instance ids and units hold database names: two databases never share
 * one. */
static int check_names(struct gen_opts *o, struct suite *g, size_t ng,
                       struct err *e)
{
	for (size_t i = 0; i < ng; i++) {
		for (size_t k = 0; k < i; k++)
			if (!strcmp(g[i].db->name, g[k].db->name))
				return err_set(
				    e, ERR_USAGE,
				    "two databases are named '%s': name one "
				    "with --db NAME=PATH",
				    g[i].db->name);
		if (o->all_dbs && !g[i].db->bundled &&
		    db_spec_bundled(g[i].db->name))
			return err_set(e, ERR_USAGE,
			               "'%s' is named '%s' like a bundled "
			               "database that --distractors all-dbs "
			               "draws from: name it with --db NAME=PATH",
			               g[i].db->path, g[i].db->name);
	}
	return 0;
}

/* Notes on tables skipped and warnings on numbers kept as text. */
static int tell(struct suite *g, size_t ng, struct err *e)
{
	struct strlist w = STRLIST_INIT;
	int rc = 0;
	for (size_t i = 0; i < ng && !rc; i++) {
		struct db *db = g[i].db;
		for (size_t k = 0; k < db->skipped.n; k++)
			fprintf(stderr,
			        "ctxbench: note: database '%s': skipped table "
			        "'%s', %s (no query may read it)\n",
			        db->name, db->skipped.v[k], db->why.v[k]);
		rc = db_text_numbers(db, &w, e);
		for (size_t k = 0; k < w.n; k++)
			fprintf(stderr, "ctxbench: warning: database '%s': %s\n",
			        db->name, w.v[k]);
		strlist_release(&w);
	}
	return rc;
}

int cmd_gen(int argc, char **argv)
{
	struct gen_opts o = {.seed = 1, .empty_share = 0.1};
	struct suite *g = NULL;
	size_t ng = 0;
	struct err e = ERR_INIT;
	int rc;
	if (argc > 1 && cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (parse_args(argc, argv, &o, &e))
		rc = e.kind == ERR_USAGE ? cli_usage_error("gen", "%s", e.msg)
		                         : err_report(&e);
	else if (suites_open(&o.dbs, o.queries, o.templates, &o.query_ids, &g,
	                     &ng, &e) ||
	         check_names(&o, g, ng, &e) || tell(g, ng, &e))
		rc = e.kind == ERR_USAGE ? cli_usage_error("gen", "%s", e.msg)
		                         : err_report(&e);
	else if ((rc = generate(&o, g, ng, &e)) < 0)
		rc = err_report(&e);
	else
		rc = rc ? EXIT_ITEMS : EXIT_OK;
	suites_free(g, o.dbs.n);
	strlist_release(&o.dbs);
	strlist_release(&o.query_ids);
	strlist_release(&o.placements);
	free(o.lengths);
	free(o.infos);
	free(o.densities);
	return rc;
}

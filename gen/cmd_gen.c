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
#include "common/progress.h"
#include "common/sbuf.h"
#include "common/shard.h"
#include "common/xalloc.h"
#include "gen/context.h"
#include "gen/db.h"
#include "gen/instance.h"
#include "gen/locate.h"
#include "gen/place.h"
#include "gen/suite.h"
#include "tok/tok.h"

static const char usage[] =
    "usage: ctxbench gen [--db NAME|PATH]... [--queries FILE] [--query ID]...\n"
    "                    [--length 4k,8k,...] [--info-amount N,... | --density "
    "F,...]\n"
    "                    [--placement "
    "uniform,begin,middle,end,bimodal,depth=P]\n"
    "                    [--tokenizer ratio[:R]|PATH] [--distractors "
    "same-db|all-dbs]\n"
    "                    [--seed N] [--templates FILE] [--shard K/N]\n"
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
    "  --shard K/N       only the instances of shard K of N (K from 0), by a\n"
    "                    hash of the id: e.g. --shard "
    "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\n"
    "  --keep-going      skip (and name) what the data cannot fill, write\n"
    "                    the rest, exit 4 (default: stop at the first)\n"
    "  -o FILE           output file (default standard output)\n";

struct gen_opts {
	struct strlist dbs, query_ids, placements;
	long long *lengths, *infos;
	double *densities;
	size_t nlen, ninfo, ndens;
	const char *queries, *tokenizer, *templates, *out;
	bool all_dbs, keep_going;
	unsigned long long seed;
	struct shard shard;
};

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
	case 'H':
		return shard_parse(arg, "--shard", &o->shard, e);
	case 'K':
		o->keep_going = true;
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
	static const struct option longs[] = {{"db", 1, 0, 'd'},
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
				return err_set(e, ERR_USAGE,
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

struct run {
	struct gen_opts *o;
	struct tok *tok;
	struct outfile out;
	struct context c;
	struct sbuf line, gold, qname;
	struct progress prog;
	long long done, total;
	long long skipped; /* --keep-going: instances not written */
	size_t skipped_q;  /* ... and the queries they belong to */
};

/* With --keep-going, what the data cannot fill (bad input) is said and
 * skipped: n instances named by what. Anything else still stops gen. */
static int skip_or_fail(struct run *r, const char *what, long long n,
                        struct err *e)
{
	if (!r->o->keep_going || e->kind != ERR_INPUT)
		return -1;
	progress_done(&r->prog);
	fprintf(stderr, "ctxbench: warning: skipped %s: %s\n", what, e->msg);
	r->skipped += n;
	r->total -= n;
	err_clear(e);
	return 0;
}

/* The parameters of instance (li, ai, pi) of the option lists; ip->placement
 * points into pname. */
static void params_at(const struct gen_opts *o, const struct tok *t, size_t li,
                      size_t ai, size_t pi, struct inst_params *ip,
                      struct sbuf *pname)
{
	struct placement p;
	long long len = o->lengths[li];
	*ip = (struct inst_params){len, 0, -1, NULL, tok_name(t), o->seed};
	if (o->ndens) {
		ip->density = o->densities[ai];
		ip->info = (long long)floor(ip->density * (double)len);
	} else {
		ip->info = o->infos[ai];
	}
	place_parse(o->placements.v[pi], &p, NULL);
	sbuf_reset(pname);
	place_name(&p, pname);
	ip->placement = pname->buf;
}

/* True when --shard takes instance (li, ai, pi) of query q of db. */
static bool in_shard(const struct gen_opts *o, const struct tok *t,
                     const char *db, const struct query *q, size_t li,
                     size_t ai, size_t pi)
{
	struct inst_params ip;
	struct sbuf pname = SBUF_INIT, id = SBUF_INIT;
	if (!o->shard.n)
		return true;
	params_at(o, t, li, ai, pi, &ip, &pname);
	instance_id(&id, db, q->id, &ip);
	bool yes = shard_has(&o->shard, id.buf, id.len);
	sbuf_release(&pname);
	sbuf_release(&id);
	return yes;
}

static long long count_in_shard(const struct gen_opts *o, const struct tok *t,
                                const char *db, const struct query *q);

/* Every length x amount x placement instance of one query (in the shard). */
static int gen_query(struct run *r, struct suite *g, struct query *q,
                     struct db **others, size_t nothers, struct err *e)
{
	struct db_table **rel = NULL;
	size_t nrel = 0;
	sqlite3_stmt *st = NULL;
	struct ctx_query cq;
	int rc = -1;
	bool skipped = false;
	memset(&cq, 0, sizeof(cq));
	sbuf_reset(&r->qname);
	sbuf_addf(&r->qname, "%s/%s", g->db->name, q->id);
	if (db_prepare_query(g->db, q->sql, &st, &rel, &nrel, e) ||
	    ctx_query_init(&cq, g->db, rel, nrel, others, nothers, e)) {
		struct sbuf what = SBUF_INIT;
		long long n = count_in_shard(r->o, r->tok, g->db->name, q);
		sbuf_addf(&what, "query '%s' (%lld instances)", r->qname.buf,
		          n);
		if (!(rc = skip_or_fail(r, what.buf, n, e)))
			r->skipped_q++;
		sbuf_release(&what);
		goto out;
	}
	size_t na = r->o->ninfo ? r->o->ninfo : r->o->ndens;
	for (size_t li = 0; li < r->o->nlen; li++)
		for (size_t ai = 0; ai < na; ai++)
			for (size_t pi = 0; pi < r->o->placements.n; pi++) {
				struct placement p;
				struct sbuf pname = SBUF_INIT;
				struct inst_params ip;
				long long len = r->o->lengths[li];
				if (!in_shard(r->o, r->tok, g->db->name, q, li,
				              ai, pi))
					continue;
				params_at(r->o, r->tok, li, ai, pi, &ip,
				          &pname);
				place_parse(r->o->placements.v[pi], &p, e);
				sbuf_reset(&r->line);
				sbuf_reset(&r->gold);
				int bad =
				    context_build(&r->c, &cq, r->qname.buf, len,
				                  ip.info, &p, r->tok, e) ||
				    gold_compute(g->db, st, &r->c, &r->gold, e);
				if (!bad) {
					instance_write(r->out.f, &r->line,
					               g->db, q, &r->c,
					               r->gold.buf, &ip);
					progress_update(&r->prog, "gen",
					                ++r->done, r->total,
					                NULL);
				}
				if (bad) {
					struct sbuf id = SBUF_INIT;
					instance_id(&id, g->db->name, q->id,
					            &ip);
					bad = skip_or_fail(r, id.buf, 1, e);
					skipped = true;
					sbuf_release(&id);
				}
				sbuf_release(&pname);
				if (bad)
					goto out;
			}
	r->skipped_q += skipped;
	rc = 0;
out:
	if (rc && !strstr(e->msg, r->qname.buf))
		err_prefix(e, "query '%s'", r->qname.buf);
	ctx_query_release(&cq);
	sqlite3_finalize(st);
	free(rel);
	return rc;
}

/* Instances of query q that the shard takes (all without --shard). */
static long long count_in_shard(const struct gen_opts *o, const struct tok *t,
                                const char *db, const struct query *q)
{
	long long n = 0;
	for (size_t li = 0; li < o->nlen; li++)
		for (size_t ai = 0; ai < o->ninfo + o->ndens; ai++)
			for (size_t pi = 0; pi < o->placements.n; pi++)
				n += in_shard(o, t, db, q, li, ai, pi);
	return n;
}

static int gen_all(struct gen_opts *o, struct suite *g, size_t ng,
                   struct err *e)
{
	struct run r = {.o = o};
	struct db **others = NULL;
	size_t nothers = 0;
	int rc = -1;
	context_init(&r.c);
	progress_init(&r.prog);
	if (!(r.tok = tok_open(o->tokenizer ? o->tokenizer : "ratio", e)) ||
	    (o->all_dbs && suites_others(g, ng, &others, &nothers, e)))
		goto out;
	for (size_t i = 0; i < ng; i++)
		for (size_t k = 0; k < g[i].q.n; k++)
			r.total += count_in_shard(o, r.tok, g[i].db->name,
			                          &g[i].q.v[k]);
	/* validate recomputes the gold from the sentences: every row placed
	 * must read back as itself, distractors included */
	for (size_t i = 0; i < ng; i++) {
		g[i].db->readback = true;
		db_set_order(g[i].db, o->seed, r.tok);
	}
	for (size_t i = 0; i < nothers; i++) {
		others[i]->readback = true;
		db_set_order(others[i], o->seed, r.tok);
	}
	if (outfile_open(&r.out, o->out, e))
		goto out;
	for (size_t i = 0; i < ng; i++)
		for (size_t k = 0; k < g[i].q.n; k++)
			if (gen_query(&r, &g[i], &g[i].q.v[k], others, nothers,
			              e))
				goto out;
	rc = outfile_commit(&r.out, e);
	if (!rc && r.skipped) {
		fprintf(stderr,
		        "ctxbench: gen: wrote %lld instances; skipped %lld of "
		        "%lld (from %zu queries), each named above\n",
		        r.done, r.skipped, r.done + r.skipped, r.skipped_q);
		rc = 1;
	}
out:
	progress_done(&r.prog);
	outfile_abort(&r.out);
	suites_others_free(g, ng, others, nothers);
	context_release(&r.c);
	sbuf_release(&r.line);
	sbuf_release(&r.gold);
	sbuf_release(&r.qname);
	tok_free(r.tok);
	return rc;
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
	struct gen_opts o = {.seed = 1};
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
	else if ((rc = gen_all(&o, g, ng, &e)) < 0)
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

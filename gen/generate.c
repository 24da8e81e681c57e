/* Generation: every instance of every query of the suites, each built from
 * the row order gen/sample.h makes and checked before it is written. */
#include "gen/generate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/json.h"
#include "common/progress.h"
#include "common/rng.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/context.h"
#include "gen/db.h"
#include "gen/instance.h"
#include "gen/order.h"
#include "gen/place.h"
#include "gen/sample.h"
#include "gen/suite.h"
#include "tok/tok.h"

struct run {
	struct gen_opts *o;
	struct tok *tok;
	struct outfile out;
	struct context c;
	struct sbuf line, gold, rev, qname;
	struct progress prog;
	long long done, total;
	long long need;    /* the largest info amount of any setting */
	long long skipped; /* --keep-going: instances not written */
	size_t skipped_q;  /* ... and the queries they belong to */
};

/* With --keep-going, what the data cannot make (bad input) is said and
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

/* One query's state across its instances. */
struct qrun {
	struct suite *g;
	struct query *q;
	sqlite3_stmt *st; /* the query on the scratch tables */
	struct db_table **rel;
	size_t nrel;
	struct order_check *oc; /* NULL: not checked */
	struct ctx_query cq;
	struct sample smp;
	bool ordered; /* the SQL says ORDER BY */
	/* the gold in r->gold is over these relevant rows: placements of one
	 * setting share them */
	const struct ctx_seq *gold_seq;
	size_t gold_n;
	long gold_rows;
};

/* The setting of an instance: its length, info amount or density and
 * placement, as recorded. */
static void setting(struct run *r, size_t li, size_t ai, const char *place,
                    struct inst_params *ip)
{
	long long len = r->o->lengths[li];
	*ip = (struct inst_params){
	    len,  0, -1, place, tok_name(r->tok), r->o->seed, r->o->empty_share,
	    false};
	if (r->o->ndens) {
		ip->density = r->o->densities[ai];
		ip->info = (long long)floor(ip->density * (double)len);
	} else {
		ip->info = r->o->infos[ai];
	}
}

/*
 * Whether the instance is drawn to have an empty gold: a hash of the seed,
 * database, query and info setting, so the choice is the same at every
 * length and placement (comparisons across them stay paired) and does not
 * depend on any other instance.
 */
static bool drawn_empty(struct run *r, const struct qrun *x,
                        const struct inst_params *ip)
{
	struct sbuf key = SBUF_INIT;
	sbuf_addf(&key, "%s/%s/", x->g->db->name, x->q->id);
	if (ip->density >= 0) {
		sbuf_addch(&key, 'D');
		json_add_num(&key, ip->density);
	} else {
		sbuf_addf(&key, "A%lld", ip->info);
	}
	uint64_t h = hash64(key.buf, key.len, r->o->seed);
	sbuf_release(&key);
	return (double)(h >> 11) * 0x1p-53 < r->o->empty_share;
}

/* "--info-amount 1024" or "--density 0.25", to name a setting. */
static void name_setting(const struct inst_params *ip, struct sbuf *out)
{
	if (ip->density >= 0)
		sbuf_addf(out, "--density %g (length %lld)", ip->density,
		          ip->length);
	else
		sbuf_addf(out, "--info-amount %lld", ip->info);
}

/* The relevant rows of an instance: an empty answer when drawn so and the
 * data allows one at this amount, else a non-empty one. */
static const struct ctx_seq *pick_rows(struct run *r, struct qrun *x,
                                       struct inst_params *ip, struct err *e)
{
	const struct ctx_seq *s;
	if (drawn_empty(r, x, ip)) {
		if (!(s = sample_seq(&x->smp, true, r->need, e)) && e->kind)
			return NULL;
		if (s && (!s->complete || s->tokens >= ip->info)) {
			ip->meant_empty = true;
			return s;
		}
	}
	if (!(s = sample_seq(&x->smp, false, r->need, e))) {
		if (!e->kind)
			err_set(e, ERR_INPUT,
			        "its answer is empty even over every row of "
			        "the tables it reads: check its SQL");
		return NULL;
	}
	if (ip->info < s->min_tokens) {
		struct sbuf what = SBUF_INIT, fix = SBUF_INIT;
		name_setting(ip, &what);
		if (ip->density >= 0)
			sbuf_addf(&fix, "--density %.4g",
			          ceil((double)s->min_tokens /
			               (double)ip->length * 1e4) /
			              1e4);
		else
			sbuf_addf(&fix, "--info-amount %lld", s->min_tokens);
		err_set(e, ERR_INPUT,
		        "at %s its answer cannot have rows: the fewest rows "
		        "that give it one take %lld tokens; give %s or more, "
		        "or leave the query out",
		        what.buf, s->min_tokens, fix.buf);
		sbuf_release(&what);
		sbuf_release(&fix);
		return NULL;
	}
	return s;
}

/*
 * A gold that changes when SQLite reads the same rows in another order
 * (ties under ORDER BY ... LIMIT, a bare column beside an aggregate) is one
 * a reader cannot reproduce: refused unless --allow-order-dependent.
 */
static int check_order(struct run *r, struct qrun *x, struct err *e)
{
	struct sbuf up = SBUF_INIT, down = SBUF_INIT;
	int rc = 0, ties;
	if (!x->oc)
		return 0;
	sbuf_reset(&r->rev);
	if (order_check_run(x->oc, x->rel, x->nrel, &r->rev, e))
		return -1;
	if (!order_same_answer(r->gold.buf, r->rev.buf, x->ordered))
		return err_set(
		    e, ERR_INPUT,
		    "its answer depends on the order rows are read "
		    "in: over the same rows it is %.200s or %.200s; "
		    "make the answer unique (a tie-breaker in ORDER "
		    "BY, no bare columns beside aggregates), or pass "
		    "--allow-order-dependent",
		    r->gold.buf, r->rev.buf);
	/* ties under the statement's own ORDER BY, broken both ways */
	ties = order_check_ties(x->oc, &up, &down, e);
	if (ties < 0)
		rc = -1;
	else if (ties && !order_same_answer(up.buf, down.buf, x->ordered))
		rc = err_set(
		    e, ERR_INPUT,
		    "its answer depends on how ties under ORDER BY are "
		    "broken: over the same rows it is %.200s or %.200s; "
		    "add a tie-breaker to ORDER BY (a column that "
		    "differs between the tied rows), or pass "
		    "--allow-order-dependent",
		    up.buf, down.buf);
	sbuf_release(&up);
	sbuf_release(&down);
	return rc;
}

/* True when --shard takes the instance of this setting and placement. */
static bool in_shard(struct run *r, const char *db, const struct query *q,
                     size_t li, size_t ai, size_t pi)
{
	struct placement p;
	struct sbuf pname = SBUF_INIT, id = SBUF_INIT;
	struct inst_params ip;
	if (!r->o->shard.n)
		return true;
	place_parse(r->o->placements.v[pi], &p, NULL);
	place_name(&p, &pname);
	setting(r, li, ai, pname.buf, &ip);
	instance_id(&id, db, q->id, &ip);
	bool yes = shard_has(&r->o->shard, id.buf, id.len);
	sbuf_release(&pname);
	sbuf_release(&id);
	return yes;
}

static int gen_instance(struct run *r, struct qrun *x, size_t li, size_t ai,
                        size_t pi, struct err *e)
{
	struct placement p;
	struct sbuf pname = SBUF_INIT;
	struct inst_params ip;
	const struct ctx_seq *rel;
	long rows = -1;
	int rc = -1;
	place_parse(r->o->placements.v[pi], &p, e);
	place_name(&p, &pname);
	setting(r, li, ai, pname.buf, &ip);
	sbuf_reset(&r->line);
	if (!(rel = pick_rows(r, x, &ip, e)) ||
	    context_build(&r->c, &x->cq, rel, r->qname.buf, ip.length, ip.info,
	                  &p, r->tok, e))
		goto out;
	if (rel == x->gold_seq && r->c.relevant == x->gold_n) {
		rows = x->gold_rows;
	} else {
		sbuf_reset(&r->gold);
		x->gold_seq = NULL;
		if ((rows = gold_compute(x->g->db, x->st, &r->c, &r->gold, e)) <
		        0 ||
		    check_order(r, x, e))
			goto out;
		x->gold_seq = rel, x->gold_n = r->c.relevant;
		x->gold_rows = rows;
	}
	if (!ip.meant_empty &&
	    !rows) { /* the whole went over L: rows dropped */
		err_set(e, ERR_INPUT,
		        "at --length %lld the relevant rows that fit leave its "
		        "answer empty; give a larger --length",
		        ip.length);
		goto out;
	}
	instance_write(r->out.f, &r->line, x->g->db, x->q, &r->c, r->gold.buf,
	               rows, &ip);
	progress_update(&r->prog, "gen", ++r->done, r->total, NULL);
	rc = 0;
out:
	sbuf_release(&pname);
	return rc;
}

/*
 * Checks, before any instance is written, that the rows each setting takes
 * answer as drawn; a sequence built in runs (right for queries whose answer
 * does not flip as rows are added) is rebuilt row by row when one does not,
 * and then every setting is checked again.
 */
static int check_settings(struct run *r, struct qrun *x, struct err *e)
{
	size_t na = r->o->ninfo ? r->o->ninfo : r->o->ndens;
	for (size_t li = 0; li < r->o->nlen; li++)
		for (size_t ai = 0; ai < na; ai++) {
			struct inst_params ip;
			const struct ctx_seq *rel;
			long long n;
			int ok;
			setting(r, li, ai, "", &ip);
			if (!(rel = pick_rows(r, x, &ip, e)) &&
			    r->o->keep_going && e->kind == ERR_INPUT) {
				err_clear(e); /* its instances are skipped */
				continue;
			}
			if (!rel ||
			    (n = context_rel_count(&r->c, rel, ip.length,
			                           ip.info, r->tok, e)) < 0 ||
			    (ok = sample_check(&x->smp, rel, (size_t)n, e)) < 0)
				return -1;
			if (ok)
				continue;
			if (!sample_seq_exact(&x->smp, ip.meant_empty, r->need,
			                      e) &&
			    e->kind)
				return -1;
			return check_settings(r, x, e);
		}
	return 0;
}

/* Instances of query q that the shard takes (all without --shard). */
static long long count_in_shard(struct run *r, const char *db,
                                const struct query *q)
{
	long long n = 0;
	for (size_t li = 0; li < r->o->nlen; li++)
		for (size_t ai = 0; ai < r->o->ninfo + r->o->ndens; ai++)
			for (size_t pi = 0; pi < r->o->placements.n; pi++)
				n += in_shard(r, db, q, li, ai, pi);
	return n;
}

/* Sets up x for its query: SQL, row orders, the order check, every
 * setting checked. */
static int query_setup(struct run *r, struct qrun *x, struct db **others,
                       size_t nothers, struct err *e)
{
	struct db *db = x->g->db;
	const char *sql = x->q->sql;
	if (db_prepare_query(db, sql, &x->st, &x->rel, &x->nrel, e) ||
	    ctx_query_init(&x->cq, db, x->rel, x->nrel, others, nothers, e) ||
	    sample_init(&x->smp, db, sql, x->st, x->rel, x->nrel, e))
		return -1;
	if (!r->o->allow_order && !(x->oc = order_check_new(db, sql, e)) &&
	    e->kind)
		return -1;
	x->ordered = order_sql_sorted(sql);
	/* every setting, not only the shard's: each shard then builds the
	 * row orders the whole run would, and its lines are the same */
	return check_settings(r, x, e);
}

/* One instance, or (--keep-going) its name on standard error. */
static int one_instance(struct run *r, struct qrun *x, size_t li, size_t ai,
                        size_t pi, bool *skipped, struct err *e)
{
	if (!gen_instance(r, x, li, ai, pi, e))
		return 0;
	struct placement p;
	struct sbuf pname = SBUF_INIT, id = SBUF_INIT;
	struct inst_params ip;
	place_parse(r->o->placements.v[pi], &p, NULL);
	place_name(&p, &pname);
	setting(r, li, ai, pname.buf, &ip);
	instance_id(&id, x->g->db->name, x->q->id, &ip);
	int rc = skip_or_fail(r, id.buf, 1, e);
	*skipped = true;
	sbuf_release(&pname);
	sbuf_release(&id);
	return rc;
}

/* Every length x amount x placement instance of one query (in the shard). */
static int gen_query(struct run *r, struct suite *g, struct query *q,
                     struct db **others, size_t nothers, struct err *e)
{
	struct qrun x = {.g = g, .q = q};
	bool skipped = false;
	int rc = -1;
	sbuf_reset(&r->qname);
	sbuf_addf(&r->qname, "%s/%s", g->db->name, q->id);
	if (query_setup(r, &x, others, nothers, e)) {
		struct sbuf what = SBUF_INIT;
		long long n = count_in_shard(r, g->db->name, q);
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
			for (size_t pi = 0; pi < r->o->placements.n; pi++)
				if (in_shard(r, g->db->name, q, li, ai, pi) &&
				    one_instance(r, &x, li, ai, pi, &skipped,
				                 e))
					goto out;
	r->skipped_q += skipped;
	rc = 0;
out:
	if (rc && !strstr(e->msg, r->qname.buf))
		err_prefix(e, "query '%s'", r->qname.buf);
	sample_release(&x.smp);
	ctx_query_release(&x.cq);
	sqlite3_finalize(x.st);
	order_check_free(x.oc);
	free(x.rel);
	return rc;
}

/* The largest info amount of any setting: how far row orders are built. */
static long long largest_amount(const struct gen_opts *o)
{
	long long most = 0;
	for (size_t i = 0; i < o->ninfo; i++)
		if (o->infos[i] > most)
			most = o->infos[i];
	for (size_t i = 0; i < o->ndens; i++)
		for (size_t k = 0; k < o->nlen; k++) {
			long long a = (long long)floor(o->densities[i] *
			                               (double)o->lengths[k]);
			if (a > most)
				most = a;
		}
	return most;
}

int generate(struct gen_opts *o, struct suite *g, size_t ng, struct err *e)
{
	struct run r = {.o = o, .need = largest_amount(o)};
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
			r.total +=
			    count_in_shard(&r, g[i].db->name, &g[i].q.v[k]);
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
	sbuf_release(&r.rev);
	sbuf_release(&r.qname);
	tok_free(r.tok);
	return rc;
}

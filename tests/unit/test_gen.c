/* Unit tests of the generator core on the tiny fixture database. */
#include "tests/unit/check.h"

#include <stdlib.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "config.h"
#include "gen/context.h"
#include "gen/db.h"
#include "gen/instance.h"
#include "gen/place.h"
#include "gen/readback.h"
#include "gen/reader.h"
#include "gen/links.h"
#include "gen/sample.h"
#include "tok/tok.h"

/* One query of the tiny database, ready to build contexts. */
struct fix {
	struct db *db;
	struct tok *tok;
	sqlite3_stmt *st;
	struct db_table **rel;
	size_t nrel;
	struct ctx_query q;
	struct sample smp;
	const struct ctx_seq *rs; /* relevant rows, non-empty answers */
	struct context c;
};

static int fix_open(struct fix *f, const char *sql, unsigned long long seed)
{
	struct err e = ERR_INIT;
	memset(f, 0, sizeof(*f));
	setenv("CTXBENCH_DATA", CTXBENCH_DATADIR "/tests/fixtures/tiny", 1);
	f->db = db_open("tiny", NULL, 0, &e);
	f->tok = tok_open("ratio", &e);
	context_init(&f->c);
	f->c.keep_text = true;
	CHECK(f->db && f->tok);
	if (!f->db || !f->tok)
		return -1;
	db_set_order(f->db, seed, f->tok);
	if (db_prepare_query(f->db, sql, &f->st, &f->rel, &f->nrel, &e) ||
	    ctx_query_init(&f->q, f->db, f->rel, f->nrel, NULL, 0, &e) ||
	    sample_init(&f->smp, f->db, sql, f->st, f->rel, f->nrel, &e) ||
	    !(f->rs = sample_seq(&f->smp, false, 1LL << 40, &e))) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static void fix_close(struct fix *f)
{
	ctx_query_release(&f->q);
	sample_release(&f->smp);
	context_release(&f->c);
	sqlite3_finalize(f->st);
	free(f->rel);
	db_free(f->db);
	tok_free(f->tok);
}

static int build(struct fix *f, long long len, long long info,
                 const char *place)
{
	struct err e = ERR_INIT;
	struct placement p;
	CHECK(place_parse(place, &p, &e) == 0);
	int rc = context_build(&f->c, &f->q, f->rs, "tiny/q", len, info, &p,
	                       f->tok, &e);
	if (rc)
		fprintf(stderr, "%s\n", e.msg);
	return rc;
}

static bool placed(const struct context *c, struct ctx_ref r)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->u[i].ref.t->name, r.t->name) &&
		    c->u[i].ref.pos == r.pos)
			return true;
	return false;
}

/* The first row of seq (in order) that the context does not hold. */
static long long first_missing(const struct context *c,
                               const struct ctx_ref *seq, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!placed(c, seq[i]))
			return seq[i].t->units[seq[i].pos].tokens;
	return -1;
}

TEST(budgets_met_within_one_unit)
{
	struct fix f;
	const char *places[] = {"uniform", "begin",   "middle",
	                        "end",     "bimodal", "depth=0.7"};
	struct err e = ERR_INIT;
	if (fix_open(&f, "SELECT count(*) FROM people", 1))
		return;
	for (long long len = 300; len <= 1600; len += 260)
		for (long long info = 40; info <= 300 && info <= len;
		     info += 65)
			for (size_t p = 0; p < 6; p++) {
				CHECK(build(&f, len, info, places[p]) == 0);
				long long real = tok_count(f.tok, f.c.text.buf,
				                           f.c.text.len, &e);
				CHECK(real == f.c.tokens && real <= len);
				CHECK(f.c.info_tokens <= info);
				long long nr =
				    first_missing(&f.c, f.rs->v, f.rs->n);
				long long nd =
				    first_missing(&f.c, f.q.dseq, f.q.ndseq);
				/* the next unit that did not fit, with its "\n"
				 * seam */
				CHECK(nr == f.c.next_rel && nr >= 0 &&
				      info - f.c.info_tokens < nr);
				CHECK(nd == f.c.next_irr && nd >= 0 &&
				      len - real < nd + 1);
				long long sum = 0;
				for (size_t i = 0; i < f.c.n; i++)
					sum += f.c.u[i].relevant
					           ? f.c.u[i].tokens
					           : 0;
				CHECK(sum == f.c.info_tokens);
			}
	fix_close(&f);
}

static size_t count_in(const struct context *small, const struct context *big)
{
	size_t k = 0;
	for (size_t i = 0; i < small->n; i++)
		k += placed(big, small->u[i].ref);
	return k;
}

TEST(contexts_nest)
{
	struct fix f, g;
	if (fix_open(&f, "SELECT * FROM pets", 5) ||
	    fix_open(&g, "SELECT * FROM pets", 5))
		return;
	CHECK(build(&f, 600, 150, "middle") == 0);
	CHECK(build(&g, 1400, 150, "uniform") == 0);
	CHECK(count_in(&f.c, &g.c) == f.c.n && g.c.n > f.c.n);
	CHECK(build(&f, 900, 100, "begin") == 0);
	CHECK(build(&g, 900, 300, "begin") == 0);
	size_t rel = 0;
	for (size_t i = 0; i < f.c.n; i++)
		rel += f.c.u[i].relevant && placed(&g.c, f.c.u[i].ref);
	CHECK(rel == f.c.relevant && g.c.relevant > f.c.relevant);
	fix_close(&f);
	fix_close(&g);
}

TEST(no_row_twice_and_deterministic)
{
	struct fix f, g;
	if (fix_open(&f, "SELECT * FROM people, pets", 9) ||
	    fix_open(&g, "SELECT * FROM people, pets", 9))
		return;
	CHECK(build(&f, 1500, 700, "bimodal") == 0);
	CHECK(build(&g, 1500, 700, "bimodal") == 0);
	CHECK(f.c.text.len == g.c.text.len &&
	      !strcmp(f.c.text.buf, g.c.text.buf));
	for (size_t i = 0; i < f.c.n; i++)
		for (size_t k = i + 1; k < f.c.n; k++)
			CHECK(f.c.u[i].ref.t != f.c.u[k].ref.t ||
			      f.c.u[i].ref.pos != f.c.u[k].ref.pos);
	fix_close(&f);
	fix_close(&g);
	/* another seed gives another context */
	if (fix_open(&f, "SELECT * FROM people, pets", 9) ||
	    fix_open(&g, "SELECT * FROM people, pets", 10))
		return;
	CHECK(build(&f, 1500, 700, "bimodal") == 0);
	CHECK(build(&g, 1500, 700, "bimodal") == 0);
	CHECK(strcmp(f.c.text.buf, g.c.text.buf) != 0);
	fix_close(&f);
	fix_close(&g);
}

/* Positions of the first and last relevant unit, and how many there are. */
static void span(const struct context *c, size_t *first, size_t *last)
{
	*first = c->n, *last = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->u[i].relevant) {
			if (*first == c->n)
				*first = i;
			*last = i;
		}
}

TEST(placement_geometry)
{
	struct fix f;
	size_t a, b;
	if (fix_open(&f, "SELECT * FROM people", 2))
		return;
	CHECK(build(&f, 1200, 200, "begin") == 0);
	span(&f.c, &a, &b);
	CHECK(a == 0 && b == f.c.relevant - 1);
	CHECK(build(&f, 1200, 200, "end") == 0);
	span(&f.c, &a, &b);
	CHECK(b == f.c.n - 1 && a == f.c.n - f.c.relevant);
	CHECK(build(&f, 1200, 200, "middle") == 0);
	span(&f.c, &a, &b);
	CHECK(b - a + 1 == f.c.relevant && a > 0 && b < f.c.n - 1);
	/* centred: the irrelevant tokens before and after differ by at most a
	 * unit */
	long long before = f.c.u[a].start,
	          after = (long long)f.c.text.len - f.c.u[b + 1].start;
	CHECK(llabs(before - after) < 400);
	CHECK(build(&f, 1200, 200, "bimodal") == 0);
	CHECK(f.c.u[0].relevant && f.c.u[f.c.n - 1].relevant);
	CHECK(build(&f, 1200, 200, "uniform") == 0);
	span(&f.c, &a, &b);
	CHECK(a < f.c.n / 4 && b > 3 * f.c.n / 4);
	fix_close(&f);
}

TEST(data_cannot_fill)
{
	struct fix f;
	struct err e = ERR_INIT;
	struct placement p = {PLACE_UNIFORM, 0};
	if (fix_open(&f, "SELECT * FROM cities", 1))
		return;
	CHECK(context_build(&f.c, &f.q, f.rs, "tiny/qc", 4096, 2048, &p, f.tok,
	                    &e) == -1);
	CHECK(
	    strstr(e.msg,
	           "query 'tiny/qc' reads tables with only 108 tokens of rows; "
	           "an info amount of 2048 tokens cannot be met") != NULL);
	CHECK(context_build(&f.c, &f.q, f.rs, "tiny/qc", 100000, 50, &p, f.tok,
	                    &e) == -1);
	CHECK(strstr(e.msg, "hold only") && strstr(e.msg, "--length 100000") &&
	      strstr(e.msg, "--distractors all-dbs"));
	fix_close(&f);
}

TEST(relevant_tables_by_authorizer)
{
	struct fix f;
	struct err e = ERR_INIT;
	sqlite3_stmt *st = NULL;
	struct db_table **rel = NULL;
	size_t n = 0;
	if (fix_open(&f,
	             "SELECT p.name FROM pets p WHERE p.owner_id IN "
	             "(SELECT id FROM people WHERE age > 30)",
	             1))
		return;
	CHECK(f.nrel == 2 && !strcmp(f.rel[0]->name, "people") &&
	      !strcmp(f.rel[1]->name, "pets"));
	CHECK(db_prepare_query(f.db, "SELECT 1 + 1", &st, &rel, &n, &e) == -1);
	CHECK(strstr(e.msg, "reads no table") != NULL);
	CHECK(db_prepare_query(f.db, "SELECT nope FROM people", &st, &rel, &n,
	                       &e) == -1);
	CHECK(strstr(e.msg, "no such column: nope") != NULL);
	fix_close(&f);
}

TEST(no_read_outside_main)
{
	struct fix f;
	struct err e = ERR_INIT;
	sqlite3_stmt *st = NULL;
	struct db_table **rel = NULL;
	size_t n = 0;
	if (fix_open(&f,
	             "WITH c AS (SELECT age FROM people) "
	             "SELECT count(*) FROM c",
	             1))
		return;
	CHECK(f.nrel == 1 && !strcmp(f.rel[0]->name, "people"));
	CHECK(db_prepare_query(f.db, "SELECT count(*) FROM src.people", &st,
	                       &rel, &n, &e) == -1);
	CHECK(e.kind == ERR_INPUT && strstr(e.msg, "reads 'src.people'"));
	CHECK(st == NULL);
	CHECK(db_prepare_query(f.db, "SELECT count(*) FROM main.people", &st,
	                       &rel, &n, &e) == 0);
	sqlite3_finalize(st);
	free(rel);
	fix_close(&f);
}

/* Checks the sentence of people row 1 (1, 'Ben Reed', 2, 41, 1.58) with its
 * typed values changed by change; want NULL: passes, else a message part. */
static void readback(struct fix *f, void (*change)(struct readback_val *),
                     struct db_table *as, const char *want)
{
	struct err e = ERR_INIT;
	struct db_table *t = db_table(f->db, "people");
	size_t pos = (size_t)db_pos(t, 1);
	struct sbuf vals[5];
	bool isnull[5];
	struct readback_val v[5] = {{SQLITE_INTEGER, 1, 0},
	                            {SQLITE_TEXT, 0, 0},
	                            {SQLITE_INTEGER, 2, 0},
	                            {SQLITE_INTEGER, 41, 0},
	                            {SQLITE_FLOAT, 0, 1.58}};
	const struct db_unit *u = db_unit(t, pos, &e);
	for (size_t i = 0; i < 5; i++)
		sbuf_init(&vals[i]);
	CHECK(u && t->ncols == 5 && !db_row_text(t, pos, vals, isnull, &e));
	if (change)
		change(v);
	int rc = u ? readback_check(as ? as : t, pos, u->text, u->len, vals,
	                            isnull, v, &e)
	           : -1;
	CHECK(rc == (want ? -1 : 0));
	if (want && !strstr(e.msg, want))
		fprintf(stderr, "message '%s' lacks '%s'\n", e.msg, want);
	CHECK(!want || strstr(e.msg, want));
	for (size_t i = 0; i < 5; i++)
		sbuf_release(&vals[i]);
}

static void age_as_text(struct readback_val *v)
{
	v[3] = (struct readback_val){SQLITE_TEXT, 0, 0};
}

static void height_off(struct readback_val *v)
{
	v[4].r += 1e-13;
}

static void name_as_blob(struct readback_val *v)
{
	v[1].type = SQLITE_BLOB;
}

TEST(readback_catches_what_validate_would)
{
	struct fix f;
	if (fix_open(&f, "SELECT count(*) FROM people", 1))
		return;
	readback(&f, NULL, NULL, NULL);
	readback(&f, age_as_text, NULL,
	         "table 'people' rowid 1: column 'age' holds text '41' but "
	         "reads back from its sentence as integer 41");
	readback(&f, height_off, NULL, "column 'height' holds real 1.58000");
	readback(&f, name_as_blob, NULL, "column 'name' holds a blob");
	readback(&f, NULL, db_table(f.db, "pets"),
	         "table 'pets' rowid 1: its sentence \"");
	fix_close(&f);
}

TEST(gold_over_placed_rows_only)
{
	struct fix f;
	struct err e = ERR_INIT;
	struct sbuf gold = SBUF_INIT, want = SBUF_INIT;
	if (fix_open(&f, "SELECT count(*) AS n, max(age) FROM people", 3))
		return;
	CHECK(build(&f, 800, 150, "middle") == 0);
	CHECK(gold_compute(f.db, f.st, &f.c, &gold, &e) == 1);
	sbuf_addf(&want,
	          "{\"columns\": [\"n\", \"max(age)\"], \"rows\": [[%zu, ",
	          f.c.relevant);
	CHECK(!strncmp(gold.buf, want.buf, want.len));
	/* the reader finds the same answer from the text alone */
	struct sbuf reply = SBUF_INIT;
	setenv("CTXBENCH_DATA", CTXBENCH_DATADIR "/tests/fixtures/tiny", 1);
	CHECK(reader_answer("tiny", NULL,
	                    "SELECT count(*) AS n, max(age) FROM people",
	                    f.c.text.buf, f.c.text.len, &reply, &e) == 0);
	const char *rows = strstr(gold.buf, "\"rows\": ") + 8;
	struct sbuf fa = SBUF_INIT;
	sbuf_addf(&fa, "Final answer: %.*s", (int)(strlen(rows) - 1), rows);
	CHECK(strstr(reply.buf, fa.buf) != NULL);
	reader_cleanup();
	sbuf_release(&reply);
	sbuf_release(&fa);
	sbuf_release(&gold);
	sbuf_release(&want);
	fix_close(&f);
}

/* The join columns the sampler reads from SQL, for several ways of writing a
 * join (and comparisons that are not joins). */
TEST(sql_join_pairs)
{
	static const char *const cases[][2] = {
	    {"SELECT pets.name, people.name FROM pets JOIN people ON "
	     "pets.owner_id = people.id",
	     "pets.owner_id=people.id\n"},
	    {"SELECT p.name FROM people p, cities c WHERE c.id = p.city_id AND "
	     "c.country = 'France'",
	     "cities.id=people.city_id\n"},
	    {"SELECT \"p\".\"name\" FROM \"people\" AS \"p\" JOIN pets ON "
	     "pets.owner_id = \"p\".\"id\"",
	     "pets.owner_id=people.id\n"},
	    {"SELECT name FROM people WHERE age = (SELECT MAX(age) FROM "
	     "people)",
	     ""},
	    {"SELECT p.name FROM people p JOIN pets q ON q.owner_id = p.id + 1",
	     ""},
	    {"SELECT p.name FROM people p JOIN pets q ON 1 + q.owner_id = p.id",
	     ""},
	    {"SELECT pets.name FROM pets, people WHERE people.id = owner_id",
	     "people.id=pets.owner_id\n"},
	    /* a column equal to itself (a self-join, a correlated subquery)
	     * links nothing: most rows would pair with most others */
	    {"SELECT a.name FROM people a JOIN people b ON a.city_id = "
	     "b.city_id",
	     ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fix f;
		struct sbuf got = SBUF_INIT;
		if (fix_open(&f, cases[i][0], 1)) {
			CHECK(!"the case's SQL prepares");
			return;
		}
		links_sql_pairs(f.db, cases[i][0], f.rel, f.nrel, &got);
		if (strcmp(got.buf, cases[i][1]))
			fprintf(stderr, "case %zu: got '%s'\n", i, got.buf);
		CHECK(!strcmp(got.buf, cases[i][1]));
		sbuf_release(&got);
		fix_close(&f);
	}
}

/* A selective query's witness is the one row that answers it; every prefix
 * of the sequence from there on answers, and every prefix of the empty
 * sequence does not. */
TEST(sample_prefixes_answer_as_wanted)
{
	struct fix f;
	struct err e = ERR_INIT;
	const char *sql = "SELECT name FROM people WHERE age > 70";
	if (fix_open(&f, sql, 4))
		return;
	const struct ctx_seq *rows = f.rs;
	CHECK(rows->n > 1 &&
	      rows->min_tokens == rows->v[0].t->units[rows->v[0].pos].tokens);
	for (size_t n = 1; n <= rows->n; n++)
		CHECK(sample_check(&f.smp, rows, n, &e) == 1);
	CHECK(sample_check(&f.smp, rows, 0, &e) == 0);
	const struct ctx_seq *none = sample_seq(&f.smp, true, 1LL << 40, &e);
	CHECK(none && none->n > 0 && none->complete);
	for (size_t n = 0; none && n <= none->n; n++)
		CHECK(sample_check(&f.smp, none, n, &e) == 1);
	/* the rows of the empty sequence are exactly those at most 70 */
	size_t young = 0;
	for (size_t i = 0; i < f.rel[0]->nrows; i++) {
		struct sbuf v[8];
		bool isnull[8];
		for (size_t k = 0; k < 8; k++)
			sbuf_init(&v[k]);
		CHECK(db_row_text(f.rel[0], i, v, isnull, &e) == 0);
		young += strtol(v[3].buf, NULL, 10) <= 70;
		for (size_t k = 0; k < 8; k++)
			sbuf_release(&v[k]);
	}
	CHECK(none && none->n == young);
	fix_close(&f);
}

/* An ungrouped aggregate answers over no rows: no empty sequence exists. */
TEST(sample_never_empty)
{
	struct fix f;
	struct err e = ERR_INIT;
	if (fix_open(&f, "SELECT count(*) FROM people", 1))
		return;
	CHECK(sample_seq(&f.smp, true, 1000, &e) == NULL && !e.kind);
	CHECK(f.smp.never_empty && f.rs->min_tokens == 0);
	fix_close(&f);
}

/* Tests of probe/probe: budgets, evidence, unique keys, determinism, reader. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "probe/codegen.h"
#include "probe/probe.h"
#include "tok/tok.h"

static const enum probe_task all_tasks[] = {PROBE_ENTITY, PROBE_SENTENCE,
                                            PROBE_FUNCTION, PROBE_KV};

/* The last generator, reused while task, length and seed stay the same (loading
 * a database takes a while). */
static struct {
	struct probe *p;
	struct tok *t;
	struct probe_opts o;
} cache;

static void cache_drop(void)
{
	probe_free(cache.p);
	tok_free(cache.t);
	memset(&cache, 0, sizeof(cache));
}

/* Generates one instance as text into out; returns the error kind (ERR_NONE on
 * success). */
static enum err_kind gen_text(enum probe_task task, long long L, double depth,
                              long long k, uint64_t seed, struct sbuf *out)
{
	struct err e = ERR_INIT;
	struct probe_opts o = {task, L, NULL, seed, NULL};
	if (!cache.p || cache.o.task != task || cache.o.length != L ||
	    cache.o.seed != seed) {
		static int registered;
		if (!registered++)
			atexit(cache_drop);
		cache_drop();
		cache.t = tok_open("ratio", &e);
		cache.o = o;
		cache.p = probe_new(&o, cache.t, &e);
	}
	if (cache.p && probe_instance(cache.p, k, depth, out, &e))
		CHECK(e.kind != ERR_NONE);
	if (e.kind != ERR_NONE)
		fprintf(stderr, "probe: %s\n", e.msg);
	return e.kind;
}

static cJSON *gen(enum probe_task task, long long L, double depth, long long k,
                  uint64_t seed)
{
	struct sbuf s = SBUF_INIT;
	cJSON *j = NULL;
	if (gen_text(task, L, depth, k, seed, &s) == ERR_NONE)
		j = json_parse(s.buf, s.len, NULL);
	sbuf_release(&s);
	CHECK(j != NULL);
	return j;
}

static const cJSON *get(const cJSON *o, const char *path1, const char *path2)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, path1);
	return path2 ? cJSON_GetObjectItemCaseSensitive(v, path2) : v;
}

static long long num(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = get(o, a, b);
	return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

static const char *str(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = get(o, a, b);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (const char *h = hay; (h = strstr(h, needle)); h += k ? k : 1)
		n++;
	return n;
}

static long long ratio_tokens(const char *s, size_t n)
{
	return (long long)ceil((double)utf8_count(s, n) / 3.66);
}

/* The checks every probe instance must pass. */
static void check_instance(const cJSON *j, enum probe_task task, long long L)
{
	const char *ctx = str(j, "context", NULL),
	           *key = str(j, "probe", "key");
	size_t n = strlen(ctx);
	long long es = num(j, "probe", "evidence_start");
	const char *gold =
	    cJSON_GetArrayItem(cJSON_GetArrayItem(get(j, "gold", "rows"), 0), 0)
	        ->valuestring;
	CHECK_STR(str(j, "probe", "task"), probe_task_name(task));
	CHECK(num(j, "stats", "context_tokens") == ratio_tokens(ctx, n));
	CHECK(num(j, "stats", "context_tokens") <= L);
	CHECK(num(j, "probe", "token_position") ==
	      ratio_tokens(ctx, (size_t)es));
	CHECK(*key && count_of(ctx, key) == 1);
	CHECK(es >= 0 && (size_t)es < n);
	/* the key lies inside the evidence, which starts at evidence_start */
	const char *at = strstr(ctx, key);
	CHECK(at && at >= ctx + es);
	CHECK(at && (size_t)(at - ctx - es) < 2000);
	if (task == PROBE_SENTENCE)
		CHECK(!strncmp(ctx + es, gold, strlen(gold)));
	if (task == PROBE_ENTITY)
		CHECK(!strncmp(ctx + es, "id: ", 4) &&
		      !strncmp(ctx + es + 4, key, strlen(key)));
	if (task == PROBE_KV)
		CHECK(ctx[es] == '"' &&
		      !strncmp(ctx + es + 1, key, strlen(key)));
	if (task == PROBE_FUNCTION)
		CHECK(!strncmp(ctx + es, "static ", 7) &&
		      strstr(ctx + es, gold) < strstr(ctx + es, "("));
	/* units: in context order, exactly one relevant, at evidence_start */
	const cJSON *units = get(j, "units", NULL), *u;
	long long prev = -1, relevant = 0;
	cJSON_ArrayForEach(u, units)
	{
		CHECK(num(u, "start", NULL) > prev);
		prev = num(u, "start", NULL);
		if (cJSON_IsTrue(get(u, "relevant", NULL))) {
			relevant++;
			CHECK(prev == es);
			CHECK(num(u, "tokens", NULL) ==
			      num(j, "probe", "evidence_tokens"));
		}
	}
	CHECK(relevant == 1);
	CHECK(num(j, "stats", "units") == cJSON_GetArraySize(units));
	struct err ve = ERR_INIT;
	CHECK(probe_validate(j, cache.t, &ve) == 0);
	if (ve.kind != ERR_NONE)
		fprintf(stderr, "validate: %s\n", ve.msg);
	/* the reference reader finds the gold answer from the context */
	struct sbuf reply = SBUF_INIT, want = SBUF_INIT;
	struct err e = ERR_INIT;
	CHECK(probe_answer(j, &reply, &e) == 0);
	sbuf_adds(&want, "Final answer: [[");
	json_add_str(&want, gold);
	sbuf_adds(&want, "]]");
	CHECK(strstr(reply.buf, want.buf) != NULL);
	if (!strstr(reply.buf, want.buf))
		fprintf(stderr, "reply: %s\nwant: %s\n", reply.buf, want.buf);
	sbuf_release(&reply);
	sbuf_release(&want);
}

TEST(positions)
{
	double *d;
	size_t n;
	struct err e = ERR_INIT;
	CHECK(probe_positions_parse("5", &d, &n, &e) == 0 && n == 5);
	CHECK(d[0] == 0 && d[1] == 0.25 && d[2] == 0.5 && d[4] == 1);
	free(d);
	CHECK(probe_positions_parse("1", &d, &n, &e) == 0 && n == 1 &&
	      d[0] == 0.5);
	free(d);
	CHECK(probe_positions_parse("1000", &d, &n, &e) == 0 && n == 1000);
	free(d);
	CHECK(probe_positions_parse("depth=0.1,depth=0.9", &d, &n, &e) == 0);
	CHECK(n == 2 && d[0] == 0.1 && d[1] == 0.9);
	free(d);
	const char *bad[] = {"0",
	                     "-3",
	                     "x",
	                     "depth=2",
	                     "middle,depth=0.5",
	                     "depth=0.5,begin",
	                     ",",
	                     "2.5",
	                     "1001",
	                     "depth=0.5,depth=0.50"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		err_clear(&e);
		CHECK(probe_positions_parse(bad[i], &d, &n, &e) == -1);
		CHECK(e.kind == ERR_USAGE && d == NULL && n == 0);
	}
}

TEST(task_names)
{
	enum probe_task t;
	struct err e = ERR_INIT;
	for (size_t i = 0; i < 4; i++) {
		CHECK(probe_task_parse(probe_task_name(all_tasks[i]), &t, &e) ==
		      0);
		CHECK(t == all_tasks[i]);
	}
	CHECK(probe_task_parse("kvs", &t, &e) == -1 && e.kind == ERR_USAGE);
	CHECK(strstr(e.msg, "'kvs'") != NULL);
}

/* Every task at several depths and lengths passes the instance checks. */
TEST(every_task_every_depth)
{
	const double depths[] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};
	const long long lengths[] = {400, 3000};
	for (size_t t = 0; t < 4; t++) {
		for (size_t l = 0; l < 2; l++) {
			long long prev = -1;
			for (size_t d = 0; d < 7; d++) {
				cJSON *j = gen(all_tasks[t], lengths[l],
				               depths[d], 2, 7);
				if (!j)
					continue;
				check_instance(j, all_tasks[t], lengths[l]);
				/* deeper means later in the context */
				CHECK(num(j, "probe", "evidence_start") >=
				      prev);
				prev = num(j, "probe", "evidence_start");
				cJSON_Delete(j);
			}
		}
	}
}

/* The evidence sits where the depth asks, within one unit. */
TEST(depth_accuracy)
{
	for (size_t t = 0; t < 4; t++) {
		for (double d = 0; d <= 1.0001; d += 0.125) {
			cJSON *j = gen(all_tasks[t], 8192, d, 1, 3);
			if (!j)
				continue;
			double ctx = (double)num(j, "stats", "context_tokens");
			double pos = (double)num(j, "probe", "token_position");
			double unit =
			    2.0 * (double)num(j, "probe", "evidence_tokens") +
			    200;
			CHECK(fabs(pos - d * ctx) <= unit);
			cJSON_Delete(j);
		}
	}
}

/* No avoidable undershoot: kv units are all one size, so the gap is below one
 * unit. */
TEST(budget_no_undershoot)
{
	const long long lengths[] = {100, 1000, 4096, 32768};
	for (size_t i = 0; i < 4; i++) {
		cJSON *j = gen(PROBE_KV, lengths[i], 0.5, 1, 1);
		if (!j)
			continue;
		long long gap = lengths[i] - num(j, "stats", "context_tokens");
		CHECK(gap >= 0 && gap < num(j, "probe", "evidence_tokens") + 1);
		cJSON_Delete(j);
	}
}

/* Same arguments give the same bytes; another seed or sample gives others. */
TEST(determinism)
{
	for (size_t t = 0; t < 4; t++) {
		struct sbuf a = SBUF_INIT, b = SBUF_INIT, c = SBUF_INIT,
		            d = SBUF_INIT;
		CHECK(gen_text(all_tasks[t], 2000, 0.3, 2, 5, &a) == ERR_NONE);
		cache_drop(); /* a fresh generator, not the one that made a */
		CHECK(gen_text(all_tasks[t], 2000, 0.3, 2, 5, &b) == ERR_NONE);
		CHECK(gen_text(all_tasks[t], 2000, 0.3, 2, 6, &c) == ERR_NONE);
		CHECK(gen_text(all_tasks[t], 2000, 0.3, 3, 5, &d) == ERR_NONE);
		CHECK(a.len > 0 && !strcmp(a.buf, b.buf));
		CHECK(strcmp(a.buf, c.buf) != 0);
		CHECK(strcmp(a.buf, d.buf) != 0);
		sbuf_release(&a), sbuf_release(&b), sbuf_release(&c),
		    sbuf_release(&d);
	}
}

/* One sample holds the same units at every depth: only the order changes. */
TEST(sample_same_across_depths)
{
	for (size_t t = 0; t < 4; t++) {
		cJSON *a = gen(all_tasks[t], 1500, 0, 1, 9);
		cJSON *b = gen(all_tasks[t], 1500, 1, 1, 9);
		if (!a || !b)
			goto next;
		CHECK_STR(str(a, "probe", "key"), str(b, "probe", "key"));
		CHECK(num(a, "stats", "units") == num(b, "stats", "units"));
		CHECK(strlen(str(a, "context", NULL)) ==
		      strlen(str(b, "context", NULL)));
		CHECK(num(a, "probe", "evidence_start") <
		      num(b, "probe", "evidence_start"));
	next:
		cJSON_Delete(a);
		cJSON_Delete(b);
	}
}

/* Function names and kv keys are all distinct within a context. */
TEST(distinct_names_and_keys)
{
	cJSON *j = gen(PROBE_FUNCTION, 32768, 0.5, 1, 1);
	const char *ctx = j ? str(j, "context", NULL) : "";
	size_t nf = 0;
	for (const char *p = ctx; (p = strstr(p, "static ")); p++) {
		const char *paren = strchr(p, '('), *s = paren;
		while (s > p && s[-1] != ' ')
			s--;
		struct sbuf name = SBUF_INIT;
		sbuf_add(&name, s, (size_t)(paren - s));
		sbuf_addch(&name, '(');
		CHECK(count_of(ctx, name.buf) == 1);
		sbuf_release(&name);
		nf++;
	}
	CHECK(nf > 100);
	cJSON_Delete(j);
	j = gen(PROBE_KV, 32768, 0.5, 1, 1);
	ctx = j ? str(j, "context", NULL) : "";
	size_t nk = 0;
	for (const char *p = ctx; (p = strstr(p, "\n\"")); p++) {
		struct sbuf uuid = SBUF_INIT;
		sbuf_add(&uuid, p + 2, 36);
		CHECK(count_of(ctx, uuid.buf) == 1);
		sbuf_release(&uuid);
		nk++;
	}
	CHECK(nk > 1000);
	cJSON *doc = j ? cJSON_Parse(ctx) : NULL;
	CHECK(cJSON_IsObject(doc) && (size_t)cJSON_GetArraySize(doc) == nk);
	cJSON_Delete(doc);
	cJSON_Delete(j);
}

TEST(length_too_small)
{
	for (size_t t = 0; t < 4; t++) {
		struct sbuf s = SBUF_INIT;
		CHECK(gen_text(all_tasks[t], 5, 0.5, 1, 1, &s) == ERR_USAGE);
		/* the same generator again: the failed sample was not kept */
		CHECK(gen_text(all_tasks[t], 5, 0.5, 1, 1, &s) == ERR_USAGE);
		CHECK(s.len == 0);
		sbuf_release(&s);
	}
}

/* A length past PROBE_MAX_LENGTH is refused before anything is made. */
TEST(length_too_large)
{
	struct err e = ERR_INIT;
	struct tok *t = tok_open("ratio", &e);
	struct probe_opts o = {PROBE_KV, PROBE_MAX_LENGTH + 1, NULL, 1, NULL};
	struct probe *p = probe_new(&o, t, &e);
	CHECK(p == NULL && e.kind == ERR_USAGE);
	CHECK(strstr(e.msg, "the largest probe length is 4194304") != NULL);
	err_clear(&e);
	CHECK(probe_length_check(PROBE_MAX_LENGTH, &e) == 0);
	probe_free(p);
	tok_free(t);
}

TEST(unknown_database)
{
	struct err e = ERR_INIT;
	struct tok *t = tok_open("ratio", &e);
	struct probe_opts o = {PROBE_SENTENCE, 1000, "no-such-db", 1, NULL};
	struct probe *p = probe_new(&o, t, &e);
	CHECK(p == NULL && e.kind != ERR_NONE);
	CHECK(strstr(e.msg, "no-such-db") != NULL);
	probe_free(p);
	tok_free(t);
}

/* The reader answers [] when the key is gone and refuses non-probe instances.
 */
TEST(answer_missing_key)
{
	struct sbuf r = SBUF_INIT;
	struct err e = ERR_INIT;
	const char *cases[] = {
	    "{\"context\":\"{\\n\\\"a\\\": "
	    "\\\"b\\\"\\n}\",\"probe\":{\"task\":\"kv\",\"key\":\"z\"}}",
	    "{\"context\":\"x\",\"probe\":{\"task\":\"function\",\"key\":\"y = "
	    "1;\"}}",
	    "{\"context\":\"id: E1 | label: "
	    "L\",\"probe\":{\"task\":\"entity\",\"key\":\"E1\"}}",
	};
	for (size_t i = 0; i < 3; i++) {
		cJSON *j = cJSON_Parse(cases[i]);
		sbuf_reset(&r);
		CHECK(probe_answer(j, &r, &e) == 0);
		CHECK(strstr(r.buf, "Final answer: []") != NULL);
		cJSON_Delete(j);
	}
	cJSON *j = cJSON_Parse("{\"context\":\"x\",\"question\":\"q\"}");
	CHECK(probe_answer(j, &r, &e) == -1 && e.kind == ERR_INPUT);
	cJSON_Delete(j);
	j = cJSON_Parse(
	    "{\"context\":\"x\",\"probe\":{\"task\":\"nope\",\"key\":\"x\"}}");
	CHECK(probe_answer(j, &r, &e) == -1);
	cJSON_Delete(j);
	sbuf_release(&r);
}

/* Quotes and backslashes in an answer come back as valid JSON. */
TEST(answer_escapes)
{
	cJSON *j = cJSON_Parse(
	    "{\"context\":\"a\\nthe \\\"odd\\\" one here\\nb\","
	    "\"probe\":{\"task\":\"sentence\",\"key\":\"odd\\\" one\"}}");
	struct sbuf r = SBUF_INIT;
	struct err e = ERR_INIT;
	CHECK(probe_answer(j, &r, &e) == 0);
	const char *fa = strstr(r.buf, "Final answer: ");
	cJSON *rows = fa ? cJSON_Parse(fa + 14) : NULL;
	CHECK_STR(
	    cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 0), 0)->valuestring,
	    "the \"odd\" one here");
	cJSON_Delete(rows);
	cJSON_Delete(j);
	sbuf_release(&r);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(codegen_distinct)
{
	struct codegen *g = codegen_new(1, "x"), *h = codegen_new(1, "x");
	struct sbuf t1 = SBUF_INIT, n1 = SBUF_INIT, t2 = SBUF_INIT,
	            n2 = SBUF_INIT;
	struct err e = ERR_INIT;
	size_t cap = codegen_capacity();
	char **names = calloc(cap, sizeof(*names));
	/* every name once, then a clear error */
	for (size_t i = 0; i < cap; i++) {
		sbuf_reset(&n1);
		sbuf_reset(&t1);
		CHECK(codegen_next(g, &t1, &n1, &e) == 0);
		names[i] = strdup(n1.buf);
		if (i < 50) {
			sbuf_reset(&n2);
			sbuf_reset(&t2);
			codegen_next(h, &t2, &n2, &e);
			CHECK_STR(t1.buf, t2.buf);
		}
	}
	CHECK(codegen_next(g, &t1, &n1, &e) == -1 && e.kind == ERR_INPUT);
	qsort(names, cap, sizeof(*names), cmp_str);
	for (size_t i = 1; i < cap; i++)
		CHECK(strcmp(names[i - 1], names[i]) != 0);
	for (size_t i = 0; i < cap; i++)
		free(names[i]);
	free(names);
	codegen_free(g);
	codegen_free(h);
	sbuf_release(&t1), sbuf_release(&n1), sbuf_release(&t2),
	    sbuf_release(&n2);
}

/* probe_validate catches a wrong gold, a repeated key and a moved
 * evidence_start. */
TEST(validate_catches)
{
	for (size_t t = 0; t < 4; t++) {
		struct err e = ERR_INIT;
		cJSON *j = gen(all_tasks[t], 1000, 0.5, 1, 2);
		if (!j)
			continue;
		cJSON *bad = cJSON_Duplicate(j, 1);
		cJSON *row = cJSON_GetArrayItem(get(bad, "gold", "rows"), 0);
		cJSON_ReplaceItemInArray(row, 0, cJSON_CreateString("nope"));
		CHECK(probe_validate(bad, cache.t, &e) == -1 &&
		      strstr(e.msg, "'nope'"));
		cJSON_Delete(bad);

		bad = cJSON_Duplicate(j, 1);
		struct sbuf twice = SBUF_INIT;
		sbuf_adds(&twice, str(j, "context", NULL));
		sbuf_adds(&twice, "\n");
		sbuf_adds(&twice, str(j, "probe", "key"));
		cJSON_ReplaceItemInObject(bad, "context",
		                          cJSON_CreateString(twice.buf));
		err_clear(&e);
		CHECK(probe_validate(bad, cache.t, &e) == -1 &&
		      strstr(e.msg, "2 times"));
		sbuf_release(&twice);
		cJSON_Delete(bad);

		bad = cJSON_Duplicate(j, 1);
		cJSON_ReplaceItemInObject(cJSON_GetObjectItem(bad, "probe"),
		                          "evidence_start",
		                          cJSON_CreateNumber(1));
		err_clear(&e);
		CHECK(probe_validate(bad, cache.t, &e) == -1 &&
		      strstr(e.msg, "evidence_start"));
		cJSON_Delete(bad);
		cJSON_Delete(j);
	}
}

/* Samples of a database task start from different rows: their evidence differs.
 */
TEST(samples_distinct_evidence)
{
	const enum probe_task db_tasks[] = {PROBE_ENTITY, PROBE_SENTENCE};
	for (size_t t = 0; t < 2; t++) {
		char seen[12][64];
		for (int k = 1; k <= 12; k++) {
			cJSON *j = gen(db_tasks[t], 800, 0.5, k, 3), *u;
			seen[k - 1][0] = 0;
			cJSON_ArrayForEach(u, get(j, "units", NULL))
			{
				if (cJSON_IsTrue(get(u, "relevant", NULL)))
					snprintf(seen[k - 1], 64, "%s:%lld",
					         str(u, "table", NULL),
					         num(u, "rowid", NULL));
			}
			CHECK(seen[k - 1][0] != 0);
			for (int i = 0; i < k - 1; i++)
				CHECK(strcmp(seen[i], seen[k - 1]) != 0);
			cJSON_Delete(j);
		}
	}
}

/* Probe units: pairs and functions made on demand, rows loaded once. */
#include "probe/probe_src.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/rng.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "probe/codegen.h"
#include "probe/probe_db.h"
#include "tok/tok.h"

struct probe_src {
	enum probe_task task;
	uint64_t seed;
	struct tok *tok;
	/* the current sample's sequence (synthesized) or the row pool (db) */
	struct probe_item *items;
	size_t n, cap;
	size_t *perm;   /* db: the current sample's order of items */
	size_t *inv;    /* db: position of each item in perm */
	size_t *eperm;  /* db: one order of evidence rows for all samples */
	long long k;    /* the current sample */
	char *db;       /* db: its name; NULL for synthesized tasks */
	char sha256[65]; /* db: its content hash */
	struct rng rng; /* kv: the current sample's stream */
	struct codegen *code; /* function: the current sample's generator */
};

static void item_release(struct probe_item *it)
{
	free(it->text);
	free(it->key);
	free(it->answer);
	free(it->table);
}

static void clear_items(struct probe_src *s)
{
	for (size_t i = 0; i < s->n; i++)
		item_release(&s->items[i]);
	s->n = 0;
}

/* Takes ownership of text, key and answer. */
static int push(struct probe_src *s, char *text, char *key, char *answer,
                const char *table, long long rowid, struct err *e)
{
	long long n = tok_count(s->tok, text, strlen(text), e);
	if (n < 0) {
		free(text), free(key), free(answer);
		return -1;
	}
	xgrow(&s->items, &s->cap, s->n + 1, sizeof(*s->items));
	s->items[s->n++] =
	    (struct probe_item){text, key, answer, xstrdup(table), rowid, n};
	return 0;
}

static void add_uuid(struct rng *r, struct sbuf *out)
{
	uint64_t hi = rng_next(r), lo = rng_next(r);
	/* a version 4, variant 1 UUID as RFC 4122 lays it out */
	hi = (hi & ~0xf000ULL) | 0x4000ULL;
	lo = (lo & ~(3ULL << 62)) | (2ULL << 62);
	sbuf_addf(out, "%08llx-%04llx-%04llx-%04llx-%012llx",
	          (unsigned long long)(hi >> 32),
	          (unsigned long long)(hi >> 16 & 0xffff),
	          (unsigned long long)(hi & 0xffff),
	          (unsigned long long)(lo >> 48),
	          (unsigned long long)(lo & 0xffffffffffffULL));
}

static int next_kv(struct probe_src *s, struct err *e)
{
	struct sbuf key = SBUF_INIT, val = SBUF_INIT, text = SBUF_INIT;
	add_uuid(&s->rng, &key);
	add_uuid(&s->rng, &val);
	sbuf_addf(&text, "\"%s\": \"%s\"", key.buf, val.buf);
	return push(s, sbuf_detach(&text), sbuf_detach(&key), sbuf_detach(&val),
	            "kv", (long long)s->n + 1, e);
}

static int next_function(struct probe_src *s, struct err *e)
{
	struct sbuf text = SBUF_INIT, name = SBUF_INIT;
	if (codegen_next(s->code, &text, &name, e)) {
		sbuf_release(&text);
		sbuf_release(&name);
		return -1;
	}
	return push(s, sbuf_detach(&text), NULL, sbuf_detach(&name), "function",
	            (long long)s->n + 1, e);
}

/* Adds one row of the database to the pool (the probe_db callback). */
static int add_row(void *arg, char *text, char *key, char *answer,
                   const char *table, long long rowid, struct err *e)
{
	return push(arg, text, key, answer, table, rowid, e);
}

/* Fills order with a permutation of the items seeded by seed, task and what. */
static void shuffled(struct probe_src *s, const char *what, size_t *order)
{
	char label[64];
	struct rng r;
	snprintf(label, sizeof(label), "probe/%s/%s", probe_task_name(s->task),
	         what);
	rng_init_label(&r, s->seed, label);
	for (size_t i = 0; i < s->n; i++)
		order[i] = i;
	rng_shuffle(&r, order, s->n);
}

struct probe_src *probe_src_new(enum probe_task task, const char *db,
                                const char *templates, uint64_t seed,
                                struct tok *t, struct err *e)
{
	struct probe_src *s = xcalloc(1, sizeof(*s));
	s->task = task;
	s->seed = seed;
	s->tok = t;
	if (task == PROBE_KV || task == PROBE_FUNCTION)
		return s;
	struct probe_db_id id = {NULL, ""};
	int bad = probe_db_load(db ? db : PROBE_DB_DEFAULT, templates,
	                        task == PROBE_ENTITY, seed, t, add_row, s, &id,
	                        e);
	/* set even on failure: probe_src_sample tells the kinds apart by it */
	s->db = id.name ? id.name : xstrdup(db ? db : PROBE_DB_DEFAULT);
	memcpy(s->sha256, id.sha256, sizeof(s->sha256));
	if (bad || (!s->n && err_set(e, ERR_INPUT,
	                             "database '%s' has no rows to use",
	                             s->db))) {
		probe_src_free(s);
		return NULL;
	}
	s->perm = xmalloc(s->n * sizeof(*s->perm));
	s->inv = xmalloc(s->n * sizeof(*s->inv));
	s->eperm = xmalloc(s->n * sizeof(*s->eperm));
	shuffled(s, "evidence", s->eperm);
	return s;
}

void probe_src_free(struct probe_src *s)
{
	if (!s)
		return;
	clear_items(s);
	free(s->items);
	free(s->perm);
	free(s->inv);
	free(s->eperm);
	free(s->db);
	codegen_free(s->code);
	free(s);
}

const char *probe_src_db(const struct probe_src *s)
{
	return s->db;
}

const char *probe_src_sha(const struct probe_src *s)
{
	return s->db ? s->sha256 : NULL;
}

void probe_src_sample(struct probe_src *s, long long k)
{
	char label[64];
	snprintf(label, sizeof(label), "k%lld", k);
	s->k = k;
	if (s->db) {
		shuffled(s, label, s->perm);
		for (size_t i = 0; i < s->n; i++)
			s->inv[s->perm[i]] = i;
		return;
	}
	snprintf(label, sizeof(label), "probe/%s/k%lld",
	         probe_task_name(s->task), k);
	clear_items(s);
	rng_init_label(&s->rng, s->seed, label);
	codegen_free(s->code);
	s->code =
	    s->task == PROBE_FUNCTION ? codegen_new(s->seed, label) : NULL;
}

size_t probe_src_candidate(const struct probe_src *s, size_t c)
{
	if (!s->db || c >= s->n)
		return c;
	/* sample k starts at row k - 1 of the shared order: no two of the
	 * first n samples share their first evidence row */
	size_t j = ((size_t)(s->k - 1) + c * 1009) % s->n;
	return s->inv[s->eperm[j]];
}

int probe_src_get(struct probe_src *s, size_t i, const struct probe_item **out,
                  struct err *e)
{
	if (s->db) {
		if (i >= s->n)
			return 0;
		*out = &s->items[s->perm[i]];
		return 1;
	}
	while (s->n <= i)
		if (s->task == PROBE_KV ? next_kv(s, e) : next_function(s, e))
			return -1;
	*out = &s->items[i];
	return 1;
}

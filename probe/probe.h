/* Position probes: retrieval instances with evidence at a chosen depth. */
#ifndef CTX_PROBE_H
#define CTX_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct err;
struct sbuf;
struct tok;

enum probe_task {
	PROBE_ENTITY,   /* given an id, answer "label: description" */
	PROBE_SENTENCE, /* given a fragment, answer the whole sentence */
	PROBE_FUNCTION, /* given a body line, answer the function's name */
	PROBE_KV,       /* given a UUID key, answer its UUID value */
};

/* How a task's units make a context: prefix, units joined by sep, suffix. */
struct probe_frame {
	const char *prefix, *sep, *suffix;
};

/* The frame of task t (static storage). */
const struct probe_frame *probe_task_frame(enum probe_task t);

struct probe_opts {
	enum probe_task task;
	long long length; /* token budget L */
	const char *db;   /* bundled name or SQLite path; NULL: default */
	uint64_t seed;
	const char *templates; /* a path db's verbalize.json; NULL: beside */
};

/*
 * The largest length a probe is built for (4m tokens): kv pairs are made
 * without end, so this bounds memory (a few hundred MB at most).
 */
#define PROBE_MAX_LENGTH (4LL << 20)

/* 0 when a probe of length tokens can be built; ERR_USAGE otherwise. */
int probe_length_check(long long length, struct err *e);
/* Parses "entity", "sentence", "function" or "kv"; ERR_USAGE otherwise. */
int probe_task_parse(const char *s, enum probe_task *t, struct err *e);
/* "entity", "sentence", "function" or "kv" (static storage). */
const char *probe_task_name(enum probe_task t);
/*
 * Parses --positions: a count N (depths i/(N-1), or 0.5 when N is 1) or a
 * comma list of depth=P. *depths is the caller's to free; ERR_USAGE on error.
 */
int probe_positions_parse(const char *s, double **depths, size_t *n,
                          struct err *e);

struct probe;
/*
 * A probe generator for one task, length, seed and tokenizer (t is borrowed
 * and must outlive it). NULL and e filled when the length is above
 * PROBE_MAX_LENGTH (ERR_USAGE) or the database cannot be read.
 */
struct probe *probe_new(const struct probe_opts *o, struct tok *t,
                        struct err *e);
/* Accepts NULL. */
void probe_free(struct probe *p);
/*
 * Appends one instance (a JSON object, no newline) for sample k (1-based)
 * with its evidence at depth (0..1). Samples share nothing but the seed; one
 * sample's content is the same at every depth. Fails with ERR_USAGE when the
 * length cannot hold the evidence, ERR_INPUT when the data cannot fill it;
 * a failed sample is not kept, so calling again retries it.
 */
int probe_instance(struct probe *p, long long k, double depth, struct sbuf *out,
                   struct err *e);

/* Appends the id of the instance of sample k with its evidence at depth:
 * "probe/<task>/[<db>/]L<length>/depth=<P>/k<k>/s<seed>" (db: the stable
 * name of the database the units come from, NULL for kv and function). */
void probe_id(struct sbuf *out, enum probe_task t, const char *db,
              long long length, double depth, long long k, uint64_t seed);

/*
 * The offline reference answer for a probe instance: looks probe.key up in
 * the instance's context and appends a short reply ending in
 * `Final answer: [["..."]]` (or `Final answer: []` when the key is not in the
 * context, e.g. because the context was cut). -1 and ERR_INPUT when the
 * instance has no usable "probe" object or "context".
 */
int probe_answer(const cJSON *instance, struct sbuf *reply, struct err *e);

/*
 * Checks a probe instance against its own context (for `ctxbench validate`):
 * the key occurs exactly once, inside the one relevant unit, which starts at
 * probe.evidence_start; the answer read from the context equals
 * gold.rows[0][0]; the units split the context as the task frames it, with
 * their offsets and token counts under t (borrowed: the tokenizer that
 * params.tokenizer names); stats, probe counts, the length budget and the id
 * agree with params. -1 and ERR_INPUT naming the first failure.
 */
int probe_validate(const cJSON *instance, struct tok *t, struct err *e);

#endif

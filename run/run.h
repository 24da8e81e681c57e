/* The run engine: sends instances to a provider within limits, retries, and
 * records final replies. */
#ifndef CTX_RUN_H
#define CTX_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/sbuf.h"
#include "run/provider.h"
#include "run/store.h"

struct cache;
struct err;
struct price;
struct provider;
struct settings;
struct shard;
struct store;
struct wire;

/* One instance to send: its line in the instances file. */
struct run_item {
	char *id;
	off_t off;
	size_t len;
	uint64_t hash; /* run_line_hash of the line, checked on re-read */
	long long est_tokens; /* estimated prompt tokens, for --tpm */
};

/* A fast 64-bit hash of a line (not cryptographic: it finds a file that
 * changed under a run, not an attacker). */
uint64_t run_line_hash(const void *p, size_t n);

/* Borrowed pointers; limits of 0 mean none. */
struct run_opts {
	const struct settings *s;
	const struct provider *p;
	const struct wire *wire; /* HTTP providers: the request template */
	const char *key; /* API key or NULL; scrubbed from every message */
	const char *tmpl;
	const char *settings_json;
	const char *request_json; /* what the cache key adds: path and body */
	const char *instances_path;
	long concurrency;
	double rpm, tpm;
	double timeout, connect_timeout, backoff; /* seconds */
	int max_retries;
	double max_cost;   /* limit on prior_cost + this run's spend */
	double prior_cost; /* spend already recorded in the store */
	struct store *store;
	struct cache *cache; /* NULL: no cache */
	const struct price *price;
	volatile sig_atomic_t *stop; /* set by a signal handler */
};

/* Error classes counted for the progress line. */
enum run_class {
	CLASS_429,
	CLASS_5XX,
	CLASS_TIMEOUT,
	CLASS_CONN,
	CLASS_BAD,
	CLASS_N
};

struct run_result {
	long long status[REPLY_FINAL_N]; /* final statuses recorded by this
	                                    run, by enum reply_status */
	long long cached, attempts;
	long long errors[CLASS_N]; /* failed attempts by class */
	double cost;
	/* concurrency: --concurrency, the lowest a 429 storm cut it to, and
	 * where it was when the run ended */
	int conc, conc_low, conc_end;
	bool interrupted, cost_stop, fatal;
	char fatal_msg[600];
};

/*
 * Sends items[0..n) and records each final reply in o->store as it arrives.
 * Stops early on *o->stop, --max-cost (sends nothing when prior_cost has
 * reached it) or a fatal endpoint answer (res says which). -1 and e filled only
 * when the run itself fails (run.db, libcurl).
 */
int run_exec(const struct run_opts *o, struct run_item *items, size_t n,
             struct run_result *res, struct err *e);
/* Delay before retry number attempt (1-based): exponential from base, capped at
 * 60 s, with jitter in [d/2, d]. */
double run_backoff(double base, int attempt, double unit_random);

#endif

/* sha256 of a whole file as hex; -1 and e filled when it cannot be read. */
int run_file_sha(const char *path, char out[65], struct err *e);
/*
 * Reads the first limit (0 = all) instances of path, copies those of shard
 * (every one when shard->n is 0) into the store and returns in *items those
 * with no final reply yet (none, or `error`); prior[] counts the others by
 * status. Every line is checked, in the shard or not. ERR_INPUT for a
 * malformed line or a repeated id. *total is the number of instances of the
 * shard, *in_file the number read.
 */
int run_load(const char *path, long long limit, const struct shard *shard,
             struct store *st, struct run_item **items, size_t *n,
             size_t *total, size_t *in_file,
             long long prior[REPLY_FINAL_N], struct err *e);
/* The meta rows of a run (docs/run-db.md); m holds the strings it makes. */
#define RUN_META_N 14
#define RUN_META_SHA 8 /* the index of instances_sha256 */
struct run_meta {
	char tmpl_sha[65], created[32];
	struct sbuf urls, settings, body;
	struct sbuf request; /* path and body: what the cache key adds */
	struct meta_kv kv[RUN_META_N];
};

struct model_rule;
/* Fills m for these settings, the model's rule, the request template w
 * (NULL for command and builtin), template and instances file (path and
 * sha256). */
void run_meta_init(struct run_meta *m, const struct settings *s,
                   const struct model_rule *rule, const struct wire *w,
                   const char *tmpl, const char *path, const char *sha);
void run_meta_release(struct run_meta *m);
/* Appends the final one-line summary: statuses (this run's and earlier ones),
 * requests, cache hits, spend. */
void run_summary(const struct run_result *r,
                 const long long prior[REPLY_FINAL_N], size_t total,
                 double secs, struct sbuf *out);
/* Frees what run_load returned. */
void run_items_free(struct run_item *items, size_t n);

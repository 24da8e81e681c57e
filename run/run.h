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
	long seq; /* its instance's seq (its place among the file's) */
	off_t off;
	size_t len;
	uint64_t hash; /* run_line_hash of the line, checked on re-read */
	long long est_tokens; /* estimated prompt tokens, for --tpm */
	/* where the context's and question's JSON string contents are in the
	 * line (valid UTF-8), when known (ctx_len + q_len > 0) */
	uint32_t ctx_off, ctx_len, q_off, q_len;
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
	long long in_batches;      /* --batch: items in batches still running */
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
struct strlist;
struct prompt_parts;
struct reply;
/* Reads it's line from fd (path names it) again, checks it is the line the
 * run loaded, and appends its prompt as JSON string contents (no quotes).
 * -1 and e filled (ERR_INPUT when the file changed). */
int run_prompt_json(int fd, const char *path, const struct run_item *it,
                    const struct prompt_parts *pp, const char *tmpl,
                    struct sbuf *esc, struct err *e);
/* The response cache's key of prompt[0..n) in this run. */
void run_cache_key(const struct run_opts *o, const char *prompt, size_t n,
                   char key[65]);
/* What r cost at the run's prices (batch: batch prices), estimated from it
 * when the endpoint reported no usage; -1 when unknown. */
double run_cost(const struct run_opts *o, const struct run_item *it,
                const struct reply *r, bool batch);
/* Masks every copy of each secret in s (NULL allowed), and a secret's first
 * bytes at its very end, where an excerpt may have cut it. */
void run_scrub(char *s, const struct strlist *secrets);
/* Delay before retry number attempt (1-based): exponential from base, capped at
 * 60 s, with jitter in [d/2, d]. */
double run_backoff(double base, int attempt, double unit_random);

#endif

/* sha256 of a whole file as hex; -1 and e filled when it cannot be read. */
int run_file_sha(const char *path, char out[65], struct err *e);
/* The instances a run sends, and what it found about the file. */
struct run_set {
	struct run_item *items; /* those still needing a reply */
	size_t n, cap;
	size_t total;   /* instances of the shard (the first limit) */
	size_t in_file; /* instances of the file read (or indexed) */
	bool complete;  /* the file was read to its end */
	long long prior[REPLY_FINAL_N]; /* replies before this run */
	char sha[65]; /* sha256 of the whole file (run_load) */
};

/*
 * Reads the first limit (0 = all) instances of path, copies those of shard
 * (every one when shard->n is 0) into the store with where each line is,
 * and fills set: the items with no final reply yet (none, or `error`), the
 * others counted in prior, and the sha256 of the whole file (read to its end
 * past the limit). Every line is checked, in the shard or not, its bulk
 * (context, units) only as JSON. ERR_INPUT for a malformed line or a
 * repeated id.
 */
int run_load(const char *path, long long limit, const struct shard *shard,
             struct store *st, struct run_set *set, struct err *e);
/*
 * Fills set from run.db alone, for a resume: the instances it indexed (with
 * seq <= limit, 0 = all) and their replies; indexed is how many instances
 * the file has. 1 when the run.db does not index its file; -1 and e filled
 * when it cannot be read.
 */
int run_index(struct store *st, long long limit, long long indexed,
              struct run_set *set, struct err *e);
/* Frees set's items and zeroes it. */
void run_set_release(struct run_set *set);
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
/*
 * Checks run.db's meta against m and fills set: from run.db's index of the
 * file when it has one and the file's sha256 is the one recorded (a resume
 * reads the file only to hash it), else by reading the file (run_load).
 * Writes instances_sha256 and, once the whole file was read,
 * instances_indexed. ERR_USAGE naming the key when the meta differ.
 */
int run_instances(struct store *st, struct run_meta *m, const char *path,
                  long long limit, const struct shard *shard,
                  struct run_set *set, struct err *e);
/* Appends the final one-line summary: statuses (this run's and earlier ones),
 * requests, cache hits, spend. */
void run_summary(const struct run_result *r,
                 const long long prior[REPLY_FINAL_N], size_t total,
                 double secs, struct sbuf *out);
/* Frees what run_load returned. */
void run_items_free(struct run_item *items, size_t n);

/* run.db: the SQLite file of one run, exactly as docs/run-db.md describes it.
 */
#ifndef CTX_STORE_H
#define CTX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "run/store_log.h"

struct bbatch;
struct err;
struct instance;
struct reply;

/* The run.db format this ctxbench writes (meta key "format"). */
#define STORE_VERSION 3
#define STORE_FORMAT "ctxbench-run/3"

/* Replies are written in short transactions (see store_flush) so a crash loses
 * little. */
struct store {
	sqlite3 *db;
	sqlite3_stmt *put, *status, *add, *begin, *commit;
	sqlite3_stmt *batch_item;
	bool in_tx;
	double tx_start;
	char *path;
	int lock_fd; /* the writer's lock, when locked */
	bool locked;
	struct store_log log; /* replies not committed yet */
};

/*
 * Opens or creates path in WAL mode with every table (an older format is
 * brought up to STORE_FORMAT), and holds an exclusive lock on it until
 * store_close: one writer per run.db, readers unhindered.
 * -1 and e filled on failure; ERR_RUNTIME, saying so, when another process
 * holds the lock.
 */
int store_open(struct store *s, const char *path, struct err *e);
/* Commits what is pending, closes and unlocks; accepts a zeroed struct. */
int store_close(struct store *s, struct err *e);
/* Closes and deletes the run.db (and its -wal, -shm) before unlocking it: for
 * a file this run has just created. Accepts a zeroed struct. */
void store_discard(struct store *s);
/* The spend recorded in replies.cost, in USD (0 when none). */
int store_spent(struct store *s, double *usd, struct err *e);

/* A meta key and the value this run wants. */
struct meta_kv {
	const char *key, *value;
	bool must_match; /* refuse to resume when the stored value differs */
};

/*
 * Writes each key of kv that meta lacks (a new file, or a key added since
 * the file's format); checks every other must_match key against the stored
 * value and fails (ERR_USAGE, naming the key) when one differs.
 */
int store_meta(struct store *s, const struct meta_kv *kv, size_t n,
               struct err *e);
/* The stored meta value of key (caller frees), or NULL. */
char *store_meta_get(struct store *s, const char *key);
/* Where an instance's line is in its file, so a resume need not read it. */
struct store_place {
	long long seq; /* store_instances: the instance's seq */
	long long off, len;
	uint64_t hash; /* run_line_hash of the line */
	long long est; /* estimated prompt tokens */
};

/* Copies an instance (all but its context and units) unless its id is
 * there, and where its line is in any case. */
int store_add_instance(struct store *s, long seq, const struct instance *in,
                       const struct store_place *pl, struct err *e);
/*
 * Calls each for every instance with seq <= limit (0: all), in seq order,
 * with its place and its reply's status ("" for none); a non-zero return of
 * each ends the walk with it. 1 when an instance has no place (the run.db
 * does not index its file); -1 and e filled when run.db cannot be read.
 */
int store_instances(struct store *s, long long limit,
                    int (*each)(void *arg, const char *id,
                                const struct store_place *pl,
                                const char *status),
                    void *arg, struct err *e);
/* Writes the final status of id into buf ("" when it has no reply yet). */
int store_status(struct store *s, const char *id, char *buf, size_t size,
                 struct err *e);
/* Records the final reply of id, replacing an earlier `error` record: safe
 * from a kill when this returns (the reply log), in run.db for readers once
 * the transaction commits. */
int store_put(struct store *s, const char *id, const struct reply *r,
              struct err *e);
/* Batch mode (run/batch.c): a batch's row, written whole; an item of it;
 * the batches in the order they were made (each takes b over: it must
 * release it); the items of one batch, or of all (batch NULL). */
int store_batch_save(struct store *s, const struct bbatch *b, struct err *e);
int store_batch_item(struct store *s, const char *batch, const char *cid,
                     const char *id, struct err *e);
int store_batches(struct store *s, int (*each)(void *arg, struct bbatch *b),
                  void *arg, struct err *e);
int store_batch_items(struct store *s, const char *batch,
                      int (*each)(void *arg, const char *cid, const char *id),
                      void *arg, struct err *e);
/* Starts a transaction unless one is open. */
int store_begin(struct store *s, struct err *e);
/* Commits the open transaction when force or when it is older than 50 ms,
 * then empties the reply log. */
int store_flush(struct store *s, bool force, struct err *e);

#endif

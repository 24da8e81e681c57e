/* run.db files grouped into runs: the shards of one run (`run --shard K/N`,
 * same model, settings, prompt and instances file) make one run; any other
 * file is a run of its own. */
#ifndef CTX_RUNSET_H
#define CTX_RUNSET_H

#include <stdbool.h>
#include <stddef.h>

struct err;
struct sbuf;

/* One run: one file, or shards of one run ordered by K. */
struct runset_run {
	char **paths;          /* owned */
	unsigned long *ks;     /* shard index of each path (sharded runs) */
	size_t n;              /* files */
	unsigned long nshards; /* N of the shards; 0: not sharded */
};

struct runset {
	struct runset_run *v;
	size_t n;
};

/*
 * The meta keys that must be equal for run.dbs to be shards of one run (the
 * base URLs may differ: each task of a job array has its own replica).
 */
extern const char *const runset_same_keys[];

/*
 * Groups args (paths, or glob patterns such as 'shard-*.db' that ctxbench
 * expands itself when no file has that name) into runs, in the order the
 * arguments first name them. A file that cannot be read as a run.db is a run
 * of its own (its loader says why). -1 and e filled when a pattern matches no
 * file (ERR_USAGE) or two files are the same shard of one run (ERR_INPUT).
 */
int runset_open(struct runset *rs, char *const *args, size_t n, struct err *e);
/* Accepts a zeroed struct. */
void runset_release(struct runset *rs);
/* Appends the shards of r that are not given ("3/8, 5/8"); false when none
 * is missing (or r is not sharded). */
bool runset_missing(const struct runset_run *r, struct sbuf *out);
/* Appends how r's files read in a message or report: "a.db", or
 * "s0.db … s7.db (8 of 8 shards)". */
void runset_name(const struct runset_run *r, struct sbuf *out);

#endif

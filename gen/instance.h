/* Instances: query suites in, gold answers computed, instance lines out. */
#ifndef CTX_INSTANCE_H
#define CTX_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <sqlite3.h>

struct context;
struct db;
struct err;
struct sbuf;

/* One line of queries/<db>.jsonl. */
struct query {
	char *id, *question, *sql, *difficulty;
	char *types; /* compact JSON array */
};

struct querylist {
	struct query *v;
	size_t n, cap;
};

/* Frees the strings of q. */
void query_release(struct query *q);
/* Appends the queries of a JSONL file; -1 and e filled (naming file and line)
 * on bad input. */
int queries_load(struct querylist *l, const char *path, struct err *e);
void queries_release(struct querylist *l);

/*
 * Computes the gold answer of stmt (prepared on db->conn) over exactly the
 * relevant units of c: the scratch tables are emptied, those rows copied in
 * with their rowids, and the result appended to out as
 * {"columns": [...], "rows": [[...]]}. Returns the number of gold rows, or
 * -1 and e filled. The rows stay in the scratch tables until the next call.
 */
long gold_compute(struct db *db, sqlite3_stmt *stmt, const struct context *c,
                  struct sbuf *out, struct err *e);

/* The parameters an instance records. */
struct inst_params {
	long long length, info;
	double density; /* < 0 when the info amount was given */
	const char *placement, *tokenizer;
	uint64_t seed;
	double empty_share; /* --empty-share */
	bool meant_empty;   /* chosen to have an empty gold, and it has */
};

/* Appends the instance id
 * "<db>/<query>/L<len>/A<info>|D<d>/<placement>/s<seed>". */
void instance_id(struct sbuf *out, const char *db, const char *qid,
                 const struct inst_params *p);
/* Writes one instance line (with its "\n") in DESIGN.md's key order to f; out
 * is scratch space; gold holds gold_rows rows. */
void instance_write(FILE *f, struct sbuf *out, const struct db *db,
                    const struct query *q, const struct context *c,
                    const char *gold, long gold_rows,
                    const struct inst_params *p);

#endif

/* The databases one run of gen covers, each with the queries to run on it. */
#ifndef CTX_SUITE_H
#define CTX_SUITE_H

#include <stddef.h>

#include "gen/instance.h"

struct db;
struct err;
struct strlist;

struct suite {
	struct db *db;
	struct querylist q;
};

/*
 * Opens every database of dbs (filled with the bundled names when empty)
 * with its queries (the file queries, else queries/NAME.jsonl of a bundled
 * one) and keeps the queries named in ids ("ID" or "DB/ID"; all when ids is
 * empty). *out holds dbs->n entries (free with suites_free even on failure).
 * -1 and e filled for an unknown database or query id, or unreadable files.
 */
int suites_open(struct strlist *dbs, const char *queries, const char *templates,
                const struct strlist *ids, struct suite **out, size_t *n,
                struct err *e);
void suites_free(struct suite *s, size_t n);
/*
 * Every bundled database, for --distractors all-dbs: the ones already open
 * in s[0..n) are reused, others opened. Free with suites_others_free.
 */
int suites_others(const struct suite *s, size_t n, struct db ***out,
                  size_t *nout, struct err *e);
void suites_others_free(const struct suite *s, size_t n, struct db **others,
                        size_t nothers);

#endif

/* Scoring a whole run.db: reads instances and replies, writes one scores row
 * per scored instance. */
#ifndef CTX_SCORE_DB_H
#define CTX_SCORE_DB_H

#include "score/score.h"

struct err;

/* What score_db_run did. */
struct score_db_stats {
	long instances; /* rows of the instances table */
	long scored;    /* scores rows written */
	long ok, length, overflow, rejected, error, other;
	long missing; /* instances without a reply: not scored */
	double sum;   /* sum of scores written */
};

/*
 * Scores every instance of the run.db at path that has a reply and replaces
 * the rows of scorer name (e.g. "det") in its scores table, in one
 * transaction. -1 and e filled when the file is not a run.db or an instance
 * has malformed gold (nothing is changed then).
 */
int score_db_run(const char *path, const struct score_opts *o, const char *name,
                 struct score_db_stats *st, struct err *e);

/* The scores table as docs/run-db.md defines it (CREATE TABLE IF NOT EXISTS).
 */
extern const char score_db_schema[];

#endif

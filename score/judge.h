/* LLM judge (HoloBench's two steps): writes the judge's instance files and
 * reads its verdicts into scores. */
#ifndef CTX_JUDGE_H
#define CTX_JUDGE_H

#include "score/score.h"

struct err;

/* The prompt template of both judge steps (static storage). */
extern const char judge_template[];

/*
 * Step 1: writes to out one instance per query instance of run_db with an ok
 * reply, asking to extract the reply's final answer. *n gets the count.
 */
int judge_write_extract(const char *run_db, const char *out, long *n,
                        struct err *e);
/*
 * Step 2: writes to out one instance per extracted answer in extract_db
 * (the step 1 run.db), asking to label each gold row exact, partial or none.
 */
int judge_write_label(const char *run_db, const char *extract_db,
                      const char *out, long *n, struct err *e);

/* What judge_score did. */
struct judge_stats {
	long scored; /* query instances with a judge score */
	long failed; /* query instances the judge did not answer usably */
	double sum;
};

/*
 * Replaces the rows of scorer name in run_db's scores with the judge's
 * verdicts from label_db (and the answers from extract_db); replies that did
 * not arrive score 0 as in the deterministic scorer.
 */
int judge_score(const char *run_db, const char *extract_db,
                const char *label_db, const char *name,
                const struct score_opts *o, struct judge_stats *st,
                struct err *e);

#endif

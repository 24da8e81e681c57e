/* Deterministic scoring of one reply against its gold rows (queries) or probe
 * answer. */
#ifndef CTX_SCORE_H
#define CTX_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "common/sbuf.h"

struct err;
struct scorer;

/* Scoring settings; score_opts_init sets the defaults shown. */
struct score_opts {
	double tolerance; /* relative tolerance for non-whole numbers: 1e-2 */
	double partial_credit; /* credit of a Partial gold row: 0.5 */
	long max_gold;         /* only the first N gold rows count: 50 */
};

/* The score of one reply. labels is the JSON stored in scores.labels. */
struct score_result {
	double score;
	double recall, precision, f1;
	bool has_prf; /* recall/precision/f1 are meaningful (not for prose or
	                 probes) */
	int order_ok; /* 1/0 for ordered (ORDER BY) queries, -1 otherwise */
	struct sbuf labels;
};

void score_opts_init(struct score_opts *o);

/* Compiles the patterns; NULL and e filled on failure. Free with scorer_free.
 */
struct scorer *scorer_new(const struct score_opts *o, struct err *e);
void scorer_free(struct scorer *s);

void score_result_init(struct score_result *r);
void score_result_release(struct score_result *r);

/*
 * Scores reply (borrowed, may be NULL) against gold ({"columns","rows"}) into r
 * (initialized by the caller, reset here). sql decides the order check (may be
 * NULL); probe, when not NULL, selects the probe task metric. -1 and e filled
 * when gold is malformed.
 */
int scorer_score(struct scorer *s, const cJSON *gold, const char *sql,
                 const cJSON *probe, const char *reply, struct score_result *r,
                 struct err *e);

/* 0 when scorer_score accepts gold and probe (may be NULL); else -1 and e
 * filled (ERR_INPUT), saying what is wrong. */
int scorer_check(const cJSON *gold, const cJSON *probe, struct err *e);

/* Fills r for a reply that did not arrive (status not ok): score 0, labels say
 * the status. */
void score_status(const char *status, struct score_result *r);

#endif

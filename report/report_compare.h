/* Paired comparison of two scored runs: differences per instance, per group,
 * with a sign test. */
#ifndef CTX_REPORT_COMPARE_H
#define CTX_REPORT_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/parse.h"
#include "report/report.h"

struct err;

/* One line of a comparison: a group (key NULL for all paired instances). */
struct cmp_row {
	char *key;
	size_t n;
	double base, new_, diff, lo,
	    hi; /* means; [lo, hi] paired bootstrap interval of diff */
	long worse, better; /* instances where new scored lower / higher */
	double p;           /* one-sided sign test p that new is worse */
};

/* The paired instances of runs 0 (base) and 1 (new) of a report. */
struct cmp {
	struct report diff, base, new_; /* one run each, paired in id order */
	size_t only_base, only_new;     /* instances not paired */
	size_t unscored; /* paired instances without a score in a run (counted
	                    0) */
	size_t differ;          /* paired ids whose content differs */
	const char *differ_id;  /* the first of them (borrowed) */
};

/*
 * Pairs r's two runs by instance id. With ids NULL and !intersection the
 * instance sets must be equal (-1 and e filled, ERR_USAGE, otherwise); with
 * intersection the common ids are used; with ids only those listed (each
 * must be in both runs).
 */
int cmp_pair(struct cmp *c, const struct report *r, bool intersection,
             const struct strlist *ids, struct err *e);
void cmp_release(struct cmp *c);

/* Rows for dimension d (d < 0: one overall row). Free with cmp_rows_free. */
struct cmp_row *cmp_rows(const struct cmp *c, int d, size_t *n);
void cmp_rows_free(struct cmp_row *rows, size_t n);

#endif

/* Reports over scored runs: loading run.db files, grouping, intervals, and the
 * md/csv/json/html writers. */
#ifndef CTX_REPORT_H
#define CTX_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

struct err;
struct runset_run;

/* Status slots counted per group. */
enum rep_status {
	RS_OK,
	RS_LENGTH,
	RS_OVERFLOW,
	RS_REJECTED,
	RS_REFUSED, /* refusals, filters, safety stops: scored 0, counted apart */
	RS_ERROR,
	RS_MISSING,
	RS_N
};

/* Dimensions a report can group by. */
enum rep_dim {
	D_LENGTH,
	D_INFO,
	D_PLACEMENT,
	D_TYPE,
	D_DIFFICULTY,
	D_DB,
	D_MODEL,
	D_DEPTH,
	D_TASK,
	D_QUERY,
	D_N
};

/* One instance of one run. keys[d] is its group under dimension d (types:
 * "A,B"). */
struct rep_inst {
	char *id;
	char *keys[D_N];
	double depth; /* probe depth, NaN when not a probe */
	double score; /* NaN when not scored */
	double judge; /* the LLM judge's score, NaN when none */
	double floor; /* what an answer that nothing matches scores */
	bool empty;   /* the gold has no rows */
	enum rep_status status;
	uint64_t content; /* hash of what was asked: question, sql, params,
	                   * stats, gold, probe (same id, other file: differs) */
	long long seq;    /* place in the instances file */
	size_t file;      /* index in the run's files */
};

/* Fills e for a run.db that a read-only connection db could not query: a
 * run.db left in WAL mode (its run did not finish) in a folder we cannot
 * write is not "not a run"; say what to do. */
int report_not_run(sqlite3 *db, const char *path, struct err *e);

/* One run: a run.db, or the shards of one run. */
struct rep_run {
	char *path;  /* the (first) file */
	char *name;  /* how the files read ("a.db … h.db (8 of 8 shards)"), or
	              * NULL: path */
	char **files; /* every file, nfiles of them (0: path alone) */
	size_t nfiles;
	unsigned long nshards; /* N of a sharded run, else 0 */
	char *label; /* model name (from meta), made unique across runs */
	char *judge; /* scorer name of the LLM judge's scores, or NULL */
	struct rep_inst *v;
	size_t n;
};

/* A group of one run under one dimension. */
struct rep_group {
	char *key;      /* owned */
	double sortnum; /* numeric key for ordering, NAN when not numeric */
	size_t run;
	size_t n; /* scored instances */
	double mean, lo, hi;
	double floor; /* mean floor over the scored instances: the score of
	                 always answering that nothing matches */
	double empty; /* share of the scored instances whose gold is empty */
	long st[RS_N];
};

/* A report: runs and settings. */
struct report {
	struct rep_run *runs;
	size_t nruns;
	unsigned boot; /* bootstrap resamples (default 1000) */
	unsigned long long seed;
};

/* Names of dimensions and statuses, for option values and outputs. */
const char *rep_dim_name(enum rep_dim d);
/* The dimension named s ("info", "type", ...), or -1. */
int rep_dim_parse(const char *s);
const char *rep_status_name(enum rep_status s);

void report_init(struct report *r);
void report_release(struct report *r);
/*
 * Loads one run: the file, or the shards, of run (scores of scorer 'det' must
 * exist), in the order of the instances file; -1 and e filled otherwise, or
 * when an instance is in two of its files.
 */
int report_load(struct report *r, const struct runset_run *run,
                struct err *e);
/* The file of run i as the outputs name it (name, else path). */
const char *report_run_name(const struct report *r, size_t i);

/* Groups of dimension d for every run, sorted by key then run; *n set. Free
 * with report_groups_free. */
struct rep_group *report_groups(const struct report *r, enum rep_dim d,
                                size_t *n);
/* Groups by two dimensions: keys are "k1\x1fk2" (d2 < 0: as report_groups). */
struct rep_group *report_groups2(const struct report *r, enum rep_dim d, int d2,
                                 size_t *n);
void report_groups_free(struct rep_group *g, size_t n);
/* The whole of run i as one group. */
void report_overall(const struct report *r, size_t i, struct rep_group *g);
/* True when some instance of some run has a key other than "-" for d. */
bool report_has(const struct report *r, enum rep_dim d);

/* Avg and Gap of the depth curve of run i for task (NULL: all probes); false
 * when no probes. */
bool report_probe_summary(const struct report *r, size_t run, const char *task,
                          double *avg, double *gap, size_t *bins);

/* One row of the probe summary: a task in one run, or all probes of a run. */
struct rep_probe_row {
	char *task; /* owned; NULL for all the probes of the run */
	size_t run;
	double avg, gap;
	size_t bins;
};
/* The rows with probes: each (task, run), then (with all) each run over all
 * its probes. Free with report_probe_rows_free. */
struct rep_probe_row *report_probe_rows(const struct report *r, bool all,
                                        size_t *n);
void report_probe_rows_free(struct rep_probe_row *rows, size_t n);

/* Judge summary of run i: judged instances, judge mean, det mean over them,
 * agreement share. */
bool report_judge(const struct report *r, size_t i, size_t *n, double *judge,
                  double *det, double *agree);

/* Writers: dims[0..nd) are the dimensions to group by. Write errors surface
 * through ferror(f). */
void report_md(const struct report *r, const enum rep_dim *dims, size_t nd,
               FILE *f);
void report_csv(const struct report *r, const enum rep_dim *dims, size_t nd,
                FILE *f);
void report_json(const struct report *r, const enum rep_dim *dims, size_t nd,
                 FILE *f);
/* HTML also reads replies and labels of the worst instances; -1 and e filled on
 * a database error. */
int report_html(const struct report *r, const enum rep_dim *dims, size_t nd,
                FILE *f, struct err *e);

#endif

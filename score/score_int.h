/* Internals of the deterministic scorer shared by score*.c: cell values and
 * parsed answers. */
#ifndef CTX_SCORE_INT_H
#define CTX_SCORE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "score/score.h"

struct err;
struct re;
struct sbuf;

/* What a gold cell holds, decided once per gold cell. */
enum gcell_kind { GCELL_NUM, GCELL_DATE, GCELL_TEXT, GCELL_NULL, GCELL_BOOL };

/* A gold cell ready for matching; norm is " tok tok " (space padded). */
struct gcell {
	enum gcell_kind kind;
	double num;
	long date; /* yyyymmdd */
	bool truth;
	char *norm;
};

/* A predicted cell with its normalized text, numbers and dates (owned). */
struct pcell {
	char *text;
	char *norm;
	double *nums;
	bool *pct; /* nums[i] was followed by '%' */
	size_t nnum;
	long *dates;
	size_t ndates;
};

/* One predicted row: cells of text. */
struct prow {
	struct pcell *cells;
	size_t n;
};

/* How the answer was found in the reply. */
enum answer_form {
	FORM_NONE,       /* nothing found */
	FORM_FINAL_JSON, /* "Final answer:" + JSON */
	FORM_FINAL_TEXT, /* "Final answer:" + text */
	FORM_JSON,       /* a JSON block elsewhere */
	FORM_TABLE,      /* markdown table */
	FORM_LIST,       /* bulleted or numbered list */
	FORM_KV,         /* key: value lines */
	FORM_PROSE,      /* sentences */
};

/* A parsed answer: predicted rows; none when it says there is no answer. */
struct answer {
	struct prow *rows;
	size_t n, cap;
	enum answer_form form;
	bool none;
	char *segment; /* the answer text (after the marker, or the tail) */
};

/* Compiled patterns shared by extraction and normalization. */
struct score_re {
	struct re *final, *fence, *table_sep, *list, *kv, *noans, *date;
};

int score_re_init(struct score_re *r, struct err *e);
void score_re_release(struct score_re *r);

/* Normalizes s[0..n): lowercase ASCII, punctuation and quotes as spaces, " a b
 * ". */
char *norm_text(const char *s, size_t n);
/* Parses a whole-string date in a common form into yyyymmdd; 0 when it is not
 * one. */
long norm_date_whole(const struct score_re *r, const char *s);
/* Fills g from a gold JSON value. */
void gcell_init(struct gcell *g, const struct score_re *r, const cJSON *v);
void gcell_release(struct gcell *g);
/* Takes text (owned) and prepares it; dates only when want_dates. */
void pcell_init(struct pcell *p, const struct score_re *r, char *text,
                bool want_dates);
void pcell_release(struct pcell *p);
/* True when the predicted cell holds the gold value. */
bool cell_match(const struct gcell *g, const struct pcell *p, double tol);

/* Parses reply into a; ncols is the gold's column count (guides lists of
 * scalars). */
void answer_parse(struct answer *a, const struct score_re *r, const char *reply,
                  size_t ncols, bool want_dates);
void answer_release(struct answer *a);
/* Appends the answer rows as a JSON array of arrays of strings. */
void answer_json(const struct answer *a, struct sbuf *out);
/* Name of a form for the labels JSON. */
const char *answer_form_name(enum answer_form f);

/* The scorer: options and compiled patterns. */
struct scorer {
	struct score_opts o;
	struct score_re re;
	struct re *order_by;
};

/* 0 when score_probe can score this probe: a known task and a [[answer]]
 * gold; else -1 and e filled (ERR_INPUT). */
int score_probe_check(const cJSON *gold, const cJSON *probe, struct err *e);
/* Scores a probe reply with its task's metric (score_probe.c). */
int score_probe(struct scorer *s, const cJSON *gold, const cJSON *probe,
                const char *reply, struct score_result *r, struct err *e);

#endif

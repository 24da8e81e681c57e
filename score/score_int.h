/* Internals of the deterministic scorer shared by score*.c: cell values,
 * parsed answers and what the gold tells the parser. */
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

/* A date: kind 'd' yyyymmdd, 'm' yyyymm (a month), 's' yyyy (the season
 * yyyy-yy, as "2022-23"). */
struct sdate {
	long v;
	char kind;
};

/* A gold cell ready for matching; norm is " tok tok " (space padded). */
struct gcell {
	enum gcell_kind kind;
	double num, unit; /* a number and its precision (0.01 for 30.14) */
	struct sdate date;
	bool truth;
	char *norm;
	char *code; /* a text of 2-4 capitals ("THE", "BEI"): as written */
	/* a country's other names ("Belgian" for Belgium, "US" for the United
	 * States): normalized, and codes as written */
	char **alts;
	size_t nalts;
};

/* A number as a reply writes it. */
struct pnum {
	double v; /* the value written (1,230.5 is 1230.5, 174.6K is 174.6) */
	double unit; /* its precision: 0.1 for 174.6 */
	double
	    scale; /* the magnitude after it: 1e3 for K or thousand, else 1 */
	bool pct;  /* followed by % */
};

/* A predicted cell with its normalized text, numbers and dates (owned). */
struct pcell {
	char *text;
	char *norm;
	struct pnum *nums;
	size_t nnum;
	struct sdate *dates;
	size_t ndates;
};

/* One predicted row: cells of text, and where it is in the reply. */
struct prow {
	struct pcell *cells;
	size_t n;
	size_t start, end; /* byte offsets in the reply */
};

/* How the answer was found in the reply. */
enum answer_form {
	FORM_NONE,       /* nothing found */
	FORM_FINAL_JSON, /* an answer marker + JSON */
	FORM_FINAL_TEXT, /* an answer marker + text */
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
	bool marker;               /* found after an answer marker */
	bool none;                 /* says that nothing answers */
	char *segment;             /* the answer text that was graded */
	size_t seg_start, seg_end; /* ...and where it is in the reply */
};

/* What the parser may know of the gold: how many rows, and the texts of its
 * cells (normalized), which keep a name holding "and" whole and tell which
 * sentence pieces start a row. */
struct gold_hint {
	size_t nrows, ncols;
	char **keys;           /* normalized text cells (owned) */
	size_t *key_row;       /* the gold row of each */
	bool *shared;          /* ...also a text of another gold row ("red") */
	size_t *by_length;     /* key indexes, longest text first */
	size_t nkeys, nunique; /* nunique: keys and codes of one row only */
	bool multiword; /* some text has several words ("Hollis and Co") */
	bool dates;     /* some cell is a date: predicted cells scan dates */
	struct sdate *gdates; /* the date cells, however the reply writes */
	size_t *gdate_row;    /* them ("January 2023" for 2023-01): rows */
	bool *gdate_shared;   /* ...also the date of another gold row */
	size_t ngdates;
	char **codes;      /* codes ("THE", "US"), found in capitals only */
	size_t *code_row;  /* the gold row of each */
	bool *code_shared; /* ...also a code of another gold row */
	size_t ncodes;
	bool single; /* one row, an extreme (MAX, MIN, LIMIT 1): a row the
	                reply ranks below another is not its answer */
};

/* Compiled patterns shared by extraction and normalization. */
struct score_re {
	struct re *date;
	struct re *marker, *phrase, *section, *noans, *refusal;
	struct re *after, *behind; /* runner-up clauses (score_parse.c) */
};

int score_re_init(struct score_re *r, struct err *e);
void score_re_release(struct score_re *r);
/* The parser's patterns (score_parse.c), for score_re_init. */
int score_re_init_parse(struct score_re *r, struct err *e);
void score_re_release_parse(struct score_re *r);

/* Normalizes s[0..n) for word comparison: " a b " (lowercase, accents,
 * punctuation, "&" as "and", letters and digits apart, plurals cut). */
char *norm_text(const char *s, size_t n);
/* Parses a whole-string date in a common form into yyyymmdd; 0 when it is
 * not one (a month or a season is not a day either). */
long norm_date_whole(const struct score_re *r, const char *s);
/* Fills g from a gold JSON value. */
void gcell_init(struct gcell *g, const struct score_re *r, const cJSON *v);
void gcell_release(struct gcell *g);
/* Takes text (owned) and prepares it; dates only when want_dates;
 * comma_locale: the reply writes decimal commas ("31.733,33"). */
void pcell_init(struct pcell *p, const struct score_re *r, char *text,
                bool want_dates, bool comma_locale);
void pcell_release(struct pcell *p);
/* True when s is 2-4 capital letters: a code that can also be a word. */
bool norm_is_code(const char *s);
/* True when code stands in s[0..n) as a word of its own, in capitals. */
bool norm_has_code(const char *s, size_t n, const char *code);
/* The dates written in s[0..n) (*out malloc'd; NULL when none). */
size_t norm_dates(const struct score_re *r, const char *s, size_t n,
                  struct sdate **out);
/* True when the predicted cell holds the gold value; tol < 0: numbers at
 * the precision the reply writes them, else within that relative
 * tolerance. */
bool cell_match(const struct gcell *g, const struct pcell *p, double tol);

/* Numbers (score_num.c). */

/* Appends the numbers written in p->text to p->nums. */
void scan_numbers(struct pcell *p, bool comma_locale);
/* True when text writes a number with a decimal comma only ("540,00"). */
bool comma_decimals(const char *text);
struct span;
/* The spans of the numbers written in text[from..to) (digits or words), in
 * order, at most max of them into out; returns how many. */
size_t num_spans(const char *text, size_t from, size_t to, struct span *out,
                 size_t max);
/* The precision of a gold number: 10^-decimals of its shortest form. */
double num_unit(double v);
/* True when p is the gold g (precision gu) at the precision p is written,
 * as a percentage of it, or in its unit of thousands or millions. */
bool num_match(double g, double gu, const struct pnum *p);

/* Fills h from the gold cells gc (ng rows of ncols, gcols[g] used in row
 * g): their texts. */
void gold_hint_init(struct gold_hint *h, const struct gcell *gc, size_t ng,
                    size_t ncols, const size_t *gcols);
void gold_hint_release(struct gold_hint *h);

/* Parses reply into a, guided by h. */
void answer_parse(struct answer *a, const struct score_re *r, const char *reply,
                  const struct gold_hint *h);
void answer_release(struct answer *a);
/* Appends the answer rows as a JSON array of arrays of strings. */
void answer_json(const struct answer *a, struct sbuf *out);
/* Name of a form for the labels JSON. */
const char *answer_form_name(enum answer_form f);

/* A tolerant reading of JSON as models write it (score_json.c). */
struct jnode {
	enum { J_ARR, J_OBJ, J_STR, J_BARE } kind;
	char *text; /* strings and bare words */
	char *key;  /* the key, in an object */
	struct jnode *kids;
	size_t n, cap;
};
/*
 * Reads one array or object at s[0..n): single quotes, tuples, trailing
 * commas, "...", comments, bare words and a cut-off end are all taken.
 * NULL when s does not start with '[', '(' or '{'; *end is where it ended.
 */
struct jnode *jnode_parse(const char *s, size_t n, size_t *end);
void jnode_free(struct jnode *j);

/* Answer extraction, shared by score_parse.c, score_layout.c and
 * score_rows.c. */
/* Parsing context: where rows go and what is known of the gold. */
struct pctx {
	const struct score_re *r;
	const struct gold_hint *h;
	struct answer *a;
	const char *text; /* the reply, for offsets */
	bool comma;       /* the answer writes decimal commas */
	int depth;        /* of parse_text */
};

/* A span of the reply. */
struct span {
	size_t s, e;
};

/* Kinds of lines; a fenced block (```) is one block. */
enum line { L_BLANK, L_PROSE, L_TABLE, L_LIST, L_KV, L_FENCE };

/* A block: lines of one kind (prose, or a table, list or key-value lines). */
struct block {
	struct span x;
	enum line kind;
};

/* One entry of a list or key-value block: where it is and its key. */
struct entry {
	struct span x;   /* the item's text (continuation lines included) */
	struct span key; /* "Key" of "Key: value", empty when none */
};

/* Lines and blocks (score_layout.c). */
bool layout_blank(char c);
struct span layout_trim(const char *t, struct span x);
/* The next line of in at *pos (moved past it); false at the end. */
bool layout_next(const char *t, struct span in, size_t *pos, struct span *l);
enum line layout_kind(const char *t, struct span l);
bool layout_structured(enum line k);
/* The blocks of in (*out owned by the caller). */
size_t layout_blocks(const char *t, struct span in, struct block **out);
bool layout_has_digit(const char *t, struct span x);
/* True when re matches within t[x]. */
bool layout_match(struct re *re, const char *t, struct span x);
/* A one-line heading block. */
bool layout_heading(const char *t, const struct block *b);
/* The first block of the records under headings that end at b[end - 1],
 * or end when there are none. */
size_t layout_headed(const char *t, const struct block *b, size_t end);
/* The entries of a list or key-value block (*out owned by the caller). */
size_t layout_entries(const char *t, struct span b, struct entry **out);
/* The key of e, normalized (caller frees). */
char *layout_key_norm(const char *t, const struct entry *e);
/* True when every entry of x is "Field: value" with a field of letters. */
bool layout_fields(const char *t, struct span x);

/* Rows (score_rows.c). */

/* The gold rows whose texts occur in t[x]: their number, and a bit set in
 * *rows (may be NULL). */
size_t rows_anchored(const struct pctx *c, const char *t, struct span x,
                     unsigned long long *rows);
/* The sentences of t[x] (*out owned by the caller). */
size_t rows_sentences(const char *t, struct span x, struct span **out);
/* Appends the rows of the answer text t[x] to c->a. */
void rows_parse(struct pctx *c, const char *t, struct span x);

/* The scorer: options and compiled patterns. */
struct scorer {
	struct score_opts o;
	struct score_re re;
	struct re *order_by, *ranked, *extreme;
};

/* 0 when score_probe can score this probe: a known task and a [[answer]]
 * gold; else -1 and e filled (ERR_INPUT). */
int score_probe_check(const cJSON *gold, const cJSON *probe, struct err *e);
/* Scores a probe reply with its task's metric (score_probe.c). */
int score_probe(struct scorer *s, const cJSON *gold, const cJSON *probe,
                const char *reply, struct score_result *r, struct err *e);

#endif

/* Contexts: which rows go into an instance, in which order, as text. */
#ifndef CTX_CONTEXT_H
#define CTX_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/sbuf.h"

struct db;
struct db_table;
struct err;
struct placement;
struct tok;

/* A row of a table: the table and the row's position in t->rowids. */
struct ctx_ref {
	struct db_table *t;
	size_t pos;
};

/* Relevant rows in the order instances take them (gen/sample.h makes it). */
struct ctx_seq {
	struct ctx_ref *v;
	size_t n;
	long long tokens;     /* tokens of all units of v */
	long long min_tokens; /* the shortest prefix with the sequence's kind
	                         of answer takes this many */
	bool complete;        /* v holds every row of its kind, not only
	                         enough for the largest budget */
};

/*
 * What one query needs across its instances: the tables it reads and the
 * seeded order in which distractor rows are taken (a round-robin over the
 * tables' permutations, so larger budgets take a superset of the rows of
 * smaller ones).
 */
struct ctx_query {
	struct db *db;
	struct db_table **rel; /* tables the query reads (owned array) */
	size_t nrel;
	struct ctx_ref *dseq;
	size_t ndseq;
	bool all_dbs; /* distractors drawn from other databases too */
};

/*
 * Sets up q for a query reading rel[0..nrel) (array copied) of db; the
 * distractors come from db's other tables and, when others is non-empty,
 * from every table of others[0..nothers). Tables without templates are not
 * used as distractors; a read table without templates is an error.
 */
int ctx_query_init(struct ctx_query *q, struct db *db, struct db_table **rel,
                   size_t nrel, struct db **others, size_t nothers,
                   struct err *e);
void ctx_query_release(struct ctx_query *q);

struct ctx_unit {
	struct ctx_ref ref;
	bool relevant;
	size_t start; /* byte offset in the context */
	long long tokens;
};

/* One assembled context; reuse it across instances to keep its buffers. */
struct context {
	struct ctx_unit *u;
	size_t n, cap;
	bool keep_text;   /* set to get text with an estimating tokenizer */
	struct sbuf text; /* units joined by "\n" (see keep_text) */
	struct sbuf json; /* text escaped for a JSON string, without quotes */
	long long tokens, info_tokens;
	size_t relevant;
	/* tokens of the first unit that did not fit, -1 when none was left */
	long long next_rel, next_irr;
	bool verified; /* an exact count by seams was checked against the text */
	/* private: cached code-point limit for the last length */
	long long lim_len, lim_cp;
	struct ctx_ref *tmp;
	size_t tmpcap;
	size_t *order;
	long long *irr;
	size_t ordcap;
	long long
	    *bnd; /* bnd[k]: most code points for lim_len - k - 1 tokens */
	size_t nbnd, bndcap;
};

void context_init(struct context *c);

/*
 * How many units of rel (a prefix of it) context_build takes for length L
 * and info amount A, before the seams between units are counted (an exact
 * tokenizer may then drop trailing units). -1 and e filled on failure.
 */
long long context_rel_count(struct context *c, const struct ctx_seq *rel,
                            long long length, long long info, struct tok *tok,
                            struct err *e);
void context_release(struct context *c);

/*
 * Builds the context of query q for length L, info amount A (tokens of
 * relevant units) and placement p with tokenizer tok: relevant rows in the
 * order of rel while they fit A, then distractors in q's order while the
 * whole context fits L, placed by p. -1 and e filled (with the tokens
 * available) when the data cannot fill a budget. qname names the query in
 * messages.
 */
int context_build(struct context *c, const struct ctx_query *q,
                  const struct ctx_seq *rel, const char *qname,
                  long long length, long long info, const struct placement *p,
                  struct tok *tok, struct err *e);

#endif

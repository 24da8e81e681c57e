/* Answer-aware row order: the sequence of relevant rows an instance takes a
 * prefix of, so that joins meet and its gold is empty or not as chosen. */
#ifndef CTX_SAMPLE_H
#define CTX_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "gen/context.h"
#include "gen/links.h"

struct db;
struct db_table;
struct err;

/* What one query's instances draw their relevant rows from. */
struct sample {
	struct db *db;         /* borrowed */
	sqlite3_stmt *st;      /* the query on db's scratch tables, borrowed */
	struct db_table **rel; /* the tables it reads, borrowed */
	size_t nrel;
	struct links links;
	size_t **rank; /* per read table: each row position's place in perm */
	struct ctx_ref *base; /* round robin over the tables, partners first */
	size_t nbase;
	bool never_empty;      /* the query answers even over no rows */
	bool empty_too_costly; /* finding rows without an answer was given up */
	struct ctx_seq rows, empty;
	int rows_state, empty_state; /* 0 not built, 1 built, 2 built
	                                checking every prefix, -1 none */
};

/*
 * Sets up s for the query sql (prepared as st on db->conn; both borrowed,
 * as is rel[0..nrel), the tables it reads): finds the links between the
 * read tables (declared foreign keys, and the equality columns the SQL
 * joins on) and the base order, a round robin over the tables' seeded
 * permutations in which every row comes right after the partners it links
 * to. -1 and e filled on a database failure.
 */
int sample_init(struct sample *s, struct db *db, const char *sql,
                sqlite3_stmt *st, struct db_table **rel, size_t nrel,
                struct err *e);
void sample_release(struct sample *s);

/*
 * The sequence of relevant rows for non-empty answers (empty false: it
 * starts with a witness of min_tokens tokens, a few rows whose answer is
 * not empty) or for empty ones (empty true), holding rows until more than
 * need tokens or every row that qualifies; built on first use. Prefixes
 * answer as wanted for queries whose answer does not flip back and forth as
 * rows are added; sample_check tells for one prefix. NULL with e clear
 * when no such sequence exists (empty: the query answers whatever rows it
 * gets; not empty: it has no answer even over every row); NULL and e
 * filled on failure.
 */
const struct ctx_seq *sample_seq(struct sample *s, bool empty, long long need,
                                 struct err *e);
/* The same, rebuilt so that every prefix (of at least min_tokens) has been
 * seen to answer as wanted: a query per row, so slower. */
const struct ctx_seq *sample_seq_exact(struct sample *s, bool empty,
                                       long long need, struct err *e);
/* 1 when the first n rows of q (a sequence of s) answer as q's kind wants,
 * 0 when not, -1 and e filled on failure. */
int sample_check(struct sample *s, const struct ctx_seq *q, size_t n,
                 struct err *e);

#endif

/* Whether a query's answer depends on the order its rows are read in: the
 * same rows, read in the opposite order, must give the same answer. */
#ifndef CTX_ORDER_H
#define CTX_ORDER_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_table;
struct err;
struct order_check;
struct sbuf;

/*
 * A second, private database with db's tables and views, each table with
 * its columns' declared types and collations but no keys (so no column
 * holds the rowid), and sql prepared on it. NULL with e clear when sql
 * does not prepare there (it names the rowid, say): the check is skipped;
 * NULL and e filled on failure.
 */
struct order_check *order_check_new(struct db *db, const char *sql,
                                    struct err *e);
void order_check_free(struct order_check *o);

/*
 * Copies the rows of rel[0..nrel) from db's scratch tables (the rows the
 * gold was just computed on) in descending rowid order, so every scan,
 * sort tie and bare column meets them the other way round, runs the query
 * and appends its answer as db_result_json does. -1 and e filled on
 * failure.
 */
int order_check_run(struct order_check *o, struct db_table **rel, size_t nrel,
                    struct sbuf *out, struct err *e);

/*
 * After order_check_run: the answer over the same rows with every tie
 * under the statement's own ORDER BY broken by the result columns
 * ascending (up), then descending (down). 0 when the statement has no
 * ORDER BY of its own (nothing appended), 1 when up and down are filled,
 * -1 and e filled on failure.
 */
int order_check_ties(struct order_check *o, struct sbuf *up,
                     struct sbuf *down, struct err *e);

/* True when sql says ORDER BY (anywhere: then the order of the answer's rows
 * counts, as the scorer's order check has it). */
bool order_sql_sorted(const char *sql);

/*
 * True when two answers ({"columns", "rows"} JSON) hold the same rows, in
 * the same order when ordered. Numbers with decimals may differ by one in
 * their last decimal: a sum taken in another order can round the other way
 * at a half, which no reader could tell apart either.
 */
bool order_same_answer(const char *a, const char *b, bool ordered);

#endif

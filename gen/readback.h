/* Sentences back into rows, and gen's check that every row survives that. */
#ifndef CTX_READBACK_H
#define CTX_READBACK_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

struct db;
struct db_table;
struct err;
struct sbuf;

/* A source value as SQLite typed it (type: SQLITE_INTEGER, _FLOAT, ...). */
struct readback_val {
	int type;
	long long i;
	double r;
};

/* Column col of st's current row, read before anything asks for its text. */
void readback_val_get(struct readback_val *v, sqlite3_stmt *st, int col);

/*
 * Parses one line by the templates of db's tables (in schema order, first
 * match wins). On a match returns 1, sets *table and fills vals[i] with the
 * text of column i (isnull[i] for a dropped optional segment); vals must hold
 * (*table)->ncols initialized sbufs (64 is always enough). 0 for no match.
 */
int readback_line(struct db *db, const char *line, size_t len,
                  struct db_table **table, struct sbuf *vals, bool *isnull);

/*
 * validate rebuilds a row from its sentence alone (readback_line, then the
 * text values inserted into the table) and recomputes the gold from that;
 * gen computes it from the typed source row. Checks the two agree for the
 * sentence line[0..len) of row pos of t, whose text form is vals/isnull and
 * typed form typed: the line must read back as a row of t with exactly those
 * texts, and the texts must convert back to the same typed values under the
 * columns' affinities. -1 and e filled (ERR_INPUT, naming the table, rowid
 * and, when one is to blame, the column) when they do not.
 */
int readback_check(struct db_table *t, size_t pos, const char *line, size_t len,
                   const struct sbuf *vals, const bool *isnull,
                   const struct readback_val *typed, struct err *e);

#endif

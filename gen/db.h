/* Source databases: tables, seeded row order, verbalized units, scratch. */
#ifndef CTX_DB_H
#define CTX_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "common/parse.h"
#include "tok/tok.h"

struct err;
struct sbuf;
struct strlist;
struct tok;
struct vtemplate;

/* One verbalized row, rendered once per seed and reused by every instance. */
struct db_unit {
	char *text; /* the sentence, no line break */
	char *json; /* text escaped for a JSON string, without quotes */
	size_t len, jlen;
	size_t cp;        /* code points of text */
	long long tokens; /* tokens of text alone */
	struct tok_edges edges; /* what joining it to others can change */
};

struct db_table {
	struct db *db;
	char *name;
	char *jname; /* name as a quoted JSON string */
	size_t jnamelen;
	size_t ncols;
	char **cols;
	char *aff;       /* affinity per column: i r n t b */
	const char *rid; /* rowid, _rowid_ or oid: the one no column hides */
	struct vtemplate **tpl;
	size_t ntpl;
	size_t nrows;
	long long *rowids;     /* ascending */
	size_t *perm;          /* seeded order of row positions */
	struct db_unit *units; /* per row position; text NULL until rendered */
	sqlite3_stmt *row, *copy, *put, *del;
	sqlite3_stmt *rt_put, *rt_get; /* the one-row mirror in "ctxrt" */
	bool dirty;                    /* the scratch copy holds rows */
};

/*
 * The connection's main schema holds empty scratch copies of every table and
 * view (the sub-database gold is computed on); the source rows are attached
 * as "src". Queries prepared on conn therefore read only the scratch rows.
 * "ctxrt" holds a one-row table per table, with its columns' affinities, that
 * checks a row's text converts back to its values (gen/readback.h).
 * Tables without a rowid, virtual tables and their shadow tables are
 * skipped: they have no scratch copy, and a query reading one is refused.
 */
struct db {
	char *name;       /* stable: the bundled name, the file's stem, or NAME
	                     of --db NAME=PATH; instance ids hold it */
	char *path;       /* the SQLite file; NULL for a bundled database */
	char sha256[65];  /* of the file's bytes (bundled: of its db.sql) */
	bool bundled;
	sqlite3 *conn;
	sqlite3_stmt *to_real; /* SELECT CAST(?1 AS REAL) */
	struct db_table *t;
	size_t nt;
	struct strlist skipped; /* names of the tables skipped ... */
	struct strlist why;     /* ... and why ("a WITHOUT ROWID table") */
	uint64_t seed;
	struct tok *tok; /* borrowed, set by db_set_order */
	bool readback; /* rendering checks each row reads back (gen sets it) */
};

/* Appends the sorted names of the bundled databases (data_dir()/schemas). */
void db_bundled_names(struct strlist *out);

enum db_flags {
	DB_NO_TEMPLATES = 1, /* load the schema and rows only (templates draft) */
};

/*
 * Opens a bundled database by name or an SQLite file by path, with its
 * templates (templates NULL: the bundled verbalize.json, or for a path
 * STEM.verbalize.json or verbalize.json beside it). spec is a --db value
 * (gen/locate.h: NAME, PATH or NAME=PATH). NULL and e filled.
 */
struct db *db_open(const char *spec, const char *templates, unsigned flags,
                   struct err *e);
/* The same for a name and a path (NULL: the bundled database name). */
struct db *db_open_at(const char *name, const char *path, const char *templates,
                      unsigned flags, struct err *e);
void db_free(struct db *db);
/* Why table name was skipped ("a WITHOUT ROWID table"), or NULL. */
const char *db_skipped(const struct db *db, const char *name);
/*
 * Appends to out one line per column of a TEXT column type whose non-NULL
 * values all read as numbers (a CSV imported without a schema): queries
 * compare such values as text ('9' > '10000'). -1 and e filled when SQLite
 * fails.
 */
int db_text_numbers(struct db *db, struct strlist *out, struct err *e);
/* The table named name (any case), or NULL. */
struct db_table *db_table(struct db *db, const char *name);

/* Appends s to out as an SQL identifier in double quotes. */
void db_quote_ident(struct sbuf *out, const char *s);
/* Position of rowid in t->rowids, or -1. */
long long db_pos(const struct db_table *t, long long rowid);

/* Sets the seed and tokenizer (borrowed) that units are ordered, rendered and
 * counted with. */
void db_set_order(struct db *db, uint64_t seed, struct tok *tok);
/* The unit of row position pos, rendered on first use; NULL and e filled on
 * failure. */
const struct db_unit *db_unit(struct db_table *t, size_t pos, struct err *e);
/* Text form of every column of row pos into vals (owned by out: one sbuf per
 * column, NULL flags in isnull). */
int db_row_text(struct db_table *t, size_t pos, struct sbuf *vals, bool *isnull,
                struct err *e);

/* Told that template k refused a row, and why (e: naming table, rowid and
 * column; borrowed for the call). */
typedef void (*db_check_fn)(void *arg, size_t k, const struct err *e);
/*
 * Runs row pos of t through each of its templates and gen's read-back check
 * (gen/readback.h), the row fetched once, no sentence kept; calls bad for
 * each template that gen would refuse the row with. -1 and e filled only
 * when SQLite fails.
 */
int db_check_row(struct db_table *t, size_t pos, db_check_fn bad, void *arg,
                 struct err *e);

/* Empties the scratch tables. */
int db_clear(struct db *db, struct err *e);
/* Copies source row pos of t into its scratch table (same rowid). */
int db_copy_row(struct db_table *t, size_t pos, struct err *e);
/* Deletes the scratch copy of source row pos of t. */
int db_drop_row(struct db_table *t, size_t pos, struct err *e);
/* Inserts a row given as text values (NULL = SQL NULL) into the scratch table;
 * rowid given when >= 0. */
int db_put_row(struct db_table *t, const char *const *vals, long long rowid,
               struct err *e);

/* Queries (gen/query.c). */

/*
 * Prepares sql on db->conn and collects the tables it reads (found with the
 * authorizer) into *tables (caller frees the array). -1 and e filled when the
 * SQL does not prepare or reads no table.
 */
int db_prepare_query(struct db *db, const char *sql, sqlite3_stmt **stmt,
                     struct db_table ***tables, size_t *ntables, struct err *e);
/* Runs stmt; appends {"columns": [...], "rows": [[...]]}, values typed.
 * Returns the number of rows, or -1 and e filled. */
long db_result_json(sqlite3_stmt *stmt, struct sbuf *out, struct err *e);
/* Runs stmt and appends only the rows: [[...], ...]. Returns the number of
 * rows, or -1 and e filled. */
long db_result_rows(sqlite3_stmt *stmt, struct sbuf *out, struct err *e);
/* Runs stmt to its first row: 1 when it has one, 0 when its answer is
 * empty, -1 and e filled when it fails (the limits of db_result_rows). */
int db_result_any(sqlite3_stmt *stmt, struct err *e);

#endif

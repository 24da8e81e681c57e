/* Database rows as probe units: entity lines or sentences. */
#ifndef CTX_PROBE_DB_H
#define CTX_PROBE_DB_H

#include <stdbool.h>
#include <stdint.h>

struct err;
struct tok;

/* The bundled database used when --db is not given. */
#define PROBE_DB_DEFAULT "wine"

/*
 * Called once per usable row, in table then rowid order. Takes ownership of
 * text, key (entity id; NULL for sentences) and answer; table is borrowed.
 * Returns 0, or -1 with e filled to stop the load.
 */
typedef int (*probe_db_row_fn)(void *arg, char *text, char *key, char *answer,
                               const char *table, long long rowid,
                               struct err *e);

/* The database a probe read: its stable name (owned) and content hash. */
struct probe_db_id {
	char *name;
	char sha256[65];
};

/*
 * Opens db with gen/db.h (a --db value: a bundled name, an SQLite path or
 * NAME=PATH; templates NULL for its verbalize.json), fills id and hands rows
 * to add: with entity, the rows of the largest table that has a name, title
 * or label column (in any case), each with a distinct seeded id; otherwise
 * the rows of every table as sentences verbalized by the database's
 * templates (t counts their tokens; borrowed). -1 and e filled when the
 * database cannot be read or (entity) has no such table.
 */
int probe_db_load(const char *db, const char *templates, bool entity,
                  uint64_t seed, struct tok *t, probe_db_row_fn add, void *arg,
                  struct probe_db_id *id, struct err *e);

#endif

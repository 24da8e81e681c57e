/* Where probe units come from: synthesized, or database rows. */
#ifndef CTX_PROBE_SRC_H
#define CTX_PROBE_SRC_H

#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"

struct err;
struct tok;

/* One candidate unit. All strings are owned by the source. */
struct probe_item {
	char *text;   /* the unit as it appears in the context */
	char *key;    /* the lookup string (id, UUID); NULL when chosen later */
	char *answer; /* gold answer (sentence and function: see probe.c) */
	char *table;  /* units[].table */
	long long rowid;  /* units[].rowid: source rowid or 1-based index */
	long long tokens; /* tokens of text alone */
};

struct probe_src;

/*
 * A source of units for task (db: bundled name or SQLite path, NULL for the
 * default, with templates as in db_open; both ignored by kv and function). t is
 * borrowed. NULL and e filled when the database cannot be loaded or has no
 * usable table.
 */
struct probe_src *probe_src_new(enum probe_task task, const char *db,
                                const char *templates, uint64_t seed,
                                struct tok *t, struct err *e);
void probe_src_free(struct probe_src *s);
/* The database name for instances' "db", or NULL for synthesized tasks. */
const char *probe_src_db(const struct probe_src *s);
/* Its content hash for "db_sha256", or NULL for synthesized tasks. */
const char *probe_src_sha(const struct probe_src *s);
/* Starts sample k's sequence of units (a new seeded order or stream). */
void probe_src_sample(struct probe_src *s, long long k);
/*
 * Sequence index of the current sample's evidence candidate c (0, 1, ...).
 * Synthesized sources: c. Databases: a row from one seeded order shared by
 * all samples, so samples 1..n try distinct rows first; an index past the
 * end when c >= the number of rows.
 */
size_t probe_src_candidate(const struct probe_src *s, size_t c);
/*
 * Item i of the current sample's sequence into *out (borrowed until the next
 * probe_src_sample). 1 when there is one, 0 past the end of a database, -1
 * and e filled on failure.
 */
int probe_src_get(struct probe_src *s, size_t i, const struct probe_item **out,
                  struct err *e);

#endif

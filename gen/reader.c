/* The reference reader: parse a context back into rows, run the SQL. */
#include "gen/reader.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"
#include "gen/locate.h"
#include "gen/readback.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **cache;
static size_t ncache, cachecap;
static const struct locate *where;

void reader_setup(const struct locate *l)
{
	pthread_mutex_lock(&lock);
	where = l;
	pthread_mutex_unlock(&lock);
}

static struct db *cached(const char *name, const char *sha, struct err *e)
{
	struct locate none;
	for (size_t i = 0; i < ncache; i++)
		if (!strcmp(cache[i]->name, name) &&
		    (!sha || !strcmp(cache[i]->sha256, sha)))
			return cache[i];
	locate_init(&none, NULL);
	struct db *db = locate_open(where ? where : &none, name, sha, true, e);
	if (!db)
		return NULL;
	xgrow(&cache, &cachecap, ncache + 1, sizeof(*cache));
	cache[ncache++] = db;
	return db;
}

/* Loads every line that parses into the scratch tables of db. */
static int load_context(struct db *db, const char *s, size_t len, struct err *e)
{
	struct sbuf vals[64];
	bool isnull[64];
	const char *pv[64];
	int rc = 0;
	for (size_t i = 0; i < 64; i++)
		sbuf_init(&vals[i]);
	for (size_t at = 0; at < len && !rc;) {
		const char *nl = memchr(s + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - s) : len;
		struct db_table *t;
		if (readback_line(db, s + at, end - at, &t, vals, isnull)) {
			for (size_t c = 0; c < t->ncols; c++)
				pv[c] = isnull[c] ? NULL : vals[c].buf;
			rc = db_put_row(t, pv, -1, e);
		}
		at = end + 1;
	}
	for (size_t i = 0; i < 64; i++)
		sbuf_release(&vals[i]);
	return rc;
}

static int answer(struct db *db, const char *sql, const char *context,
                  size_t len, struct sbuf *reply, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct db_table **tables = NULL;
	size_t ntables;
	int rc = -1;
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return err_set(e, ERR_DB, "%s", sqlite3_errmsg(db->conn));
	if (db_clear(db, e) || load_context(db, context, len, e))
		goto out;
	/* the same checks as gen: a read-only query over main's tables only */
	if (db_prepare_query(db, sql, &st, &tables, &ntables, e))
		goto out;
	free(tables);
	sbuf_adds(reply, "I rebuilt the rows stated in the context and ran the "
	                 "query over them.\nFinal answer: ");
	rc = db_result_rows(st, reply, e) < 0 ? -1 : 0;
out:
	sqlite3_finalize(st);
	sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	return rc;
}

int reader_answer(const char *db, const char *sha, const char *sql,
                  const char *context, size_t len, struct sbuf *reply,
                  struct err *e)
{
	pthread_mutex_lock(&lock);
	struct db *d = cached(db, sha, e);
	int rc = d ? answer(d, sql, context, len, reply, e) : -1;
	pthread_mutex_unlock(&lock);
	return rc;
}

void reader_cleanup(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < ncache; i++)
		db_free(cache[i]);
	free(cache);
	cache = NULL;
	ncache = cachecap = 0;
	where = NULL;
	pthread_mutex_unlock(&lock);
}

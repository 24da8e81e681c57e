/* Merging the shards of one run into one run.db: checks, then a copy of
 * every table through ATTACH. */
#include "run/merge.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "common/shard.h"
#include "common/xalloc.h"
#include "run/runset.h"

/* The value of meta key in the run.db at path (caller frees), or NULL. */
static char *meta_value(const char *path, const char *key)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	char *v = NULL;
	if (!sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) &&
	    !sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1,
	                        &q, NULL) &&
	    !sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC) &&
	    sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		v = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

/* Says which meta key tells shards a and b apart. */
static int differ(const char *a, const char *b, struct err *e)
{
	static const char *what[][2] = {
	    {"prompt_sha256", "prompt template"},
	    {"instances_sha256", "instances file"},
	};
	for (size_t i = 0; runset_same_keys[i]; i++) {
		const char *key = runset_same_keys[i], *name = key;
		char *va = meta_value(a, key), *vb = meta_value(b, key);
		bool same = va && vb ? !strcmp(va, vb) : va == vb;
		for (size_t k = 0; k < sizeof(what) / sizeof(*what); k++)
			if (!strcmp(key, what[k][0]))
				name = what[k][1];
		if (!same)
			err_set(
			    e, ERR_INPUT,
			    "'%s' and '%s' are shards of different runs: "
			    "their %s differs ('%.200s' and '%.200s'); merge "
			    "the shards of one run",
			    a, b, name, va ? va : "", vb ? vb : "");
		free(va);
		free(vb);
		if (!same)
			return -1;
	}
	return err_set(e, ERR_INPUT,
	               "'%s' and '%s' are shards of different "
	               "runs",
	               a, b);
}

/* Why a file is no shard of the run, or which of its meta keys differs. */
static int explain(const struct runset *rs, struct err *e)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->v[i].nshards)
			return err_set(
			    e, ERR_INPUT,
			    "'%s' is not the shard of a run (it was "
			    "made without --shard, or is no run.db); "
			    "merge takes the run.dbs of 'ctxbench run "
			    "--shard K/N'",
			    rs->v[i].paths[0]);
	const struct runset_run *a = &rs->v[0], *b = &rs->v[1];
	if (a->nshards != b->nshards)
		return err_set(e, ERR_INPUT,
		               "'%s' is shard %lu/%lu and '%s' shard %lu/%lu: "
		               "the shards of one run share N",
		               a->paths[0], a->ks[0], a->nshards, b->paths[0],
		               b->ks[0], b->nshards);
	return differ(a->paths[0], b->paths[0], e);
}

int merge_check(const struct runset *rs, struct err *e)
{
	struct sbuf missing = SBUF_INIT;
	int rc = 0;
	if (rs->n != 1 || !rs->v[0].nshards)
		return explain(rs, e);
	if (runset_missing(&rs->v[0], &missing))
		rc =
		    err_set(e, ERR_INPUT,
		            "%zu of the %lu shards are given; missing: %s (run "
		            "them, or give their run.dbs)",
		            rs->v[0].n, rs->v[0].nshards, missing.buf);
	sbuf_release(&missing);
	return rc;
}

static int db_err(sqlite3 *db, const char *path, struct err *e)
{
	return err_set(e, ERR_DB, "cannot merge '%s': %s", path,
	               sqlite3_errmsg(db));
}

/* "file:PATH?mode=ro" with PATH percent-encoded, for ATTACH. */
static char *ro_uri(const char *path)
{
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			sbuf_addch(&b, (char)*p);
		else
			sbuf_addf(&b, "%%%02X", *p);
	sbuf_adds(&b, "?mode=ro");
	return sbuf_detach(&b);
}

/* Creates in main each table and index of src that main lacks; a table
 * both have must have the same definition. */
static int copy_schema(sqlite3 *db, const char *path, struct err *e)
{
	sqlite3_stmt *q = NULL, *have = NULL;
	int rc = 0, step;
	if (sqlite3_prepare_v2(db,
	                       "SELECT type, name, sql FROM src.sqlite_master "
	                       "WHERE sql IS NOT NULL AND name NOT LIKE "
	                       "'sqlite_%' ORDER BY type = 'index', rowid",
	                       -1, &q, NULL) ||
	    sqlite3_prepare_v2(db,
	                       "SELECT sql FROM main.sqlite_master WHERE "
	                       "type = ?1 AND name = ?2",
	                       -1, &have, NULL)) {
		rc = db_err(db, path, e);
		goto out;
	}
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(q, 2);
		sqlite3_reset(have);
		sqlite3_bind_value(have, 1, sqlite3_column_value(q, 0));
		sqlite3_bind_value(have, 2, sqlite3_column_value(q, 1));
		if (sqlite3_step(have) != SQLITE_ROW)
			rc = sqlite3_exec(db, sql, NULL, NULL, NULL)
			         ? db_err(db, path, e)
			         : 0;
		else if (strcmp(sql,
		                (const char *)sqlite3_column_text(have, 0)))
			rc = err_set(
			    e, ERR_INPUT,
			    "'%s' defines %s '%s' otherwise than the "
			    "shards before it (made by another ctxbench "
			    "version?)",
			    path, sqlite3_column_text(q, 0),
			    sqlite3_column_text(q, 1));
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(db, path, e);
out:
	sqlite3_finalize(q);
	sqlite3_finalize(have);
	return rc;
}

/* Every instance of the shard hashes to it: so no instance is in two
 * shards, and none was filtered by another hash. */
static int check_ids(sqlite3 *db, const char *path, unsigned long k,
                     unsigned long n, struct err *e)
{
	sqlite3_stmt *q = NULL;
	int rc = 0, step;
	if (sqlite3_prepare_v2(db, "SELECT id FROM src.instances", -1, &q,
	                       NULL))
		return db_err(db, path, e);
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		size_t len = (size_t)sqlite3_column_bytes(q, 0);
		unsigned long at = shard_of(id ? id : "", len, n);
		if (at != k)
			rc = err_set(e, ERR_INPUT,
			             "'%s' is shard %lu/%lu but holds instance "
			             "'%s' of shard %lu/%lu; was it made by "
			             "another ctxbench version, or edited?",
			             path, k, n, id ? id : "", at, n);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(db, path, e);
	sqlite3_finalize(q);
	return rc;
}

/* Copies the rows of every table of src but meta into main. */
static int copy_rows(sqlite3 *db, const char *path, struct err *e)
{
	sqlite3_stmt *q = NULL;
	struct sbuf sql = SBUF_INIT;
	int rc = 0, step;
	if (sqlite3_prepare_v2(db,
	                       "SELECT name FROM src.sqlite_master WHERE type "
	                       "= 'table' AND name NOT LIKE 'sqlite_%' AND "
	                       "name != 'meta' ORDER BY rowid",
	                       -1, &q, NULL))
		return db_err(db, path, e);
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(q, 0);
		sbuf_reset(&sql);
		sbuf_addf(&sql,
		          "INSERT INTO main.\"%s\" SELECT * FROM src.\"%s\"", t,
		          t);
		if (strchr(t, '"') ||
		    sqlite3_exec(db, sql.buf, NULL, NULL, NULL))
			rc = err_set(e, ERR_INPUT,
			             "cannot merge table '%s' of "
			             "'%s': %s",
			             t, path, sqlite3_errmsg(db));
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(db, path, e);
	sqlite3_finalize(q);
	sbuf_release(&sql);
	return rc;
}

/* Adds the base URLs of src (a JSON array) to urls, each once. */
static void add_urls(sqlite3 *db, cJSON *urls)
{
	sqlite3_stmt *q = NULL;
	if (!sqlite3_prepare_v2(db,
	                        "SELECT value FROM src.meta WHERE key = "
	                        "'base_urls'",
	                        -1, &q, NULL) &&
	    sqlite3_step(q) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(q, 0);
		cJSON *a = v ? json_parse(v, strlen(v), NULL) : NULL, *u;
		cJSON_ArrayForEach(u, a)
		{
			bool seen = false;
			const cJSON *w;
			cJSON_ArrayForEach(w, urls) seen |=
			    cJSON_Compare(u, w, true);
			if (!seen)
				cJSON_AddItemToArray(urls,
				                     cJSON_Duplicate(u, 1));
		}
		cJSON_Delete(a);
	}
	sqlite3_finalize(q);
}

/* Merges shard i (attached as src) into main. */
static int merge_one(sqlite3 *db, const struct runset_run *r, size_t i,
                     cJSON *urls, struct err *e)
{
	const char *path = r->paths[i];
	char *uri = ro_uri(path);
	sqlite3_stmt *at = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(db, "ATTACH ?1 AS src", -1, &at, NULL) ||
	    sqlite3_bind_text(at, 1, uri, -1, SQLITE_STATIC) ||
	    sqlite3_step(at) != SQLITE_DONE) {
		err_set(e, ERR_INPUT, "cannot read '%s': %s", path,
		        sqlite3_errmsg(db));
		sqlite3_finalize(at);
		free(uri);
		return -1;
	}
	sqlite3_finalize(at);
	free(uri);
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL)) {
		db_err(db, path, e);
		goto out;
	}
	if (copy_schema(db, path, e) ||
	    check_ids(db, path, r->ks[i], r->nshards, e) ||
	    copy_rows(db, path, e))
		goto out;
	/* meta: the first shard's, without its shard; base URLs of all */
	if (!i && sqlite3_exec(db,
	                       "INSERT INTO main.meta SELECT * FROM src.meta "
	                       "WHERE key NOT IN ('shard', 'base_urls')",
	                       NULL, NULL, NULL)) {
		db_err(db, path, e);
		goto out;
	}
	add_urls(db, urls);
	rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) ? db_err(db, path, e)
	                                                  : 0;
out:
	if (rc)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(db, "DETACH src", NULL, NULL, NULL);
	return rc;
}

/* The meta rows that say what the merged run is made of. */
static int finish_meta(sqlite3 *db, const struct runset_run *r, cJSON *urls,
                       struct err *e)
{
	sqlite3_stmt *q = NULL;
	struct sbuf from = SBUF_INIT;
	char *u = cJSON_PrintUnformatted(urls);
	int rc = 0;
	sbuf_addch(&from, '[');
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			sbuf_addch(&from, ',');
		json_add_str(&from, r->paths[i]);
	}
	sbuf_addch(&from, ']');
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO meta VALUES ('base_urls', ?1), "
	                       "('merged_from', ?2)",
	                       -1, &q, NULL) ||
	    sqlite3_bind_text(q, 1, u ? u : "[]", -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(q, 2, from.buf, -1, SQLITE_STATIC) ||
	    sqlite3_step(q) != SQLITE_DONE)
		rc = err_set(e, ERR_DB, "cannot write meta: %s",
		             sqlite3_errmsg(db));
	sqlite3_finalize(q);
	sbuf_release(&from);
	cJSON_free(u);
	return rc;
}

int merge_shards(const char *tmp, const struct runset_run *r, struct err *e)
{
	sqlite3 *db = NULL;
	cJSON *urls = cJSON_CreateArray();
	int rc = -1;
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI,
	                    NULL) ||
	    sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF",
	                 NULL, NULL, NULL)) {
		err_set(e, ERR_IO, "cannot write '%s': %s", tmp,
		        db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r->n; i++)
		if (merge_one(db, r, i, urls, e))
			goto out;
	rc = finish_meta(db, r, urls, e);
out:
	if (sqlite3_close(db) && !rc)
		rc = err_set(e, ERR_DB, "cannot close '%s'", tmp);
	cJSON_Delete(urls);
	return rc;
}

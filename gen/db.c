/* Source databases: a scratch copy for sub-databases, templates, units. */
#include "gen/db.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/json.h"
#include "common/parse.h"
#include "common/rng.h"
#include "common/sbuf.h"
#include "common/sha256.h"
#include "common/xalloc.h"
#include "gen/locate.h"
#include "gen/readback.h"
#include "tok/tok.h"
#include "gen/verbalize.h"

static int db_fail(struct db *db, struct err *e, const char *what)
{
	return err_set(e, ERR_DB, "%s: %s", what, sqlite3_errmsg(db->conn));
}

void db_quote_ident(struct sbuf *out, const char *s)
{
	sbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addch(out, '"');
		sbuf_addch(out, *s);
	}
	sbuf_addch(out, '"');
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void db_bundled_names(struct strlist *out)
{
	struct sbuf path = SBUF_INIT;
	sbuf_addf(&path, "%s/schemas", data_dir());
	DIR *d = opendir(path.buf);
	size_t first = out->n;
	for (struct dirent *de; d && (de = readdir(d));) {
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		sbuf_reset(&path);
		sbuf_addf(&path, "%s/schemas/%s/db.sql", data_dir(),
		          de->d_name);
		if (!stat(path.buf, &st))
			strlist_push(out, de->d_name);
	}
	if (d)
		closedir(d);
	qsort(out->v + first, out->n - first, sizeof(char *), cmp_str);
	sbuf_release(&path);
}

/* SQLite's affinity rules for a declared column type. */
static char affinity(const char *type)
{
	struct sbuf u = SBUF_INIT;
	for (const char *p = type ? type : ""; *p; p++)
		sbuf_addch(&u, (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p));
	char a = strstr(u.buf, "INT") ? 'i'
	         : strstr(u.buf, "CHAR") || strstr(u.buf, "CLOB") ||
	                 strstr(u.buf, "TEXT")
	             ? 't'
	         : !u.len || strstr(u.buf, "BLOB") ? 'b'
	         : strstr(u.buf, "REAL") || strstr(u.buf, "FLOA") ||
	                 strstr(u.buf, "DOUB")
	             ? 'r'
	             : 'n';
	sbuf_release(&u);
	return a;
}

static int exec(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	err_set(e, ERR_DB, "%s", msg ? msg : sqlite3_errmsg(db->conn));
	sqlite3_free(msg);
	return -1;
}

/* Loads db.sql into a fresh in-memory database and copies it into "src". */
static int load_bundled(struct db *db, struct err *e)
{
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	sqlite3 *tmp = NULL;
	int rc = -1;
	sbuf_addf(&path, "%s/schemas/%s/db.sql", data_dir(), db->name);
	if (sbuf_read_file(&text, path.buf, e))
		goto out;
	sha256_hex(text.buf, text.len, db->sha256);
	char *msg = NULL;
	if (sqlite3_open(":memory:", &tmp) != SQLITE_OK ||
	    sqlite3_exec(tmp, text.buf, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_INPUT, "'%s': %s", path.buf,
		        msg ? msg : sqlite3_errmsg(tmp));
		sqlite3_free(msg);
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(db->conn, "src", tmp, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) {
		sqlite3_backup_finish(b);
		db_fail(db, e, "cannot copy the database");
		goto out;
	}
	sqlite3_backup_finish(b);
	rc = 0;
out:
	sqlite3_close(tmp);
	sbuf_release(&path);
	sbuf_release(&text);
	return rc;
}

static int attach_file(struct db *db, struct err *e)
{
	if (locate_file_sha(db->path, db->sha256, e))
		return -1;
	sqlite3_stmt *st = NULL;
	int rc =
	    sqlite3_prepare_v2(db->conn, "ATTACH ?1 AS src", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, db->path, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, ERR_INPUT, "cannot open '%s': %s", db->path,
		               sqlite3_errmsg(db->conn));
	return 0;
}

static int prep(struct db *db, const char *sql, sqlite3_stmt **st,
                struct err *e)
{
	if (sqlite3_prepare_v2(db->conn, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(db, e, sql);
	return 0;
}

/* A column named rowid hides SQLite's rowid under that name; SQLite has
 * three names for it, so take one that no column declares. */
static int pick_rowid_name(struct db_table *t, struct err *e)
{
	static const char *const names[] = {"rowid", "_rowid_", "oid"};
	for (size_t k = 0; k < 3; k++) {
		size_t i = 0;
		while (i < t->ncols && strcasecmp(t->cols[i], names[k]))
			i++;
		if (i == t->ncols) {
			t->rid = names[k];
			return 0;
		}
	}
	return err_set(e, ERR_INPUT,
	               "table '%s' has columns named rowid, _rowid_ and oid, "
	               "which hide its rowid: rename one of them",
	               t->name);
}

/*
 * An empty table in ctxrt with t's columns and SQLite's own affinity for
 * each (CREATE TABLE AS names the types by affinity), holding at most one
 * row: text put there comes back typed as validate's scratch rows would.
 */
static int prep_mirror(struct db *db, struct db_table *t, const char *cols,
                       struct err *e)
{
	struct sbuf q = SBUF_INIT;
	int rc = -1;
	sbuf_adds(&q, "CREATE TABLE ctxrt.");
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, " AS SELECT %s FROM main.", cols);
	db_quote_ident(&q, t->name);
	sbuf_adds(&q, " WHERE 0");
	if (exec(db, q.buf, e))
		goto out;
	sbuf_reset(&q);
	sbuf_adds(&q, "INSERT OR REPLACE INTO ctxrt.");
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, "(%s, %s) VALUES (1", t->rid, cols);
	for (size_t i = 0; i < t->ncols; i++)
		sbuf_addf(&q, ", ?%zu", i + 1);
	sbuf_adds(&q, ")");
	if (prep(db, q.buf, &t->rt_put, e))
		goto out;
	sbuf_reset(&q);
	sbuf_addf(&q, "SELECT %s FROM ctxrt.", cols);
	db_quote_ident(&q, t->name);
	rc = prep(db, q.buf, &t->rt_get, e);
out:
	sbuf_release(&q);
	return rc;
}

/* Columns, affinities and rowids of one table, and its statements. */
static int load_table(struct db *db, struct db_table *t, struct err *e)
{
	struct sbuf q = SBUF_INIT, cols = SBUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t cap = 0, rcap = 0;
	int rc = -1;
	json_add_str(&q, t->name);
	t->jnamelen = q.len;
	t->jname = sbuf_detach(&q);
	sbuf_adds(&q, "PRAGMA src.table_info(");
	db_quote_ident(&q, t->name);
	sbuf_adds(&q, ")");
	if (prep(db, q.buf, &st, e))
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		xgrow(&t->cols, &cap, t->ncols + 1, sizeof(char *));
		t->aff = xrealloc(t->aff, t->ncols + 2);
		t->cols[t->ncols] =
		    xstrdup((const char *)sqlite3_column_text(st, 1));
		t->aff[t->ncols++] =
		    affinity((const char *)sqlite3_column_text(st, 2));
		if (cols.len)
			sbuf_adds(&cols, ", ");
		db_quote_ident(&cols, t->cols[t->ncols - 1]);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (pick_rowid_name(t, e))
		goto out;
	sbuf_reset(&q);
	sbuf_addf(&q, "SELECT %s FROM src.", t->rid);
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, " ORDER BY %s", t->rid);
	if (prep(db, q.buf, &st, e)) {
		err_set(e, ERR_INPUT,
		        "table '%s' has no rowid: only rowid tables are "
		        "supported, not WITHOUT ROWID tables",
		        t->name);
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		xgrow(&t->rowids, &rcap, t->nrows + 1, sizeof(long long));
		t->rowids[t->nrows++] = sqlite3_column_int64(st, 0);
	}
	sbuf_reset(&q);
	sbuf_addf(&q, "SELECT %s FROM src.", cols.buf);
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, " WHERE %s = ?1", t->rid);
	if (prep(db, q.buf, &t->row, e))
		goto out;
	sbuf_reset(&q);
	sbuf_adds(&q, "INSERT INTO main.");
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, "(%s, %s) SELECT %s, %s FROM src.", t->rid, cols.buf,
	          t->rid, cols.buf);
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, " WHERE %s = ?1", t->rid);
	if (prep(db, q.buf, &t->copy, e))
		goto out;
	sbuf_reset(&q);
	sbuf_adds(&q, "INSERT OR IGNORE INTO main.");
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, "(%s, %s) VALUES (?1", t->rid, cols.buf);
	for (size_t i = 0; i < t->ncols; i++)
		sbuf_addf(&q, ", ?%zu", i + 2);
	sbuf_adds(&q, ")");
	if (prep(db, q.buf, &t->put, e))
		goto out;
	sbuf_reset(&q);
	sbuf_adds(&q, "DELETE FROM main.");
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, " WHERE %s = ?1", t->rid);
	if (prep(db, q.buf, &t->del, e) || prep_mirror(db, t, cols.buf, e))
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	sbuf_release(&q);
	sbuf_release(&cols);
	return rc;
}

/*
 * Why a table of src cannot give rows, or NULL: SQLite's table_list knows
 * virtual and shadow tables (an FTS5 index's _data, _idx, ...) and tables
 * without a rowid, whose rows units could not name.
 */
static const char *skip_reason(struct db *db, const char *name, const char *sql)
{
	sqlite3_stmt *st = NULL;
	const char *why = NULL;
	if (!strncasecmp(sql, "CREATE VIRTUAL", 14))
		return "a virtual table";
	if (sqlite3_prepare_v2(db->conn,
	                       "SELECT type, wr FROM pragma_table_list "
	                       "WHERE schema = 'src' AND name = ?1",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			why = !strcmp((const char *)sqlite3_column_text(st, 0),
			              "shadow")
			          ? "a shadow table of a virtual table"
			      : sqlite3_column_int(st, 1)
			          ? "a WITHOUT ROWID table"
			          : NULL;
	} else if (strcasestr(sql, "WITHOUT ROWID")) {
		why = "a WITHOUT ROWID table"; /* SQLite before 3.37 */
	}
	sqlite3_finalize(st);
	return why;
}

/* Creates the empty scratch copies in main and loads every table. */
static int load_schema(struct db *db, struct err *e)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	if (prep(db,
	         "SELECT type, name, sql FROM src.sqlite_master WHERE type IN "
	         "('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	         "AND sql IS NOT NULL ORDER BY rowid",
	         &st, e))
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *sql = (const char *)sqlite3_column_text(st, 2);
		const char *why =
		    strcmp(type, "table") ? NULL : skip_reason(db, name, sql);
		if (why) {
			strlist_push(&db->skipped, name);
			strlist_push(&db->why, why);
			continue;
		}
		if (exec(db, sql, e)) {
			err_prefix(e, "cannot copy the schema of '%s'", name);
			sqlite3_finalize(st);
			return -1;
		}
		if (strcmp(type, "table"))
			continue;
		xgrow(&db->t, &cap, db->nt + 1, sizeof(*db->t));
		memset(&db->t[db->nt], 0, sizeof(*db->t));
		db->t[db->nt].db = db;
		db->t[db->nt++].name = xstrdup(name);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < db->nt; i++)
		if (load_table(db, &db->t[i], e))
			return -1;
	return 0;
}

const char *db_skipped(const struct db *db, const char *name)
{
	for (size_t i = 0; i < db->skipped.n; i++)
		if (!strcasecmp(db->skipped.v[i], name))
			return db->why.v[i];
	return NULL;
}

/* Finds the templates of a path database when none were given. */
static char *default_templates(const char *path)
{
	struct sbuf p = SBUF_INIT;
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path)
	                                             : strlen(path);
	sbuf_addf(&p, "%.*s.verbalize.json", (int)stem, path);
	if (access(p.buf, F_OK)) {
		sbuf_reset(&p);
		sbuf_addf(&p, "%.*sverbalize.json",
		          slash ? (int)(slash - path + 1) : 0, path);
	}
	return sbuf_detach(&p);
}

static int load_table_templates(struct db_table *t, const cJSON *spec,
                                struct err *e)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(spec, "templates");
	if (!cJSON_IsArray(list) || !cJSON_GetArraySize(list))
		return err_set(
		    e, ERR_INPUT,
		    "table '%s': \"templates\" must be a non-empty array",
		    t->name);
	t->tpl = xcalloc(cJSON_GetArraySize(list), sizeof(*t->tpl));
	const cJSON *it;
	cJSON_ArrayForEach(it, list)
	{
		if (!cJSON_IsString(it))
			return err_set(e, ERR_INPUT,
			               "table '%s': templates must be strings",
			               t->name);
		t->tpl[t->ntpl] =
		    vtemplate_new(it->valuestring, (const char *const *)t->cols,
		                  t->aff, t->ncols, e);
		if (!t->tpl[t->ntpl])
			return err_prefix(e, "table '%s' template %zu", t->name,
			                  t->ntpl + 1);
		t->ntpl++;
	}
	return 0;
}

static int load_templates(struct db *db, const char *templates, struct err *e)
{
	struct sbuf path = SBUF_INIT;
	int rc = -1;
	if (templates)
		sbuf_adds(&path, templates);
	else if (db->bundled)
		sbuf_addf(&path, "%s/schemas/%s/verbalize.json", data_dir(),
		          db->name);
	else {
		char *p = default_templates(db->path);
		sbuf_adds(&path, p);
		free(p);
		if (access(path.buf, F_OK)) {
			err_set(e, ERR_IO,
			        "no templates: give --templates FILE "
			        "or put STEM.verbalize.json or verbalize.json "
			        "beside the database");
			sbuf_release(&path);
			return -1;
		}
	}
	cJSON *root = json_read_file(path.buf, e);
	const cJSON *tables = cJSON_GetObjectItemCaseSensitive(root, "tables");
	if (!root)
		goto out;
	if (!cJSON_IsObject(tables)) {
		err_set(e, ERR_INPUT, "no \"tables\" object");
		goto out;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, tables)
	{
		struct db_table *t = db_table(db, it->string);
		if (!t && db_skipped(db, it->string)) {
			err_set(e, ERR_INPUT,
			        "table '%s' is %s, which ctxbench skips: "
			        "remove it from \"tables\"",
			        it->string, db_skipped(db, it->string));
			goto out;
		}
		if (!t) {
			err_set(e, ERR_INPUT, "unknown table '%s'", it->string);
			goto out;
		}
		/* cJSON keeps repeated keys, and names match in any case */
		if (t->tpl) {
			err_set(e, ERR_INPUT,
			        "table '%s' is listed twice in \"tables\" "
			        "(table names ignore case): list its "
			        "templates once",
			        it->string);
			goto out;
		}
		if (load_table_templates(t, it, e))
			goto out;
	}
	rc = 0;
out:
	if (rc && !strstr(e->msg, path.buf))
		err_prefix(e, "'%s'", path.buf);
	cJSON_Delete(root);
	sbuf_release(&path);
	return rc;
}

struct db *db_open_at(const char *name, const char *path, const char *templates,
                      unsigned flags, struct err *e)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->name = xstrdup(name);
	db->path = path ? xstrdup(path) : NULL;
	db->bundled = !path;
	if (sqlite3_open(":memory:", &db->conn) != SQLITE_OK) {
		db_fail(db, e, "cannot open an in-memory database");
		goto fail;
	}
	if (db->bundled ? (exec(db, "ATTACH ':memory:' AS src", e) ||
	                   load_bundled(db, e))
	                : attach_file(db, e))
		goto fail;
	/* ctxrt is scratch: no journal to keep for it */
	if (exec(db,
	         "ATTACH ':memory:' AS ctxrt; PRAGMA ctxrt.journal_mode = OFF",
	         e))
		goto fail;
	if (prep(db, "SELECT CAST(?1 AS REAL)", &db->to_real, e) ||
	    load_schema(db, e) ||
	    (!(flags & DB_NO_TEMPLATES) && load_templates(db, templates, e))) {
		err_prefix(e, "database '%s'", path ? path : name);
		goto fail;
	}
	return db;
fail:
	db_free(db);
	return NULL;
}

struct db *db_open(const char *spec, const char *templates, unsigned flags,
                   struct err *e)
{
	struct db_spec s;
	if (db_spec_parse(spec, &s, e))
		return NULL;
	struct db *db = db_open_at(s.name, s.path, templates, flags, e);
	db_spec_release(&s);
	return db;
}

static void table_release(struct db_table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->aff);
	for (size_t i = 0; i < t->ntpl; i++)
		vtemplate_free(t->tpl[i]);
	free(t->tpl);
	free(t->rowids);
	free(t->perm);
	for (size_t i = 0; t->units && i < t->nrows; i++) {
		free(t->units[i].text);
		free(t->units[i].json);
	}
	free(t->units);
	sqlite3_finalize(t->row);
	sqlite3_finalize(t->copy);
	sqlite3_finalize(t->put);
	sqlite3_finalize(t->del);
	sqlite3_finalize(t->rt_put);
	sqlite3_finalize(t->rt_get);
	free(t->jname);
	free(t->name);
}

void db_free(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->nt; i++)
		table_release(&db->t[i]);
	free(db->t);
	sqlite3_finalize(db->to_real);
	sqlite3_close(db->conn);
	strlist_release(&db->skipped);
	strlist_release(&db->why);
	free(db->name);
	free(db->path);
	free(db);
}

struct db_table *db_table(struct db *db, const char *name)
{
	for (size_t i = 0; i < db->nt; i++)
		if (!strcasecmp(db->t[i].name, name))
			return &db->t[i];
	return NULL;
}

long long db_pos(const struct db_table *t, long long rowid)
{
	size_t lo = 0, hi = t->nrows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->rowids[mid] < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nrows && t->rowids[lo] == rowid ? (long long)lo : -1;
}

void db_set_order(struct db *db, uint64_t seed, struct tok *tok)
{
	db->seed = seed;
	db->tok = tok;
	for (size_t i = 0; i < db->nt; i++) {
		struct db_table *t = &db->t[i];
		struct rng r;
		for (size_t k = 0; t->units && k < t->nrows; k++) {
			free(t->units[k].text);
			free(t->units[k].json);
		}
		free(t->units);
		free(t->perm);
		t->units = xcalloc(t->nrows + 1, sizeof(*t->units));
		t->perm = xcalloc(t->nrows + 1, sizeof(size_t));
		for (size_t k = 0; k < t->nrows; k++)
			t->perm[k] = k;
		rng_init_label(&r, seed, t->name);
		rng_shuffle(&r, t->perm, t->nrows);
	}
}

/* True when SQLite reads text as exactly v (as validate's insert will). */
static bool reads_as(struct db *db, const char *text, double v)
{
	sqlite3_reset(db->to_real);
	sqlite3_bind_text(db->to_real, 1, text, -1, SQLITE_STATIC);
	bool same = sqlite3_step(db->to_real) == SQLITE_ROW &&
	            sqlite3_column_double(db->to_real, 0) == v;
	sqlite3_reset(db->to_real);
	return same;
}

/*
 * SQLite writes a real with 15 significant digits, which for data such as
 * 145.391998291015625 (a float32 widened) is another number: then the
 * fewest digits that SQLite reads back as the same double (its reading of
 * 17 digits can be an ulp off, so the neighbours' 17 digits are tried
 * too). A sentence states the value exactly, so it reads back as the row.
 * When none does, the text stays and the read-back check says so.
 */
static void exact_real(struct db *db, struct sbuf *text, double v)
{
	char buf[40];
	double near[4] = {v, v, nextafter(v, -INFINITY), nextafter(v, INFINITY)};
	if (v != v || isinf(v) || reads_as(db, text->buf, v))
		return;
	for (int k = 0; k < 4; k++) {
		snprintf(buf, sizeof(buf), "%.*g", k ? 17 : 16, near[k]);
		if (reads_as(db, buf, v)) {
			sbuf_reset(text);
			sbuf_adds(text, buf);
			return;
		}
	}
}

/* Row pos as text, and (typed not NULL) as SQLite typed it. */
static int fetch_row(struct db_table *t, size_t pos, struct sbuf *vals,
                     bool *isnull, struct readback_val *typed, struct err *e)
{
	sqlite3_reset(t->row);
	sqlite3_bind_int64(t->row, 1, t->rowids[pos]);
	if (sqlite3_step(t->row) != SQLITE_ROW)
		return err_set(e, ERR_DB, "table '%s' rowid %lld: %s", t->name,
		               t->rowids[pos], sqlite3_errmsg(t->db->conn));
	for (size_t i = 0; i < t->ncols; i++) {
		int type = sqlite3_column_type(t->row, (int)i);
		/* before the text: asking for text converts the value */
		double r = type == SQLITE_FLOAT
		               ? sqlite3_column_double(t->row, (int)i)
		               : 0;
		if (typed)
			readback_val_get(&typed[i], t->row, (int)i);
		sbuf_reset(&vals[i]);
		isnull[i] = type == SQLITE_NULL;
		if (!isnull[i])
			sbuf_add(&vals[i], sqlite3_column_text(t->row, (int)i),
			         (size_t)sqlite3_column_bytes(t->row, (int)i));
		if (type == SQLITE_FLOAT)
			exact_real(t->db, &vals[i], r);
	}
	sqlite3_reset(t->row);
	return 0;
}

int db_row_text(struct db_table *t, size_t pos, struct sbuf *vals, bool *isnull,
                struct err *e)
{
	return fetch_row(t, pos, vals, isnull, NULL, e);
}

/* The template of a row depends only on seed, table and rowid. */
static const struct vtemplate *pick(const struct db_table *t, long long rowid,
                                    uint64_t seed)
{
	uint64_t h = hash64(t->name, strlen(t->name), seed);
	h = hash64(&rowid, sizeof(rowid), h);
	return t->tpl[h % t->ntpl];
}

/* A row as fetched: its text (pv: NULL for SQL NULL) and typed values. */
struct row {
	struct sbuf vals[64];
	bool isnull[64];
	const char *pv[64];
	struct readback_val typed[64];
};

static int row_fetch(struct db_table *t, size_t pos, struct row *r,
                     struct err *e)
{
	for (size_t i = 0; i < t->ncols; i++)
		sbuf_init(&r->vals[i]);
	if (fetch_row(t, pos, r->vals, r->isnull, r->typed, e))
		return -1;
	for (size_t i = 0; i < t->ncols; i++)
		r->pv[i] = r->isnull[i] ? NULL : r->vals[i].buf;
	return 0;
}

static void row_release(struct db_table *t, struct row *r)
{
	for (size_t i = 0; i < t->ncols; i++)
		sbuf_release(&r->vals[i]);
}

/* The sentence of row r (position pos) by template tpl into out, with
 * gen's read-back check when check is set. */
static int state(struct db_table *t, size_t pos, const struct row *r,
                 const struct vtemplate *tpl, bool check, struct sbuf *out,
                 struct err *e)
{
	if (vtemplate_render(tpl, r->pv, out, e))
		return err_prefix(e, "table '%s' rowid %lld, template \"%s\"",
		                  t->name, t->rowids[pos], vtemplate_text(tpl));
	if (strpbrk(out->buf, "\r\n") || strlen(out->buf) != out->len)
		return err_set(e, ERR_INPUT,
		               "table '%s' rowid %lld: a value holds a line "
		               "break or NUL",
		               t->name, t->rowids[pos]);
	/* instances are JSON: such bytes would turn into U+FFFD in the
	 * context and no longer match the row the gold is computed on */
	if (!utf8_valid(out->buf, out->len))
		return err_set(e, ERR_INPUT,
		               "table '%s' rowid %lld: a value is not valid UTF-8",
		               t->name, t->rowids[pos]);
	if (check && readback_check(t, pos, out->buf, out->len, r->vals,
	                            r->isnull, r->typed, e))
		return -1;
	return 0;
}

static int render(struct db_table *t, size_t pos, struct db_unit *u,
                  struct err *e)
{
	struct sbuf out = SBUF_INIT;
	struct row r;
	int rc = -1;
	/* once per row and run: what validate will read back must be the
	 * row gen computes the gold on */
	int bad = row_fetch(t, pos, &r, e) ||
	          state(t, pos, &r, pick(t, t->rowids[pos], t->db->seed),
	                t->db->readback, &out, e);
	row_release(t, &r);
	if (bad)
		goto out;
	u->tokens = tok_count_edges(t->db->tok, out.buf, out.len, &u->edges, e);
	if (u->tokens < 0)
		goto out;
	u->cp = utf8_count(out.buf, out.len);
	u->len = out.len;
	u->text = sbuf_detach(&out);
	json_add_strn(&out, u->text, u->len);
	u->jlen = out.len - 2;
	u->json = xstrndup(out.buf + 1, u->jlen);
	rc = 0;
out:
	sbuf_release(&out);
	return rc;
}

int db_check_row(struct db_table *t, size_t pos, db_check_fn bad, void *arg,
                 struct err *e)
{
	struct sbuf out = SBUF_INIT;
	struct err f = ERR_INIT;
	struct row r;
	int rc = row_fetch(t, pos, &r, e);
	for (size_t k = 0; k < t->ntpl && !rc; k++) {
		sbuf_reset(&out);
		if (!state(t, pos, &r, t->tpl[k], true, &out, &f))
			continue;
		if (f.kind != ERR_INPUT) {
			*e = f;
			rc = -1;
		} else {
			bad(arg, k, &f);
		}
		err_clear(&f);
	}
	row_release(t, &r);
	sbuf_release(&out);
	return rc;
}

const struct db_unit *db_unit(struct db_table *t, size_t pos, struct err *e)
{
	struct db_unit *u = &t->units[pos];
	if (u->text)
		return u;
	if (!t->ntpl) {
		err_set(e, ERR_INPUT,
		        "table '%s' has no templates in verbalize.json",
		        t->name);
		return NULL;
	}
	return render(t, pos, u, e) ? NULL : u;
}

int db_clear(struct db *db, struct err *e)
{
	struct sbuf q = SBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < db->nt && !rc; i++) {
		if (!db->t[i].dirty)
			continue;
		sbuf_reset(&q);
		sbuf_adds(&q, "DELETE FROM main.");
		db_quote_ident(&q, db->t[i].name);
		rc = exec(db, q.buf, e);
		db->t[i].dirty = false;
	}
	sbuf_release(&q);
	return rc;
}

int db_copy_row(struct db_table *t, size_t pos, struct err *e)
{
	sqlite3_reset(t->copy);
	sqlite3_bind_int64(t->copy, 1, t->rowids[pos]);
	t->dirty = true;
	if (sqlite3_step(t->copy) != SQLITE_DONE)
		return err_set(e, ERR_DB, "table '%s' rowid %lld: %s", t->name,
		               t->rowids[pos], sqlite3_errmsg(t->db->conn));
	return 0;
}

int db_drop_row(struct db_table *t, size_t pos, struct err *e)
{
	sqlite3_reset(t->del);
	sqlite3_bind_int64(t->del, 1, t->rowids[pos]);
	if (sqlite3_step(t->del) != SQLITE_DONE)
		return err_set(e, ERR_DB, "table '%s' rowid %lld: %s", t->name,
		               t->rowids[pos], sqlite3_errmsg(t->db->conn));
	return 0;
}

int db_put_row(struct db_table *t, const char *const *vals, long long rowid,
               struct err *e)
{
	sqlite3_reset(t->put);
	sqlite3_clear_bindings(t->put);
	if (rowid >= 0)
		sqlite3_bind_int64(t->put, 1, rowid);
	for (size_t i = 0; i < t->ncols; i++)
		if (vals[i])
			sqlite3_bind_text(t->put, (int)i + 2, vals[i], -1,
			                  SQLITE_STATIC);
	t->dirty = true;
	int rc = sqlite3_step(t->put);
	sqlite3_reset(t->put);
	if (rc != SQLITE_DONE)
		return err_set(e, ERR_DB, "table '%s': %s", t->name,
		               sqlite3_errmsg(t->db->conn));
	return 0;
}

/* SQL true when column c holds text that reads as a plain decimal number
 * (not one with a leading zero, such as a postal code). */
static void add_numeric_text(struct sbuf *q, const char *c)
{
	static const char *const parts[] = {
	    "typeof(%s) = 'text'",
	    "ltrim(%s, '-+') GLOB '[0-9.]*'",
	    "ltrim(%s, '-+') NOT GLOB '*[^0-9.]*'",
	    "ltrim(%s, '-+') NOT GLOB '*.*.*'",
	    "ltrim(%s, '-+') GLOB '*[0-9]*'",
	    "ltrim(%s, '-+') NOT GLOB '0[0-9]*'"};
	struct sbuf id = SBUF_INIT;
	db_quote_ident(&id, c);
	sbuf_addch(q, '(');
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		sbuf_adds(q, i ? " AND " : "");
		sbuf_addf(q, parts[i], id.buf);
	}
	sbuf_addch(q, ')');
	sbuf_release(&id);
}

/* True when SQL q (on db) gives a row. */
static int any_row(struct db *db, const char *q, bool *yes, struct err *e)
{
	sqlite3_stmt *st = NULL;
	if (prep(db, q, &st, e))
		return -1;
	int rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, e, q);
}

/*
 * When column c of t, of a TEXT type, holds only numbers (its empty strings
 * aside), appends the warning to out. The first value that is not a number
 * ends the scan: only columns of numbers are read whole.
 */
static int text_numbers(struct db_table *t, const char *c, struct strlist *out,
                        struct err *e)
{
	struct sbuf q = SBUF_INIT, id = SBUF_INIT, line = SBUF_INIT;
	bool other, some;
	int rc = -1;
	db_quote_ident(&id, c);
	sbuf_addf(&q, "SELECT 1 FROM src.");
	db_quote_ident(&q, t->name);
	sbuf_addf(&q, " WHERE %s <> '' AND NOT ", id.buf);
	add_numeric_text(&q, c);
	sbuf_adds(&q, " LIMIT 1");
	if (any_row(t->db, q.buf, &other, e))
		goto out;
	sbuf_reset(&q);
	sbuf_adds(&q, "SELECT count(nullif(");
	sbuf_addf(&q, "%s, '')), count(%s) - count(nullif(%s, '')) FROM src.",
	          id.buf, id.buf, id.buf);
	db_quote_ident(&q, t->name);
	sqlite3_stmt *st = NULL;
	if (other || (rc = prep(t->db, q.buf, &st, e)) ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		rc = other ? 0 : rc ? rc : db_fail(t->db, e, q.buf);
		goto out;
	}
	long long all = sqlite3_column_int64(st, 0);
	long long empty = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	some = all > 0;
	rc = 0;
	if (!some)
		goto out;
	sbuf_addf(&line,
	          "table '%s' column '%s' has a TEXT type but its %lld "
	          "values are all numbers, so queries compare them as "
	          "text ('9' > '10000'): if they are amounts, declare "
	          "the column INTEGER or REAL (create the table with "
	          "typed columns before importing a CSV) or CAST it in "
	          "the queries; codes and identifiers can stay TEXT",
	          t->name, c, all);
	if (empty)
		sbuf_addf(&line,
		          " (its %lld empty strings, how a CSV writes a missing "
		          "value, would stay text: make them NULL)",
		          empty);
	strlist_push(out, line.buf);
out:
	sbuf_release(&q);
	sbuf_release(&id);
	sbuf_release(&line);
	return rc;
}

/* True when column c of t is in its primary key or a foreign key: a key
 * is an identifier, compared for equality, so text is fine. */
static bool is_key(struct db_table *t, const char *c)
{
	sqlite3_stmt *st = NULL;
	bool yes = false;
	if (sqlite3_prepare_v2(t->db->conn,
	                       "SELECT 1 FROM pragma_table_info(?1, 'src') "
	                       "WHERE pk > 0 AND name = ?2 UNION ALL "
	                       "SELECT 1 FROM pragma_foreign_key_list(?1, "
	                       "'src') WHERE \"from\" = ?2 COLLATE NOCASE",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

/* The TEXT columns of t whose values all read as numbers, into out; keys
 * (compared for equality) are left alone. */
static int table_text_numbers(struct db_table *t, struct strlist *out,
                              struct err *e)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (t->aff[c] == 't' && !is_key(t, t->cols[c]) &&
		    text_numbers(t, t->cols[c], out, e))
			return -1;
	return 0;
}

int db_text_numbers(struct db *db, struct strlist *out, struct err *e)
{
	for (size_t i = 0; i < db->nt; i++)
		if (table_text_numbers(&db->t[i], out, e))
			return err_prefix(e, "database '%s'", db->name);
	return 0;
}

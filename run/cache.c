/* The response cache in its own SQLite file. */
#include "run/cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "common/err.h"
#include "common/progress.h"
#include "common/sbuf.h"
#include "common/sha256.h"
#include "common/xalloc.h"
#include "run/provider.h"

struct cache {
	sqlite3 *db;
	sqlite3_stmt *get, *put;
	char *path;
	int in_tx;
	double tx_start;
};

static const char schema[] =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS cache(key TEXT PRIMARY KEY,"
    " status TEXT NOT NULL, reply TEXT, finish_reason TEXT,"
    " prompt_tokens INTEGER, completion_tokens INTEGER,"
    " reasoning_tokens INTEGER, latency_ms REAL, ttft_ms REAL,"
    " output_tps REAL, model_id TEXT, created INTEGER NOT NULL);";

/* Columns later versions added; an older cache.db gets them on open. */
static const char *const added[] = {
    "ALTER TABLE cache ADD COLUMN reasoning TEXT",
    "ALTER TABLE cache ADD COLUMN ttft_answer_ms REAL",
    "ALTER TABLE cache ADD COLUMN cached_tokens INTEGER",
};

static const char get_sql[] =
    "SELECT status, reply, finish_reason, prompt_tokens, completion_tokens,"
    " reasoning_tokens, latency_ms, ttft_ms, output_tps, model_id, reasoning,"
    " ttft_answer_ms, cached_tokens FROM cache WHERE key=?";
static const char put_sql[] =
    "INSERT OR REPLACE INTO cache(key, status, reply, finish_reason,"
    " prompt_tokens, completion_tokens, reasoning_tokens, latency_ms,"
    " ttft_ms, output_tps, model_id, reasoning, ttft_answer_ms,"
    " cached_tokens, created) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
    " strftime('%s','now'))";

/* Adds the columns an older cache lacks ("duplicate column" is fine). */
static void add_columns(sqlite3 *db)
{
	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]); i++)
		sqlite3_exec(db, added[i], NULL, NULL, NULL);
}

/* mkdir -p of the folders above path. */
static int make_parents(const char *path, struct err *e)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = strchr(p + 1, '/'); s && !rc; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			rc = err_set(e, ERR_IO, "cannot create '%s': %s", p,
			             strerror(errno));
		*s = '/';
	}
	free(p);
	return rc;
}

static char *default_path(void)
{
	struct sbuf sb = SBUF_INIT;
	const char *env = getenv("CTXBENCH_CACHE");
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (env && *env)
		sbuf_adds(&sb, env);
	else if (xdg && *xdg)
		sbuf_addf(&sb, "%s/ctxbench/cache.db", xdg);
	else
		sbuf_addf(&sb, "%s/.cache/ctxbench/cache.db",
		          getenv("HOME") ? getenv("HOME") : ".");
	return sbuf_detach(&sb);
}

struct cache *cache_open(const char *path, struct err *e)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	char *msg = NULL;
	c->path = path ? xstrdup(path) : default_path();
	if (make_parents(c->path, e))
		goto fail;
	if (sqlite3_open_v2(c->path, &c->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ||
	    (sqlite3_busy_timeout(c->db, 10000),
	     sqlite3_exec(c->db, schema, NULL, NULL, &msg)) ||
	    (add_columns(c->db),
	     sqlite3_prepare_v2(c->db, get_sql, -1, &c->get, NULL)) ||
	    sqlite3_prepare_v2(c->db, put_sql, -1, &c->put, NULL)) {
		err_set(e, ERR_DB, "cannot open the cache '%s': %s", c->path,
		        msg     ? msg
		        : c->db ? sqlite3_errmsg(c->db)
		                : "no memory");
		sqlite3_free(msg);
		goto fail;
	}
	return c;
fail:
	cache_free(c);
	return NULL;
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	if (c->in_tx)
		cache_flush(c, 1, NULL);
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_close(c->db);
	free(c->path);
	free(c);
}

const char *cache_path(const struct cache *c)
{
	return c->path;
}

static void key_part(struct sha256 *h, const char *s, size_t n)
{
	char len[24];
	int k = snprintf(len, sizeof(len), "%zu:", n);
	sha256_update(h, len, (size_t)k);
	sha256_update(h, s ? s : "", n);
}

void cache_key(const struct cache_what *w, char out[65])
{
	struct sha256 h;
	char sample[16];
	sha256_init(&h);
	key_part(&h, "ctxbench-cache/1", 16);
	const char *parts[] = {w->provider, w->endpoint, w->model, w->settings};
	for (size_t i = 0; i < 4; i++)
		key_part(&h, parts[i], parts[i] ? strlen(parts[i]) : 0);
	key_part(&h, w->prompt, w->prompt_len);
	int k = snprintf(sample, sizeof(sample), "%d", w->sample);
	key_part(&h, sample, (size_t)k);
	sha256_final_hex(&h, out);
}

static long long col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
	           ? -1
	           : sqlite3_column_int64(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
	           ? -1
	           : sqlite3_column_double(st, i);
}

int cache_get(struct cache *c, const char *key, struct reply *r)
{
	sqlite3_stmt *st = c->get;
	int hit = 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(st, 0);
		hit = 1;
		r->status = !strcmp(status, "length")    ? REPLY_LENGTH
		            : !strcmp(status, "refused") ? REPLY_REFUSED
		                                         : REPLY_OK;
		r->final = r->status == REPLY_REFUSED;
		sbuf_reset(&r->text);
		sbuf_add(&r->text, sqlite3_column_text(st, 1),
		         (size_t)sqlite3_column_bytes(st, 1));
		reply_set(&r->finish_reason,
		          (const char *)sqlite3_column_text(st, 2));
		r->prompt_tokens = col_int(st, 3);
		r->completion_tokens = col_int(st, 4);
		r->reasoning_tokens = col_int(st, 5);
		r->latency_ms = col_real(st, 6);
		r->ttft_ms = col_real(st, 7);
		r->output_tps = col_real(st, 8);
		reply_set(&r->model_id,
		          (const char *)sqlite3_column_text(st, 9));
		sbuf_reset(&r->reasoning);
		sbuf_add(&r->reasoning, sqlite3_column_text(st, 10),
		         (size_t)sqlite3_column_bytes(st, 10));
		r->ttft_answer_ms = col_real(st, 11);
		r->cached_tokens = col_int(st, 12);
		if (r->status == REPLY_REFUSED)
			reply_set(&r->error, "the model refused (cached)");
		r->cached = true;
	}
	sqlite3_reset(st);
	return hit;
}

static void bind_num(sqlite3_stmt *st, int i, double v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

int cache_put(struct cache *c, const char *key, const struct reply *r,
              struct err *e)
{
	sqlite3_stmt *st = c->put;
	if (r->status != REPLY_OK && r->status != REPLY_LENGTH &&
	    r->status != REPLY_REFUSED)
		return 0;
	if (!c->in_tx) {
		if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			return err_set(e, ERR_DB, "cache: %s",
			               sqlite3_errmsg(c->db));
		c->in_tx = 1;
		c->tx_start = now_sec();
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reply_status_name(r->status), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->text.buf, (int)r->text.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->finish_reason, -1, SQLITE_STATIC);
	bind_num(st, 5, (double)r->prompt_tokens);
	bind_num(st, 6, (double)r->completion_tokens);
	bind_num(st, 7, (double)r->reasoning_tokens);
	bind_num(st, 8, r->latency_ms);
	bind_num(st, 9, r->ttft_ms);
	bind_num(st, 10, r->output_tps);
	sqlite3_bind_text(st, 11, r->model_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, r->reasoning.buf, (int)r->reasoning.len,
	                  SQLITE_STATIC);
	bind_num(st, 13, r->ttft_answer_ms);
	bind_num(st, 14, (double)r->cached_tokens);
	int rc = sqlite3_step(st) == SQLITE_DONE
	             ? 0
	             : err_set(e, ERR_DB, "cache: %s", sqlite3_errmsg(c->db));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int cache_flush(struct cache *c, int force, struct err *e)
{
	if (!c || !c->in_tx || (!force && now_sec() - c->tx_start < 0.05))
		return 0;
	c->in_tx = 0;
	if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return err_set(e, ERR_DB, "cache: %s", sqlite3_errmsg(c->db));
	return 0;
}

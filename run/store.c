/* run.db reading and writing. */
#include "run/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/progress.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "run/batch.h"
#include "run/instance.h"
#include "run/provider.h"
#include "run/store_log.h"

/* Longest time a committed-looking reply may sit in an open transaction. */
#define FLUSH_SEC 0.05

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT "
    "NULL);"
    "CREATE TABLE IF NOT EXISTS instances(id TEXT PRIMARY KEY,"
    " seq INTEGER NOT NULL, db TEXT, query_id TEXT, question TEXT, sql TEXT,"
    " types TEXT, difficulty TEXT, params TEXT, stats TEXT, gold TEXT,"
    " probe TEXT, off INTEGER, len INTEGER, hash INTEGER, est INTEGER);"
    "CREATE TABLE IF NOT EXISTS replies(id TEXT PRIMARY KEY REFERENCES"
    " instances(id), status TEXT NOT NULL, reply TEXT, finish_reason TEXT,"
    " prompt_tokens INTEGER, completion_tokens INTEGER,"
    " reasoning_tokens INTEGER, latency_ms REAL, ttft_ms REAL,"
    " output_tps REAL, attempts INTEGER NOT NULL, model_id TEXT, cost REAL,"
    " error TEXT, cached INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL,"
    " reasoning TEXT, ttft_answer_ms REAL, cached_tokens INTEGER);"
    "CREATE TABLE IF NOT EXISTS batches(id TEXT PRIMARY KEY, remote TEXT,"
    " file TEXT, state TEXT NOT NULL, status TEXT, counts TEXT, out TEXT,"
    " err TEXT, items INTEGER NOT NULL, created TEXT NOT NULL,"
    " updated TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS batch_items(batch TEXT NOT NULL, custom_id"
    " TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY(batch, custom_id));"
    "CREATE TABLE IF NOT EXISTS scores(id TEXT NOT NULL REFERENCES"
    " instances(id), scorer TEXT NOT NULL, score REAL NOT NULL, recall REAL,"
    " precision REAL, f1 REAL, order_ok INTEGER, labels TEXT,"
    " PRIMARY KEY(id, scorer));";

/* Columns added since format 1, in the order a fresh run.db has them; an
 * older run.db gets them (and its format updated) when `run` opens it. */
static const struct {
	const char *table, *column, *type;
} added[] = {
    {"replies", "reasoning", "TEXT"},
    {"replies", "ttft_answer_ms", "REAL"},
    {"replies", "cached_tokens", "INTEGER"},
    {"instances", "off", "INTEGER"},
    {"instances", "len", "INTEGER"},
    {"instances", "hash", "INTEGER"},
    {"instances", "est", "INTEGER"},
};

/* An instance already there (a resume, a run.db of an older format) keeps
 * its data and gets where its line is. */
static const char add_sql[] =
    "INSERT INTO instances(id, seq, db, query_id, question, sql, types,"
    " difficulty, params, stats, gold, probe, off, len, hash, est)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
    " off = excluded.off, len = excluded.len, hash = excluded.hash,"
    " est = excluded.est";

static const char put_sql[] =
    "INSERT OR REPLACE INTO replies(id, status, reply, finish_reason,"
    " prompt_tokens, completion_tokens, reasoning_tokens, latency_ms,"
    " ttft_ms, output_tps, attempts, model_id, cost, error, cached, created,"
    " reasoning, ttft_answer_ms, cached_tokens)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

static int replay(struct store *s, struct err *e);

static int db_fail(struct store *s, struct err *e, const char *what)
{
	return err_set(e, ERR_DB, "%s: %s", what, sqlite3_errmsg(s->db));
}

static int exec(struct store *s, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_DB, "%s", msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/*
 * An existing file must be a run.db already: never add our tables to (or
 * switch the journal of) another tool's database or a file that is not one.
 */
static int check_existing(struct store *s, struct err *e)
{
	sqlite3_stmt *q = NULL;
	int n = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1,
	                       &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (n == 0)
		return 0;
	if (n < 0 ||
	    sqlite3_exec(s->db,
	                 "SELECT key, value FROM meta LIMIT 0;"
	                 "SELECT id, seq, db, query_id, question, sql, types,"
	                 " difficulty, params, stats, gold, probe"
	                 " FROM instances LIMIT 0;"
	                 "SELECT id, status, reply, finish_reason,"
	                 " prompt_tokens, completion_tokens, reasoning_tokens,"
	                 " latency_ms, ttft_ms, output_tps, attempts, model_id,"
	                 " cost, error, cached, created FROM replies LIMIT 0",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return err_set(
		    e, ERR_INPUT,
		    "not a ctxbench run database (%s); give -o a new "
		    "file or the run.db of an earlier run",
		    sqlite3_errmsg(s->db));
	return 0;
}

static bool has_column(struct store *s, const char *table, const char *col)
{
	sqlite3_stmt *q = NULL;
	bool found = false;
	struct sbuf sql = SBUF_INIT;
	sbuf_addf(&sql, "SELECT %s FROM %s LIMIT 0", col, table);
	found = sqlite3_prepare_v2(s->db, sql.buf, -1, &q, NULL) == SQLITE_OK;
	sqlite3_finalize(q);
	sbuf_release(&sql);
	return found;
}

/*
 * Brings a run.db of an earlier format to STORE_FORMAT: adds the columns it
 * lacks and records the format it had (meta migrated_from). A run.db of a
 * later format is refused: this ctxbench does not know what it holds.
 */
static int migrate(struct store *s, struct err *e)
{
	char *fmt = store_meta_get(s, "format");
	int rc = 0;
	if (!fmt || !strcmp(fmt, STORE_FORMAT))
		goto out;
	if (strncmp(fmt, "ctxbench-run/", 13) ||
	    strtol(fmt + 13, NULL, 10) > STORE_VERSION) {
		rc = err_set(e, ERR_INPUT,
		             "it is a run.db of format '%s', newer than this "
		             "ctxbench knows (%s); use a newer ctxbench",
		             fmt, STORE_FORMAT);
		goto out;
	}
	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]) && !rc; i++) {
		struct sbuf sql = SBUF_INIT;
		if (!has_column(s, added[i].table, added[i].column)) {
			sbuf_addf(&sql, "ALTER TABLE %s ADD COLUMN %s %s",
			          added[i].table, added[i].column,
			          added[i].type);
			rc = exec(s, sql.buf, e);
		}
		sbuf_release(&sql);
	}
	if (!rc) {
		struct sbuf sql = SBUF_INIT;
		sbuf_addf(&sql,
		          "INSERT OR REPLACE INTO meta VALUES('migrated_from',"
		          " '%s'); INSERT OR REPLACE INTO meta VALUES("
		          "'migrated_at', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ',"
		          " 'now')); UPDATE meta SET value='%s' WHERE"
		          " key='format'",
		          fmt, STORE_FORMAT);
		rc = exec(s, sql.buf, e);
		sbuf_release(&sql);
	}
out:
	free(fmt);
	return rc;
}

/* Opens path for the lock, creating it when missing; a read-only file is
 * locked through a read-only descriptor (SQLite then says what fails). */
static int open_for_lock(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && (errno == EACCES || errno == EROFS))
		fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd;
}

/*
 * One writer per run.db: an exclusive flock on the file itself, held until
 * the store is closed. On Linux flock locks are separate from the fcntl locks
 * SQLite takes, so readers (score, report, export) are not blocked. After
 * locking, the file must still be the one at path: a run that deletes the
 * run.db it has just made unlinks it before it unlocks, and a run that
 * locked the unlinked file would write where nobody reads.
 */
static int lock_file(struct store *s, const char *path, struct err *e)
{
	for (int tries = 0; tries < 100; tries++) {
		struct stat a, b;
		int fd = open_for_lock(path);
		if (fd < 0)
			return err_set(e, ERR_IO, "cannot open '%s': %s", path,
			               strerror(errno));
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			int er = errno;
			close(fd);
			if (er == EWOULDBLOCK)
				return err_set(
				    e, ERR_RUNTIME,
				    "another ctxbench run is writing '%s'; "
				    "wait for it to end, or give another -o",
				    path);
			/* no flock on this file system: go on unlocked, as
			 * SQLite itself would */
			return 0;
		}
		if (!fstat(fd, &a) && !stat(path, &b) && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino) {
			s->lock_fd = fd;
			s->locked = true;
			return 0;
		}
		close(fd); /* replaced while we locked it: lock the new one */
	}
	return err_set(e, ERR_IO, "cannot lock '%s': it keeps being replaced",
	               path);
}

static void finalize_all(struct store *s)
{
	sqlite3_finalize(s->put);
	sqlite3_finalize(s->status);
	sqlite3_finalize(s->add);
	sqlite3_finalize(s->begin);
	sqlite3_finalize(s->commit);
	sqlite3_finalize(s->batch_item);
	s->put = s->status = s->add = s->begin = s->commit = NULL;
	s->batch_item = NULL;
}

/* Closes the connection, then the lock: closing any descriptor of the file
 * drops the fcntl locks SQLite holds on it, so the lock goes last. */
static int close_all(struct store *s)
{
	int rc = 0;
	finalize_all(s);
	if (s->db && sqlite3_close(s->db) != SQLITE_OK)
		rc = -1;
	log_close(&s->log, false); /* what is left in it is kept */
	if (s->locked)
		close(s->lock_fd);
	free(s->path);
	memset(s, 0, sizeof(*s));
	return rc;
}

int store_open(struct store *s, const char *path, struct err *e)
{
	memset(s, 0, sizeof(*s));
	if (lock_file(s, path, e))
		return -1;
	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
		err_set(e, ERR_IO, "cannot open '%s': %s", path,
		        s->db ? sqlite3_errmsg(s->db) : "out of memory");
		store_close(s, NULL);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (check_existing(s, e))
		goto fail;
	if (exec(s,
	         "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	         " PRAGMA wal_autocheckpoint=16384;",
	         e) ||
	    exec(s, schema, e) || migrate(s, e))
		goto fail;
	if (sqlite3_prepare_v2(s->db, put_sql, -1, &s->put, NULL) ||
	    sqlite3_prepare_v2(s->db, "BEGIN", -1, &s->begin, NULL) ||
	    sqlite3_prepare_v2(s->db, "COMMIT", -1, &s->commit, NULL) ||
	    sqlite3_prepare_v2(s->db, add_sql, -1, &s->add, NULL) ||
	    sqlite3_prepare_v2(s->db, "SELECT status FROM replies WHERE id=?",
	                       -1, &s->status, NULL)) {
		db_fail(s, e, "cannot prepare statements");
		goto fail;
	}
	if (log_open(&s->log, path, e) || replay(s, e))
		goto fail;
	return 0;
fail:
	err_prefix(e, "'%s'", path);
	store_close(s, NULL);
	return -1;
}

int store_close(struct store *s, struct err *e)
{
	int rc = 0;
	if (!s)
		return 0;
	if (s->in_tx)
		rc = store_flush(s, true, e);
	/* everything logged is committed now: the log goes */
	if (!rc && !s->log.pending)
		log_close(&s->log, true);
	finalize_all(s);
	/* At rest run.db is one file: readers that open it read-only (report,
	 * export) then leave no -wal/-shm behind. Best effort: while another
	 * connection has it open it stays in WAL mode, which is also fine. */
	if (s->db) {
		sqlite3_busy_timeout(s->db, 0);
		sqlite3_exec(s->db, "PRAGMA journal_mode=DELETE", NULL, NULL,
		             NULL);
	}
	if (close_all(s) && !rc)
		rc = err_set(e, ERR_DB, "cannot close run.db");
	return rc;
}

void store_discard(struct store *s)
{
	struct sbuf p = SBUF_INIT;
	if (!s || !s->path)
		return;
	finalize_all(s);
	sqlite3_close(s->db);
	s->db = NULL;
	/* unlinked while still locked: see lock_file */
	sbuf_adds(&p, s->path);
	unlink(p.buf);
	sbuf_adds(&p, "-wal");
	unlink(p.buf);
	sbuf_setlen(&p, p.len - 4);
	sbuf_adds(&p, "-shm");
	unlink(p.buf);
	sbuf_release(&p);
	log_close(&s->log, true);
	close_all(s);
}

char *store_meta_get(struct store *s, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key=?", -1,
	                       &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return v;
}

static int meta_put(struct store *s, const char *k, const char *v,
                    struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO meta VALUES(?,?)", -1, &st,
	                       NULL) != SQLITE_OK)
		return db_fail(s, e, "cannot write meta");
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(s, e, "cannot write meta");
	sqlite3_finalize(st);
	return rc;
}

int store_meta(struct store *s, const struct meta_kv *kv, size_t n,
               struct err *e)
{
	int rc = 0;
	/* a key the run.db lacks is new (a new file, or one a later format
	 * added since it was made): written, not compared */
	for (size_t i = 0; i < n && !rc; i++) {
		char *old = store_meta_get(s, kv[i].key);
		if (!old)
			rc = meta_put(s, kv[i].key, kv[i].value, e);
		else if (kv[i].must_match && strcmp(old, kv[i].value))
			rc = err_set(e, ERR_USAGE,
			             "it was made with a different %s ('%s', "
			             "now '%s'); use another -o file to start "
			             "a new run",
			             kv[i].key, old ? old : "", kv[i].value);
		free(old);
	}
	return rc;
}

static void bind_json(sqlite3_stmt *st, int col, const cJSON *v)
{
	char *t = instance_json_text(v);
	if (t)
		sqlite3_bind_text(st, col, t, -1, free);
	else
		sqlite3_bind_null(st, col);
}

int store_add_instance(struct store *s, long seq, const struct instance *in,
                       const struct store_place *pl, struct err *e)
{
	sqlite3_stmt *st = s->add;
	const char *txt[] = {in->id,       NULL,         in->db,
	                     in->query_id, in->question, in->sql};
	for (int i = 0; i < 6; i++)
		if (i != 1)
			sqlite3_bind_text(st, i + 1, txt[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	bind_json(st, 7, in->types);
	sqlite3_bind_text(st, 8, in->difficulty, -1, SQLITE_STATIC);
	bind_json(st, 9, in->params);
	bind_json(st, 10, in->stats);
	bind_json(st, 11, in->gold);
	bind_json(st, 12, in->probe);
	sqlite3_bind_int64(st, 13, (sqlite3_int64)pl->off);
	sqlite3_bind_int64(st, 14, (sqlite3_int64)pl->len);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)pl->hash);
	sqlite3_bind_int64(st, 16, (sqlite3_int64)pl->est);
	int rc = sqlite3_step(st) == SQLITE_DONE
	             ? 0
	             : db_fail(s, e, "cannot add instance");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int store_instances(struct store *s, long long limit,
                    int (*each)(void *arg, const char *id,
                                const struct store_place *pl,
                                const char *status),
                    void *arg, struct err *e)
{
	sqlite3_stmt *q = NULL;
	int rc = 0, step;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT i.id, i.off, i.len, i.hash, i.est,"
	                       " r.status, i.seq FROM instances i LEFT JOIN"
	                       " replies r"
	                       " ON r.id = i.id WHERE ?1 = 0 OR i.seq <= ?1"
	                       " ORDER BY i.seq",
	                       -1, &q, NULL))
		return db_fail(s, e, "cannot read instances");
	sqlite3_bind_int64(q, 1, limit);
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_place pl;
		const char *id = (const char *)sqlite3_column_text(q, 0);
		const char *status = (const char *)sqlite3_column_text(q, 5);
		if (sqlite3_column_type(q, 1) == SQLITE_NULL) {
			rc = 1; /* not indexed: the caller reads the file */
			break;
		}
		pl.off = sqlite3_column_int64(q, 1);
		pl.len = sqlite3_column_int64(q, 2);
		pl.hash = (uint64_t)sqlite3_column_int64(q, 3);
		pl.est = sqlite3_column_int64(q, 4);
		pl.seq = sqlite3_column_int64(q, 6);
		rc = each(arg, id ? id : "", &pl, status ? status : "");
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(s, e, "cannot read instances");
	sqlite3_finalize(q);
	return rc;
}

int store_status(struct store *s, const char *id, char *buf, size_t size,
                 struct err *e)
{
	int rc = 0;
	buf[0] = '\0';
	sqlite3_bind_text(s->status, 1, id, -1, SQLITE_STATIC);
	int r = sqlite3_step(s->status);
	if (r == SQLITE_ROW)
		snprintf(buf, size, "%s", sqlite3_column_text(s->status, 0));
	else if (r != SQLITE_DONE)
		rc = db_fail(s, e, "cannot read replies");
	sqlite3_reset(s->status);
	return rc;
}

static void bind_num(sqlite3_stmt *st, int col, double v, bool integer)
{
	if (v < 0)
		sqlite3_bind_null(st, col);
	else if (integer)
		sqlite3_bind_int64(st, col, (long long)v);
	else
		sqlite3_bind_double(st, col, v);
}

static void utc_now(char *buf, size_t n)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Writes one reply row (created: its time) into the open transaction. */
static int put_row(struct store *s, const char *id, const char *now,
                   const struct reply *r, bool has_text, struct err *e)
{
	sqlite3_stmt *st = s->put;
	if (store_begin(s, e))
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reply_status_name(r->status), -1,
	                  SQLITE_STATIC);
	if (has_text)
		sqlite3_bind_text(st, 3, r->text.buf, (int)r->text.len,
		                  SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, r->finish_reason, -1, SQLITE_STATIC);
	bind_num(st, 5, (double)r->prompt_tokens, true);
	bind_num(st, 6, (double)r->completion_tokens, true);
	bind_num(st, 7, (double)r->reasoning_tokens, true);
	bind_num(st, 8, r->latency_ms, false);
	bind_num(st, 9, r->ttft_ms, false);
	bind_num(st, 10, r->output_tps, false);
	sqlite3_bind_int(st, 11, r->attempts);
	sqlite3_bind_text(st, 12, r->model_id, -1, SQLITE_STATIC);
	bind_num(st, 13, r->cost, false);
	sqlite3_bind_text(st, 14, r->error, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 15, r->cached);
	sqlite3_bind_text(st, 16, now, -1, SQLITE_STATIC);
	if (r->reasoning.len)
		sqlite3_bind_text(st, 17, r->reasoning.buf,
		                  (int)r->reasoning.len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 17);
	bind_num(st, 18, r->ttft_answer_ms, false);
	bind_num(st, 19, (double)r->cached_tokens, true);
	int rc = sqlite3_step(st) == SQLITE_DONE
	             ? 0
	             : db_fail(s, e, "cannot record a reply");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* What arrived before a refusal or the end of the context is kept too; only
 * `ok` replies are ever scored. */
static bool has_text(const struct reply *r)
{
	return r->status == REPLY_OK || r->status == REPLY_LENGTH ||
	       ((r->status == REPLY_REFUSED || r->status == REPLY_OVERFLOW) &&
	        r->text.len);
}

int store_put(struct store *s, const char *id, const struct reply *r,
              struct err *e)
{
	char now[32];
	utc_now(now, sizeof(now));
	if (put_row(s, id, now, r, has_text(r), e))
		return -1;
	/* a reply too big for the log is made safe by a commit instead */
	if (log_add(&s->log, id, now, r, has_text(r)))
		return store_flush(s, true, e);
	return 0;
}

static int replay_put(void *arg, const char *id, const char *created,
                      const struct reply *r, struct err *e)
{
	return put_row(arg, id, created, r, has_text(r), e);
}

/* Folds into run.db the replies a killed run logged but did not commit. */
static int replay(struct store *s, struct err *e)
{
	long n;
	if (log_replay(&s->log, replay_put, s, &n, e) ||
	    (n && store_flush(s, true, e)))
		return -1;
	return log_start(&s->log, e);
}

/* Steps a prepared BEGIN or COMMIT (a transaction per turn of the event
 * loop: no parsing each time). */
static int step(struct store *s, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, "run.db");
}

int store_begin(struct store *s, struct err *e)
{
	if (s->in_tx)
		return 0;
	if (step(s, s->begin, e))
		return -1;
	s->in_tx = true;
	s->tx_start = now_sec();
	return 0;
}

int store_flush(struct store *s, bool force, struct err *e)
{
	if (!s->in_tx || (!force && now_sec() - s->tx_start < FLUSH_SEC))
		return 0;
	s->in_tx = false;
	if (step(s, s->commit, e))
		return -1;
	log_clear(&s->log);
	return 0;
}

int store_spent(struct store *s, double *usd, struct err *e)
{
	sqlite3_stmt *q = NULL;
	int rc = 0;
	*usd = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT total(cost) FROM replies", -1, &q,
	                       NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW)
		rc = db_fail(s, e, "cannot read the spend");
	else
		*usd = sqlite3_column_double(q, 0);
	sqlite3_finalize(q);
	return rc;
}

int store_batch_save(struct store *s, const struct bbatch *b, struct err *e)
{
	sqlite3_stmt *q = NULL;
	char now[32];
	int rc = 0;
	utc_now(now, sizeof(now));
	if (store_begin(s, e))
		return -1;
	if (sqlite3_prepare_v2(s->db,
	                       "INSERT OR REPLACE INTO batches VALUES(?,?,?,?,?,"
	                       "?,?,?,?,?,?)",
	                       -1, &q, NULL))
		return db_fail(s, e, "cannot record a batch");
	const char *t[] = {b->id,     b->remote, b->file, b->state,
	                   b->status, b->counts, b->out,  b->err};
	for (int i = 0; i < 8; i++)
		sqlite3_bind_text(q, i + 1, t[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 9, b->items);
	sqlite3_bind_text(q, 10, b->created ? b->created : now, -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(q, 11, now, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_fail(s, e, "cannot record a batch");
	sqlite3_finalize(q);
	return rc;
}

int store_batch_item(struct store *s, const char *batch, const char *cid,
                     const char *id, struct err *e)
{
	if (!s->batch_item &&
	    sqlite3_prepare_v2(s->db,
	                       "INSERT OR IGNORE INTO batch_items VALUES(?,?,?)",
	                       -1, &s->batch_item, NULL))
		return db_fail(s, e, "cannot record a batch");
	if (store_begin(s, e))
		return -1;
	sqlite3_bind_text(s->batch_item, 1, batch, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->batch_item, 2, cid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->batch_item, 3, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s->batch_item) == SQLITE_DONE
	             ? 0
	             : db_fail(s, e, "cannot record a batch");
	sqlite3_reset(s->batch_item);
	return rc;
}

static char *col_dup(sqlite3_stmt *q, int i)
{
	const char *t = (const char *)sqlite3_column_text(q, i);
	return t ? xstrdup(t) : NULL;
}

int store_batches(struct store *s,
                  int (*each)(void *arg, struct bbatch *b), void *arg,
                  struct err *e)
{
	sqlite3_stmt *q = NULL;
	int rc = 0, step;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT id, remote, file, state, status, counts,"
	                       " out, err, items, created FROM batches ORDER BY"
	                       " created, id",
	                       -1, &q, NULL))
		return db_fail(s, e, "cannot read batches");
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		struct bbatch b = {0};
		b.id = col_dup(q, 0);
		b.remote = col_dup(q, 1);
		b.file = col_dup(q, 2);
		b.state = col_dup(q, 3);
		b.status = col_dup(q, 4);
		b.counts = col_dup(q, 5);
		b.out = col_dup(q, 6);
		b.err = col_dup(q, 7);
		b.items = (long)sqlite3_column_int64(q, 8);
		b.created = col_dup(q, 9);
		b.token = xstrdup(b.id);
		rc = each(arg, &b); /* each takes b over */
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(s, e, "cannot read batches");
	sqlite3_finalize(q);
	return rc;
}

int store_batch_items(struct store *s, const char *batch,
                      int (*each)(void *arg, const char *cid, const char *id),
                      void *arg, struct err *e)
{
	sqlite3_stmt *q = NULL;
	int rc = 0, step;
	if (sqlite3_prepare_v2(s->db,
	                       batch ? "SELECT custom_id, id FROM batch_items"
	                               " WHERE batch = ?1"
	                             : "SELECT custom_id, id FROM batch_items",
	                       -1, &q, NULL))
		return db_fail(s, e, "cannot read batches");
	if (batch)
		sqlite3_bind_text(q, 1, batch, -1, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW)
		rc = each(arg, (const char *)sqlite3_column_text(q, 0),
		          (const char *)sqlite3_column_text(q, 1));
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(s, e, "cannot read batches");
	sqlite3_finalize(q);
	return rc;
}

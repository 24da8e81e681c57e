/* Unit tests of run.db: schema, meta checks on resume, one record per instance.
 */
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "run/instance.h"
#include "run/provider.h"
#include "run/store.h"

static char *temp_db(void)
{
	char *p = xstrdup("/tmp/ctxbench-store-XXXXXX");
	int fd = mkstemp(p);
	if (fd >= 0)
		close(fd);
	unlink(p);
	return p;
}

static void cleanup(char *p)
{
	char buf[256];
	unlink(p);
	snprintf(buf, sizeof(buf), "%s-wal", p);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", p);
	unlink(buf);
	free(p);
}

TEST(meta_resume)
{
	char *path = temp_db();
	struct store s;
	struct err e = ERR_INIT;
	struct meta_kv kv[] = {{"format", STORE_FORMAT, true},
	                       {"model", "m1", true},
	                       {"created", "t1", false}};
	CHECK(store_open(&s, path, &e) == 0);
	CHECK(store_meta(&s, kv, 3, &e) == 0);
	CHECK(store_close(&s, &e) == 0);
	CHECK(store_open(&s, path, &e) == 0);
	kv[2].value = "t2";
	CHECK(store_meta(&s, kv, 3, &e) == 0); /* created may differ */
	char *v = store_meta_get(&s, "created");
	CHECK_STR(v, "t1");
	free(v);
	kv[1].value = "m2";
	CHECK(store_meta(&s, kv, 3, &e) == -1);
	CHECK(strstr(e.msg, "different model ('m1', now 'm2')") != NULL);
	CHECK(e.kind == ERR_USAGE);
	store_close(&s, NULL);
	cleanup(path);
}

TEST(one_record)
{
	char *path = temp_db();
	struct store s;
	struct err e = ERR_INIT;
	struct instance in;
	struct reply r;
	char st[32];
	const char *line =
	    "{\"id\":\"x1\",\"db\":\"wine\",\"gold\":{\"columns\":[\"a\"],"
	    "\"rows\":[[1]]},\"context\":\"c\"}";
	CHECK(store_open(&s, path, &e) == 0);
	CHECK(instance_parse(&in, line, strlen(line), &e) == 0);
	struct store_place pl = {1, 0, (long long)strlen(line), 77, 5};
	CHECK(store_add_instance(&s, 1, &in, &pl, &e) == 0);
	pl.off = 9; /* the same instance again: its data stays, its place moves */
	CHECK(store_add_instance(&s, 1, &in, &pl, &e) == 0);
	instance_release(&in);
	CHECK(store_status(&s, "x1", st, sizeof(st), &e) == 0 && !*st);
	reply_init(&r);
	r.status = REPLY_ERROR;
	r.attempts = 3;
	reply_set(&r.error, "gave up");
	CHECK(store_put(&s, "x1", &r, &e) == 0);
	CHECK(store_status(&s, "x1", st, sizeof(st), &e) == 0);
	CHECK_STR(st, "error");
	reply_reset(&r);
	r.status = REPLY_OK;
	sbuf_adds(&r.text, "Final answer: [[1]]");
	CHECK(store_put(&s, "x1", &r, &e) == 0);
	CHECK(store_flush(&s, true, &e) == 0);
	sqlite3_stmt *q;
	sqlite3_prepare_v2(
	    s.db,
	    "SELECT count(*), max(status), max(reply), max(error) IS NULL, "
	    "(SELECT gold FROM instances) FROM replies",
	    -1, &q, NULL);
	CHECK(sqlite3_step(q) == SQLITE_ROW);
	CHECK(sqlite3_column_int(q, 0) == 1);
	CHECK_STR((const char *)sqlite3_column_text(q, 1), "ok");
	CHECK_STR((const char *)sqlite3_column_text(q, 2),
	          "Final answer: [[1]]");
	CHECK(sqlite3_column_int(q, 3) == 1);
	CHECK_STR((const char *)sqlite3_column_text(q, 4),
	          "{\"columns\":[\"a\"],\"rows\":[[1]]}");
	sqlite3_finalize(q);
	reply_release(&r);
	CHECK(store_close(&s, &e) == 0);
	cleanup(path);
}

TEST(open_fails)
{
	struct store s;
	struct err e = ERR_INIT;
	CHECK(store_open(&s, "/nonexistent/dir/run.db", &e) == -1);
	CHECK(strstr(e.msg, "/nonexistent/dir/run.db") != NULL);
	CHECK(store_close(&s, NULL) == 0);
}

TEST(one_writer)
{
	char *path = temp_db();
	struct store a, b;
	struct err e = ERR_INIT;
	CHECK(store_open(&a, path, &e) == 0);
	CHECK(store_open(&b, path, &e) == -1);
	CHECK(e.kind == ERR_RUNTIME);
	CHECK(strstr(e.msg, "another ctxbench run is writing") != NULL);
	CHECK(store_close(&b, NULL) == 0);
	CHECK(store_close(&a, &e) == 0);
	err_clear(&e);
	CHECK(store_open(&b, path, &e) == 0); /* the lock went with a */
	double usd = -1;
	CHECK(store_spent(&b, &usd, &e) == 0 && usd == 0);
	store_discard(&b);
	CHECK(access(path, F_OK) != 0);
	free(path);
}

/* A run.db of format 1 (the schema before reasoning text) as it was written. */
static const char v1_schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE instances(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, db "
    "TEXT, query_id TEXT, question TEXT, sql TEXT, types TEXT, difficulty "
    "TEXT, params TEXT, stats TEXT, gold TEXT, probe TEXT);"
    "CREATE TABLE replies(id TEXT PRIMARY KEY REFERENCES instances(id), "
    "status TEXT NOT NULL, reply TEXT, finish_reason TEXT, prompt_tokens "
    "INTEGER, completion_tokens INTEGER, reasoning_tokens INTEGER, "
    "latency_ms REAL, ttft_ms REAL, output_tps REAL, attempts INTEGER NOT "
    "NULL, model_id TEXT, cost REAL, error TEXT, cached INTEGER NOT NULL "
    "DEFAULT 0, created TEXT NOT NULL);"
    "CREATE TABLE scores(id TEXT NOT NULL REFERENCES instances(id), scorer "
    "TEXT NOT NULL, score REAL NOT NULL, recall REAL, precision REAL, f1 "
    "REAL, order_ok INTEGER, labels TEXT, PRIMARY KEY(id, scorer));"
    "INSERT INTO meta VALUES('format','ctxbench-run/1');"
    "INSERT INTO instances(id, seq) VALUES('a', 1), ('b', 2);"
    "INSERT INTO replies(id, status, reply, attempts, created) VALUES('a',"
    " 'ok', 'old', 1, 't');";

static char *make_db(const char *sql)
{
	char *path = temp_db();
	sqlite3 *db = NULL;
	sqlite3_open(path, &db);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return path;
}

static char *one(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	char *v = NULL;
	sqlite3_open(path, &db);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		v = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

/* Format 1 gains the new columns and keeps its replies; the format it had is
 * recorded. */
TEST(migrate_v1)
{
	char *path = make_db(v1_schema), *v;
	struct store s;
	struct err e = ERR_INIT;
	struct reply r;
	CHECK(store_open(&s, path, &e) == 0);
	reply_init(&r);
	sbuf_adds(&r.text, "new");
	sbuf_adds(&r.reasoning, "thought");
	r.attempts = 1;
	CHECK(store_put(&s, "b", &r, &e) == 0);
	CHECK(store_close(&s, &e) == 0);
	reply_release(&r);
	v = one(path, "SELECT value FROM meta WHERE key='format'");
	CHECK_STR(v, STORE_FORMAT);
	free(v);
	v = one(path, "SELECT value FROM meta WHERE key='migrated_from'");
	CHECK_STR(v, "ctxbench-run/1");
	free(v);
	v = one(path, "SELECT reply FROM replies WHERE id='a'");
	CHECK_STR(v, "old");
	free(v);
	v = one(path, "SELECT reasoning || reply FROM replies WHERE id='b'");
	CHECK_STR(v, "thoughtnew");
	free(v);
	cleanup(path);
}

/* A later format than this ctxbench knows is refused, not changed. */
TEST(newer_format)
{
	char *path = make_db(
	    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	    "CREATE TABLE instances(id TEXT PRIMARY KEY, seq INTEGER NOT NULL,"
	    " db TEXT, query_id TEXT, question TEXT, sql TEXT, types TEXT,"
	    " difficulty TEXT, params TEXT, stats TEXT, gold TEXT, probe TEXT);"
	    "CREATE TABLE replies(id TEXT PRIMARY KEY, status TEXT NOT NULL,"
	    " reply TEXT, finish_reason TEXT, prompt_tokens INTEGER,"
	    " completion_tokens INTEGER, reasoning_tokens INTEGER, latency_ms"
	    " REAL, ttft_ms REAL, output_tps REAL, attempts INTEGER NOT NULL,"
	    " model_id TEXT, cost REAL, error TEXT, cached INTEGER NOT NULL"
	    " DEFAULT 0, created TEXT NOT NULL);"
	    "INSERT INTO meta VALUES('format','ctxbench-run/99');");
	struct store s;
	struct err e = ERR_INIT;
	CHECK(store_open(&s, path, &e) == -1);
	CHECK(strstr(e.msg, "newer") != NULL);
	char *v = one(path, "SELECT value FROM meta WHERE key='format'");
	CHECK_STR(v, "ctxbench-run/99");
	free(v);
	cleanup(path);
}

/* A reply logged but never committed (the process died) is in run.db after
 * the next open; a record cut short by the crash is ignored. */
TEST(reply_log_replay)
{
	char *path = temp_db();
	struct store s;
	struct err e = ERR_INIT;
	char logp[300];
	snprintf(logp, sizeof(logp), "%s-replies", path);
	pid_t pid = fork();
	if (pid == 0) {
		/* the run: two replies logged, no commit, then killed while
		 * it wrote a third record */
		struct reply r;
		if (store_open(&s, path, &e))
			_exit(1);
		reply_init(&r);
		sbuf_adds(&r.text, "kept");
		r.attempts = 2;
		r.prompt_tokens = 7;
		store_put(&s, "a", &r, &e);
		r.status = REPLY_REFUSED;
		store_put(&s, "b", &r, &e);
		int fd = open(logp, O_WRONLY);
		if (fd < 0 || pwrite(fd, "CTXR\x40\0\0\0", 8,
		                     (off_t)s.log.pos) != 8)
			_exit(1);
		_exit(0);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	CHECK(st == 0);
	char *v = one(path, "SELECT count(*) FROM replies");
	CHECK_STR(v, "0"); /* nothing committed */
	free(v);
	CHECK(store_open(&s, path, &e) == 0);
	CHECK(store_close(&s, &e) == 0);
	v = one(path, "SELECT group_concat(id || status || reply || attempts || "
	              "prompt_tokens, ' ') FROM replies");
	CHECK_STR(v, "aokkept27 brefusedkept27");
	free(v);
	CHECK(access(logp, F_OK) != 0); /* folded in, then removed */
	cleanup(path);
}

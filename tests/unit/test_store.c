/* Unit tests of run.db: schema, meta checks on resume, one record per instance.
 */
#include <stdlib.h>
#include <unistd.h>

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
	struct meta_kv kv[] = {{"format", "ctxbench-run/1", true},
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
	CHECK(store_add_instance(&s, 1, &in, &e) == 0);
	CHECK(store_add_instance(&s, 1, &in, &e) ==
	      0); /* ignored the second time */
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

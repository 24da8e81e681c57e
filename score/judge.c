/* LLM judge files and verdicts: our own prompt wording, JSON answers, one
 * scores row per instance. */
#include "score/judge.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "score/score_db.h"

const char judge_template[] =
    "You grade answers to questions about tables of data.\n\n{question}\n\n"
    "<text>\n{context}\n</text>\n\nReply with the JSON object only.\n";

static const char extract_q[] =
    "Below, between <text> tags, is a reply a model wrote to this question:\n"
    "\"%s\"\nFind the model's final answer (ignore values it considered and "
    "dropped) and write it as {\"answer\": [[...], ...]}: one array per row, "
    "values in the order the question asks for them. Write {\"answer\": []} "
    "when the reply gives no answer or says that nothing matches.";

static const char label_q[] =
    "The question was: \"%s\"\nThe correct rows, numbered from 0, are:\n%s\n"
    "The model's answer is between the <text> tags. For each correct row, in "
    "order, write \"exact\" when one answer row holds all of its values, "
    "\"partial\" when one holds some of them, else \"none\"; each answer row "
    "may serve one correct row only, and numbers agree when they differ by "
    "less than 1%%. Write {\"labels\": [...]} with %d labels.";

static const char empty_q[] =
    "The question was: \"%s\"\nNo row answers it. The model's answer is "
    "between "
    "the <text> tags. Write {\"labels\": [\"exact\"]} when the answer is empty "
    "or says that nothing matches, else {\"labels\": [\"none\"]}.";

static int db_open(const char *path, sqlite3 **db, struct err *e)
{
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		return 0;
	err_set(e, ERR_IO, "cannot open '%s': %s", path, sqlite3_errmsg(*db));
	sqlite3_close(*db);
	*db = NULL;
	return -1;
}

static const char *col(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? s : "";
}

/* Writes {"id", "question", "context", "gold"} for each row of sql (id,
 * question, context, gold). */
static int write_lines(sqlite3 *db, const char *sql, const char *out,
                       bool label, long *n, struct err *e)
{
	sqlite3_stmt *q = NULL;
	struct outfile o;
	struct sbuf line = SBUF_INIT, qs = SBUF_INIT;
	int rc = -1;
	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL)) {
		err_set(e, ERR_DB, "judge: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (outfile_open(&o, out, e) < 0)
		goto out;
	while (sqlite3_step(q) == SQLITE_ROW) {
		sbuf_reset(&qs);
		if (!label) {
			sbuf_addf(&qs, extract_q, col(q, 1));
		} else {
			cJSON *g = cJSON_Parse(col(q, 3));
			const cJSON *rows = cJSON_GetObjectItem(g, "rows"), *r;
			struct sbuf list = SBUF_INIT;
			int k = 0;
			cJSON_ArrayForEach(r, rows)
			{
				sbuf_addf(&list, "%d: ", k++);
				json_add_value(&list, r);
				sbuf_addch(&list, '\n');
			}
			if (k)
				sbuf_addf(&qs, label_q, col(q, 1), list.buf, k);
			else
				sbuf_addf(&qs, empty_q, col(q, 1));
			sbuf_release(&list);
			cJSON_Delete(g);
		}
		sbuf_reset(&line);
		sbuf_adds(&line, "{\"id\":");
		json_add_str(&line, col(q, 0));
		sbuf_adds(&line, ",\"question\":");
		json_add_str(&line, qs.buf);
		sbuf_adds(&line, ",\"context\":");
		json_add_str(&line, col(q, 2));
		sbuf_addf(&line, ",\"gold\":%s}\n",
		          col(q, 3)[0] ? col(q, 3) : "null");
		fwrite(line.buf, 1, line.len, o.f);
		(*n)++;
	}
	rc = outfile_commit(&o, e);
out:
	if (rc < 0)
		outfile_abort(&o);
	sqlite3_finalize(q);
	sbuf_release(&line);
	sbuf_release(&qs);
	return rc;
}

int judge_write_extract(const char *run_db, const char *out, long *n,
                        struct err *e)
{
	sqlite3 *db;
	if (db_open(run_db, &db, e) < 0)
		return -1;
	int rc = write_lines(
	    db,
	    "SELECT i.id, i.question, r.reply, i.gold FROM instances i"
	    " JOIN replies r ON r.id = i.id WHERE r.status = 'ok'"
	    " AND i.probe IS NULL ORDER BY i.seq",
	    out, false, n, e);
	sqlite3_close(db);
	return rc;
}

static int attach(sqlite3 *db, const char *path, const char *as, struct err *e)
{
	sqlite3_stmt *q = NULL;
	struct sbuf sql = SBUF_INIT;
	sbuf_addf(&sql, "ATTACH DATABASE ? AS %s", as);
	int rc = sqlite3_prepare_v2(db, sql.buf, -1, &q, NULL) ||
	         sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC) ||
	         sqlite3_step(q) != SQLITE_DONE;
	if (rc)
		err_set(e, ERR_DB, "cannot read '%s': %s", path,
		        sqlite3_errmsg(db));
	sqlite3_finalize(q);
	sbuf_release(&sql);
	return rc ? -1 : 0;
}

int judge_write_label(const char *run_db, const char *extract_db,
                      const char *out, long *n, struct err *e)
{
	sqlite3 *db;
	if (db_open(run_db, &db, e) < 0)
		return -1;
	int rc = attach(db, extract_db, "x", e);
	if (!rc)
		rc = write_lines(
		    db,
		    "SELECT i.id, i.question, xr.reply, i.gold FROM instances i"
		    " JOIN x.replies xr ON xr.id = i.id WHERE xr.status = 'ok'"
		    " ORDER BY i.seq",
		    out, true, n, e);
	sqlite3_close(db);
	return rc;
}

/* The first JSON object in text (models may wrap it in prose or a fence), or
 * NULL. */
static cJSON *first_object(const char *text)
{
	for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
		cJSON *v = cJSON_ParseWithOpts(p, NULL, 0);
		if (cJSON_IsObject(v))
			return v;
		cJSON_Delete(v);
	}
	return NULL;
}

/* Score and labels JSON from the judge's verdict; -1 when unusable. */
static int verdict(const struct score_opts *o, const char *gold,
                   const char *answer, const char *labels,
                   struct score_result *r)
{
	cJSON *g = cJSON_Parse(gold), *l = first_object(labels),
	      *a = first_object(answer);
	const cJSON *lab = cJSON_GetObjectItem(l, "labels");
	int ng = cJSON_GetArraySize(cJSON_GetObjectItem(g, "rows")), rc = -1;
	int want = ng ? ng : 1, counted = want;
	double got = 0;
	if (o->max_gold > 0 && counted > o->max_gold)
		counted = (int)o->max_gold;
	if (!cJSON_IsArray(lab) || cJSON_GetArraySize(lab) != want)
		goto out;
	sbuf_reset(&r->labels);
	sbuf_adds(&r->labels, "{\"answer\":");
	json_add_value(&r->labels, cJSON_GetObjectItem(a, "answer"));
	sbuf_adds(&r->labels, ",\"labels\":[");
	for (int i = 0; i < want; i++) {
		const char *s =
		    cJSON_GetStringValue(cJSON_GetArrayItem(lab, i));
		if (!s || (strcmp(s, "exact") && strcmp(s, "partial") &&
		           strcmp(s, "none")))
			goto out;
		if (i < counted)
			got += !strcmp(s, "exact") ? 1
			       : *s == 'p'         ? o->partial_credit
			                           : 0;
		sbuf_addf(&r->labels, "%s{\"gold\":%d,\"label\":\"%s\"}",
		          i ? "," : "", i, s);
	}
	sbuf_adds(&r->labels, "]}");
	r->score = r->recall = got / counted;
	r->has_prf = false;
	r->order_ok = -1;
	rc = 0;
out:
	cJSON_Delete(g);
	cJSON_Delete(l);
	cJSON_Delete(a);
	return rc;
}

static int put(sqlite3_stmt *ins, const char *id, const char *name,
               const struct score_result *r)
{
	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_double(ins, 3, r->score);
	sqlite3_bind_text(ins, 4, r->labels.buf, -1, SQLITE_STATIC);
	return sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
}

static int judge_rows(sqlite3 *db, const char *name, const struct score_opts *o,
                      struct judge_stats *st, struct err *e)
{
	sqlite3_stmt *q = NULL, *ins = NULL, *del = NULL;
	struct score_result r;
	int rc = -1;
	score_result_init(&r);
	if (sqlite3_prepare_v2(
	        db,
	        "SELECT i.id, r.status, i.gold, xr.reply, lr.reply, lr.status"
	        " FROM instances i JOIN replies r ON r.id = i.id"
	        " LEFT JOIN x.replies xr ON xr.id = i.id"
	        " LEFT JOIN l.replies lr ON lr.id = i.id"
	        " WHERE i.probe IS NULL ORDER BY i.seq",
	        -1, &q, NULL) ||
	    sqlite3_prepare_v2(
	        db,
	        "INSERT INTO main.scores(id, scorer, score, labels)"
	        " VALUES(?,?,?,?)",
	        -1, &ins, NULL) ||
	    sqlite3_prepare_v2(db, "DELETE FROM main.scores WHERE scorer = ?",
	                       -1, &del, NULL) ||
	    sqlite3_bind_text(del, 1, name, -1, SQLITE_STATIC) ||
	    sqlite3_step(del) != SQLITE_DONE) {
		err_set(e, ERR_DB, "judge: %s", sqlite3_errmsg(db));
		goto out;
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (strcmp(col(q, 1), "ok"))
			score_status(col(q, 1), &r);
		else if (strcmp(col(q, 5), "ok") ||
		         verdict(o, col(q, 2), col(q, 3), col(q, 4), &r) < 0) {
			st->failed++;
			continue;
		}
		if (put(ins, col(q, 0), name, &r) < 0) {
			err_set(e, ERR_DB, "judge: %s", sqlite3_errmsg(db));
			goto out;
		}
		st->scored++;
		st->sum += r.score;
	}
	rc = 0;
out:
	score_result_release(&r);
	sqlite3_finalize(q);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	return rc;
}

int judge_score(const char *run_db, const char *extract_db,
                const char *label_db, const char *name,
                const struct score_opts *o, struct judge_stats *st,
                struct err *e)
{
	sqlite3 *db = NULL;
	int rc = -1;
	memset(st, 0, sizeof(*st));
	if (sqlite3_open_v2(run_db, &db, SQLITE_OPEN_READWRITE, NULL)) {
		err_set(e, ERR_IO, "cannot open '%s': %s", run_db,
		        sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_busy_timeout(db, 10000);
	if (attach(db, extract_db, "x", e) < 0 ||
	    attach(db, label_db, "l", e) < 0)
		goto out;
	if (sqlite3_exec(db, score_db_schema, NULL, NULL, NULL) ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) {
		err_set(e, ERR_DB, "'%s': %s", run_db, sqlite3_errmsg(db));
		goto out;
	}
	if (judge_rows(db, name, o, st, e) < 0 ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) {
		if (e->kind == ERR_NONE)
			err_set(e, ERR_DB, "'%s': %s", run_db,
			        sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

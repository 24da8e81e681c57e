/* One scored instance for a person, as text or HTML, from its run.db. */
#include "report/view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "report/report_svg.h"

/* Gold rows shown at most (the scorer counts the first 50). */
#define SHOW_ROWS 60

static char *col(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? xstrdup(s) : NULL;
}

static double num(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL
	           ? NAN
	           : sqlite3_column_double(q, i);
}

static cJSON *json_col(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? cJSON_Parse(s) : NULL;
}

/* The reasoning stored apart from the reply, when the run.db has it. */
static char *reasoning(sqlite3 *db, const char *id)
{
	sqlite3_stmt *q = NULL;
	char *r = NULL;
	if (sqlite3_prepare_v2(db, "SELECT reasoning FROM replies WHERE id = ?",
	                       -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			r = col(q, 0);
	}
	sqlite3_finalize(q);
	return r;
}

int view_load(struct view *v, sqlite3 *db, const char *path, const char *id,
              struct err *e)
{
	sqlite3_stmt *q = NULL;
	int rc = -1;
	memset(v, 0, sizeof(*v));
	/* before 'ctxbench score' there is no scores table */
	bool scores = !sqlite3_exec(db, "SELECT id FROM scores LIMIT 0", NULL,
	                            NULL, NULL);
	if (sqlite3_prepare_v2(
	        db,
	        scores ? "SELECT i.id, i.question, i.sql, i.gold, i.probe, "
	                 "r.status, r.reply, r.error, s.score, s.recall, "
	                 "s.precision, s.f1, s.labels, s.id IS NOT NULL FROM "
	                 "instances i LEFT JOIN replies r ON r.id = i.id LEFT "
	                 "JOIN scores s ON s.id = i.id AND s.scorer = 'det' "
	                 "WHERE i.id = ?"
	               : "SELECT i.id, i.question, i.sql, i.gold, i.probe, "
	                 "r.status, r.reply, r.error, NULL, NULL, NULL, NULL, "
	                 "NULL, 0 FROM instances i LEFT JOIN replies r ON r.id "
	                 "= i.id WHERE i.id = ?",
	        -1, &q, NULL)) {
		err_set(e, ERR_DB, "'%s': %s", path, sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	int step = sqlite3_step(q);
	if (step == SQLITE_DONE) {
		rc = 1;
		goto out;
	}
	if (step != SQLITE_ROW) {
		err_set(e, ERR_DB, "'%s': %s", path, sqlite3_errmsg(db));
		goto out;
	}
	v->id = col(q, 0), v->question = col(q, 1), v->sql = col(q, 2);
	v->gold = json_col(q, 3), v->probe = json_col(q, 4);
	v->status = col(q, 5), v->reply = col(q, 6), v->error = col(q, 7);
	v->score = num(q, 8), v->recall = num(q, 9);
	v->precision = num(q, 10), v->f1 = num(q, 11);
	v->labels = json_col(q, 12);
	v->scored = sqlite3_column_int(q, 13);
	v->reasoning = reasoning(db, id);
	rc = 0;
out:
	sqlite3_finalize(q);
	return rc;
}

void view_release(struct view *v)
{
	if (!v)
		return;
	free(v->id);
	free(v->question);
	free(v->sql);
	free(v->status);
	free(v->reply);
	free(v->reasoning);
	free(v->error);
	cJSON_Delete(v->gold);
	cJSON_Delete(v->labels);
	cJSON_Delete(v->probe);
	memset(v, 0, sizeof(*v));
}

/* A value as a person reads it: strings bare, numbers short. */
static void value_text(const cJSON *x, struct sbuf *o)
{
	if (cJSON_IsString(x))
		sbuf_adds(o, x->valuestring);
	else if (cJSON_IsNumber(x))
		json_add_num(o, x->valuedouble);
	else
		json_add_value(o, x);
}

/* The values of a row joined by " | ". */
static void row_text(const cJSON *row, struct sbuf *o)
{
	const cJSON *x;
	bool first = true;
	cJSON_ArrayForEach(x, row)
	{
		if (!first)
			sbuf_adds(o, " | ");
		value_text(x, o);
		first = false;
	}
}

/* The label of gold row g, and the answer row it was matched with (text
 * into o); NULL when the labels say nothing of g. */
static const char *label_of(const struct view *v, int g, bool *moved,
                            struct sbuf *o)
{
	const cJSON *ls = cJSON_GetObjectItem(v->labels, "labels"), *l;
	const cJSON *ans = cJSON_GetObjectItem(v->labels, "answer");
	*moved = false;
	cJSON_ArrayForEach(l, ls)
	{
		if (json_long_or(l, "gold", -1) != g)
			continue;
		long p = json_long_or(l, "pred", -1);
		if (p >= 0)
			row_text(cJSON_GetArrayItem(ans, (int)p), o);
		*moved = cJSON_IsTrue(cJSON_GetObjectItem(l, "moved"));
		return json_str(l, "label");
	}
	return NULL;
}

/* Where the graded answer is in the reply: [*s, *e), false when unknown. */
static bool segment(const struct view *v, size_t *s, size_t *e)
{
	const cJSON *seg = cJSON_GetObjectItem(v->labels, "segment");
	size_t n = v->reply ? strlen(v->reply) : 0;
	if (cJSON_GetArraySize(seg) != 2)
		return false;
	double a = cJSON_GetArrayItem(seg, 0)->valuedouble,
	       b = cJSON_GetArrayItem(seg, 1)->valuedouble;
	if (a < 0 || b < a || b > (double)n)
		return false;
	*s = (size_t)a, *e = (size_t)b;
	return true;
}

/*
 * s[0..n) for a terminal: the control characters a reply (or a database's
 * text) may hold are shown, never sent, since an escape sequence could
 * clear the screen, retitle the window or hide the markers of the graded
 * answer: C0 as ^[ (a line break and a tab stay), DEL as ^?, C1 as \u009b.
 * Returns the columns written (code points).
 */
static size_t put_safe(FILE *f, const char *s, size_t n)
{
	size_t cols = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t' &&
		     !(c == '\r' && i + 1 < n && s[i + 1] == '\n')) ||
		    c == 0x7f) {
			fprintf(f, "^%c", c == 0x7f ? '?' : c + 64);
			cols += 2;
		} else if (c == 0xc2 && i + 1 < n &&
		           (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9f) {
			fprintf(f, "\\u%04x", (unsigned char)s[++i]);
			cols += 6;
		} else {
			fputc(c, f);
			cols += (c & 0xc0) != 0x80;
		}
	}
	return cols;
}

static size_t put_str(FILE *f, const char *s)
{
	return s ? put_safe(f, s, strlen(s)) : 0;
}

/* s, then spaces up to w columns and two more. */
static void put_padded(FILE *f, const char *s, size_t w)
{
	for (size_t c = put_str(f, s); c < w + 2; c++)
		fputc(' ', f);
}

static void print_num(FILE *f, const char *name, double x)
{
	if (!isnan(x))
		fprintf(f, "  %s %.3f", name, x);
}

static const char *answer_form(const struct view *v)
{
	const char *form = json_str(v->labels, "form");
	return form ? form : "-";
}

void view_text(const struct view *v, FILE *f, bool color)
{
	fputs("id        ", f);
	put_str(f, v->id);
	fputs("\nquestion  ", f);
	put_str(f, v->question);
	fputc('\n', f);
	if (v->sql && *v->sql) {
		fputs("sql       ", f);
		put_str(f, v->sql);
		fputc('\n', f);
	}
	fputs("status    ", f);
	put_str(f, v->status ? v->status : "no reply yet");
	if (v->scored) {
		print_num(f, "score", v->score);
		print_num(f, "recall", v->recall);
		print_num(f, "precision", v->precision);
		print_num(f, "f1", v->f1);
	} else if (v->status) {
		fputs("  (not scored: run 'ctxbench score' on the run)", f);
	}
	fputc('\n', f);
	if (v->error) {
		fputs("error     ", f);
		put_str(f, v->error);
		fputc('\n', f);
	}
	if (v->labels && json_str(v->labels, "form")) {
		fputs("answer    read as ", f);
		put_str(f, answer_form(v));
		fprintf(f, "%s\n",
		        cJSON_IsTrue(cJSON_GetObjectItem(v->labels, "none"))
		            ? "; it says that nothing answers"
		            : "");
	}
	const cJSON *cols = cJSON_GetObjectItem(v->gold, "columns");
	const cJSON *rows = cJSON_GetObjectItem(v->gold, "rows"), *row;
	struct sbuf b = SBUF_INIT;
	row_text(cols, &b);
	fputs("\ngold (", f);
	put_str(f, b.buf);
	fprintf(f, "): %d rows\n", cJSON_GetArraySize(rows));
	if (!cJSON_GetArraySize(rows))
		fputs("  none: the right answer is that nothing answers\n", f);
	int g = 0;
	cJSON_ArrayForEach(row, rows)
	{
		if (g == SHOW_ROWS) {
			fprintf(f, "  ... %d more\n", cJSON_GetArraySize(rows) - g);
			break;
		}
		bool moved;
		struct sbuf pred = SBUF_INIT;
		sbuf_reset(&b);
		row_text(row, &b);
		const char *label = label_of(v, g, &moved, &pred);
		fprintf(f, "  %3d  ", g);
		put_padded(f, b.buf, 40);
		put_padded(f, label ? (moved ? "partial (moved)" : label) : "-",
		           16);
		put_str(f, pred.len ? pred.buf : "-");
		fputc('\n', f);
		sbuf_release(&pred);
		g++;
	}
	sbuf_release(&b);
	size_t s, e;
	bool seg = segment(v, &s, &e);
	fprintf(f, "\nreply%s:\n", !seg ? ""
	                           : color ? " (the graded answer highlighted)"
	                                   : " (the graded answer between >>> "
	                                     "and <<<)");
	if (!v->reply) {
		fputs("  (none)\n", f);
	} else if (!seg) {
		put_str(f, v->reply);
		fputc('\n', f);
	} else {
		put_safe(f, v->reply, s);
		fputs(color ? "\033[1;7m" : ">>>", f);
		put_safe(f, v->reply + s, e - s);
		fputs(color ? "\033[0m" : "<<<", f);
		put_str(f, v->reply + e);
		fputc('\n', f);
	}
	if (v->reasoning && *v->reasoning)
		fprintf(f, "\nreasoning (stored apart, never graded): %zu bytes\n",
		        strlen(v->reasoning));
}

void view_html(const struct view *v, struct sbuf *o)
{
	struct sbuf b = SBUF_INIT;
	sbuf_adds(o, "<p><b>");
	html_esc(o, v->id, (size_t)-1);
	sbuf_adds(o, "</b> &middot; ");
	html_esc(o, v->status ? v->status : "no reply", (size_t)-1);
	if (v->scored && !isnan(v->score))
		sbuf_addf(o, " &middot; score %.3f", v->score);
	sbuf_adds(o, " &middot; answer read as ");
	html_esc(o, answer_form(v), (size_t)-1);
	sbuf_adds(o, "</p><p>");
	html_esc(o, v->question ? v->question : "", (size_t)-1);
	sbuf_adds(o, "</p><table><tr><th>#</th><th>gold: ");
	row_text(cJSON_GetObjectItem(v->gold, "columns"), &b);
	html_esc(o, b.buf, (size_t)-1);
	sbuf_adds(o, "</th><th>label</th><th>answer row</th></tr>");
	const cJSON *rows = cJSON_GetObjectItem(v->gold, "rows"), *row;
	if (!cJSON_GetArraySize(rows))
		sbuf_adds(o, "<tr><td></td><td>(nothing answers)</td><td>");
	if (!cJSON_GetArraySize(rows))
		sbuf_adds(o, cJSON_IsTrue(cJSON_GetObjectItem(v->labels, "none"))
		                 ? "exact</td><td>says so</td></tr>"
		                 : "none</td><td>-</td></tr>");
	int g = 0;
	cJSON_ArrayForEach(row, rows)
	{
		if (g == SHOW_ROWS)
			break;
		bool moved;
		struct sbuf pred = SBUF_INIT;
		sbuf_reset(&b);
		row_text(row, &b);
		const char *label = label_of(v, g, &moved, &pred);
		sbuf_addf(o, "<tr><td>%d</td><td>", g++);
		html_esc(o, b.buf, (size_t)-1);
		sbuf_adds(o, "</td><td>");
		html_esc(o, label ? (moved ? "partial (moved)" : label) : "-",
		         (size_t)-1);
		sbuf_adds(o, "</td><td>");
		html_esc(o, pred.len ? pred.buf : "-", (size_t)-1);
		sbuf_adds(o, "</td></tr>");
		sbuf_release(&pred);
	}
	sbuf_release(&b);
	sbuf_adds(o, "</table><pre>");
	size_t s, e;
	if (v->reply && segment(v, &s, &e)) {
		html_esc(o, v->reply, s);
		sbuf_adds(o, "<mark>");
		html_esc(o, v->reply + s, e - s);
		sbuf_adds(o, "</mark>");
		html_esc(o, v->reply + e, (size_t)-1);
	} else {
		html_esc(o, v->reply ? v->reply : v->error ? v->error : "",
		         (size_t)-1);
	}
	sbuf_adds(o, "</pre>");
}

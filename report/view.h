/* One scored instance for a person: the question, each gold row with its
 * label and the answer row that earned it, and the reply with the graded
 * answer marked (ctxbench show, and the HTML report's worst instances). */
#ifndef CTX_VIEW_H
#define CTX_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

struct err;
struct sbuf;

/* An instance of a run.db, with its reply and deterministic score. */
struct view {
	char *id, *question, *sql, *status, *reply, *reasoning, *error;
	bool scored;
	double score, recall, precision, f1; /* NaN when not given */
	cJSON *gold;   /* {"columns": [...], "rows": [...]}, or NULL */
	cJSON *labels; /* scores.labels (scorer 'det'), or NULL */
	cJSON *probe;  /* the probe object of a probe instance, or NULL */
};

/*
 * Reads instance id of the run.db open as db (path names it in messages)
 * into v. 0 when found; 1 when there is no such instance (v left empty);
 * -1 and e filled on a database failure. Release v either way.
 */
int view_load(struct view *v, sqlite3 *db, const char *path, const char *id,
              struct err *e);
void view_release(struct view *v);

/* Writes v as text; color marks the graded answer with terminal colours,
 * else it stands between ">>>" and "<<<". */
void view_text(const struct view *v, FILE *f, bool color);
/* Appends v as an HTML fragment (escaped; the answer in <mark>). */
void view_html(const struct view *v, struct sbuf *o);

#endif

/* Sentences back into rows, and gen's check that every row survives that. */
#include "gen/readback.h"

#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "gen/db.h"
#include "gen/verbalize.h"

/* Sentences are quoted in messages only up to this many bytes. */
#define QUOTE_MAX 160

void readback_val_get(struct readback_val *v, sqlite3_stmt *st, int col)
{
	v->type = sqlite3_column_type(st, col);
	v->i = v->type == SQLITE_INTEGER ? sqlite3_column_int64(st, col) : 0;
	v->r = v->type == SQLITE_FLOAT ? sqlite3_column_double(st, col) : 0;
}

/* The first template of db, in schema order, that matches the line. */
static struct db_table *match(struct db *db, const char *line, size_t len,
                              size_t *tpl, size_t *off)
{
	for (size_t i = 0; i < db->nt; i++) {
		struct db_table *t = &db->t[i];
		for (size_t k = 0; k < t->ntpl; k++)
			if (vtemplate_parse(t->tpl[k], line, len, off)) {
				*tpl = k;
				return t;
			}
	}
	return NULL;
}

int readback_line(struct db *db, const char *line, size_t len,
                  struct db_table **table, struct sbuf *vals, bool *isnull)
{
	size_t off[128], k;
	struct db_table *t = match(db, line, len, &k, off);
	if (!t)
		return 0;
	for (size_t c = 0; c < t->ncols; c++) {
		sbuf_reset(&vals[c]);
		isnull[c] = off[2 * c] == (size_t)-1;
		if (!isnull[c])
			sbuf_add(&vals[c], line + off[2 * c],
			         off[2 * c + 1] - off[2 * c]);
	}
	*table = t;
	return 1;
}

static const char *aff_name(char aff)
{
	return aff == 'i' ? "an INTEGER" : "a REAL";
}

/* A number column holding text no sentence can state as a number ('NULL',
 * 'n/a'): the data is to blame, whatever the sentence reads back as. typed
 * NULL: look at every number column (no template matched). */
static int unstatable(struct db_table *t, const struct sbuf *vals,
                      const bool *isnull, const struct readback_val *typed,
                      struct err *e)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!isnull[c] && (t->aff[c] == 'i' || t->aff[c] == 'r') &&
		    (!typed || typed[c].type == SQLITE_TEXT) &&
		    !vtemplate_value_fits(t->aff[c], vals[c].buf, vals[c].len))
			return err_set(e, ERR_INPUT,
			               "column '%s' holds '%.*s', which a "
			               "sentence cannot state as a value of "
			               "%s column: if it stands for a missing "
			               "value, store NULL (UPDATE \"%s\" SET "
			               "\"%s\" = NULL WHERE \"%s\" = '%.*s'); "
			               "else declare the column with a type "
			               "that matches its values",
			               t->cols[c], QUOTE_MAX, vals[c].buf,
			               aff_name(t->aff[c]), t->name, t->cols[c],
			               t->cols[c], QUOTE_MAX, vals[c].buf);
	return 0;
}

/* The sentence matches no template: name a number column whose value its
 * template cannot state, if there is one. */
static int no_match(struct db_table *t, const char *line, size_t len,
                    const struct sbuf *vals, const bool *isnull, struct err *e)
{
	if (unstatable(t, vals, isnull, NULL, e))
		return -1;
	return err_set(e, ERR_INPUT,
	               "the sentence \"%.*s\" matches none of the table's "
	               "templates: make their fixed text differ from the "
	               "values",
	               (int)(len < QUOTE_MAX ? len : QUOTE_MAX), line);
}

/* The sentence matched t: each column must read back as the text it was. */
static int same_text(struct db_table *t, const char *line, const size_t *off,
                     const struct sbuf *vals, const bool *isnull, struct err *e)
{
	for (size_t c = 0; c < t->ncols; c++) {
		bool null = off[2 * c] == (size_t)-1;
		size_t n = null ? 0 : off[2 * c + 1] - off[2 * c];
		if (null == isnull[c] &&
		    (null || (n == vals[c].len &&
		              !memcmp(line + off[2 * c], vals[c].buf, n))))
			continue;
		if (null)
			n = 4;
		return err_set(e, ERR_INPUT,
		               "column '%s' reads back from its sentence as "
		               "'%.*s', the row holds '%.*s': make the "
		               "template's fixed text differ from the values",
		               t->cols[c], (int)(n < QUOTE_MAX ? n : QUOTE_MAX),
		               null ? "NULL" : line + off[2 * c], QUOTE_MAX,
		               isnull[c] ? "NULL" : vals[c].buf);
	}
	return 0;
}

static void describe(struct sbuf *out, const struct readback_val *v,
                     const char *text)
{
	if (v->type == SQLITE_INTEGER)
		sbuf_addf(out, "integer %lld", v->i);
	else if (v->type == SQLITE_FLOAT)
		sbuf_addf(out, "real %.17g", v->r);
	else if (v->type == SQLITE_BLOB)
		sbuf_adds(out, "a blob");
	else
		sbuf_addf(out, "text '%.*s'", QUOTE_MAX, text);
}

static int differ(struct db_table *t, size_t c, const struct readback_val *v,
                  const struct readback_val *back, const char *text,
                  struct err *e)
{
	struct sbuf was = SBUF_INIT, got = SBUF_INIT;
	describe(&was, v, text);
	describe(&got, back, text);
	err_set(e, ERR_INPUT,
	        "column '%s' holds %s but reads back from its sentence as "
	        "%s: %s",
	        t->cols[c], was.buf, got.buf,
	        v->type == SQLITE_BLOB ? "store the values as text"
	        : v->type == back->type
	            ? "SQLite writes reals with 15 significant digits; "
	              "round the values to fit"
	            : "declare the column with a type that matches its "
	              "values (INTEGER, REAL or TEXT)");
	sbuf_release(&was);
	sbuf_release(&got);
	return -1;
}

static bool same_val(const struct readback_val *a, const struct readback_val *b)
{
	return a->type == b->type && a->i == b->i &&
	       !memcmp(&a->r, &b->r, sizeof(a->r));
}

/* Puts the texts into t's mirror, whose affinities are t's, and compares
 * what comes back with the typed row. */
static int via_mirror(struct db_table *t, const struct sbuf *vals,
                      const bool *isnull, const struct readback_val *typed,
                      struct err *e)
{
	struct readback_val back;
	int rc = 0;
	sqlite3_reset(t->rt_put);
	sqlite3_clear_bindings(t->rt_put);
	for (size_t c = 0; c < t->ncols; c++)
		if (!isnull[c])
			sqlite3_bind_text(t->rt_put, (int)c + 1, vals[c].buf,
			                  (int)vals[c].len, SQLITE_STATIC);
	if (sqlite3_step(t->rt_put) != SQLITE_DONE ||
	    sqlite3_step(t->rt_get) != SQLITE_ROW)
		rc = err_set(e, ERR_DB, "%s", sqlite3_errmsg(t->db->conn));
	for (size_t c = 0; c < t->ncols && !rc; c++) {
		readback_val_get(&back, t->rt_get, (int)c);
		if (!isnull[c] && !same_val(&typed[c], &back))
			rc = differ(t, c, &typed[c], &back, vals[c].buf, e);
	}
	sqlite3_reset(t->rt_put);
	sqlite3_reset(t->rt_get);
	return rc;
}

/*
 * Most values settle without SQLite: text stays text in a TEXT or untyped
 * column, an integer's digits are that integer again in an INTEGER or
 * NUMERIC one, and no text turns back into a blob. Reals and text in number
 * columns take the mirror, which converts exactly as validate's insert does.
 */
static int same_types(struct db_table *t, const struct sbuf *vals,
                      const bool *isnull, const struct readback_val *typed,
                      struct err *e)
{
	static const struct readback_val as_text = {SQLITE_TEXT, 0, 0};
	bool mirror = false;
	for (size_t c = 0; c < t->ncols; c++) {
		char aff = t->aff[c];
		int type = typed[c].type;
		if (isnull[c])
			continue;
		if (type == SQLITE_BLOB ||
		    ((aff == 't' || aff == 'b') && type != SQLITE_TEXT))
			return differ(t, c, &typed[c], &as_text, vals[c].buf,
			              e);
		if (aff != 't' && aff != 'b' &&
		    !((aff == 'i' || aff == 'n') && type == SQLITE_INTEGER))
			mirror = true;
	}
	return mirror ? via_mirror(t, vals, isnull, typed, e) : 0;
}

int readback_check(struct db_table *t, size_t pos, const char *line, size_t len,
                   const struct sbuf *vals, const bool *isnull,
                   const struct readback_val *typed, struct err *e)
{
	size_t off[128], k;
	struct db_table *got = match(t->db, line, len, &k, off);
	int rc;
	if (got && got != t)
		rc =
		    err_set(e, ERR_INPUT,
		            "its sentence \"%.*s\" reads back as a row of "
		            "table '%s' (template \"%s\"): make the fixed text "
		            "of the two tables' templates differ",
		            (int)(len < QUOTE_MAX ? len : QUOTE_MAX), line,
		            got->name, vtemplate_text(got->tpl[k]));
	else if (unstatable(t, vals, isnull, typed, e))
		rc = -1;
	else if (!got)
		rc = no_match(t, line, len, vals, isnull, e);
	else
		rc = same_text(t, line, off, vals, isnull, e);
	if (!rc)
		rc = same_types(t, vals, isnull, typed, e);
	if (rc)
		err_prefix(e, "table '%s' rowid %lld", t->name, t->rowids[pos]);
	return rc;
}

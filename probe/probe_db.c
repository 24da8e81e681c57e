/* Database rows for the entity and sentence probes, read through gen/db.h. */
#include "probe/probe_db.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/rng.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"

/* Entity ids are "E" and six digits: E100000 .. E999999. */
#define ID_SPACE 900000

static const char *const label_cols[] = {"name", "title", "label"};

/* The column of t used as an entity label, or -1. */
static int label_col(const struct db_table *t)
{
	for (size_t k = 0; k < sizeof(label_cols) / sizeof(*label_cols); k++)
		for (size_t c = 0; c < t->ncols; c++)
			if (!strcasecmp(t->cols[c], label_cols[k]))
				return (int)c;
	return -1;
}

/* Columns that only link rows (id, *_id) say nothing to a reader. */
static bool is_link(const char *col)
{
	size_t n = strlen(col);
	return !strcasecmp(col, "id") ||
	       (n > 3 && !strcasecmp(col + n - 3, "_id"));
}

/* Appends "color red; grape Merlot; cases made 1200" for the row's other
 * columns. */
static void add_fields(const struct db_table *t, int label,
                       const struct sbuf *vals, const bool *isnull,
                       struct sbuf *out)
{
	const char *sep = "";
	for (size_t c = 0; c < t->ncols; c++) {
		if (isnull[c] || (int)c == label || is_link(t->cols[c]))
			continue;
		sbuf_adds(out, sep);
		for (const char *p = t->cols[c]; *p; p++)
			sbuf_addch(out, *p == '_' ? ' ' : *p);
		sbuf_addch(out, ' ');
		for (const char *v = vals[c].buf; *v;
		     v++) /* a unit is one line */
			sbuf_addch(out, *v == '\n' || *v == '\r' ? ' ' : *v);
		sep = "; ";
	}
}

/* Entity row pos of t: `id: E123456 | label: L | description: D`. */
static int add_entity(struct db_table *t, int label, size_t pos, struct rng *r,
                      unsigned char *used, struct sbuf *vals, bool *isnull,
                      probe_db_row_fn add, void *arg, struct err *e)
{
	if (db_row_text(t, pos, vals, isnull, e))
		return -1;
	if (isnull[label] || strchr(vals[label].buf, '\n'))
		return 0;
	size_t id = (size_t)rng_below(r, ID_SPACE);
	while (used[id]) /* sequential probing keeps ids distinct and seeded */
		id = (id + 1) % ID_SPACE;
	used[id] = 1;
	struct sbuf key = SBUF_INIT, text = SBUF_INIT, ans = SBUF_INIT;
	sbuf_addf(&key, "E%zu", id + 100000);
	sbuf_addf(&ans, "%s: ", vals[label].buf);
	add_fields(t, label, vals, isnull, &ans);
	sbuf_addf(&text, "id: %s | label: %s | description: %s", key.buf,
	          vals[label].buf, ans.buf + vals[label].len + 2);
	return add(arg, sbuf_detach(&text), sbuf_detach(&key),
	           sbuf_detach(&ans), t->name, t->rowids[pos], e);
}

static int load_entities(struct db *db, uint64_t seed, probe_db_row_fn add,
                         void *arg, struct err *e)
{
	struct db_table *best = NULL;
	for (size_t i = 0; i < db->nt; i++)
		if (label_col(&db->t[i]) >= 0 && db->t[i].ncols > 1 &&
		    (!best || db->t[i].nrows > best->nrows))
			best = &db->t[i];
	if (!best)
		return err_set(e, ERR_INPUT,
		               "database '%s' has no table with a "
		               "name, title or label column for entities",
		               db->name);
	if (best->nrows > ID_SPACE / 2)
		return err_set(e, ERR_INPUT,
		               "table '%s' has too many rows for "
		               "entity ids",
		               best->name);
	int label = label_col(best), rc = 0;
	struct sbuf *vals = xcalloc(best->ncols, sizeof(*vals));
	bool *isnull = xcalloc(best->ncols, sizeof(*isnull));
	unsigned char *used = xcalloc(ID_SPACE, 1);
	struct rng r;
	for (size_t c = 0; c < best->ncols; c++)
		sbuf_init(&vals[c]);
	rng_init_label(&r, seed, "probe/entity/ids");
	for (size_t pos = 0; pos < best->nrows && !rc; pos++)
		rc = add_entity(best, label, pos, &r, used, vals, isnull, add,
		                arg, e);
	for (size_t c = 0; c < best->ncols; c++)
		sbuf_release(&vals[c]);
	free(vals);
	free(isnull);
	free(used);
	return rc;
}

/* Every row of every table with templates, as its verbalized sentence. */
static int load_sentences(struct db *db, probe_db_row_fn add, void *arg,
                          struct err *e)
{
	for (size_t i = 0; i < db->nt; i++) {
		struct db_table *t = &db->t[i];
		if (!t->ntpl)
			continue;
		for (size_t pos = 0; pos < t->nrows; pos++) {
			const struct db_unit *u = db_unit(t, pos, e);
			if (!u || add(arg, xstrdup(u->text), NULL, NULL,
			              t->name, t->rowids[pos], e))
				return -1;
		}
	}
	return 0;
}

int probe_db_load(const char *name, const char *templates, bool entity,
                  uint64_t seed, struct tok *t, probe_db_row_fn add, void *arg,
                  struct probe_db_id *id, struct err *e)
{
	/* entities are built from the columns: no templates needed */
	struct db *db = db_open(name, templates, entity ? DB_NO_TEMPLATES : 0, e);
	if (!db)
		return -1;
	id->name = xstrdup(db->name);
	memcpy(id->sha256, db->sha256, sizeof(id->sha256));
	db_set_order(db, seed, t);
	int rc = entity ? load_entities(db, seed, add, arg, e)
	                : load_sentences(db, add, arg, e);
	db_free(db);
	return rc;
}

/* Drafts of sentence templates: column names made into words, NULL-safe
 * segments, foreign keys phrased as references. */
#include "gen/draft.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/parse.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "gen/db.h"

/* Short forms common in schemas, and the words a reader expects. */
static const char *const words[][2] = {
    {"id", "ID"},           {"api", "API"},        {"url", "URL"},
    {"no", "number"},       {"num", "number"},     {"nr", "number"},
    {"qty", "quantity"},    {"amt", "amount"},     {"desc", "description"},
    {"dept", "department"}, {"addr", "address"},   {"src", "source"},
    {"dst", "destination"}, {"tot", "total"},      {"cred", "credits"},
    {"dob", "date of birth"}, {"pct", "percent"},  {"avg", "average"},
    {"fifa", "FIFA"},
};

/* Appends one word of an identifier: short forms spelled out, words in
 * capitals kept, others in lower case. */
static void add_word(const char *w, size_t n, struct sbuf *out)
{
	bool caps = n > 1;
	if (out->len)
		sbuf_addch(out, ' ');
	for (size_t k = 0; k < sizeof(words) / sizeof(*words); k++)
		if (strlen(words[k][0]) == n && !strncasecmp(w, words[k][0], n)) {
			sbuf_adds(out, words[k][1]);
			return;
		}
	for (size_t i = 0; i < n; i++)
		caps &= !islower((unsigned char)w[i]);
	for (size_t i = 0; i < n; i++)
		sbuf_addch(out, caps ? w[i] : (char)tolower((unsigned char)w[i]));
}

void draft_words(const char *ident, struct sbuf *out)
{
	struct sbuf w = SBUF_INIT, all = SBUF_INIT;
	for (const char *p = ident;; p++) {
		unsigned char c = (unsigned char)*p;
		/* a word ends at a separator, or where camelCase turns upper */
		bool sep = !c || c == '_' || c == ' ' || c == '-' || c == '.';
		bool hump = c && isupper(c) && w.len &&
		            islower((unsigned char)p[-1]);
		if ((sep || hump) && w.len) {
			add_word(w.buf, w.len, &all);
			sbuf_reset(&w);
		}
		if (!c)
			break;
		if (!sep)
			sbuf_addch(&w, (char)c);
	}
	sbuf_add(out, all.buf, all.len);
	sbuf_release(&w);
	sbuf_release(&all);
}

/* Appends s with the template syntax's special characters escaped. */
static void add_lit(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("[]{}\\", *s))
			sbuf_addch(out, '\\');
		sbuf_addch(out, *s);
	}
}

/* "wine" for wines, "country" for countries, "class" for classes. */
static void singular(const char *table, struct sbuf *out)
{
	struct sbuf w = SBUF_INIT;
	draft_words(table, &w);
	size_t n = w.len;
	const char *s = w.buf;
	if (n > 4 && !strcmp(s + n - 3, "ies")) {
		w.len = n - 3;
		sbuf_adds(&w, "y");
	} else if (n > 4 && (!strcmp(s + n - 4, "sses") ||
	                     !strcmp(s + n - 4, "ches") ||
	                     !strcmp(s + n - 4, "shes") ||
	                     !strcmp(s + n - 3, "xes"))) {
		w.len = n - 2;
	} else if (n > 3 && s[n - 1] == 's' && s[n - 2] != 's' &&
	           s[n - 2] != 'u' && s[n - 2] != 'i') {
		w.len = n - 1;
	}
	w.buf[w.len] = '\0';
	sbuf_add(out, w.buf, w.len);
	sbuf_release(&w);
}

static const char *article(const char *word)
{
	return strchr("aeiouAEIOU", word[0]) && strncasecmp(word, "uni", 3) &&
	               strncasecmp(word, "use", 3) && strncasecmp(word, "eu", 2)
	           ? "an"
	           : "a";
}

/* What the draft needs to know of one column. */
struct dcol {
	const char *name;
	struct sbuf words; /* "team API ID" */
	bool nulls;        /* holds a NULL: its segment is optional */
	struct sbuf ref;   /* "a team" when a foreign key, else empty */
};

/* Which columns hold NULLs (a count per column in one scan). */
static int find_nulls(struct db_table *t, struct dcol *c, struct err *e)
{
	struct sbuf q = SBUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = 0;
	sbuf_adds(&q, "SELECT count(*)");
	for (size_t i = 0; i < t->ncols; i++) {
		sbuf_adds(&q, ", count(\"");
		for (const char *p = t->cols[i]; *p; p++)
			sbuf_add(&q, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
		sbuf_adds(&q, "\")");
	}
	sbuf_adds(&q, " FROM src.\"");
	for (const char *p = t->name; *p; p++)
		sbuf_add(&q, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	sbuf_adds(&q, "\"");
	if (sqlite3_prepare_v2(t->db->conn, q.buf, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		rc = err_set(e, ERR_DB, "table '%s': %s", t->name,
		             sqlite3_errmsg(t->db->conn));
	for (size_t i = 0; !rc && i < t->ncols; i++)
		c[i].nulls = sqlite3_column_int64(st, (int)i + 1) !=
		             sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sbuf_release(&q);
	return rc;
}

/* Foreign keys: the table each referencing column points at. */
static int find_refs(struct db_table *t, struct dcol *c, struct err *e)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(t->db->conn,
	                       "SELECT \"table\", \"from\" FROM "
	                       "pragma_foreign_key_list(?1, 'src')",
	                       -1, &st, NULL) != SQLITE_OK)
		return err_set(e, ERR_DB, "%s", sqlite3_errmsg(t->db->conn));
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *to = (const char *)sqlite3_column_text(st, 0);
		const char *from = (const char *)sqlite3_column_text(st, 1);
		for (size_t i = 0; from && to && i < t->ncols; i++) {
			if (strcasecmp(t->cols[i], from) || c[i].ref.len)
				continue;
			struct sbuf s = SBUF_INIT;
			singular(to, &s);
			sbuf_addf(&c[i].ref, "%s %s", article(s.buf), s.buf);
			sbuf_release(&s);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/*
 * One template: lead, then per column open + "{label}" or the label's words
 * + mid + "{col}" (+ ref text) + close, optional when the column holds NULL.
 * first: the open of the first column instead of open.
 */
struct shape {
	const char *first, *open, *mid, *close, *ref_pre, *ref_post, *end;
};

static void add_template(struct sbuf *out, const char *lead,
                         const struct shape *s, const struct dcol *c,
                         size_t n)
{
	sbuf_adds(out, lead);
	for (size_t i = 0; i < n; i++) {
		if (c[i].nulls)
			sbuf_addch(out, '[');
		sbuf_adds(out, i ? s->open : s->first);
		add_lit(out, c[i].words.buf);
		sbuf_adds(out, s->mid);
		sbuf_adds(out, "{");
		sbuf_adds(out, c[i].name);
		sbuf_adds(out, "}");
		if (c[i].ref.len) {
			sbuf_adds(out, s->ref_pre);
			add_lit(out, c[i].ref.buf);
			sbuf_adds(out, s->ref_post);
		}
		sbuf_adds(out, s->close);
		if (c[i].nulls)
			sbuf_addch(out, ']');
	}
	sbuf_adds(out, s->end);
}

int draft_table(struct db_table *t, struct strlist *out, struct err *e)
{
	static const struct shape whose = {" whose ", ", whose ", " is ", "",
	                                   " (which refers to ", ")", "."};
	static const struct shape list = {": ", "; ", " ", "", " (", ")", "."};
	static const struct shape said = {" The ", " The ", " is ", ".",
	                                  ", which refers to ", "", ""};
	struct dcol *c = xcalloc(t->ncols + 1, sizeof(*c));
	struct sbuf s = SBUF_INIT, lead = SBUF_INIT, tpl = SBUF_INIT;
	int rc = -1;
	for (size_t i = 0; i < t->ncols; i++) {
		c[i].name = t->cols[i];
		sbuf_init(&c[i].words);
		sbuf_init(&c[i].ref);
		draft_words(t->cols[i], &c[i].words);
	}
	if (find_nulls(t, c, e) || find_refs(t, c, e))
		goto out;
	singular(t->name, &s);
	const char *a = article(s.buf);
	sbuf_addf(&lead, "There is %s ", a);
	add_lit(&lead, s.buf);
	add_template(&tpl, lead.buf, &whose, c, t->ncols);
	strlist_push(out, tpl.buf);
	sbuf_reset(&lead);
	sbuf_reset(&tpl);
	sbuf_addf(&lead, "%c%s ", a[0] - 32, a + 1);
	add_lit(&lead, s.buf);
	add_template(&tpl, lead.buf, &list, c, t->ncols);
	strlist_push(out, tpl.buf);
	sbuf_reset(&lead);
	sbuf_reset(&tpl);
	sbuf_addf(&lead, "Record of %s ", a);
	add_lit(&lead, s.buf);
	sbuf_adds(&lead, ".");
	add_template(&tpl, lead.buf, &said, c, t->ncols);
	strlist_push(out, tpl.buf);
	rc = 0;
out:
	for (size_t i = 0; i < t->ncols; i++) {
		sbuf_release(&c[i].words);
		sbuf_release(&c[i].ref);
	}
	free(c);
	sbuf_release(&s);
	sbuf_release(&lead);
	sbuf_release(&tpl);
	return rc;
}

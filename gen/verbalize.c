/* Sentence templates: parsing, rendering rows, and matching sentences back. */
#include "gen/verbalize.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/re.h"
#include "common/sbuf.h"
#include "common/xalloc.h"

/* A literal run or a column, inside optional segment seg (-1: none). */
struct piece {
	int col; /* -1 for a literal */
	int seg;
	char *lit;
	size_t litlen;
};

struct vtemplate {
	char *text;
	char **names; /* column names, for messages */
	size_t ncols;
	struct piece *p;
	size_t np, pcap;
	int nseg;
	struct re *re;
	int *group_col; /* capture group (1-based) -> column */
};

static void add_piece(struct vtemplate *t, int col, int seg, struct sbuf *lit)
{
	xgrow(&t->p, &t->pcap, t->np + 1, sizeof(*t->p));
	struct piece *p = &t->p[t->np++];
	p->col = col;
	p->seg = seg;
	p->litlen = lit ? lit->len : 0;
	p->lit = lit ? sbuf_detach(lit) : NULL;
}

static int find_col(const char *name, size_t n, const char *const *cols,
                    size_t ncols)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i]) == n && !strncasecmp(cols[i], name, n))
			return (int)i;
	return -1;
}

/* Splits the template text into pieces; checks every column is named once. */
static int split(struct vtemplate *t, const char *s, const char *const *cols,
                 size_t ncols, struct err *e)
{
	struct sbuf lit = SBUF_INIT;
	int seg = -1, rc = -1;
	int *seen = xcalloc(ncols ? ncols : 1, sizeof(int));
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		if (c == '\\' && s[i + 1] && strchr("[]{}\\", s[i + 1])) {
			sbuf_addch(&lit, s[++i]);
		} else if (c == '{') {
			const char *end = strchr(s + i, '}');
			if (!end) {
				err_set(e, ERR_INPUT, "unclosed '{'");
				goto out;
			}
			int col =
			    find_col(s + i + 1, end - s - i - 1, cols, ncols);
			if (col < 0) {
				err_set(e, ERR_INPUT, "unknown column '%.*s'",
				        (int)(end - s - i - 1), s + i + 1);
				goto out;
			}
			if (seen[col]++) {
				err_set(e, ERR_INPUT, "column '%s' named twice",
				        cols[col]);
				goto out;
			}
			if (lit.len)
				add_piece(t, -1, seg, &lit);
			add_piece(t, col, seg, NULL);
			i = end - s;
		} else if (c == '[' || c == ']') {
			if ((c == '[') != (seg < 0)) {
				err_set(e, ERR_INPUT,
				        c == '[' ? "nested '['"
				                 : "unmatched ']'");
				goto out;
			}
			if (lit.len)
				add_piece(t, -1, seg, &lit);
			seg = c == '[' ? t->nseg++ : -1;
		} else if (c == '}') {
			err_set(e, ERR_INPUT, "unmatched '}'");
			goto out;
		} else {
			sbuf_addch(&lit, c);
		}
	}
	if (seg >= 0) {
		err_set(e, ERR_INPUT, "unclosed '['");
		goto out;
	}
	if (lit.len)
		add_piece(t, -1, -1, &lit);
	for (size_t i = 0; i < ncols; i++)
		if (!seen[i]) {
			err_set(e, ERR_INPUT, "column '%s' is not named",
			        cols[i]);
			goto out;
		}
	rc = 0;
out:
	free(seen);
	sbuf_release(&lit);
	return rc;
}

static void re_quote(struct sbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && c != ' ' && !(c >= '0' && c <= '9') &&
		    !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			sbuf_addch(out, '\\');
		sbuf_addch(out, (char)c);
	}
}

/* Numbers get strict patterns so that sentences of other tables match less. */
static const char *value_pattern(char aff)
{
	if (aff == 'i')
		return "(-?[0-9]+)";
	if (aff == 'r')
		return "(-?[0-9]+(?:\\.[0-9]+)?(?:e[-+]?[0-9]+)?|-?Inf)";
	return "(.*?)";
}

static int compile(struct vtemplate *t, const char *aff, struct err *e)
{
	struct sbuf pat = SBUF_INIT;
	int seg = -1, groups = 0;
	t->group_col = xcalloc(t->ncols + 1, sizeof(int));
	sbuf_addch(&pat, '^');
	for (size_t i = 0; i < t->np; i++) {
		const struct piece *p = &t->p[i];
		if (p->seg != seg && seg >= 0)
			sbuf_adds(&pat, ")?");
		if (p->seg != seg && p->seg >= 0)
			sbuf_adds(&pat, "(?:");
		seg = p->seg;
		if (p->col < 0) {
			re_quote(&pat, p->lit, p->litlen);
		} else {
			sbuf_adds(&pat, value_pattern(aff[p->col]));
			t->group_col[++groups] = p->col;
		}
	}
	if (seg >= 0)
		sbuf_adds(&pat, ")?");
	sbuf_adds(&pat, "\\z");
	t->re = re_new(pat.buf, RE_NO_UTF_CHECK, e);
	sbuf_release(&pat);
	return t->re ? 0 : -1;
}

struct vtemplate *vtemplate_new(const char *text, const char *const *cols,
                                const char *aff, size_t ncols, struct err *e)
{
	struct vtemplate *t = xcalloc(1, sizeof(*t));
	t->text = xstrdup(text);
	t->ncols = ncols;
	t->names = xcalloc(ncols + 1, sizeof(char *));
	for (size_t i = 0; i < ncols; i++)
		t->names[i] = xstrdup(cols[i]);
	if (ncols > 64) {
		err_set(e, ERR_INPUT,
		        "tables of more than 64 columns are not supported");
		vtemplate_free(t);
		return NULL;
	}
	/* units are lines: the context could not be split back into rows */
	if (strpbrk(text, "\r\n")) {
		err_set(e, ERR_INPUT,
		        "the template holds a line break: a sentence must "
		        "be one line");
		vtemplate_free(t);
		return NULL;
	}
	if (split(t, text, cols, ncols, e) || compile(t, aff, e)) {
		vtemplate_free(t);
		return NULL;
	}
	return t;
}

void vtemplate_free(struct vtemplate *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->np; i++)
		free(t->p[i].lit);
	free(t->p);
	re_free(t->re);
	free(t->group_col);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->names);
	free(t->text);
	free(t);
}

const char *vtemplate_text(const struct vtemplate *t)
{
	return t->text;
}

/* True when no column of segment seg is NULL. */
static bool seg_complete(const struct vtemplate *t, int seg,
                         const char *const *vals)
{
	for (size_t i = 0; i < t->np; i++)
		if (t->p[i].seg == seg && t->p[i].col >= 0 &&
		    !vals[t->p[i].col])
			return false;
	return true;
}

int vtemplate_render(const struct vtemplate *t, const char *const *vals,
                     struct sbuf *out, struct err *e)
{
	int seg = -1;
	bool keep = true;
	for (size_t i = 0; i < t->np; i++) {
		const struct piece *p = &t->p[i];
		if (p->seg != seg) {
			seg = p->seg;
			keep = seg < 0 || seg_complete(t, seg, vals);
		}
		if (!keep)
			continue;
		if (p->col < 0)
			sbuf_add(out, p->lit, p->litlen);
		else if (vals[p->col])
			sbuf_adds(out, vals[p->col]);
		else
			return err_set(
			    e, ERR_INPUT,
			    "column '%s' is NULL outside an optional "
			    "segment; put it inside [ ]",
			    t->names[p->col]);
	}
	return 0;
}

int vtemplate_parse(const struct vtemplate *t, const char *line, size_t len,
                    size_t *off)
{
	size_t ov[2 * 65];
	size_t ng = re_groups(t->re) + 1;
	if (ng > 65)
		return 0;
	for (size_t i = 0; i < 2 * ng; i++)
		ov[i] = (size_t)-1;
	if (re_match(t->re, line, len, 0, ov, ng) <= 0)
		return 0;
	for (size_t i = 0; i < 2 * t->ncols; i++)
		off[i] = (size_t)-1;
	for (size_t g = 1; g < ng; g++) {
		off[2 * t->group_col[g]] = ov[2 * g];
		off[2 * t->group_col[g] + 1] = ov[2 * g + 1];
	}
	return 1;
}

bool vtemplate_value_fits(char aff, const char *val, size_t len)
{
	struct sbuf pat = SBUF_INIT;
	struct err e = ERR_INIT;
	size_t ov[4];
	sbuf_addf(&pat, "^%s\\z", value_pattern(aff));
	struct re *re = re_new(pat.buf, RE_NO_UTF_CHECK, &e);
	bool fits = re && re_match(re, val, len, 0, ov, 2) > 0;
	re_free(re);
	sbuf_release(&pat);
	return fits;
}

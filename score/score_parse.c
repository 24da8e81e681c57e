/* Scorer answer extraction: finds the final answer in a reply and splits it
 * into rows of cells. */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/re.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score_int.h"

/* Parsing context: where rows go and how cells are prepared. */
struct pctx {
	const struct score_re *r;
	struct answer *a;
	size_t ncols;
	bool wd;
};

/* A span of text. */
struct span {
	const char *s;
	size_t n;
};

static struct prow *new_row(struct pctx *c)
{
	struct answer *a = c->a;
	xgrow(&a->rows, &a->cap, a->n + 1, sizeof(*a->rows));
	struct prow *row = &a->rows[a->n++];
	memset(row, 0, sizeof(*row));
	return row;
}

static void row_add(struct pctx *c, struct prow *row, char *text)
{
	row->cells = xrealloc(row->cells, (row->n + 1) * sizeof(*row->cells));
	pcell_init(&row->cells[row->n++], c->r, text, c->wd);
}

static char *json_cell_text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	struct sbuf b = SBUF_INIT;
	if (cJSON_IsNumber(v))
		json_add_num(&b, v->valuedouble);
	else
		json_add_value(&b, v);
	return sbuf_detach(&b);
}

static bool is_scalar(const cJSON *v)
{
	return !cJSON_IsArray(v) && !cJSON_IsObject(v);
}

/* A row from an array or object: one cell per element; a scalar is a one-cell
 * row. */
static void row_from_json(struct pctx *c, const cJSON *v)
{
	struct prow *row = new_row(c);
	if (is_scalar(v)) {
		row_add(c, row, json_cell_text(v));
		return;
	}
	const cJSON *x;
	cJSON_ArrayForEach(x, v) row_add(c, row, json_cell_text(x));
}

/* Rows of a JSON answer; false when v is not an answer-shaped value. */
static bool rows_from_json(struct pctx *c, const cJSON *v)
{
	if (cJSON_IsObject(v)) {
		const cJSON *rows = cJSON_GetObjectItemCaseSensitive(v, "rows");
		if (cJSON_IsArray(rows))
			return rows_from_json(c, rows);
		row_from_json(c, v);
		return true;
	}
	if (!cJSON_IsArray(v))
		return false;
	int n = cJSON_GetArraySize(v);
	bool scalars = true;
	const cJSON *x;
	cJSON_ArrayForEach(x, v) scalars &= is_scalar(x);
	/* ["Napa", 31.5] for a two-column gold is one row, not two */
	if (scalars && n > 0 && c->ncols > 1 && (size_t)n == c->ncols) {
		row_from_json(c, v);
		return true;
	}
	cJSON_ArrayForEach(x, v) row_from_json(c, x);
	c->a->none = n == 0;
	return true;
}

/* Parses JSON at the start of s; true when it held an answer. */
static bool try_json(struct pctx *c, const char *s, size_t n)
{
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (!v)
		return false;
	bool ok = rows_from_json(c, v);
	cJSON_Delete(v);
	return ok;
}

static struct span trim(const char *s, size_t n)
{
	while (n && strchr(" \t\r\n", *s))
		s++, n--;
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return (struct span){s, n};
}

/* The last fenced block that holds a JSON answer. */
static bool find_fence(struct pctx *c, struct span seg)
{
	size_t ov[4], pos = 0, best = (size_t)-1, bend = 0;
	while (re_match(c->r->fence, seg.s, seg.n, pos, ov, 2) > 0) {
		struct span in = trim(seg.s + ov[2], ov[3] - ov[2]);
		if (in.n && (in.s[0] == '[' || in.s[0] == '{'))
			best = in.s - seg.s, bend = in.n;
		pos = ov[1];
	}
	return best != (size_t)-1 && try_json(c, seg.s + best, bend);
}

/* The last "[[" that starts a parseable JSON array of rows. */
static bool find_inline_json(struct pctx *c, struct span seg)
{
	int tries = 0;
	/* bounded: a reply of many "[[" must not cost a parse per pair */
	for (size_t i = seg.n; i-- > 1 && tries < 32;)
		if (seg.s[i - 1] == '[' && seg.s[i] == '[' && ++tries &&
		    try_json(c, seg.s + i - 1, seg.n - i + 1))
			return true;
	return false;
}

/* Where one line of a segment is. */
struct line {
	const char *s;
	size_t n;
};

static bool next_line(struct span seg, size_t *pos, struct line *l)
{
	if (*pos >= seg.n)
		return false;
	const char *s = seg.s + *pos;
	const char *nl = memchr(s, '\n', seg.n - *pos);
	l->s = s;
	l->n = nl ? (size_t)(nl - s) : seg.n - *pos;
	*pos += l->n + 1;
	return true;
}

static size_t count_char(struct line l, char ch)
{
	size_t k = 0;
	for (size_t i = 0; i < l.n; i++)
		k += l.s[i] == ch;
	return k;
}

enum block { B_NONE, B_TABLE, B_LIST, B_KV };

static enum block line_kind(struct pctx *c, struct line l)
{
	size_t ov[2];
	struct span t = trim(l.s, l.n);
	if (t.n && (t.s[0] == '|' || count_char(l, '|') >= 2))
		return B_TABLE;
	if (re_match(c->r->list, l.s, l.n, 0, ov, 1) > 0)
		return B_LIST;
	if (re_match(c->r->kv, l.s, l.n, 0, ov, 1) > 0)
		return B_KV;
	return B_NONE;
}

static void table_row(struct pctx *c, struct line l)
{
	struct span t = trim(l.s, l.n);
	if (t.n && t.s[0] == '|')
		t.s++, t.n--;
	if (t.n && t.s[t.n - 1] == '|')
		t.n--;
	struct prow *row = new_row(c);
	while (true) {
		const char *bar = memchr(t.s, '|', t.n);
		size_t k = bar ? (size_t)(bar - t.s) : t.n;
		struct span cell = trim(t.s, k);
		row_add(c, row, xstrndup(cell.s, cell.n));
		if (!bar)
			break;
		t.s += k + 1, t.n -= k + 1;
	}
}

/* Rows of the lines [from, to) of a block: table rows after the separator, else
 * one cell per line. */
static void block_rows(struct pctx *c, struct span seg, size_t from, size_t to,
                       enum block kind)
{
	struct span b = {seg.s + from, to - from};
	size_t pos = 0, ov[4], sep = 0;
	struct line l;
	if (kind == B_TABLE)
		while (next_line(b, &pos, &l))
			if (re_match(c->r->table_sep, l.s, l.n, 0, ov, 1) > 0)
				sep = pos;
	pos = sep;
	while (next_line(b, &pos, &l)) {
		if (!trim(l.s, l.n).n)
			continue;
		if (kind == B_TABLE) {
			if (re_match(c->r->table_sep, l.s, l.n, 0, ov, 1) <= 0)
				table_row(c, l);
		} else if (kind == B_LIST &&
		           re_match(c->r->list, l.s, l.n, 0, ov, 2) > 1) {
			row_add(c, new_row(c),
			        xstrndup(l.s + ov[2], ov[3] - ov[2]));
		} else {
			struct span t = trim(l.s, l.n);
			row_add(c, new_row(c), xstrndup(t.s, t.n));
		}
	}
	c->a->form = kind == B_TABLE  ? FORM_TABLE
	             : kind == B_LIST ? FORM_LIST
	                              : FORM_KV;
}

/* The last table or list block (whichever ends last), else the last block of
 * key: value lines. */
static bool find_blocks(struct pctx *c, struct span seg)
{
	size_t pos = 0, start = 0, at;
	size_t bs[4] = {0}, be[4] = {0};
	enum block cur = B_NONE;
	struct line l;
	while ((at = pos, next_line(seg, &pos, &l))) {
		if (!trim(l.s, l.n).n)
			continue; /* loose lists and tables keep their block */
		enum block k = line_kind(c, l);
		if (k != cur)
			start = at;
		cur = k;
		if (k != B_NONE)
			bs[k] = start, be[k] = pos > seg.n ? seg.n : pos;
	}
	enum block pick = be[B_TABLE] || be[B_LIST]
	                      ? (be[B_TABLE] > be[B_LIST] ? B_TABLE : B_LIST)
	                  : be[B_KV] ? B_KV
	                             : B_NONE;
	if (pick == B_NONE)
		return false;
	/* a list of reasoning steps followed by a prose answer is not the
	 * answer */
	if (pick != B_TABLE && trim(seg.s + be[pick], seg.n - be[pick]).n)
		return false;
	block_rows(c, seg, bs[pick], be[pick], pick);
	return c->a->n > 0;
}

static void add_piece(struct pctx *c, const char *s, size_t n)
{
	struct span t = trim(s, n);
	while (t.n && strchr(".!?", t.s[t.n - 1]))
		t.n--;
	if (t.n)
		row_add(c, new_row(c), xstrndup(t.s, t.n));
}

/* Length of a list separator at s[i] (", ", "; ", " and "), else 0. */
static size_t list_sep(const char *s, size_t n, size_t i)
{
	if (i + 1 < n && (s[i] == ',' || s[i] == ';') && s[i + 1] == ' ')
		return 2;
	return i + 5 <= n && !strncmp(s + i, " and ", 5) ? 5 : 0;
}

/* One-column answers in prose are often "a, b and c": one row each. */
static void prose_piece(struct pctx *c, const char *s, size_t n)
{
	size_t from = 0, k;
	for (size_t i = 0; c->ncols == 1 && i < n; i++)
		if ((k = list_sep(s, n, i))) {
			add_piece(c, s + from, i - from);
			from = i + k;
			i += k - 1;
		}
	add_piece(c, s + from, n - from);
}

/* Sentences: split at line ends and at . ! ? followed by white space. */
static void find_prose(struct pctx *c, struct span seg)
{
	size_t from = 0;
	for (size_t i = 0; i <= seg.n; i++) {
		bool cut = i == seg.n || seg.s[i] == '\n' ||
		           (strchr(".!?", seg.s[i]) && i + 1 < seg.n &&
		            strchr(" \t\r\n", seg.s[i + 1]));
		if (!cut)
			continue;
		prose_piece(c, seg.s + from, i - from);
		from = i + 1;
	}
	c->a->form = FORM_PROSE;
}

static void parse_text(struct pctx *c, struct span seg)
{
	if (find_fence(c, seg) || find_inline_json(c, seg)) {
		c->a->form = FORM_JSON;
		return;
	}
	if (!find_blocks(c, seg))
		find_prose(c, seg);
}

/* Offset just past the last "Final answer:" marker, or -1. */
static long final_marker(const struct score_re *r, const char *s, size_t n)
{
	size_t ov[2], pos = 0;
	long last = -1;
	while (re_match(r->final, s, n, pos, ov, 1) > 0) {
		last = (long)ov[1];
		pos = ov[1];
	}
	return last;
}

/* Replaces invalid UTF-8 so the UTF patterns can run. */
static char *clean_utf8(const char *s)
{
	size_t n = strlen(s);
	char *out = xstrndup(s, n);
	if (utf8_valid(out, n))
		return out;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] >= 0x80)
			out[i] = '?';
	return out;
}

static bool says_none(const struct score_re *r, struct span seg)
{
	size_t ov[2];
	return re_match(r->noans, seg.s, seg.n, 0, ov, 1) > 0;
}

void answer_parse(struct answer *a, const struct score_re *r, const char *reply,
                  size_t ncols, bool want_dates)
{
	memset(a, 0, sizeof(*a));
	char *text = clean_utf8(reply ? reply : "");
	struct pctx c = {r, a, ncols, want_dates};
	struct span all = {text, strlen(text)}, seg = all;
	long m = final_marker(r, text, all.n);
	if (m >= 0) {
		seg = trim(text + m, all.n - (size_t)m);
		if (seg.n && (seg.s[0] == '[' || seg.s[0] == '{') &&
		    try_json(&c, seg.s, seg.n))
			a->form = FORM_FINAL_JSON;
		else if (!(seg.n > 3 && !strncmp(seg.s, "```", 3) &&
		           find_fence(&c, seg) && (a->form = FORM_FINAL_JSON)))
			parse_text(&c, seg);
		if (a->form == FORM_PROSE)
			a->form = FORM_FINAL_TEXT;
	} else {
		parse_text(&c, all);
		const char *para = NULL;
		for (const char *p = text; (p = strstr(p, "\n\n")); p++)
			para = p;
		if (para && trim(para, all.n - (size_t)(para - text)).n)
			seg = trim(para, all.n - (size_t)(para - text));
	}
	if (a->form != FORM_FINAL_JSON && a->form != FORM_JSON &&
	    a->form != FORM_TABLE && a->form != FORM_LIST && says_none(r, seg))
		a->none = true;
	if (!all.n)
		a->form = FORM_NONE;
	a->segment = xstrndup(seg.s, seg.n);
	free(text);
}

void answer_release(struct answer *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		for (size_t j = 0; j < a->rows[i].n; j++)
			pcell_release(&a->rows[i].cells[j]);
		free(a->rows[i].cells);
	}
	free(a->rows);
	free(a->segment);
	memset(a, 0, sizeof(*a));
}

void answer_json(const struct answer *a, struct sbuf *out)
{
	sbuf_addch(out, '[');
	for (size_t i = 0; i < a->n; i++) {
		sbuf_adds(out, i ? ",[" : "[");
		for (size_t j = 0; j < a->rows[i].n; j++) {
			if (j)
				sbuf_addch(out, ',');
			json_add_str(out, a->rows[i].cells[j].text);
		}
		sbuf_addch(out, ']');
	}
	sbuf_addch(out, ']');
}

const char *answer_form_name(enum answer_form f)
{
	static const char *names[] = {"none", "final_json", "final_text",
	                              "json", "table",      "list",
	                              "kv",   "prose"};
	return names[f];
}

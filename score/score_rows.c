/* Rows of an answer: from JSON as models write it, tables, lists, records
 * and prose (sentences cut into rows where they name several gold rows). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/json.h"
#include "common/re.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score_int.h"

static struct prow *new_row(struct pctx *c, struct span at)
{
	struct answer *a = c->a;
	xgrow(&a->rows, &a->cap, a->n + 1, sizeof(*a->rows));
	struct prow *row = &a->rows[a->n++];
	memset(row, 0, sizeof(*row));
	row->start = at.s, row->end = at.e;
	return row;
}

static void row_add(struct pctx *c, struct prow *row, char *text)
{
	row->cells = xrealloc(row->cells, (row->n + 1) * sizeof(*row->cells));
	pcell_init(&row->cells[row->n++], c->r, text, c->h->dates, c->comma);
}

static void row_add_span(struct pctx *c, struct prow *row, const char *t,
                         struct span x)
{
	x = layout_trim(t, x);
	row_add(c, row, xstrndup(t + x.s, x.e - x.s));
}

/* The gold rows whose text cells occur in t[x] (rows is a bit set; up to
 * 64 rows told apart). A text that several gold rows share ("red") names
 * none of them, unless every text is shared. */
size_t rows_anchored(const struct pctx *c, const char *t, struct span x,
                     unsigned long long *rows)
{
	unsigned long long m = 0;
	size_t k = 0;
	if (rows)
		*rows = 0;
	if (!c->h->nkeys && !c->h->ncodes)
		return 0;
	for (size_t i = 0; i < c->h->ncodes; i++) {
		unsigned long long bit = 1ull << (c->h->code_row[i] % 64);
		if ((c->h->code_shared[i] && c->h->nunique) || (m & bit))
			continue;
		if (norm_has_code(t + x.s, x.e - x.s, c->h->codes[i])) {
			k++;
			m |= bit;
		}
	}
	/* longest texts first, each found taken out of the text, so that
	 * "economy" is not found inside "premium economy" */
	char *n = norm_text(t + x.s, x.e - x.s), *f;
	for (size_t o = 0; o < c->h->nkeys; o++) {
		size_t i = c->h->by_length[o];
		const char *key = c->h->keys[i];
		if ((c->h->shared[i] && c->h->nunique) || !(f = strstr(n, key)))
			continue;
		unsigned long long bit = 1ull << (c->h->key_row[i] % 64);
		k += !(m & bit);
		m |= bit;
		for (size_t len = strlen(key); f; f = strstr(f + len - 1, key))
			memset(f + 1, '#', len - 2);
	}
	free(n);
	/* dates as the reply writes them: "January 2023" names 2023-01 (a
	 * date of several gold rows names none of them, as a shared text) */
	struct sdate *d;
	size_t nd =
	    c->h->ngdates ? norm_dates(c->r, t + x.s, x.e - x.s, &d) : 0;
	for (size_t i = 0; i < nd; i++)
		for (size_t g = 0; g < c->h->ngdates; g++) {
			unsigned long long bit = 1ull
			                         << (c->h->gdate_row[g] % 64);
			if (c->h->gdate_shared[g] ||
			    d[i].v != c->h->gdates[g].v ||
			    d[i].kind != c->h->gdates[g].kind || (m & bit))
				continue;
			k++;
			m |= bit;
		}
	if (nd)
		free(d);
	if (rows)
		*rows = m;
	return k;
}

/* --- rows of a structured answer ----------------------------------------- */

static char *json_text(const struct jnode *j);

/* The text of a node: scalars as they are, containers joined by spaces. */
static void node_text(const struct jnode *j, struct sbuf *b)
{
	if (j->kind == J_STR || j->kind == J_BARE) {
		sbuf_adds(b, j->text);
		return;
	}
	for (size_t i = 0; i < j->n; i++) {
		if (i)
			sbuf_addch(b, ' ');
		node_text(&j->kids[i], b);
	}
}

static char *json_text(const struct jnode *j)
{
	struct sbuf b = SBUF_INIT;
	node_text(j, &b);
	return sbuf_detach(&b);
}

static bool scalar(const struct jnode *j)
{
	return j->kind == J_STR || j->kind == J_BARE;
}

static bool key_is_data(const struct pctx *c, const char *key)
{
	struct span x = {0, strlen(key)};
	return rows_anchored(c, key, x, NULL) > 0;
}

/* A row from an array or object (its values, and its keys when they are
 * data), or a one-cell row from a scalar. */
static void row_from_node(struct pctx *c, const struct jnode *j, struct span at)
{
	struct prow *row = new_row(c, at);
	if (scalar(j)) {
		row_add(c, row, xstrdup(j->text));
		return;
	}
	for (size_t i = 0; i < j->n; i++) {
		if (j->kids[i].key && key_is_data(c, j->kids[i].key))
			row_add(c, row, xstrdup(j->kids[i].key));
		row_add(c, row, json_text(&j->kids[i]));
	}
}

/*
 * Rows of a JSON answer: an array of rows, of scalars (a row each, or one
 * row when it has as many as the gold has columns), of records; an object
 * keyed by group ({"France": 6} is a row); a wrapper of one key
 * ({"answer": ...}) opened; a record object is one row.
 */
static void rows_from_node(struct pctx *c, const struct jnode *j,
                           struct span at, int depth)
{
	if (j->kind == J_OBJ && j->n == 1 && !key_is_data(c, j->kids[0].key) &&
	    depth < 4) {
		const struct jnode *k = &j->kids[0];
		if (scalar(k)) { /* {"answer": "Denmark, 1.23"} */
			struct span s = {0, strlen(k->text)};
			struct answer *a = c->a;
			const char *keep = c->text;
			c->text = k->text;
			rows_parse(c, k->text, s);
			c->text = keep;
			for (size_t i = 0; i < a->n; i++)
				a->rows[i].start = at.s, a->rows[i].end = at.e;
			return;
		}
		rows_from_node(c, k, at, depth + 1);
		return;
	}
	if (j->kind == J_OBJ) {
		/* {"columns": [...], "rows": [...]}, {"answer": [...],
		 * "explanation": "..."}: the rows, not the words around them */
		static const char *const keys[] = {
		    "rows",    "answer",       "answers", "result",
		    "results", "final_answer", "data"};
		for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++)
			for (size_t i = 0; i < j->n; i++)
				if (!strcasecmp(j->kids[i].key, keys[k]) &&
				    !scalar(&j->kids[i]) && depth < 4) {
					rows_from_node(c, &j->kids[i], at,
					               depth + 1);
					return;
				}
		bool groups = false;
		for (size_t i = 0; i < j->n; i++)
			groups |= key_is_data(c, j->kids[i].key);
		if (!groups) {
			row_from_node(c, j, at);
			return;
		}
		for (size_t i = 0; i < j->n; i++) {
			struct prow *row = new_row(c, at);
			row_add(c, row, xstrdup(j->kids[i].key));
			row_add(c, row, json_text(&j->kids[i]));
		}
		return;
	}
	bool scalars = true;
	for (size_t i = 0; i < j->n; i++)
		scalars &= scalar(&j->kids[i]);
	/* ["Napa", 31.5] for a two-column gold is one row, not two */
	if (scalars && j->n > 1 && c->h->ncols > 1 && j->n == c->h->ncols) {
		row_from_node(c, j, at);
		return;
	}
	for (size_t i = 0; i < j->n; i++)
		row_from_node(c, &j->kids[i], at);
}

/* Rows of the JSON value at t[x.s]; false when there is none. */
/* An array of scalars: one row. */
static bool flat_array(const struct jnode *j)
{
	bool flat = j->kind == J_ARR && j->n;
	for (size_t i = 0; flat && i < j->n; i++)
		flat = scalar(&j->kids[i]);
	return flat;
}

static bool try_json(struct pctx *c, const char *t, struct span x)
{
	size_t end;
	struct jnode *j = jnode_parse(t + x.s, x.e - x.s, &end);
	if (!j)
		return false;
	rows_from_node(c, j, x, 0);
	/* ["Germany", 69300], ["France", 61200]: arrays one after another,
	 * not in an array of their own */
	bool row = flat_array(j);
	jnode_free(j);
	for (size_t at = x.s + end; row;) {
		while (at < x.e && (layout_blank(t[at]) || t[at] == ','))
			at++;
		if (at >= x.e || (t[at] != '[' && t[at] != '('))
			break;
		if (!(j = jnode_parse(t + at, x.e - at, &end)))
			break;
		row = flat_array(j);
		if (row)
			rows_from_node(c, j, (struct span){at, at + end}, 0);
		jnode_free(j);
		at += end;
	}
	return true;
}

/* The inside of a fenced block at x (```json ... ```), or x itself. */
static struct span unfence(const char *t, struct span x)
{
	if (x.e - x.s < 6 || strncmp(t + x.s, "```", 3))
		return x;
	const char *nl = memchr(t + x.s, '\n', x.e - x.s);
	if (!nl)
		return x;
	struct span in = {(size_t)(nl - t) + 1, x.e};
	const char *end = NULL;
	for (size_t i = in.s; i + 3 <= x.e; i++)
		if (!strncmp(t + i, "```", 3)) {
			end = t + i;
			break;
		}
	if (end)
		in.e = (size_t)(end - t);
	return layout_trim(t, in);
}

/* A table's cells of line l as a row. */
static void table_row(struct pctx *c, const char *t, struct span l)
{
	struct span x = layout_trim(t, l);
	if (x.s < x.e && t[x.s] == '|')
		x.s++;
	if (x.e > x.s && t[x.e - 1] == '|')
		x.e--;
	struct prow *row = new_row(c, l);
	for (size_t i = x.s;;) {
		const char *bar = memchr(t + i, '|', x.e - i);
		size_t end = bar ? (size_t)(bar - t) : x.e;
		row_add_span(c, row, t, (struct span){i, end});
		if (!bar)
			break;
		i = end + 1;
	}
}

static bool table_sep(const char *t, struct span l)
{
	struct span x = layout_trim(t, l);
	bool dash = false;
	for (size_t i = x.s; i < x.e; i++) {
		if (!strchr("|-: \t", t[i]))
			return false;
		dash |= t[i] == '-';
	}
	return dash;
}

/* The rows of a table block: after its header separator, when it has one. */
static void table_rows(struct pctx *c, const char *t, struct span b)
{
	size_t pos = b.s, start = b.s;
	struct span l;
	while (layout_next(t, b, &pos, &l))
		if (table_sep(t, l))
			start = pos;
	pos = start;
	size_t before = c->a->n;
	while (layout_next(t, b, &pos, &l))
		if (layout_kind(t, l) == L_TABLE && !table_sep(t, l))
			table_row(c, t, l);
	c->a->form = FORM_TABLE;
	/* "ON TIME: 11 | DELAYED: 7 | CANCELLED: 1": one line of pairs is a
	 * row per pair */
	if (c->a->n != before + 1)
		return;
	struct prow *r = &c->a->rows[before];
	bool pairs = r->n >= 2;
	for (size_t i = 0; pairs && i < r->n; i++)
		pairs = strchr(r->cells[i].text, ':') != NULL;
	if (!pairs)
		return;
	struct prow one = *r;
	c->a->n = before;
	for (size_t i = 0; i < one.n; i++) {
		struct prow *row =
		    new_row(c, (struct span){one.start, one.end});
		row->cells = xmalloc(sizeof(*row->cells));
		row->cells[0] = one.cells[i];
		row->n = 1;
	}
	free(one.cells);
}

static bool field_key(const struct pctx *c, const char *t,
                      const struct entry *e)
{
	return e->key.e > e->key.s && !layout_has_digit(t, e->key) &&
	       !rows_anchored(c, t, e->key, NULL);
}

/*
 * True when the entries are fields of records ("Name: Lara Reed",
 * "Nationality: Colombia"): every one has a key that is neither data of the
 * gold nor holds a digit, and either the gold has one row or a key comes
 * again (then a new record starts there).
 */
static bool records(const struct pctx *c, const char *t, struct entry *v,
                    size_t n)
{
	bool again = false;
	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!field_key(c, t, &v[i]))
			return false;
		char *ki = layout_key_norm(t, &v[i]);
		for (size_t k = 0; k < i && !again; k++) {
			char *kk = layout_key_norm(t, &v[k]);
			again = !strcmp(ki, kk);
			free(kk);
		}
		free(ki);
	}
	return again || c->h->nrows <= 1;
}

/* True when e's key is already a field of the record that starts at
 * v[from]. */
static bool key_again(const char *t, const struct entry *v, size_t from,
                      const struct entry *e)
{
	char *ke = layout_key_norm(t, e);
	bool again = false;
	for (size_t k = from; &v[k] < e && !again; k++) {
		char *kk = layout_key_norm(t, &v[k]);
		again = !strcmp(ke, kk);
		free(kk);
	}
	free(ke);
	return again;
}

static void sentence_rows(struct pctx *c, const char *t, struct span s);

/* Rows of a list or key-value block: records, else an entry each (an
 * entry naming several gold rows is split as a sentence is). */
static void list_rows(struct pctx *c, const char *t, struct span b,
                      enum line kind)
{
	struct entry *v;
	size_t n = layout_entries(t, b, &v);
	if (records(c, t, v, n)) {
		struct prow *row = NULL;
		for (size_t i = 0, from = 0; i < n; i++) {
			if (!row || key_again(t, v, from, &v[i])) {
				row = new_row(c, v[i].x);
				from = i;
			}
			row->end = v[i].x.e;
			row_add_span(c, row, t, v[i].x);
		}
	} else {
		for (size_t i = 0; i < n; i++)
			sentence_rows(c, t, v[i].x);
	}
	free(v);
	c->a->form = kind == L_LIST ? FORM_LIST : FORM_KV;
}

/* --- rows of prose ----------------------------------------------------------
 */

/* Words a period after them does not end a sentence with. */
static bool abbreviation(const char *t, size_t dot, size_t from)
{
	static const char *const ab[] = {
	    "st",    "dr",   "mr",   "mrs",  "ms",    "prof",   "jr",   "sr",
	    "vs",    "etc",  "eg",   "ie",   "no",    "inc",    "ltd",  "co",
	    "corp",  "dept", "mt",   "ft",   "ave",   "approx", "est",  "vol",
	    "fig",   "ca",   "jan",  "feb",  "mar",   "apr",    "jun",  "jul",
	    "aug",   "sep",  "sept", "oct",  "nov",   "dec",    "gen",  "gov",
	    "sen",   "rep",  "univ", "comp", "sci",   "eng",    "elec", "mech",
	    "admin", "intl", "natl", "assn", "bros",  "pol",    "econ", "phys",
	    "chem",  "bio",  "hist", "math", "psych", "soc",    "lit",  "mgmt",
	    "acct",  "fin",  "stat", "arch", "med",   "ed",     "civ"};
	size_t i = dot;
	while (i > from && ((t[i - 1] | 32) >= 'a' && (t[i - 1] | 32) <= 'z'))
		i--;
	size_t n = dot - i;
	if (n == 1 && t[i] >= 'A' && t[i] <= 'Z')
		return true; /* an initial: "J. Smith" */
	for (size_t k = 0; k < sizeof(ab) / sizeof(*ab); k++)
		if (strlen(ab[k]) == n && !strncasecmp(t + i, ab[k], n))
			return true;
	/* "e.g." "i.e." */
	if (n == 1 && i >= 2 && t[i - 1] == '.')
		return true;
	/* two short abbreviations in a row ("Pol. Sci.", "Int. Rel."): the
	 * next word is short and ends in a period too */
	size_t j = dot + 1;
	while (t[j] == ' ')
		j++;
	size_t w = j;
	while ((t[w] | 32) >= 'a' && (t[w] | 32) <= 'z')
		w++;
	return n >= 2 && n <= 4 && w > j && w - j <= 4 && t[w] == '.' &&
	       t[i] >= 'A' && t[i] <= 'Z';
}

/* Sentences of x: split at . ! ? before white space (not after an
 * abbreviation) and at line ends. */
size_t rows_sentences(const char *t, struct span x, struct span **out)
{
	size_t n = 0, cap = 0, from = x.s;
	struct span *v = NULL;
	for (size_t i = x.s; i <= x.e; i++) {
		bool cut = i == x.e || t[i] == '\n' ||
		           (strchr(".!?", t[i]) && i + 1 < x.e &&
		            layout_blank(t[i + 1]) &&
		            !(t[i] == '.' && abbreviation(t, i, from)));
		if (!cut)
			continue;
		struct span s = layout_trim(t, (struct span){from, i});
		if (s.e > s.s) {
			xgrow(&v, &cap, n + 1, sizeof(*v));
			v[n++] = s;
		}
		from = i + 1;
	}
	*out = v;
	return n;
}

/* True when sentence s continues the one before it ("It flies from..."). */
static bool continues(const char *t, struct span s)
{
	static const char *const w[] = {
	    "it",  "its",  "it's", "she",   "he",    "they",  "their", "his",
	    "her", "this", "that", "these", "those", "which", "both",  "with"};
	size_t i = s.s;
	while (i < s.e && strchr("*_\"'(", t[i]))
		i++;
	size_t j = i;
	while (j < s.e &&
	       (((t[j] | 32) >= 'a' && (t[j] | 32) <= 'z') || t[j] == '\''))
		j++;
	for (size_t k = 0; k < sizeof(w) / sizeof(*w); k++)
		if (strlen(w[k]) == j - i && !strncasecmp(t + i, w[k], j - i))
			return true;
	return false;
}

/* Separators between the rows of a sentence: strong ones first (a row's
 * fields may be apart by the weak ones, "Comp. Sci., Lamberton, 106,378.69;
 * Marketing, ..."). */
static const char *const strong_seps[] = {"; ", " ; ", "\n"};
static const char *const weak_seps[] = {
    ", followed by ", " followed by ", ", and ", ", then ",
    " and then ",     " and ",         ", ",     " ; "};

/* Length of a separator of seps at t[i], else 0. */
static size_t sep_at(const char *t, size_t e, size_t i, const char *const *seps,
                     size_t nseps)
{
	for (size_t k = 0; k < nseps; k++) {
		size_t n = strlen(seps[k]);
		if (i + n <= e && !strncmp(t + i, seps[k], n))
			return n;
	}
	return 0;
}

/* A piece of a sentence. */
struct piece {
	struct span x;
	unsigned long long rows; /* the gold rows it names */
	bool and_before;         /* " and " joined it to the piece before */
};

static void add_piece(const struct pctx *c, const char *t, struct span x,
                      bool and_before, struct piece **v, size_t *n, size_t *cap)
{
	x = layout_trim(t, x);
	if (x.e <= x.s)
		return;
	xgrow(v, cap, *n + 1, sizeof(**v));
	(*v)[*n].x = x;
	(*v)[*n].and_before = and_before;
	rows_anchored(c, t, x, &(*v)[*n].rows);
	(*n)++;
}

/* Appends the pieces of x cut at seps. */
static void cut(const struct pctx *c, const char *t, struct span x,
                const char *const *seps, size_t nseps, struct piece **v,
                size_t *n, size_t *cap)
{
	size_t from = x.s, k;
	bool and_before = false;
	for (size_t i = x.s; i < x.e; i++)
		if ((k = sep_at(t, x.e, i, seps, nseps))) {
			add_piece(c, t, (struct span){from, i}, and_before, v,
			          n, cap);
			and_before =
			    k >= 5 && !strncmp(t + i + k - 5, " and ", 5);
			from = i + k;
			i += k - 1;
		}
	add_piece(c, t, (struct span){from, x.e}, and_before, v, n, cap);
}

/* True when a gold text occurs in x and y together but in neither alone
 * ("Hollis" and "Co" of "Hollis and Co"). */
static bool spans_key(const struct pctx *c, const char *t, struct span x,
                      struct span y)
{
	char *a = norm_text(t + x.s, x.e - x.s),
	     *b = norm_text(t + y.s, y.e - y.s),
	     *ab = norm_text(t + x.s, y.e - x.s);
	bool yes = false;
	for (size_t i = 0; i < c->h->nkeys && !yes; i++)
		yes = strstr(ab, c->h->keys[i]) && !strstr(a, c->h->keys[i]) &&
		      !strstr(b, c->h->keys[i]);
	free(a);
	free(b);
	free(ab);
	return yes;
}

static size_t bits(unsigned long long m)
{
	size_t k = 0;
	for (; m; m &= m - 1)
		k++;
	return k;
}

/*
 * Pieces of sentence s: cut at the strong separators, and a piece that
 * still names several gold rows at the weak ones. Then two pieces are
 * joined again when a gold text holds both ("Hollis and Co"), and a piece
 * that names no other gold row than the one before it goes with it ("born
 * January 12, 1940", "Lamberton").
 */
static size_t pieces(const struct pctx *c, const char *t, struct span s,
                     struct piece **out)
{
	struct piece *strong = NULL, *v = NULL;
	size_t ns = 0, scap = 0, n = 0, cap = 0;
	cut(c, t, s, strong_seps, 3, &strong, &ns, &scap);
	for (size_t i = 0; i < ns; i++) {
		if (bits(strong[i].rows) >= 2 ||
		    (!c->h->nkeys && c->h->nrows >= 2))
			cut(c, t, strong[i].x, weak_seps, 8, &v, &n, &cap);
		else
			add_piece(c, t, strong[i].x, false, &v, &n, &cap);
	}
	free(strong);
	/* joined in place (k pieces kept), each joined piece tried again
	 * with the next: linear however many pieces there are */
	for (int pass = 0; pass < 2 && c->h->nkeys && n; pass++) {
		size_t k = 1;
		for (size_t i = 1; i < n; i++) {
			struct piece *p = &v[k - 1];
			unsigned long long a = p->rows, b = v[i].rows;
			bool join = pass == 0
			                ? c->h->multiword &&
			                      spans_key(c, t, p->x, v[i].x)
			                : (b & ~a) == 0;
			if (!join) {
				v[k++] = v[i];
				continue;
			}
			p->x.e = v[i].x.e;
			if (pass == 0)
				rows_anchored(c, t, p->x, &p->rows);
			else
				p->rows = a | b;
		}
		n = k;
	}
	/* an opening that names nothing ("Of the 103 matches in the text,")
	 * goes with the piece after it */
	size_t skip = 0;
	while (c->h->nkeys && n - skip >= 2 && !v[skip].rows) {
		v[skip + 1].x.s = v[skip].x.s;
		v[skip + 1].and_before = false;
		skip++;
	}
	if (skip) {
		memmove(v, v + skip, (n - skip) * sizeof(*v));
		n -= skip;
	}
	*out = v;
	return n;
}

static bool any_number(char *text)
{
	struct pcell p = {0};
	p.text = text;
	scan_numbers(&p, false);
	free(p.nums);
	free(text);
	return p.nnum > 0;
}

/* True when x holds a number (digits or a number word) besides the gold
 * texts it names: the year of "2016, 2017 and 2018 had one each" names a
 * row and is not its count. */
static bool holds_number(const struct pctx *c, const char *t, struct span x)
{
	if (!any_number(xstrndup(t + x.s, x.e - x.s)))
		return false;
	char *n = norm_text(t + x.s, x.e - x.s), *f;
	bool named = false;
	for (size_t o = 0; o < c->h->nkeys; o++) {
		const char *key = c->h->keys[c->h->by_length[o]];
		for (size_t len = strlen(key); (f = strstr(n, key));
		     named = true)
			memset(f + 1, '#', len - 2);
	}
	if (!named) {
		free(n);
		return true;
	}
	return any_number(n);
}

/* True when x shares its number out: "(11 each)", "both hired", "who are
 * all 203 cm", "two apiece". */
static bool shares(const char *t, struct span x)
{
	static const char *const w[] = {"each",  "both",   "all", "apiece",
	                                "share", "shared", "tied"};
	for (size_t i = x.s; i < x.e; i++) {
		if (i > x.s && (t[i - 1] | 32) >= 'a' && (t[i - 1] | 32) <= 'z')
			continue;
		for (size_t k = 0; k < sizeof(w) / sizeof(*w); k++) {
			size_t n = strlen(w[k]);
			if (i + n <= x.e && !strncasecmp(t + i, w[k], n) &&
			    (i + n == x.e || !((t[i + n] | 32) >= 'a' &&
			                       (t[i + n] | 32) <= 'z')))
				return true;
		}
	}
	return false;
}

/* Where "respectively" is in s, or s.e. */
static size_t respectively(const char *t, struct span s)
{
	for (size_t i = s.s; i + 12 <= s.e; i++)
		if (!strncasecmp(t + i, "respectively", 12))
			return i;
	return s.e;
}

/*
 * "Silver, bronze and gold customers placed 14, 11 and 6 orders,
 * respectively": the names in their order and the numbers in theirs (up to
 * "respectively"), paired one to one; false when their counts differ.
 */
static bool respective_rows(struct pctx *c, const char *t, struct span s)
{
	size_t resp = respectively(t, s);
	if (resp == s.e || !c->h->nkeys)
		return false;
	struct piece *v = NULL;
	size_t n = 0, cap = 0, names = 0;
	struct span nums[64];
	size_t nn = num_spans(t, s.s, resp, nums, 64);
	cut(c, t, (struct span){s.s, resp}, weak_seps, 8, &v, &n, &cap);
	for (size_t i = 0; i < n; i++)
		names += v[i].rows != 0;
	bool ok = names >= 2 && names == nn;
	for (size_t i = 0, k = 0; ok && i < n; i++) {
		if (!v[i].rows)
			continue;
		struct prow *row = new_row(c, v[i].x);
		row_add_span(c, row, t, v[i].x);
		row_add_span(c, row, t, nums[k++]);
	}
	free(v);
	return ok;
}

/*
 * Rows of one sentence: one row, or (when it names several gold rows) one
 * per piece. A piece that shares its number out ("(11 each)", "both", "all
 * 203 cm") or that " and " joins to pieces without one ("Anika Lindgren
 * and Marco Rossi none") gives its text to the pieces before it that have
 * none.
 */
static void sentence_rows(struct pctx *c, const char *t, struct span s)
{
	bool split =
	    c->h->nkeys ? rows_anchored(c, t, s, NULL) >= 2 : c->h->nrows >= 2;
	if (!split) {
		row_add_span(c, new_row(c, s), t, s);
		return;
	}
	if (respective_rows(c, t, s))
		return;
	struct piece *v;
	size_t n = pieces(c, t, s, &v), pending = 0, first = c->a->n;
	long giver = -1; /* a piece before that shares its number forward */
	for (size_t i = 0; i < n; i++) {
		bool num = holds_number(c, t, v[i].x);
		struct prow *row = new_row(c, v[i].x);
		row_add_span(c, row, t, v[i].x);
		if (num && pending && (shares(t, v[i].x) || v[i].and_before))
			for (size_t k = i - pending; k < i; k++)
				row_add_span(c, &c->a->rows[first + k], t,
				             v[i].x);
		else if (!num && giver >= 0) /* "All four were born on 1
		                                January 1990: A, B, C" */
			row_add_span(c, &c->a->rows[first + i], t, v[giver].x);
		pending = num ? 0 : pending + 1;
		if (num)
			giver = shares(t, v[i].x) ? (long)i : -1;
	}
	free(v);
}

/* Prose: sentences (a sentence that goes on about the one before it is
 * part of it), each of rows as sentence_rows makes them. */
/* A hedge between candidates ("It's either X or Y") that a later sentence
 * settles. */
static bool hedge(const char *t, struct span s)
{
	for (size_t i = s.s; i + 7 < s.e; i++)
		if (!strncasecmp(t + i, "either ", 7) &&
		    (i == s.s || t[i - 1] == ' '))
			for (size_t k = i + 7; k + 4 <= s.e; k++)
				if (!strncmp(t + k, " or ", 4))
					return true;
	return false;
}

/*
 * The answer to a question of one extreme ("the tallest") is the row the
 * reply ranks first: what follows "followed by", "ahead of" or ", the
 * second highest" in a sentence, and a sentence about the runner-up ("The
 * second tallest is Y", "Y comes second"), name rows it ranks below it.
 * Returns the sentences kept (all of them when every one is a runner-up's).
 */
static size_t ranked_first(const struct pctx *c, const char *t, struct span *v,
                           size_t k)
{
	size_t ov[2], kept = 0;
	for (size_t i = 0; i < k; i++) {
		if (re_match(c->r->after, t, v[i].e, v[i].s, ov, 1) > 0 &&
		    layout_trim(t, (struct span){v[i].s, ov[0]}).e > v[i].s)
			v[i].e = ov[0];
		/* "...; Y comes second" */
		const char *semi = memchr(t + v[i].s, ';', v[i].e - v[i].s);
		size_t at = semi ? (size_t)(semi - t) : v[i].e;
		if (semi && layout_match(c->r->behind, t,
		                         (struct span){at + 1, v[i].e}))
			v[i].e = at;
	}
	for (size_t i = 0; i < k; i++)
		kept += !layout_match(c->r->behind, t, v[i]);
	if (!kept || kept == k)
		return k;
	size_t n = 0;
	for (size_t i = 0; i < k; i++)
		if (!layout_match(c->r->behind, t, v[i]))
			v[n++] = v[i];
	return n;
}

static void prose_rows(struct pctx *c, const char *t, struct span x)
{
	struct span *v;
	size_t n = rows_sentences(t, x, &v), k = 0;
	for (size_t i = 0; i < n; i++) {
		/* goes on about the one before, or a gold text runs across the
		 * cut ("Comp." and "Sci. 101") */
		if (k && (continues(t, v[i]) ||
		          (c->h->multiword && spans_key(c, t, v[k - 1], v[i]))))
			v[k - 1].e = v[i].e;
		else if (k && hedge(t, v[k - 1]))
			v[k - 1] = v[i]; /* the hedge is settled after it */
		else
			v[k++] = v[i];
	}
	if (c->h->single)
		k = ranked_first(c, t, v, k);
	for (size_t i = 0; i < k; i++)
		sentence_rows(c, t, v[i]);
	free(v);
	c->a->form = FORM_PROSE;
}

/* The last table, else the last list or key-value block, else prose. */
static void parse_text_at(struct pctx *c, const char *t, struct span x);

/* Records under headings: a row each, the heading and every entry. */
static void headed_rows(struct pctx *c, const char *t, const struct block *b,
                        size_t from, size_t to)
{
	for (size_t i = from; i + 1 < to; i += 2) {
		struct prow *row =
		    new_row(c, (struct span){b[i].x.s, b[i + 1].x.e});
		struct entry *v;
		size_t n = layout_entries(t, b[i + 1].x, &v);
		row_add_span(c, row, t, b[i].x);
		for (size_t k = 0; k < n; k++)
			row_add_span(c, row, t, v[k].x);
		free(v);
	}
	c->a->form = FORM_LIST;
}

/* The entries of list b[i]; when the line that opens it shares a number
 * out ("Tied with 2 orders each:"), every entry gets that line too. */
static void shared_intro(struct pctx *c, const char *t, const struct block *b,
                         size_t i)
{
	size_t before = c->a->n;
	list_rows(c, t, b[i].x, b[i].kind);
	if (!i || b[i - 1].kind != L_PROSE || !holds_number(c, t, b[i - 1].x) ||
	    !shares(t, b[i - 1].x))
		return;
	for (size_t k = before; k < c->a->n; k++)
		row_add_span(c, &c->a->rows[k], t, b[i - 1].x);
}

static void parse_blocks(struct pctx *c, const char *t, struct span x)
{
	struct block *b;
	size_t nb = layout_blocks(t, x, &b);
	long pick = -1;
	size_t from = layout_headed(t, b, nb);
	if (from < nb) {
		headed_rows(c, t, b, from, nb);
		free(b);
		return;
	}
	for (size_t i = 0; i < nb; i++)
		if (b[i].kind == L_TABLE)
			pick = (long)i;
	for (size_t i = 0; pick < 0 && i < nb; i++)
		if (b[i].kind == L_LIST ||
		    (b[i].kind == L_KV && (b[i].x.e > b[i].x.s)))
			pick = (long)i;
	if (pick < 0)
		for (size_t i = 0; i < nb; i++)
			if (b[i].kind == L_FENCE)
				pick = (long)i;
	if (pick >= 0 && b[pick].kind == L_FENCE)
		rows_parse(c, t, b[pick].x);
	else if (pick >= 0 && b[pick].kind == L_TABLE)
		table_rows(c, t, b[pick].x);
	else if (pick >= 0)
		shared_intro(c, t, b, (size_t)pick);
	else
		prose_rows(c, t, x);
	free(b);
}

/* JSON at the start (or in a fence), else the blocks. */
void rows_parse(struct pctx *c, const char *t, struct span x)
{
	if (++c->depth > 4) { /* a fence in a fence in ...: read it as text */
		prose_rows(c, t, x);
		c->depth--;
		return;
	}
	parse_text_at(c, t, x);
	c->depth--;
}

static void parse_text_at(struct pctx *c, const char *t, struct span x)
{
	x = unfence(t, layout_trim(t, x));
	if (x.s < x.e && strchr("[{(", t[x.s]) && try_json(c, t, x)) {
		c->a->form = FORM_JSON;
		return;
	}
	/* "The answer is [["X", 1]]": JSON opening the first line's rest */
	const char *nl = memchr(t + x.s, '\n', x.e - x.s);
	size_t end = nl ? (size_t)(nl - t) : x.e;
	for (size_t i = x.s; i + 1 < end; i++)
		if (t[i] == '[' && (t[i + 1] == '[' || t[i + 1] == '{' ||
		                    t[i + 1] == '"' || t[i + 1] == '\'')) {
			if (try_json(c, t, (struct span){i, x.e})) {
				c->a->form = FORM_JSON;
				return;
			}
			break;
		}
	parse_blocks(c, t, x);
}

/* Lines of a reply as a reader sees them: prose, tables, lists, "Key:
 * value" lines, fenced blocks; blocks of them and list entries. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/json.h"
#include "common/re.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score_int.h"

bool layout_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct span layout_trim(const char *t, struct span x)
{
	while (x.s < x.e && layout_blank(t[x.s]))
		x.s++;
	while (x.e > x.s && layout_blank(t[x.e - 1]))
		x.e--;
	return x;
}

/* The column l's text starts at, counted from its line's real start (a
 * span may start after an answer marker on the same line). */
static size_t indent(const char *t, struct span l)
{
	size_t s = l.s, k = 0;
	while (s > 0 && t[s - 1] != '\n')
		s--;
	while (s + k < l.e && (t[s + k] == ' ' || t[s + k] == '\t'))
		k++;
	return k;
}

/* Where a list item's text starts (after "-", "*", "+", "•", "1." or
 * "1)"), or 0 when l is not a list item. */
static size_t item_text(const char *t, struct span l)
{
	size_t i = l.s;
	while (i < l.e && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i < l.e && strchr("-*+", t[i]) && i + 1 < l.e &&
	    (t[i + 1] == ' ' || t[i + 1] == '\t'))
		return i + 2;
	if (i + 3 < l.e && !strncmp(t + i, "\xe2\x80\xa2", 3))
		return i + 3;
	size_t d = i;
	while (d < l.e && d - i < 3 && t[d] >= '0' && t[d] <= '9')
		d++;
	if (d > i && d + 1 < l.e && (t[d] == '.' || t[d] == ')') &&
	    (t[d + 1] == ' ' || t[d + 1] == '\t'))
		return d + 2;
	return 0;
}

/* Where the value of a "Key: value" line starts (after ": "), or 0. The
 * key is short and has no sentence in it. */
static size_t kv_value(const char *t, struct span l)
{
	size_t i = item_text(t, l);
	i = i ? i : l.s;
	for (size_t k = i; k < l.e && k - i < 60; k++) {
		if (t[k] == '.' && k + 1 < l.e && t[k + 1] == ' ')
			return 0;
		if (t[k] == ':' && k + 1 < l.e &&
		    (t[k + 1] == ' ' || t[k + 1] == '*'))
			return k > i ? k + 1 : 0;
	}
	return 0;
}

/* A line labelled as a remark on what came before ("**Summary:** ...",
 * "TL;DR: ...", "Overall: ...") is prose, whatever its colon. */
static bool remark(const char *t, struct span l)
{
	static const char *const labels[] = {
	    "summary", "in summary",   "overall",  "tl dr",
	    "tldr",    "key takeaway", "takeaway", "bottom line",
	    "note",    "notes",        "in short"};
	size_t v = kv_value(t, l);
	char *k = norm_text(t + l.s, v - l.s);
	bool yes = false;
	for (size_t i = 0; !yes && i < sizeof(labels) / sizeof(*labels); i++) {
		size_t n = strlen(labels[i]);
		yes = !strncmp(k + 1, labels[i], n) &&
		      (k[n + 1] == ' ' || k[n + 1] == '\0');
	}
	free(k);
	return yes;
}

static size_t count_pipes(const char *t, struct span l)
{
	size_t k = 0;
	for (size_t i = l.s; i < l.e; i++)
		k += t[i] == '|';
	return k;
}

enum line layout_kind(const char *t, struct span l)
{
	struct span x = layout_trim(t, l);
	if (x.s == x.e)
		return L_BLANK;
	if (t[x.s] == '|' || count_pipes(t, x) >= 2)
		return L_TABLE;
	if (item_text(t, l))
		return L_LIST;
	if (kv_value(t, l) && !remark(t, l))
		return L_KV;
	return L_PROSE;
}

bool layout_next(const char *t, struct span in, size_t *pos, struct span *l)
{
	if (*pos >= in.e)
		return false;
	const char *nl = memchr(t + *pos, '\n', in.e - *pos);
	l->s = *pos;
	l->e = nl ? (size_t)(nl - t) : in.e;
	*pos = l->e + 1;
	return true;
}

bool layout_structured(enum line k)
{
	return k == L_TABLE || k == L_LIST || k == L_KV || k == L_FENCE;
}

static bool fence_line(const char *t, struct span l)
{
	struct span x = layout_trim(t, l);
	return x.e - x.s >= 3 && !strncmp(t + x.s, "```", 3);
}

/* Splits in into blocks: a blank line ends one (but for a loose list or
 * table, whose next line goes on with it), and so does a change between
 * prose and structure (an indented line under a list item stays in the
 * list). */
size_t layout_blocks(const char *t, struct span in, struct block **out)
{
	size_t pos = in.s, n = 0, cap = 0;
	struct span l;
	struct block *b = NULL;
	bool open = false, gap = false;
	while (layout_next(t, in, &pos, &l)) {
		enum line k = layout_kind(t, l);
		if (fence_line(t, l)) {
			struct span f = l;
			while (layout_next(t, in, &pos, &l) &&
			       !fence_line(t, l))
				;
			f.e = l.e;
			xgrow(&b, &cap, n + 1, sizeof(*b));
			b[n++] = (struct block){f, L_FENCE};
			open = false;
			continue;
		}
		if (k == L_BLANK) {
			gap = open;
			open = false;
			continue;
		}
		enum line as = layout_structured(k) ? k : L_PROSE;
		if (gap && n && layout_structured(as) && b[n - 1].kind == as)
			open = true; /* a loose list goes on */
		gap = false;
		bool cont = open && b[n - 1].kind == L_LIST && k == L_PROSE &&
		            indent(t, l) > 0;
		if (open && (cont || b[n - 1].kind == as ||
		             (layout_structured(as) &&
		              layout_structured(b[n - 1].kind) &&
		              as != L_TABLE && b[n - 1].kind != L_TABLE))) {
			b[n - 1].x.e = l.e;
			continue;
		}
		xgrow(&b, &cap, n + 1, sizeof(*b));
		b[n++] = (struct block){l, as};
		open = true;
	}
	*out = b;
	return n;
}

bool layout_has_digit(const char *t, struct span x)
{
	for (size_t i = x.s; i < x.e; i++)
		if (t[i] >= '0' && t[i] <= '9')
			return true;
	return false;
}

bool layout_match(struct re *re, const char *t, struct span x)
{
	size_t ov[2];
	return re_match(re, t, x.e, x.s, ov, 1) > 0;
}

/* The entries of a list or key-value block; items indented deeper than the
 * first are part of the item above them. */
size_t layout_entries(const char *t, struct span b, struct entry **out)
{
	size_t pos = b.s, n = 0, cap = 0, top = (size_t)-1;
	struct span l;
	struct entry *v = NULL;
	while (layout_next(t, b, &pos, &l)) {
		enum line k = layout_kind(t, l);
		if (k == L_BLANK)
			continue;
		size_t in = indent(t, l), it = item_text(t, l);
		if (top == (size_t)-1 && (it || k == L_KV))
			top = in;
		if (n &&
		    (k == L_PROSE || (it && in > top) || (!it && k != L_KV))) {
			v[n - 1].x.e = l.e; /* continues the entry above */
			continue;
		}
		xgrow(&v, &cap, n + 1, sizeof(*v));
		size_t s = it ? it : layout_trim(t, l).s, kv = kv_value(t, l);
		v[n++] = (struct entry){{s, l.e},
		                        kv ? (struct span){s, kv - 1}
		                           : (struct span){0, 0}};
	}
	*out = v;
	return n;
}

/* The key of e, normalized. */
char *layout_key_norm(const char *t, const struct entry *e)
{
	return norm_text(t + e->key.s, e->key.e - e->key.s);
}

/* True when every entry of x is "Field: value" with a field name of
 * letters. */
bool layout_fields(const char *t, struct span x)
{
	struct entry *v;
	size_t n = layout_entries(t, x, &v);
	bool ok = n > 0;
	for (size_t i = 0; i < n && ok; i++)
		ok = v[i].key.e > v[i].key.s && !layout_has_digit(t, v[i].key);
	free(v);
	return ok;
}

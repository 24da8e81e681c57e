/* A tolerant reader of the JSON models write after an answer marker: single
 * quotes, tuples, trailing commas, "...", comments, bare words, a cut end. */
#include <stdlib.h>
#include <string.h>

#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score_int.h"

/* Nesting deeper than this is read as text: no answer is that deep. */
#define MAX_DEPTH 16

struct jr {
	const char *s;
	size_t n, i;
};

static void skip_space(struct jr *r)
{
	while (r->i < r->n) {
		char c = r->s[r->i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			r->i++;
		} else if (c == '/' && r->i + 1 < r->n &&
		           r->s[r->i + 1] == '/') {
			while (r->i < r->n && r->s[r->i] != '\n')
				r->i++;
		} else {
			break;
		}
	}
}

/* Length of a curly quote at s[i] (U+2018/2019 single, U+201C/201D
 * double), else 0; *dbl set for a double one. */
static size_t curly(const struct jr *r, size_t i, bool *dbl)
{
	const unsigned char *p = (const unsigned char *)r->s + i;
	if (i + 2 < r->n && p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x98 &&
	    p[2] <= 0x9d) {
		*dbl = p[2] >= 0x9c;
		return 3;
	}
	return 0;
}

static struct jnode *add_kid(struct jnode *j)
{
	xgrow(&j->kids, &j->cap, j->n + 1, sizeof(*j->kids));
	struct jnode *k = &j->kids[j->n++];
	memset(k, 0, sizeof(*k));
	return k;
}

/* A quoted string at r->i (opening quote of q bytes): to its closing
 * quote, or the end. */
static char *read_quoted(struct jr *r, char quote, size_t q, bool dbl)
{
	struct sbuf b = SBUF_INIT;
	r->i += q;
	while (r->i < r->n) {
		char c = r->s[r->i];
		bool cd;
		size_t cq = q > 1 ? curly(r, r->i, &cd) : 0;
		if (cq && cd == dbl) {
			r->i += cq;
			break;
		}
		if (q == 1 && c == quote) {
			/* 'O'Neil': a quote inside a word is an apostrophe */
			if (quote == '\'' && r->i + 1 < r->n &&
			    ((r->s[r->i + 1] | 32) >= 'a' &&
			     (r->s[r->i + 1] | 32) <= 'z'))
				goto plain;
			r->i++;
			break;
		}
		if (c == '\\' && r->i + 1 < r->n) {
			char d = r->s[++r->i];
			sbuf_addch(&b, d == 'n' ? ' ' : d == 't' ? ' ' : d);
			r->i++;
			continue;
		}
	plain:
		sbuf_addch(&b, c);
		r->i++;
	}
	return sbuf_detach(&b);
}

/* A bare word: up to a delimiter, trimmed. */
static char *read_bare(struct jr *r)
{
	size_t start = r->i;
	while (r->i < r->n && !strchr(",]})[{:\n", r->s[r->i]))
		r->i++;
	size_t end = r->i;
	while (end > start && strchr(" \t\r", r->s[end - 1]))
		end--;
	return xstrndup(r->s + start, end - start);
}

static bool is_open(char c)
{
	return c == '[' || c == '(' || c == '{';
}

static bool is_close(char c)
{
	return c == ']' || c == ')' || c == '}';
}

static void read_value(struct jr *r, struct jnode *j, int depth);
static void jnode_free_kids(struct jnode *j);

/* Elements of a container until its closer (or any closer, or the end). */
static void read_items(struct jr *r, struct jnode *j, bool object, int depth)
{
	while (true) {
		skip_space(r);
		if (r->i >= r->n)
			return;
		char c = r->s[r->i];
		if (is_close(c)) {
			r->i++;
			return;
		}
		if (c == ',' || c == ';') {
			r->i++;
			continue;
		}
		/* "...", "…": more of the same, not given */
		if (!strncmp(r->s + r->i, "...", 3) ||
		    !strncmp(r->s + r->i, "\xe2\x80\xa6", 3)) {
			r->i += 3;
			continue;
		}
		struct jnode *k = add_kid(j);
		if (object) {
			struct jnode key = {0};
			read_value(r, &key, depth + 1);
			k->key = key.text ? key.text : xstrdup("");
			key.text = NULL; /* taken */
			jnode_free_kids(&key);
			skip_space(r);
			if (r->i < r->n && r->s[r->i] == ':') {
				r->i++;
				read_value(r, k, depth + 1);
			} else {
				k->kind = J_BARE, k->text = xstrdup("");
			}
		} else {
			read_value(r, k, depth + 1);
		}
		size_t before = r->i;
		skip_space(r);
		if (r->i == before && r->i < r->n && !is_close(r->s[r->i]) &&
		    r->s[r->i] != ',' && r->s[r->i] != ';')
			r->i++; /* a stray character: step over it */
	}
}

static void read_value(struct jr *r, struct jnode *j, int depth)
{
	skip_space(r);
	if (r->i >= r->n) {
		j->kind = J_BARE, j->text = xstrdup("");
		return;
	}
	char c = r->s[r->i];
	bool dbl;
	size_t q;
	if (is_open(c) && depth < MAX_DEPTH) {
		j->kind = c == '{' ? J_OBJ : J_ARR;
		r->i++;
		read_items(r, j, c == '{', depth);
	} else if (c == '"' || c == '\'') {
		j->kind = J_STR, j->text = read_quoted(r, c, 1, c == '"');
	} else if ((q = curly(r, r->i, &dbl))) {
		j->kind = J_STR, j->text = read_quoted(r, 0, q, dbl);
	} else {
		j->kind = J_BARE, j->text = read_bare(r);
	}
}

struct jnode *jnode_parse(const char *s, size_t n, size_t *end)
{
	struct jr r = {s, n, 0};
	skip_space(&r);
	if (r.i >= n || !is_open(s[r.i]))
		return NULL;
	struct jnode *j = xcalloc(1, sizeof(*j));
	read_value(&r, j, 0);
	*end = r.i;
	return j;
}

static void jnode_free_kids(struct jnode *j)
{
	for (size_t i = 0; i < j->n; i++)
		jnode_free_kids(&j->kids[i]);
	free(j->kids);
	free(j->text);
	free(j->key);
	memset(j, 0, sizeof(*j));
}

void jnode_free(struct jnode *j)
{
	if (!j)
		return;
	jnode_free_kids(j);
	free(j);
}

/* Scorer answer extraction: finds the final answer in a reply as a careful
 * reader does (never the reasoning) and splits it into rows of cells. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/json.h"
#include "common/re.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score_int.h"

/* Labels that open the answer: a line that starts with one ("**Answer:**",
 * "- **Answer:**", "## Final Answer"), or "final answer:" / "the answer
 * is" anywhere. */
#define DECO "(?:\\*\\*|__|\\*|_)?"
static const char marker_pat[] =
    "^[ \\t>]*+(?:[-*+][ \\t]++|[0-9]{1,2}[.)][ \\t]++)?(?:#{1,6}[ "
    "\\t]*+)?" DECO "[ \\t]*+(?:final[ \\t]++)?(?:answers?|short[ \\t]++answer|"
    "direct[ \\t]++answer|final[ \\t]++response)[ \\t]*+" DECO
    "[ \\t]*+(?:[:\\x{ff1a}][ \\t]*+" DECO "|[ \\t]*+$)";
static const char phrase_pat[] =
    "\\bfinal[ \\t]++answers?[ \\t]*+" DECO "[ \\t]*+(?:[:\\x{ff1a}]|\\bis\\b|"
    "[-\\x{2013}\\x{2014}][ \\t])[ \\t]*+" DECO
    "|\\b(?:the|my)[ \\t]++(?:final[ \\t]++|correct[ \\t]++)?answer[ \\t]++"
    "(?:is|would[ \\t]++be)\\b[ \\t]*+:?";
/* Sections that follow an answer and are not part of it. */
static const char section_pat[] =
    "^[ \\t>]*+(?:[-*+][ \\t]++)?(?:#{1,6}[ \\t]*+)?" DECO
    "[ \\t]*+(?:reasoning|explanation|justification|rationale|notes?|"
    "details|calculations?|steps|breakdown|method(?:ology)?|analysis|"
    "verification|sources?|evidence|working|caveats?|assumptions?)\\b"
    "[^\\n]{0,30}?" DECO "[ \\t]*+(?::|$)";
/* Saying that nothing answers. */
/* ("no other", "nobody else", "none of the others" compare a row given with
 * the rest, and say nothing of there being no answer). */
static const char noans_pat[] =
    "(?<![A-Za-z0-9])(?:no[ \\t]+(?!other\\b|one[ \\t]+else\\b)"
    "(?:valid[ \\t]+|such[ \\t]+|matching[ \\t]+)?[a-z]+|"
    "none(?![ \\t]+of[ \\t]+the[ \\t]+others?)|nothing(?![ \\t]+else)|"
    "nobody(?![ \\t]+else)|no[ \\t]+one(?![ \\t]+else)|n/?a|not[ \\t]+found|"
    "zero|empty|not[ \\t]+a[ \\t]+single|(?:0|zero)[ \\t]+(?:results?|"
    "matches|records|rows|entries|items)|there(?:'s|\\x{2019}s)[ \\t]+no|"
    "there[ \\t]+(?:is|are|were|was)[ \\t]+(?:no|not[ \\t]+any)|"
    "there[ \\t]+(?:isn't|aren't|wasn't|weren't)|not[ \\t]+(?:any|"
    "available|applicable|mentioned|listed|present|provided|specified)|"
    "(?:does|do|did)[ \\t]*(?:not|n't)[ \\t]+(?:exist|mention|contain|"
    "include|list|appear|have|show|say|specify|state|give|provide|record)|"
    "(?:cannot|can't|could[ \\t]*(?:not|n't)|unable[ \\t]+to)[ \\t]+(?:be"
    "[ \\t]+)?(?:determine|find|answer|identify|locate|tell|see)|"
    "(?:not[ \\t]+enough|insufficient)[ \\t]+(?:information|data))\\b";
/* Where a sentence goes on to a row it ranks below the one it names
 * ("X is the tallest (198 cm), ahead of Y", "..., followed by Y"). */
static const char after_pat[] =
    "(?:\\bfollowed[ \\t]+(?:closely[ \\t]+)?by|\\bahead[ \\t]+of|[,;][ \\t]*+"
    "(?:(?:and|while|with|then)[ \\t]+)?(?:the[ \\t]+)?(?:(?:second|next)"
    "[- \\t]?(?:[a-z]*est|most|least|place)|runners?[- ]up))\\b";
/* A sentence about a row ranked below the answer ("The second tallest is
 * Y", "Y comes second", "the runner-up is Y"). */
static const char behind_pat[] =
    "\\G[^a-z0-9]*+(?:the[ \\t]+)?(?:second|next|runners?[- ]up)\\b[- \\t]*"
    "(?:[a-z]*est|most|least|highest|lowest|place|is|comes)\\b|"
    "\\b(?:comes?|is|ranks?|came|was)[ \\t]+(?:in[ \\t]+)?second\\b|"
    "\\brunners?[- ]up\\b";
/* Declining to answer, which says nothing of the answer. */
static const char refusal_pat[] =
    "\\bI(?:[ \\t]+am|'m)?[ \\t]+(?:can(?:not|'t)|unable[ \\t]+to|won't)"
    "[ \\t]+(?:help|assist|comply|provide[ \\t]+(?:that|this|help)|do"
    "[ \\t]+that)\\b";

int score_re_init_parse(struct score_re *r, struct err *e)
{
	/* these run over the whole reply (made valid UTF-8 by clean_utf8)
	 * from a start that moves on: checking it again at every call would
	 * make a reply of many markers quadratic */
	const unsigned whole = RE_CASELESS | RE_NO_UTF_CHECK;
	if (!(r->marker = re_new(marker_pat, whole | RE_MULTILINE, e)) ||
	    !(r->phrase = re_new(phrase_pat, whole, e)) ||
	    !(r->section = re_new(section_pat, whole | RE_MULTILINE, e)) ||
	    !(r->noans = re_new(noans_pat, RE_CASELESS, e)) ||
	    !(r->refusal = re_new(refusal_pat, RE_CASELESS, e)) ||
	    !(r->after = re_new(after_pat, RE_CASELESS, e)) ||
	    !(r->behind = re_new(behind_pat, RE_CASELESS, e)))
		return -1;
	return 0;
}

void score_re_release_parse(struct score_re *r)
{
	re_free(r->marker);
	re_free(r->phrase);
	re_free(r->section);
	re_free(r->noans);
	re_free(r->refusal);
	re_free(r->after);
	re_free(r->behind);
}

/* --- reasoning ---------------------------------------------------------- */

static const char *const think_tags[] = {
    "think",      "thinking",   "thought",  "thoughts",       "reasoning",
    "reflection", "scratchpad", "analysis", "inner_monologue"};

/* The tag at t[i] ("<think>" or "</think>" of a known name); its length,
 * or 0. */
static size_t tag_at(const char *t, size_t n, size_t i, bool close,
                     size_t *which)
{
	size_t j = i + 1 + close;
	if (t[i] != '<' || (close && (j > n || t[i + 1] != '/')))
		return 0;
	for (size_t k = 0; k < sizeof(think_tags) / sizeof(*think_tags); k++) {
		size_t len = strlen(think_tags[k]);
		if (j + len < n && !strncasecmp(t + j, think_tags[k], len) &&
		    t[j + len] == '>') {
			*which = k;
			return j + len + 1 - i;
		}
	}
	return 0;
}

static void blank_range(char *v, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (v[i] != '\n')
			v[i] = ' ';
}

/*
 * Blanks reasoning blocks in v (a copy of the reply, so offsets still
 * hold): <think>...</think> and the like, everything before a closing tag
 * whose opening tag the API dropped, and an opening tag never closed to
 * the end.
 */
static void blank_reasoning(char *v, size_t n)
{
	size_t which, len;
	for (size_t i = 0; i < n; i++) {
		const char *lt = memchr(v + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - v);
		if ((len = tag_at(v, n, i, true, &which))) {
			blank_range(v, 0, i + len); /* an orphan closing tag */
			continue;
		}
		if (!(len = tag_at(v, n, i, false, &which)))
			continue;
		size_t j = i + len, clen = 0, w;
		while (j < n &&
		       !((clen = tag_at(v, n, j, true, &w)) && w == which))
			j++;
		blank_range(v, i, j < n ? j + clen : n);
		i = j < n ? j + clen - 1 : n;
	}
}

/* --- where the answer is ------------------------------------------------- */

/* The start of the first section header at or after from, or n. */
static size_t section_end(const struct pctx *c, const char *v, size_t n,
                          size_t from)
{
	size_t ov[2];
	if (re_match(c->r->section, v, n, from, ov, 1) > 0)
		return ov[0];
	return n;
}

/* Considers every match of re in v as a marker: the last one with text
 * after it wins (*best, *seg). */
static void last_marker(const struct pctx *c, struct re *re, const char *v,
                        size_t n, size_t *best, struct span *seg)
{
	size_t ov[2], pos = 0, sec = 0;
	bool have = false; /* sec: the first section at or after an earlier
	                      end, so also after this one when not before it */
	while (pos < n && re_match(re, v, n, pos, ov, 1) > 0) {
		size_t end = ov[1];
		if (!have || sec < end)
			sec = section_end(c, v, n, end), have = true;
		struct span x = layout_trim(v, (struct span){end, sec});
		if (x.e > x.s && end >= *best) {
			*best = end;
			*seg = (struct span){end, x.e};
		}
		pos = ov[1] > pos ? ov[1] : pos + 1;
	}
}

/* Closing words with nothing of an answer in them ("Let me know if..."),
 * or a note set apart. */
static bool chatter(const struct pctx *c, const char *t, struct block *b)
{
	struct span x = layout_trim(t, b->x);
	static const char *const notes[] = {"note",  "(note",  "*note",
	                                    "_note", "caveat", "disclaimer"};
	size_t s = x.s;
	while (s < x.e && strchr("*_>", t[s]))
		s++;
	for (size_t i = 0; i < sizeof(notes) / sizeof(*notes); i++)
		if (!strncasecmp(t + s, notes[i], strlen(notes[i])))
			return true;
	if (b->kind != L_PROSE)
		return false;
	return x.e - x.s < 240 && !layout_has_digit(t, x) &&
	       !rows_anchored(c, t, x, NULL) &&
	       !layout_match(c->r->noans, t, x);
}

/*
 * Without a marker, the conclusion: the last block that is not chatter.
 * After a table or list, a closing sentence is the answer when one row is
 * expected (the table held the candidates); when several are, the table is,
 * unless the sentence itself names several of them.
 */
/*
 * Without a marker, the conclusion: the last block that is not chatter.
 * After a table or list, a closing sentence is the answer when one row is
 * expected (the table held the candidates); when several are, the table is,
 * unless the sentence itself names several of them.
 */
/* A heading: one short line of prose ("Match 363", "**Thailand**"). */
bool layout_heading(const char *t, const struct block *b)
{
	struct span x = layout_trim(t, b->x);
	return b->kind == L_PROSE && x.e - x.s < 80 &&
	       !memchr(t + x.s, '\n', x.e - x.s);
}

/* The first block of the records under headings that end at b[end - 1]
 * (a heading, then its "Field: value" lines, twice or more), or end when
 * there are none. */
size_t layout_headed(const char *t, const struct block *b, size_t end)
{
	size_t i = end;
	while (i >= 2 && (b[i - 1].kind == L_LIST || b[i - 1].kind == L_KV) &&
	       layout_heading(t, &b[i - 2]) && layout_fields(t, b[i - 1].x))
		i -= 2;
	return end - i >= 4 ? i : end;
}

static bool placeholder(const struct pctx *c, const struct prow *r);

/* A row that shows a computation: "11 + 8 = 19", "1 x $385.00 = $385.00". */
static bool working(const struct prow *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *eq = strchr(r->cells[i].text, '=');
		if (eq && r->cells[i].nnum >= 2 && eq > r->cells[i].text)
			return true;
	}
	return false;
}

/*
 * Whether a closing sentence after a table or list (block) is a remark on
 * it rather than the answer: the table says nothing answers (a row of
 * dashes), or several rows are expected and the table holds no more than
 * that (so it is not a list of candidates) or the sentence does not name
 * several of them.
 */
static bool table_first(const struct pctx *c, const char *v, struct span block,
                        struct span sentence)
{
	struct answer tmp;
	struct pctx in = *c;
	memset(&tmp, 0, sizeof(tmp));
	in.a = &tmp;
	rows_parse(&in, v, block);
	size_t real = 0, sums = 0;
	for (size_t i = 0; i < tmp.n; i++) {
		real += !placeholder(c, &tmp.rows[i]);
		sums += working(&tmp.rows[i]);
	}
	/* rows of sums ("Nina Costa: 11 + 8 = 19") are the working, and the
	 * sentence after them the answer */
	bool table =
	    (tmp.n && !real) ||
	    (c->h->nrows >= 2 && 2 * sums < tmp.n &&
	     (tmp.n <= c->h->nrows || rows_anchored(c, v, sentence, NULL) < 2));
	answer_release(&tmp);
	return table;
}

static struct span conclusion(const struct pctx *c, const char *v, size_t n)
{
	struct block *b;
	size_t nb = layout_blocks(v, (struct span){0, n}, &b), last = nb;
	while (last > 0 && chatter(c, v, &b[last - 1]))
		last--;
	struct span x = last ? b[last - 1].x : (struct span){0, n};
	size_t first = last ? layout_headed(v, b, last) : last;
	if (first < last)
		x.s = b[first].x.s;
	else if (last >= 2 && b[last - 1].kind == L_PROSE &&
	         layout_structured(b[last - 2].kind) &&
	         table_first(c, v, b[last - 2].x, b[last - 1].x))
		x = b[last - 2].x;
	free(b);
	return x;
}

/* --- abstentions ------------------------------------------------------------
 */

/* A row that stands for no answer: empty, dashes, "N/A", "None", "No
 * answer", "null". */
static bool placeholder(const struct pctx *c, const struct prow *r)
{
	static const char *const words[] = {
	    " ",           " none ",      " n a ",           " na ",
	    " null ",      " nil ",       " no answer ",     " nothing ",
	    " no result ", " not found ", " not available ", " unknown ",
	    " no data ",   " no match "};
	/* a row of one cell that says so: [["No player meets the
	 * criteria"]], {"answer": ["none found"]} */
	if (r->n == 1 && !strpbrk(r->cells[0].text, "0123456789")) {
		struct span x = {0, strlen(r->cells[0].text)};
		if (layout_match(c->r->noans, r->cells[0].text, x))
			return true;
	}
	for (size_t i = 0; i < r->n; i++) {
		bool p = false;
		for (size_t k = 0; !p && k < sizeof(words) / sizeof(*words);
		     k++)
			p = !strcmp(r->cells[i].norm, words[k]);
		if (!p)
			return false;
	}
	return true;
}

/* The answer says nothing answers: no rows but placeholders, or (prose)
 * its first sentence says so, and it is not a refusal to help. */
static bool says_none(const struct pctx *c, const char *t, struct span x)
{
	struct answer *a = c->a;
	size_t real = 0;
	for (size_t i = 0; i < a->n; i++)
		real += !placeholder(c, &a->rows[i]);
	if (a->form == FORM_JSON || a->form == FORM_TABLE || !real)
		return real == 0;
	if (layout_match(c->r->refusal, t, x))
		return false;
	/* the first sentence, or the conclusion after a near miss ("The
	 * tallest is a defender. No goalkeeper appears in the text.") */
	struct span *v;
	size_t n = rows_sentences(t, x, &v);
	bool none = n && (layout_match(c->r->noans, t, v[0]) ||
	                  layout_match(c->r->noans, t, v[n - 1]));
	free(v);
	return none || (n && real == 0);
}

/* --- the whole reply ----------------------------------------------------- */

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

void answer_parse(struct answer *a, const struct score_re *r, const char *reply,
                  const struct gold_hint *h)
{
	memset(a, 0, sizeof(*a));
	char *text = clean_utf8(reply ? reply : "");
	size_t n = strlen(text);
	char *vis = xstrndup(text, n);
	struct pctx c = {r, h, a, vis, false, 0};
	size_t best = 0;
	struct span seg = {0, 0};
	blank_reasoning(vis, n);
	last_marker(&c, r->marker, vis, n, &best, &seg);
	last_marker(&c, r->phrase, vis, n, &best, &seg);
	a->marker = seg.e > seg.s;
	if (!a->marker)
		seg = layout_trim(vis, conclusion(&c, vis, n));
	char *segtext = xstrndup(vis + seg.s, seg.e - seg.s);
	c.comma = comma_decimals(segtext);
	free(segtext);
	if (seg.e > seg.s)
		rows_parse(&c, vis, seg);
	a->none = seg.e > seg.s ? says_none(&c, vis, seg) : false;
	if (a->marker)
		a->form = a->form == FORM_JSON    ? FORM_FINAL_JSON
		          : a->form == FORM_PROSE ? FORM_FINAL_TEXT
		                                  : a->form;
	if (!n || seg.e == seg.s)
		a->form = FORM_NONE;
	a->segment = xstrndup(text + seg.s, seg.e - seg.s);
	a->seg_start = seg.s, a->seg_end = seg.e;
	free(vis);
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

static void add_key(struct gold_hint *h, size_t *cap, const char *norm,
                    size_t row)
{
	xgrow(&h->keys, cap, h->nkeys + 1, sizeof(*h->keys));
	h->key_row = xrealloc(h->key_row, *cap * sizeof(size_t));
	h->keys[h->nkeys] = xstrdup(norm);
	h->key_row[h->nkeys++] = row;
}

static void add_code(struct gold_hint *h, const char *code, size_t row)
{
	h->codes = xrealloc(h->codes, (h->ncodes + 1) * sizeof(*h->codes));
	h->code_row =
	    xrealloc(h->code_row, (h->ncodes + 1) * sizeof(*h->code_row));
	h->codes[h->ncodes] = xstrdup(code);
	h->code_row[h->ncodes++] = row;
}

void gold_hint_init(struct gold_hint *h, const struct gcell *gc, size_t ng,
                    size_t ncols, const size_t *gcols)
{
	size_t cap = 0;
	memset(h, 0, sizeof(*h));
	h->ncols = ncols;
	h->nrows = ng;
	for (size_t g = 0; g < ng; g++)
		for (size_t j = 0; j < gcols[g]; j++) {
			const struct gcell *c = &gc[g * ncols + j];
			if (c->kind == GCELL_DATE) {
				h->gdates =
				    xrealloc(h->gdates, (h->ngdates + 1) *
				                            sizeof(*h->gdates));
				h->gdate_row = xrealloc(
				    h->gdate_row,
				    (h->ngdates + 1) * sizeof(*h->gdate_row));
				h->gdates[h->ngdates] = c->date;
				h->gdate_row[h->ngdates++] = g;
			}
			/* " " or " x ": nothing to find */
			if (!c->norm || strlen(c->norm) < 3)
				continue;
			/* a code is found in capitals, not as the word
			 * its letters make ("THE", "US") */
			if (c->code)
				add_code(h, c->code, g);
			else
				add_key(h, &cap, c->norm, g);
			/* a country's other names too ("Belgian", "UK") */
			for (size_t k = 0; k < c->nalts; k++)
				if (c->alts[k][0] == ' ')
					add_key(h, &cap, c->alts[k], g);
				else
					add_code(h, c->alts[k], g);
		}
	h->gdate_shared = xcalloc(h->ngdates + 1, sizeof(bool));
	for (size_t i = 0; i < h->ngdates; i++)
		for (size_t k = 0; k < h->ngdates; k++)
			if (h->gdate_row[k] != h->gdate_row[i] &&
			    h->gdates[k].v == h->gdates[i].v &&
			    h->gdates[k].kind == h->gdates[i].kind)
				h->gdate_shared[i] = true;
	h->shared = xcalloc(h->nkeys + 1, sizeof(bool));
	for (size_t i = 0; i < h->nkeys; i++)
		for (size_t k = 0; k < h->nkeys; k++)
			if (h->key_row[k] != h->key_row[i] &&
			    !strcmp(h->keys[k], h->keys[i]))
				h->shared[i] = true;
	h->by_length = xcalloc(h->nkeys + 1, sizeof(size_t));
	for (size_t i = 0; i < h->nkeys; i++) {
		size_t k = i, len = strlen(h->keys[i]);
		for (; k > 0 && strlen(h->keys[h->by_length[k - 1]]) < len; k--)
			h->by_length[k] = h->by_length[k - 1];
		h->by_length[k] = i;
	}
	h->code_shared = xcalloc(h->ncodes + 1, sizeof(bool));
	for (size_t i = 0; i < h->ncodes; i++) {
		for (size_t k = 0; k < h->ncodes; k++)
			if (h->code_row[k] != h->code_row[i] &&
			    !strcmp(h->codes[k], h->codes[i]))
				h->code_shared[i] = true;
		h->nunique += !h->code_shared[i];
	}
	for (size_t i = 0; i < h->nkeys; i++) {
		h->nunique += !h->shared[i];
		h->multiword |= strchr(h->keys[i] + 1, ' ')[1] != '\0';
	}
}

void gold_hint_release(struct gold_hint *h)
{
	for (size_t i = 0; h && i < h->nkeys; i++)
		free(h->keys[i]);
	if (h) {
		free(h->keys);
		free(h->key_row);
		free(h->shared);
		free(h->by_length);
		free(h->gdates);
		free(h->gdate_row);
		free(h->gdate_shared);
		for (size_t i = 0; i < h->ncodes; i++)
			free(h->codes[i]);
		free(h->codes);
		free(h->code_row);
		free(h->code_shared);
	}
}

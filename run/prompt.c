/* Prompt templates. */
#include "run/prompt.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "run/instance.h"

/* Our own wording; the answer form is the one docs/run-db.md specifies. */
static const char default_template[] =
    "Answer the question after the text using only the text between the "
    "<text> tags (statements about records, a list of entries, code or "
    "data, one item per line or block).\n"
    "\n"
    "<text>\n"
    "{context}\n"
    "</text>\n"
    "\n"
    "Question: {question}\n"
    "\n"
    "Reason briefly, in a few sentences at most. Then end your reply with "
    "one line of this form:\n"
    "Final answer: [[value, value, ...], ...]\n"
    "Each inner array is one row of the answer with its values in the "
    "order the question asks for them, written as JSON (strings in double "
    "quotes, numbers as plain numbers). If nothing in the text answers "
    "the question, write: Final answer: []\n";

const char *prompt_default(void)
{
	return default_template;
}

int prompt_check(const char *tmpl, struct err *e)
{
	if (!strstr(tmpl, "{context}"))
		return err_set(e, ERR_INPUT,
		               "the prompt template has no {context}");
	if (!strstr(tmpl, "{question}"))
		return err_set(e, ERR_INPUT,
		               "the prompt template has no {question}");
	return 0;
}

void prompt_render(const char *tmpl, const struct instance *in,
                   struct sbuf *out)
{
	const char *p = tmpl;
	sbuf_grow(out, strlen(tmpl) + in->context_len + 256);
	while (*p) {
		const char *b = strchr(p, '{');
		if (!b) {
			sbuf_adds(out, p);
			break;
		}
		sbuf_add(out, p, (size_t)(b - p));
		if (!strncmp(b, "{context}", 9)) {
			if (in->context)
				sbuf_add(out, in->context, in->context_len);
			p = b + 9;
		} else if (!strncmp(b, "{question}", 10)) {
			sbuf_adds(out, in->question ? in->question : "");
			p = b + 10;
		} else {
			sbuf_addch(out, '{');
			p = b + 1;
		}
	}
}

void prompt_parts_init(struct prompt_parts *pp, const char *tmpl)
{
	struct sbuf esc = SBUF_INIT, lit = SBUF_INIT;
	const char *p = tmpl;
	memset(pp, 0, sizeof(*pp));
	for (;;) {
		const char *b = strchr(p, '{');
		int field = !b                              ? -1
		            : !strncmp(b, "{context}", 9)   ? 1
		            : !strncmp(b, "{question}", 10) ? 2
		                                            : 0;
		if (field == 0) { /* a brace of the text */
			sbuf_add(&lit, p, (size_t)(b - p) + 1);
			p = b + 1;
			continue;
		}
		sbuf_add(&lit, p, b ? (size_t)(b - p) : strlen(p));
		if (lit.len) {
			size_t at = esc.len;
			json_add_strn(&esc, lit.buf, lit.len);
			/* keep the contents, drop the quotes */
			memmove(esc.buf + at, esc.buf + at + 1,
			        esc.len - at - 2);
			sbuf_setlen(&esc, esc.len - 2);
			xgrow(&pp->v, &pp->cap, pp->n + 1, sizeof(*pp->v));
			pp->v[pp->n++] =
			    (struct prompt_part){at, esc.len - at, 0};
			sbuf_reset(&lit);
		}
		if (field < 0)
			break;
		xgrow(&pp->v, &pp->cap, pp->n + 1, sizeof(*pp->v));
		pp->v[pp->n++] = (struct prompt_part){0, 0, field};
		p = b + (field == 1 ? 9 : 10);
	}
	pp->esc = sbuf_detach(&esc);
	sbuf_release(&lit);
}

void prompt_parts_release(struct prompt_parts *pp)
{
	if (!pp)
		return;
	free(pp->esc);
	free(pp->v);
	memset(pp, 0, sizeof(*pp));
}

void prompt_render_json(const struct prompt_parts *pp, const char *ctx,
                        size_t clen, const char *q, size_t qlen,
                        struct sbuf *out)
{
	sbuf_grow(out, clen + qlen + 256);
	for (size_t i = 0; i < pp->n; i++) {
		const struct prompt_part *t = &pp->v[i];
		if (t->field == 1)
			sbuf_add(out, ctx, clen);
		else if (t->field == 2)
			sbuf_add(out, q, qlen);
		else
			sbuf_add(out, pp->esc + t->off, t->len);
	}
}

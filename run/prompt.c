/* Prompt templates. */
#include "run/prompt.h"

#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
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

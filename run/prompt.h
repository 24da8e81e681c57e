/* Prompt templates: the default wording and rendering of {context} and
 * {question}. */
#ifndef CTX_PROMPT_H
#define CTX_PROMPT_H

#include <stddef.h>

struct err;
struct instance;
struct sbuf;

/* The built-in template (static storage). */
const char *prompt_default(void);
/*
 * Checks that tmpl names {context} and {question}; -1 and e filled
 * (ERR_INPUT) when one is missing.
 */
int prompt_check(const char *tmpl, struct err *e);
/* Appends tmpl with every {context} and {question} replaced by the instance's
 * text. */
void prompt_render(const char *tmpl, const struct instance *in,
                   struct sbuf *out);

/* A template cut at its {context} and {question}, its literal text escaped
 * for a JSON string once. */
struct prompt_part {
	size_t off, len; /* literal: its escaped text in esc */
	int field;       /* 0 literal, 1 context, 2 question */
};
struct prompt_parts {
	char *esc;
	struct prompt_part *v;
	size_t n, cap;
};

void prompt_parts_init(struct prompt_parts *pp, const char *tmpl);
void prompt_parts_release(struct prompt_parts *pp);
/*
 * Appends the prompt as the contents of a JSON string (no quotes): the
 * literal parts, and ctx and q as they stand inside JSON strings (escaped,
 * as an instances line holds them). Equals the escaping of prompt_render's
 * text, but for escapes that mean the same character.
 */
void prompt_render_json(const struct prompt_parts *pp, const char *ctx,
                        size_t clen, const char *q, size_t qlen,
                        struct sbuf *out);

#endif

/* Prompt templates: the default wording and rendering of {context} and
 * {question}. */
#ifndef CTX_PROMPT_H
#define CTX_PROMPT_H

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

#endif

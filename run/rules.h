/* Model-family rules: which settings a hosted model accepts, found by its name.
 */
#ifndef CTX_RULES_H
#define CTX_RULES_H

#include <stdbool.h>

struct err;

/* What a family of models accepts; docs/providers.md says where each comes
 * from. */
enum rule_flags {
	RULE_NO_SAMPLING = 1, /* no temperature unless the user gives one */
	RULE_COMPLETION = 2, /* OpenAI: max_completion_tokens, not max_tokens */
	RULE_EFFORT = 4,     /* takes an effort level (--reasoning-effort) */
	RULE_BUDGET = 8,     /* takes a thinking budget (--thinking-budget) */
	RULE_ADAPTIVE = 16,  /* Anthropic: effort means adaptive thinking */
	RULE_LEVEL = 32,     /* Gemini: effort means thinkingLevel */
	RULE_KNOWN = 64,     /* a rule matched (else: nothing is assumed) */
};

/* The rule for one model: its family's name and flags (static strings). */
struct model_rule {
	const char *family; /* "openai-reasoning", "anthropic-budget", ... */
	unsigned flags;
};

/*
 * The rule for model of API family api ("openai", "anthropic", "gemini"):
 * the first matching pattern of the rules file path (NULL: none), else of
 * the built-in table, else an unknown model (flags 0, family "default").
 * -1 and e filled (ERR_INPUT) when path cannot be read or is malformed.
 */
int rules_find(const char *path, const char *api, const char *model,
               struct model_rule *out, struct err *e);
/* True when glob (only '*' is special) matches all of s. */
bool rules_glob(const char *glob, const char *s);

#endif

/* Model-family rules: the built-in table and a user's rules file. */
#include "run/rules.h"

#include <string.h>

#include "common/err.h"
#include "common/json.h"

static const struct {
	const char *name;
	unsigned flags;
} families[] = {
    {"default", 0},
    {"openai-chat", RULE_COMPLETION},
    {"openai-reasoning", RULE_NO_SAMPLING | RULE_COMPLETION | RULE_EFFORT},
    {"anthropic", 0},
    {"anthropic-budget", RULE_BUDGET},
    {"anthropic-adaptive", RULE_BUDGET | RULE_EFFORT | RULE_ADAPTIVE},
    {"anthropic-adaptive-only", RULE_EFFORT | RULE_ADAPTIVE},
    {"gemini", 0},
    {"gemini-budget", RULE_BUDGET | RULE_EFFORT},
    {"gemini-level", RULE_BUDGET | RULE_EFFORT | RULE_LEVEL | RULE_NO_SAMPLING},
};

/* First match wins; docs/providers.md names the document behind each row. */
static const struct {
	const char *api, *pattern, *family;
} builtin[] = {
    {"openai", "gpt-5*-chat*", "openai-chat"},
    {"openai", "gpt-5*", "openai-reasoning"},
    {"openai", "o1*", "openai-reasoning"},
    {"openai", "o3*", "openai-reasoning"},
    {"openai", "o4*", "openai-reasoning"},
    {"openai", "gpt-4.1*", "openai-chat"},
    {"openai", "gpt-4o*", "openai-chat"},
    {"anthropic", "claude-opus-4-7*", "anthropic-adaptive-only"},
    {"anthropic", "claude-mythos*", "anthropic-adaptive-only"},
    {"anthropic", "claude-fable*", "anthropic-adaptive-only"},
    {"anthropic", "claude-opus-5*", "anthropic-adaptive-only"},
    {"anthropic", "claude-sonnet-5*", "anthropic-adaptive-only"},
    {"anthropic", "claude-haiku-5*", "anthropic-adaptive-only"},
    {"anthropic", "claude-opus-4-6*", "anthropic-adaptive"},
    {"anthropic", "claude-sonnet-4-6*", "anthropic-adaptive"},
    {"anthropic", "claude-3-7-sonnet*", "anthropic-budget"},
    {"anthropic", "claude-sonnet-4*", "anthropic-budget"},
    {"anthropic", "claude-opus-4*", "anthropic-budget"},
    {"anthropic", "claude-haiku-4*", "anthropic-budget"},
    {"anthropic", "claude-*", "anthropic"},
    {"gemini", "gemini-3*", "gemini-level"},
    {"gemini", "gemini-2.5*", "gemini-budget"},
    {"gemini", "gemini-*", "gemini"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bool rules_glob(const char *g, const char *s)
{
	const char *star = NULL, *resume = NULL;
	while (*s) {
		if (*g == '*') {
			star = g++;
			resume = s;
		} else if (*g == *s) {
			g++;
			s++;
		} else if (star) {
			g = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*g == '*')
		g++;
	return !*g;
}

static int family(const char *name, struct model_rule *out)
{
	for (size_t i = 0; i < COUNT(families); i++)
		if (!strcmp(families[i].name, name)) {
			out->family = families[i].name;
			out->flags = families[i].flags | RULE_KNOWN;
			return 0;
		}
	return -1;
}

/* The first rule of the file that matches; 1 when one did. Every rule is
 * checked, so a typo is found whatever the model. */
static int from_file(const char *path, const char *api, const char *model,
                     struct model_rule *out, struct err *e)
{
	cJSON *j = json_read_file(path, e);
	const cJSON *r;
	int rc = 0;
	if (!j)
		return -1;
	if (!cJSON_IsArray(j))
		rc = err_set(e, ERR_INPUT, "'%s': not a JSON array of rules",
		             path);
	cJSON_ArrayForEach(r, j)
	{
		const char *a = json_str(r, "api"), *m = json_str(r, "model"),
		           *f = json_str(r, "family");
		struct model_rule tmp;
		if (rc < 0)
			break;
		if (!a || !m || !f || family(f, &tmp)) {
			rc =
			    err_set(e, ERR_INPUT,
			            "'%s': each rule needs \"api\", \"model\" "
			            "(a pattern with *) and a known \"family\" "
			            "(see docs/providers.md)",
			            path);
		} else if (!rc && !strcmp(a, api) && rules_glob(m, model)) {
			*out = tmp;
			rc = 1;
		}
	}
	cJSON_Delete(j);
	return rc;
}

int rules_find(const char *path, const char *api, const char *model,
               struct model_rule *out, struct err *e)
{
	int rc = path ? from_file(path, api, model, out, e) : 0;
	if (rc)
		return rc < 0 ? -1 : 0;
	for (size_t i = 0; i < COUNT(builtin); i++)
		if (!strcmp(builtin[i].api, api) &&
		    rules_glob(builtin[i].pattern, model))
			return family(builtin[i].family, out);
	out->family = "default";
	out->flags = 0;
	return 0;
}

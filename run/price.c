/* Price table. */
#include "run/price.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "run/provider.h"

struct price_row {
	char *model;
	double in, out; /* USD per million tokens */
};

struct price {
	struct price_row *v;
	size_t n, cap;
};

/* List prices at the time of writing; --price-table overrides them. */
static const struct {
	const char *model;
	double in, out;
} builtin_prices[] = {
    {"gpt-4o-mini", 0.15, 0.60},      {"gpt-4o", 2.50, 10.00},
    {"gpt-4.1-nano", 0.10, 0.40},     {"gpt-4.1-mini", 0.40, 1.60},
    {"gpt-4.1", 2.00, 8.00},          {"o4-mini", 1.10, 4.40},
    {"claude-3-5-haiku", 0.80, 4.00}, {"claude-sonnet-4", 3.00, 15.00},
    {"claude-opus-4", 15.00, 75.00},  {"gemini-2.0-flash", 0.10, 0.40},
    {"gemini-2.5-flash", 0.30, 2.50}, {"gemini-2.5-pro", 1.25, 10.00},
};

static void set(struct price *p, const char *model, double in, double out)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].model, model)) {
			p->v[i].in = in;
			p->v[i].out = out;
			return;
		}
	xgrow(&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v[p->n++] = (struct price_row){xstrdup(model), in, out};
}

struct price *price_load(const char *path, struct err *e)
{
	struct price *p = xcalloc(1, sizeof(*p));
	for (size_t i = 0;
	     i < sizeof(builtin_prices) / sizeof(builtin_prices[0]); i++)
		set(p, builtin_prices[i].model, builtin_prices[i].in,
		    builtin_prices[i].out);
	if (!path)
		return p;
	cJSON *j = json_read_file(path, e);
	const cJSON *m;
	if (!j || !cJSON_IsObject(j)) {
		if (j)
			err_set(e, ERR_INPUT, "'%s': not a JSON object", path);
		goto fail;
	}
	cJSON_ArrayForEach(m, j)
	{
		double in, out;
		if (json_num(m, "input", &in) || json_num(m, "output", &out) ||
		    in < 0 || out < 0) {
			err_set(
			    e, ERR_INPUT,
			    "'%s': model '%s' needs \"input\" and \"output\" "
			    "prices (USD per million tokens)",
			    path, m->string);
			goto fail;
		}
		set(p, m->string, in, out);
	}
	cJSON_Delete(j);
	return p;
fail:
	cJSON_Delete(j);
	price_free(p);
	return NULL;
}

void price_free(struct price *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].model);
	free(p->v);
	free(p);
}

static const struct price_row *find(const struct price *p, const char *model)
{
	const struct price_row *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < p->n; i++) {
		size_t n = strlen(p->v[i].model);
		if (!strncmp(model, p->v[i].model, n) && n > best_len) {
			best = &p->v[i];
			best_len = n;
		}
	}
	return best;
}

double price_cost(const struct price *p, const char *model,
                  const struct reply *r, int extra_reasoning)
{
	const struct price_row *row = p && model ? find(p, model) : NULL;
	if (!row || r->prompt_tokens < 0 || r->completion_tokens < 0)
		return -1;
	double out = (double)r->completion_tokens;
	if (extra_reasoning && r->reasoning_tokens > 0)
		out += (double)r->reasoning_tokens;
	return ((double)r->prompt_tokens * row->in + out * row->out) / 1e6;
}

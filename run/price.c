/* Price table: list prices by model, with their date and long-context tiers. */
#include "run/price.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "run/provider.h"

/* USD per million tokens; cached < 0: as input; above 0: no tier. */
struct tier {
	double in, out, cached;
};

struct price_row {
	char *model;
	struct tier base, hi;
	long long above; /* prompts over this many tokens cost hi */
	double batch;    /* batch price factor */
};

struct price {
	struct price_row *v;
	size_t n, cap;
};

/* List prices as the providers published them on the date given (their
 * pricing pages, docs/prices.md); --price and --price-table override. All
 * three providers' batch APIs cost half. */
static const struct {
	const char *model, *as_of;
	double in, out, cached;
	long long above;
	double in_hi, out_hi, cached_hi;
} builtin[] = {
    {"gpt-5", "2025-08", 1.25, 10.00, 0.125, 0, 0, 0, 0},
    {"gpt-5-mini", "2025-08", 0.25, 2.00, 0.025, 0, 0, 0, 0},
    {"gpt-5-nano", "2025-08", 0.05, 0.40, 0.005, 0, 0, 0, 0},
    {"gpt-4.1", "2025-04", 2.00, 8.00, 0.50, 0, 0, 0, 0},
    {"gpt-4.1-mini", "2025-04", 0.40, 1.60, 0.10, 0, 0, 0, 0},
    {"gpt-4.1-nano", "2025-04", 0.10, 0.40, 0.025, 0, 0, 0, 0},
    {"gpt-4o", "2024-10", 2.50, 10.00, 1.25, 0, 0, 0, 0},
    {"gpt-4o-mini", "2024-10", 0.15, 0.60, 0.075, 0, 0, 0, 0},
    {"o1", "2024-12", 15.00, 60.00, 7.50, 0, 0, 0, 0},
    {"o3", "2025-06", 2.00, 8.00, 0.50, 0, 0, 0, 0},
    {"o3-mini", "2025-01", 1.10, 4.40, 0.55, 0, 0, 0, 0},
    {"o4-mini", "2025-04", 1.10, 4.40, 0.275, 0, 0, 0, 0},
    {"claude-opus-4", "2025-08", 15.00, 75.00, 1.50, 0, 0, 0, 0},
    {"claude-opus-4-5", "2026-03", 5.00, 25.00, 0.50, 0, 0, 0, 0},
    {"claude-opus-4-6", "2026-03", 5.00, 25.00, 0.50, 0, 0, 0, 0},
    {"claude-sonnet-4", "2025-08", 3.00, 15.00, 0.30, 200000, 6.00, 22.50,
     0.60},
    {"claude-sonnet-4-6", "2026-03", 3.00, 15.00, 0.30, 0, 0, 0, 0},
    {"claude-3-7-sonnet", "2025-08", 3.00, 15.00, 0.30, 0, 0, 0, 0},
    {"claude-haiku-4-5", "2026-03", 1.00, 5.00, 0.10, 0, 0, 0, 0},
    {"claude-3-5-haiku", "2025-08", 0.80, 4.00, 0.08, 0, 0, 0, 0},
    {"gemini-3-pro", "2026-03", 2.00, 12.00, 0.20, 200000, 4.00, 18.00, 0.40},
    {"gemini-3-flash", "2026-03", 0.50, 3.00, 0.05, 0, 0, 0, 0},
    {"gemini-2.5-pro", "2026-03", 1.25, 10.00, 0.125, 200000, 2.50, 15.00,
     0.25},
    {"gemini-2.5-flash", "2026-03", 0.30, 2.50, 0.03, 0, 0, 0, 0},
    {"gemini-2.5-flash-lite", "2026-03", 0.10, 0.40, 0.01, 0, 0, 0, 0},
    {"gemini-2.0-flash", "2025-08", 0.10, 0.40, 0.025, 0, 0, 0, 0},
};

#define BATCH_FACTOR 0.5

static struct price_row *row(struct price *p, const char *model)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].model, model))
			return &p->v[i];
	xgrow(&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v[p->n] = (struct price_row){
	    xstrdup(model), {0, 0, -1}, {0, 0, -1}, 0, BATCH_FACTOR};
	return &p->v[p->n++];
}

/* One tier from a JSON object: input and output required. */
static int tier_read(const cJSON *o, struct tier *t)
{
	double c = -1;
	if (json_num(o, "input", &t->in) || json_num(o, "output", &t->out) ||
	    t->in < 0 || t->out < 0)
		return -1;
	if (cJSON_GetObjectItemCaseSensitive(o, "cached_input") &&
	    (json_num(o, "cached_input", &c) || c < 0))
		return -1;
	t->cached = c;
	return 0;
}

static int row_read(struct price *p, const cJSON *m)
{
	struct price_row *r = row(p, m->string);
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(m, "long_context");
	double b = BATCH_FACTOR;
	if (tier_read(m, &r->base))
		return -1;
	if (cJSON_GetObjectItemCaseSensitive(m, "batch") &&
	    (json_num(m, "batch", &b) || b < 0))
		return -1;
	r->batch = b;
	r->above = 0;
	if (lc && (json_long(lc, "above", &r->above) || r->above < 1 ||
	           tier_read(lc, &r->hi)))
		return -1;
	return 0;
}

struct price *price_load(const char *path, struct err *e)
{
	struct price *p = xcalloc(1, sizeof(*p));
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		struct price_row *r = row(p, builtin[i].model);
		r->base = (struct tier){builtin[i].in, builtin[i].out,
		                        builtin[i].cached};
		r->above = builtin[i].above;
		r->hi = (struct tier){builtin[i].in_hi, builtin[i].out_hi,
		                      builtin[i].cached_hi};
	}
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
		if (row_read(p, m)) {
			err_set(
			    e, ERR_INPUT,
			    "'%s': model '%s' needs \"input\" and \"output\" "
			    "prices (USD per million tokens); "
			    "\"cached_input\", "
			    "\"batch\" and \"long_context\" {\"above\", "
			    "\"input\", \"output\"} are optional",
			    path, m->string);
			goto fail;
		}
	}
	cJSON_Delete(j);
	return p;
fail:
	cJSON_Delete(j);
	price_free(p);
	return NULL;
}

int price_set(struct price *p, const char *model, const char *in_out,
              struct err *e)
{
	char *end;
	double in = strtod(in_out, &end), out = -1;
	if (end != in_out && *end == ',')
		out = strtod(end + 1, &end);
	if (in < 0 || out < 0 || *end || end == in_out)
		return err_set(e, ERR_USAGE,
		               "--price wants IN,OUT (USD per million prompt "
		               "and output tokens), not '%s'",
		               in_out);
	struct price_row *r = row(p, model);
	r->base = (struct tier){in, out, -1};
	r->above = 0;
	return 0;
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

bool price_known(const struct price *p, const char *model)
{
	return p && model && find(p, model);
}

double price_cost(const struct price *p, const char *model,
                  const struct reply *r, bool extra_reasoning, bool batch)
{
	const struct price_row *row = p && model ? find(p, model) : NULL;
	if (!row || r->prompt_tokens < 0 || r->completion_tokens < 0)
		return -1;
	const struct tier *t =
	    row->above && r->prompt_tokens > row->above ? &row->hi : &row->base;
	double cached = r->cached_tokens > 0 ? (double)r->cached_tokens : 0;
	double in = (double)r->prompt_tokens;
	double out = (double)r->completion_tokens;
	if (cached > in)
		cached = in;
	if (extra_reasoning && r->reasoning_tokens > 0)
		out += (double)r->reasoning_tokens;
	double usd =
	    ((in - cached) * t->in +
	     cached * (t->cached >= 0 ? t->cached : t->in) + out * t->out) /
	    1e6;
	return batch ? usd * row->batch : usd;
}

/* Tokenizer interface; the ratio estimate lives here. */
#include "gen/tok.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/parse.h"
#include "common/xalloc.h"

#define DEFAULT_RATIO 3.66

struct tok {
	double ratio; /* > 0 for the ratio tokenizer */
	char name[64];
};

void ids_release(struct ids *ids)
{
	if (!ids)
		return;
	free(ids->v);
	ids->v = NULL;
	ids->n = ids->cap = 0;
}

static struct tok *tok_ratio(const char *arg, struct err *e)
{
	double r = DEFAULT_RATIO;
	if (arg && parse_double(arg, "--tokenizer ratio", 0.1, 100, &r, e))
		return NULL;
	struct tok *t = xcalloc(1, sizeof(*t));
	t->ratio = r;
	snprintf(t->name, sizeof(t->name), "ratio:%g", r);
	return t;
}

struct tok *tok_open(const char *spec, struct err *e)
{
	if (!strcmp(spec, "ratio"))
		return tok_ratio(NULL, e);
	if (!strncmp(spec, "ratio:", 6))
		return tok_ratio(spec + 6, e);
	err_set(e, ERR_USAGE, "tokenizer '%s': tokenizer.json files are not supported yet", spec);
	return NULL;
}

void tok_free(struct tok *t)
{
	free(t);
}

const char *tok_name(const struct tok *t)
{
	return t->name;
}

bool tok_exact(const struct tok *t)
{
	return t->ratio == 0;
}

long long tok_count(struct tok *t, const char *s, size_t n, struct err *e)
{
	return (long long)ceil((double)utf8_count(s, n) / t->ratio);
}

int tok_encode(struct tok *t, const char *s, size_t n, struct ids *out,
	       struct err *e)
{
	return err_set(e, ERR_USAGE, "the %s tokenizer only estimates counts and has no token ids", t->name);
}

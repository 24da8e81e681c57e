/* Command-line value parsing. */
#include "common/parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

void strlist_push(struct strlist *l, const char *s)
{
	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void strlist_split(struct strlist *l, const char *s, char sep)
{
	while (*s) {
		const char *end = strchr(s, sep);
		size_t n = end ? (size_t)(end - s) : strlen(s);
		const char *a = s, *b = s + n;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a) {
			char *item = xstrndup(a, (size_t)(b - a));
			xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
			l->v[l->n++] = item;
		}
		s += n + (end != NULL);
	}
}

void strlist_release(struct strlist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int parse_long(const char *s, const char *what, long long min, long long max,
	       long long *out, struct err *e)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || isspace((unsigned char)*s))
		return err_set(e, ERR_USAGE, "%s: '%s' is not a whole number", what, s);
	if (v < min || v > max)
		return err_set(e, ERR_USAGE, "%s: %lld is out of range [%lld, %lld]",
			       what, v, min, max);
	*out = v;
	return 0;
}

int parse_size(const char *s, const char *what, long long *out, struct err *e)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	long long mult = 1;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		mult = 1024 * 1024, end++;
	if (!*s || *end || errno || end == s || !isdigit((unsigned char)*s))
		return err_set(e, ERR_USAGE,
			       "%s: '%s' is not a size (use e.g. 4096 or 4k)", what, s);
	if (v <= 0 || v > (1LL << 40) / mult)
		return err_set(e, ERR_USAGE, "%s: '%s' is out of range", what, s);
	*out = v * mult;
	return 0;
}

int parse_double(const char *s, const char *what, double min, double max,
		 double *out, struct err *e)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v) || isspace((unsigned char)*s))
		return err_set(e, ERR_USAGE, "%s: '%s' is not a number", what, s);
	if (v < min || v > max)
		return err_set(e, ERR_USAGE, "%s: %g is out of range [%g, %g]", what,
			       v, min, max);
	*out = v;
	return 0;
}

/* Placement of relevant units among irrelevant ones. */
#include "gen/place.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/parse.h"
#include "common/sbuf.h"

static const char *const names[] = {"uniform", "begin", "middle", "end", "bimodal"};

int place_parse(const char *s, struct placement *p, struct err *e)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			p->kind = (enum place_kind)i;
			p->depth = 0;
			return 0;
		}
	}
	if (!strncmp(s, "depth=", 6)) {
		p->kind = PLACE_DEPTH;
		if (parse_double(s + 6, "--placement depth", 0, 1, &p->depth,
		                 e))
			return -1;
		/* -0 is 0: as "depth=-0" it would pass the duplicate checks */
		if (p->depth == 0)
			p->depth = 0;
		return 0;
	}
	return err_set(e, ERR_USAGE,
		       "unknown placement '%s' (use uniform, begin, middle, end, "
		       "bimodal or depth=P with 0 <= P <= 1)", s);
}

void place_name(const struct placement *p, struct sbuf *out)
{
	if (p->kind == PLACE_DEPTH)
		sbuf_addf(out, "depth=%g", p->depth);
	else
		sbuf_adds(out, names[p->kind]);
}

/* Number of irrelevant units whose tokens best match target as a prefix sum. */
static size_t prefix_for(const long long *tok, size_t n, double target)
{
	double sum = 0;
	for (size_t k = 0; k < n; k++) {
		/* stop where adding unit k would move us further from target */
		if (fabs(sum + (double)tok[k] - target) >= fabs(sum - target))
			return k;
		sum += (double)tok[k];
	}
	return n;
}

/* Writes relevant [ra, rb), then irrelevant [ia, ib) after cursor *w. */
static void emit(size_t *order, size_t *w, size_t r, size_t ra, size_t rb,
		 size_t ia, size_t ib)
{
	for (size_t i = ra; i < rb; i++)
		order[(*w)++] = i;
	for (size_t i = ia; i < ib; i++)
		order[(*w)++] = r + i;
}

void place_order(const struct placement *p, size_t r, long long rel_tokens,
		 const long long *irr_tokens, size_t n, size_t *order)
{
	size_t w = 0, k;
	double irr_total = 0;
	for (size_t i = 0; i < n; i++)
		irr_total += (double)irr_tokens[i];
	switch (p->kind) {
	case PLACE_BEGIN:
		emit(order, &w, r, 0, r, 0, n);
		break;
	case PLACE_END:
		emit(order, &w, r, 0, 0, 0, n);
		emit(order, &w, r, 0, r, 0, 0);
		break;
	case PLACE_MIDDLE:
	case PLACE_DEPTH:
		/* middle: as many irrelevant tokens before the block as after it;
		 * depth=P: the block starts at fraction P of the whole context */
		k = prefix_for(irr_tokens, n,
			       p->kind == PLACE_MIDDLE
				       ? irr_total / 2
				       : p->depth * (irr_total + (double)rel_tokens));
		emit(order, &w, r, 0, 0, 0, k);
		emit(order, &w, r, 0, r, k, n);
		break;
	case PLACE_BIMODAL:
		emit(order, &w, r, 0, (r + 1) / 2, 0, n);
		emit(order, &w, r, (r + 1) / 2, r, 0, 0);
		break;
	case PLACE_UNIFORM: {
		/* both groups spread over [0, 1) at the midpoints of equal slices,
		 * (2i+1)/2r and (2j+1)/2n, then merged; a relevant unit wins ties */
		size_t i = 0, j = 0;
		while (i < r || j < n) {
			unsigned long long ri = (2 * (unsigned long long)i + 1) * n;
			unsigned long long rj = (2 * (unsigned long long)j + 1) * r;
			if (i < r && (j == n || ri <= rj))
				order[w++] = i++;
			else
				order[w++] = r + j++;
		}
		break;
	}
	}
}

/* Placement: where the relevant units go among the irrelevant ones. */
#ifndef CTX_PLACE_H
#define CTX_PLACE_H

#include <stddef.h>

struct err;
struct sbuf;

enum place_kind {
	PLACE_UNIFORM, /* spread evenly */
	PLACE_BEGIN,
	PLACE_MIDDLE, /* one block, centred */
	PLACE_END,
	PLACE_BIMODAL, /* first half at the start, second half at the end */
	PLACE_DEPTH,   /* one block starting at fraction depth of the context */
};

struct placement {
	enum place_kind kind;
	double depth; /* PLACE_DEPTH only, in [0, 1] */
};

/* Parses "uniform", "begin", "middle", "end", "bimodal" or "depth=P" (0 <= P <= 1). */
int place_parse(const char *s, struct placement *p, struct err *e);
/* Appends the canonical name ("depth=0.25") to out. */
void place_name(const struct placement *p, struct sbuf *out);
/*
 * Interleaves r relevant units (of rel_tokens tokens in all) with n irrelevant
 * units whose sizes are irr_tokens[0..n). Writes the context order into
 * order[0..r+n): values 0..r-1 are the relevant units and r..r+n-1 the
 * irrelevant ones, each group kept in its own order. Fractions are measured in
 * tokens. Works for any r and n, including zero.
 */
void place_order(const struct placement *p, size_t r, long long rel_tokens,
		 const long long *irr_tokens, size_t n, size_t *order);

#endif

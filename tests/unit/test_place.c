/* Unit tests of gen/place: every placement, any ratio of relevant to irrelevant units. */
#include "tests/unit/check.h"

#include <math.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "gen/place.h"

/* Checks order is a permutation keeping each group's own order. */
static int valid_order(const size_t *order, size_t r, size_t n)
{
	size_t next_rel = 0, next_irr = r;
	for (size_t i = 0; i < r + n; i++) {
		if (order[i] < r) {
			if (order[i] != next_rel++)
				return 0;
		} else if (order[i] != next_irr++) {
			return 0;
		}
	}
	return next_rel == r && next_irr == r + n;
}

static void run(const char *spec, size_t r, size_t n, size_t *order)
{
	struct placement p;
	struct err e = ERR_INIT;
	long long tok[256];
	for (size_t i = 0; i < n; i++)
		tok[i] = 10;
	CHECK(place_parse(spec, &p, &e) == 0);
	place_order(&p, r, (long long)r * 10, tok, n, order);
	CHECK(valid_order(order, r, n));
}

/* Position (in units) of the first and last relevant unit. */
static void span(const size_t *order, size_t r, size_t total, size_t *first, size_t *last)
{
	*first = total, *last = 0;
	for (size_t i = 0; i < total; i++) {
		if (order[i] < r) {
			if (*first == total)
				*first = i;
			*last = i;
		}
	}
}

TEST(all_ratios_are_permutations)
{
	const char *specs[] = {"uniform", "begin", "middle", "end", "bimodal",
			       "depth=0", "depth=0.3", "depth=1"};
	size_t order[512];
	for (size_t s = 0; s < 8; s++)
		for (size_t r = 0; r < 40; r += 3)
			for (size_t n = 0; n < 40; n += 5)
				run(specs[s], r, n, order);
}

TEST(begin_end_middle)
{
	size_t order[64], first, last;
	run("begin", 4, 10, order);
	span(order, 4, 14, &first, &last);
	CHECK(first == 0 && last == 3);
	run("end", 4, 10, order);
	span(order, 4, 14, &first, &last);
	CHECK(first == 10 && last == 13);
	run("middle", 4, 10, order); /* 5 irrelevant before, 5 after */
	span(order, 4, 14, &first, &last);
	CHECK(first == 5 && last == 8);
	run("middle", 10, 4, order); /* more relevant than irrelevant */
	span(order, 10, 14, &first, &last);
	CHECK(first == 2 && last == 11);
}

TEST(bimodal_halves)
{
	size_t order[64];
	run("bimodal", 5, 20, order);
	/* 3 at the start, 2 at the end */
	CHECK(order[0] == 0 && order[1] == 1 && order[2] == 2 && order[3] == 5);
	CHECK(order[23] == 3 && order[24] == 4);
	run("bimodal", 9, 2, order);
	CHECK(order[4] == 4 && order[5] == 9 && order[6] == 10 && order[7] == 5);
}

TEST(uniform_spread)
{
	size_t order[64];
	run("uniform", 2, 8, order); /* after 2 and after 6 irrelevant units */
	CHECK(order[2] == 0 && order[7] == 1);
	run("uniform", 1, 9, order); /* one unit in the middle */
	CHECK(order[4] == 0);
	run("uniform", 6, 2, order);
	size_t first, last;
	span(order, 6, 8, &first, &last);
	CHECK(first == 0 && last == 7);
}

TEST(depth_fraction)
{
	size_t order[128], first, last;
	run("depth=0.25", 1, 99, order); /* context of 1000 tokens, start near 250 */
	span(order, 1, 100, &first, &last);
	CHECK(first == 25);
	run("depth=1", 3, 10, order);
	span(order, 3, 13, &first, &last);
	CHECK(first == 10);
}

TEST(parse_errors)
{
	struct placement p;
	struct err e = ERR_INIT;
	CHECK(place_parse("centre", &p, &e) == -1 && e.kind == ERR_USAGE);
	CHECK(place_parse("depth=1.5", &p, &e) == -1);
	CHECK(place_parse("depth=", &p, &e) == -1);
	CHECK(place_parse("depth=0.5", &p, &e) == 0 && p.kind == PLACE_DEPTH);
	struct sbuf s = SBUF_INIT;
	place_name(&p, &s);
	CHECK_STR(s.buf, "depth=0.5");
	sbuf_release(&s);
}

/* depth=-0 is depth=0, so a list of both is caught as a duplicate. */
TEST(minus_zero)
{
	struct placement p;
	struct err e = ERR_INIT;
	struct sbuf s = SBUF_INIT;
	CHECK(place_parse("depth=-0", &p, &e) == 0 && !signbit(p.depth));
	place_name(&p, &s);
	CHECK_STR(s.buf, "depth=0");
	sbuf_release(&s);
}

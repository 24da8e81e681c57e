/* Generation: instances from suites of queries over databases (gen's work,
 * without its command line). */
#ifndef CTX_GENERATE_H
#define CTX_GENERATE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/parse.h"
#include "common/shard.h"

struct err;
struct suite;

/* What to generate: every database x query x length x info setting x
 * placement. */
struct gen_opts {
	struct strlist dbs, query_ids, placements;
	long long *lengths, *infos;
	double *densities;
	size_t nlen, ninfo, ndens;
	const char *queries, *tokenizer, *templates, *out;
	bool all_dbs, allow_order, keep_going;
	double empty_share;
	unsigned long long seed;
	struct shard shard; /* only the instances of this shard */
};

/*
 * Writes the instances of g[0..ng) to o->out (standard output when NULL),
 * under a temporary name renamed into place at the end: nothing is left
 * behind when it fails (-1 and e filled, naming the query and setting).
 * With o->keep_going, instances the data cannot make (bad input) are named
 * on standard error and skipped, and 1 is returned when any was.
 */
int generate(struct gen_opts *o, struct suite *g, size_t ng, struct err *e);

#endif

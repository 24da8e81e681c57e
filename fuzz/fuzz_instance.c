/* libFuzzer target: any bytes as one instances.jsonl line (read both ways
 * run reads them), then scoring a fixed reply against the line's gold, sql
 * and probe. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/err.h"
#include "run/instance.h"
#include "score/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct scorer *sc;

static void text(const cJSON *v)
{
	free(instance_json_text(v));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!sc) {
		struct score_opts o;
		struct err e = ERR_INIT;
		score_opts_init(&o);
		if (!(sc = scorer_new(&o, &e)))
			abort();
	}
	struct instance in;
	struct err e = ERR_INIT;
	/* run's load reads lines this way: only crashes count */
	if (!instance_parse_light(&in, (const char *)data, size, &e)) {
		if (instance_check(&in, &e) == 0 && !in.has_context)
			abort(); /* a runnable instance has a context string */
		instance_release(&in);
	}
	if (instance_parse(&in, (const char *)data, size, &e))
		return 0;
	text(in.types);
	text(in.params);
	text(in.stats);
	text(in.gold);
	text(in.probe);
	/* what run accepts, score must accept */
	bool runnable = instance_check(&in, &e) == 0;
	if (in.gold) {
		struct score_result r;
		score_result_init(&r);
		if (scorer_score(sc, in.gold, in.sql, in.probe,
		                 "Final answer: [[\"Napa\", 31.5], "
		                 "[\"2023-01-05\", \"x\"]]",
		                 &r, &e) &&
		    runnable)
			abort();
		score_result_release(&r);
	}
	instance_release(&in);
	return 0;
}

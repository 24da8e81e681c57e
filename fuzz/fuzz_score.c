/* libFuzzer target: scoring any bytes as a model reply against fixed golds
 * (numbers, text, dates, empty, ranking) and the probe metrics. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "score/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A gold with the sql that decides the order check (NULL: none). */
static const struct {
	const char *gold, *sql;
} golds[] = {
    {"{\"columns\":[\"region\",\"avg_price\"],\"rows\":[[\"Napa\",31.5],"
     "[\"Sonoma\",28.0],[\"Lodi\",-2e3]]}",
     NULL},
    {"{\"columns\":[\"n\"],\"rows\":[[42]]}", NULL},
    {"{\"columns\":[\"name\",\"city\"],\"rows\":[[\"O'Brien & Co.\","
     "\"S\\u00e3o Paulo\"],[null,true]]}",
     NULL},
    {"{\"columns\":[\"day\",\"n\"],\"rows\":[[\"2023-01-05\",3],"
     "[\"2024-12-31T10:00:00\",0]]}",
     NULL},
    {"{\"columns\":[\"x\"],\"rows\":[]}", NULL},
    {"{\"columns\":[\"name\",\"score\"],\"rows\":[[\"a\",3],[\"b\",2],"
     "[\"c\",1]]}",
     "SELECT name, score FROM t ORDER BY score DESC"},
};

static const char *probes[] = {
    "{\"task\":\"entity\"}",
    "{\"task\":\"sentence\"}",
    "{\"task\":\"function\"}",
    "{\"task\":\"kv\"}",
};

static const char *probe_golds[] = {
    "{\"columns\":[\"answer\"],\"rows\":[[\"Marie Curie\"]]}",
    "{\"columns\":[\"answer\"],\"rows\":[[\"the quick brown fox jumps\"]]}",
    "{\"columns\":[\"answer\"],\"rows\":[[\"parse_row_v2\"]]}",
    "{\"columns\":[\"answer\"],\"rows\":[[12345]]}",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct scorer *sc;
static cJSON *gold_json[N(golds)], *probe_json[N(probes)],
    *probe_gold_json[N(probe_golds)];

static cJSON *parse_or_die(const char *s)
{
	struct err e = ERR_INIT;
	cJSON *j = json_parse(s, strlen(s), &e);
	if (!j) {
		fprintf(stderr, "fixed JSON: %s\n", e.msg);
		abort();
	}
	return j;
}

static void setup(void)
{
	struct score_opts o;
	struct err e = ERR_INIT;
	score_opts_init(&o);
	if (!(sc = scorer_new(&o, &e))) {
		fprintf(stderr, "scorer: %s\n", e.msg);
		abort();
	}
	for (size_t i = 0; i < N(golds); i++)
		gold_json[i] = parse_or_die(golds[i].gold);
	for (size_t i = 0; i < N(probes); i++) {
		probe_json[i] = parse_or_die(probes[i]);
		probe_gold_json[i] = parse_or_die(probe_golds[i]);
	}
}

/* Fixed golds never fail: a failure is a bug in the scorer. */
static void score(const cJSON *gold, const char *sql, const cJSON *probe,
                  const char *reply)
{
	struct score_result r;
	struct err e = ERR_INIT;
	score_result_init(&r);
	if (scorer_score(sc, gold, sql, probe, reply, &r, &e)) {
		fprintf(stderr, "scorer_score: %s\n", e.msg);
		abort();
	}
	/* labels are stored as JSON: they must parse */
	cJSON *l = json_parse(r.labels.buf, r.labels.len, NULL);
	if (!l)
		abort();
	cJSON_Delete(l);
	score_result_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!sc)
		setup();
	/* replies come from run.db as C strings: cut at the first NUL */
	char *reply = xmalloc(size + 1);
	memcpy(reply, data, size);
	reply[size] = '\0';
	for (size_t i = 0; i < N(golds); i++)
		score(gold_json[i], golds[i].sql, NULL, reply);
	for (size_t i = 0; i < N(probes); i++)
		score(probe_gold_json[i], NULL, probe_json[i], reply);
	free(reply);
	return 0;
}

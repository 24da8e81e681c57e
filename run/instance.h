/* One line of an instances.jsonl file parsed into named fields. */
#ifndef CTX_RUNNER_INSTANCE_H
#define CTX_RUNNER_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct err;

/*
 * The string fields borrow from json (owned by the instance); any may be
 * NULL when the line lacks it, except id. context_tokens is
 * stats.context_tokens, or the context's bytes / 4 when absent.
 */
struct instance {
	cJSON *json;
	const char *id, *db, *query_id, *question, *sql, *difficulty;
	const char *context;
	size_t context_len;
	bool has_context; /* instance_parse_light: a string context, not kept */
	/* instance_parse_light: where the context's and question's JSON string
	 * contents are in the line (0, 0 when not a string); raw_utf8: both
	 * are valid UTF-8 */
	size_t ctx_off, ctx_len, q_off, q_len;
	bool raw_utf8;
	long long context_tokens;
	const cJSON *types, *params, *stats, *gold, *probe;
};

/* Parses one JSON line; -1 and e filled (ERR_INPUT) when it is not an object
 * with a string "id", or its context, question or sql is not a string. */
int instance_parse(struct instance *in, const char *line, size_t len,
                   struct err *e);
/*
 * instance_parse as run loads a file: the whole line is checked as JSON, but
 * its context and units (the bulk of it) are not built: context stays NULL,
 * has_context says it is a string and context_len is its JSON text's length.
 */
int instance_parse_light(struct instance *in, const char *line, size_t len,
                         struct err *e);
/* 0 when the instance holds what run sends and score needs: context,
 * question, a gold object with columns and rows (and a probe object score
 * knows, for probes); else -1 and e filled (ERR_INPUT). */
int instance_check(const struct instance *in, struct err *e);
/* Frees the parsed line; accepts a zeroed struct. */
void instance_release(struct instance *in);
/* Compact JSON text of v (caller frees), or NULL when v is NULL. */
char *instance_json_text(const cJSON *v);

#endif

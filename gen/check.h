/* Checks that an instance's gold is recoverable from its context. */
#ifndef CTX_GEN_CHECK_H
#define CTX_GEN_CHECK_H

#include <cjson/cJSON.h>

struct err;
struct locate;
struct tok;

/* Databases and tokenizers opened while checking, reused across instances. */
struct check_cache;

/*
 * where: how to find the databases instances name, and their templates
 * (gen/locate.h); tokenizer: the tokenizer.json to use for instances whose
 * recorded tokenizer is not a ratio (NULL: open the recorded name). Both
 * borrowed.
 */
struct check_cache *check_cache_new(const struct locate *where,
                                    const char *tokenizer);
void check_cache_free(struct check_cache *c);

/*
 * Reads the rows back out of the instance's context, checks they are the
 * rows its units name (offsets, tokens, relevance, no duplicates), that the
 * query over them gives the stored gold, and that stats, budgets and id
 * agree with params. -1 and e filled with the first failure.
 */
int check_instance(struct check_cache *c, const cJSON *in, struct err *e);

/*
 * The tokenizer an instance's params.tokenizer names, opened as
 * check_instance opens it and kept in c (borrowed). NULL and e filled when
 * it cannot be opened or --tokenizer names another one.
 */
struct tok *check_cache_tok(struct check_cache *c, const char *spec,
                            struct err *e);
/*
 * -1 and e filled unless stats.context_tokens is ctok, the tokens the
 * context really holds, and ctok fits the length in params.
 */
int check_context_tokens(const cJSON *in, long long ctok, struct err *e);
/* -1 and e filled when two units name the same db, table and rowid. */
int check_no_duplicates(const cJSON *units, struct err *e);

#endif

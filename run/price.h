/* Prices per model, turning token usage into US dollars. */
#ifndef CTX_PRICE_H
#define CTX_PRICE_H

#include <stdbool.h>

struct err;
struct reply;
struct price;

/*
 * Loads the built-in table (dated rows, docs/prices.md), overlaid by path
 * when not NULL: a JSON object {"MODEL": {"input": USD, "output": USD,
 * "cached_input": USD, "batch": FACTOR, "long_context": {"above": TOKENS,
 * "input": USD, "output": USD, "cached_input": USD}}} with prices per million
 * tokens (input and output required). NULL and e filled when the file is
 * unusable.
 */
struct price *price_load(const char *path, struct err *e);
void price_free(struct price *p);
/* Sets model's input and output prices from "IN,OUT" (--price); -1 and e
 * filled (ERR_USAGE) when it is not two numbers. */
int price_set(struct price *p, const char *model, const char *in_out,
              struct err *e);
/* True when model has a price (exact name, else the longest listed prefix). */
bool price_known(const struct price *p, const char *model);
/*
 * Cost of r for model, or -1 when the model has no price or r no usage.
 * prompt_tokens include cached_tokens, priced apart; a prompt over a long
 * context tier's threshold is priced wholly at that tier; batch applies the
 * batch factor. extra_reasoning: the provider counts reasoning tokens
 * outside completion_tokens (Gemini).
 */
double price_cost(const struct price *p, const char *model,
                  const struct reply *r, bool extra_reasoning, bool batch);

#endif

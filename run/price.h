/* Prices per model, turning token usage into US dollars. */
#ifndef CTX_PRICE_H
#define CTX_PRICE_H

struct err;
struct reply;
struct price;

/*
 * Loads the built-in table, overlaid by path when not NULL: a JSON object
 * {"MODEL": {"input": USD, "output": USD}} with prices per million tokens.
 * NULL and e filled when the file is unusable.
 */
struct price *price_load(const char *path, struct err *e);
void price_free(struct price *p);
/*
 * Cost of r for model (exact name, else the longest listed prefix), or -1
 * when the model has no price or r has no usage. extra_reasoning: the
 * provider counts reasoning tokens outside completion_tokens.
 */
double price_cost(const struct price *p, const char *model,
                  const struct reply *r, int extra_reasoning);

#endif

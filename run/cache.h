/* Response cache shared by runs: final replies keyed by everything that shapes
 * them. */
#ifndef CTX_CACHE_H
#define CTX_CACHE_H

#include <stddef.h>

struct err;
struct reply;
struct cache;

/* Opens path, or $CTXBENCH_CACHE, or ~/.cache/ctxbench/cache.db (folders made);
 * NULL and e filled on failure. */
struct cache *cache_open(const char *path, struct err *e);
/* Commits and closes; accepts NULL. */
void cache_free(struct cache *c);
/* The path in use (borrowed). */
const char *cache_path(const struct cache *c);

/* What a cache key covers; every field is part of the key. */
struct cache_what {
	const char *provider, *endpoint, *model;
	const char *settings; /* settings_json() text */
	const char *prompt;
	size_t prompt_len;
	int sample;
};

/* 64 hex digits of sha256 over every field of w, each length-prefixed. */
void cache_key(const struct cache_what *w, char out[65]);
/* 1 and r filled (cached set) on a hit, 0 on a miss or a read failure. */
int cache_get(struct cache *c, const char *key, struct reply *r);
/* Stores an ok, length or refused reply (others are ignored); -1 and e
 * filled on failure. */
int cache_put(struct cache *c, const char *key, const struct reply *r,
              struct err *e);
/* Commits pending writes when force or when they are older than 50 ms. */
int cache_flush(struct cache *c, int force, struct err *e);

#endif

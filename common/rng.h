/* Seeded, platform-independent random numbers (xoshiro256** seeded by splitmix64). */
#ifndef CTX_RNG_H
#define CTX_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Seeds from a number. */
void rng_init(struct rng *r, uint64_t seed);
/* Seeds from a number and a label, so each (seed, label) gets its own stream. */
void rng_init_label(struct rng *r, uint64_t seed, const char *label);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n); n must be > 0. No modulo bias. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform in [0, 1). */
double rng_double(struct rng *r);
/* Fisher-Yates shuffle of n indexes. */
void rng_shuffle(struct rng *r, size_t *a, size_t n);
/* 64-bit FNV-1a hash of a string, mixed; stable across platforms. */
uint64_t hash64(const void *p, size_t n, uint64_t seed);

#endif

/* Shards: the deterministic partition of instances by a hash of their id, for
 * the tasks of a job array (Slurm, Kubernetes indexed Jobs). */
#ifndef CTX_SHARD_H
#define CTX_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct sbuf;

/* Shard k of n (0 <= k < n); n == 0 means no sharding: every instance. */
struct shard {
	unsigned long k, n;
};

/* The largest N that --shard K/N takes. */
#define SHARD_MAX 1000000UL

/*
 * Parses "K/N" (K counted from 0, as SLURM_ARRAY_TASK_ID with --array=0-N-1
 * and Kubernetes' JOB_COMPLETION_INDEX) into *out; ERR_USAGE naming what
 * (e.g. "--shard") and saying what to give otherwise.
 */
int shard_parse(const char *s, const char *what, struct shard *out,
                struct err *e);
/*
 * The shard of id among n (n >= 1): the first 8 bytes of the SHA-256 of the
 * id's bytes, read as a big-endian number, modulo n. The one hash every
 * command shards by; docs and other tools may rely on it.
 */
unsigned long shard_of(const char *id, size_t len, unsigned long n);
/* True when s takes the instance with this id (always when s->n is 0). */
bool shard_has(const struct shard *s, const char *id, size_t len);
/* Appends "K/N". */
void shard_name(const struct shard *s, struct sbuf *out);

#endif

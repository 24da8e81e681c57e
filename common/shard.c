/* Shards: the partition of instances by a hash of their id. */
#include "common/shard.h"

#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/sha256.h"

/* Digits only (no sign, no space), at most SHARD_MAX; -1 otherwise. */
static long digits(const char *s, size_t n)
{
	unsigned long v = 0;
	if (!n || n > 7)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v <= SHARD_MAX ? (long)v : -1;
}

int shard_parse(const char *s, const char *what, struct shard *out,
                struct err *e)
{
	const char *slash = strchr(s, '/');
	if (!slash || !slash[1] || slash == s)
		return err_set(e, ERR_USAGE,
		               "%s wants K/N (K from 0 to N-1), not '%s'%s",
		               what, s,
		               slash ? "; is the job array's index or count "
		                       "variable empty?"
		                     : "");
	long k = digits(s, (size_t)(slash - s));
	long n = digits(slash + 1, strlen(slash + 1));
	if (k < 0 || n < 1)
		return err_set(e, ERR_USAGE,
		               "%s wants K/N with whole numbers, N from 1 to "
		               "%lu, not '%s'",
		               what, SHARD_MAX, s);
	if (k >= n)
		return err_set(e, ERR_USAGE,
		               "%s %s: K counts from 0, so it must be below "
		               "N (0 to %ld); with Slurm use --array=0-%ld",
		               what, s, n - 1, n - 1);
	out->k = (unsigned long)k;
	out->n = (unsigned long)n;
	return 0;
}

unsigned long shard_of(const char *id, size_t len, unsigned long n)
{
	struct sha256 h;
	unsigned char d[32];
	uint64_t v = 0;
	sha256_init(&h);
	sha256_update(&h, id, len);
	sha256_final(&h, d);
	for (int i = 0; i < 8; i++)
		v = v << 8 | d[i];
	return (unsigned long)(v % n);
}

bool shard_has(const struct shard *s, const char *id, size_t len)
{
	return !s->n || shard_of(id, len, s->n) == s->k;
}

void shard_name(const struct shard *s, struct sbuf *out)
{
	sbuf_addf(out, "%lu/%lu", s->k, s->n);
}

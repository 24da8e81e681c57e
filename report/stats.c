/* Means, seeded percentile bootstrap intervals and the exact sign test. */
#include "report/stats.h"

#include <math.h>
#include <stdlib.h>

#include "common/rng.h"
#include "common/xalloc.h"

double stats_mean(const double *v, size_t n)
{
	if (!n)
		return NAN;
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s / (double)n;
}

/*
 * An index below n from one 64-bit draw by multiply-shift: no division, so
 * resampling 100,000 scores a thousand times stays fast; the bias is at most
 * n / 2^64.
 */
static size_t draw(struct rng *r, size_t n)
{
#ifdef __SIZEOF_INT128__
	return (size_t)(((unsigned __int128)rng_next(r) * n) >> 64);
#else
	return (size_t)rng_below(r, n);
#endif
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void stats_boot_ci(const double *v, size_t n, unsigned b, uint64_t seed,
                   const char *label, double level, double *lo, double *hi)
{
	if (n <= 1 || !b) {
		*lo = *hi = n ? v[0] : NAN;
		if (n > 1)
			*lo = *hi = stats_mean(v, n);
		return;
	}
	struct rng r;
	rng_init_label(&r, seed, label ? label : "");
	double *means = xmalloc(b * sizeof(double));
	for (unsigned k = 0; k < b; k++) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			s += v[draw(&r, n)];
		means[k] = s / (double)n;
	}
	qsort(means, b, sizeof(double), cmp_double);
	double tail = (1 - level) / 2;
	size_t ilo = (size_t)floor(tail * (b - 1) + 0.5);
	size_t ihi = (size_t)floor((1 - tail) * (b - 1) + 0.5);
	*lo = means[ilo];
	*hi = means[ihi];
	free(means);
}

double stats_sign_p(long pos, long neg)
{
	long n = pos + neg;
	if (n <= 0 || neg <= 0)
		return 1;
	/* sum of C(n,k) / 2^n for k >= neg, in logs to survive large n */
	double p = 0, base = -(double)n * log(2.0);
	for (long k = neg; k <= n; k++)
		p += exp(lgamma((double)n + 1) - lgamma((double)k + 1) -
		         lgamma((double)(n - k) + 1) + base);
	return p > 1 ? 1 : p;
}

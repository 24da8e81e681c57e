/* Statistics for reports and comparisons: means, seeded bootstrap intervals,
 * the sign test. */
#ifndef CTX_STATS_H
#define CTX_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Mean of v[0..n); NaN when n is 0. */
double stats_mean(const double *v, size_t n);

/*
 * Percentile bootstrap interval of the mean of v[0..n) at level (e.g. 0.95)
 * from b resamples drawn from the stream (seed, label), so the same data
 * give the same interval. n 0 gives NaN; n 1 gives the value itself.
 */
void stats_boot_ci(const double *v, size_t n, unsigned b, uint64_t seed,
                   const char *label, double level, double *lo, double *hi);

/*
 * One-sided sign test: the probability of at least neg negative signs among
 * pos + neg non-zero paired differences when either sign is equally likely
 * (McNemar's exact test when scores are 0/1). 1 when there are none.
 */
double stats_sign_p(long pos, long neg);

#endif

/* Tests of stats: means, deterministic bootstrap intervals, the sign test. */
#include <math.h>
#include <stdbool.h>

#include "check.h"
#include "report/stats.h"

static bool near(double a, double b, double eps)
{
	return fabs(a - b) < eps;
}

TEST(mean)
{
	double v[] = {1, 0, 0.5, 0.5};
	CHECK(near(stats_mean(v, 4), 0.5, 1e-12));
	CHECK(isnan(stats_mean(v, 0)));
}

TEST(boot_deterministic_and_covers_mean)
{
	double v[200], lo, hi, lo2, hi2;
	for (int i = 0; i < 200; i++)
		v[i] = i % 4 == 0; /* mean 0.25, sd 0.433, se 0.031 */
	stats_boot_ci(v, 200, 1000, 7, "x", 0.95, &lo, &hi);
	stats_boot_ci(v, 200, 1000, 7, "x", 0.95, &lo2, &hi2);
	CHECK(lo == lo2 && hi == hi2);
	CHECK(lo < 0.25 && hi > 0.25);
	/* roughly mean -+ 1.96 se */
	CHECK(near(hi - lo, 2 * 1.96 * 0.0306, 0.03));
	stats_boot_ci(v, 200, 1000, 8, "x", 0.95, &lo2, &hi2);
	CHECK(lo != lo2 || hi != hi2);
}

TEST(boot_degenerate)
{
	double v[] = {0.5, 0.5, 0.5}, lo, hi;
	stats_boot_ci(v, 3, 100, 1, "c", 0.95, &lo, &hi);
	CHECK(lo == 0.5 && hi == 0.5);
	stats_boot_ci(v, 1, 100, 1, "c", 0.95, &lo, &hi);
	CHECK(lo == 0.5 && hi == 0.5);
	stats_boot_ci(v, 0, 100, 1, "c", 0.95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
}

TEST(sign_test)
{
	CHECK(near(stats_sign_p(0, 0), 1, 1e-12));
	CHECK(near(stats_sign_p(5, 0), 1, 1e-12));
	/* 10 of 10 negative: 1/1024 */
	CHECK(near(stats_sign_p(0, 10), 1.0 / 1024, 1e-12));
	/* 2 positive, 8 negative: P(X >= 8) = (45 + 10 + 1) / 1024 */
	CHECK(near(stats_sign_p(2, 8), 56.0 / 1024, 1e-12));
	CHECK(stats_sign_p(50000, 50300) > 0.1);
	CHECK(stats_sign_p(50000, 51000) < 0.01);
}

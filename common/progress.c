/* Terminal progress line. */
#include "common/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p)
{
	const char *force = getenv("CTXBENCH_PROGRESS");
	p->on = force ? !strcmp(force, "1") : isatty(2);
	p->start = p->last = now_sec();
	p->drawn = false;
}

void progress_update(struct progress *p, const char *label, long long done,
		     long long total, const char *extra)
{
	if (!p->on)
		return;
	double t = now_sec();
	if (p->drawn && t - p->last < 0.1 && done != total)
		return;
	p->last = t;
	p->drawn = true;
	double el = t - p->start, rate = el > 0 ? (double)done / el : 0;
	fprintf(stderr, "\r\033[K%s %lld", label, done);
	if (total > 0)
		fprintf(stderr, "/%lld", total);
	fprintf(stderr, "  %.1f/s", rate);
	if (total > 0 && rate > 0 && done < total)
		fprintf(stderr, "  eta %.0fs", (double)(total - done) / rate);
	if (extra && *extra)
		fprintf(stderr, "  %s", extra);
	fflush(stderr);
}

void progress_done(struct progress *p)
{
	if (p->on && p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = false;
}

/* A one-line progress display on stderr, shown only when stderr is a terminal. */
#ifndef CTX_PROGRESS_H
#define CTX_PROGRESS_H

#include <stdbool.h>

struct progress {
	bool on;       /* stderr is a terminal (or CTXBENCH_PROGRESS=1) */
	double start;  /* monotonic seconds at init */
	double last;   /* last draw */
	bool drawn;
};

/* Monotonic clock in seconds. */
double now_sec(void);
void progress_init(struct progress *p);
/* Redraws at most 10 times a second: "label done/total rate ETA extra". total may be 0 (unknown). */
void progress_update(struct progress *p, const char *label, long long done,
		     long long total, const char *extra);
/* Clears the line. */
void progress_done(struct progress *p);

#endif

/* The command provider: one local process per prompt, prompt on stdin, reply on
 * stdout. */
#ifndef CTX_PROVIDER_COMMAND_H
#define CTX_PROVIDER_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <curl/curl.h>

#include "common/parse.h"
#include "common/sbuf.h"

struct err;
struct reply;

/* One running process; the prompt is borrowed and must outlive it. */
struct cmdproc {
	pid_t pid;
	int in, out, errfd; /* -1 once closed */
	const char *prompt;
	size_t len, off;
	struct sbuf stdout_buf, stderr_buf;
	double start, deadline; /* monotonic seconds; deadline 0 = none */
};

/*
 * Starts argv[0] (looked up in PATH, no shell) with the prompt on its stdin,
 * in a process group of its own. timeout is in seconds (0 = none). -1 and e
 * filled when it cannot start.
 */
int cmdproc_start(struct cmdproc *c, char *const argv[], const char *prompt,
                  size_t len, double timeout, struct err *e);
/* Fills up to 3 descriptors to wait on; returns how many. */
unsigned cmdproc_fds(const struct cmdproc *c, struct curl_waitfd *w);
/*
 * Moves data without blocking. Returns true when the process is over (what
 * it left running in its group is killed), with r filled: OK (stdout as the
 * text), ERROR on a non-zero exit (stderr excerpt) or on stdout over 64 MiB,
 * RETRY on a timeout.
 */
bool cmdproc_service(struct cmdproc *c, double now, struct reply *r);
/* Kills the process's group, reaps the process and frees the buffers; accepts
 * a finished one. */
void cmdproc_kill(struct cmdproc *c);

#endif

/*
 * Splits a --command value into argv without a shell: words separated by
 * white space, '...' and "..." group, backslash escapes one character.
 * -1 and e filled on an unterminated quote or an empty command.
 */
int command_split(const char *s, struct strlist *argv, struct err *e);

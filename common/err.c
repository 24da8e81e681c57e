/* Error values and their exit codes. */
#include "common/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, enum err_kind kind, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	e->kind = kind;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int err_prefix(struct err *e, const char *fmt, ...)
{
	if (!e)
		return -1;
	char head[512], old[sizeof(e->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	/* messages longer than the buffer are cut, on purpose */
	size_t hl = strlen(head), cap = sizeof(e->msg) - 1;
	if (hl > cap - 2)
		hl = cap - 2;
	memcpy(e->msg, head, hl);
	memcpy(e->msg + hl, ": ", 2);
	size_t ol = strlen(old);
	if (ol > cap - hl - 2)
		ol = cap - hl - 2;
	memcpy(e->msg + hl + 2, old, ol);
	e->msg[hl + 2 + ol] = '\0';
	if (e->kind == ERR_NONE)
		e->kind = ERR_RUNTIME;
	return -1;
}

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->kind = ERR_NONE;
	e->msg[0] = '\0';
}

enum exit_code err_exit_code(const struct err *e)
{
	switch (e->kind) {
	case ERR_NONE:
		return EXIT_OK;
	case ERR_USAGE:
		return EXIT_USAGE;
	case ERR_INPUT:
		return EXIT_INPUT;
	default:
		return EXIT_RUNTIME;
	}
}

int err_report(const struct err *e)
{
	fprintf(stderr, "ctxbench: error: %s\n", e->msg[0] ? e->msg : "unknown error");
	return err_exit_code(e);
}

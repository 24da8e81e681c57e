/* Line reader over getline. */
#include "common/lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

int lines_open(struct lines *r, const char *path, struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (!strcmp(path, "-")) {
		r->f = stdin;
		r->path = xstrdup("standard input");
		return 0;
	}
	r->f = fopen(path, "re");
	if (!r->f)
		return err_set(e, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
	r->owned = 1;
	r->path = xstrdup(path);
	return 0;
}

int lines_next(struct lines *r, struct err *e)
{
	errno = 0;
	ssize_t n = getline(&r->line, &r->cap, r->f);
	if (n < 0) {
		if (ferror(r->f))
			return err_set(e, ERR_IO, "cannot read '%s': %s",
				       r->path ? r->path : "?", strerror(errno));
		return 0;
	}
	if (n > 0 && r->line[n - 1] == '\n')
		r->line[--n] = '\0';
	if (n > 0 && r->line[n - 1] == '\r')
		r->line[--n] = '\0';
	r->len = (size_t)n;
	r->lineno++;
	return 1;
}

void lines_close(struct lines *r)
{
	if (!r)
		return;
	if (r->owned && r->f)
		fclose(r->f);
	free(r->line);
	free(r->path);
	memset(r, 0, sizeof(*r));
}

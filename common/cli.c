/* Shared subcommand helpers. */
#include "common/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "config.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ctxbench: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nsee 'ctxbench %s --help'\n", cmd);
	return EXIT_USAGE;
}

bool cli_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

int outfile_open(struct outfile *o, const char *path, struct err *e)
{
	memset(o, 0, sizeof(*o));
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	struct stat st;
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		/* /dev/null, a FIFO: write in place, never rename over it */
		o->f = fopen(path, "w");
		if (!o->f)
			return err_set(e, ERR_IO, "cannot write '%s': %s", path,
				       strerror(errno));
		return 0;
	}
	struct sbuf tmp = SBUF_INIT;
	sbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_set(e, ERR_IO, "cannot write '%s': %s", path, strerror(errno));
		sbuf_release(&tmp);
		return -1;
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		close(fd);
		unlink(tmp.buf);
		sbuf_release(&tmp);
		return err_set(e, ERR_IO, "cannot write '%s': %s", path, strerror(errno));
	}
	o->path = xstrdup(path);
	o->tmp = sbuf_detach(&tmp);
	return 0;
}

int outfile_commit(struct outfile *o, struct err *e)
{
	if (!o->path) {
		int bad = fflush(o->f) || ferror(o->f);
		if (o->f != stdout)
			bad |= fclose(o->f) != 0;
		o->f = NULL;
		if (bad)
			return err_set(e, ERR_IO, "write to standard output failed: %s",
				       strerror(errno));
		return 0;
	}
	int bad = fflush(o->f) || ferror(o->f);
	int saved = errno;
	bad |= fclose(o->f) != 0;
	o->f = NULL;
	if (bad || rename(o->tmp, o->path)) {
		if (!bad)
			saved = errno;
		unlink(o->tmp);
		err_set(e, ERR_IO, "cannot write '%s': %s", o->path, strerror(saved));
		outfile_abort(o);
		return -1;
	}
	outfile_abort(o);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (!o)
		return;
	if (o->path && o->f) {
		fclose(o->f);
		unlink(o->tmp);
	} else if (o->f && o->f != stdout) {
		fclose(o->f);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

int outfile_not_input(const char *out, const char *in, const char *what,
                      struct err *e)
{
	struct stat a, b;
	if (!out || !in || !strcmp(out, "-") || stat(out, &a) || stat(in, &b))
		return 0;
	if (a.st_dev != b.st_dev || a.st_ino != b.st_ino || !S_ISREG(a.st_mode))
		return 0;
	return err_set(e, ERR_USAGE,
	               "-o '%s' is %s '%s'; writing it would destroy the "
	               "input: give another output file",
	               out, what, in);
}

const char *data_dir(void)
{
	const char *d = getenv("CTXBENCH_DATA");
	return d && *d ? d : CTXBENCH_DATADIR;
}

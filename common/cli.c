/* Shared subcommand helpers. */
#include "common/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* Temporary files of outfiles not yet committed or aborted: removed when a
 * signal or a fatal error (out of memory) ends the process first, so Ctrl-C
 * never leaves a large *.tmp.PID behind. */
#define LIVE_MAX 8
static char *volatile live[LIVE_MAX];

static void live_remove_all(void)
{
	for (size_t i = 0; i < LIVE_MAX; i++)
		if (live[i])
			unlink(live[i]); /* async-signal-safe */
}

static void on_fatal_signal(int sig)
{
	live_remove_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void live_add(char *tmp)
{
	static bool hooked;
	if (!hooked) {
		static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
		hooked = true;
		for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
			struct sigaction old;
			/* a command with its own handler (run) keeps it */
			if (!sigaction(sigs[i], NULL, &old) &&
			    old.sa_handler == SIG_DFL)
				signal(sigs[i], on_fatal_signal);
		}
		xalloc_on_fatal(live_remove_all);
	}
	for (size_t i = 0; i < LIVE_MAX; i++)
		if (!live[i]) {
			live[i] = tmp;
			return;
		}
}

static void live_drop(const char *tmp)
{
	for (size_t i = 0; i < LIVE_MAX; i++)
		if (live[i] == tmp)
			live[i] = NULL;
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
		o->dev = xstrdup(path);
		return 0;
	}
	struct sbuf tmp = SBUF_INIT;
	sbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	o->tmp = sbuf_detach(&tmp);
	/* listed (and the handlers set) before the file exists: a signal
	 * right after open() would otherwise leave it behind */
	live_add(o->tmp);
	int fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		int saved = errno;
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		outfile_abort(o);
		return err_set(e, ERR_IO, "cannot write '%s': %s", path,
			       strerror(saved));
	}
	o->path = xstrdup(path);
	return 0;
}

int outfile_commit(struct outfile *o, struct err *e)
{
	if (!o->path) {
		int bad = fflush(o->f) || ferror(o->f);
		if (o->f != stdout)
			bad |= fclose(o->f) != 0;
		o->f = NULL;
		int saved = errno;
		char *dev = o->dev;
		o->dev = NULL;
		if (bad && dev)
			err_set(e, ERR_IO, "cannot write '%s': %s", dev,
			        strerror(saved));
		else if (bad)
			err_set(e, ERR_IO, "write to standard output failed: %s",
			        strerror(saved));
		free(dev);
		return bad ? -1 : 0;
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
	live_drop(o->tmp);
	free(o->path);
	free(o->tmp);
	free(o->dev);
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

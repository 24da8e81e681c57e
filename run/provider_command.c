/* Local processes as a model: posix_spawn with pipes, driven from the run's
 * event loop. */
#include "run/provider_command.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/err.h"
#include "common/progress.h"
#include "run/provider.h"

extern char **environ;

#define OUT_MAX (64u << 20)

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int cmdproc_start(struct cmdproc *c, char *const argv[], const char *prompt,
                  size_t len, double timeout, struct err *e)
{
	int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t def;
	memset(c, 0, sizeof(*c));
	c->in = c->out = c->errfd = -1;
	sbuf_init(&c->stdout_buf);
	sbuf_init(&c->stderr_buf);
	c->stdout_buf.max = c->stderr_buf.max = OUT_MAX;
	if (pipe2(pin, O_CLOEXEC) || pipe2(pout, O_CLOEXEC) ||
	    pipe2(perr, O_CLOEXEC)) {
		err_set(e, ERR_IO, "cannot create a pipe: %s", strerror(errno));
		goto fail;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	/* its own process group, so a timeout or Ctrl-C can kill everything it
	 * started (a script's children too); SIGPIPE back to the default that
	 * run ignores for itself */
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at,
	                         POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&at, 0);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &def);
	int rc = posix_spawnp(&c->pid, argv[0], &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		err_set(e, ERR_IO, "cannot run '%s': %s", argv[0],
		        strerror(rc));
		goto fail;
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	c->in = pin[1];
	c->out = pout[0];
	c->errfd = perr[0];
	fcntl(c->in, F_SETFL, O_NONBLOCK);
	fcntl(c->out, F_SETFL, O_NONBLOCK);
	fcntl(c->errfd, F_SETFL, O_NONBLOCK);
	c->prompt = prompt;
	c->len = len;
	c->start = now_sec();
	c->deadline = timeout > 0 ? c->start + timeout : 0;
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		close_fd(&pin[i]);
		close_fd(&pout[i]);
		close_fd(&perr[i]);
	}
	c->pid = 0;
	return -1;
}

unsigned cmdproc_fds(const struct cmdproc *c, struct curl_waitfd *w)
{
	unsigned n = 0;
	if (c->in >= 0)
		w[n++] = (struct curl_waitfd){c->in, CURL_WAIT_POLLOUT, 0};
	if (c->out >= 0)
		w[n++] = (struct curl_waitfd){c->out, CURL_WAIT_POLLIN, 0};
	if (c->errfd >= 0)
		w[n++] = (struct curl_waitfd){c->errfd, CURL_WAIT_POLLIN, 0};
	return n;
}

/* Reads what is there; closes fd at end of file or on an error. Returns
 * false when sb's cap cut what was read. */
static bool drain(int *fd, struct sbuf *sb)
{
	char buf[65536];
	bool fits = true;
	while (*fd >= 0) {
		ssize_t n = read(*fd, buf, sizeof(buf));
		if (n > 0) {
			if (sbuf_add(sb, buf, (size_t)n))
				fits = false;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return fits;
		close_fd(fd);
	}
	return fits;
}

static void feed(struct cmdproc *c)
{
	while (c->in >= 0 && c->off < c->len) {
		ssize_t n = write(c->in, c->prompt + c->off, c->len - c->off);
		if (n > 0)
			c->off += (size_t)n;
		else if (n < 0 && errno == EAGAIN)
			return;
		else if (!(n < 0 && errno == EINTR))
			break; /* the program closed its stdin: it gets no more
			        */
	}
	close_fd(&c->in);
}

static void result(struct cmdproc *c, int status, struct reply *r)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		r->status = REPLY_OK;
		sbuf_add(&r->text, c->stdout_buf.buf, c->stdout_buf.len);
		reply_set(&r->finish_reason, "exit");
		return;
	}
	struct sbuf m = SBUF_INIT;
	if (WIFEXITED(status))
		sbuf_addf(&m, "the command exited with %d",
		          WEXITSTATUS(status));
	else
		sbuf_addf(&m, "the command was killed by signal %d",
		          WTERMSIG(status));
	sbuf_rtrim(&c->stderr_buf);
	if (c->stderr_buf.len) {
		size_t n = c->stderr_buf.len > 200 ? 200 : c->stderr_buf.len;
		sbuf_adds(&m, ": ");
		for (size_t i = 0; i < n; i++) {
			char ch = c->stderr_buf.buf[i];
			sbuf_addch(&m, ch == '\n' || ch == '\r' ? ' ' : ch);
		}
	}
	r->status = REPLY_ERROR;
	free(r->error);
	r->error = sbuf_detach(&m);
}

bool cmdproc_service(struct cmdproc *c, double now, struct reply *r)
{
	int status;
	siginfo_t si;
	feed(c);
	bool fits = drain(&c->out, &c->stdout_buf);
	drain(&c->errfd, &c->stderr_buf); /* only an excerpt is kept */
	if (!fits) {
		/* a cut reply is not the reply: never record it as ok */
		cmdproc_kill(c);
		struct sbuf m = SBUF_INIT;
		sbuf_addf(&m, "the command's output exceeded %u bytes",
		          OUT_MAX);
		r->status = REPLY_ERROR;
		free(r->error);
		r->error = sbuf_detach(&m);
		return true;
	}
	if (c->deadline && now > c->deadline) {
		cmdproc_kill(c);
		r->status = REPLY_RETRY;
		reply_set(&r->error, "the command timed out");
		return true;
	}
	if (c->out >= 0 || c->errfd >= 0)
		return false;
	/* both outputs closed: the process is ending. Wait for it without
	 * reaping, so its id still names its group while what it left
	 * running in the background is killed, then reap it. */
	while (waitid(P_PID, c->pid, &si, WEXITED | WNOWAIT) < 0 &&
	       errno == EINTR)
		;
	kill(-c->pid, SIGKILL);
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
	result(c, status, r);
	cmdproc_kill(c);
	return true;
}

void cmdproc_kill(struct cmdproc *c)
{
	if (c->pid > 0) {
		kill(-c->pid, SIGKILL); /* the whole group: see cmdproc_start */
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	c->pid = 0;
	close_fd(&c->in);
	close_fd(&c->out);
	close_fd(&c->errfd);
	sbuf_release(&c->stdout_buf);
	sbuf_release(&c->stderr_buf);
}

const struct provider provider_command = {
    .name = "command",
    .kind = PROVIDER_COMMAND,
};

int command_split(const char *s, struct strlist *argv, struct err *e)
{
	struct sbuf w = SBUF_INIT;
	bool in_word = false;
	char quote = 0;
	for (const char *p = s;; p++) {
		char ch = *p;
		if (!ch && quote) {
			sbuf_release(&w);
			return err_set(e, ERR_USAGE,
			               "--command: unterminated %c", quote);
		}
		if (!ch ||
		    (!quote && (ch == ' ' || ch == '\t' || ch == '\n'))) {
			if (in_word)
				strlist_push(argv, w.buf);
			sbuf_reset(&w);
			in_word = false;
			if (!ch)
				break;
			continue;
		}
		in_word = true;
		if (ch == quote)
			quote = 0;
		else if (!quote && (ch == '\'' || ch == '"'))
			quote = ch;
		else if (ch == '\\' && quote != '\'' && p[1])
			sbuf_addch(&w, *++p);
		else
			sbuf_addch(&w, ch);
	}
	sbuf_release(&w);
	if (!argv->n)
		return err_set(e, ERR_USAGE, "--command is empty");
	return 0;
}

/* Replays inputs through a fuzz target without libFuzzer, so every build
 * compiles the targets and the test suite runs their seed corpora (under the
 * sanitizers in the ASan build):
 *     fuzz_score_replay FILE|DIR...
 * A crash or sanitizer report fails the run; otherwise it prints how many
 * inputs it replayed. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	struct sbuf s = SBUF_INIT;
	struct err e = ERR_INIT;
	if (sbuf_read_file(&s, path, &e)) {
		fprintf(stderr, "replay: %s\n", e.msg);
		return -1;
	}
	/* a copy of exactly the input's size, so ASan sees reads past it */
	uint8_t *data = malloc(s.len ? s.len : 1);
	if (!data) {
		sbuf_release(&s);
		return -1;
	}
	if (s.len)
		memcpy(data, s.buf, s.len);
	LLVMFuzzerTestOneInput(data, s.len);
	free(data);
	sbuf_release(&s);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays a directory's regular files in name order; returns how many, or -1. */
static long replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: cannot open '%s'\n", dir);
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			char **grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				abort();
			names = grown;
		}
		struct sbuf p = SBUF_INIT;
		sbuf_addf(&p, "%s/%s", dir, de->d_name);
		names[n++] = sbuf_detach(&p);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	long done = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (done >= 0 && !stat(names[i], &st) && S_ISREG(st.st_mode))
			done = replay_file(names[i]) ? -1 : done + 1;
		free(names[i]);
	}
	free(names);
	return done;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	long total = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		long n;
		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: cannot open '%s'\n", argv[i]);
			return 1;
		}
		n = S_ISDIR(st.st_mode) ? replay_dir(argv[i])
		                        : (replay_file(argv[i]) ? -1 : 1);
		if (n < 0)
			return 1;
		total += n;
	}
	printf("replayed %ld inputs\n", total);
	return total ? 0 : 1;
}

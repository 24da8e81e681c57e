/* ctxbench tokens: count, or print the ids of, standard input under a
 * tokenizer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "tok/tok.h"

static const char usage[] =
    "usage: ctxbench tokens --tokenizer PATH|ratio[:R] [--ids] [--lines] "
    "[FILE...] < text\n"
    "\n"
    "Reads all of standard input and prints its number of tokens (no BOS/EOS\n"
    "or other special tokens are added), or with --ids the token ids, one per\n"
    "line. With FILEs, prints one line per file instead: the count (or the "
    "ids\n"
    "separated by spaces), a tab and the file name. With --lines, each line\n"
    "(split at \"\\n\", which is not counted) is tokenized on its own and\n"
    "gets its own output line (after a tab, FILE:N names it). Options may\n"
    "come before,\n"
    "between or after the FILEs; -- ends them (for a file named like one).\n"
    "\n"
    "options:\n"
    "  --tokenizer SPEC  a Hugging Face tokenizer.json (byte-level BPE such "
    "as\n"
    "                    Llama 3, Qwen 3, GPT-4o, or SentencePiece-style BPE\n"
    "                    with byte fallback such as Llama 2), or ratio[:R] "
    "for\n"
    "                    the chars/R estimate (default R 3.66; counts only)\n"
    "  --ids             print the ids instead of the count\n"
    "  --lines           tokenize each line of the input on its own\n"
    "  --time            print to stderr the CPU time of loading the\n"
    "                    tokenizer and of tokenizing (ms), and the bytes read\n"
    "  --name            print the tokenizer's recorded name and exit\n"
    "  -h, --help        show this help\n"
    "\n"
    "Added tokens written in the text (e.g. <|endoftext|>) count as their one\n"
    "id, as in Hugging Face's tokenizers. Invalid UTF-8 is read as U+FFFD\n"
    "per invalid sequence, as JavaScript's TextDecoder does.\n";

struct opts {
	const char *spec;
	int ids, name, lines, time;
	double enc_ms; /* CPU time in tok_count/tok_encode (--time) */
	size_t bytes;
	char **files; /* the file names among argv, in order (owned array) */
	int nfiles;
};

/* Options may come anywhere among the file names; "--" ends them. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	int dashes = 0;
	o->files = xcalloc((size_t)argc, sizeof(*o->files));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (dashes || a[0] != '-' || !a[1]) {
			o->files[o->nfiles++] = argv[i];
		} else if (!strcmp(a, "--")) {
			dashes = 1;
		} else if (cli_is_help(a)) {
			fputs(usage, stdout);
			return -1;
		} else if (!strcmp(a, "--tokenizer")) {
			if (++i >= argc)
				return cli_usage_error(
				    "tokens", "--tokenizer needs a value");
			o->spec = argv[i];
		} else if (!strncmp(a, "--tokenizer=", 12)) {
			o->spec = a + 12;
		} else if (!strcmp(a, "--ids")) {
			o->ids = 1;
		} else if (!strcmp(a, "--time")) {
			o->time = 1;
		} else if (!strcmp(a, "--lines")) {
			o->lines = 1;
		} else if (!strcmp(a, "--name")) {
			o->name = 1;
		} else {
			return cli_usage_error("tokens", "unknown option '%s'",
			                       a);
		}
	}
	if (!o->spec || !*o->spec)
		return cli_usage_error("tokens", "--tokenizer is required");
	return 0;
}

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Prints the count or ids of s[0..n), then the tab and name when named. */
static int emit(struct opts *o, struct tok *t, const char *s, size_t n,
                const char *name, size_t line, struct ids *ids, struct err *e)
{
	double t0 = cpu_ms();
	o->bytes += n;
	if (!o->ids) {
		long long c = tok_count(t, s, n, e);
		o->enc_ms += cpu_ms() - t0;
		if (c < 0)
			return -1;
		printf("%lld", c);
	} else {
		ids->n = 0;
		int rc = tok_encode(t, s, n, ids, e);
		o->enc_ms += cpu_ms() - t0;
		if (rc)
			return -1;
		for (size_t i = 0; i < ids->n; i++)
			printf(i + 1 < ids->n && name ? "%u "
			       : name                 ? "%u"
			                              : "%u\n",
			       (unsigned)ids->v[i]);
	}
	if (name && line)
		printf("\t%s:%zu", name, line);
	else if (name)
		printf("\t%s", name);
	if (name || !o->ids)
		putchar('\n');
	return 0;
}

/* Prints the count or ids of one input (or of each of its lines); file NULL
 * is standard input. */
static int one(struct opts *o, struct tok *t, const char *file,
               struct err *e)
{
	struct sbuf in = SBUF_INIT;
	struct ids ids = IDS_INIT;
	int rc = sbuf_read_file(&in, file ? file : "-", e);
	if (rc)
		err_prefix(e, "%s", file ? "reading input" : "standard input");
	else if (!o->lines)
		rc = emit(o, t, in.buf, in.len, file, 0, &ids, e);
	for (size_t at = 0, line = 1; !rc && o->lines && at <= in.len; line++) {
		const char *nl = memchr(in.buf + at, '\n', in.len - at);
		size_t len = nl ? (size_t)(nl - in.buf) - at : in.len - at;
		/* ids of a line go on one output line, even from stdin */
		rc = emit(o, t, in.buf + at, len, file ? file : "-", line, &ids, e);
		at += len + 1;
	}
	if (rc && file)
		err_prefix(e, "'%s'", file);
	ids_release(&ids);
	sbuf_release(&in);
	return rc;
}

static int run(struct opts *o, struct tok *t, struct err *e)
{
	if (o->name) {
		printf("%s\n", tok_name(t));
		return 0;
	}
	if (!o->nfiles)
		return one(o, t, NULL, e);
	for (int i = 0; i < o->nfiles; i++)
		if (one(o, t, o->files[i], e))
			return -1;
	return 0;
}

/* Entry point of `ctxbench tokens`. */
int cmd_tokens(int argc, char **argv)
{
	struct opts o = {0};
	struct err e = ERR_INIT;
	struct tok *t = NULL;
	int rc = parse_args(argc, argv, &o);
	if (rc) {
		rc = rc < 0 ? EXIT_OK : rc;
		goto out;
	}
	double t0 = cpu_ms();
	t = tok_open(o.spec, &e);
	double load = cpu_ms() - t0;
	rc = !t || run(&o, t, &e) ? err_report(&e) : EXIT_OK;
	if (o.time && t)
		fprintf(stderr, "load_ms %.1f encode_ms %.1f bytes %zu\n", load,
		        o.enc_ms, o.bytes);
out:
	tok_free(t);
	free(o.files);
	return rc;
}

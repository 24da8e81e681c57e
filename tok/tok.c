/* Tokenizer interface: the ratio estimate, or dispatch to a tokenizer.json (tok_hf). */
#include "tok/tok.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/sha256.h"
#include "common/json.h"
#include "common/parse.h"
#include "common/xalloc.h"
#include "tok/tok_hf.h"

#define DEFAULT_RATIO 3.66

struct tok {
	double ratio; /* > 0 for the ratio tokenizer */
	struct tok_hf *hf; /* the tokenizer.json otherwise */
	struct ids scratch; /* ids of tok_count */
	char name[320];
};

void ids_release(struct ids *ids)
{
	if (!ids)
		return;
	free(ids->v);
	ids->v = NULL;
	ids->n = ids->cap = 0;
}

static struct tok *tok_ratio(const char *arg, struct err *e)
{
	double r = DEFAULT_RATIO;
	if (arg && parse_double(arg, "--tokenizer ratio", 0.1, 100, &r, e))
		return NULL;
	struct tok *t = xcalloc(1, sizeof(*t));
	t->ratio = r;
	/* the name is how instances record the tokenizer, so it must give back
	 * r exactly: ratio:7.77777777, not ratio:7.77778 */
	struct sbuf name = SBUF_INIT;
	sbuf_adds(&name, "ratio:");
	json_add_num(&name, r);
	snprintf(t->name, sizeof(t->name), "%s", name.buf);
	sbuf_release(&name);
	return t;
}

/* The file's sha256, computed on a second thread while the first builds the
 * tokenizer (it is a fifth of the load time of a 9 MB file). */
struct file_sha {
	const struct sbuf *text;
	char hex[65];
};

static void *sha_thread(void *arg)
{
	struct file_sha *f = arg;
	sha256_hex(f->text->buf, f->text->len, f->hex);
	return NULL;
}

/* Names a file by content: "<basename>@sha256:<12 hex>", the same on any machine. */
static void file_name(struct tok *t, const char *path, const char *hex)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(t->name, sizeof(t->name), "%.240s@sha256:%.12s", base, hex);
}

static struct tok *tok_file(const char *path, struct err *e)
{
	struct sbuf text = SBUF_INIT;
	struct tok *t = NULL;
	struct stat st;
	if (!stat(path, &st) && st.st_size > 0) {
		sbuf_grow(&text, (size_t)st.st_size + 65538); /* no regrowth while reading */
		xadvise_huge(text.buf, text.cap);
	}
	if (sbuf_read_file(&text, path, e))
		goto out;
	struct file_sha sha = {&text, ""};
	pthread_t th;
	bool threaded = pthread_create(&th, NULL, sha_thread, &sha) == 0;
	struct tok_hf *hf = tok_hf_new(text.buf, text.len, e);
	if (threaded)
		pthread_join(th, NULL);
	if (!hf) {
		err_prefix(e, "tokenizer '%s'", path);
		goto out;
	}
	if (!threaded)
		sha_thread(&sha);
	t = xcalloc(1, sizeof(*t));
	t->hf = hf;
	file_name(t, path, sha.hex);
out:
	sbuf_release(&text);
	return t;
}

struct tok *tok_open(const char *spec, struct err *e)
{
	if (!strcmp(spec, "ratio"))
		return tok_ratio(NULL, e);
	if (!strncmp(spec, "ratio:", 6))
		return tok_ratio(spec + 6, e);
	return tok_file(spec, e);
}

void tok_free(struct tok *t)
{
	if (!t)
		return;
	tok_hf_free(t->hf);
	ids_release(&t->scratch);
	free(t);
}

const char *tok_name(const struct tok *t)
{
	return t->name;
}

bool tok_exact(const struct tok *t)
{
	return t->ratio == 0;
}

long long tok_count(struct tok *t, const char *s, size_t n, struct err *e)
{
	if (t->hf) {
		t->scratch.n = 0;
		if (tok_hf_encode(t->hf, s, n, &t->scratch, e))
			return -1;
		return (long long)t->scratch.n;
	}
	return (long long)ceil((double)utf8_count(s, n) / t->ratio);
}

long long tok_count_cp(struct tok *t, long long cp, struct err *e)
{
	if (t->hf)
		return err_set(e, ERR_USAGE, "the %s tokenizer counts text, not code points", t->name);
	return (long long)ceil((double)cp / t->ratio);
}

int tok_encode(struct tok *t, const char *s, size_t n, struct ids *out,
	       struct err *e)
{
	if (t->hf)
		return tok_hf_encode(t->hf, s, n, out, e);
	return err_set(e, ERR_USAGE, "the %s tokenizer only estimates counts and has no token ids", t->name);
}

long long tok_count_edges(struct tok *t, const char *s, size_t n,
                          struct tok_edges *ed, struct err *e)
{
	long long count;
	ed->head = ed->tail = 0;
	if (!t->hf) {
		ed->mid = count = tok_count(t, s, n, e);
		return count;
	}
	if (tok_hf_edges(t->hf, s, n, &count, &ed->mid, &ed->head, &ed->tail,
	                 e))
		return -1;
	return count;
}

int tok_seam(struct tok *t, const struct tok_edges *a,
             const struct tok_edges *b, long long *delta, struct err *e)
{
	if (!t->hf)
		return 0;
	return tok_hf_seam(t->hf, a->tail, b->head, delta, e);
}

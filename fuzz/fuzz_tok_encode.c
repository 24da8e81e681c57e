/* libFuzzer target: encoding any bytes with the tokenizer.json in
 * $TOK_FUZZ_JSON (or a tiny built-in one); then the input cut in two must
 * count, joined by "\n", as its halves and their seam say (tok_hf_seam). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "tok/tok.h"
#include "tok/tok_hf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every byte is in the vocabulary, so encoding can only fail on a bug. */
static const char tiny[] =
    "{\"added_tokens\": [{\"id\": 300, \"content\": \"<|x|>\", \"lstrip\": "
    "true}],"
    " \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": ["
    "  {\"type\": \"Split\", \"pattern\": {\"Regex\": "
    "\"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?\\\\p{L}+|"
    "\\\\p{N}{1,3}| "
    "?[^\\\\s\\\\p{L}\\\\p{N}]+[\\\\r\\\\n]*|\\\\s*[\\\\r\\\\n]+|\\\\s+(?!"
    "\\\\S)|\\\\s+\"},"
    "   \"behavior\": \"Isolated\", \"invert\": false},"
    "  {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"use_regex\": "
    "false}]},"
    " \"model\": {\"type\": \"BPE\", \"vocab\": {%s}, \"merges\": [%s]}}";

static struct tok_hf *tok;

/* Builds the tiny tokenizer: the 256 byte symbols and a few merges. */
static struct tok_hf *tiny_tok(void)
{
	struct sbuf v = SBUF_INIT, m = SBUF_INIT, all = SBUF_INIT;
	for (unsigned c = 0; c < 256; c++) {
		unsigned cp = c;
		/* GPT-2 byte alphabet: printable bytes map to themselves */
		if (!((c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) ||
		      c >= 0xAE)) {
			unsigned k = 0;
			for (unsigned x = 0; x < c; x++)
				k += !((x >= '!' && x <= '~') ||
				       (x >= 0xA1 && x <= 0xAC) || x >= 0xAE);
			cp = 256 + k;
		}
		sbuf_addf(&v, "%s\"\\u%04x\": %u", c ? ", " : "", cp, c);
	}
	sbuf_adds(&v, ", \"\\u0120t\": 256, \"he\": 257, \"\\u0120the\": 258, "
	              "\"in\": 259");
	sbuf_adds(&m, "\"\\u0120 t\", \"h e\", \"\\u0120t he\", \"i n\"");
	sbuf_addf(&all, tiny, v.buf, m.buf);
	struct err e = ERR_INIT;
	struct tok_hf *h = tok_hf_new(all.buf, all.len, &e);
	if (!h)
		fprintf(stderr, "tiny tokenizer: %s\n", e.msg);
	sbuf_release(&v);
	sbuf_release(&m);
	sbuf_release(&all);
	return h;
}

static void load(void)
{
	const char *path = getenv("TOK_FUZZ_JSON");
	if (!path) {
		tok = tiny_tok();
	} else {
		struct sbuf s = SBUF_INIT;
		struct err e = ERR_INIT;
		if (sbuf_read_file(&s, path, &e) == 0)
			tok = tok_hf_new(s.buf, s.len, &e);
		if (!tok)
			fprintf(stderr, "%s: %s\n", path, e.msg);
		sbuf_release(&s);
	}
	if (!tok)
		abort();
}

/* count(a "\n" b) == count(a) + mid(b) + seam whenever the seam is known. */
static void check_seam(const char *s, size_t n)
{
	size_t k = n / 2;
	long long ca, cb, ma, mb, d;
	uint32_t ha, ta, hb, tb;
	struct err e = ERR_INIT;
	if (tok_hf_edges(tok, s, k, &ca, &ma, &ha, &ta, &e) ||
	    tok_hf_edges(tok, s + k, n - k, &cb, &mb, &hb, &tb, &e) ||
	    tok_hf_seam(tok, ta, hb, &d, &e) != 1)
		return;
	struct sbuf j = SBUF_INIT;
	sbuf_add(&j, s, k);
	sbuf_addch(&j, '\n');
	sbuf_add(&j, s + k, n - k);
	struct ids ids = IDS_INIT;
	if (!tok_hf_encode(tok, j.buf, j.len, &ids, &e) &&
	    (long long)ids.n != ca + mb + d) {
		fprintf(stderr, "seam: whole %zu, parts %lld + %lld + %lld\n",
		        ids.n, ca, mb, d);
		abort();
	}
	ids_release(&ids);
	sbuf_release(&j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!tok)
		load();
	struct ids ids = IDS_INIT;
	struct err e = ERR_INIT;
	if (tok_hf_encode(tok, (const char *)data, size, &ids, &e) &&
	    getenv("TOK_FUZZ_JSON") == NULL)
		abort(); /* the tiny tokenizer covers every byte: failing is a
		            bug */
	ids_release(&ids);
	check_seam((const char *)data, size);
	return 0;
}

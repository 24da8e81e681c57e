/* Unit tests of the tokenizer.json implementation on tiny hand-made tokenizers.
 */
#include "tests/unit/check.h"

#include <stdlib.h>
#include <unistd.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "tok/tok.h"
#include "tok/tok_hf.h"
#include "tok/tok_hf_pre.h"
#include "tok/tok_re.h"
#include "tok/uni.h"
#include "common/re.h"

/* Byte-level BPE: a b c and space (U+0120 in the GPT-2 alphabet). */
static const char bytelevel[] =
    "{\"added_tokens\": [{\"id\": 9, \"content\": \"<|x|>\", \"special\": "
    "true},"
    " {\"id\": 10, \"content\": \"<L>\", \"lstrip\": true, \"rstrip\": true}],"
    " \"normalizer\": null,"
    " \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false,"
    "  \"use_regex\": true},"
    " \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"c\": 2,"
    "  \"\\u0120\": 3, \"ab\": 4, \"abc\": 5, \"\\u0120a\": 6, \"aa\": 7,"
    "  \"\\u0120\\u0120\": 8},"
    "  \"merges\": [\"a b\", \"ab c\", \"\\u0120 a\", \"a a\", \"\\u0120 "
    "\\u0120\"]}}";

/* SentencePiece-style BPE with byte fallback, as Llama 2 files are. */
static const char sp[] =
    "{\"added_tokens\": [{\"id\": 0, \"content\": \"<unk>\"}],"
    " \"normalizer\": {\"type\": \"Sequence\", \"normalizers\": ["
    "  {\"type\": \"Prepend\", \"prepend\": \"\\u2581\"},"
    "  {\"type\": \"Replace\", \"pattern\": {\"String\": \" \"}, \"content\": "
    "\"\\u2581\"}]},"
    " \"pre_tokenizer\": null,"
    " \"model\": {\"type\": \"BPE\", \"unk_token\": \"<unk>\", "
    "\"byte_fallback\": true,"
    "  \"fuse_unk\": true, \"vocab\": {\"<unk>\": 0, \"<0xC3>\": 1, "
    "\"<0xA9>\": 2,"
    "  \"\\u2581\": 3, \"h\": 4, \"i\": 5, \"\\u2581h\": 6, \"\\u2581hi\": 7},"
    "  \"merges\": [[\"\\u2581\", \"h\"], [\"\\u2581h\", \"i\"]]}}";

static struct tok_hf *load(const char *json, struct err *e)
{
	return tok_hf_new(json, strlen(json), e);
}

/* Encodes s and compares with the expected ids (terminated by -1). */
static int ids_are(struct tok_hf *h, const char *s, const int *want)
{
	struct ids ids = IDS_INIT;
	struct err e = ERR_INIT;
	int ok = tok_hf_encode(h, s, strlen(s), &ids, &e) == 0;
	size_t n = 0;
	while (want[n] >= 0)
		n++;
	ok = ok && ids.n == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = ids.v[i] == (uint32_t)want[i];
	if (!ok) {
		fprintf(stderr, "'%s' ->", s);
		for (size_t i = 0; i < ids.n; i++)
			fprintf(stderr, " %u", (unsigned)ids.v[i]);
		fprintf(stderr, " %s\n", e.msg);
	}
	ids_release(&ids);
	return ok;
}

/* Loading json must fail with a message containing what. */
static int load_fails(const char *json, const char *what)
{
	struct err e = ERR_INIT;
	struct tok_hf *h = load(json, &e);
	int ok = !h && e.kind == ERR_INPUT && strstr(e.msg, what);
	if (!ok)
		fprintf(stderr, "expected an error with '%s', got '%s'\n", what,
		        e.msg);
	tok_hf_free(h);
	return ok;
}

TEST(bytelevel_merges_by_rank)
{
	struct err e = ERR_INIT;
	struct tok_hf *h = load(bytelevel, &e);
	if (!h)
		fprintf(stderr, "%s\n", e.msg);
	CHECK(h);
	/* "abc" merges a+b then ab+c; " ab": a+b (rank 0) beats space+a (rank
	 * 2) */
	CHECK(ids_are(h, "abc ab", (int[]){5, 3, 4, -1}));
	CHECK(ids_are(h, " a", (int[]){6, -1}));
	/* equal ranks merge leftmost first */
	CHECK(ids_are(h, "aaa", (int[]){7, 0, -1}));
	CHECK(ids_are(h, "", (int[]){-1}));
	tok_hf_free(h);
}

TEST(added_tokens_in_text)
{
	struct err e = ERR_INIT;
	struct tok_hf *h = load(bytelevel, &e);
	CHECK(h);
	CHECK(ids_are(h, "a<|x|>b", (int[]){0, 9, 1, -1}));
	CHECK(ids_are(h, "<|x|><|x|>", (int[]){9, 9, -1}));
	CHECK(ids_are(h, "<|x|", (int[]){-1}) ==
	      0); /* '<' is not in the vocabulary */
	/* lstrip and rstrip eat the white space around <L> */
	CHECK(ids_are(h, "a  <L>  b", (int[]){0, 10, 1, -1}));
	tok_hf_free(h);
}

TEST(unknown_byte_without_unk_fails)
{
	struct err e = ERR_INIT;
	struct tok_hf *h = load(bytelevel, &e);
	struct ids ids = IDS_INIT;
	CHECK(tok_hf_encode(h, "z", 1, &ids, &e) == -1);
	CHECK(strstr(e.msg, "not in the vocabulary"));
	ids_release(&ids);
	tok_hf_free(h);
}

TEST(sentencepiece_byte_fallback)
{
	struct err e = ERR_INIT;
	struct tok_hf *h = load(sp, &e);
	CHECK(h);
	/* "hi é" -> "▁hi▁é": ▁hi, ▁, then é as its two UTF-8 bytes */
	CHECK(ids_are(h, "hi \xc3\xa9", (int[]){7, 3, 1, 2, -1}));
	/* x and y are unknown and their bytes too: one fused <unk> */
	CHECK(ids_are(h, "hxy", (int[]){6, 0, -1}));
	tok_hf_free(h);
}

TEST(invalid_utf8_like_textdecoder)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"a\xff"
	     "b",
	     "a\xef\xbf\xbd"
	     "b"},
	    {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xf0\x9f\x98", "\xef\xbf\xbd"},
	    {"\xe2\x82x", "\xef\xbf\xbdx"},
	    {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xf4\x90\x80\x80",
	     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"ok \xc3\xa9", "ok \xc3\xa9"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf out = SBUF_INIT;
		utf8_sanitize(cases[i].in, strlen(cases[i].in), &out);
		CHECK_STR(out.buf, cases[i].out);
		sbuf_release(&out);
	}
}

/* Matches of PCRE2 pattern pc (from tok_re_translate) on s, as "a|b|c". */
static void matches(const char *onig, const char *s, struct sbuf *out)
{
	struct sbuf pc = SBUF_INIT;
	struct err e = ERR_INIT;
	sbuf_reset(out);
	if (tok_re_translate(onig, &pc, NULL, &e)) {
		sbuf_adds(out, "ERROR");
		sbuf_release(&pc);
		return;
	}
	struct re *re = re_new(pc.buf, 0, &e);
	size_t ov[2], i = 0, n = strlen(s);
	while (re && i <= n && re_match(re, s, n, i, ov, 1) > 0) {
		if (out->len)
			sbuf_addch(out, '|');
		sbuf_add(out, s + ov[0], ov[1] - ov[0]);
		i = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
	}
	re_free(re);
	sbuf_release(&pc);
}

TEST(onig_classes_use_pinned_unicode)
{
	struct sbuf o = SBUF_INIT;
	/* \s is White_Space: U+0085 in, U+FEFF and U+180E out (the bug of
	 * issue 18: JavaScript's \s had it the other way round) */
	matches("\\s+", "a \t\xc2\x85" "b\xef\xbb\xbf" "c\xe1\xa0\x8e", &o);
	CHECK_STR(o.buf, " \t\xc2\x85");
	/* U+1F6DC (Unicode 15) is a symbol, not a letter; Kawi digits
	 * (Unicode 15) and Garay digits (16) are numbers */
	matches("[^\\s\\p{L}\\p{N}]+", "a\xf0\x9f\x9b\x9c" "b", &o);
	CHECK_STR(o.buf, "\xf0\x9f\x9b\x9c");
	matches("\\p{N}+", "x\xf0\x91\xbd\x90\xf0\x90\xb5\x80y", &o);
	CHECK_STR(o.buf, "\xf0\x91\xbd\x90\xf0\x90\xb5\x80");
	/* (?i) folds s with U+017F LATIN SMALL LETTER LONG S, as onig does */
	matches("(?i:'s|'ll)", "'S 'Ll '\xc5\xbf 'x", &o);
	CHECK_STR(o.buf, "'S|'Ll|'\xc5\xbf");
	/* . is anything but "\n"; $ ends a line; quantifiers stay */
	matches("a.$", "ab\nac", &o);
	CHECK_STR(o.buf, "ab|ac");
	matches("\\p{N}{1,3}", "12345", &o);
	CHECK_STR(o.buf, "123|45");
	matches("[\\S]+", "ab c", &o);
	CHECK_STR(o.buf, "ab|c");
	matches("\\x41\\u00e9\\#", "A\xc3\xa9#", &o);
	CHECK_STR(o.buf, "A\xc3\xa9#");
	matches("\\p{Unknown}", "x", &o);
	CHECK_STR(o.buf, "ERROR");
	matches("(?x)a", "a", &o);
	CHECK_STR(o.buf, "ERROR");
	sbuf_release(&o);
}

TEST(white_space_is_unicode_white_space)
{
	CHECK(uni_is_space(0x85) && uni_is_space(0xA0) && uni_is_space(0x3000));
	CHECK(!uni_is_space(0xFEFF) && !uni_is_space(0x180E) &&
	      !uni_is_space('x') && !uni_is_space(0x200B));
}

/* Lowercase as Rust's char::to_lowercase in tokenizers 0.23.2: Unicode 17
 * (U+A7CE, U+16EA0 are new in 17.0), and U+0130 becomes two code points. */
TEST(lowercase_is_rust_unicode_17)
{
	uint32_t o[2];
	CHECK(uni_lower(0xA7CE, o) == 1 && o[0] == 0xA7CF);
	CHECK(uni_lower(0x16EA0, o) == 1 && o[0] == 0x16EBB);
	CHECK(uni_lower(0x130, o) == 2 && o[0] == 'i' && o[1] == 0x307);
	CHECK(uni_lower('x', o) == 1 && o[0] == 'x');
}

/* NFKC with Unicode 9.0 tables, as tokenizers: U+32FF (12.1) stays. */
TEST(nfkc_uses_unicode_9)
{
	struct sbuf o = SBUF_INIT;
	uni_normalize(UNI_NFKC, "\xef\xac\x81 \xe3\x8b\xbf \xe2\x91\xa0", 11, &o);
	CHECK_STR(o.buf, "fi \xe3\x8b\xbf 1");
	sbuf_reset(&o);
	uni_normalize(UNI_NFC, "e\xcc\x81 \xe1\x84\x80\xe1\x85\xa1", 10, &o);
	CHECK_STR(o.buf, "\xc3\xa9 \xea\xb0\x80");
	sbuf_reset(&o);
	uni_normalize(UNI_NFD, "\xc3\xa9", 2, &o);
	CHECK_STR(o.buf, "e\xcc\x81");
	sbuf_release(&o);
}

TEST(bad_files_are_named_errors)
{
	CHECK(load_fails("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0",
	                 "malformed JSON"));
	CHECK(load_fails("[1, 2]", "JSON object"));
	CHECK(
	    load_fails("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}",
	               "unsupported model type 'WordPiece'"));
	CHECK(load_fails(
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}}",
	    "merges"));
	CHECK(load_fails("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": "
	                 "0}, \"merges\": [\"a b\"]}}",
	                 "not in the vocabulary"));
	CHECK(load_fails("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": "
	                 "-3}, \"merges\": []}}",
	                 "not an integer"));
	CHECK(load_fails("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": "
	                 "0}, \"merges\": [7]}}",
	                 "merges[0]"));
	CHECK(load_fails(
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
	    " \"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": "
	    "{\"Regex\": \"(a\"}}}",
	    "Split pre-tokenizer"));
	CHECK(load_fails(
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
	    " \"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}}",
	    "unsupported pre-tokenizer 'BertPreTokenizer'"));
	CHECK(load_fails(
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
	    " \"normalizer\": {\"type\": \"Precompiled\"}}",
	    "unsupported normalizer 'Precompiled'"));
	CHECK(load_fails(
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
	    " \"added_tokens\": [{\"id\": 1e12, \"content\": \"x\"}]}",
	    "added_tokens[0]"));
	CHECK(load_fails("{\"model\": {\"type\": \"BPE\", \"dropout\": 0.1, "
	                 "\"vocab\": {}, \"merges\": []}}",
	                 "dropout"));
}

/* Found by fuzz_tok_load: inserted invalid UTF-8 reached PCRE2 without UTF
 * checks. */
TEST(inserted_text_must_be_utf8)
{
	CHECK(load_fails(
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
	    " \"normalizer\": {\"type\": \"Replace\", \"pattern\": "
	    "{\"String\": \" \"},"
	    " \"content\": \"\xff\xfe\"}}",
	    "not valid UTF-8"));
	CHECK(load_fails(
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
	    " \"normalizer\": {\"type\": \"Prepend\", \"prepend\": \"\xc3\"}}",
	    "not valid UTF-8"));
	CHECK(load_fails(
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
	    " \"pre_tokenizer\": {\"type\": \"Metaspace\", \"replacement\": "
	    "\"\xe2\x96\"}}",
	    "one character of valid UTF-8"));
}

TEST(tok_open_file_counts_and_names)
{
	char path[] = "/tmp/ctx-tok-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, bytelevel, strlen(bytelevel)) ==
	      (ssize_t)strlen(bytelevel));
	close(fd);
	struct err e = ERR_INIT;
	struct tok *t = tok_open(path, &e);
	CHECK(t && tok_exact(t));
	CHECK(tok_count(t, "abc ab", 6, &e) == 3);
	CHECK(!strncmp(tok_name(t), path + 5, strlen(path + 5)));
	CHECK(strstr(tok_name(t), "@sha256:") &&
	      strlen(strstr(tok_name(t), "@sha256:")) == 20);
	tok_free(t);
	unlink(path);
	CHECK(!tok_open("/nonexistent/tokenizer.json", &e) && e.kind == ERR_IO);
}

/* Replace steps that multiply the text (each space into many) fail fast with
 * a named error instead of taking minutes and gigabytes (found by fuzzing). */
TEST(normalizer_growth_is_bounded)
{
	struct sbuf json = SBUF_INIT, text = SBUF_INIT;
	sbuf_adds(&json, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, "
	                 "\"merges\": []}, \"normalizer\": {\"type\": "
	                 "\"Sequence\", \"normalizers\": [");
	for (int i = 0; i < 6; i++) {
		sbuf_addf(&json, "%s{\"type\": \"Replace\", \"pattern\": "
		                 "{\"String\": \" \"}, \"content\": \"",
		          i ? ", " : "");
		for (int k = 0; k < 64; k++)
			sbuf_adds(&json, " a");
		sbuf_adds(&json, "\"}");
	}
	sbuf_adds(&json, "]}}");
	struct err e = ERR_INIT;
	struct tok_hf *h = tok_hf_new(json.buf, json.len, &e);
	CHECK(h != NULL);
	for (int k = 0; k < 1000; k++)
		sbuf_adds(&text, "a a ");
	struct ids ids = IDS_INIT;
	CHECK(tok_hf_encode(h, text.buf, text.len, &ids, &e) < 0);
	CHECK(e.kind == ERR_INPUT && strstr(e.msg, "normalizers grow the text"));
	/* one step of modest growth is fine */
	struct err e2 = ERR_INIT;
	ids.n = 0;
	CHECK(tok_hf_encode(h, "a", 1, &ids, &e2) == 0);
	ids_release(&ids);
	tok_hf_free(h);
	sbuf_release(&json);
	sbuf_release(&text);
}

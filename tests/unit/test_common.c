/* Unit tests of common/: sbuf, json, rng, parse, sha256, shard. */
#include "tests/unit/check.h"

#include "common/err.h"
#include "common/json.h"
#include "common/parse.h"
#include "common/rng.h"
#include "common/sbuf.h"
#include "common/sha256.h"
#include "common/shard.h"

TEST(sbuf_add)
{
	struct sbuf s = SBUF_INIT;
	CHECK(s.buf[0] == '\0');
	sbuf_adds(&s, "abc");
	sbuf_addf(&s, "-%d-%s", 42, "x");
	CHECK_STR(s.buf, "abc-42-x");
	CHECK(s.len == 8);
	for (int i = 0; i < 1000; i++)
		sbuf_addf(&s, "%0300d", i);
	CHECK(s.len == 8 + 300000);
	char *d = sbuf_detach(&s);
	CHECK(s.len == 0 && s.buf[0] == '\0');
	free(d);
	sbuf_release(&s);
}

TEST(sbuf_cap)
{
	struct sbuf s = SBUF_INIT;
	s.max = 5;
	CHECK(sbuf_adds(&s, "abc") == 0);
	CHECK(sbuf_adds(&s, "defg") == -1);
	CHECK_STR(s.buf, "abcde");
	sbuf_release(&s);
}

TEST(json_escape)
{
	struct sbuf s = SBUF_INIT;
	json_add_strn(&s, "a\"b\\c\n\x01\xff\xc3\xa9", 10);
	CHECK_STR(s.buf, "\"a\\\"b\\\\c\\n\\u0001\\ufffd\xc3\xa9\"");
	sbuf_reset(&s);
	json_add_num(&s, 31.5);
	sbuf_addch(&s, ' ');
	json_add_num(&s, 2008);
	sbuf_addch(&s, ' ');
	json_add_num(&s, 0.1);
	CHECK_STR(s.buf, "31.5 2008 0.1");
	sbuf_release(&s);
}

TEST(json_parse_error)
{
	struct err e = ERR_INIT;
	CHECK(json_parse("{\"a\": [1, 2", 11, &e) == NULL);
	CHECK(e.kind == ERR_INPUT);
	CHECK(strstr(e.msg, "malformed JSON") != NULL);
	cJSON *v = json_parse("{\"a\": \"x\", \"n\": 3}", 18, &e);
	CHECK(v && !strcmp(json_str(v, "a"), "x"));
	long long n = 0;
	CHECK(json_long(v, "n", &n) == 0 && n == 3);
	CHECK(json_str(v, "n") == NULL);
	cJSON_Delete(v);
}

TEST(utf8)
{
	CHECK(utf8_valid("h\xc3\xa9llo", 6));
	CHECK(!utf8_valid("\xc3", 1));
	CHECK(!utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
	CHECK(!utf8_valid("\xc0\xaf", 2));	/* overlong */
	CHECK(utf8_count("h\xc3\xa9llo", 6) == 5);
}

TEST(rng_deterministic)
{
	struct rng a, b;
	rng_init_label(&a, 7, "wine");
	rng_init_label(&b, 7, "wine");
	for (int i = 0; i < 100; i++)
		CHECK(rng_next(&a) == rng_next(&b));
	rng_init_label(&b, 7, "store");
	CHECK(rng_next(&a) != rng_next(&b));
	size_t v[50], seen[50] = {0};
	for (size_t i = 0; i < 50; i++)
		v[i] = i;
	rng_shuffle(&a, v, 50);
	for (size_t i = 0; i < 50; i++)
		seen[v[i]]++;
	for (size_t i = 0; i < 50; i++)
		CHECK(seen[i] == 1);
	for (int i = 0; i < 1000; i++)
		CHECK(rng_below(&a, 3) < 3);
}

TEST(parse_sizes)
{
	struct err e = ERR_INIT;
	long long v = 0;
	CHECK(parse_size("4k", "--length", &v, &e) == 0 && v == 4096);
	CHECK(parse_size("32K", "--length", &v, &e) == 0 && v == 32768);
	CHECK(parse_size("1000", "--length", &v, &e) == 0 && v == 1000);
	CHECK(parse_size("1m", "--length", &v, &e) == 0 && v == 1048576);
	CHECK(parse_size("4kb", "--length", &v, &e) == -1);
	CHECK(strstr(e.msg, "--length") != NULL);
	CHECK(parse_size("-4k", "--length", &v, &e) == -1);
	CHECK(parse_size("0", "--length", &v, &e) == -1);
	CHECK(parse_size("", "--length", &v, &e) == -1);
	double d;
	CHECK(parse_double("0.5", "--density", 0, 1, &d, &e) == 0 && d == 0.5);
	CHECK(parse_double("1.5", "--density", 0, 1, &d, &e) == -1);
	CHECK(parse_double("nan", "--density", 0, 1, &d, &e) == -1);
	struct strlist l = STRLIST_INIT;
	strlist_split(&l, " a, b,,c ", ',');
	CHECK(l.n == 3 && !strcmp(l.v[1], "b") && !strcmp(l.v[2], "c"));
	strlist_release(&l);
}

TEST(sha256_vectors)
{
	char hex[65];
	sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(m, strlen(m), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	struct sha256 c;
	sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, "aaaaaaaaaa", 10 - (i % 2) * 0);
	sha256_final_hex(&c, hex);
	/* 10,000 x 'a' */
	CHECK_STR(hex, "27dd1f61b867b6a0f6e9d8a41c43231de52107e53ae424de8f847b821db4b711");
}

/* Both implementations (SHA-NI where the CPU has it, and the portable one)
 * give the same digests for every length around the block boundaries. */
TEST(sha256_impls)
{
	unsigned char data[1000];
	char a[65], b[65];
	uint64_t x = 88172645463325252ULL;
	for (size_t i = 0; i < sizeof(data); i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		data[i] = (unsigned char)x;
	}
	printf("sha256: %s\n", sha256_impl());
	for (size_t n = 0; n <= sizeof(data); n += n < 200 ? 1 : 37) {
		sha256_use_portable(true);
		sha256_hex(data, n, a);
		sha256_use_portable(false);
		sha256_hex(data, n, b);
		CHECK_STR(a, b);
	}
	sha256_use_portable(false);
	sha256_hex("abc", 3, a);
	CHECK_STR(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* The hash is documented (README): the first 8 bytes of SHA-256, big-endian,
 * modulo N; these values come from Python's hashlib. */
TEST(shard_hash)
{
	const char *id = "wine/q03/L8192/A2048/uniform/s1";
	CHECK(shard_of(id, strlen(id), 8) == 6);
	CHECK(shard_of("a", 1, 7) == 4);
	CHECK(shard_of("", 0, 3) == 1);
	CHECK(shard_of(id, strlen(id), 1) == 0);
	struct shard none = {0, 0}, six = {6, 8}, five = {5, 8};
	CHECK(shard_has(&none, id, strlen(id)));
	CHECK(shard_has(&six, id, strlen(id)));
	CHECK(!shard_has(&five, id, strlen(id)));
}

TEST(shard_parse)
{
	struct shard s;
	struct err e = ERR_INIT;
	struct sbuf b = SBUF_INIT;
	CHECK(shard_parse("3/8", "--shard", &s, &e) == 0);
	CHECK(s.k == 3 && s.n == 8);
	shard_name(&s, &b);
	CHECK_STR(b.buf, "3/8");
	CHECK(shard_parse("0/1", "--shard", &s, &e) == 0 && s.n == 1);
	CHECK(shard_parse("999999/1000000", "--shard", &s, &e) == 0);
	const char *bad[] = {"8/8", "1/0",  "/8",     "3/",   "3",  "-1/8",
	                     "+1/8", " 1/8", "1/8/9", "1/1000001", "a/b", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		err_clear(&e);
		CHECK(shard_parse(bad[i], "--shard", &s, &e) == -1);
		CHECK(e.kind == ERR_USAGE);
	}
	shard_parse("8/8", "--shard", &s, &e);
	CHECK(strstr(e.msg, "--array=0-7") != NULL);
	shard_parse("/8", "--shard", &s, &e);
	CHECK(strstr(e.msg, "variable empty") != NULL);
	sbuf_release(&b);
}

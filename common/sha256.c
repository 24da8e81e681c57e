/* SHA-256 (FIPS 180-4), with the x86 SHA extensions where the CPU has them. */
#include "common/sha256.h"

#include <stdbool.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHANI_CODE 1
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block_portable(struct sha256 *c, const unsigned char *p)
{
	uint32_t w[64], s[8];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(s, c->h, sizeof(s));
	for (int i = 0; i < 64; i++) {
		uint32_t S1 = ROR(s[4], 6) ^ ROR(s[4], 11) ^ ROR(s[4], 25);
		uint32_t ch = (s[4] & s[5]) ^ (~s[4] & s[6]);
		uint32_t t1 = s[7] + S1 + ch + K[i] + w[i];
		uint32_t S0 = ROR(s[0], 2) ^ ROR(s[0], 13) ^ ROR(s[0], 22);
		uint32_t maj = (s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]);
		uint32_t t2 = S0 + maj;
		/* shift the eight words by hand: memmove here cost 2x in speed */
		s[7] = s[6], s[6] = s[5], s[5] = s[4], s[4] = s[3] + t1;
		s[3] = s[2], s[2] = s[1], s[1] = s[0], s[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		c->h[i] += s[i];
}

#ifdef HAVE_SHANI_CODE
/*
 * The 64 rounds with SHA-NI: the state as the instructions hold it (ABEF and
 * CDGH words), four rounds per message vector, the schedule computed four
 * words at a time: w[i..i+3] for group g is made from the groups before it
 * by sha256msg1 (at g - 1) and sha256msg2 (at g - 1 for g + 1).
 */
__attribute__((target("sha,sse4.1,ssse3"))) static void
block_shani(struct sha256 *c, const unsigned char *p)
{
	const __m128i bswap =
	    _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i abcd = _mm_loadu_si128((const __m128i *)&c->h[0]);
	__m128i efgh = _mm_loadu_si128((const __m128i *)&c->h[4]);
	__m128i t = _mm_shuffle_epi32(abcd, 0xB1);       /* B A D C */
	efgh = _mm_shuffle_epi32(efgh, 0x1B);            /* H G F E */
	__m128i s0 = _mm_alignr_epi8(t, efgh, 8);        /* ABEF */
	__m128i s1 = _mm_blend_epi16(efgh, t, 0xF0);     /* CDGH */
	__m128i save0 = s0, save1 = s1, m[4], x;
	for (int g = 0; g < 16; g++) {
		if (g < 4)
			m[g] = _mm_shuffle_epi8(
			    _mm_loadu_si128((const __m128i *)(p + 16 * g)),
			    bswap);
		x = _mm_add_epi32(m[g & 3],
		                  _mm_loadu_si128((const __m128i *)&K[4 * g]));
		s1 = _mm_sha256rnds2_epu32(s1, s0, x);
		if (g >= 3 && g < 15) {
			__m128i w = _mm_alignr_epi8(m[g & 3], m[(g + 3) & 3], 4);
			m[(g + 1) & 3] = _mm_sha256msg2_epu32(
			    _mm_add_epi32(m[(g + 1) & 3], w), m[g & 3]);
		}
		s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(x, 0x0E));
		if (g >= 1 && g < 13)
			m[(g + 3) & 3] =
			    _mm_sha256msg1_epu32(m[(g + 3) & 3], m[g & 3]);
	}
	s0 = _mm_add_epi32(s0, save0);
	s1 = _mm_add_epi32(s1, save1);
	t = _mm_shuffle_epi32(s0, 0x1B);                 /* A B E F */
	s1 = _mm_shuffle_epi32(s1, 0xB1);                /* G H C D */
	abcd = _mm_blend_epi16(t, s1, 0xF0);
	efgh = _mm_alignr_epi8(s1, t, 8);
	_mm_storeu_si128((__m128i *)&c->h[0], abcd);
	_mm_storeu_si128((__m128i *)&c->h[4], efgh);
}

static bool cpu_has_shani(void)
{
	unsigned a, b, cx, d;
	if (!__get_cpuid(1, &a, &b, &cx, &d) || !(cx & bit_SSE4_1) ||
	    !(cx & bit_SSSE3))
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &cx, &d) && (b & (1u << 29));
}
#endif

/* 1: SHA-NI, 0: portable, -1: not decided yet. */
static int use_shani = -1;

void sha256_use_portable(bool on)
{
	use_shani = on ? 0 : -1;
}

const char *sha256_impl(void)
{
#ifdef HAVE_SHANI_CODE
	if (use_shani < 0)
		use_shani = cpu_has_shani();
#else
	use_shani = 0;
#endif
	return use_shani ? "sha-ni" : "portable";
}

static void block(struct sha256 *c, const unsigned char *p)
{
#ifdef HAVE_SHANI_CODE
	if (use_shani < 0)
		sha256_impl();
	if (use_shani) {
		block_shani(c, p);
		return;
	}
#endif
	block_portable(c, p);
}

void sha256_init(struct sha256 *c)
{
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				       0xa54ff53a, 0x510e527f, 0x9b05688c,
				       0x1f83d9ab, 0x5be0cd19};
	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->nbuf = 0;
}

void sha256_update(struct sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	c->len += n;
	if (c->nbuf) {
		size_t k = 64 - c->nbuf < n ? 64 - c->nbuf : n;
		memcpy(c->buf + c->nbuf, p, k);
		c->nbuf += k, p += k, n -= k;
		if (c->nbuf < 64)
			return;
		block(c, c->buf);
		c->nbuf = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		block(c, p);
	memcpy(c->buf, p, n);
	c->nbuf = n;
}

void sha256_final(struct sha256 *c, unsigned char out[32])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = {0x80};
	size_t padlen = (c->nbuf < 56 ? 56 : 120) - c->nbuf;
	for (int i = 0; i < 8; i++)
		pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, pad, padlen + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void sha256_final_hex(struct sha256 *c, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];
	sha256_final(c, d);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

void sha256_hex(const void *p, size_t n, char out[65])
{
	struct sha256 c;
	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final_hex(&c, out);
}

/* SHA-256, for cache keys and content fingerprints. */
#ifndef CTX_SHA256_H
#define CTX_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
/* Writes the 32-byte digest. */
void sha256_final(struct sha256 *c, unsigned char out[32]);
/* Writes the digest of p[0..n) as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *p, size_t n, char out[65]);
/* Finishes c into 64 hex digits and a NUL. */
void sha256_final_hex(struct sha256 *c, char out[65]);
/* Which code hashes: "sha-ni" (x86 SHA extensions) or "portable". */
const char *sha256_impl(void);
/* Tests: the portable code even where the CPU has SHA extensions (false:
 * the CPU decides again). */
void sha256_use_portable(bool on);

#endif

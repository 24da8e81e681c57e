/* JSON reading (cJSON) and writing (sbuf). */
#include "common/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "common/xalloc.h"

cJSON *json_parse(const char *text, size_t len, struct err *e)
{
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!v) {
		size_t off = end && end >= text ? (size_t)(end - text) : 0;
		err_set(e, ERR_INPUT, "malformed JSON near byte %zu", off);
	}
	return v;
}

/* Blocks of the arena, chained; the bytes follow the header. */
struct json_arena {
	struct json_arena *next;
	size_t used, cap;
	max_align_t data[];
};

static struct json_arena *arena_now; /* the one json_parse_arena fills */
static size_t arena_block;           /* its block size, set per parse */

static void *arena_alloc(size_t n)
{
	struct json_arena *a = arena_now;
	size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	if (!a || a->cap - a->used < n) {
		size_t cap = n > arena_block ? n : arena_block;
		struct json_arena *b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL; /* cJSON fails the parse */
		xadvise_huge(b, sizeof(*b) + cap);
		b->next = a;
		b->used = 0;
		b->cap = cap;
		arena_now = a = b;
	}
	void *p = (char *)a->data + a->used;
	a->used += n;
	return p;
}

static void arena_release(void *p)
{
	(void)p; /* the whole arena goes at once */
}

cJSON *json_parse_arena(const char *text, size_t len, struct json_arena **arena,
                        struct err *e)
{
	cJSON_Hooks hooks = {arena_alloc, arena_release};
	arena_now = NULL;
	/* the tree takes a few times the text: large blocks for a large text
	 * (fewer, huge-page backed), small ones for a small text */
	arena_block = len < ((size_t)32 << 10) ? (size_t)64 << 10
	              : len > ((size_t)8 << 20) ? (size_t)16 << 20
	                                          : 2 * len;
	cJSON_InitHooks(&hooks);
	cJSON *v = json_parse(text, len, e);
	cJSON_InitHooks(NULL);
	*arena = arena_now;
	arena_now = NULL;
	if (!v) {
		json_arena_free(*arena);
		*arena = NULL;
	}
	return v;
}

void json_arena_free(struct json_arena *a)
{
	while (a) {
		struct json_arena *next = a->next;
		free(a);
		a = next;
	}
}

cJSON *json_read_file(const char *path, struct err *e)
{
	struct sbuf sb = SBUF_INIT;
	cJSON *v = NULL;
	if (sbuf_read_file(&sb, path, e) == 0) {
		v = json_parse(sb.buf, sb.len, e);
		if (!v)
			err_prefix(e, "'%s'", path);
	}
	sbuf_release(&sb);
	return v;
}

const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int json_num(const cJSON *obj, const char *key, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(v))
		return -1;
	*out = v->valuedouble;
	return 0;
}

int json_long(const cJSON *obj, const char *key, long long *out)
{
	double d;
	if (json_num(obj, key, &d) || d != floor(d) || fabs(d) > 9007199254740992.0)
		return -1;
	*out = (long long)d;
	return 0;
}

long long json_long_or(const cJSON *obj, const char *key, long long dflt)
{
	long long v = dflt;
	json_long(obj, key, &v);
	return v;
}

bool json_bool(const cJSON *obj, const char *key, bool dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned min;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	unsigned cp = c & (0x3f >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint64_t v;
		/* ASCII eight bytes at a time: most text is */
		if (n - i >= 8 && (memcpy(&v, p + i, 8),
		                   !(v & 0x8080808080808080ULL))) {
			i += 8;
			continue;
		}
		size_t k = utf8_seq(p + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xc0) != 0x80;
	return count;
}

void json_add_strn(struct sbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	sbuf_grow(out, n + 2);
	sbuf_addch(out, '"');
	size_t run = 0; /* start of the pending run of bytes copied verbatim */
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		size_t k = c >= 0x80 ? utf8_seq(p + i, n - i) : 0;
		if (k) {
			i += k;
			continue;
		}
		sbuf_add(out, s + run, i - run);
		char esc[8] = {'\\', 0};
		size_t elen = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			if (c >= 0x80) {
				memcpy(esc, "\\ufffd", 6);
			} else {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
			}
			elen = 6;
		}
		sbuf_add(out, esc, elen);
		i++;
		run = i;
	}
	sbuf_add(out, s + run, n - run);
	sbuf_addch(out, '"');
}

void json_add_str(struct sbuf *out, const char *s)
{
	json_add_strn(out, s, strlen(s));
}

void json_add_num(struct sbuf *out, double v)
{
	if (!isfinite(v)) {
		sbuf_adds(out, "null");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		sbuf_addf(out, "%.0f", v);
		return;
	}
	char buf[32];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	sbuf_adds(out, buf);
}

void json_add_value(struct sbuf *out, const cJSON *v)
{
	char *s = cJSON_PrintUnformatted(v);
	if (s) {
		sbuf_adds(out, s);
		cJSON_free(s);
	} else {
		sbuf_adds(out, "null");
	}
}

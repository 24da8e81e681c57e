/* PCRE2 wrapper. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "common/re.h"

#include <pcre2.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

struct re {
	pcre2_code *code;
	pcre2_match_data *md;
	uint32_t match_opts;
	unsigned groups;
};

struct re *re_new(const char *pattern, unsigned flags, struct err *e)
{
	uint32_t opts = 0;
	if (!(flags & RE_BYTES))
		opts |= PCRE2_UTF | PCRE2_UCP;
	if (flags & RE_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & RE_MULTILINE)
		opts |= PCRE2_MULTILINE;
	if (flags & RE_DOTALL)
		opts |= PCRE2_DOTALL;
	int ec;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
					 opts, &ec, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		err_set(e, ERR_INPUT, "bad regular expression at offset %zu: %s",
			(size_t)off, (char *)msg);
		return NULL;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	struct re *re = xcalloc(1, sizeof(*re));
	re->code = code;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	uint32_t n = 0;
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n);
	re->groups = n;
	if (flags & RE_NO_UTF_CHECK)
		re->match_opts |= PCRE2_NO_UTF_CHECK;
	return re;
}

void re_free(struct re *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

int re_match(struct re *re, const char *s, size_t len, size_t start,
	     size_t *ov, size_t nov)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, start, re->match_opts,
			     re->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	PCRE2_SIZE *v = pcre2_get_ovector_pointer(re->md);
	size_t pairs = (size_t)rc < nov ? (size_t)rc : nov;
	for (size_t i = 0; i < 2 * pairs; i++)
		ov[i] = v[i];
	return rc;
}

unsigned re_groups(const struct re *re)
{
	return re->groups;
}

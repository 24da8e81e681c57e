/* libFuzzer target: any bytes as a verbalize.json template (up to the first
 * newline), then rendering a row and matching the rest as a sentence. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/err.h"
#include "common/sbuf.h"
#include "gen/verbalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const cols[] = {"name", "price", "year", "note"};
static const char affs[] = "tirnb";
static const char *const vals[] = {"Napa", "31.5", "2023", "it's \\ [x]"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	/* byte 0: number of columns and which values are NULL; byte 1:
	 * affinities */
	size_t ncols = data[0] % 5;
	char aff[5] = {0};
	const char *row[4];
	for (size_t i = 0; i < ncols; i++) {
		aff[i] = affs[(data[1] >> (2 * i)) % 5];
		row[i] = data[0] & (0x10 << i) ? NULL : vals[i];
	}
	const char *s = (const char *)data + 2;
	size_t n = size - 2;
	const char *nl = memchr(s, '\n', n);
	size_t tlen = nl ? (size_t)(nl - s) : n;
	struct sbuf text = SBUF_INIT, out = SBUF_INIT;
	sbuf_add(&text, s, tlen);
	struct err e = ERR_INIT;
	struct vtemplate *t = vtemplate_new(text.buf, cols, aff, ncols, &e);
	if (t) {
		size_t off[8];
		vtemplate_render(t, row, &out, &e);
		vtemplate_parse(t, out.buf, out.len, off);
		if (nl)
			vtemplate_parse(t, nl + 1, n - tlen - 1, off);
	}
	vtemplate_free(t);
	sbuf_release(&text);
	sbuf_release(&out);
	return 0;
}

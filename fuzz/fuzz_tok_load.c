/* libFuzzer target: tokenizer.json loading (any bytes), then one encode when it
 * loads. */
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "tok/tok.h"
#include "tok/tok_hf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char text[] =
	    "Hello world's 123 \xe4\xbd\xa0\xe5\xa5\xbd \xff <|x|>  \n";
	struct err e = ERR_INIT;
	struct tok_hf *h = tok_hf_new((const char *)data, size, &e);
	if (h) {
		struct ids ids = IDS_INIT;
		tok_hf_encode(h, text, sizeof(text) - 1, &ids, &e);
		ids_release(&ids);
	}
	tok_hf_free(h);
	return 0;
}

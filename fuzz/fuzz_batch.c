/* libFuzzer target: any bytes as what a provider's batch service returns:
 * a results file (JSONL) for OpenAI, Anthropic and Gemini, a Gemini batch
 * operation with inline responses, and a batch object whose state is read. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/json.h"
#include "run/batch.h"
#include "run/provider.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touches what a result gives, as the driver reads it. */
static int each(void *arg, const char *cid, struct reply *r, bool expired)
{
	size_t *seen = arg;
	*seen += (cid ? strlen(cid) : 0) + r->text.len + (size_t)expired +
	         (r->error ? strlen(r->error) : 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct provider *const ps[] = {
	    &provider_openai, &provider_anthropic, &provider_gemini};
	const char *d = (const char *)data;
	size_t seen = 0;
	cJSON *j = cJSON_ParseWithLength(d, size);
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		const struct bapi *a = bapi_find(ps[i]);
		bapi_results(a, ps[i], d, size, false, each, &seen);
		if (ps[i] == &provider_gemini)
			bapi_results(a, ps[i], d, size, true, each, &seen);
		if (j) {
			struct bbatch b = {0};
			bapi_state(a, &b, j);
			bbatch_release(&b);
		}
	}
	cJSON_Delete(j);
	return seen == (size_t)-1;
}

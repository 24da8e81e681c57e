/* libFuzzer target: any bytes as a 2xx body, an SSE stream and an error body
 * for each HTTP provider (openai chat, completions, anthropic, gemini). */
#include <stddef.h>
#include <stdint.h>

#include "common/json.h"
#include "run/provider.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct provider *const providers[] = {
    &provider_openai, &provider_openai_completions, &provider_anthropic,
    &provider_gemini};

/* As run.c reads a whole 2xx body. */
static void body(const struct provider *p, const char *d, size_t n)
{
	struct reply r;
	reply_init(&r);
	cJSON *j = cJSON_ParseWithLength(d, n);
	if (j)
		p->parse(j, &r);
	cJSON_Delete(j);
	reply_release(&r);
}

/* Fed in chunks of a size taken from the first byte, as the network splits. */
static void stream(const struct provider *p, const char *d, size_t n,
                   size_t chunk)
{
	struct reply r;
	struct sse st = {SBUF_INIT, 0};
	reply_init(&r);
	for (size_t i = 0; i < n; i += chunk)
		sse_feed(&st, p, d + i, n - i < chunk ? n - i : chunk, &r);
	sse_end(&st, p, &r);
	reply_release(&r);
}

static void error_body(const char *d, size_t n)
{
	static const long codes[] = {400, 401, 413, 422, 429, 500};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct reply r;
		reply_init(&r);
		provider_classify(codes[i], d, n, &r);
		reply_release(&r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	size_t chunk = size ? (size_t)data[0] % 17 + 1 : 1;
	for (size_t i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		body(providers[i], d, size);
		stream(providers[i], d, size, chunk);
	}
	error_body(d, size);
	return 0;
}

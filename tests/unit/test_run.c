/* Unit tests of the runner's pure parts: backoff, headers, argv split, error
 * classes, cache keys, streams, prompts. */
#include <math.h>

#include "check.h"
#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "run/cache.h"
#include "run/http.h"
#include "run/instance.h"
#include "run/jscan.h"
#include "run/price.h"
#include "run/prompt.h"
#include "run/provider.h"
#include "run/provider_command.h"
#include "run/rules.h"
#include "run/run.h"

TEST(backoff)
{
	CHECK(run_backoff(1, 1, 0) == 0.5);
	CHECK(run_backoff(1, 1, 0.999) < 1.0);
	CHECK(run_backoff(1, 3, 0) == 2);
	CHECK(run_backoff(1, 40, 0.9999) <= 60);
	CHECK(run_backoff(0.01, 2, 1) == 0.02);
}

TEST(retry_after)
{
	CHECK(http_retry_after("5", 0) == 5);
	CHECK(http_retry_after(" 0.5 ", 0) == 0.5);
	CHECK(http_retry_after("soon", 0) < 0);
	/* 784111777 is Sun, 06 Nov 1994 08:49:37 GMT */
	CHECK(http_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111770) ==
	      7);
	CHECK(http_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111790) ==
	      0);
	CHECK(http_duration("1s") == 1);
	CHECK(http_duration("6m0s") == 360);
	CHECK(fabs(http_duration("120ms") - 0.12) < 1e-9);
	CHECK(http_duration("1h2m3.5s") == 3723.5);
	CHECK(http_duration("x") < 0);
	CHECK(http_duration("") < 0);
}

TEST(command_split)
{
	struct strlist l = STRLIST_INIT;
	struct err e = ERR_INIT;
	CHECK(command_split("prog -a 'b c' \"d \\\"e\\\"\" f\\ g", &l, &e) ==
	      0);
	CHECK(l.n == 5);
	if (l.n == 5) {
		CHECK_STR(l.v[0], "prog");
		CHECK_STR(l.v[2], "b c");
		CHECK_STR(l.v[3], "d \"e\"");
		CHECK_STR(l.v[4], "f g");
	}
	strlist_release(&l);
	CHECK(command_split("a 'b", &l, &e) == -1);
	strlist_release(&l);
	CHECK(command_split("   ", &l, &e) == -1);
	strlist_release(&l);
	CHECK(command_split("x '' y", &l, &e) == 0 && l.n == 3 && !*l.v[1]);
	strlist_release(&l);
}

static enum reply_status classify(long st, const char *body)
{
	struct reply r;
	reply_init(&r);
	provider_classify(st, body, strlen(body), &r);
	enum reply_status s = r.status;
	reply_release(&r);
	return s;
}

TEST(classify)
{
	CHECK(classify(429, "{}") == REPLY_RETRY);
	CHECK(classify(503, "") == REPLY_RETRY);
	CHECK(classify(529, "overloaded") == REPLY_RETRY);
	CHECK(
	    classify(
	        400,
	        "{\"error\":{\"message\":\"This model's maximum context length "
	        "is 8192 tokens\",\"code\":\"context_length_exceeded\"}}") ==
	    REPLY_OVERFLOW);
	CHECK(classify(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_"
	                    "request_error\",\"message\":\"prompt is too long: "
	                    "250000 tokens > 200000 maximum\"}}") ==
	      REPLY_OVERFLOW);
	CHECK(classify(400, "{\"error\":{\"code\":400,\"message\":\"The input "
	                    "token count (2000000) exceeds the maximum number "
	                    "of tokens allowed (1048576).\"}}") ==
	      REPLY_OVERFLOW);
	CHECK(classify(400, "{\"error\":{\"message\":\"the request exceeds the "
	                    "available context size, try increasing it\"}}") ==
	      REPLY_OVERFLOW);
	CHECK(classify(413, "too big") == REPLY_OVERFLOW);
	CHECK(
	    classify(
	        400,
	        "{\"error\":{\"message\":\"temperature must be a number\"}}") ==
	    REPLY_REJECTED);
	CHECK(classify(401, "{}") == REPLY_FATAL);
	CHECK(classify(404, "{}") == REPLY_FATAL);
}

/* Found by fuzz_provider: a non-JSON error body was read with strlen, past len
 * (heap overflow under ASan when the body is not NUL-terminated). */
TEST(classify_unterminated)
{
	static const char text[] = "<html>Bad Gateway</html>";
	size_t n = sizeof(text) - 1;
	char *body = xmalloc(n); /* exactly n bytes, no NUL */
	memcpy(body, text, n);
	struct reply r;
	reply_init(&r);
	provider_classify(502, body, n, &r);
	CHECK(r.status == REPLY_RETRY);
	CHECK_STR(r.error, "HTTP 502: <html>Bad Gateway</html>");
	reply_release(&r);
	free(body);
}

TEST(cache_key)
{
	struct cache_what w = {
	    "openai", "http://a/v1", "m", "{\"t\":0}", "hello", 5, 0};
	char a[65], b[65];
	cache_key(&w, a);
	CHECK(strlen(a) == 64);
	const char **fields[] = {&w.provider, &w.endpoint, &w.model,
	                         &w.settings};
	for (size_t i = 0; i < 4; i++) {
		const char *old = *fields[i];
		*fields[i] = "other";
		cache_key(&w, b);
		CHECK(strcmp(a, b));
		*fields[i] = old;
	}
	w.prompt_len = 4;
	cache_key(&w, b);
	CHECK(strcmp(a, b));
	w.prompt_len = 5;
	w.sample = 1;
	cache_key(&w, b);
	CHECK(strcmp(a, b));
	w.sample = 0;
	cache_key(&w, b);
	CHECK_STR(a, b);
	/* fields are length-prefixed: moving a byte between them changes the
	 * key */
	struct cache_what x = {"ab", "c", "m", "s", "p", 1, 0},
	                  y = {"a", "bc", "m", "s", "p", 1, 0};
	cache_key(&x, a);
	cache_key(&y, b);
	CHECK(strcmp(a, b));
}

TEST(settings_json)
{
	struct settings s;
	struct sbuf out = SBUF_INIT;
	settings_init(&s);
	strlist_push(&s.headers, "X-Key: secret-value");
	strlist_push(&s.stop, "END");
	s.max_tokens = 10;
	settings_json(&s, false, &out);
	CHECK(strstr(out.buf, "\"extra_headers\":[\"X-Key\"]") != NULL);
	CHECK(strstr(out.buf, "secret-value") == NULL);
	CHECK(strstr(out.buf, "\"max_tokens\":10") != NULL);
	cJSON *j = cJSON_Parse(out.buf);
	CHECK(j != NULL);
	cJSON_Delete(j);
	sbuf_release(&out);
	settings_release(&s);
}

TEST(settings_header_hash)
{
	struct settings s;
	struct sbuf a = SBUF_INIT, b = SBUF_INIT;
	settings_init(&s);
	strlist_push(&s.headers, "X-Mode: fast");
	settings_json(&s, false, &a);
	free(s.headers.v[0]);
	s.headers.v[0] = xstrdup("X-Mode: slow");
	settings_json(&s, false, &b);
	CHECK(strstr(a.buf, "\"headers_sha256\":\"") != NULL);
	CHECK(strcmp(a.buf, b.buf)); /* the value counts, but is not there */
	CHECK(strstr(a.buf, "fast") == NULL);
	sbuf_release(&a);
	sbuf_release(&b);
	settings_release(&s);
}

TEST(url_public)
{
	static const char *const cases[][2] = {
	    {"http://u:pw@127.0.0.1:80/v1", "http://127.0.0.1:80/v1"},
	    {"https://tok@h.example/v1", "https://h.example/v1"},
	    {"http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"},
	    {"ftp://u:pw@h/x", "ftp://h/x"},
	    {"http://u:pw@", "http://"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf o = SBUF_INIT;
		provider_url_public(cases[i][0], &o);
		CHECK_STR(o.buf, cases[i][1]);
		sbuf_release(&o);
	}
	struct strlist sec = STRLIST_INIT;
	struct strlist urls = STRLIST_INIT;
	strlist_push(&urls, "http://us%65r:p%40ss@h/v1");
	provider_secrets(&urls, &sec);
	bool dec = false, raw = false;
	for (size_t i = 0; i < sec.n; i++) {
		dec |= !strcmp(sec.v[i], "p@ss");
		raw |= !strcmp(sec.v[i], "p%40ss");
	}
	CHECK(dec && raw);
	strlist_release(&sec);
	strlist_release(&urls);
}

static void stream(const struct provider *p, const char *data, struct reply *r)
{
	struct sse st = {SBUF_INIT, 0};
	/* fed in small pieces, as the network delivers them */
	size_t len = strlen(data);
	for (size_t i = 0; i < len; i += 7)
		sse_feed(&st, p, data + i, len - i < 7 ? len - i : 7, r);
	sse_end(&st, p, r);
}

TEST(sse_openai)
{
	struct reply r;
	reply_init(&r);
	stream(&provider_openai,
	       "data: "
	       "{\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"Hel\"}}"
	       "]}\n\n"
	       "data: "
	       "{\"choices\":[{\"delta\":{\"content\":\"lo\"},\"finish_"
	       "reason\":\"stop\"}]}\r\n\r\n"
	       ": comment\n"
	       "data: "
	       "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_"
	       "tokens\":2}}\n\n"
	       "data: [DONE]\n\n",
	       &r);
	CHECK(r.status == REPLY_OK);
	CHECK_STR(r.text.buf, "Hello");
	CHECK_STR(r.finish_reason, "stop");
	CHECK(r.prompt_tokens == 5 && r.completion_tokens == 2);
	CHECK(r.ttft_ms >= 0);
	reply_release(&r);
	reply_init(&r);
	stream(&provider_openai,
	       "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n",
	       &r);
	CHECK(r.status == REPLY_RETRY); /* cut before [DONE] */
	reply_release(&r);
}

TEST(sse_anthropic_gemini)
{
	struct reply r;
	reply_init(&r);
	stream(&provider_anthropic,
	       "event: message_start\ndata: "
	       "{\"type\":\"message_start\",\"message\":{\"model\":\"c\","
	       "\"usage\":{\"input_tokens\":9}}}\n\n"
	       "event: content_block_delta\ndata: "
	       "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_"
	       "delta\",\"text\":\"\"}}\n\n"
	       "event: message_delta\ndata: "
	       "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_"
	       "tokens\"},\"usage\":{\"output_tokens\":50}}\n\n"
	       "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
	       &r);
	CHECK(r.status == REPLY_LENGTH);
	CHECK(r.prompt_tokens == 9 && r.completion_tokens == 50);
	CHECK_STR(r.model_id, "c");
	reply_release(&r);
	reply_init(&r);
	stream(&provider_gemini,
	       "data: "
	       "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A\"}]}}]}"
	       "\n\n"
	       "data: "
	       "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"B\"}]},"
	       "\"finishReason\":\"STOP\"}],"
	       "\"usageMetadata\":{\"promptTokenCount\":3,"
	       "\"candidatesTokenCount\":1,\"thoughtsTokenCount\":4}}\n\n",
	       &r);
	CHECK(r.status == REPLY_OK);
	CHECK_STR(r.text.buf, "AB");
	CHECK(r.reasoning_tokens == 4);
	reply_release(&r);
}

TEST(parse_bodies)
{
	struct reply r;
	reply_init(&r);
	cJSON *j = cJSON_Parse(
	    "{\"model\":\"g\",\"choices\":[{\"message\":{\"content\":null},"
	    "\"finish_reason\":\"length\"}],"
	    "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":8,"
	    "\"completion_tokens_details\":{\"reasoning_tokens\":8}}}");
	provider_openai.parse(j, &r);
	CHECK(r.status ==
	      REPLY_LENGTH); /* a reasoning model spent its budget */
	CHECK(r.reasoning_tokens == 8);
	cJSON_Delete(j);
	reply_release(&r);
	reply_init(&r);
	j = cJSON_Parse("{\"content\":[{\"type\":\"thinking\",\"thinking\":"
	                "\"hm\"},{\"type\":\"text\",\"text\":\"ok\"}],\"stop_"
	                "reason\":\"end_turn\"}");
	provider_anthropic.parse(j, &r);
	CHECK(r.status == REPLY_OK);
	CHECK_STR(r.text.buf, "ok");
	CHECK_STR(r.reasoning.buf, "hm"); /* kept apart, not in the answer */
	cJSON_Delete(j);
	reply_release(&r);
	reply_init(&r);
	/* a blocked prompt is not an answer, and not worth sending again */
	j = cJSON_Parse("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}");
	provider_gemini.parse(j, &r);
	CHECK(r.status == REPLY_REFUSED);
	cJSON_Delete(j);
	reply_release(&r);
}

/* Builds the request a run would send for prompt p. */
static int request(const struct provider *pr, struct settings *s,
                   const char *base, const char *key, const char *p,
                   struct wire *w, struct request *q)
{
	struct err e = ERR_INIT;
	struct model_rule r;
	if (rules_find(s->rules_path, pr->api, s->model, &r, &e) ||
	    wire_init(w, pr, s, &r, key, &e))
		return -1;
	request_init(q);
	wire_request(w, base, p, strlen(p), q);
	return 0;
}

TEST(request_bodies)
{
	struct settings s;
	struct request q;
	struct wire w;
	settings_init(&s);
	s.model = xstrdup("m");
	s.body_extra = cJSON_Parse("{\"temperature\":0.3,\"top_k\":5}");
	CHECK(request(&provider_openai, &s, "https://api.openai.com/v1", "KEY",
	              "hi \"x\"\n", &w, &q) == 0);
	CHECK_STR(q.url.buf, "https://api.openai.com/v1/chat/completions");
	cJSON *j = cJSON_Parse(q.body.buf);
	CHECK(j != NULL);
	double t = -1;
	CHECK(json_num(j, "temperature", &t) == 0 &&
	      t == 0.3); /* the extra wins, once */
	CHECK(strstr(q.body.buf, "\"temperature\":0,") == NULL);
	CHECK(cJSON_GetObjectItem(j, "top_k") != NULL);
	const cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "messages"), 0);
	CHECK_STR(json_str(m, "content"), "hi \"x\"\n");
	cJSON_Delete(j);
	request_release(&q);
	wire_release(&w);
	s.stream = true;
	CHECK(request(&provider_gemini, &s, "http://h", NULL, "p", &w, &q) == 0);
	CHECK_STR(q.url.buf,
	          "http://h/v1beta/models/m:streamGenerateContent?alt=sse");
	CHECK(q.headers->n == 1); /* no key header without a key */
	request_release(&q);
	wire_release(&w);
	settings_release(&s);
}

/* The model's family decides what is sent; what is given is sent as given. */
TEST(model_rules)
{
	struct settings s;
	struct request q;
	struct wire w;
	cJSON *j;
	settings_init(&s);
	s.model = xstrdup("o3-mini");
	s.max_tokens = 100;
	CHECK(request(&provider_openai, &s, "http://h", NULL, "p", &w, &q) == 0);
	j = cJSON_Parse(q.body.buf);
	CHECK(!cJSON_GetObjectItem(j, "temperature"));
	CHECK(!cJSON_GetObjectItem(j, "max_tokens"));
	CHECK(json_long_or(j, "max_completion_tokens", -1) == 100);
	cJSON_Delete(j);
	request_release(&q);
	wire_release(&w);
	s.has_temperature = true;
	s.temperature = 1;
	CHECK(request(&provider_openai, &s, "http://h", NULL, "p", &w, &q) == 0);
	CHECK(strstr(q.body.buf, "\"temperature\":1") != NULL);
	request_release(&q);
	wire_release(&w);
	/* an unknown model of an OpenAI-compatible server: as before */
	free(s.model);
	s.model = xstrdup("qwen3-8b");
	s.has_temperature = false;
	s.temperature = 0;
	CHECK(request(&provider_openai, &s, "http://h", NULL, "p", &w, &q) == 0);
	CHECK(strstr(q.body.buf, "\"temperature\":0,\"max_tokens\":100") !=
	      NULL);
	request_release(&q);
	wire_release(&w);
	CHECK(rules_glob("gpt-5*-chat*", "gpt-5.1-chat-latest"));
	CHECK(!rules_glob("gpt-5*-chat*", "gpt-5-mini"));
	CHECK(rules_glob("*", ""));
	CHECK(!rules_glob("a*b", "ab c"));
	settings_release(&s);
}

/* Nested objects merge; null removes a member; the prompt must stay. */
TEST(body_extra_merge)
{
	struct settings s;
	struct request q;
	struct wire w;
	struct err e = ERR_INIT;
	struct model_rule r = {"default", 0};
	settings_init(&s);
	s.model = xstrdup("gemini-2.0-flash");
	s.max_tokens = 64;
	s.has_seed = true;
	s.seed = 7;
	s.body_extra = cJSON_Parse(
	    "{\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":0},"
	    "\"seed\":null}}");
	CHECK(request(&provider_gemini, &s, "http://h", NULL, "p", &w, &q) == 0);
	cJSON *j = cJSON_Parse(q.body.buf);
	const cJSON *gc = cJSON_GetObjectItem(j, "generationConfig");
	CHECK(json_long_or(gc, "maxOutputTokens", -1) == 64);
	CHECK(cJSON_GetObjectItem(gc, "temperature") != NULL);
	CHECK(cJSON_GetObjectItem(gc, "thinkingConfig") != NULL);
	CHECK(!cJSON_GetObjectItem(gc, "seed"));
	cJSON_Delete(j);
	request_release(&q);
	wire_release(&w);
	cJSON_Delete(s.body_extra);
	s.body_extra = cJSON_Parse("{\"contents\":[]}");
	CHECK(wire_init(&w, &provider_gemini, &s, &r, NULL, &e) == -1);
	CHECK(strstr(e.msg, "prompt") != NULL);
	settings_release(&s);
}

TEST(prompt)
{
	struct instance in;
	struct err e = ERR_INIT;
	struct sbuf out = SBUF_INIT;
	const char *line = "{\"id\":\"a\",\"question\":\"Q?\",\"context\":"
	                   "\"C1\\nC2\",\"stats\":{\"context_tokens\":77}}";
	CHECK(instance_parse(&in, line, strlen(line), &e) == 0);
	CHECK(in.context_tokens == 77);
	prompt_render("[{context}] {x} {question}{question}", &in, &out);
	CHECK_STR(out.buf, "[C1\nC2] {x} Q?Q?");
	CHECK(prompt_check(prompt_default(), &e) == 0);
	CHECK(prompt_check("{context} only", &e) == -1);
	sbuf_reset(&out);
	prompt_render(prompt_default(), &in, &out);
	CHECK(strstr(out.buf, "Final answer:") != NULL);
	sbuf_release(&out);
	instance_release(&in);
	CHECK(instance_parse(&in, "[1]", 3, &e) == -1);
	CHECK(instance_parse(&in, "{\"id\":\"\"}", 9, &e) == -1);
}

TEST(price)
{
	struct err e = ERR_INIT;
	struct price *p = price_load(NULL, &e);
	struct reply r;
	reply_init(&r);
	r.prompt_tokens = 1000000;
	r.completion_tokens = 1000000;
	CHECK(fabs(price_cost(p, "gpt-4o-mini-2024-07-18", &r, false, false) -
	           0.75) < 1e-9);
	CHECK(fabs(price_cost(p, "gpt-4o-mini", &r, false, true) - 0.375) <
	      1e-9); /* batch: half */
	CHECK(price_cost(p, "unknown-model", &r, false, false) < 0);
	CHECK(!price_known(p, "unknown-model") && price_known(p, "gpt-5-mini"));
	r.reasoning_tokens = 1000000;
	CHECK(fabs(price_cost(p, "gemini-2.5-flash", &r, true, false) - 5.3) <
	      1e-9);
	r.reasoning_tokens = -1;
	/* half the prompt from the cache: 0.5 * 1.25 + 0.5 * 0.125 + 10 */
	r.cached_tokens = 500000;
	CHECK(fabs(price_cost(p, "gpt-5-2025-08-07", &r, false, false) -
	           10.6875) < 1e-9);
	r.cached_tokens = -1;
	/* past 200K prompt tokens the whole request is at the long tier */
	r.prompt_tokens = 200000;
	r.completion_tokens = 0;
	CHECK(fabs(price_cost(p, "gemini-2.5-pro", &r, true, false) - 0.25) <
	      1e-9);
	r.prompt_tokens = 200001;
	CHECK(fabs(price_cost(p, "gemini-2.5-pro", &r, true, false) -
	           200001 * 2.5 / 1e6) < 1e-12);
	r.prompt_tokens = 1000000;
	CHECK(fabs(price_cost(p, "claude-sonnet-4-5-20250929", &r, false,
	                      false) - 6) < 1e-9);
	CHECK(fabs(price_cost(p, "claude-sonnet-4-6", &r, false, false) - 3) <
	      1e-9);
	CHECK(price_set(p, "my-model", "0.5,2", &e) == 0);
	r.completion_tokens = 1000000;
	CHECK(fabs(price_cost(p, "my-model", &r, false, false) - 2.5) < 1e-9);
	CHECK(price_set(p, "my-model", "0.5", &e) == -1);
	CHECK(price_set(p, "my-model", "a,b", &e) == -1);
	r.prompt_tokens = -1;
	CHECK(price_cost(p, "gpt-4o", &r, false, false) < 0);
	reply_release(&r);
	price_free(p);
	CHECK(price_load("/nonexistent/prices.json", &e) == NULL);
}

/* The scanner accepts what RFC 8259 accepts and nothing else. */
TEST(jscan)
{
	static const char *const good[] = {
	    "{}", " {\"a\": [1, -2.5e+3, true, false, null, {\"b\": \"c\"}]} ",
	    "{\"s\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}",
	    "{\"a\":0,\"a\":1}"};
	static const char *const bad[] = {
	    "", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}",
	    "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":\"x}", "{\"a\":tru}",
	    "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}",
	    "{\"a\":\"tab\there\"}", "{} x", "{\"a\":[1 2]}"};
	struct jmember m[8];
	struct err e = ERR_INIT;
	size_t n;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(jscan_object(good[i], strlen(good[i]), m, 8, &n, &e) == 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(jscan_object(bad[i], strlen(bad[i]), m, 8, &n, &e) == -1);
		CHECK(strstr(e.msg, "malformed JSON") != NULL);
	}
	/* 600 nested arrays: refused, not a stack overflow */
	struct sbuf deep = SBUF_INIT;
	sbuf_adds(&deep, "{\"a\":");
	for (int i = 0; i < 600; i++)
		sbuf_addch(&deep, '[');
	for (int i = 0; i < 600; i++)
		sbuf_addch(&deep, ']');
	sbuf_addch(&deep, '}');
	CHECK(jscan_object(deep.buf, deep.len, m, 8, &n, &e) == -1);
	sbuf_release(&deep);
	const char *line = "{\"id\": \"x\", \"a\":0, \"a\":\"two\"}";
	CHECK(jscan_object(line, strlen(line), m, 8, &n, &e) == 0 && n == 3);
	const struct jmember *a = jscan_find(m, n, "a");
	CHECK(a && a->vlen == 1 && a->val[0] == '0'); /* the first, as cJSON */
}

/* A prompt copied from the line's escaped text is the same prompt as the
 * parsed one, whatever the escapes. */
TEST(prompt_json)
{
	const char *line =
	    "{\"id\":\"a\",\"question\":\"Why \\\"x\\\"\\/y?\",\"context\":"
	    "\"caf\\u00e9 \\ud83d\\ude00\\n\\ttab \\\\ {question}\","
	    "\"gold\":{\"columns\":[\"a\"],\"rows\":[]}}";
	const char *tmpl = "{x} <{context}> Q: {question} {context}\n\"end\"";
	struct instance in, light;
	struct err e = ERR_INIT;
	struct sbuf want = SBUF_INIT, esc = SBUF_INIT, got = SBUF_INIT;
	struct prompt_parts pp;
	CHECK(instance_parse(&in, line, strlen(line), &e) == 0);
	prompt_render(tmpl, &in, &want);
	CHECK(instance_parse_light(&light, line, strlen(line), &e) == 0);
	CHECK(light.raw_utf8 && light.has_context && !light.context);
	prompt_parts_init(&pp, tmpl);
	prompt_render_json(&pp, line + light.ctx_off, light.ctx_len,
	                   line + light.q_off, light.q_len, &esc);
	jscan_unescape(esc.buf, esc.len, &got);
	CHECK_STR(got.buf, want.buf);
	/* and it is a valid JSON string */
	sbuf_reset(&got);
	sbuf_addch(&got, '"');
	sbuf_add(&got, esc.buf, esc.len);
	sbuf_addch(&got, '"');
	cJSON *j = cJSON_Parse(got.buf);
	CHECK(cJSON_IsString(j) && !strcmp(j->valuestring, want.buf));
	cJSON_Delete(j);
	CHECK_STR(light.id, "a");
	CHECK(light.context_tokens == (long long)(light.ctx_len / 4));
	instance_release(&in);
	instance_release(&light);
	prompt_parts_release(&pp);
	sbuf_release(&want);
	sbuf_release(&esc);
	sbuf_release(&got);
}

#!/bin/sh
# Anthropic and Gemini thinking from one option each, with the rules those modes require;
# reasoning text kept apart from the scored reply; --body-extra merges into nested objects.
. ./lib.sh
. ./runlib.sh
start_fake f

# Anthropic extended thinking: a budget, max_tokens above it, no temperature
for s in "" --stream; do
	expect_exit 0 ctx run "$INST" --model anthropic/claude-sonnet-4-5+perfect --base-url "$URL" \
		--thinking-budget 2048 $s -o "$T/a$s.db"
	assert_eq "$(q "$T/a$s.db" "select count(*) from replies where status='ok' and reasoning = 'Let me think.' and reply not like '%think%' and reply like '%Final answer:%'")" "6" "thinking kept apart$s"
	body=$(last_body f)
	assert_eq "$(jget "$body" '[.thinking, .max_tokens, has("temperature")]')" '[{"type":"enabled","budget_tokens":2048},6144,false]' "anthropic body$s"
done
# streamed: time to the first token of any kind, and to the first answer token after it
assert_eq "$(q "$T/a--stream.db" "select count(*) from replies where ttft_ms > 0 and ttft_answer_ms >= ttft_ms")" "6" "two first-token times"
assert_eq "$(q "$T/a.db" "select count(*) from replies where ttft_ms is null and ttft_answer_ms is null")" "6" "no times without a stream"
# export carries the reasoning apart from the reply
ctx export "$T/a.db" >"$T/a.jsonl"
assert_eq "$(head -1 "$T/a.jsonl" | jq -c '[.reasoning, (.reply | test("think")), (.ttft_answer_ms == null)]')" '["Let me think.",false,true]' "export"

# adaptive thinking on the models that have it; each mode where it belongs
expect_exit 0 ctx run "$INST" --model anthropic/claude-opus-4-7+perfect --base-url "$URL" \
	--reasoning-effort high -o "$T/ad.db"
assert_eq "$(jget "$(last_body f)" '[.thinking, .output_config, .max_tokens]')" '[{"type":"adaptive"},{"effort":"high"},16000]' "adaptive body"
assert_eq "$(q "$T/ad.db" "select count(*) from replies where status='ok' and reasoning is not null")" "6" "adaptive replies"
expect_exit 2 ctx run "$INST" --model anthropic/claude-opus-4-7 --base-url "$URL" --thinking-budget 2048 -o "$T/x1.db"
assert_contains "$T/err" "adaptive thinking only"
expect_exit 2 ctx run "$INST" --model anthropic/claude-sonnet-4-5 --base-url "$URL" --reasoning-effort high -o "$T/x2.db"
assert_contains "$T/err" "give --thinking-budget"
expect_exit 2 ctx run "$INST" --model anthropic/claude-sonnet-4-5 --base-url "$URL" --thinking-budget 2048 \
	--max-tokens 1000 -o "$T/x3.db"
assert_contains "$T/err" "must be above --thinking-budget"
expect_exit 2 ctx run "$INST" --model anthropic/claude-sonnet-4-5 --base-url "$URL" --thinking-budget 2048 \
	--temperature 0.2 -o "$T/x4.db"
assert_contains "$T/err" "takes no temperature but 1"
expect_exit 2 ctx run "$INST" --model anthropic/claude-sonnet-4-5 --base-url "$URL" --thinking-budget 100 -o "$T/x5.db"
assert_contains "$T/err" "at least 1024"

# Gemini: an effort is a budget on 2.5, a level on 3 (which also takes no default temperature)
expect_exit 0 ctx run "$INST" --model gemini/gemini-2.5-flash+perfect --base-url "$URL" \
	--reasoning-effort low --max-tokens 900 -o "$T/g25.db"
assert_eq "$(jget "$(last_body f)" '.generationConfig')" '{"temperature":0,"maxOutputTokens":900,"thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}' "gemini 2.5 body"
assert_eq "$(q "$T/g25.db" "select count(*) from replies where status='ok' and reasoning = 'Let me think.' and reasoning_tokens = 4 and reply not like '%think%'")" "6" "thought parts apart"
expect_exit 0 ctx run "$INST" --model gemini/gemini-3-pro-preview --base-url "$URL" --stream \
	--reasoning-effort high -o "$T/g3.db"
assert_eq "$(jget "$(last_body f)" '.generationConfig')" '{"thinkingConfig":{"thinkingLevel":"high","includeThoughts":true}}' "gemini 3 body"
assert_eq "$(q "$T/g3.db" "select count(*) from replies where status='ok' and reasoning = 'Let me think.'")" "6" "streamed thoughts apart"
expect_exit 2 ctx run "$INST" --model gemini/gemini-2.5-flash --base-url "$URL" --reasoning-effort xhigh -o "$T/x6.db"
assert_contains "$T/err" "takes none, low, medium or high"

# --body-extra merges into generationConfig instead of replacing it; null removes a member
expect_exit 0 ctx run "$INST" --model gemini/gemini-2.0-flash --base-url "$URL" --max-tokens 50 --seed 3 \
	--body-extra '{"generationConfig": {"topK": 5, "seed": null}}' -o "$T/m.db"
body=$(last_body f)
assert_eq "$(jget "$body" '.generationConfig')" '{"temperature":0,"maxOutputTokens":50,"topK":5}' "merged config"
assert_eq "$(jget "$(meta "$T/m.db" request_body)" 'del(.contents)')" "$(jget "$body" 'del(.contents)')" "recorded as sent"
expect_exit 2 ctx run "$INST" --model gemini/gemini-2.0-flash --base-url "$URL" \
	--body-extra '{"contents": null}' -o "$T/x7.db"
assert_contains "$T/err" "carries the prompt"
ok "thinking"

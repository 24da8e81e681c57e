#!/bin/sh
# OpenAI reasoning models run out of the box: no temperature unless given, max_completion_tokens
# wherever the model is one, --reasoning-effort, rules files for deployment names; run.db
# records the body as sent.
. ./lib.sh
. ./runlib.sh
start_fake f

# o3 behind any URL: no temperature, max_completion_tokens, reasoning tokens recorded
expect_exit 0 ctx run "$INST" --model openai/o3-mini+perfect --base-url "$URL/v1" \
	--max-tokens 500 --reasoning-effort high -o "$T/o3.db"
assert_eq "$(q "$T/o3.db" "select count(*) from replies where status='ok' and reasoning_tokens = 4 and reply like '%Final answer:%'")" "6" "o3 replies"
body=$(last_body f)
assert_eq "$(jget "$body" '[has("temperature"), .max_completion_tokens, has("max_tokens"), .reasoning_effort]')" '[false,500,false,"high"]' "o3 body"
# what run.db says was sent is what the endpoint got, the prompt aside
assert_eq "$(jget "$(meta "$T/o3.db" request_body)" 'del(.messages)')" "$(jget "$body" 'del(.messages)')" "recorded body"
assert_eq "$(jget "$(meta "$T/o3.db" request_body)" '.messages[0].content')" '"{prompt}"' "prompt placeholder"
assert_eq "$(meta "$T/o3.db" request_path)" "/chat/completions" "recorded path"
assert_eq "$(meta "$T/o3.db" model_rule)" "openai-reasoning" "recorded family"
assert_eq "$(jget "$(meta "$T/o3.db" settings)" '[.temperature, .reasoning_effort]')" '[null,"high"]' "settings"

# gpt-5 with the defaults; an explicit temperature is sent as given (here: 1, which it takes)
expect_exit 0 ctx run "$INST" --model openai/gpt-5-mini --base-url "$URL/v1" --temperature 1 -o "$T/g5.db"
assert_eq "$(jget "$(last_body f)" '.temperature')" "1" "explicit temperature sent"
assert_eq "$(q "$T/g5.db" "select count(*) from replies where status='ok'")" "6" "gpt-5 replies"
expect_exit 4 ctx run "$INST" --model openai/gpt-5-mini --base-url "$URL/v1" --temperature 0.5 -o "$T/g5b.db"
assert_eq "$(q "$T/g5b.db" "select count(*) from replies where status='rejected' and error like '%temperature%'")" "6" "explicit temperature, as given"

# a non-reasoning model keeps temperature 0 and max_tokens (vLLM, llama.cpp...)
expect_exit 0 ctx run "$INST" --model openai/qwen3-8b --base-url "$URL/v1" --max-tokens 64 -o "$T/q.db"
assert_eq "$(jget "$(last_body f)" '[.temperature, .max_tokens]')" "[0,64]" "plain model body"

# a deployment name says nothing: a rules file names its family
printf '[{"api": "openai", "model": "team-reasoner*", "family": "openai-reasoning"}]\n' >"$T/rules.json"
export AZURE_OPENAI_API_KEY=azkey-0123456789
expect_exit 4 ctx run "$INST" --model azure/team-reasoner-1 --base-url "$URL" --max-tokens 50 -o "$T/az0.db"
assert_eq "$(q "$T/az0.db" "select count(*) from replies where status='rejected' and error like '%temperature%'")" "6" "unknown deployment: plain rules"
expect_exit 0 ctx run "$INST" --model azure/team-reasoner-1 --base-url "$URL" --max-tokens 50 \
	--model-rules "$T/rules.json" -o "$T/az.db"
assert_eq "$(q "$T/az.db" "select count(*) from replies where status='ok'")" "6" "rules file"
assert_eq "$(meta "$T/az.db" model_rule)" "openai-reasoning" "rules file family"
printf '[{"api": "openai", "model": "x", "family": "nope"}]\n' >"$T/bad.json"
expect_exit 3 ctx run "$INST" --model openai/o3 --base-url "$URL/v1" --model-rules "$T/bad.json" -o "$T/bad.db"
assert_contains "$T/err" "known \"family\""

# the effort is part of the cache key: another effort is another request
expect_exit 0 ctx run "$INST" --model openai/o3-mini+perfect --base-url "$URL/v1" \
	--max-tokens 500 --reasoning-effort low -o "$T/o3low.db"
assert_eq "$(q "$T/o3low.db" "select count(*) from replies where cached=0")" "6" "not from the cache"

# options a model family has no field for are usage errors, before anything is sent
expect_exit 2 ctx run "$INST" --model openai/o3 --base-url "$URL/v1" --thinking-budget 2000 -o "$T/u1.db"
assert_contains "$T/err" "--thinking-budget"
expect_exit 2 ctx run "$INST" --model openai/o3 --base-url "$URL/v1" --reasoning-effort huge -o "$T/u2.db"
assert_contains "$T/err" "--reasoning-effort wants"
expect_exit 2 ctx run "$INST" --model builtin/reader --reasoning-effort low -o "$T/u3.db"
[ ! -e "$T/u1.db" ] || fail "a usage error left a run.db"
ok "reasoning models"

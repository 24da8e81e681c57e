#!/bin/sh
# API keys and header values never reach run.db, the cache, or any output.
. ./lib.sh
. ./runlib.sh
KEY=sk-test-9f8e7d6c5b4a3210secret
start_fake f --key "$KEY"
export OPENAI_API_KEY="$KEY" ANTHROPIC_API_KEY="$KEY" GEMINI_API_KEY="$KEY"
for p in openai:/v1 anthropic: gemini:; do
	expect_exit 0 ctx run "$INST" --model "${p%%:*}/echo" --base-url "$URL${p#*:}" \
		--header 'X-Secret-Header: hunter2value' -o "$T/${p%%:*}.db"
	assert_contains "$T/err" "6 ok"
	cat "$T/out" "$T/err" >>"$T/all-output"
done
expect_exit 0 ctx export "$T/openai.db"
cat "$T/out" >>"$T/all-output"
# a wrong key: the endpoint echoes it back in its error, ctxbench must not
export OPENAI_API_KEY=sk-wrong-0123456789abcdefXYZ
expect_exit 1 ctx run "$INST" --model openai/echo --base-url "$URL/v1" -o "$T/wrong.db"
assert_contains "$T/err" "HTTP 401"
assert_not_contains "$T/err" "sk-wrong-0123456789abcdefXYZ"
cat "$T/out" "$T/err" >>"$T/all-output"
for f in "$T"/*.db* "$T/all-output"; do
	if grep -qaF "$KEY" "$f" || grep -qaF "sk-wrong-0123456789abcdefXYZ" "$f" || grep -qaF hunter2value "$f"; then
		fail "a secret is in '$f'"
	fi
done
assert_contains "$T/openai.db" "X-Secret-Header"
ok "keys stay secret"

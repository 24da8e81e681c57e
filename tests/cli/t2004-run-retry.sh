#!/bin/sh
# Retries: Retry-After (seconds, HTTP date, reset headers) is never undercut, and retries stop at the limit.
. ./lib.sh
. ./runlib.sh
start_fake f --retry-after 1

# min_gap FAULT: smallest time (ms) between a failed request and the next one for the same prompt
min_gap() {
	awk -v f="fault=$1" '
		$0 ~ f && / n=1 / { split($4, k, "="); t[k[2]] = $1 }
		/ n=2 / { split($4, k, "="); if (k[2] in t) { g = $1 - t[k[2]]; if (min == "" || g < min) min = g; n++ } }
		END { printf "%d %d\n", n, min }' "$T/f.log"
}

for fault in 429ra 429date 429reset; do
	expect_exit 0 ctx run "$INST" --model "openai/echo+${fault}x1" --backoff 0.01 \
		--base-url "$URL/v1" -o "$T/$fault.db"
	assert_eq "$(q "$T/$fault.db" "select count(*) from replies where status='ok' and attempts=2")" "6" "$fault retried once"
	set -- $(min_gap "$fault")
	assert_eq "$1" "6" "$fault: retried prompts in the log"
	[ "$2" -ge 1000 ] || fail "$fault: a retry came ${2} ms after the 429, before the 1 s the endpoint asked"
done
# Google's RetryInfo (retryDelay in the 429 body, no header) is a Retry-After too
expect_exit 0 ctx run "$INST" --model "gemini/echo+429infox1" --backoff 0.01 \
	--base-url "$URL" -o "$T/429info.db"
assert_eq "$(q "$T/429info.db" "select count(*) from replies where status='ok' and attempts=2")" "6" "429info retried once"
set -- $(min_gap 429info)
assert_eq "$1" "6" "429info: retried prompts in the log"
[ "$2" -ge 1000 ] || fail "429info: a retry came ${2} ms after the 429, before the 1 s of its RetryInfo"
grep -v "fault=429" "$T/f.log" >/dev/null || :

# 429 without Retry-After and 5xx are retried with backoff
expect_exit 0 ctx run "$INST" --model "anthropic/echo+429x1+500x2" --backoff 0.01 \
	--base-url "$URL" -o "$T/mix.db"
assert_eq "$(q "$T/mix.db" "select count(*) from replies where status='ok' and attempts=3")" "6" "429 then 500: three attempts"

# an endpoint that always fails: exactly 1 + --max-retries requests, then `error`
expect_exit 4 ctx run "$INST" --model "gemini/echo+503" --max-retries 2 --backoff 0.01 \
	--base-url "$URL" -o "$T/err.db"
assert_eq "$(q "$T/err.db" "select count(*) from replies where status='error' and attempts=3 and error like 'gave up after 3 attempts: HTTP 503%' and reply is null")" "6" "error after the limit"
assert_eq "$(grep -c 'gemini echo+503' "$T/f.log")" "18" "requests sent to the failing endpoint"
assert_contains "$T/err" "6 error"
# errors are sent again by a re-run of the same command
expect_exit 4 ctx run "$INST" --model "gemini/echo+503" --max-retries 0 --backoff 0.01 \
	--base-url "$URL" -o "$T/err.db"
assert_eq "$(grep -c 'gemini echo+503' "$T/f.log")" "24" "requests after a re-run"
assert_eq "$(q "$T/err.db" "select count(*), count(distinct id) from replies")" "6|6" "one record per instance"
ok "retries"

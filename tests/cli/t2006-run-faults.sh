#!/bin/sh
# Connection resets, malformed JSON, truncated bodies and streams, slow and stalled replies are retried.
. ./lib.sh
. ./runlib.sh
for fault in reset badjson truncate 502; do
	for s in "" --stream; do
		# a fresh endpoint, so each prompt's first request fails again
		start_fake "f$fault$s"
		db="$T/$fault$s.db"
		expect_exit 0 ctx run "$INST" --model "openai/echo+${fault}x1" $s --backoff 0.01 \
			--base-url "$URL/v1" -o "$db"
		assert_eq "$(q "$db" "select count(*) from replies where status='ok' and attempts=2")" "6" "$fault$s retried"
	done
done
# slow and stalled replies hit the timeout, then the retry succeeds
start_fake f --delay-ms 3000
for fault in slow stall; do
	expect_exit 0 ctx run "$INST" --model "anthropic/echo+${fault}x1" --timeout 1 --backoff 0.01 \
		--base-url "$URL" -o "$T/$fault.db"
	assert_eq "$(q "$T/$fault.db" "select count(*) from replies where status='ok' and attempts=2")" "6" "$fault retried"
done
# an unreachable endpoint ends as error, with curl's words
expect_exit 4 ctx run "$INST" --model "openai/echo" --max-retries 1 --backoff 0.01 \
	--base-url "http://127.0.0.1:1/v1" -o "$T/down.db"
assert_eq "$(q "$T/down.db" "select count(*) from replies where status='error' and attempts=2 and error like '%onnect%'")" "6" "connection refused"
ok "faults"

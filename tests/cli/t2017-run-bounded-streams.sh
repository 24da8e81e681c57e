#!/bin/sh
# A reply without end (an endless event stream, or a body that never ends) stops at the
# 64 MiB cap with an error that names it, once: memory stays bounded and nothing is retried.
. ./lib.sh
. ./runlib.sh
start_fake f
head -2 "$INST" >"$T/two.jsonl"
for s in --stream ""; do
	expect_exit 4 ctx run "$T/two.jsonl" --model "openai/echo+endless" --base-url "$URL/v1" \
		$s --backoff 0.01 -o "$T/e$s.db"
	assert_eq "$(q "$T/e$s.db" "select count(*) from replies where status='error' and attempts=1 and error like '%size cap of 64 MiB (67108864 bytes)%' and reply is null")" "2" "endless$s"
done
assert_eq "$(grep -c 'fault=endless' "$T/f.log")" "4" "each sent once"
ok "bounded streams"

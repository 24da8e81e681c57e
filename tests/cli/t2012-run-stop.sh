#!/bin/sh
# Ctrl-C stops cleanly and resumes; --max-cost stops the run; several --base-url share the load.
. ./lib.sh
. ./runlib.sh
many_instances 10 "$T/many.jsonl"
start_fake f --delay-ms 150
set +e
"$CTXBENCH" run "$T/many.jsonl" --model openai/echo+slow --concurrency 2 \
	--base-url "$URL/v1" -o "$T/r.db" >"$T/out" 2>"$T/err" &
pid=$!
wait_replies "$T/r.db" 2
kill -INT $pid
wait $pid
rc=$?
set -e
assert_eq "$rc" "1" "exit status after Ctrl-C"
assert_contains "$T/err" "interrupted; run the same command again to resume"
done1=$(q "$T/r.db" "select count(*) from replies")
[ "$done1" -gt 0 ] && [ "$done1" -lt 60 ] || fail "expected a partial run, got $done1"
[ ! -e "$T/r.db-wal" ] || [ ! -s "$T/r.db-wal" ] || fail "run.db was not closed cleanly"
expect_exit 0 ctx run "$T/many.jsonl" --model openai/echo+slow --concurrency 8 \
	--base-url "$URL/v1" -o "$T/r.db"
assert_eq "$(q "$T/r.db" "select count(*), count(distinct id) from replies")" "60|60" "after resume"
# --max-cost: a price of 1 USD per prompt token stops after the second reply (one request at a time)
echo '{"echo": {"input": 1000000, "output": 0}}' >"$T/prices.json"
expect_exit 1 ctx run "$INST" --model openai/echo --concurrency 1 --price-table "$T/prices.json" \
	--max-cost 400 --base-url "$URL/v1" -o "$T/c.db"
assert_contains "$T/err" "--max-cost"
assert_eq "$(q "$T/c.db" "select count(*), sum(cost = prompt_tokens) from replies")" "2|2" "replies and costs before the stop"
echo '{"echo": {"input": "free"}}' >"$T/bad.json"
expect_exit 3 ctx run "$INST" --model openai/echo --price-table "$T/bad.json" --base-url "$URL/v1" -o "$T/b.db"
assert_contains "$T/err" "needs \"input\" and \"output\""
# two replicas: both get requests
start_fake g
url2=$URL
start_fake h
expect_exit 0 ctx run "$T/many.jsonl" --model openai/echo --base-url "$url2/v1" --base-url "$URL/v1" \
	--no-cache -o "$T/rep.db"
assert_eq "$(q "$T/rep.db" "select count(*) from replies where status='ok'")" "60" "replicas"
assert_eq "$(wc -l <"$T/g.log" | tr -d ' ')" "30" "first replica's share"
assert_eq "$(wc -l <"$T/h.log" | tr -d ' ')" "30" "second replica's share"
# --rpm and --tpm limit the pace but every instance still gets its reply
expect_exit 0 ctx run "$INST" --model openai/echo --rpm 6000 --tpm 1000000 --no-cache \
	--base-url "$URL/v1" -o "$T/rpm.db"
assert_eq "$(q "$T/rpm.db" "select count(*) from replies where status='ok'")" "6" "with rate limits"
ok "stop, cost, replicas"

#!/bin/sh
# kill -9 in the middle of a run, then resume: every instance once, only the missing ones sent.
. ./lib.sh
. ./runlib.sh
many_instances 20 "$T/many.jsonl"
start_fake f --delay-ms 100
set +e
"$CTXBENCH" run "$T/many.jsonl" --model openai/echo+slow --concurrency 4 --no-cache \
	--base-url "$URL/v1" -o "$T/r.db" 2>"$T/err1" &
pid=$!
wait_replies "$T/r.db" 4
kill -9 $pid
{ wait $pid; } 2>/dev/null
set -e
# replies the killed run had: those in run.db and those in its reply log,
# which the next run folds in first (this one sends nothing: its --max-cost
# is spent before it starts)
expect_exit 1 ctx run "$T/many.jsonl" --model openai/echo+slow --concurrency 4 --no-cache \
	--base-url "$URL/v1" --price 1,1 --max-cost 0.000000001 -o "$T/r.db"
[ ! -e "$T/r.db-replies" ] || fail "the reply log was not folded in"
done1=$(q "$T/r.db" "select count(*) from replies")
[ "$done1" -gt 0 ] && [ "$done1" -lt 120 ] || fail "expected a partial run, got $done1 replies"
before=$(wc -l <"$T/f.log")
expect_exit 0 ctx run "$T/many.jsonl" --model openai/echo+slow --concurrency 4 --no-cache \
	--base-url "$URL/v1" -o "$T/r.db"
after=$(wc -l <"$T/f.log")
assert_eq "$(q "$T/r.db" "select count(*), count(distinct id), sum(status='ok') from replies")" "120|120|120" "records after resume"
assert_eq "$((after - before))" "$((120 - done1))" "requests sent by the resumed run"
assert_eq "$(q "$T/r.db" "pragma integrity_check")" "ok" "integrity"
ok "kill -9 and resume"

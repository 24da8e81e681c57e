#!/bin/sh
# Two runs into one run.db: the second refuses at once (no instance is paid
# twice); score, report and export still read it while the first one writes.
. ./lib.sh
. ./runlib.sh
many_instances 4 "$T/many.jsonl"
start_fake f --delay-ms 200
"$CTXBENCH" run "$T/many.jsonl" --model openai/echo+slow --concurrency 2 --no-cache \
	--base-url "$URL/v1" -o "$T/r.db" >"$T/first.out" 2>"$T/first.err" &
pid=$!
wait_replies "$T/r.db" 2
expect_exit 1 ctx run "$T/many.jsonl" --model openai/echo+slow --concurrency 2 --no-cache \
	--base-url "$URL/v1" -o "$T/r.db"
assert_contains "$T/err" "ctxbench: error: another ctxbench run is writing '$T/r.db'"
kill -0 $pid 2>/dev/null || fail "the first run ended before the second was refused; the test proves nothing"
# readers are not blocked by the writer's lock
expect_exit 0 ctx export "$T/r.db" -o "$T/x.jsonl"
assert_eq "$(wc -l <"$T/x.jsonl" | tr -d ' ')" "24" "export while running"
expect_exit 0 ctx score "$T/r.db"
expect_exit 0 ctx report "$T/r.db" --format csv -o "$T/rep.csv"
set +e
wait $pid
rc=$?
set -e
[ "$rc" = 0 ] || { cat "$T/first.err" >&2; fail "the first run exited $rc"; }
assert_eq "$(q "$T/r.db" "select count(*) from replies where status='ok'")" "24" "replies"
assert_eq "$(wc -l <"$T/f.log" | tr -d ' ')" "24" "requests sent (each instance once)"
# the lock goes with the run: the same command now resumes (nothing to send)
expect_exit 0 ctx run "$T/many.jsonl" --model openai/echo+slow --no-cache --base-url "$URL/v1" -o "$T/r.db"
assert_eq "$(wc -l <"$T/f.log" | tr -d ' ')" "24" "requests after the resume"
ok "one writer per run.db"

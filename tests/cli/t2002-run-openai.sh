#!/bin/sh
# openai chat against the fake endpoint: one final record per instance, export, exit codes.
. ./lib.sh
. ./runlib.sh
start_fake f
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" -o "$T/r.db"
assert_contains "$T/err" "6 instances: 6 ok"
assert_eq "$(q "$T/r.db" "select count(*), count(distinct id) from replies")" "6|6" "records"
assert_eq "$(q "$T/r.db" "select count(*) from instances")" "6" "instances copied"
assert_eq "$(q "$T/r.db" "select count(*) from replies where status='ok' and attempts=1 and prompt_tokens > 0 and completion_tokens > 0 and latency_ms >= 0 and model_id = 'perfect (fp_fake)'")" "6" "usage and model id"
assert_contains "$T/f.log" "chat perfect"
# the perfect model answers the gold rows, so the reply carries them
assert_eq "$(q "$T/r.db" "select reply like '%Final answer: [[\"Wine 0\"],[\"Wine 1\"]]' from replies where id like 'wine/q00/%'")" "1" "perfect reply"
assert_eq "$(q "$T/r.db" "select value from meta where key='model'")" "perfect" "meta model"
assert_eq "$(q "$T/r.db" "select value from meta where key='provider'")" "openai" "meta provider"
assert_eq "$(q "$T/r.db" "select value from meta where key='format'")" "ctxbench-run/3" "meta format"
assert_eq "$(q "$T/r.db" "pragma journal_mode")" "delete" "one file at rest (WAL only while run writes)"
expect_exit 0 ctx export "$T/r.db"
assert_eq "$(wc -l <"$T/out" | tr -d ' ')" "6" "export lines"
assert_contains "$T/out" '"status":"ok"'
assert_contains "$T/out" '"usage":{"prompt_tokens":'
# a second run resumes with nothing left to send
n=$(wc -l <"$T/f.log")
expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$URL/v1" -o "$T/r.db"
assert_eq "$(wc -l <"$T/f.log")" "$n" "requests after a complete run"
# a different model into the same file is refused
expect_exit 2 ctx run "$INST" --model openai/echo --base-url "$URL/v1" -o "$T/r.db"
assert_contains "$T/err" "different model"
expect_exit 2 ctx run "$INST" --model openai/perfect --temperature 0.5 --base-url "$URL/v1" -o "$T/r.db"
assert_contains "$T/err" "different settings"
# noanswer: every reply says so; --limit sends only the first instances
expect_exit 0 ctx run "$INST" --model openai/noanswer --limit 2 --base-url "$URL/v1" -o "$T/n.db"
assert_eq "$(q "$T/n.db" "select count(*) from replies where reply like '%Final answer: []'")" "2" "noanswer + limit"
ok "openai chat"

#!/bin/sh
# An instances file changed while a run reads it is an error that says so: no reply is stored
# under another instance's id. Changed between a run and its resume: refused (another -o).
. ./lib.sh
. ./runlib.sh
start_fake f --delay-ms 150
many_instances 4 "$T/inst.jsonl"
cp "$T/inst.jsonl" "$T/orig.jsonl"
set +e
"$CTXBENCH" run "$T/inst.jsonl" --model openai/perfect+slow --concurrency 1 --no-cache \
	--base-url "$URL/v1" -o "$T/r.db" 2>"$T/err1" &
pid=$!
wait_replies "$T/r.db" 1
# the same ids, in another order, written over the file the run has open
tac "$T/orig.jsonl" >"$T/rev.jsonl"
cat "$T/rev.jsonl" >"$T/inst.jsonl"
wait $pid
rc=$?
set -e
assert_eq "$rc" "3" "exit status"
assert_contains "$T/err1" "changed while the run was going"
# every stored reply answers its own instance's question (the fake answers by question)
assert_eq "$(q "$T/r.db" "select count(*) from replies r join instances i on i.id = r.id where r.reply not like '%Final answer: ' || (select json_extract(i.gold, '\$.rows')) || '%'")" "0" "no reply under another id"
# resuming with the changed file is refused before anything is sent
before=$(wc -l <"$T/f.log")
expect_exit 2 ctx run "$T/inst.jsonl" --model openai/perfect+slow --base-url "$URL/v1" -o "$T/r.db"
assert_contains "$T/err" "different instances_sha256"
assert_eq "$(wc -l <"$T/f.log")" "$before" "nothing sent"
ok "instances file changed"

#!/bin/sh
# run --batch records each batch before the provider hears of it: a kill -9 at any point,
# then the same command, polls the batches it made instead of making them again, and
# loses no reply; --status says where each batch stands without waiting.
. ./lib.sh
. ./runlib.sh
many_instances 2 "$T/inst.jsonl"
start_fake f --batch-polls 20
created() { grep -c '^batch created' "$T/f.log" || :; }

# killed while its batches run: the resume polls them
set +e
"$CTXBENCH" run "$T/inst.jsonl" --model openai/perfect --base-url "$URL/v1" --no-cache --batch \
	--poll-interval 0.05 --batch-size 5 -o "$T/k.db" 2>"$T/err1" &
pid=$!
i=0
while [ "$(created)" -lt 3 ]; do
	i=$((i + 1))
	[ $i -lt 400 ] || fail "the run made no batches"
	sleep 0.01
done
kill -9 $pid
{ wait $pid; } 2>/dev/null
set -e
# --status: where they stand, at once, nothing sent
expect_exit 0 ctx run "$T/inst.jsonl" --model openai/perfect --base-url "$URL/v1" --no-cache --batch \
	--status -o "$T/k.db"
assert_contains "$T/out" "3 batches, 3 not collected"
assert_contains "$T/out" "in_progress"
assert_eq "$(created)" "3" "--status makes no batch"
expect_exit 0 ctx run "$T/inst.jsonl" --model openai/perfect --base-url "$URL/v1" --no-cache --batch \
	--poll-interval 0.05 --batch-size 5 -o "$T/k.db"
assert_eq "$(created)" "3" "the resume made no batch"
assert_eq "$(q "$T/k.db" "select count(*), sum(status = 'ok' and attempts = 1) from replies")" "12|12" "every reply, once"

# killed between recording a batch and hearing its id (simulated): found by its tag
for p in openai:/v1 anthropic: gemini:; do
	prov=${p%%:*}
	path=${p#*:}
	run() { ctx run "$T/inst.jsonl" --model "$prov/perfect" --base-url "$URL$path" --no-cache --batch \
		--poll-interval 0.05 -o "$T/s-$prov.db"; }
	expect_exit 0 run
	n=$(created)
	q "$T/s-$prov.db" "update batches set state = 'submitting', remote = null, status = null; delete from replies"
	expect_exit 0 run
	assert_eq "$(created)" "$n" "$prov: a batch being submitted is found, not made again"
	assert_eq "$(q "$T/s-$prov.db" "select count(*) from replies where status = 'ok'")" "12" "$prov: its replies"
	# killed while collecting (simulated): the results are fetched again
	q "$T/s-$prov.db" "update batches set state = 'ended'; delete from replies where rowid % 2 = 0"
	expect_exit 0 run
	assert_eq "$(created)" "$n" "$prov: collecting again makes no batch"
	assert_eq "$(q "$T/s-$prov.db" "select count(*) from replies where status = 'ok'")" "12" "$prov: every reply"
done
# Ctrl-C while batches run: they keep running at the provider, and the
# summary says where the instances are
n=$(created)
set +e
"$CTXBENCH" run "$T/inst.jsonl" --model openai/perfect --base-url "$URL/v1" --no-cache --batch \
	--poll-interval 0.5 --batch-size 5 -o "$T/int.db" 2>"$T/err2" &
pid=$!
i=0
while [ "$(created)" -lt $((n + 3)) ]; do
	i=$((i + 1))
	[ $i -lt 400 ] || fail "the run made no batches"
	sleep 0.01
done
kill -INT $pid
wait $pid
got=$?
set -e
[ "$got" = 1 ] || fail "Ctrl-C: exit $got, expected 1"
assert_contains "$T/err2" "12 in batches at the provider, 0 not sent"
assert_contains "$T/err2" "the batches keep running at the provider"
ok "batch resume"

#!/bin/sh
# Replies are safe as soon as they arrive: a kill -9 loses only the requests truly in flight,
# so a resume pays for nothing twice (the reply log beside run.db, RUN.db-replies).
. ./lib.sh
. ./runlib.sh
many_instances 2 "$T/inst.jsonl"
# 4 replies, then requests that never get one: the run blocks with 4 in flight
start_fake f --stall-after 4
set +e
"$CTXBENCH" run "$T/inst.jsonl" --model openai/echo --concurrency 4 --no-cache \
	--base-url "$URL/v1" -o "$T/r.db" 2>"$T/err1" &
pid=$!
# the 5th..8th requests leave only after the first replies were handled, so
# once the endpoint has all 8 the 4 replies have arrived: kill at once
i=0
while [ "$(wc -l <"$T/f.log")" -lt 8 ]; do
	i=$((i + 1))
	[ $i -lt 400 ] || fail "the run did not send 8 requests"
	sleep 0.01
done
kill -9 $pid
{ wait $pid; } 2>/dev/null
set -e
[ -s "$T/r.db-replies" ] || fail "no reply log beside the killed run's run.db"
start_fake g
expect_exit 0 ctx run "$T/inst.jsonl" --model openai/echo --concurrency 4 --no-cache \
	--base-url "$URL/v1" -o "$T/r.db"
assert_eq "$(wc -l <"$T/g.log")" "8" "requests of the resumed run (only those that were in flight or never sent)"
assert_eq "$(q "$T/r.db" "select count(*), count(distinct id), sum(status='ok') from replies")" "12|12|12" "records"
[ ! -e "$T/r.db-replies" ] || fail "the reply log is left after a clean end"
ok "a kill loses only the requests in flight"

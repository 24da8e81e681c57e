#!/bin/sh
# A 429 storm lowers concurrency (halved at most once a second), and it grows
# back as replies succeed; the summary says how far it went.
. ./lib.sh
. ./runlib.sh
start_fake f --fault slow --delay-ms 50 --storm-ms 2500
many_instances 120 "$T/many.jsonl" # 720 instances, one prompt each 6
expect_exit 0 ctx run "$T/many.jsonl" --model openai/echo --concurrency 16 \
	--backoff 0.2 --max-retries 20 --no-cache --base-url "$URL/v1" -o "$T/r.db"
assert_eq "$(q "$T/r.db" "select count(*) from replies where status='ok'")" "720" "every instance answered"
assert_contains "$T/err" "429s cut concurrency from 16 to "
low=$(sed -n 's/.*429s cut concurrency from 16 to \([0-9]*\), \([0-9]*\) at the end.*/\1/p' "$T/err")
end=$(sed -n 's/.*429s cut concurrency from 16 to \([0-9]*\), \([0-9]*\) at the end.*/\2/p' "$T/err")
[ "$low" -le 4 ] || fail "a 2.5 s storm cut concurrency only to $low"
[ "$end" -gt "$low" ] || fail "concurrency did not grow back after the storm ($low, $end at the end)"

# what the endpoint saw (requests in flight when each successful one came): at
# most 16, no more than the cut allows right after the storm, then growing
# back by about one per round trip
awk '/status=200/ { sub("inflight=", "", $NF); print $NF }' "$T/f.log" > "$T/inflight"
assert_eq "$(wc -l < "$T/inflight" | tr -d ' ')" "720" "successful requests"
max_all=$(sort -n "$T/inflight" | tail -1)
[ "$max_all" -le 16 ] || fail "$max_all requests in flight with --concurrency 16"
first=$(head -n 4 "$T/inflight" | sort -n | tail -1)
[ "$first" -le $((low + 1)) ] || fail "$first requests in flight right after the storm (cut to $low)"
late=$(sed -n '5,$p' "$T/inflight" | sort -n | tail -1)
[ "$late" -ge 10 ] || fail "concurrency did not grow back: at most $late in flight after the storm"
ok "429 storm: concurrency $low after the storm, $end at the end; endpoint saw $first then up to $late"

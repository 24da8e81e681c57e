#!/bin/sh
# The response cache: a hit for identical settings, a miss when any setting changes.
. ./lib.sh
. ./runlib.sh
start_fake f
run() { expect_exit 0 ctx run "$INST" --model openai/echo --base-url "$URL/v1" "$@"; }
reqs() { wc -l <"$T/f.log" | tr -d ' '; }
run -o "$T/a.db"
assert_eq "$(reqs)" "6" "first run"
run -o "$T/b.db"
assert_eq "$(reqs)" "6" "identical second run sends nothing"
assert_eq "$(q "$T/b.db" "select count(*) from replies where cached=1 and attempts=0")" "6" "cached records"
assert_eq "$(q "$T/b.db" "select group_concat(reply, '|') from replies")" "$(q "$T/a.db" "select group_concat(reply, '|') from replies")" "cached replies"
assert_contains "$T/err" "6 cached"
n=6
for change in "--temperature 0.7" "--max-tokens 99" "--seed 5" "--stop XX" "--body-extra {\"top_p\":0.5}" "--stream"; do
	run $change -o "$T/c$n.db"
	n=$((n + 6))
	assert_eq "$(reqs)" "$n" "a miss after $change"
done
expect_exit 0 ctx run "$INST" --model openai/echo+x --base-url "$URL/v1" -o "$T/m.db"
n=$((n + 6))
assert_eq "$(reqs)" "$n" "a miss for another model"
start_fake g
expect_exit 0 ctx run "$INST" --model openai/echo --base-url "$URL/v1" -o "$T/e.db"
assert_eq "$(wc -l <"$T/g.log" | tr -d ' ')" "6" "a miss for another endpoint"
expect_exit 0 ctx run "$INST" --model openai/echo --base-url "$URL/v1" --no-cache -o "$T/n.db"
assert_eq "$(wc -l <"$T/g.log" | tr -d ' ')" "12" "--no-cache sends"
assert_eq "$(q "$T/n.db" "select sum(cached) from replies")" "0" "--no-cache records"
ok "cache"

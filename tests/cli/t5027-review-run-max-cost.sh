#!/bin/sh
# --max-cost counts the spend already recorded in run.db: running the same
# command again does not spend another --max-cost; stopping short exits 1
# (not 4, which --help keeps for instances that ended non-ok).
. ./lib.sh
. ./runlib.sh
cd "$T"
start_fake f
# 1 USD per prompt token: each reply costs a few hundred USD; 400 allows two
echo '{"echo": {"input": 1000000, "output": 0}}' >prices.json
run() { ctx run "$INST" --model openai/echo --concurrency 1 --no-cache --price-table prices.json \
	--base-url "$URL/v1" -o c.db "$@"; }
expect_exit 1 run --max-cost 400
assert_contains "$T/err" "stopped at --max-cost 400.0000"
assert_contains "$T/err" "4 instances not sent"
assert_eq "$(q c.db "select count(*) from replies")" "2" "replies before the stop"
sent=$(wc -l <f.log | tr -d ' ')
expect_exit 1 run --max-cost 400
assert_contains "$T/err" "stopped at --max-cost 400.0000"
assert_contains "$T/err" "earlier runs included"
assert_eq "$(wc -l <f.log | tr -d ' ')" "$sent" "requests sent by the same command again"
assert_eq "$(q c.db "select count(*) from replies")" "2" "replies after the same command again"
expect_exit 0 run --max-cost 100000
assert_eq "$(q c.db "select count(*) from replies where status='ok'")" "6" "after raising the limit"
ctx run --help >help.txt
assert_contains help.txt "stopped at --max-cost"
ok "max-cost counts earlier spend"

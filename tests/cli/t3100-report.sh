# ctxbench report: md, csv, json, html outputs over scored fixture runs; determinism; errors.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is needed to build run.db fixtures"
for b in perfect quarters; do
	sh ./score-fixture.sh $b | sqlite3 "$T/$b.db" >/dev/null
	ctx score "$T/$b.db" >/dev/null
done
P=$T/perfect.db Q=$T/quarters.db

expect_exit 0 ctx report "$P" "$Q"
cp "$T/out" "$T/md1"
assert_contains "$T/out" "| fake/perfect | $P | 38 | 37 | 0.919 |"
assert_contains "$T/out" "| fake/quarters | $Q | 38 | 37 | 0.581 |"
assert_contains "$T/out" "## by length"
assert_contains "$T/out" "| middle | 1.000 [1.000, 1.000] n=6, floor 0.000 | 0.000 [0.000, 0.000] n=6, floor 0.000 |"
assert_contains "$T/out" "| Ranking | 1.000 [1.000, 1.000] n=12, floor 0.000 | 0.625 "
assert_contains "$T/out" "| 8192 | 0.000 [0.000, 0.000] n=3 (3 not ok), floor 0.000 |"
# the position curve summary: U shape with Avg 0.8 and Gap 1
assert_contains "$T/out" "| kv | fake/quarters | 0.800 | 1.000 | 5 |"
assert_contains "$T/out" "| kv | fake/perfect | 1.000 | 0.000 | 5 |"
expect_exit 0 ctx report "$P" "$Q"
cmp -s "$T/out" "$T/md1" || fail "report is not deterministic"
ok "markdown report side by side, deterministic"

expect_exit 0 ctx report "$Q" --by placement,difficulty --format csv
assert_eq "$(head -1 "$T/out")" "by,key,run,n,mean,ci_lo,ci_hi,ok,length,overflow,rejected,refused,error,no_reply,floor,empty_golds" "csv header"
assert_contains "$T/out" "all,all,fake/quarters,37,0.581081,"
assert_contains "$T/out" "placement,uniform,fake/quarters,6,0.25,"
assert_contains "$T/out" "difficulty,hard,fake/quarters,12,0.625,"
assert_not_contains "$T/out" "length,1024"
ok "csv with --by"

expect_exit 0 ctx report "$Q" -o "$T/r.json"
assert_contains "$T/r.json" '"probes":[{"task":"kv","run":"fake/quarters","avg":0.8,"gap":1,"bins":5}]'
assert_contains "$T/r.json" '{"by":"placement","key":"middle","run":"fake/quarters","n":6,"mean":0,"ci":[0,0]'
if command -v python3 >/dev/null; then
	python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T/r.json" || fail "invalid json"
fi
ok "json (format from the -o suffix)"

expect_exit 0 ctx report "$P" "$Q" --format html -o "$T/r.html"
assert_contains "$T/r.html" "<svg class=\"chart\""
assert_contains "$T/r.html" "Position curve: kv"
assert_contains "$T/r.html" "Worst instances"
# the always-abstain floor: a column, and a dashed baseline in the charts
assert_contains "$T/r.html" "<th>floor</th><th>empty golds</th>"
assert_contains "$T/r.html" ">abstain floor</text>"
[ "$(grep -o 'class="fl"' "$T/r.html" | wc -l)" -ge 4 ] || fail "no floor drawn in the charts"
assert_not_contains "$T/r.html" "http://"
assert_not_contains "$T/r.html" "https://"
[ "$(grep -o '<svg class="chart"' "$T/r.html" | wc -l)" -ge 7 ] || fail "too few charts"
ok "html is one self-contained file with charts"

expect_exit 0 ctx report --help
assert_contains "$T/out" "usage: ctxbench report"
expect_exit 2 ctx report
expect_exit 2 ctx report "$P" --by colour
assert_contains "$T/err" "unknown --by dimension 'colour'"
expect_exit 2 ctx report "$P" --format pdf
expect_exit 2 ctx report "$P" --bogus
sh ./score-fixture.sh noanswer | sqlite3 "$T/unscored.db" >/dev/null
expect_exit 3 ctx report "$T/unscored.db" -o "$T/x.md"
assert_contains "$T/err" "has no scores; run 'ctxbench score $T/unscored.db' first"
[ ! -e "$T/x.md" ] || fail "a failed report left an output file"
expect_exit 1 ctx report "$T/missing.db"
expect_exit 1 ctx report "$P" -o "$T/no/such/dir/r.md"
ok "usage and input errors"

# a run with no replies at all: score says so, report points at run, not score
ctx gen --db wine --query q01 --length 2k --info-amount 512 -o "$T/i.jsonl"
ctx run "$T/i.jsonl" --model builtin/empty -o "$T/empty.db" 2>/dev/null
sqlite3 "$T/empty.db" "DELETE FROM replies"
expect_exit 0 ctx score "$T/empty.db"
assert_contains "$T/out" "scored 0 of 1 instances in '$T/empty.db': no replies yet"
expect_exit 3 ctx report "$T/empty.db"
assert_contains "$T/err" "holds no replies yet; finish its run"
ok "no replies: report says run first"

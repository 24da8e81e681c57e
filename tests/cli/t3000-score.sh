# ctxbench score: exact scores of scripted models, idempotent re-scoring, statuses, usage errors.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is needed to build run.db fixtures"
fx() { sh ./score-fixture.sh "$@" | sqlite3 "$T/$1.db" >/dev/null; }
fx perfect
fx quarters
fx noanswer

expect_exit 0 ctx score "$T/perfect.db"
assert_contains "$T/out" "scored 37 of 38 instances"
assert_contains "$T/out" "mean 0.9189"
assert_contains "$T/out" "ok 34, length 1, overflow 1, rejected 0, error 1, no reply 1"
expect_exit 0 ctx score "$T/quarters.db"
assert_contains "$T/out" "mean 0.5811"
expect_exit 0 ctx score "$T/noanswer.db"
assert_contains "$T/out" "mean 0.0000"
ok "scripted models score exactly (perfect 34/37, quarters 21.5/37, noanswer 0)"

q() { sqlite3 "$T/$1.db" "$2"; }
assert_eq "$(q quarters "SELECT sum(score) FROM scores WHERE id LIKE '%/middle/%'")" "0.0" "middle"
assert_eq "$(q quarters "SELECT sum(score) FROM scores WHERE id LIKE '%/uniform/%'")" "1.5" "uniform"
assert_eq "$(q quarters "SELECT group_concat(score) FROM scores WHERE id LIKE 'probe/%' ORDER BY id")" \
	"1.0,1.0,1.0,1.0,0.0,0.0,1.0,1.0,1.0,1.0" "probe depths"
# status rows score 0 and are never parsed, even when the text looks right
assert_eq "$(q quarters "SELECT score || ' ' || labels FROM scores WHERE id LIKE '%/length'")" \
	'0.0 {"status":"length"}' "length status"
assert_eq "$(q quarters "SELECT count(*) FROM scores WHERE id LIKE '%/none'")" "0" "no reply"
# ranking queries get an order check; others do not
assert_eq "$(q perfect "SELECT count(*) FROM scores WHERE order_ok = 1")" "12" "order_ok"
assert_eq "$(q perfect "SELECT count(*) FROM scores WHERE order_ok IS NULL")" "25" "order_ok null"
assert_eq "$(q quarters "SELECT labels FROM scores WHERE id = 'wine/q2/L1024/A256/uniform/s1'")" \
	'{"form":"final_json","none":false,"segment":[14,26],"answer":[["Ann","9"]],"labels":[{"gold":0,"label":"exact","pred":0},{"gold":1,"label":"none","pred":null}]}' \
	"labels with evidence"
ok "labels, evidence, statuses and order checks are stored"

# re-scoring replaces the rows of the scorer (idempotent)
before=$(q quarters "SELECT group_concat(id || score || labels, '|') FROM scores")
expect_exit 0 ctx score "$T/quarters.db" --max-gold 1
assert_contains "$T/out" "mean 0.6216"
expect_exit 0 ctx score "$T/quarters.db"
assert_eq "$(q quarters "SELECT count(*) FROM scores")" "37" "rows after re-scoring"
assert_eq "$(q quarters "SELECT group_concat(id || score || labels, '|') FROM scores")" "$before" "re-score"
ok "re-scoring is idempotent"

expect_exit 0 ctx score --help
assert_contains "$T/out" "usage: ctxbench score"
expect_exit 2 ctx score
assert_contains "$T/err" "missing RUN.db"
expect_exit 2 ctx score "$T/perfect.db" --bogus
assert_contains "$T/err" "unknown option '--bogus'"
expect_exit 2 ctx score "$T/perfect.db" --tolerance
expect_exit 2 ctx score "$T/perfect.db" --tolerance abc
# several runs: each scored, one summary each (shards: t6002)
expect_exit 0 ctx score "$T/perfect.db" "$T/quarters.db"
assert_eq "$(grep -c '^scored 37 of 38 instances' "$T/out")" "2" "two runs, two summaries"
expect_exit 2 ctx score "$T/nomatch-*.db"
assert_contains "$T/err" "no file matches '$T/nomatch-*.db'"
expect_exit 1 ctx score "$T/nope.db"
assert_contains "$T/err" "cannot open '$T/nope.db': No such file or directory"
[ ! -e "$T/nope.db" ] || fail "score created a missing run.db"
echo "not a database" >"$T/junk.db"
expect_exit 3 ctx score "$T/junk.db"
assert_contains "$T/err" "is not a ctxbench run database"
sqlite3 "$T/empty.db" "CREATE TABLE x(a)"
expect_exit 3 ctx score "$T/empty.db"
expect_exit 2 ctx score "$T/perfect.db" --judge gpt-4o
assert_contains "$T/err" "--judge wants PROVIDER/MODEL, not 'gpt-4o'"
ok "usage and input errors"

# malformed gold fails the whole command and changes nothing
sqlite3 "$T/perfect.db" "UPDATE instances SET gold = '{\"rows\": 5}' WHERE seq = 3"
n=$(q perfect "SELECT group_concat(score) FROM scores")
expect_exit 3 ctx score "$T/perfect.db"
assert_contains "$T/err" "instance 'wine/q1/L1024/A256/middle/s1': gold has no \"rows\" array"
assert_eq "$(q perfect "SELECT group_concat(score) FROM scores")" "$n" "scores after failed scoring"
ok "malformed gold is an input error and rolls back"

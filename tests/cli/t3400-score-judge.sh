# ctxbench score --judge: the two judge steps run through 'ctxbench run' (a scripted
# command judge), verdicts land as scorer 'judge:...', report shows the agreement.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is needed to build run.db fixtures"
ctx run --help >/dev/null 2>&1 || skip "ctxbench run is not built"
export CTXBENCH_CACHE="$T/cache.db"
sh ./score-fixture.sh quarters | sqlite3 "$T/q.db" >/dev/null
J="sh $PWD/score-judge.sh"
expect_exit 0 ctx score "$T/q.db" --judge command/fakejudge --judge-command "$J"
assert_contains "$T/out" "mean 0.5811"
# 24 query replies: begin/end (12) and the half answers at uniform (3, which
# this lenient judge calls exact) earn 1; 3 status rows score 0
assert_contains "$T/out" "judged 27 instances with 'judge:command/fakejudge': mean 0.5556; 0 not judged"
q() { sqlite3 "$T/q.db" "$1"; }
assert_eq "$(q "SELECT count(*) FROM scores WHERE scorer = 'judge:command/fakejudge'")" 27 "judge rows"
assert_eq "$(q "SELECT labels FROM scores WHERE scorer LIKE 'judge:%' AND id = 'wine/q2/L1024/A256/uniform/s1'")" \
	'{"answer":[["Ann",9]],"labels":[{"gold":0,"label":"exact"},{"gold":1,"label":"exact"}]}' "judge labels"
assert_eq "$(q "SELECT labels FROM scores WHERE scorer LIKE 'judge:%' AND id LIKE '%/overflow'")" \
	'{"status":"overflow"}' "status rows"
[ -s "$T/q.db.judge/command_fakejudge-extract.db" ] || fail "no judge run.db for step 1"
ok "two-step judge scores"

expect_exit 0 ctx report "$T/q.db"
# det and judge differ only on the three half answers: 24 of 27 agree
assert_contains "$T/out" "| fake/quarters | command/fakejudge | 27 | 0.556 | 0.500 | 0.889 |"
ok "report shows judge and det side by side"

# judging again reuses the judge runs (resume) and replaces the rows
expect_exit 0 ctx score "$T/q.db" --judge command/fakejudge --judge-command "$J"
assert_eq "$(q "SELECT count(*) FROM scores WHERE scorer LIKE 'judge:%'")" 27 "rows after re-judging"
ok "re-judging is idempotent"

# a judge that answers nonsense leaves those instances unjudged: exit 4
printf 'echo not json\n' >"$T/bad.sh"
expect_exit 4 ctx score "$T/q.db" --judge command/bad --judge-command "sh $T/bad.sh"
assert_contains "$T/out" "judged 3 instances with 'judge:command/bad': mean 0.0000; 24 not judged"
expect_exit 2 ctx score "$T/q.db" --judge nomodel
expect_exit 2 ctx score "$T/q.db" --judge-command "$J"
assert_contains "$T/err" "--judge-* options need --judge"
ok "unusable verdicts and usage errors"

#!/bin/sh
# ctxbench show: one instance for a person (gold rows with their labels and
# the answer row that earned each, the reply with the graded answer marked),
# the worst instances, the HTML report's links to the same view; errors.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is needed to build run.db fixtures"
sh ./score-fixture.sh quarters | sqlite3 "$T/q.db" >/dev/null
Q=$T/q.db
# before scoring: the instance and its reply, and a word on scoring
first=$(sqlite3 "$Q" "SELECT id FROM replies WHERE status = 'ok' ORDER BY id LIMIT 1")
expect_exit 0 ctx show "$Q" "$first"
assert_contains "$T/out" "(not scored: run 'ctxbench score' on the run)"
expect_exit 3 ctx show "$Q" --worst 1
assert_contains "$T/err" "has no scores; run 'ctxbench score"
expect_exit 0 ctx score "$Q"

# the lowest score first; gold rows with labels; the answer between markers
expect_exit 0 ctx show "$Q" --worst 2
[ "$(grep -c '^id  ' "$T/out")" = 2 ] || fail "--worst 2 did not show two instances"
assert_contains "$T/out" "score 0.000"
id=$(sqlite3 "$Q" "SELECT s.id FROM scores s JOIN replies r USING(id) WHERE s.scorer = 'det' AND s.score = 1 AND r.reply LIKE 'Final answer:%' AND s.labels LIKE '%\"segment\"%' ORDER BY s.id LIMIT 1")
[ -n "$id" ] || fail "the fixture has no fully right reply with a segment"
expect_exit 0 ctx show "$Q" "$id"
assert_contains "$T/out" "id        $id"
assert_contains "$T/out" "Final answer: >>>"
assert_contains "$T/out" "<<<"
grep -q '^ *0  .*  exact  ' "$T/out" || fail "gold row 0 is not shown with its label"
# colours only on request (the output is not a terminal here)
expect_exit 0 ctx show "$Q" "$id" --color always
grep -q "$(printf '\033')\[1;7m" "$T/out" || fail "--color always gave no colour"
expect_exit 0 ctx show "$Q" "$id" --color never
assert_not_contains "$T/out" "$(printf '\033')"
ok "show: labels, answer rows and the graded answer"

# the HTML report's worst instances link to the same view
expect_exit 0 ctx report "$Q" --format html -o "$T/r.html"
assert_contains "$T/r.html" '<a href="#v0-0">'
assert_contains "$T/r.html" 'id="v0-0"'
assert_contains "$T/r.html" '<th>label</th><th>answer row</th>'
ok "html worst instances link to their views"

# errors: usage, a missing file, an unknown id with the ids that hold it
expect_exit 2 ctx show
assert_contains "$T/err" "give a run.db"
expect_exit 2 ctx show "$Q"
assert_contains "$T/err" "give instance ids, or --worst N"
expect_exit 2 ctx show "$Q" x --color sometimes
expect_exit 2 ctx show "$Q" --worst 0
expect_exit 1 ctx show "$T/nope.db" x
assert_contains "$T/err" "cannot open '$T/nope.db'"
expect_exit 3 ctx show "$Q" "${id%/*}"
assert_contains "$T/err" "has no instance '${id%/*}'; ids that hold it: '"
expect_exit 0 ctx show --help
assert_contains "$T/out" "usage: ctxbench show"
ok "show errors"

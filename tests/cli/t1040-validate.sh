#!/bin/sh
# validate: passes on gen's output, fails (exit 3, one message per instance) on tampered files.
. ./lib.sh
export CTXBENCH_DATA="$SRCDIR/tests/fixtures/tiny"
expect_exit 0 ctx validate --help
assert_contains "$T/out" "usage: ctxbench validate"
expect_exit 2 ctx validate
expect_exit 2 ctx validate --bogus x
expect_exit 1 ctx validate "$T/none.jsonl"
assert_contains "$T/err" "cannot open '$T/none.jsonl'"

ctx gen --query q02 --query q03 --length 1k --info-amount 300 --placement uniform,middle -o "$T/a.jsonl"
expect_exit 0 ctx validate "$T/a.jsonl"
assert_contains "$T/out" "validated 4 instances: 4 ok, 0 failed"

# tamper TEXT JQ: validate fails on the first instance only and says TEXT
tamper() {
	{ head -1 "$T/a.jsonl" | jq -c "$2"; tail -n +2 "$T/a.jsonl"; } > "$T/bad.jsonl"
	expect_exit 3 ctx validate "$T/bad.jsonl"
	assert_contains "$T/out" "validated 4 instances: 3 ok, 1 failed"
	assert_contains "$T/err" "line 1 (tiny/q02/L1024/A300/uniform/s1): "
	assert_contains "$T/err" "$1"
	[ "$(wc -l < "$T/err")" -eq 1 ] || fail "more than one message"
}
tamper "the gold answer over the rows in the context is" '.gold.rows[0][1] += 1'
tamper "the gold answer over the rows in the context is" '.gold.rows |= .[1:]'
tamper "unit 2 (" '.units[1].start += 2'
tamper "unit 1 (" '.units |= (.[1:2] + .[0:1] + .[2:])'
tamper "reads back as" '.units[0].rowid = (if .units[0].rowid == 1 then 2 else 1 end)'
tamper "\"relevant\" should be" '.units[0].relevant = (.units[0].relevant | not)'
tamper "the context has" '.context += "\nPet #1 is a cat called Rex, owned by person #2."'
tamper "the context has 1" '.stats.context_tokens += 1'
tamper "relevant units hold" '.stats.info_tokens -= 1'
tamper "the id should be 'tiny/q02/L1024/A300/uniform/s5'" '.params.seed = 5'
tamper "placed twice" '(.context | split("\n") | .[1] = .[0]) as $m | .units[1] = .units[0]
	| .context = ($m | join("\n"))
	| reduce range(0; $m | length) as $i (.; .units[$i].start = ([$m[:$i][] | length + 1] | add // 0))'
{ echo 'not json'; cat "$T/a.jsonl"; } > "$T/bad.jsonl"
expect_exit 3 ctx validate "$T/bad.jsonl"
assert_contains "$T/out" "validated 5 instances: 4 ok, 1 failed"
ok "validate"

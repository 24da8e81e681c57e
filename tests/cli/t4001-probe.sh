#!/bin/sh
# ctxbench probe: every task writes positions x samples instances, deterministically.
. ./lib.sh
expect_exit 0 ctx probe --help
assert_contains "$T/out" "usage: ctxbench probe"
assert_contains "$T/out" "--positions"

for task in entity sentence function kv; do
	expect_exit 0 ctx probe --task $task --length 2k --positions 3 --samples 2 \
		--seed 4 -o "$T/$task.jsonl"
	assert_eq "$(wc -l <"$T/$task.jsonl" | tr -d ' ')" 6 "$task instances"
	# probes of a database name it in their ids (wine is the default)
	case $task in entity | sentence) db=wine/ ;; *) db= ;; esac
	for d in 0 0.5 1; do
		for k in 1 2; do
			assert_contains "$T/$task.jsonl" "\"id\":\"probe/$task/${db}L2048/depth=$d/k$k/s4\""
		done
		assert_contains "$T/$task.jsonl" "\"placement\":\"depth=$d\""
	done
	assert_contains "$T/$task.jsonl" "\"query_id\":\"probe-$task\""
	assert_contains "$T/$task.jsonl" "\"types\":[\"Probe\"]"
	assert_contains "$T/$task.jsonl" "\"probe\":{\"task\":\"$task\",\"depth\":0.5,\"evidence_start\":"
	assert_contains "$T/$task.jsonl" "\"relevant_units\":1"
	# same arguments, same bytes; another seed, other bytes
	ctx probe --task $task --length 2k --positions 3 --samples 2 --seed 4 >"$T/again.jsonl"
	cmp -s "$T/$task.jsonl" "$T/again.jsonl" || fail "$task: output differs between runs"
	ctx probe --task $task --length 2k --positions 3 --samples 2 --seed 5 >"$T/other.jsonl"
	if cmp -s "$T/$task.jsonl" "$T/other.jsonl"; then fail "$task: --seed changed nothing"; fi
done
assert_contains "$T/entity.jsonl" "\"db\":\"wine\""
assert_contains "$T/kv.jsonl" "\"db\":null"

# explicit depths, N=1 means the middle, several lengths, another database
expect_exit 0 ctx probe --task kv --length 1k,2k --positions depth=0.1,depth=0.9 -o "$T/x.jsonl"
assert_eq "$(wc -l <"$T/x.jsonl" | tr -d ' ')" 4 "explicit depths x lengths"
assert_contains "$T/x.jsonl" "probe/kv/L1024/depth=0.1/k1/s1"
assert_contains "$T/x.jsonl" "probe/kv/L2048/depth=0.9/k1/s1"
expect_exit 0 ctx probe --task kv --length 1k --positions 1
assert_contains "$T/out" "\"depth\":0.5,"
expect_exit 0 ctx probe --task entity --db college --length 1k --positions=1
assert_contains "$T/out" "\"db\":\"college\""
expect_exit 0 ctx probe --task sentence --db store --length 1k --positions 2 --tokenizer ratio:4
assert_contains "$T/out" "\"tokenizer\":\"ratio:4\""
# a database file given by path, with its templates
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$T/c.db" <"$SRCDIR/schemas/college/db.sql"
	if ctx probe --task sentence --db "$T/c.db" --length 1k >"$T/out" 2>"$T/err"; then
		fail "a database without templates was accepted"
	fi
	assert_contains "$T/err" "no templates"
	expect_exit 0 ctx probe --task sentence --db "$T/c.db" --length 1k \
		--templates "$SRCDIR/schemas/college/verbalize.json" --positions 1
	# named by the file's stem, with its sha256; ids name the database
	assert_contains "$T/out" "\"db\":\"c\",\"db_sha256\":\"$(sha256sum <"$T/c.db" | cut -d' ' -f1)\""
	assert_contains "$T/out" "\"id\":\"probe/sentence/c/L1024/depth=0.5/k1/s1\""
	# NAME=PATH names it otherwise; two databases never share probe ids
	expect_exit 0 ctx probe --task sentence --db "college2=$T/c.db" --length 1k \
		--templates "$SRCDIR/schemas/college/verbalize.json" --positions 1
	assert_contains "$T/out" "\"id\":\"probe/sentence/college2/L1024/depth=0.5/k1/s1\""
else
	echo "note: no sqlite3 program, --db PATH not tested" >&2
fi
ok "probe writes every task"

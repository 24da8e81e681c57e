#!/bin/sh
# Instance SQL is data: it never attaches (creates) a file, in gen or in the
# builtin reader that runs it over a context.
. ./lib.sh
command -v jq >/dev/null 2>&1 || skip "no jq"
echo "{\"id\":\"x\",\"sql\":\"ATTACH '$T/made-by-gen.db' AS y\"}" >"$T/q.jsonl"
expect_exit 3 ctx gen --db wine --queries "$T/q.jsonl" -o "$T/g.jsonl"
assert_contains "$T/err" "the SQL writes to the database"
[ ! -e "$T/made-by-gen.db" ] || fail "gen's ATTACH created a file"
ok "gen refuses ATTACH"

ctx gen --db wine --query q01 --length 2k --info-amount 512 -o "$T/i.jsonl"
jq -c --arg p "$T/made-by-reader.db" '.sql = "ATTACH \u0027" + $p + "\u0027 AS y"' \
	"$T/i.jsonl" >"$T/evil.jsonl"
expect_exit 4 ctx run "$T/evil.jsonl" --model builtin/reader -o "$T/r.db"
[ ! -e "$T/made-by-reader.db" ] || fail "the reader's ATTACH created a file"
expect_exit 0 ctx export "$T/r.db"
assert_contains "$T/out" '"status":"error"'
ok "the reader refuses ATTACH"

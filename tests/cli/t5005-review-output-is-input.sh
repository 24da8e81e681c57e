#!/bin/sh
# -o naming an input file is refused before anything is written, and run
# never adds its tables to another tool's SQLite file or a non-database.
. ./lib.sh
ctx gen --db wine --query q03 --length 4k -o "$T/i.jsonl"
ctx run "$T/i.jsonl" --model builtin/reader -o "$T/r.db" 2>/dev/null
cp "$T/r.db" "$T/r.orig"
expect_exit 2 ctx export "$T/r.db" -o "$T/r.db"
assert_contains "$T/err" "-o '$T/r.db' is the run database '$T/r.db'"
cmp -s "$T/r.db" "$T/r.orig" || fail "export -o RUN.db changed the run"
expect_exit 2 ctx export "$T/r.db" -o
assert_contains "$T/err" "missing value for '-o'"
ctx score "$T/r.db" >/dev/null
cp "$T/r.db" "$T/r.orig"
expect_exit 2 ctx report "$T/r.db" -o "$T/r.db"
assert_contains "$T/err" "is the run database"
cmp -s "$T/r.db" "$T/r.orig" || fail "report -o RUN.db changed the run"
cp "$SRCDIR/queries/wine.jsonl" "$T/q.jsonl"
expect_exit 2 ctx gen --db wine --queries "$T/q.jsonl" -o "$T/q.jsonl"
assert_contains "$T/err" "is the query suite"
cmp -s "$T/q.jsonl" "$SRCDIR/queries/wine.jsonl" || fail "gen -o replaced its queries"

sqlite3 "$T/other.db" "CREATE TABLE foo(a); INSERT INTO foo VALUES (1);" 2>/dev/null ||
	skip "sqlite3 is not installed"
cp "$T/other.db" "$T/other.orig"
expect_exit 3 ctx run "$T/i.jsonl" --model builtin/reader -o "$T/other.db"
assert_contains "$T/err" "'$T/other.db': not a ctxbench run database (no such table: meta)"
cmp -s "$T/other.db" "$T/other.orig" || fail "run changed another tool's database"
sqlite3 "$T/cols.db" "CREATE TABLE meta(key, value); CREATE TABLE instances(id); CREATE TABLE replies(id);"
expect_exit 3 ctx run "$T/i.jsonl" --model builtin/reader -o "$T/cols.db"
assert_contains "$T/err" "not a ctxbench run database (no such column"
cp "$T/i.jsonl" "$T/i2.jsonl"
expect_exit 3 ctx run "$T/i.jsonl" --model builtin/reader -o "$T/i2.jsonl"
assert_contains "$T/err" "not a ctxbench run database (file is not a database)"
cmp -s "$T/i.jsonl" "$T/i2.jsonl" || fail "run changed a text file given as -o"
ok "outputs never overwrite inputs"

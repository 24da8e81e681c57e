#!/bin/sh
# A text value that is not UTF-8: gen refuses it (exit 3) instead of writing
# a context whose U+FFFD no longer matches the row the gold was computed on.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
F="$SRCDIR/tests/fixtures/tiny"
sqlite3 "$T/nu.db" < "$F/schemas/tiny/db.sql"
sqlite3 "$T/nu.db" "UPDATE people SET name = CAST(X'C328FF41' AS TEXT);"
expect_exit 3 ctx gen --db "$T/nu.db" --templates "$F/schemas/tiny/verbalize.json" \
	--queries "$F/queries/tiny.jsonl" --query q01 --length 1k --info-amount 200 -o "$T/o.jsonl"
assert_contains "$T/err" "table 'people' rowid"
assert_contains "$T/err" "a value is not valid UTF-8"
[ ! -e "$T/o.jsonl" ] || fail "gen left a file"
ok "invalid UTF-8 values are refused"

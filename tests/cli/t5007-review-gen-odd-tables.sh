#!/bin/sh
# gen --db PATH with a WITHOUT ROWID or a virtual table: a clear bad-input
# error (exit 3) that names the table, never SQL noise or exit 1.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
F="$SRCDIR/tests/fixtures/tiny"
sqlite3 "$T/wr.db" < "$F/schemas/tiny/db.sql"
cp "$T/wr.db" "$T/vt.db"
sqlite3 "$T/wr.db" "CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;"
sqlite3 "$T/vt.db" "CREATE VIRTUAL TABLE ft USING fts5(body);" 2>/dev/null ||
	skip "this sqlite3 has no fts5"
for d in wr vt; do
	expect_exit 3 ctx gen --db "$T/$d.db" --templates "$F/schemas/tiny/verbalize.json" \
		--queries "$F/queries/tiny.jsonl" --length 1k --info-amount 200 -o "$T/o.jsonl"
	[ ! -e "$T/o.jsonl" ] || fail "gen left a file"
done
assert_contains "$T/err" "table 'ft' is a virtual table: only rowid tables are supported"
expect_exit 3 ctx gen --db "$T/wr.db" --templates "$F/schemas/tiny/verbalize.json" \
	--queries "$F/queries/tiny.jsonl" --length 1k --info-amount 200
assert_contains "$T/err" "table 'kv' has no rowid: only rowid tables are supported"
ok "odd tables are named"

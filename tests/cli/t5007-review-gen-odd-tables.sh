#!/bin/sh
# gen --db PATH with a WITHOUT ROWID, a virtual table and its shadow tables:
# they are skipped with a note naming each, the other tables work (validate
# passes); a query reading one is a clear bad-input error (exit 3).
. ./lib.sh
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
F="$SRCDIR/tests/fixtures/tiny"
sqlite3 "$T/wr.db" < "$F/schemas/tiny/db.sql"
cp "$T/wr.db" "$T/vt.db"
sqlite3 "$T/wr.db" "CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID; INSERT INTO kv VALUES ('a', 'b');"
sqlite3 "$T/vt.db" "CREATE VIRTUAL TABLE ft USING fts5(body); INSERT INTO ft VALUES ('hello');" 2>/dev/null ||
	skip "this sqlite3 has no fts5"
gen() { # gen DB [QUERIES]
	ctx gen --db "$T/$1.db" --templates "$F/schemas/tiny/verbalize.json" \
		--queries "${2:-$F/queries/tiny.jsonl}" --length 1k --info-amount 200 -o "$T/$1.jsonl"
}
expect_exit 0 gen wr
assert_contains "$T/err" "note: database 'wr': skipped table 'kv', a WITHOUT ROWID table"
expect_exit 0 ctx validate "$T/wr.jsonl" --templates "$F/schemas/tiny/verbalize.json"
expect_exit 0 gen vt
assert_contains "$T/err" "skipped table 'ft', a virtual table"
for s in data idx content docsize config; do
	assert_contains "$T/err" "skipped table 'ft_$s', a shadow table of a virtual table"
done
expect_exit 0 ctx validate "$T/vt.jsonl" --templates "$F/schemas/tiny/verbalize.json"
ok "skipped tables are named, the rest works"

# a query that reads a skipped table (directly or through a view) is refused
sqlite3 "$T/wr.db" "CREATE VIEW kview AS SELECT * FROM kv"
for sql in "SELECT v FROM kv" "SELECT count(*) FROM kview" "SELECT p.name FROM people p JOIN kv ON kv.k = p.name"; do
	printf '{"id": "q1", "sql": "%s"}\n' "$sql" >"$T/q.jsonl"
	rm -f "$T/wr.jsonl"
	expect_exit 3 gen wr "$T/q.jsonl"
	assert_contains "$T/err" "the SQL reads table 'kv', a WITHOUT ROWID table, which ctxbench skips"
	[ ! -e "$T/wr.jsonl" ] || fail "gen left a file"
done
printf '{"id": "q1", "sql": "SELECT body FROM ft WHERE ft MATCH %s"}\n' "'hello'" >"$T/q.jsonl"
expect_exit 3 gen vt "$T/q.jsonl"
assert_contains "$T/err" "the SQL reads table 'ft', a virtual table, which ctxbench skips"
ok "a query reading a skipped table is refused by name"

#!/bin/sh
# Query SQL that writes is refused (and never touches the source database);
# a recursive query without a bound is stopped, not a hang.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
F="$SRCDIR/tests/fixtures/tiny"
sqlite3 "$T/w.db" < "$F/schemas/tiny/db.sql"
cp "$F/schemas/tiny/verbalize.json" "$T/verbalize.json"
cp "$T/w.db" "$T/w.orig"
q() { printf '{"id": "e", "question": "?", "sql": "%s", "types": [], "difficulty": "easy"}\n' "$1" > "$T/q.jsonl"; }
for sql in "UPDATE src.people SET age = 1 RETURNING age" "DELETE FROM people RETURNING name"; do
	q "$sql"
	expect_exit 3 ctx gen --db "$T/w.db" --queries "$T/q.jsonl" --length 1k --info-amount 200 -o "$T/o.jsonl"
	assert_contains "$T/err" "the SQL writes to the database: give a SELECT query"
	[ ! -e "$T/o.jsonl" ] || fail "gen left a file"
	cmp -s "$T/w.db" "$T/w.orig" || fail "gen changed the source database: $sql"
done
# the offline reader runs an instance's SQL too
q "SELECT name FROM people"
ctx gen --db "$T/w.db" --queries "$T/q.jsonl" --length 1k --info-amount 200 -o "$T/i.jsonl"
sed 's/"sql": "SELECT name FROM people"/"sql": "UPDATE src.people SET age = 1 RETURNING age"/' "$T/i.jsonl" > "$T/iw.jsonl"
expect_exit 4 ctx run "$T/iw.jsonl" --model builtin/reader -o "$T/r.db"
cmp -s "$T/w.db" "$T/w.orig" || fail "run builtin/reader changed the source database"
q "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c, people"
expect_exit 3 timeout 250 "$CTXBENCH" gen --db "$T/w.db" --queries "$T/q.jsonl" --length 1k --info-amount 200 -o "$T/o.jsonl"
assert_contains "$T/err" "the query did not finish within"
q "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT x, hex(zeroblob(500)) FROM people CROSS JOIN c"
expect_exit 3 timeout 250 "$CTXBENCH" gen --db "$T/w.db" --queries "$T/q.jsonl" --length 1k --info-amount 200 -o "$T/o.jsonl"
assert_contains "$T/err" "the query's answer is over 256 MiB"
ok "query SQL is read-only and bounded"

#!/bin/sh
# Entity probes find the label column in any case (Spider's "Name") and need
# no templates; probe ids name the database, so probes of two databases
# never collide and run together.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 command-line tool is not installed"
for d in cellar vault; do
	sqlite3 "$T/$d.db" "CREATE TABLE \"Wine\"(\"No\" INTEGER PRIMARY KEY, \"Name\" TEXT, \"Grape\" TEXT, \"Winery_ID\" INTEGER);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300)
INSERT INTO \"Wine\" SELECT i, '$d wine ' || i, 'grape ' || (i % 7), i % 11 FROM c;"
done
expect_exit 0 ctx probe --task entity --db "$T/cellar.db" --length 1k --positions 2 -o "$T/a.jsonl"
assert_contains "$T/a.jsonl" "| label: cellar wine "
assert_contains "$T/a.jsonl" "| description: No "
assert_not_contains "$T/a.jsonl" "Winery_ID"
assert_eq "$(jq -r .id "$T/a.jsonl" | head -1)" probe/entity/cellar/L1024/depth=0/k1/s1 "entity probe id"
expect_exit 0 ctx validate "$T/a.jsonl"
expect_exit 0 ctx probe --task entity --db "$T/vault.db" --length 1k --positions 2 -o "$T/b.jsonl"
cat "$T/a.jsonl" "$T/b.jsonl" >"$T/ab.jsonl"
expect_exit 0 ctx run "$T/ab.jsonl" --model builtin/reader -o "$T/r.db"
expect_exit 0 ctx score "$T/r.db"
assert_eq "$(sqlite3 "$T/r.db" 'SELECT count(*), min(score) FROM scores')" "4|1.0" "probes of two databases run together"
ok "entity probes: any-case columns, database in the id"

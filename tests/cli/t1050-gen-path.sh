#!/bin/sh
# --db PATH (templates beside it or via --templates), and --distractors all-dbs.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 command-line tool is not installed"
F="$SRCDIR/tests/fixtures/tiny"
mkdir -p "$T/d"
sqlite3 "$T/d/my.db" < "$F/schemas/tiny/db.sql"
cp "$F/schemas/tiny/verbalize.json" "$T/d/my.verbalize.json"
expect_exit 2 ctx gen --db "$T/d/my.db"
assert_contains "$T/err" "no query suite for 'my': give --queries FILE"
ctx gen --db "$T/d/my.db" --queries "$F/queries/tiny.jsonl" --query q02 --length 1k \
	--info-amount 200 -o "$T/a.jsonl"
assert_eq "$(jq -r '[.id, .db] | join(" ")' "$T/a.jsonl")" \
	"my/q02/L1024/A200/uniform/s1 my" "id and db of a path database: its stem"
assert_eq "$(jq -r .db_sha256 "$T/a.jsonl")" "$(sha256sum < "$T/d/my.db" | cut -d' ' -f1)" \
	"db_sha256 is the file's sha256"
# the same rows and text as the bundled copy of the same database
CTXBENCH_DATA="$F" ctx gen --db tiny --query q02 --length 1k --info-amount 200 -o "$T/b.jsonl"
assert_eq "$(jq -c '[.context, .gold, .units]' "$T/a.jsonl" | sha256sum)" \
	"$(jq -c '[.context, .gold, .units]' "$T/b.jsonl" | sha256sum)" "path vs bundled"
# the database is not beside the instances: --db PATH (or NAME=PATH) finds it
expect_exit 3 ctx validate "$T/a.jsonl"
assert_contains "$T/err" "cannot find database 'my'"
assert_contains "$T/err" "give --db my=PATH"
expect_exit 0 ctx validate "$T/a.jsonl" --db "$T/d/my.db"
expect_exit 0 ctx validate --db my="$T/d/my.db" "$T/a.jsonl"
# --templates elsewhere; verbalize.json beside the file is the fallback
mv "$T/d/my.verbalize.json" "$T/t.json"
expect_exit 1 ctx gen --db "$T/d/my.db" --queries "$F/queries/tiny.jsonl" -o "$T/c.jsonl"
assert_contains "$T/err" "no templates: give --templates FILE"
ctx gen --db "$T/d/my.db" --templates "$T/t.json" --queries "$F/queries/tiny.jsonl" \
	--query q02 --length 1k --info-amount 200 -o "$T/c.jsonl"
cmp "$T/a.jsonl" "$T/c.jsonl" || fail "--templates gives other output"
cp "$T/t.json" "$T/d/verbalize.json"
ctx gen --db "$T/d/my.db" --queries "$F/queries/tiny.jsonl" --query q02 --length 1k \
	--info-amount 200 -o "$T/c.jsonl"
cmp "$T/a.jsonl" "$T/c.jsonl" || fail "verbalize.json beside the file gives other output"

# all-dbs: a query reading every table of wine still gets a long context
[ -f "$SRCDIR/schemas/wine/db.sql" ] || skip "bundled databases not present"
export CTXBENCH_DATA="$SRCDIR"
tables=$(sqlite3 :memory: ".read $SRCDIR/schemas/wine/db.sql" \
	"SELECT group_concat('SELECT count(*) AS n FROM ' || name, ' UNION ALL ') FROM sqlite_master WHERE type = 'table'")
printf '{"id": "all", "question": "?", "sql": "%s", "types": [], "difficulty": "easy"}\n' "$tables" > "$T/q.jsonl"
expect_exit 3 ctx gen --db wine --queries "$T/q.jsonl" --length 16k -o "$T/e.jsonl"
assert_contains "$T/err" "try --distractors all-dbs"
ctx gen --db wine --queries "$T/q.jsonl" --length 16k,32k --placement middle,uniform \
	--distractors all-dbs -o "$T/e.jsonl"
assert_eq "$(jq -s '[.[].stats.relevant_units < .[].stats.units] | all' "$T/e.jsonl")" true "distractors placed"
assert_eq "$(jq -s '[.[].units[] | select(.db) | .db] | unique | length > 1' "$T/e.jsonl")" true "other databases used"
assert_eq "$(jq -s '[.[].units[] | select(.db == "wine")] | length' "$T/e.jsonl")" 0 "db named only when it differs"
assert_eq "$(jq -s '[.[].units[] | select(.db) | .relevant] | any' "$T/e.jsonl")" false "other-db rows are never relevant"
"$GOLDCHECK" "$SRCDIR" "$T/e.jsonl" || fail "goldcheck (all-dbs)"
expect_exit 0 ctx validate "$T/e.jsonl"
ok "path databases and all-dbs"

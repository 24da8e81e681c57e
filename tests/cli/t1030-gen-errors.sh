#!/bin/sh
# Every error gen promises: message, exit code, and no output file left behind.
. ./lib.sh
D="$T/data"
mkdir -p "$D/schemas/tiny" "$D/queries" "$T/o"
cp "$SRCDIR/tests/fixtures/tiny/schemas/tiny/db.sql" "$D/schemas/tiny/"
cp "$SRCDIR/tests/fixtures/tiny/schemas/tiny/verbalize.json" "$D/schemas/tiny/"
cp "$SRCDIR/tests/fixtures/tiny/queries/tiny.jsonl" "$D/queries/"
export CTXBENCH_DATA="$D"
O="$T/o/out.jsonl"
# gen_fails CODE TEXT ARGS...: gen exits CODE, says TEXT, and leaves no file in $T/o
gen_fails() {
	code=$1 text=$2
	shift 2
	expect_exit "$code" ctx gen -o "$O" "$@"
	assert_contains "$T/err" "$text"
	[ -z "$(ls "$T/o")" ] || fail "'gen $*' left $(ls "$T/o") behind"
}
gen_fails 2 "unknown database 'nosuch'" --db nosuch
gen_fails 2 "give --db once for each database: --db wine --db store" --db wine,store
gen_fails 1 "cannot open '$T/none.db'" --db "$T/none.db"
gen_fails 2 "unknown query id 'q99'" --query q99
gen_fails 2 "unknown query id 'wine/q01'" --query wine/q01
gen_fails 2 "--info-amount 4096 is larger than --length 2048" --length 2k --info-amount 4k
gen_fails 2 "give --info-amount or --density, not both" --info-amount 100 --density 0.5
gen_fails 2 "--length" --length 4x
gen_fails 2 "--length" --length 0
gen_fails 2 "--info-amount" --info-amount -5
gen_fails 2 "--density" --density 1.5
gen_fails 2 "--density must be above 0" --density 0
gen_fails 2 "--seed" --seed abc
gen_fails 2 "placement" --placement sideways
gen_fails 2 "--distractors must be same-db or all-dbs" --distractors none
gen_fails 2 "unexpected argument 'extra'" extra
gen_fails 1 "cannot open '$T/nope.jsonl'" --queries "$T/nope.jsonl"
# the data cannot fill a budget: say how many tokens there were
gen_fails 3 "query 'tiny/q05' reads tables with only" --query q05 --length 8k --info-amount 5000
gen_fails 3 "tokens of rows; an info amount of 5000 tokens cannot be met" --query q05 --length 8k --info-amount 5000
# ...in the words of either option: --density gave no --info-amount
gen_fails 3 "tokens of rows; an info amount of 7372 tokens cannot be met" --query q05 --length 8k --density 0.9
assert_not_contains "$T/err" "--info-amount"
gen_fails 3 "query 'tiny/q03': the tables it does not read hold only" --query q03 --length 8k --info-amount 500
assert_contains "$T/err" "--length 8192 cannot be met; try --distractors all-dbs"

# bad queries
printf '%s\n' '{"id": "qa", "question": "?", "sql": "SELECT nope FROM people", "types": [], "difficulty": "easy"}' > "$T/bad.jsonl"
gen_fails 3 "query 'tiny/qa': SQL does not prepare: no such column: nope" --db tiny --queries "$T/bad.jsonl"
printf '%s\n' '{"id": "qb", "question": "?", "sql": "SELECT 1 + 1", "types": [], "difficulty": "easy"}' > "$T/bad.jsonl"
gen_fails 3 "query 'tiny/qb': the SQL reads no table" --db tiny --queries "$T/bad.jsonl"
printf '%s\n' '{"id": "qc", "sql": 5}' > "$T/bad.jsonl"
gen_fails 3 "line 1: \"sql\" must be a string" --db tiny --queries "$T/bad.jsonl"
printf '%s\n' '{"id": "qd", "sql": "SELECT 1 FROM people"}' 'not json' > "$T/bad.jsonl"
gen_fails 3 "'$T/bad.jsonl' line 2" --db tiny --queries "$T/bad.jsonl"
gen_fails 2 "--db lists 'tiny' twice" --db tiny --db tiny
mkdir -p "$D/schemas/tiny2"
cp "$D/schemas/tiny/db.sql" "$D/schemas/tiny/verbalize.json" "$D/schemas/tiny2/"
gen_fails 2 "--queries and --templates need exactly one --db" --db tiny --db tiny2 --queries "$T/bad.jsonl"
rm -r "$D/schemas/tiny2"

# an output folder that does not exist
expect_exit 1 ctx gen --db tiny -o "$T/missing/out.jsonl"
assert_contains "$T/err" "cannot write '$T/missing/out.jsonl'"

# bad templates
V="$D/schemas/tiny/verbalize.json"
sed 's/{country}\[, home/{colour}[, home/' "$SRCDIR/tests/fixtures/tiny/schemas/tiny/verbalize.json" > "$V"
gen_fails 3 "table 'cities' template 1: unknown column 'colour'" --query q01
sed 's/\[, {height} m tall\]/, {height} m tall/' "$SRCDIR/tests/fixtures/tiny/schemas/tiny/verbalize.json" > "$V"
gen_fails 3 "column 'height' is NULL outside an optional segment" --query q01 --length 4k --info-amount 1k --seed 3
sed 's/"cities"/"towns"/' "$SRCDIR/tests/fixtures/tiny/schemas/tiny/verbalize.json" > "$V"
gen_fails 3 "unknown table 'towns'" --query q01
echo '{"tables": ' > "$V"
gen_fails 3 "verbalize.json" --query q01
rm "$V"
gen_fails 1 "cannot open '$V'" --query q01
echo 'CREATE TABLE broken (' > "$D/schemas/tiny/db.sql"
cp "$SRCDIR/tests/fixtures/tiny/schemas/tiny/verbalize.json" "$V"
gen_fails 3 "db.sql': " --query q01
ok "gen errors"

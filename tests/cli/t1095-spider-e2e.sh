#!/bin/sh
# End to end over the real Spider databases HoloBench uses (in
# ../shared/data/spider beside the source tree; data only): templates are
# drafted and checked, the one data error they find is fixed as the message
# says, the soccer CSVs are imported into typed tables, every database
# generates at 4k-64k in both information modes and at every placement,
# validate and builtin/reader find the databases from another folder, and
# the reader scores 1.0. Our own queries (tests/spider/*.jsonl) give answers
# that do not depend on the order rows are read in.
. ./lib.sh
SP="$SRCDIR/../shared/data/spider"
[ -d "$SP" ] || skip "no Spider data at '$SP' (the shared data folder beside the source tree): the end-to-end test over real databases did not run"
command -v sqlite3 >/dev/null || skip "the sqlite3 command-line tool is not installed"
Q="$SRCDIR/tests/spider"
D="$T/data"
mkdir -p "$D" "$T/elsewhere"
for db in wine_1 store_1 college_2 flight_4; do
	cp "$SP/$db/$db.sqlite" "$D/"
	chmod u+w "$D/$db.sqlite"
done

# The soccer CSVs: imported as they come, numbers land in TEXT columns,
# which templates check warns about; imported into typed tables (missing
# values made NULL), they are numbers.
sqlite3 "$T/naive.sqlite" ".import --csv $SP/soccer_1/Team.csv Team"
expect_exit 0 ctx templates draft "$T/naive.sqlite" -o "$T/naive.verbalize.json"
assert_contains "$T/err" "warning: table 'Team' column 'team_api_id' has a TEXT type but its 299 values are all numbers"
sqlite3 "$D/soccer_1.sqlite" <"$Q/soccer_1.sql"
for t in Country League Team Team_Attributes Player; do
	sqlite3 "$D/soccer_1.sqlite" ".import --csv --skip 1 $SP/soccer_1/$t.csv $t"
done
sqlite3 "$D/soccer_1.sqlite" "SELECT 'UPDATE \"' || m.name || '\" SET \"' || p.name ||
	'\" = NULL WHERE \"' || p.name || '\" = '''';' FROM sqlite_master m,
	pragma_table_info(m.name) p WHERE m.type = 'table'" | sqlite3 "$D/soccer_1.sqlite"
ok "soccer CSVs imported"

# Draft and check: wine_1 keeps the text 'NULL' in an INTEGER column; the
# message gives the UPDATE that fixes it, then the drafts pass.
expect_exit 4 ctx templates draft "$D/wine_1.sqlite" -o "$D/wine_1.verbalize.json"
assert_contains "$T/err" "table 'wine': 14 of 500 rows fail every drafted template"
fix=$(grep -o "UPDATE \"wine\" SET \"Cases\" = NULL WHERE \"Cases\" = 'NULL'" "$T/err" | head -1)
[ -n "$fix" ] || fail "draft did not say how to fix wine_1"
sqlite3 "$D/wine_1.sqlite" "$fix"
# (draft runs every row through the read-back check already: check runs
# again on the two databases changed here)
for db in wine_1 store_1 college_2 flight_4 soccer_1; do
	expect_exit 0 ctx templates draft "$D/$db.sqlite" -o "$D/$db.verbalize.json"
done
for db in wine_1 soccer_1; do
	expect_exit 0 ctx templates check "$D/$db.sqlite"
	assert_contains "$T/out" " 0 fail"
done
ok "templates drafted and checked"

# Generate at every placement: an info amount at 4k and 64k (q01) or 16k
# (q02), a density at 8k. wine_1 holds about 25k tokens in all: its long
# contexts need the bundled databases' rows as distractors too.
P=uniform,begin,middle,end,bimodal,depth=0.3
: >"$D/all.jsonl"
for db in wine_1 store_1 college_2 flight_4 soccer_1; do
	x=
	[ $db != wine_1 ] || x="--distractors all-dbs"
	g() { ctx gen --db "$D/$db.sqlite" --queries "$Q/$db.jsonl" --placement $P $x "$@"; }
	g --query q01 --length 4k,64k --info-amount 1k >>"$D/all.jsonl"
	g --query q02 --length 4k,16k --info-amount 1k >>"$D/all.jsonl"
	g --length 8k --density 0.1 >>"$D/all.jsonl"
done
n=$(wc -l <"$D/all.jsonl" | tr -d ' ')
assert_eq "$n" 180 "instances (5 databases x 2 queries x 3 settings x 6 placements)"
assert_eq "$(jq -r .db "$D/all.jsonl" | sort -u | tr '\n' ' ')" \
	"college_2 flight_4 soccer_1 store_1 wine_1 " "databases named by their stem"
ok "generated $n instances"

# From another folder: validate and the reader find the databases beside
# the instances, by name and hash.
cd "$T/elsewhere"
expect_exit 0 ctx validate ../data/all.jsonl
assert_contains "$T/out" "validated $n instances: $n ok, 0 failed"
expect_exit 0 ctx run ../data/all.jsonl --model builtin/reader -o "$T/reader.db"
expect_exit 0 ctx score "$T/reader.db"
assert_eq "$(sqlite3 "$T/reader.db" 'SELECT count(*), min(score), max(score) FROM scores')" \
	"$n|1.0|1.0" "reader scores"
ok "validate and the reader from another folder: every score 1.0"

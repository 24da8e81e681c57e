#!/bin/sh
# gen --db PATH on odd databases and templates: what gen writes passes
# validate, and what it cannot make right is a clear bad-input error (exit 3)
# that names the table, column or query, never a crash or a wrong gold.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"

# mk NAME DDL EXPR: table a gets 200 rows (EXPR over i = 0..199), b 400 rows
mk() {
	sqlite3 "$T/$1.db" "$2
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 199)
INSERT INTO a SELECT $3 FROM c;
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 399)
INSERT INTO b SELECT 'd' || i FROM c;"
}
# tpl NAME A-TEMPLATE [B-TEMPLATE]
filler='Filler {z} here.'
tpl() {
	printf '{"tables": {"a": {"templates": ["%s"]}, "b": {"templates": ["%s"]}}}\n' \
		"$2" "${3:-$filler}" > "$T/$1.verbalize.json"
}
# qs NAME SQL...: the query suite NAME.q.jsonl, ids q1, q2, ...
qs() {
	f="$T/$1.q.jsonl"
	shift
	: > "$f"
	n=0
	for s in "$@"; do
		n=$((n + 1))
		printf '{"id": "q%d", "sql": "%s"}\n' "$n" "$s" >> "$f"
	done
}
gen() {
	ctx gen --db "$T/$1.db" --queries "$T/$1.q.jsonl" --length 1k \
		--info-amount 256 -o "$T/$1.jsonl"
}
good() {
	gen "$1"
	expect_exit 0 ctx validate "$T/$1.jsonl"
}
# bad NAME TEXT...: gen exits 3, says every TEXT, writes nothing
bad() {
	name=$1
	shift
	expect_exit 3 gen "$name"
	for s in "$@"; do assert_contains "$T/err" "$s"; done
	[ ! -e "$T/$name.jsonl" ] || fail "gen left a file for $name"
}

mk base "CREATE TABLE a(x INTEGER, y TEXT); CREATE TABLE b(z TEXT);" "i, 'n' || i"
tpl base "Item {x} is called {y}."
qs base "SELECT count(*) FROM a"

# 1. a table listed twice in the templates (same key, or another case)
for k in a A; do
	printf '{"tables": {"a": {"templates": ["Item {x} is called {y}."]}, "%s": {"templates": ["O {x} {y}."]}, "b": {"templates": ["Filler {z} here."]}}}\n' \
		"$k" > "$T/twice.json"
	expect_exit 3 ctx gen --db "$T/base.db" --queries "$T/base.q.jsonl" \
		--templates "$T/twice.json" --length 1k --info-amount 256
	assert_contains "$T/err" "table '$k' is listed twice"
done

# 2. no read outside the rows the gold is computed over, in gen and validate
printf '{"id": "x", "sql": "SELECT count(*) FROM src.wines"}\n' > "$T/src.jsonl"
expect_exit 3 ctx gen --db wine --queries "$T/src.jsonl" --length 4k -o "$T/src.out"
assert_contains "$T/err" "query 'wine/x': the SQL reads 'src.wines'"
[ ! -e "$T/src.out" ] || fail "gen left a file for src.wines"
qs base "SELECT count(*) FROM a"
good base
sed 's/"sql": "SELECT count(\*) FROM a"/"sql": "SELECT count(*) FROM src.a"/
	s/"rows": \[\[[0-9]*\]\]/"rows": [[200]]/' "$T/base.jsonl" > "$T/tampered.jsonl"
assert_contains "$T/tampered.jsonl" "FROM src.a"
expect_exit 3 ctx validate "$T/tampered.jsonl"
assert_contains "$T/err" "the SQL reads 'src.a'"
# CTEs, main.TABLE and the temp schema still work
qs base "WITH c AS (SELECT x FROM a) SELECT count(*) FROM c" \
	"SELECT count(*) FROM main.a" \
	"SELECT count(*) FROM a WHERE NOT EXISTS (SELECT 1 FROM temp.sqlite_master)"
good base
assert_contains "$T/out" "validated 3 instances: 3 ok, 0 failed"

# 3. a column named rowid (or _rowid_, oid) does not hide the rowid
tpl rid "Item {rowid} is called {y}."
qs rid "SELECT count(*), count(DISTINCT y) FROM a"
for type in INTEGER TEXT; do
	rm -f "$T/rid.db" "$T/rid.jsonl"
	mk rid "CREATE TABLE a(rowid $type, y TEXT); CREATE TABLE b(z TEXT);" "i % 3, 'n' || i"
	good rid
	n=$(grep -o '"relevant": true' "$T/rid.jsonl" | wc -l)
	assert_contains "$T/rid.jsonl" "\"rows\": [[$n, $n]]"
done
sqlite3 "$T/hid.db" "CREATE TABLE a(rowid, _rowid_, OID, y TEXT); CREATE TABLE b(z TEXT);"
printf '{"tables": {"a": {"templates": ["{rowid} {_rowid_} {oid} {y}"]}}}\n' > "$T/hid.verbalize.json"
qs hid "SELECT count(*) FROM a"
bad hid "table 'a' has columns named rowid, _rowid_ and oid"

# 4. gen refuses rows whose sentences would not read back as the same row
mk untyped "CREATE TABLE a(x, y); CREATE TABLE b(z TEXT);" "i, i * 1.5"
tpl untyped "Item {x} has {y}."
qs untyped "SELECT count(*) FROM a WHERE x > 100"
bad untyped "table 'a' rowid" "column 'x' holds integer" "as text '" \
	"declare the column with a type"
mk blob "CREATE TABLE a(x INTEGER, y BLOB); CREATE TABLE b(z TEXT);" "i, CAST('same' AS BLOB)"
tpl blob "Item {x} is {y}."
qs blob "SELECT typeof(y) FROM a LIMIT 1"
bad blob "column 'y' holds a blob but reads back from its sentence as text 'same'"
mk intreal "CREATE TABLE a(x INTEGER, y TEXT); CREATE TABLE b(z TEXT);" "i + 0.5, 'n' || i"
tpl intreal "Item {x} is {y}."
qs intreal "SELECT count(*) FROM a"
bad intreal "column 'x' holds '" ".5', which a sentence cannot state as a value of an INTEGER column"
mk digits "CREATE TABLE a(x INTEGER, y REAL); CREATE TABLE b(z TEXT);" "i, 0.1 + 0.2"
tpl digits "Item {x} costs {y}."
qs digits "SELECT sum(y) FROM a"
# a real that SQLite's 15 digits would change is stated with the digits
# that read back as it (real data: float32 coordinates widened to double)
good digits
assert_contains "$T/digits.jsonl" "costs 0.30000000000000004"
# b's sentences would read back as rows of a
mk overlap "CREATE TABLE a(x INTEGER, y TEXT); CREATE TABLE b(z TEXT);" "i, 'n' || i"
tpl overlap "Item {x} is called {y}." "Item 5 is called {z}."
qs overlap "SELECT count(*) FROM a"
bad overlap "table 'b' rowid" "reads back as a row of table 'a'"
# ...while typed values that do read back pass, reals and text in a
# NUMERIC column included
mk typed "CREATE TABLE a(x NUMERIC, y REAL); CREATE TABLE b(z TEXT);" \
	"CASE WHEN i % 2 THEN 'k' || i ELSE i END, i * 1.25"
tpl typed "Item {x} costs {y}."
qs typed "SELECT count(*), sum(y) FROM a WHERE x > 10" "SELECT typeof(x), count(*) FROM a GROUP BY 1"
good typed

# 5. validate --templates is for the instance's database, not the bundled
# distractor databases of --distractors all-dbs
cp "$T/base.db" "$T/x.db"
tpl custom "Item {x} is called {y}."
ctx gen --db "$T/x.db" --queries "$T/base.q.jsonl" --templates "$T/custom.verbalize.json" \
	--length 16k --info-amount 100 --distractors all-dbs -o "$T/ad.jsonl"
assert_contains "$T/ad.jsonl" '"db": "wine"'
expect_exit 0 ctx validate "$T/ad.jsonl" --templates "$T/custom.verbalize.json"

# 6. a template with a line break is refused when it loads
printf '{"tables": {"a": {"templates": ["Item {x}\\nis {y}."]}}}\n' > "$T/nl.json"
expect_exit 3 ctx gen --db "$T/base.db" --queries "$T/base.q.jsonl" \
	--templates "$T/nl.json" --length 1k --info-amount 256
assert_contains "$T/err" "table 'a' template 1: the template holds a line break"
ok "custom databases: gen and validate agree, or gen says why not"

#!/bin/sh
# ctxbench templates draft / check: drafted templates pass gen's read-back
# check on the first try (NULL-safe, foreign keys as references, a wording
# some row trips over left out); check lists every failing row at once;
# TEXT columns that hold only numbers are warned about, here and in gen.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 command-line tool is not installed"
expect_exit 0 ctx templates --help
assert_contains "$T/out" "usage: ctxbench templates draft DB [-o FILE]"
expect_exit 2 ctx templates
assert_contains "$T/err" "give draft or check"
expect_exit 2 ctx templates draft
expect_exit 2 ctx templates check "$T/none.db" -o x

sqlite3 "$T/shop.db" "
CREATE TABLE customers(id INTEGER PRIMARY KEY, fullName TEXT NOT NULL, city TEXT, credit REAL);
CREATE TABLE orders(order_no INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
	note TEXT, qty INTEGER);
CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 60)
INSERT INTO customers SELECT i, 'Name ' || i, CASE WHEN i % 3 THEN 'City ' || (i % 7) END,
	CASE WHEN i % 5 THEN i * 1.25 END FROM c;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 120)
INSERT INTO orders SELECT i, 1 + i % 60, CASE WHEN i % 4 THEN 'gift; quantity ' || i END,
	CASE WHEN i % 4 = 0 THEN i % 9 END FROM c;"
expect_exit 0 ctx templates draft "$T/shop.db" -o "$T/shop.verbalize.json"
assert_contains "$T/err" "note: skipped table 'kv', a WITHOUT ROWID table"
jq -e '.tables | keys == ["customers", "orders"]' "$T/shop.verbalize.json" >/dev/null ||
	fail "draft should list customers and orders: $(cat "$T/shop.verbalize.json")"
jq -r '.tables.customers.templates[0]' "$T/shop.verbalize.json" >"$T/t0"
assert_contains "$T/t0" "There is a customer whose ID is {id}, whose full name is {fullName}[, whose city is {city}][, whose credit is {credit}]."
jq -r '.tables.orders.templates[]' "$T/shop.verbalize.json" >"$T/t1"
assert_contains "$T/t1" "whose customer ID is {customer_id} (which refers to a customer)"
# 'gift; quantity 5' in a note reads as the next field of the list wording: left out
assert_eq "$(wc -l <"$T/t1" | tr -d ' ')" 2 "orders keeps the wordings every row passes"
assert_not_contains "$T/t1" "An order: "
ok "draft: words, optional segments, references, a failing wording left out"

expect_exit 0 ctx templates check "$T/shop.db"
assert_contains "$T/out" "checked 180 rows of 2 tables: 180 read back, 0 fail"
printf '{"id": "q1", "question": "?", "sql": "SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id ORDER BY customer_id"}\n' >"$T/q.jsonl"
ctx gen --db "$T/shop.db" --queries "$T/q.jsonl" --length 1k --info-amount 512 -o "$T/shop.jsonl"
expect_exit 0 ctx validate "$T/shop.jsonl"
ok "drafted templates generate and validate"

# check: every failing row, by table, rowid, column and why, at most 20 a
# table then a count; rows no wording can state make draft exit 4
sqlite3 "$T/shop.db" "UPDATE orders SET qty = 'n/a' WHERE order_no % 5 = 0"
expect_exit 3 ctx templates check "$T/shop.db"
assert_contains "$T/out" "checked 180 rows of 2 tables: 156 read back, 24 fail"
assert_contains "$T/err" "table 'orders' rowid 5: column 'qty' holds 'n/a', which a sentence cannot state as a value of an INTEGER column"
assert_contains "$T/err" "UPDATE \"orders\" SET \"qty\" = NULL WHERE \"qty\" = 'n/a'"
assert_contains "$T/err" "table 'orders' rowid 100:"
assert_contains "$T/err" "table 'orders': 4 more failures not shown"
assert_eq "$(grep -c "rowid" "$T/err")" 20 "failures shown"
expect_exit 4 ctx templates draft "$T/shop.db" -o "$T/d2.json"
assert_contains "$T/err" "table 'orders': 24 of 120 rows fail every drafted template"
[ -s "$T/d2.json" ] || fail "draft wrote no file"
# a template file of the wrong table names fails as gen fails
sqlite3 "$T/shop.db" "UPDATE orders SET qty = NULL WHERE qty = 'n/a'"
jq '.tables.orders.templates = ["Order {order_no} of {customer_id}[: {note}] x {qty}."]' \
	"$T/shop.verbalize.json" >"$T/bad.json"
expect_exit 3 ctx templates check "$T/shop.db" "$T/bad.json"
assert_contains "$T/err" "column 'qty' is NULL outside an optional segment"
ok "check lists every failing row"

# CSV imported without a schema: TEXT columns of numbers compare as text
printf 'id,team_api_id,name\n1,9987,Genk\n2,10000,Beerschot\n3,8635,Anderlecht\n' >"$T/team.csv"
sqlite3 "$T/csv.db" ".import --csv $T/team.csv Team"
expect_exit 0 ctx templates draft "$T/csv.db" -o "$T/csv.verbalize.json"
assert_contains "$T/err" "warning: table 'Team' column 'team_api_id' has a TEXT type but its 3 values are all numbers, so queries compare them as text ('9' > '10000')"
assert_contains "$T/err" "column 'id' has a TEXT type"
assert_not_contains "$T/err" "column 'name'"
expect_exit 0 ctx templates check "$T/csv.db"
assert_contains "$T/err" "column 'team_api_id' has a TEXT type"
printf '{"id": "q1", "sql": "SELECT count(*) FROM Team WHERE team_api_id > 9000"}\n' >"$T/q.jsonl"
expect_exit 0 ctx gen --db "$T/csv.db" --queries "$T/q.jsonl" --length 48 --density 1 -o "$T/csv.jsonl"
assert_contains "$T/err" "warning: database 'csv': table 'Team' column 'team_api_id' has a TEXT type"
# declared INTEGER, no warning
sqlite3 "$T/typed.db" "CREATE TABLE Team(id INTEGER PRIMARY KEY, team_api_id INTEGER, name TEXT);" \
	".import --csv --skip 1 $T/team.csv Team"
expect_exit 0 ctx templates check "$T/typed.db" "$T/csv.verbalize.json"
assert_not_contains "$T/err" "warning"
ok "TEXT columns of numbers are warned about"

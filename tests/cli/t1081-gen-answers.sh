#!/bin/sh
# Answers that measure skill: joins meet (declared keys and SQL join columns),
# --empty-share decides which golds are empty, order-dependent queries are
# refused, budgets too small for any answer say what to change, and the
# relevant rows nest as stated in the README.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"

# A parent table and a child table whose rows name a parent; with KEYS the
# child declares its foreign key, without it only the SQL joins them.
mk() { # mk NAME CHILD-COLUMN-DECLARATION
	sqlite3 "$T/$1.db" "CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE child(id INTEGER PRIMARY KEY, $2, label TEXT NOT NULL, score INTEGER NOT NULL);
CREATE TABLE other(id INTEGER PRIMARY KEY, note TEXT NOT NULL);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300)
INSERT INTO parent SELECT i, 'p' || i, CASE WHEN i % 50 = 0 THEN 'rare' ELSE 'common' END FROM c;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 900)
INSERT INTO child SELECT i, 1 + (i * 7) % 300, 'c' || i, i % 5 FROM c;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000)
INSERT INTO other SELECT i, 'n' || i FROM c;"
	cat > "$T/$1.verbalize.json" <<'EOF'
{"tables": {
 "parent": {"templates": ["Parent #{id} is {name}, of the {kind} kind."]},
 "child": {"templates": ["Child #{id} ({label}) belongs to parent #{parent_id} and scored {score}."]},
 "other": {"templates": ["Note #{id} says {note}."]}}}
EOF
}
mk keys "parent_id INTEGER NOT NULL REFERENCES parent(id)"
mk nokeys "parent_id INTEGER NOT NULL"
q() { # q FILE ID SQL: appends a query
	printf '{"id": "%s", "question": "?", "sql": "%s"}\n' "$2" "$3" >> "$T/$1"
}
q joins.jsonl j1 "SELECT c.label, p.name FROM child c JOIN parent p ON p.id = c.parent_id ORDER BY c.id"
q joins.jsonl j2 "SELECT child.label FROM child, parent WHERE parent.id = child.parent_id AND parent.kind = 'rare' ORDER BY child.id"
q joins.jsonl j3 "SELECT label FROM child WHERE score = 4 ORDER BY id"

# 1. joins meet: every child placed has its parent placed (the last child may
# miss it when the budget ends between them); a rare parent's children are
# found even at small amounts; with and without declared keys
for db in keys nokeys; do
	ctx gen --db "$T/$db.db" --queries "$T/joins.jsonl" --length 2k,4k \
		--info-amount 300,600 --placement uniform,middle --seed 3 \
		--empty-share 0 -o "$T/$db.jsonl"
	expect_exit 0 ctx validate "$T/$db.jsonl"
	jq -e 'select(.query_id == "j1") |
		([.units[] | select(.relevant and .table == "child")] | length) as $c |
		select(.stats.gold_rows < $c - 1)' "$T/$db.jsonl" >/dev/null &&
		fail "$db: a placed child without its parent"
	jq -e 'select(.gold.rows == [])' "$T/$db.jsonl" >/dev/null &&
		fail "$db: an empty gold with --empty-share 0"
	ok "joins meet ($db)"
done
cmp "$T/keys.jsonl" "$T/nokeys.jsonl" >/dev/null &&
	fail "declared keys changed nothing (both runs identical)"

# 2. --empty-share: empty exactly when meant, about the share asked for
ctx gen --db "$T/keys.db" --queries "$T/joins.jsonl" --length 2k \
	--info-amount 100,200,300,400,500,600,700,800 --seed 5 --empty-share 0.5 \
	-o "$T/half.jsonl"
expect_exit 0 ctx validate "$T/half.jsonl"
jq -e 'select((.gold.rows == []) != .params.meant_empty)' "$T/half.jsonl" >/dev/null &&
	fail "an empty gold not meant to be, or the reverse"
share=$(jq -s '[.[] | select(.params.meant_empty)] | length / 24' "$T/half.jsonl")
awk -v s="$share" 'BEGIN { exit !(s >= 0.25 && s <= 0.75) }' ||
	fail "empty share $share for --empty-share 0.5 over 24 draws"
# the draw is the same at every length and placement of one setting
ctx gen --db "$T/keys.db" --queries "$T/joins.jsonl" --length 2k,8k \
	--info-amount 300 --placement begin,end --seed 5 --empty-share 0.5 -o "$T/pl.jsonl"
n=$(jq -r '[.query_id, .params.meant_empty] | @tsv' "$T/pl.jsonl" | sort -u | wc -l)
assert_eq "$n" 3 "one draw per query and setting"
ok "empty share"

# 3. nesting: one info setting holds the same relevant rows at every length
# and placement; a larger amount of the same kind holds a superset
# rel FILE QUERY LENGTH AMOUNT PLACEMENT: the relevant rows, sorted
rel() {
	jq -r "select(.query_id == \"$2\" and .params.length == $3 and .params.info_amount == $4 and .params.placement == \"$5\") |
		[.units[] | select(.relevant) | \"\(.table) \(.rowid)\"] | sort | .[]" "$1"
}
rel "$T/pl.jsonl" j1 2048 300 begin > "$T/r1"
rel "$T/pl.jsonl" j1 8192 300 end > "$T/r2"
cmp "$T/r1" "$T/r2" || fail "relevant rows differ across length or placement"
ctx gen --db "$T/keys.db" --queries "$T/joins.jsonl" --query j1 --length 4k \
	--info-amount 300,900 --seed 5 --empty-share 0 -o "$T/nest.jsonl"
rel "$T/nest.jsonl" j1 4096 300 uniform > "$T/small"
rel "$T/nest.jsonl" j1 4096 900 uniform > "$T/big"
[ -s "$T/small" ] && [ -z "$(comm -23 "$T/small" "$T/big")" ] ||
	fail "the rows at 300 tokens are not all among those at 900"
ctx gen --db "$T/keys.db" --queries "$T/joins.jsonl" --query j1 --length 4k \
	--info-amount 300,900 --seed 5 --empty-share 0 -o "$T/nest2.jsonl"
cmp "$T/nest.jsonl" "$T/nest2.jsonl" || fail "not byte-identical on a re-run"
ok "nesting and determinism"

# 4. order-dependent answers are refused, unless allowed
q order.jsonl ties "SELECT label FROM child ORDER BY score DESC LIMIT 1"
q order.jsonl bare "SELECT parent_id, label FROM child GROUP BY parent_id"
q order.jsonl fine "SELECT label FROM child ORDER BY score DESC, id LIMIT 1"
for id in ties bare; do
	expect_exit 3 ctx gen --db "$T/keys.db" --queries "$T/order.jsonl" --query $id \
		--length 2k --info-amount 600 -o "$T/o.jsonl"
	assert_contains "$T/err" "/$id': its answer depends on the order rows are read in"
	assert_contains "$T/err" "--allow-order-dependent"
	[ ! -e "$T/o.jsonl" ] || fail "gen left a file for $id"
	expect_exit 0 ctx gen --db "$T/keys.db" --queries "$T/order.jsonl" --query $id \
		--length 2k --info-amount 600 --allow-order-dependent -o "$T/o.jsonl"
	rm -f "$T/o.jsonl"
done
expect_exit 0 ctx gen --db "$T/keys.db" --queries "$T/order.jsonl" --query fine \
	--length 2k --info-amount 600 -o "$T/o.jsonl"
# ties at a LIMIT that reading the rows the other way does not expose: GROUP BY
# hands the tied groups to ORDER BY sorted by their key, whatever the row order
q order.jsonl groupties "SELECT label, COUNT(*) AS n FROM child GROUP BY label ORDER BY n DESC LIMIT 2"
expect_exit 3 ctx gen --db "$T/keys.db" --queries "$T/order.jsonl" --query groupties \
	--length 2k --info-amount 600 -o "$T/o.jsonl"
assert_contains "$T/err" "/groupties': its answer depends on how ties under ORDER BY are broken"
# the statement's own ORDER BY only: not one in a string, a comment, a window or a subquery
q order.jsonl quoted "SELECT label, RANK() OVER (ORDER BY score) AS r FROM child WHERE label <> 'x ORDER BY' AND id IN (SELECT id FROM child ORDER BY score LIMIT 400) /* ORDER BY */ ORDER BY id LIMIT 3"
expect_exit 0 ctx gen --db "$T/keys.db" --queries "$T/order.jsonl" --query quoted \
	--length 2k --info-amount 600 -o "$T/o.jsonl"
ok "order-dependent queries refused"

# 5. no answer possible: the whole data, or the budget, says what to change
q none.jsonl never "SELECT label FROM child WHERE score > 10"
q none.jsonl many "SELECT p.name FROM parent p JOIN child c ON c.parent_id = p.id GROUP BY p.id HAVING COUNT(*) >= 3"
expect_exit 3 ctx gen --db "$T/keys.db" --queries "$T/none.jsonl" --query never \
	--length 2k --info-amount 600 --empty-share 0
assert_contains "$T/err" "/never': its answer is empty even over every row of the tables it reads: check its SQL"
expect_exit 3 ctx gen --db "$T/keys.db" --queries "$T/none.jsonl" --query many \
	--length 2k --info-amount 40 --empty-share 0
assert_contains "$T/err" "/many': at --info-amount 40 its answer cannot have rows"
assert_contains "$T/err" "give --info-amount "
need=$(sed -n 's/.*give --info-amount \([0-9]*\) or more.*/\1/p' "$T/err")
expect_exit 0 ctx gen --db "$T/keys.db" --queries "$T/none.jsonl" --query many \
	--length 2k --info-amount "$need" --empty-share 0 -o "$T/n.jsonl"
assert_eq "$(jq '.stats.gold_rows > 0' "$T/n.jsonl")" true "an answer at the amount gen named"
expect_exit 2 ctx gen --db "$T/keys.db" --queries "$T/none.jsonl" --empty-share 1.5
assert_contains "$T/err" "--empty-share"
ok "errors say what to change"

# 6. the bundled suite: the share of empty golds near --empty-share 0.1, and
# every gold not meant to be empty has rows (Join queries included)
[ -f "$SRCDIR/queries/wine.jsonl" ] || skip "bundled databases not present"
for s in "4k 1k" "8k 2k"; do
	set -- $s
	ctx gen --length "$1" --info-amount "$2" -o "$T/b.jsonl"
	n=$(wc -l < "$T/b.jsonl")
	empty=$(jq -c 'select(.gold.rows == [])' "$T/b.jsonl" | wc -l)
	awk -v e="$empty" -v n="$n" 'BEGIN { exit !(e / n >= 0.05 && e / n <= 0.15) }' ||
		fail "$1/$2: $empty of $n golds empty, not 0.1 +- 0.05"
	jq -e 'select((.gold.rows == []) != .params.meant_empty)' "$T/b.jsonl" >/dev/null &&
		fail "$1/$2: a gold empty without being meant to"
	jq -e 'select(.types | index("Join")) | select(.gold.rows == [] and (.params.meant_empty | not))' \
		"$T/b.jsonl" >/dev/null && fail "$1/$2: an empty Join gold"
	ok "bundled $1/$2: $empty of $n golds empty"
done
ctx gen --length 4k --info-amount 1k --empty-share 0 -o "$T/z.jsonl"
assert_eq "$(jq -c 'select(.gold.rows == [])' "$T/z.jsonl" | wc -l | tr -d ' ')" 0 \
	"empty golds with --empty-share 0"
expect_exit 0 ctx validate "$T/z.jsonl"
ok "bundled suite"

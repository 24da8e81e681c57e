#!/bin/sh
# Databases are named by their file's stem and a content hash, never by how
# the path was typed; validate and builtin/reader find them beside the
# instances, in the current folder or by --db NAME=PATH, from any folder.
. ./lib.sh
command -v sqlite3 >/dev/null || skip "the sqlite3 command-line tool is not installed"
F="$SRCDIR/tests/fixtures/tiny"
mkdir -p "$T/d" "$T/elsewhere"
sqlite3 "$T/d/my.db" <"$F/schemas/tiny/db.sql"
cp "$F/schemas/tiny/verbalize.json" "$T/d/my.verbalize.json"
gen() { # gen DB-ARG OUT
	ctx gen --db "$1" --queries "$F/queries/tiny.jsonl" --query q02 --query q03 \
		--length 1k --info-amount 200 --placement uniform,end -o "$2"
}

# 1. ids and db never depend on how the path was typed
cd "$T"
gen d/my.db "$T/a.jsonl"
gen ./d/my.db "$T/b.jsonl"
gen "$T/d//my.db" "$T/c.jsonl"
cd "$T/d" && gen my.db "$T/e.jsonl" && cd "$T"
for f in b c e; do
	cmp "$T/a.jsonl" "$T/$f.jsonl" || fail "the output depends on how the path was typed ($f)"
done
assert_eq "$(jq -r .db "$T/a.jsonl" | sort -u)" my "db is the file's stem"
assert_eq "$(jq -r .id "$T/a.jsonl" | head -1)" my/q02/L1024/A200/uniform/s1 "id"
sha=$(sha256sum <"$T/d/my.db" | cut -d' ' -f1)
assert_eq "$(jq -r .db_sha256 "$T/a.jsonl" | sort -u)" "$sha" "db_sha256"
# NAME=PATH names it otherwise; a name of a bundled database is refused
# where units of both could meet (--distractors all-dbs)
ctx gen --db other=d/my.db --queries "$F/queries/tiny.jsonl" --query q02 \
	--length 1k --info-amount 200 -o "$T/o.jsonl"
assert_eq "$(jq -r .id "$T/o.jsonl")" other/q02/L1024/A200/uniform/s1 "NAME=PATH id"
CTXBENCH_DATA="$F" expect_exit 2 ctx gen --db tiny=d/my.db --queries "$F/queries/tiny.jsonl" \
	--distractors all-dbs -o "$T/x.jsonl"
assert_contains "$T/err" "'d/my.db' is named 'tiny' like a bundled database"
expect_exit 2 ctx gen --db "bad name=d/my.db" -o "$T/x.jsonl"
assert_contains "$T/err" "give NAME=PATH with a name of no '/', '=' or white space"
ok "names are stems, whatever the path"

# 2. validate: beside the instances, from another folder; then by --db
mkdir -p "$T/moved"
cp "$T/a.jsonl" "$T/d/my.db" "$T/d/my.verbalize.json" "$T/moved/"
cd "$T/elsewhere"
expect_exit 0 ctx validate ../moved/a.jsonl
assert_contains "$T/out" "validated 4 instances: 4 ok, 0 failed"
# the current folder is looked in too
cd "$T/d" && expect_exit 0 ctx validate "$T/a.jsonl" && cd "$T/elsewhere"
expect_exit 3 ctx validate "$T/a.jsonl"
assert_contains "$T/err" "cannot find database 'my': it is not bundled and no SQLite file named my or my.* is in '$T/'"
assert_contains "$T/err" "give --db my=PATH"
expect_exit 0 ctx validate "$T/a.jsonl" --db my="$T/d/my.db"
expect_exit 0 ctx validate "$T/a.jsonl" --db ../d/my.db
# templates elsewhere: --templates FILE or NAME=FILE
mkdir -p "$T/bare" && cp "$T/d/my.db" "$T/bare/"
expect_exit 3 ctx validate "$T/a.jsonl" --db "$T/bare/my.db"
assert_contains "$T/err" "no templates"
expect_exit 0 ctx validate "$T/a.jsonl" --db "$T/bare/my.db" --templates "$F/schemas/tiny/verbalize.json"
expect_exit 0 ctx validate "$T/a.jsonl" --db "$T/bare/my.db" --templates "my=$F/schemas/tiny/verbalize.json"
ok "validate finds the database from any folder"

# 3. other content under the same name is refused by its hash, by name
mkdir -p "$T/d2" && cp "$T/d/my.db" "$T/d/my.verbalize.json" "$T/d2/"
sqlite3 "$T/d2/my.db" "UPDATE people SET age = age + 1 WHERE rowid = 3"
cp "$T/a.jsonl" "$T/d2/"
expect_exit 3 ctx validate "$T/d2/a.jsonl"
assert_contains "$T/err" "database 'my': '$T/d2/my.db' (sha256 "
assert_contains "$T/err" "holds other data than the instances were made from; give --db my=PATH"
expect_exit 3 ctx validate "$T/d2/a.jsonl" --db "$T/d2/my.db"
assert_contains "$T/err" "is not the database the instances were made from"
expect_exit 0 ctx validate "$T/d2/a.jsonl" --db "$T/d/my.db"
ok "a database with other content is refused"

# 4. builtin/reader finds the database as validate does, --db and
# --templates included, and answers every instance right
cd "$T/elsewhere"
expect_exit 0 ctx run ../moved/a.jsonl --model builtin/reader -o "$T/r1.db"
expect_exit 0 ctx score "$T/r1.db"
assert_eq "$(sqlite3 "$T/r1.db" 'SELECT count(*), min(score) FROM scores')" "4|1.0" "reader scores beside"
expect_exit 4 ctx run "$T/a.jsonl" --model builtin/reader -o "$T/r2.db"
assert_eq "$(sqlite3 "$T/r2.db" "SELECT count(*) FROM replies WHERE status = 'error' AND error LIKE '%cannot find database ''my''%'")" 4 "reader without the database"
expect_exit 0 ctx run "$T/a.jsonl" --model builtin/reader --db "$T/bare/my.db" \
	--templates "$F/schemas/tiny/verbalize.json" -o "$T/r3.db"
expect_exit 0 ctx score "$T/r3.db"
assert_eq "$(sqlite3 "$T/r3.db" 'SELECT count(*), min(score) FROM scores')" "4|1.0" "reader with --db and --templates"
expect_exit 2 ctx run "$T/a.jsonl" --model builtin/empty --db "$T/bare/my.db" -o "$T/r4.db"
assert_contains "$T/err" "--db and --templates go with --model builtin/reader"
ok "builtin/reader finds the database"

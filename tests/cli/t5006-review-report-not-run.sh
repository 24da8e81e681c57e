#!/bin/sh
# report and compare on a file that is not a run: say so, never "run score first".
. ./lib.sh
echo '{"id": "x"}' > "$T/text.db"
expect_exit 3 ctx report "$T/text.db"
assert_contains "$T/err" "'$T/text.db' is not a ctxbench run: file is not a database"
assert_not_contains "$T/err" "ctxbench score"
: > "$T/empty.db"
expect_exit 3 ctx compare "$T/empty.db" "$T/empty.db"
assert_contains "$T/err" "'$T/empty.db' is not a ctxbench run: no such table: instances"
# an empty --subset file is named, not "no instance in common"
ctx gen --db wine --query q03 --length 4k -o "$T/i.jsonl"
ctx run "$T/i.jsonl" --model builtin/reader -o "$T/r.db" 2>/dev/null
ctx score "$T/r.db" >/dev/null
: > "$T/ids.txt"
expect_exit 2 ctx compare "$T/r.db" "$T/r.db" --subset "$T/ids.txt"
assert_contains "$T/err" "--subset '$T/ids.txt' lists no instance id"
ok "report names a file that is not a run"

# a run.db left in WAL mode in a folder the reader cannot write: say so
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && command -v sqlite3 >/dev/null; then
	ro=$(mktemp -d /tmp/ctxbench-ro.XXXXXX)
	ctx gen --db wine --query q01 --length 2k --info-amount 512 -o "$ro/i.jsonl"
	ctx run "$ro/i.jsonl" --model builtin/reader -o "$ro/r.db" 2>/dev/null
	ctx score "$ro/r.db" >/dev/null
	sqlite3 "$ro/r.db" "PRAGMA journal_mode=WAL" >/dev/null
	chmod 755 "$ro"
	chmod 644 "$ro/r.db"
	set +e
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CTXBENCH" report "$ro/r.db" >/dev/null 2>"$T/err"
	got=$?
	set -e
	rm -rf "$ro"
	if grep -q "Permission denied\|cannot execute" "$T/err"; then
		echo "note: the build folder is not readable by nobody; part skipped"
	else
		assert_eq "$got" 1 "report exit"
		assert_contains "$T/err" "still in WAL mode (its run did not finish) and its folder is not writable"
		ok "read-only folder with a WAL run.db: clear error"
	fi
fi

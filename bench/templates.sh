#!/bin/sh
# Speed of ctxbench templates draft and check, and of gen's start, on the
# Spider databases in ../shared/data/spider (copied to a temporary folder;
# wine_1's text 'NULL' in an INTEGER column made NULL first, as draft says):
# CPU seconds, rows checked per CPU second, peak RSS. One core.
# usage: bench/templates.sh [BUILDDIR] [SPIDER]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
sp=${2:-$here/../shared/data/spider}
bin="$build/ctxbench"
[ -x "$bin" ] || { echo "bench/templates.sh: build first: no '$bin'" >&2; exit 1; }
[ -d "$sp" ] || { echo "bench/templates.sh: no Spider data at '$sp'" >&2; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/ctxbench-tpl.XXXXXX")
trap 'rm -rf "$d"' EXIT
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
# measure LABEL ROWS CMD...: one line of figures
measure() {
	label=$1 rows=$2
	shift 2
	/usr/bin/time -f "%U %S %M" -o "$d/time" $pin "$@" >/dev/null 2>"$d/err" ||
		{ echo "($label failed: $(head -c 300 "$d/err"))" >&2; }
	read -r u s m <"$d/time"
	awk -v l="$label" -v r="$rows" -v u="$u" -v s="$s" -v m="$m" 'BEGIN {
		c = u + s; printf "%-26s %9d %8.2f %12.0f %8.1f\n", l, r, c,
		(c > 0 ? r / c : 0), m / 1024 }'
}
printf "%-26s %9s %8s %12s %8s\n" step db_rows cpu_s rows/cpu_s rss_MB
for db in wine_1 store_1 college_2 flight_4; do
	cp "$sp/$db/$db.sqlite" "$d/"
	chmod u+w "$d/$db.sqlite"
	[ $db != wine_1 ] || sqlite3 "$d/$db.sqlite" "UPDATE wine SET Cases = NULL WHERE Cases = 'NULL'"
	rows=$(sqlite3 "$d/$db.sqlite" "SELECT group_concat('SELECT count(*) FROM \"' || name || '\"', ' UNION ALL ') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'" |
		sqlite3 "$d/$db.sqlite" | awk '{ s += $1 } END { print s }')
	measure "draft $db" "$rows" "$bin" templates draft "$d/$db.sqlite" -o "$d/$db.verbalize.json"
	measure "check $db" "$rows" "$bin" templates check "$d/$db.sqlite"
	# one instance of tests/spider's q01: opening the database and the
	# checks gen makes before it writes (wine_1 also loads the bundled ones)
	x=
	[ $db != wine_1 ] || x="--distractors all-dbs"
	# shellcheck disable=SC2086
	measure "gen 1 instance $db" "$rows" "$bin" gen --db "$d/$db.sqlite" \
		--queries "$here/tests/spider/$db.jsonl" --query q01 --length 4k \
		--info-amount 1k $x -o "$d/o.jsonl"
	[ -s "$d/o.jsonl" ] || echo "(gen failed on $db)" >&2
done

#!/bin/sh
# Speed of ctxbench gen: instances/s, MB/s and peak RSS for 32K-token contexts
# with 2K relevant tokens (ratio tokenizer, or TOKENIZER: a tokenizer.json),
# one core.
# usage: bench/gen.sh [BUILDDIR] [DB] [TOKENIZER]   (defaults: build, wine, ratio)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
db=${2:-wine}
tk=${3:-ratio}
bin="$build/ctxbench"
[ -x "$bin" ] || { echo "bench/gen.sh: build first: no '$bin'" >&2; exit 1; }
out=$(mktemp "${TMPDIR:-/tmp}/ctxbench-gen.XXXXXX")
trap 'rm -f "$out" "$out.time"' EXIT
# 5 named placements + 51 depths = 56 instances per query
places="uniform,begin,middle,end,bimodal"
for i in $(seq 0 50); do
	places="$places,depth=$(awk -v i="$i" 'BEGIN { printf "%g", i / 50 }')"
done
export CTXBENCH_DATA="$here"
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
set -- $pin "$bin" gen --db "$db" --length 32k --info-amount 2k --placement "$places" \
	--tokenizer "$tk" -o "$out"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -v "$@" 2> "$out.time"
	rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$out.time")
	wall=$(awk -F': ' '/Elapsed \(wall/ { print $2 }' "$out.time" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$out.time")
else
	start=$(date +%s.%N)
	"$@"
	wall=$(echo "$(date +%s.%N) - $start" | bc)
	cpu=$wall
	rss="?"
fi
n=$(wc -l < "$out")
bytes=$(wc -c < "$out")
echo "command: ctxbench gen --db $db --length 32k --info-amount 2k --placement <56 placements> --tokenizer $(basename "$tk") -o FILE"
awk -v n="$n" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$rss" 'BEGIN {
	printf "instances: %d (%.1f MB)\n", n, b / 1048576
	printf "wall: %.2f s, cpu: %.2f s\n", w, c
	printf "instances/s: %.0f (wall), %.0f (cpu)\n", n / w, n / c
	printf "MB/s: %.0f (wall), %.0f (cpu)\n", b / 1048576 / w, b / 1048576 / c
	printf "peak RSS: %s KB\n", r
}'

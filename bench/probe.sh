#!/bin/sh
# Speed of ctxbench probe: wall time, instances/s and peak RSS per task for
# 32K-token contexts, 11 depths x 5 samples (55 instances), one core.
# usage: bench/probe.sh [BUILDDIR] [TOKENIZER]   (defaults: build, ratio)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
tok=${2:-ratio}
bin="$build/ctxbench"
[ -x "$bin" ] || { echo "bench/probe.sh: build first: no '$bin'" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/probe.sh: needs /usr/bin/time" >&2; exit 1; }
out=$(mktemp "${TMPDIR:-/tmp}/ctxbench-probe.XXXXXX")
trap 'rm -f "$out" "$out.time"' EXIT
export CTXBENCH_DATA="$here"
printf '%-9s %8s %12s %10s %10s\n' task wall_s instances/s MB rss_MB
for task in entity sentence function kv; do
	/usr/bin/time -f '%e %M' -o "$out.time" "$bin" probe --task "$task" \
		--length 32k --positions 11 --samples 5 --tokenizer "$tok" -o "$out"
	n=$(wc -l <"$out")
	bytes=$(wc -c <"$out")
	awk -v t="$task" -v n="$n" -v b="$bytes" '{
		printf "%-9s %8.2f %12.1f %10.1f %10.1f\n", t, $1,
			($1 > 0 ? n / $1 : 0), b / 1048576, $2 / 1024 }' "$out.time"
done

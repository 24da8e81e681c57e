#!/bin/sh
# Runner client CPU at realistic context sizes: gen's instances at 1K and 32K tokens.
# usage: bench/run-ctx.sh [BUILD_DIR] [N1K] [N32K] [REPEAT]
#   (defaults: build, 10000 instances at 1K, 500 at 32K, 3 repeats)
# Each instance is a real `ctxbench gen` line (context, units, gold), copied under
# fresh ids; the fake model answers briefly (`noanswer`), so the figures are the
# client's cost of a request at that context size: reading and checking the
# instances, rendering the prompt, the request, the reply, the commit.
# Prints, per repeat, requests, wall s, user+system CPU s and CPU us per request,
# for the whole command and for a resume that finds everything done.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
n1=${2:-10000}
n32=${3:-500}
rep=${4:-3}
ctx="$build/ctxbench"
fake="$build/tests/fixtures/fakeserver"
[ -x "$ctx" ] && [ -x "$fake" ] || { echo "bench: build first (need $ctx and $fake)" >&2; exit 2; }
ulimit -n 8192 2>/dev/null || :
work="$here/.cache/run-ctx"
rm -rf "$work"
mkdir -p "$work"
export CTXBENCH_CACHE="$work/cache.db"

# copies FILE's lines under fresh ids until there are N
grow() {
	awk -v n="$3" 'NR == FNR { l[NR] = $0; k = NR; next } END {
		for (i = 0; i < n; i++) { s = l[i % k + 1]; sub(/"id": "/, "\"id\": \"c" i "/", s); print s } }' \
		"$1" "$1" >"$2"
}
"$ctx" gen --length 1k --info-amount 256 --keep-going -o "$work/g1k.jsonl" 2>/dev/null || [ $? = 4 ]
"$ctx" gen --db wine --length 32k --info-amount 2k --keep-going -o "$work/g32k.jsonl" 2>/dev/null || [ $? = 4 ]
grow "$work/g1k.jsonl" "$work/i1k.jsonl" "$n1"
grow "$work/g32k.jsonl" "$work/i32k.jsonl" "$n32"

"$fake" --port-file "$work/port" >/dev/null 2>&1 &
fpid=$!
trap 'kill $fpid 2>/dev/null || :' EXIT
while [ ! -s "$work/port" ]; do sleep 0.05; done
url="http://127.0.0.1:$(cat "$work/port")/v1"

printf '%-7s %-6s %8s %8s %8s %11s\n' context pass requests wall_s cpu_s cpu_us/req
for size in 1k 32k; do
	r=0
	while [ $r -lt "$rep" ]; do
		r=$((r + 1))
		rm -f "$work/r.db"*
		for pass in run resume; do
			/usr/bin/time -f "%e %U %S" -o "$work/time" "$ctx" run "$work/i$size.jsonl" \
				--model openai/noanswer --base-url "$url" --concurrency 64 \
				--no-cache -o "$work/r.db" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
			okn=$(sqlite3 "$work/r.db" "select count(*) from replies where status='ok'")
			# a resume sends nothing: its CPU is per instance of the file
			awk -v s="$size" -v p="$pass" -v n="$okn" '{ printf "%-7s %-6s %8d %8.2f %8.2f %11.1f\n",
				s, p, n, $1, $2 + $3, ($2 + $3) * 1e6 / n }' "$work/time"
		done
	done
done

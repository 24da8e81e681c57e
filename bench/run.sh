#!/bin/sh
# Runner throughput: ctxbench run and the official openai npm client against the fake endpoint.
# usage: bench/run.sh [BUILD_DIR] [REQUESTS]   (default build dir: build, 20000 requests;
#        BENCH_NODE=0 leaves the node client out)
# Prints requests/s and client CPU (user+system) per request at concurrency 1, 64 and 1024.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
n=${2:-20000}
. "$here/runlib.sh"
run_setup run
# small prompts: a one-line context and a question, with a template holding only them
tiny_instances "$n" "$work/inst.jsonl"
printf '{context}\n{question}\n' >"$work/tmpl"
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "Item %d is a small red box.\\nWhat is item %d?\n", i, i }' >"$work/prompts.txt"

"$fake" --port-file "$work/port" >/dev/null 2>&1 &
fpid=$!
trap 'kill $fpid 2>/dev/null || :' EXIT
while [ ! -s "$work/port" ]; do sleep 0.05; done
url="http://127.0.0.1:$(cat "$work/port")/v1"

have_node=0
# BENCH_NODE=0 measures ctxbench only
if [ "${BENCH_NODE:-1}" = 1 ] && command -v node >/dev/null && command -v npm >/dev/null; then
	if [ ! -d "$here/node/node_modules/openai" ]; then
		(cd "$here/node" && npm install --no-audit --no-fund --silent >/dev/null 2>&1) || :
	fi
	[ -d "$here/node/node_modules/openai" ] && have_node=1
fi
[ $have_node = 1 ] || echo "bench: node or the openai package is missing; ctxbench only" >&2

printf '%-8s %-11s %9s %10s %14s\n' client concurrency requests req/s cpu_us/req
for c in 1 64 1024; do
	m=$n
	[ "$c" = 1 ] && m=$((n / 4))
	rm -f "$work/r.db"*
	/usr/bin/time -f "%e %U %S" -o "$work/time" "$ctx" run "$work/inst.jsonl" --model openai/echo \
		--base-url "$url" --prompt-template "$work/tmpl" --concurrency "$c" --limit "$m" \
		--no-cache -o "$work/r.db" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	okn=$(sqlite3 "$work/r.db" "select count(*) from replies where status='ok'")
	awk -v c="$c" -v n="$okn" '{ printf "%-8s %-11s %9d %10.0f %14.1f\n", "ctxbench", c, n, n / $1, ($2 + $3) * 1e6 / n }' "$work/time"
	if [ $have_node = 1 ]; then
		node "$here/node/bench.js" "$url" "$m" "$c" "$work/prompts.txt" >"$work/node" 2>"$work/node.err" ||
			{ cat "$work/node.err" >&2; continue; }
		awk -v c="$c" '{ printf "%-8s %-11s %9d %10.0f %14.1f\n", "node", c, $1, $1 / $2, $3 }' "$work/node"
	fi
done

#!/bin/sh
# Tokenizer throughput, load time and peak memory: ctxbench's tokenizer.json
# implementation next to the reference (@lenml/tokenizers under node), one core,
# for the Llama 3, Qwen 3, GPT-4o and Llama 2 files, on the same mixed text.
# usage: bench/tok.sh [BUILDDIR [MEGABYTES]]   (needs node and npm; see bench/README.md)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
mb=${2:-4}
ctx=$build/ctxbench
walls=""
[ -x "$ctx" ] || { echo "no $ctx: build first (meson setup build && ninja -C build)" >&2; exit 1; }
command -v node >/dev/null || { echo "node is needed for the reference" >&2; exit 1; }
NODE_PATH=$(sh "$src/tests/tokref/fetch.sh" "$src")
export NODE_PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node "$src/tests/tokref/mktext.js" 42 $((mb * 1000000)) >"$tmp/text"
bytes=$(wc -c <"$tmp/text")
# one core for both sides
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"

# best of three runs of "$@" < $1: CPU ms (user + system) and peak RSS MB
best() {
	in=$1
	shift
	b=
	for i in 1 2 3; do
		r=$(/usr/bin/time -f "%U %S %M" $pin "$@" <"$in" 2>&1 >/dev/null | tail -1)
		b=$(echo "$b $r" | awk 'NF == 3 {print ($1 + $2) * 1000, $3; next}
			{t = ($4 + $5) * 1000; print (t < $1 ? t : $1), ($6 > $2 ? $6 : $2)}')
	done
	echo "$b"
}

# best of five wall times (ms) of "$@" < /dev/null, not pinned: the load
# hashes the file on a second thread
wall_load() {
	b=
	for i in 1 2 3 4 5; do
		t0=$(date +%s%N)
		"$@" </dev/null >/dev/null
		t=$((($(date +%s%N) - t0) / 1000000))
		[ -n "$b" ] && [ "$b" -le "$t" ] || b=$t
	done
	echo "$b"
}

printf 'text: %s bytes of mixed text (tests/tokref/mktext.js seed 42); CPU time, one core\n' "$bytes"
printf '%-7s %-9s %9s %10s %9s %12s %9s\n' model impl load_ms encode_s MB/s tokens/s peak_MB
for m in llama3 qwen3 gpt4o llama2; do
	J="$NODE_PATH/@lenml/tokenizer-$m/models/tokenizer.json"
	: >"$tmp/empty"
	load=$(best "$tmp/empty" "$ctx" tokens --tokenizer "$J" | cut -d' ' -f1)
	set -- $(best "$tmp/text" "$ctx" tokens --tokenizer "$J")
	n=$("$ctx" tokens --tokenizer "$J" <"$tmp/text")
	echo "$m ctxbench $load $1 $n $bytes $2" | awk '{e = ($4 - $3) / 1000;
		printf "%-7s %-9s %9.1f %10.3f %9.2f %12.0f %9.0f\n", $1, $2, $3, e, $6 / 1e6 / e, $5 / e, $7 / 1024}'
	# the reference is slow: one run, timed from inside node
	/usr/bin/time -f %M -o "$tmp/rss" $pin node "$src/tests/tokref/tokref.js" \
		"$J" --bench <"$tmp/text" >"$tmp/ref"
	set -- $(cat "$tmp/ref")
	echo "$m reference $1 $2 $3 $bytes $(tail -1 "$tmp/rss")" | awk '{e = $4 / 1000;
		printf "%-7s %-9s %9.1f %10.3f %9.2f %12.0f %9.0f\n", $1, $2, $3, e, $6 / 1e6 / e, $5 / e, $7 / 1024}'
	[ "$n" = "$3" ] || echo "  WARNING: counts differ: ctxbench $n, reference $3"
	walls="$walls $m $(wall_load "$ctx" tokens --tokenizer "$J") ms;"
done
echo "ctxbench load, wall time, both cores, best of 5:$walls"

#!/bin/sh
# Shards: what --shard costs each task of a job array (every task reads and checks the whole
# instances file), and the time of merge, score and report over N_SHARDS shards of a run of
# N instances (defaults 20,000 and 8), with builtin/empty as the model.
# usage: bench/shard.sh [BUILDDIR] [N] [N_SHARDS]
set -eu
B=${1:-build}
N=${2:-20000}
S=${3:-8}
CTX=$(cd "$B" && pwd)/ctxbench
[ -x "$CTX" ] || { echo "no $CTX: build first (meson setup $B && ninja -C $B)" >&2; exit 2; }
export CTXBENCH_DATA="$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/tiny"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
# timed WHAT CMD...: wall and CPU (user + system)
timed() {
	what=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o time "$@" >/dev/null 2>&1
	read -r w u s m <time
	awk -v x="$what" -v w="$w" -v c="$u + $s" -v m="$m" 'BEGIN {
		split(c, p, " + "); printf "%-34s wall %6.2f s  cpu %6.2f s  max RSS %6.0f MB\n",
		x, w, p[1] + p[2], m / 1024 }'
}
"$CTX" gen --db tiny --length 256,512 --info-amount 64 --placement uniform,begin,end,middle,bimodal \
	-o one.jsonl 2>/dev/null
per=$(wc -l <one.jsonl)
i=0
: >all.jsonl
while [ $((i * per)) -lt "$N" ]; do
	sed "s|\"id\": \"tiny/|\"id\": \"tiny$i/|" one.jsonl >>all.jsonl
	i=$((i + 1))
done
head -n "$N" all.jsonl >n.jsonl
echo "$N instances ($(($(wc -c <n.jsonl) / 1048576)) MB), $S shards"
R="--model builtin/empty"
timed "run, unsharded" "$CTX" run n.jsonl $R -o full.db
timed "run --shard 0/$S" "$CTX" run n.jsonl $R --shard "0/$S" -o s0.db
timed "resume --shard 0/$S (all done)" "$CTX" run n.jsonl $R --shard "0/$S" -o s0.db
k=1
while [ $k -lt "$S" ]; do
	"$CTX" run n.jsonl $R --shard "$k/$S" -o "s$k.db" 2>/dev/null
	k=$((k + 1))
done
timed "score 's*.db' ($S shards)" "$CTX" score 's*.db'
timed "score full.db" "$CTX" score full.db
timed "merge m.db 's*.db'" "$CTX" merge m.db 's*.db'
timed "report 's*.db'" "$CTX" report 's*.db'
timed "report m.db" "$CTX" report m.db
timed "report full.db" "$CTX" report full.db

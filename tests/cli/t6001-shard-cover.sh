#!/bin/sh
# --shard K/N on gen, probe and run: for N = 1..7 the shards hold every instance exactly once,
# each line as the unsharded command writes it, and run keeps each instance's place (seq).
. ./lib.sh
# the tiny database keeps 28 gen runs cheap
export CTXBENCH_DATA="$SRCDIR/tests/fixtures/tiny"
G="--db tiny --length 256,512,768,1k --info-amount 100 --placement uniform,end,begin"
expect_exit 0 ctx gen $G -o "$T/all.jsonl"
expect_exit 0 ctx probe --task kv --length 1k --positions 3 --samples 3 -o "$T/pall.jsonl"
expect_exit 0 ctx run "$T/all.jsonl" --model builtin/empty -o "$T/all.db"
total=$(wc -l <"$T/all.jsonl" | tr -d ' ')
[ "$total" -gt 40 ] || fail "gen wrote only $total instances"
sort "$T/all.jsonl" >"$T/all.sorted"
sort "$T/pall.jsonl" >"$T/pall.sorted"
sqlite3 "$T/all.db" "select seq, id from instances order by seq" >"$T/all.seq"
for n in 1 2 3 4 5 6 7; do
	k=0
	: >"$T/g.cat"
	: >"$T/p.cat"
	: >"$T/r.cat"
	while [ $k -lt $n ]; do
		expect_exit 0 ctx gen $G --shard "$k/$n" -o "$T/g$k.jsonl"
		cat "$T/g$k.jsonl" >>"$T/g.cat"
		# probe shards by the same function: two N suffice
		if [ $n = 2 ] || [ $n = 5 ]; then
			expect_exit 0 ctx probe --task kv --length 1k --positions 3 --samples 3 --shard "$k/$n" -o "$T/p$k.jsonl"
			cat "$T/p$k.jsonl" >>"$T/p.cat"
		fi
		expect_exit 0 ctx run "$T/all.jsonl" --model builtin/empty --shard "$k/$n" -o "$T/r$k-$n.db"
		assert_contains "$T/err" "shard $k/$n holds"
		assert_eq "$(sqlite3 "$T/r$k-$n.db" "select value from meta where key='shard'")" "$k/$n" "meta shard"
		sqlite3 "$T/r$k-$n.db" "select seq, id from instances" >>"$T/r.cat"
		# the replies are the instances of the shard, no others
		assert_eq "$(sqlite3 "$T/r$k-$n.db" "select count(*) from replies r left join instances i using(id) where i.id is null")" "0" "replies outside the shard"
		k=$((k + 1))
	done
	sort "$T/g.cat" | cmp -s - "$T/all.sorted" || fail "gen: $n shards do not hold every instance exactly once"
	if [ -s "$T/p.cat" ]; then
		sort "$T/p.cat" | cmp -s - "$T/pall.sorted" || fail "probe: $n shards do not hold every instance exactly once"
	fi
	sort -n "$T/r.cat" | cmp -s - "$T/all.seq" || fail "run: $n shards do not hold every instance exactly once, at its place"
done
ok "gen, probe and run shards of N=1..7 cover every instance once"

# a shard's ids are the ones the documented hash gives (sha256, first 8 bytes, mod N)
if command -v python3 >/dev/null; then
	sqlite3 "$T/all.db" "select id from instances order by seq" | python3 -c '
import hashlib, sys
for line in sys.stdin:
    i = line.rstrip("\n")
    print(i, int(hashlib.sha256(i.encode()).hexdigest()[:16], 16) % 5)' | awk '$2 == 3 { print $1 }' >"$T/want3"
	sqlite3 "$T/r3-5.db" "select id from instances order by seq" >"$T/got3"
	cmp -s "$T/want3" "$T/got3" || fail "shard 3/5 is not the documented hash partition"
	ok "the partition is the documented hash"
fi

# an empty shard is no error for run: a run.db with no instance, so merge sees every shard
head -n 1 "$T/all.jsonl" >"$T/one.jsonl"
id=$(sqlite3 "$T/all.db" "select id from instances where seq=1")
expect_exit 0 ctx run "$T/one.jsonl" --model builtin/empty --shard 0/2 -o "$T/e0.db"
expect_exit 0 ctx run "$T/one.jsonl" --model builtin/empty --shard 1/2 -o "$T/e1.db"
assert_eq "$(sqlite3 "$T/e0.db" "select count(*) from instances") $(sqlite3 "$T/e1.db" "select count(*) from instances")" \
	"$(sqlite3 "$T/r0-2.db" "select count(*) from instances where id='$id'") $(sqlite3 "$T/r1-2.db" "select count(*) from instances where id='$id'")" \
	"one instance in the shard the hash says"
# but an instances file with no instance still is
: >"$T/none.jsonl"
expect_exit 3 ctx run "$T/none.jsonl" --model builtin/empty --shard 0/2 -o "$T/n.db"
assert_contains "$T/err" "holds no instances"

# --limit takes the first instances of the file, then the shard: the shards of a --limit run
# are that run
expect_exit 0 ctx run "$T/all.jsonl" --model builtin/empty --limit 10 --shard 0/2 -o "$T/l0.db"
expect_exit 0 ctx run "$T/all.jsonl" --model builtin/empty --limit 10 --shard 1/2 -o "$T/l1.db"
assert_eq "$(( $(sqlite3 "$T/l0.db" "select count(*) from instances where seq <= 10") + $(sqlite3 "$T/l1.db" "select count(*) from instances where seq <= 10") ))" "10" "--limit 10 over two shards"
assert_eq "$(sqlite3 "$T/l0.db" "select count(*) from instances where seq > 10")" "0" "--limit then shard"
ok "empty shards and --limit"

# a resume takes the same --shard
expect_exit 2 ctx run "$T/all.jsonl" --model builtin/empty --shard 1/3 -o "$T/r0-3.db"
assert_contains "$T/err" "it was made with --shard 0/3, not 1/3"
expect_exit 2 ctx run "$T/all.jsonl" --model builtin/empty -o "$T/r0-3.db"
assert_contains "$T/err" "give the same --shard to resume it"
expect_exit 2 ctx run "$T/all.jsonl" --model builtin/empty --shard 0/3 -o "$T/all.db"
assert_contains "$T/err" "it was made without --shard"
expect_exit 0 ctx run "$T/all.jsonl" --model builtin/empty --shard 0/3 -o "$T/r0-3.db"
ok "resume checks the shard"

# bad --shard values are usage errors that say what to give
i=0
for bad in 3/3 /3 3/ 3 -1/3 1/0 a/b 1/2000000 " 1/3"; do
	case $((i % 3)) in
	0) expect_exit 2 ctx gen --db tiny --shard "$bad" -o "$T/x.jsonl" ;;
	1) expect_exit 2 ctx probe --task kv --length 1k --shard "$bad" -o "$T/x.jsonl" ;;
	2) expect_exit 2 ctx run "$T/all.jsonl" --model builtin/empty --shard "$bad" -o "$T/x.db" ;;
	esac
	assert_contains "$T/err" "ctxbench: error: --shard"
	i=$((i + 1))
done
[ ! -e "$T/x.db" ] && [ ! -e "$T/x.jsonl" ] || fail "a refused --shard left an output file"
expect_exit 2 ctx gen --db tiny --shard 7/7
assert_contains "$T/err" "K counts from 0"
assert_contains "$T/err" "--array=0-6"
expect_exit 2 ctx run "$T/all.jsonl" --model builtin/empty --shard /7 -o "$T/x.db"
assert_contains "$T/err" "variable empty"
ok "bad --shard values"

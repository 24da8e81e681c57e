#!/bin/sh
# Shards of one run against two replicas: merge gives the unsharded run.db's reports byte for
# byte (md, json, html) for N = 1..7, and so do report/score/compare over the shards themselves.
. ./lib.sh
. ./runlib.sh
export CTXBENCH_DATA="$SRCDIR/tests/fixtures/tiny"
ctx gen --db tiny --length 256,512,768,1k --info-amount 100 --placement uniform,end,begin \
	-o "$T/all.jsonl" 2>/dev/null
INST="$T/all.jsonl"
start_fake a
A=$URL
start_fake b
B=$URL
R="--model openai/quarters --concurrency 4"
mkdir "$T/full"
expect_exit 0 ctx run "$INST" $R --base-url "$A/v1" -o "$T/full/run.db"
expect_exit 0 ctx score "$T/full/run.db"
(cd "$T/full" && ctx report run.db >r.md && ctx report run.db --format json >r.json &&
	ctx report run.db -o r.html)
assert_contains "$T/full/r.md" "| quarters | run.db | 60 | 60 |"
# the quarters model misses rows: a report where order and intervals matter
assert_eq "$(q "$T/full/run.db" "select count(distinct score) > 2 from scores")" "1" "varied scores"

for n in 1 2 3 4 5 6 7; do
	k=0
	mkdir "$T/m$n"
	while [ $k -lt $n ]; do
		# each task of the array has its own replica
		url=$A
		[ $((k % 2)) = 1 ] && url=$B
		expect_exit 0 ctx run "$INST" $R --base-url "$url/v1" --shard "$k/$n" -o "$T/s$n-$k.db"
		k=$((k + 1))
	done
	# one score command over the pattern: one summary for the run
	expect_exit 0 ctx score "$T/s$n-*.db"
	assert_eq "$(grep -c '^scored' "$T/out")" "1" "one summary for $n shards"
	assert_contains "$T/out" "scored 60 of 60 instances in '$T/s$n-0.db"
	assert_contains "$T/out" "($n of $n shard"
	expect_exit 0 ctx merge "$T/m$n/run.db" "$T/s$n-*.db"
	(cd "$T/m$n" && ctx report run.db >r.md && ctx report run.db --format json >r.json)
	cmp "$T/full/r.md" "$T/m$n/r.md" || fail "merged report of $n shards differs (md)"
	cmp "$T/full/r.json" "$T/m$n/r.json" || fail "merged report of $n shards differs (json)"
	# the shards themselves report as one run: the same but for the file column
	case $n in 1 | 4 | 7) ;; *) continue ;; esac
	expect_exit 0 ctx report "$T/s$n-*.db"
	sed 's/^| quarters | [^|]* |/| quarters | run.db |/' "$T/out" | cmp -s - "$T/full/r.md" ||
		fail "report over $n shards differs from the unsharded one"
	assert_contains "$T/out" "($n of $n shard"
	expect_exit 0 ctx report "$T/s$n-*.db" --format json
	jq -c 'del(.runs[].path, .runs[].shards, .runs[].files)' "$T/out" >"$T/sj"
	jq -c 'del(.runs[].path)' "$T/full/r.json" | cmp -s - "$T/sj" || fail "json report over $n shards differs"
	assert_eq "$(jq -c '[.runs[0].shards, (.runs[0].files | length)]' "$T/out")" "[$n,$n]" "json shards"
done
ok "merge and report over the shards of N=1..7 give the unsharded report"

# html too (the worst instances are read from each shard)
(cd "$T/m3" && ctx report run.db -o r.html)
cmp "$T/full/r.html" "$T/m3/r.html" || fail "merged html report differs"
expect_exit 0 ctx report "$T/s3-*.db" -o "$T/s3.html"
sed 's|<td>[^<]*s3-0.db[^<]*</td>|<td>run.db</td>|' "$T/s3.html" | cmp -s - "$T/full/r.html" ||
	fail "html report over 3 shards differs"
# the merged run.db: every replica's URL, where it came from, no shard
assert_eq "$(q "$T/m3/run.db" "select value from meta where key='base_urls'")" "[\"$A/v1\",\"$B/v1\"]" "base_urls"
assert_eq "$(q "$T/m3/run.db" "select count(*) from meta where key='shard'")" "0" "merged meta shard"
assert_eq "$(q "$T/m3/run.db" "select value from meta where key='merged_from'")" \
	"[\"$T/s3-0.db\",\"$T/s3-1.db\",\"$T/s3-2.db\"]" "merged_from"
for x in wal shm journal; do
	[ ! -e "$T/m3/run.db-$x" ] || fail "merge left run.db-$x"
done
if ls "$T/m3" | grep -q 'tmp'; then fail "merge left a temporary file"; fi
ok "html, meta"

# a merged run.db resumes like the unsharded one: only what is missing is sent
q "$T/m5/run.db" "delete from replies where id in (select id from instances order by seq limit 7)"
expect_exit 0 ctx run "$INST" $R --base-url "$A/v1" --no-cache -o "$T/m5/run.db"
assert_contains "$T/err" "60 instances: 60 ok"
assert_contains "$T/err" "7 requests"
ok "a merged run.db resumes"

# compare over shards: the shards make one run, the first run named is the base
expect_exit 0 ctx compare "$T/s4-*.db" "$T/full/run.db"
assert_contains "$T/out" "base '$T/s4-0.db … $T/s4-3.db (4 of 4 shards)' (quarters) vs new '$T/full/run.db' (quarters (2)): 60 paired instances"
assert_contains "$T/out" "no significant regression"
expect_exit 0 ctx compare "$T/full/run.db" "$T/s2-0.db" "$T/s2-1.db"
assert_contains "$T/out" "60 paired instances"
expect_exit 2 ctx compare "$T/s4-*.db"
assert_contains "$T/err" "4 files make 1 run; compare takes two"
expect_exit 2 ctx compare "$T/s4-*.db" "$T/s3-*.db" "$T/full/run.db"
assert_contains "$T/err" "make 3 runs"
# two sharded runs side by side: another model's shards are another run
k=0
while [ $k -lt 2 ]; do
	expect_exit 0 ctx run "$INST" --model openai/perfect --base-url "$B/v1" --shard "$k/2" -o "$T/p-$k.db"
	k=$((k + 1))
done
expect_exit 0 ctx score "$T/p-*.db" "$T/s2-*.db"
assert_eq "$(grep -c '^scored 60 of 60' "$T/out")" "2" "two sharded runs, two summaries"
expect_exit 0 ctx report "$T/s2-*.db" "$T/p-*.db"
assert_contains "$T/out" "| quarters | $T/s2-0.db, $T/s2-1.db (2 of 2 shards) | 60 | 60 |"
assert_contains "$T/out" "| perfect | $T/p-0.db, $T/p-1.db (2 of 2 shards) | 60 | 60 | 1.000 |"
expect_exit 1 ctx compare "$T/p-*.db" "$T/s2-*.db"
assert_contains "$T/out" "REGRESSION"
# some shards only: the score so far, and a warning naming what is left out
expect_exit 0 ctx report "$T/s5-0.db" "$T/s5-3.db"
assert_contains "$T/err" "warning: run 'quarters' has 2 of its 5 shards; the report leaves out the instances of 1/5, 2/5, 4/5"
assert_contains "$T/out" "(2 of 5 shards) | $(($(q "$T/s5-0.db" "select count(*) from instances") + $(q "$T/s5-3.db" "select count(*) from instances")))"
ok "score, report and compare over several run.dbs"

# merge refuses what is not the shards of one run, and leaves OUT as it was
echo keep >"$T/out.db"
refuse() { # WHAT CODE MESSAGE SHARD...
	what=$1 code=$2 msg=$3
	shift 3
	expect_exit "$code" ctx merge "$T/out.db" "$@"
	assert_contains "$T/err" "$msg"
	assert_eq "$(cat "$T/out.db")" "keep" "OUT after a refused merge ($what)"
	if ls "$T" | grep -q '^out.db.tmp'; then fail "a refused merge ($what) left a temporary file"; fi
}
refuse "missing" 3 "2 of the 3 shards are given; missing: 2/3" "$T/s3-0.db" "$T/s3-1.db"
refuse "twice" 3 "are both shard 1/3 of one run" "$T/s3-0.db" "$T/s3-1.db" "$T/s3-1.db" "$T/s3-2.db"
refuse "N" 3 "the shards of one run share N" "$T/s3-0.db" "$T/s2-1.db"
refuse "model" 3 "their model differs ('quarters' and 'perfect')" "$T/s2-0.db" "$T/p-1.db"
refuse "unsharded" 3 "is not the shard of a run" "$T/s1-0.db" "$T/full/run.db"
echo junk >"$T/junk.db"
refuse "junk" 3 "'$T/junk.db' is not the shard of a run" "$T/junk.db"
refuse "no match" 2 "no file matches" "$T/nothing-*.db"
expect_exit 0 ctx run "$INST" $R --base-url "$A/v1" --shard 1/2 --temperature 0.5 -o "$T/t1.db"
refuse "settings" 3 "their settings differs" "$T/s2-0.db" "$T/t1.db"
printf 'Q: {question}\n{context}\n' >"$T/tmpl.txt"
expect_exit 0 ctx run "$INST" $R --base-url "$A/v1" --shard 1/2 --prompt-template "$T/tmpl.txt" -o "$T/t2.db"
refuse "prompt" 3 "their prompt template differs" "$T/s2-0.db" "$T/t2.db"
head -n 30 "$INST" >"$T/half.jsonl"
expect_exit 0 ctx run "$T/half.jsonl" $R --base-url "$A/v1" --shard 1/2 -o "$T/t3.db"
refuse "instances" 3 "their instances file differs" "$T/s2-0.db" "$T/t3.db"
# an instance in a shard its id does not hash to (here: in two shards at once)
cp "$T/s2-0.db" "$T/x0.db"
id=$(q "$T/s2-1.db" "select id from instances limit 1")
q "$T/x0.db" "attach '$T/s2-1.db' as o; insert into instances select * from o.instances where id='$id'"
refuse "two shards" 3 "'$T/x0.db' is shard 0/2 but holds instance '$id' of shard 1/2" "$T/x0.db" "$T/s2-1.db"
expect_exit 2 ctx merge "$T/s1-0.db" "$T/s1-0.db"
assert_contains "$T/err" "is the shard"
expect_exit 2 ctx merge "$T/o.db"
assert_contains "$T/err" "give OUT.db and the shards"
expect_exit 2 ctx merge - "$T/s1-0.db"
expect_exit 2 ctx merge "$T/o.db" "$T/s1-0.db" --bogus
expect_exit 0 ctx merge --help
assert_contains "$T/out" "usage: ctxbench merge OUT.db SHARD.db..."
# a shard that a run is still writing (run holds an exclusive flock on it)
if command -v flock >/dev/null; then
	flock -x "$T/s2-0.db" sleep 3 &
	lp=$!
	sleep 0.3
	refuse "locked" 1 "a ctxbench run is still writing '$T/s2-0.db'" "$T/s2-0.db" "$T/s2-1.db"
	kill $lp 2>/dev/null || :
	wait $lp 2>/dev/null || :
else
	echo "NOTE: no flock(1): the locked-shard case is not checked" >&2
fi
ok "merge refuses what is not one run's shards"

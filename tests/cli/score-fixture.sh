# Writes the SQL of a scored-run fixture (docs/run-db.md schema) for t3xxx tests.
# usage: sh score-fixture.sh BEHAVIOUR [drop] | sqlite3 OUT.db
# BEHAVIOUR: perfect | quarters (reads only the first and last quarter) | noanswer.
# 24 query instances (3 lengths x 4 placements x 2 queries), 10 kv probes
# (5 depths x 2 samples) and 4 whose reply did not arrive whole (length,
# overflow, error, none). "drop" leaves out the last two probes.
set -eu
b=$1
drop=${2:-}
cat <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE instances(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, db TEXT,
  query_id TEXT, question TEXT, sql TEXT, types TEXT, difficulty TEXT,
  params TEXT, stats TEXT, gold TEXT, probe TEXT);
CREATE TABLE replies(id TEXT PRIMARY KEY REFERENCES instances(id),
  status TEXT NOT NULL, reply TEXT, finish_reason TEXT, prompt_tokens INTEGER,
  completion_tokens INTEGER, reasoning_tokens INTEGER, latency_ms REAL,
  ttft_ms REAL, output_tps REAL, attempts INTEGER NOT NULL, model_id TEXT,
  cost REAL, error TEXT, cached INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
BEGIN;
SQL
echo "INSERT INTO meta VALUES('format','ctxbench-run/1'),('provider','fake'),('model','fake/$b');"
seq=0
inst() { # id db query types difficulty params gold probe sql
	seq=$((seq + 1))
	echo "INSERT INTO instances VALUES('$1',$seq,'$2','$3','Question $3?','$9','$4','$5','$6','{}','$7',$8);"
}
reply() { # id status reply
	if [ "$2" = none ]; then return; fi
	echo "INSERT INTO replies(id,status,reply,attempts,created) VALUES('$1','$2',$3,1,'2026-01-01T00:00:00Z');"
}
right1="'Thinking about prices: 40.1 is wrong. Final answer: [[31.5]]'"
right2="'Final answer: [[\"Ann\", 9], [\"Bob\", 7]]'"
half2="'Final answer: [[\"Ann\", 9]]'"
none="'No answer'"
for L in 1024 2048 4096; do
	for P in begin middle end uniform; do
		for q in q1 q2; do
			id="wine/$q/L$L/A256/$P/s1"
			params="{\"length\":$L,\"info_amount\":256,\"density\":null,\"placement\":\"$P\",\"seed\":1,\"tokenizer\":\"ratio:3.66\"}"
			if [ $q = q1 ]; then
				inst "$id" wine q1 '["Aggregation"]' easy "$params" \
					'{"columns":["avg_price"],"rows":[[31.5]]}' NULL \
					'SELECT avg(price) FROM wine'
				r=$right1
			else
				inst "$id" wine q2 '["Ranking"]' hard "$params" \
					'{"columns":["name","score"],"rows":[["Ann",9],["Bob",7]]}' NULL \
					'SELECT name, score FROM t ORDER BY score DESC LIMIT 2'
				r=$right2
			fi
			case $b/$P/$q in
			noanswer/*) r=$none ;;
			quarters/middle/*) r=$none ;;
			quarters/uniform/q1) r=$none ;;
			quarters/uniform/q2) r=$half2 ;;
			esac
			reply "$id" ok "$r"
		done
	done
done
for d in 0 0.25 0.5 0.75 1; do
	for s in 1 2; do
		if [ -n "$drop" ] && [ "$d" = 1 ]; then continue; fi
		id="probe/kv/L4096/depth=$d/s$s"
		v="0000000$s-aaaa-4bbb-8ccc-00000000$(echo $d | tr -d .)0$s"
		inst "$id" probe kv '[]' '' "{\"length\":4096,\"placement\":\"depth=$d\",\"seed\":$s}" \
			"{\"columns\":[\"value\"],\"rows\":[[\"$v\"]]}" \
			"'{\"task\":\"kv\",\"depth\":$d,\"evidence_start\":100,\"key\":\"k$s\"}'" ''
		r="'Final answer: [\"$v\"]'"
		case $b/$d in
		noanswer/*) r=$none ;;
		quarters/0.5) r="'Final answer: [\"ffffffff-0000-4000-8000-000000000000\"]'" ;;
		esac
		reply "$id" ok "$r"
	done
done
for st in length overflow error none; do
	id="wine/q1/L8192/A256/begin/$st"
	inst "$id" wine q1 '["Aggregation"]' easy \
		'{"length":8192,"info_amount":256,"density":null,"placement":"begin","seed":1,"tokenizer":"ratio:3.66"}' \
		'{"columns":["avg_price"],"rows":[[31.5]]}' NULL 'SELECT avg(price) FROM wine'
	if [ $st = length ]; then reply "$id" length "'Final answer: [[31.5]]'"; else reply "$id" $st NULL; fi
done
echo "COMMIT;"

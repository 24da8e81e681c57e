#!/bin/sh
# Scoring and report speed on a synthetic run.db: replies scored per second
# (target 20,000/s on one core) and report time for N instances (default 100,000).
# usage: bench/score.sh [BUILDDIR] [N]
set -eu
B=${1:-build}
N=${2:-100000}
CTX=$B/ctxbench
[ -x "$CTX" ] || { echo "no $CTX: build first (meson setup $B && ninja -C $B)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "the sqlite3 shell is needed" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
# timed WHAT N CMD...: wall and CPU (user + system, when /usr/bin/time exists) per item
timed() {
	what=$1 n=$2
	shift 2
	a=$(now)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%U %S" -o "$T/time" "$@" >/dev/null
	else
		"$@" >/dev/null
		echo "0 0" >"$T/time"
	fi
	b=$(now)
	read -r u s <"$T/time"
	awk -v w="$what" -v n="$n" -v a="$a" -v b="$b" -v c="$u + $s" 'BEGIN {
		split(c, p, " + "); cpu = p[1] + p[2]
		printf "%-28s wall %6.2f s %8.0f/s", w, b - a, n / (b - a)
		if (cpu > 0) printf "   cpu %6.2f s %8.0f/s", cpu, n / cpu
		printf "\n" }'
}

# Four reply shapes in turn: exact JSON after reasoning, a partial answer,
# a markdown table, and prose; a three-row gold with typed values.
sqlite3 "$T/run.db" <<SQL
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE instances(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, db TEXT,
  query_id TEXT, question TEXT, sql TEXT, types TEXT, difficulty TEXT,
  params TEXT, stats TEXT, gold TEXT, probe TEXT);
CREATE TABLE replies(id TEXT PRIMARY KEY, status TEXT NOT NULL, reply TEXT,
  finish_reason TEXT, prompt_tokens INTEGER, completion_tokens INTEGER,
  reasoning_tokens INTEGER, latency_ms REAL, ttft_ms REAL, output_tps REAL,
  attempts INTEGER NOT NULL, model_id TEXT, cost REAL, error TEXT,
  cached INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
INSERT INTO meta VALUES('model', 'bench');
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $N)
INSERT INTO instances SELECT 'bench/' || i, i, 'wine', 'q' || (i % 20), 'Which?',
  CASE WHEN i % 5 = 0 THEN 'SELECT name, price FROM wine ORDER BY price DESC' ELSE 'SELECT name, price FROM wine' END,
  CASE i % 3 WHEN 0 THEN '["Aggregation"]' WHEN 1 THEN '["Join","Ranking"]' ELSE '["Comparison"]' END,
  'easy',
  json_object('length', 1024 << (i % 5), 'info_amount', 512, 'density', NULL,
    'placement', CASE i % 4 WHEN 0 THEN 'begin' WHEN 1 THEN 'middle' WHEN 2 THEN 'end' ELSE 'uniform' END,
    'seed', 1, 'tokenizer', 'ratio:3.66'),
  '{}', '{"columns":["name","price"],"rows":[["Napa Red",31.5],["Sonoma White",28.25],["Lodi Zinfandel",19]]}', NULL
FROM c;
INSERT INTO replies(id, status, reply, attempts, created)
SELECT id, 'ok', CASE seq % 4
  WHEN 0 THEN 'Looking at the rows, Napa Red costs 31.5 and Sonoma White 28.25; the Lodi Zinfandel is 19. Some other wines cost 12.0 and 45.9 but do not qualify.' || char(10) || 'Final answer: [["Napa Red", 31.5], ["Sonoma White", 28.25], ["Lodi Zinfandel", 19]]'
  WHEN 1 THEN 'Final answer: [["Napa Red", 31.5], ["Sonoma White", 30]]'
  WHEN 2 THEN 'Here they are:' || char(10) || char(10) || '| name | price |' || char(10) || '|---|---|' || char(10) || '| Napa Red | \$31.50 |' || char(10) || '| Lodi Zinfandel | 19 |'
  ELSE 'The wines are Napa Red at 31.5 dollars. Sonoma White costs 28.25. I could not find a third one.' END,
  1, '2026-01-01T00:00:00Z' FROM instances;
SQL

echo "synthetic run: $N instances ($(du -h "$T/run.db" | cut -f1))"
timed "score (replies)" "$N" "$CTX" score "$T/run.db"
for fmt in md csv json html; do
	timed "report $fmt (instances)" "$N" "$CTX" report "$T/run.db" --format $fmt -o "$T/r.$fmt"
done
timed "report md --bootstrap 200" "$N" "$CTX" report "$T/run.db" --bootstrap 200 -o "$T/r2.md"
cp "$T/run.db" "$T/new.db"
timed "compare --by length (pairs)" "$N" "$CTX" compare "$T/run.db" "$T/new.db" --by length

#!/bin/sh
# Sets everything up and runs the main job: generate a benchmark from the bundled
# databases, run it (the offline reference model unless CTXBENCH_MODEL is set),
# score it and write the report to out/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
if [ -f build/build.ninja ]; then
	meson setup --reconfigure build >/dev/null
else
	meson setup build >/dev/null
fi
ninja -C build >/dev/null
model=${CTXBENCH_MODEL:-builtin/reader}
run="out/run-$(echo "$model" | tr '/:' '__').db"   # one run.db per model
mkdir -p out
set -x
./build/ctxbench gen --length 4k,8k,16k --info-amount 1k \
	--placement uniform,begin,middle,end,bimodal -o out/instances.jsonl
./build/ctxbench validate out/instances.jsonl
./build/ctxbench run out/instances.jsonl --model "$model" -o "$run"
./build/ctxbench score "$run"
./build/ctxbench report "$run" --by length,placement -o out/report.md
./build/ctxbench report "$run" --format html -o out/report.html
set +x
cat out/report.md
echo "report: out/report.md and out/report.html"

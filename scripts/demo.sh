#!/bin/sh
# Sets everything up and runs the main job: generate, run (offline reference model), score, report.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
mkdir -p out
./build/ctxbench gen --length 4k,8k --info-amount 1k --placement uniform,begin,middle,end,bimodal -o out/instances.jsonl
echo "generated $(wc -l < out/instances.jsonl) instances in out/instances.jsonl"

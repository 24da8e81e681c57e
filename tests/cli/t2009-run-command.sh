#!/bin/sh
# The command provider: prompt on stdin, reply on stdout, no shell; quotes, newlines and metacharacters pass through.
. ./lib.sh
. ./runlib.sh
cd "$T"
expect_exit 0 ctx run "$INST" --model command/cat --command cat --concurrency 3 -o "$T/cat.db"
assert_contains "$T/err" "6 ok"
# the reply is the prompt, byte for byte: each question (quotes, newline, $(...), `...`, |, >) is in it
assert_eq "$(q "$T/cat.db" "select count(*) from replies r join instances i using(id) where instr(r.reply, i.question) > 0 and r.status='ok'")" "6" "prompts passed intact"
assert_eq "$(q "$T/cat.db" "select count(*) from replies where reply like '%\$(echo pwned)%' and reply like '%\`rm -rf /\`%'")" "1" "metacharacters kept"
[ ! -e pwned ] || fail "a shell ran"
# quoted arguments are split without a shell
expect_exit 0 ctx run "$INST" --model command/sh --command "sh -c 'cat >/dev/null; echo \"Final answer: [[1]]\"'" -o "$T/sh.db"
assert_eq "$(q "$T/sh.db" "select count(*) from replies where reply = 'Final answer: [[1]]' || char(10)")" "6" "quoted command"
# a failing command: status error with its stderr, and a clear exit status
expect_exit 4 ctx run "$INST" --model command/fail --command "sh -c 'cat >/dev/null; echo boom >&2; exit 3'" -o "$T/fail.db"
assert_eq "$(q "$T/fail.db" "select count(*) from replies where status='error' and error = 'the command exited with 3: boom'")" "6" "failing command"
# a command that ignores its input and one that is too slow
expect_exit 0 ctx run "$INST" --model command/true --command "echo hi" -o "$T/noread.db"
assert_eq "$(q "$T/noread.db" "select count(*) from replies where reply = 'hi' || char(10)")" "6" "command that does not read stdin"
expect_exit 4 ctx run "$INST" --model command/slow --command "sleep 5" --timeout 0.2 --max-retries 1 --backoff 0.01 -o "$T/slow.db"
assert_eq "$(q "$T/slow.db" "select count(*) from replies where status='error' and attempts=2 and error like '%timed out%'")" "6" "timeout"
expect_exit 1 ctx run "$INST" --model command/none --command "/nonexistent/prog" -o "$T/none.db"
assert_contains "$T/err" "cannot run '/nonexistent/prog'"
ok "command provider"

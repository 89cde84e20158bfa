#!/usr/bin/env bash
# `newsflow explain`: the article with its findings marked, and the tables of findings.
. "$E2E/lib.sh"

SEED="$REPO/examples/002_5b2572830003bba0.txt"

check "plain text (not a terminal): marks in brackets, the tables after"
expect_exit 0 nf explain -c "$REPO/pipeline.conf" "$SEED"
out=$(cat "$OUT")
assert_contains "$out" "[Vladimir Putin|PERSON]" "entity mark"
assert_contains "$out" "«" "claim mark"
assert_not_contains "$out" $'\x1b[' "escape codes"
for table in "entities (" "claims (" "signals (" "scores (" "excluded (" "errors (0)"; do
    assert_contains "$out" "$table" "table"
done
assert_match "$out" "killed_number .*number=24" "number claim row"

check "--color=always colours; NO_COLOR does not stop an explicit always"
expect_exit 0 nf explain --color=always -c "$REPO/pipeline.conf" "$SEED"
assert_contains "$(cat "$OUT")" $'\x1b[1m\x1b[34mVladimir Putin' "a PERSON in blue"
NO_COLOR=1 expect_exit 0 nf explain --color=auto -c "$REPO/pipeline.conf" "$SEED"
assert_not_contains "$(cat "$OUT")" $'\x1b[' "auto without a terminal"

check "bad input is explained by its errors; usage errors exit 2"
printf 'T\n\nbad \xff byte\n' > bad.txt
expect_exit 1 nf explain -c "$REPO/pipeline.conf" bad.txt
assert_contains "$(cat "$OUT")" "eutf8" "error row"
expect_exit 2 nf explain -c "$REPO/pipeline.conf"
expect_exit 2 nf explain --color=sometimes -c "$REPO/pipeline.conf" "$SEED"

done_testing

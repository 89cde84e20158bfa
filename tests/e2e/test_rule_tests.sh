#!/usr/bin/env bash
# `newsflow test`: rule tests in Lua pass, fail with a clear report, or stop on a broken file.
. "$E2E/lib.sh"

copy_pipeline
mkdir -p tests/rules examples
cp "$REPO/examples/001_2a89244be4c5f614.txt" examples/

cat > tests/rules/good.lua <<'LUA'
return {
  { name = "names and a quote",
    text = "Vladimir Putin spoke in Moscow. Putin said that the war is going well for everyone.",
    entities = { { "Vladimir Putin", "PERSON" }, { name = "Moscow", type = "PLACE" } },
    no_entities = { "spoke", { name = "Moscow", type = "ORG" } },
    claims = { { kind = "quote", speaker = "Vladimir Putin", text = "the war", cue = "said", hedged = false } },
    no_claims = { { kind = "number" } },
    scores = { sourcing = { min = 0, max = 1 } } },
  { name = "a seed file", file = "examples/001_2a89244be4c5f614.txt",
    entities = { { "Syria", "PLACE" } } },
}
LUA

check "passing cases: exit 0 and the summary line"
expect_exit 0 nf test
assert_eq "2 passed, 0 failed" "$(tail -n 1 "$OUT")" "summary"

cat > tests/rules/bad.lua <<'LUA'
return {
  { name = "expects too much", text = "Nothing here at all.",
    entities = { { "Vladimir Putin", "PERSON" } },
    claims = { { kind = "number", number = 24 } },
    signals = { "NO_SUCH_SIGNAL" },
    excluded = { "here" } },
  { name = "forbids what is there", text = "In Moscow today.", no_entities = { "Moscow" } },
}
LUA

check "failing cases: exit 1, each failure named with what was found instead"
expect_exit 1 nf test
out=$(cat "$OUT")
assert_contains "$out" "FAIL tests/rules/bad.lua: expects too much" "report"
assert_contains "$out" "missing entity name=Vladimir Putin type=PERSON" "report"
assert_contains "$out" "missing claim" "report"
assert_contains "$out" "missing signal NO_SUCH_SIGNAL" "report"
assert_contains "$out" "\"here\" is not in an excluded span" "report"
assert_contains "$out" "FAIL tests/rules/bad.lua: forbids what is there" "report"
assert_contains "$out" "unexpected entity" "report"
assert_eq "2 passed, 2 failed" "$(tail -n 1 "$OUT")" "summary"

check "a file can be named; a broken test file stops with file:line"
expect_exit 0 nf test tests/rules/good.lua
printf 'return {\n  { name = "x", text = "y" },,\n}\n' > broken.lua
expect_exit 2 nf test broken.lua
assert_contains "$(cat "$ERR")" "broken.lua:2:" "message"

done_testing

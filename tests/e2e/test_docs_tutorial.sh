#!/usr/bin/env bash
# The tutorial of docs/plugins.md section 6, step by step, on a copy of the default rules.
. "$E2E/lib.sh"

copy_pipeline
mkdir -p docs/examples/tutorial tests/rules
cp "$REPO/docs/examples/tutorial/harbour.txt" docs/examples/tutorial/
ARTICLE=docs/examples/tutorial/harbour.txt

check "before: Tito is no entity, the verdict no claim, the press release no signal"
expect_exit 0 nf explain --color=never "$ARTICLE"
before=$(cat "$OUT")
assert_contains "$before" "[Ines Okafor-Lind|PERSON]" "the director is found"
assert_not_contains "$before" "[Tito|PERSON]" "Tito"
assert_not_contains "$before" "cue=branded" "claims table"
assert_not_contains "$before" "PRESS_RELEASE" "signals"

# The three edits, as the tutorial gives them.
python3 - <<'PY'
def insert_after(path, anchor, text):
    s = open(path).read()
    assert anchor in s, (path, anchor)
    i = s.index(anchor) + len(anchor)
    open(path, "w").write(s[:i] + text + s[i:])

def insert_before(path, anchor, text):
    s = open(path).read()
    assert anchor in s, (path, anchor)
    i = s.index(anchor)
    open(path, "w").write(s[:i] + text + s[i:])

s = open("plugins/entities.lua").read()
i = s.index("  entities = {")
j = s.index("\n  },", i)
open("plugins/entities.lua", "w").write(s[:j] + """
    -- The fishermen's spokesman, whom everyone calls by his nickname.
    { name = "Tomás Varela", type = "PERSON", aliases = { "Tito", "Tito Varela" } },""" + s[j:])
insert_after("plugins/claims.lua", "  patterns = {", """
    -- "Residents branded the plan a giveaway": a verdict, and who gave it.
    { id = "branded", kind = "quote", needs = { "branded", "brands" },
      before = [[(?<speaker>[A-Z][\\w'-]*(?:\\s+[\\w'-]+){0,3})]],
      pattern = [[(?<cue>branded|brands)\\s+(?<content>[^.;]+)]] },""")
insert_after("plugins/score.lua", "  lexicons = {", """
    -- A press release pasted as news.
    press_release = { "for immediate release", "media contact", "about the company" },""")
insert_after("plugins/score.lua", "  signals = {", """
    { name = "PRESS_RELEASE", weight = -1.0, why = "the text is a press release, not reporting",
      test = function(a, f) return f.press_release > 0 end },""")
s = open("plugins/score.lua").read()
i = s.index("sourcing = {", s.index("  groups = {"))
insert_after("plugins/score.lua", s[i:i + len("sourcing = {")], ' "PRESS_RELEASE",')
PY

check "after: the person, the claim and the signal, as the tutorial says"
expect_exit 0 nf check
expect_exit 0 nf explain --color=never "$ARTICLE"
after=$(cat "$OUT")
assert_contains "$after" "[Tito|PERSON]" "Tito marked"
assert_match "$after" 'PERSON Tomás Varela +"Tito"' "entities table"
assert_match "$after" "branded +speaker=Residents cue=branded" "claims table"
assert_contains "$after" "«the plan a giveaway to shipping firms»" "claim marked"
assert_match "$after" "-1\.00  PRESS_RELEASE +the text is a press release, not reporting" "signals table"

check "the tutorial's rule test passes, and fails when a rule is taken away"
cat > tests/rules/harbour.lua <<'LUA'
return {
  { name = "the harbour story", file = "docs/examples/tutorial/harbour.txt",
    entities = { { name = "Tomás Varela", type = "PERSON", text = "Tito" } },
    claims = { { kind = "quote", speaker = "Tomás Varela", cue = "vowed" },
               { kind = "quote", speaker = "Residents", cue = "branded", text = "a giveaway" } },
    signals = { "PRESS_RELEASE" } },
}
LUA
expect_exit 0 nf test tests/rules/harbour.lua
assert_eq "1 passed, 0 failed" "$(tail -n 1 "$OUT")" "summary"
sed -i 's/"branded", "brands"/"stamped"/' plugins/claims.lua
expect_exit 1 nf test tests/rules/harbour.lua
assert_contains "$(cat "$OUT")" "missing claim" "report"

done_testing

#!/usr/bin/env bash
# The pipeline in docs/examples/watchlist, which docs/plugins.md explains, works as documented.
. "$E2E/lib.sh"

CONF="$REPO/docs/examples/watchlist/pipeline.conf"

check "check compiles every plugin of the example"
expect_exit 0 nf check -c "$CONF"
assert_contains "$(cat "$OUT")" "people       type entities" "check"

check "the example finds what the docs say it finds"
expect_exit 0 nf run -c "$CONF" "$REPO/examples"
cp "$OUT" results.jsonl
expect_exit 0 check_output results.jsonl
names=$(jq_lines results.jsonl '" ".join(sorted({e["name"] for e in r["entities"]}))')
assert_contains "$names" "Jens Stoltenberg" "people from the inline list"
assert_contains "$names" "Russian Ministry of Defence" "an alias from ministries.tsv (curly apostrophe in the text)"
confirmed=$(jq_lines results.jsonl '[c["speaker"] for c in r["claims"] if c["rule"] == "confirmed"]')
assert_contains "$confirmed" "Maria Zakharova" "the confirmed pattern's speaker"
assert_contains "$(jq_lines results.jsonl '[c.get("words") for c in r["claims"]]')" "16" "a field set by on_match"
assert_contains "$(jq_lines results.jsonl 'r["scores"]')" '"confidence": 0.6' "the score"

check "the shouting-headline hook fires on a shouting headline only"
mkdir -p loud
printf 'RUSSIA LAUNCHES STRIKES IN SYRIA\n\nBody text.\n' > loud/loud.txt
printf 'A quiet headline\n\nBody text.\n' > loud/quiet.txt
expect_exit 0 nf run -c "$CONF" loud
assert_eq "SHOUTING_HEADLINE||" "$(jq_lines "$OUT" '"|".join(s["name"] for s in r["signals"])' | tr '\n' '|')" "signals"

done_testing

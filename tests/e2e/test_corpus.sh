# test_corpus.sh — the real corpora (seeds, FNC-1, FakeNewsCorpus) through the default
# pipeline with one and with two workers: same results, one per article, in order,
# every span exact.
source "$E2E/lib.sh"
need_shared

S=$NF_SHARED
inputs=("$S/seeds" "$S/corpus/fnc1/articles" "$S/corpus/fakenewscorpus/articles")
for d in "${inputs[@]}"; do
    [ -d "$d" ] || skip "no $d"
done

# The sources newsflow must give, in order: each folder's article files in byte order of their names.
python3 - "${inputs[@]}" > expected_sources <<'EOF'
import os, sys
for root in sys.argv[1:]:
    for name in sorted(os.listdir(root.encode())):
        if name.startswith(b".") or not name.lower().endswith((b".txt", b".json", b".jsonl")):
            continue
        sys.stdout.buffer.write(root.encode() + b"/" + name + b"\n")
EOF
n_expected=$(wc -l < expected_sources)
echo "   $n_expected article files"

check "run -w 1 and -w 2 over the corpora"
nf run -c "$REPO/pipeline.conf" -w 1 "${inputs[@]}" > w1.jsonl 2> w1.err
rc1=$?
nf run -c "$REPO/pipeline.conf" -w 2 "${inputs[@]}" > w2.jsonl 2> w2.err
rc2=$?
assert_eq "" "$(cat w1.err w2.err)" "stderr"

check "one result per article, in input (sorted) order"
assert_eq 2842 "$n_expected" "article files in seeds + fnc1 + fakenewscorpus (5 + 2,587 + 250)"
assert_eq "$n_expected" "$(wc -l < w1.jsonl)" "results with -w 1"
assert_eq "$n_expected" "$(wc -l < w2.jsonl)" "results with -w 2"
jq_lines w2.jsonl 'r["source"]' > got_sources
if cmp -s expected_sources got_sources; then
    pass "sources are the input files in sorted order"
else
    fail "sources differ from the sorted input files: $(diff expected_sources got_sources | head -5)"
fi

check "-w 1 and -w 2 give the same results (timings_us aside)"
expect_exit 0 check_output --compare w1.jsonl w2.jsonl
cat "$OUT"

check "every result keeps the contract and every span cuts its text"
expect_exit 0 check_output --count "$n_expected" w2.jsonl
cat "$OUT"

check "exit status: 0 when no article has errors, 1 otherwise"
with_errors=$(jq_lines w2.jsonl 'len(r["errors"]) > 0' | grep -c true)
echo "   $with_errors article(s) with errors"
expected_rc=$([ "$with_errors" -eq 0 ] && echo 0 || echo 1)
assert_eq "$expected_rc" "$rc1" "exit status with -w 1"
assert_eq "$expected_rc" "$rc2" "exit status with -w 2"
assert_eq 0 "$with_errors" "articles with errors in the corpora"

check "the starter plugins find the seed articles' main names"
grep -F "\"source\":\"$S/seeds/" w2.jsonl > seeds.jsonl
assert_eq 5 "$(wc -l < seeds.jsonl)" "seed results"
names=$(jq_lines seeds.jsonl '"\n".join(e["name"] for e in r["entities"])' | sort -u)
for name in "Vladimir Putin" "Syria" "Russia" "Islamic State"; do
    assert_contains "$names" "$name" "entity names of the seeds"
done
types=$(jq_lines seeds.jsonl '"\n".join("%s=%s" % (e["name"], e["type"]) for e in r["entities"])' | sort -u)
assert_contains "$types" "Vladimir Putin=PERSON" "entity types"
assert_contains "$types" "Syria=PLACE" "entity types"
assert_contains "$types" "Islamic State=ORG" "entity types"
claims=$(jq_lines seeds.jsonl 'len(r["claims"])' | paste -sd+ | bc)
[ "$claims" -gt 0 ] && pass "$claims claims in the seeds" || fail "no claims found in the seed articles"

done_testing

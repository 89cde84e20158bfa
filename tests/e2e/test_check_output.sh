# test_check_output.sh — the validator itself: it accepts newsflow's real output and
# rejects each kind of contract violation, naming the article and the span; with --watch it
# accepts the outbox of `newsflow watch` (rules and input keys, status.json, inputs moved from
# the inbox to done/ or quarantine/) and rejects a result that does not belong to its input
# or a second result for one input.
source "$E2E/watch_lib.sh"

mkdir in
cp "$REPO"/examples/*.txt in/
cp "$REPO"/examples/feed.jsonl in/
printf '{"id": "j1", "title": "Putin’s “plan”", "text": "Vladimir Putin met Bashar al-Assad in Moscow. Syria — and Russia — agreed."}' > in/one.json
printf '\xef\xbb\xbfBOM title\r\n\r\nPutin said “no” to Café Syria.\r\n' > in/bom.txt
printf '\xef\xbb\xbf{"title": "BOM json", "text": "Syria and Russia."}' > in/bomj.json

check "newsflow's own output passes"
expect_exit 0 nf run -c "$REPO/pipeline.conf" --with-text in
cp "$OUT" good.jsonl
expect_exit 0 check_output --count 10 good.jsonl
assert_contains "$(cat "$OUT")" "10 results ok"
expect_exit 1 check_output --count 11 good.jsonl
assert_contains "$(cat "$ERR")" "10 results, expected 11"

# mutate EXPR: applies a Python statement to the result with id 'j1' (r), writes bad.jsonl.
mutate() {
    python3 - "$1" <<'EOF'
import json, sys
stmt = sys.argv[1]
with open("good.jsonl") as f, open("bad.jsonl", "w") as out:
    for line in f:
        r = json.loads(line)
        if r["id"] == "j1":
            exec(stmt, {"r": r})
            line = json.dumps(r, ensure_ascii=False) + "\n"
        out.write(line)
EOF
}

# rejects WHAT STATEMENT NEEDLE: the mutated output fails and the message names j1 and NEEDLE.
rejects() {
    mutate "$2"
    expect_exit 1 check_output bad.jsonl
    assert_contains "$(cat "$ERR")" "j1'" "message for $1"
    assert_contains "$(cat "$ERR")" "$3" "message for $1"
}

check "each kind of violation is caught"
rejects "entity shifted by one byte" 'e = r["entities"][0]; e["start"] += 1; e["end"] += 1' "entities[0]"
rejects "entity text changed" 'r["entities"][0]["text"] = "Putin!"' "not its text"
rejects "entity past the end" 'r["entities"][-1]["end"] = 10**6' "not a span within"
rejects "entity cutting a UTF-8 character" \
    'e = r["entities"][0]; e["start"], e["end"] = 6, 7; e["text"] = "’"' "cuts a UTF-8 character"
rejects "entity type outside the set" 'r["entities"][0]["type"] = "WEAPON"' "'WEAPON' is not one of"
rejects "entity without rule" 'del r["entities"][0]["rule"]' "has keys"
rejects "claim span" 'c = r["claims"] or [None]; r["claims"] = [dict(kind="quote", text="Putin met", start=0, end=9, speaker=None, cue=None, hedged=False, attributed=False, number=None, rule="x")]' "claims[0]"
rejects "claim hedged not boolean" 'r["claims"] = [dict(kind="quote", text="Putin", start=25, end=30, speaker=None, cue=None, hedged="no", attributed=False, number=None, rule="x")]' "hedged"
rejects "overlapping sentences" 'r["sentences"].insert(1, [r["sentences"][0][0], r["sentences"][0][1] + 3])' "overlaps"
rejects "sentences out of order" 'r["sentences"].reverse()' "sentences["
rejects "empty sentence" 'r["sentences"].append([r["sentences"][-1][1], r["sentences"][-1][1]])' "is not a span"
rejects "sentence not a pair" 'r["sentences"][0] = [0]' "is not [start, end]"
rejects "excluded span without rule" 'r["excluded"] = [dict(start=0, end=5)]' "is not {start, end, rule}"
rejects "entity kept inside an excluded span" 'e = r["entities"][0]; r["excluded"] = [dict(start=e["start"], end=e["end"], rule="x")]' "overlaps an excluded span"
rejects "missing key" 'del r["claims"]' "missing key 'claims'"
rejects "unknown key" 'r["extra"] = 1' "unknown keys"
rejects "keys out of order" 'r["title"] = r.pop("title")' "order"
rejects "meta not an object" 'r["meta"] = []' "meta"
rejects "timing not an integer" 'r["timings_us"]["entities"] = 1.5' "timings_us.entities"
rejects "score not a number" 'r["scores"]["sourcing"] = "high"' "scores.sourcing"
rejects "signal without why" 'r["signals"] = [{"name": "X", "weight": 1}]' "signals[0]"
rejects "error without code" 'r["errors"] = [{"stage": "x", "file": None, "line": None, "message": "m"}]' "errors[0]"
rejects "error code not a name" 'r["errors"] = [{"stage": "x", "code": "E42", "file": None, "line": None, "message": "m"}]' "'E42'"
rejects "unsafe id" 'r["id"] = "../j1"' "not a safe file name"
rejects "title not the document's" 'r["title"] = "Other"' "title"
rejects "text not the document" 'r["text"] = r["text"] + " "' "text"
mutate 'pass'
expect_exit 0 check_output bad.jsonl

check "JSON Lines sources are the object on that line"
python3 - <<'EOF'
import json
rows = [json.loads(l) for l in open("good.jsonl")]
for r in rows:
    if r["id"] == "wire-0001":
        r["source"] = r["source"].replace(":1", ":2")     # the other line's document
with open("bad.jsonl", "w") as f:
    f.writelines(json.dumps(r) + "\n" for r in rows)
EOF
expect_exit 1 check_output bad.jsonl
assert_contains "$(cat "$ERR")" "id 'wire-0001'"

check "not JSON at all"
{ head -n 2 good.jsonl; echo '{"id": "broken",'; } > bad.jsonl
expect_exit 1 check_output bad.jsonl
assert_contains "$(cat "$ERR")" "bad.jsonl:3"
assert_contains "$(cat "$ERR")" "not valid JSON"

check "at most 10 violations are reported"
python3 -c '
import json
rows = [json.loads(l) for l in open("good.jsonl")]
with open("bad.jsonl", "w") as f:
    for r in rows:
        for e in r["entities"]:
            e["start"] += 1
        f.write(json.dumps(r) + "\n")
'
expect_exit 1 check_output bad.jsonl
assert_eq 11 "$(wc -l < "$ERR")" "lines of the report (a header and 10 violations)"

check "a folder of results (one object per file, pretty or not)"
mkdir results
expect_exit 0 nf run -c "$REPO/pipeline.conf" --pretty -o results in
expect_exit 0 check_output --count 10 results
echo '{"id": 1}' > results/zz.json
expect_exit 1 check_output results
assert_contains "$(cat "$ERR")" "zz.json"

check "--compare ignores timings_us only"
expect_exit 0 nf run -c "$REPO/pipeline.conf" --with-text in
cp "$OUT" again.jsonl
expect_exit 0 check_output --compare good.jsonl again.jsonl
python3 -c '
import json
rows = [json.loads(l) for l in open("good.jsonl")]
for r in rows: r["timings_us"] = {"x": 123456}
open("timings.jsonl", "w").writelines(json.dumps(r) + "\n" for r in rows)
open("swapped.jsonl", "w").writelines(json.dumps(r) + "\n" for r in [rows[1], rows[0]] + rows[2:])
open("fewer.jsonl", "w").writelines(json.dumps(r) + "\n" for r in rows[:-1])
rows[3]["entities"][0]["name"] = "Somebody"
open("changed.jsonl", "w").writelines(json.dumps(r) + "\n" for r in rows)
'
expect_exit 0 check_output --compare good.jsonl timings.jsonl
expect_exit 1 check_output --compare good.jsonl swapped.jsonl
expect_exit 1 check_output --compare good.jsonl fewer.jsonl
assert_contains "$(cat "$ERR")" "10 results"
expect_exit 1 check_output --compare good.jsonl changed.jsonl
assert_contains "$(cat "$ERR")" "['entities']"

check ".txt sources are the file's bytes"
printf 'Y' | dd of=in/bom.txt bs=1 seek=19 conv=notrunc status=none    # "Putin" becomes "PutYn"
expect_exit 1 check_output good.jsonl
assert_contains "$(cat "$ERR")" "id 'bom'"
assert_contains "$(cat "$ERR")" "'PutYn'"

check "--watch: a real outbox of newsflow watch passes"
mkdir w
cd w || exit 1
watch_setup
cp "$REPO"/examples/*.txt "$REPO"/examples/feed.jsonl inbox/
printf '{"id": "j1", "title": "Putin’s “plan”", "text": "Vladimir Putin met Bashar al-Assad in Moscow."}' > inbox/one.json
printf '%s\n' '{"id": "m1", "title": "Good line", "text": "Syria and Russia."}' '{"broken' > inbox/mixed.jsonl
start_watch "$NEWSFLOW" --settle 100ms
w_settled() { [ "$(n_files inbox)" -eq 0 ]; }
wait_until 10 "the inbox empties" w_settled
stop_watch TERM 10
cd ..
W="--base w --watch --moved-from inbox --moved-to done --moved-to quarantine"
expect_exit 0 check_output $W --count 9 w/outbox
assert_contains "$(cat "$OUT")" "9 results ok"
(cd w && python3 "$E2E/check_output.py" --watch --moved-from inbox --moved-to done --moved-to quarantine outbox > /dev/null) ||
    fail "check_output in the daemon's folder, without --base, fails"
expect_exit 1 check_output $W --count 10 w/outbox

check "--watch: inputs are looked for where they were moved"
expect_exit 1 check_output --base w --watch w/outbox
assert_contains "$(cat "$ERR")" "cannot find the document of source 'inbox/"
expect_exit 1 check_output --base w --watch --moved-from inbox --moved-to done w/outbox
assert_contains "$(cat "$ERR")" "'inbox/mixed.jsonl:1'" "m1's source, in quarantine/, not found in done/ alone"
expect_exit 1 check_output --base w --watch --moved-from inbox --moved-to w/done w/outbox
assert_contains "$(cat "$ERR")" "w/w/done" "--moved-to is relative to --base"
expect_exit 2 check_output --base w --watch --moved-from inbox w/outbox
expect_exit 1 check_output --base w w/outbox
assert_contains "$(cat "$ERR")" "status.json" "without --watch, status.json is not a result"

# wmutate FILE STATEMENT: copies the outbox to bad/ and applies a Python statement to r, the
# result in FILE (a name in the outbox).
wmutate() {
    rm -rf bad
    cp -r w/outbox bad
    python3 - "$1" "$2" <<'EOF'
import json, sys
path = "bad/" + sys.argv[1]
r = json.load(open(path))
exec(sys.argv[2], {"r": r, "json": json})
open(path, "w").write(json.dumps(r, ensure_ascii=False) + "\n")
EOF
}

# wrejects WHAT FILE STATEMENT NEEDLE
wrejects() {
    wmutate "$2" "$3"
    expect_exit 1 check_output $W bad
    assert_contains "$(cat "$ERR")" "$2" "message for $1"
    assert_contains "$(cat "$ERR")" "$4" "message for $1"
}

check "--watch: each kind of violation of rules and input is caught"
wrejects "rules missing" j1.json 'del r["rules"]' "missing key 'rules'"
wrejects "input missing" j1.json 'del r["input"]' "missing key 'input'"
wrejects "input before rules" j1.json 'r["rules"] = r.pop("rules")' "order"
wrejects "generation 0" j1.json 'r["rules"]["generation"] = 0' "rules.generation 0"
wrejects "generation a string" j1.json 'r["rules"]["generation"] = "1"' "rules.generation '1'"
wrejects "loaded_at not a time" j1.json 'r["rules"]["loaded_at"] = "yesterday"' "rules.loaded_at"
wrejects "rules with another key" j1.json 'r["rules"]["extra"] = 1' "is not {generation, loaded_at}"
wrejects "identity not hex" j1.json 'r["input"]["identity"] = "xyz"' "16 hex digits"
wrejects "identity of another input" j1.json \
    'r["input"]["identity"] = json.load(open("bad/wire-0001.json"))["input"]["identity"]' "does not belong"
wrejects "input name not the source's" j1.json 'r["input"]["name"] = "two.json"' "not the source's file name"
wrejects "input name of a JSON Lines line" wire-0002.json 'r["input"]["name"] = "feed.jsonl:1"' "not the source's file name"
wrejects "input with another key" j1.json 'r["input"]["extra"] = 1' "is not {name, identity}"
wmutate j1.json 'pass'
expect_exit 0 check_output $W bad
wmutate j1.json 'del r["rules"]; del r["input"]'
expect_exit 0 check_output --base w --moved-from inbox --moved-to done bad/j1.json
assert_contains "$(cat "$OUT")" "1 results ok" "without --watch, rules and input are optional"

check "--watch: two results for one input"
rm -rf bad
cp -r w/outbox bad
cp bad/j1.json bad/j1-2.json
expect_exit 1 check_output $W bad
assert_contains "$(cat "$ERR")" "two results for one input"
assert_contains "$(cat "$ERR")" "j1-2.json"

check "--watch: an input changed after its result was written"
cp w/done/one.json one.json.orig
printf '{"id": "j1", "title": "Putin’s “plan”", "text": "Vladimir Putin met Bashar al-Assad in Moscow!"}' > w/done/one.json
expect_exit 1 check_output $W w/outbox
assert_contains "$(cat "$ERR")" "j1.json"
assert_contains "$(cat "$ERR")" "does not belong"
cp one.json.orig w/done/one.json
expect_exit 0 check_output $W w/outbox

done_testing

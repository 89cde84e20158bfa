# test_bad_inputs.sh — inputs that are not articles: newsflow exits 1, never crashes
# (this runs the ASan + UBSan build), prints one result per input in input order, and
# each bad one says what was wrong in `errors`; ids stay safe file names.
source "$E2E/lib.sh"

copy_pipeline
sed 's/^workers = auto$/workers = auto\nmax_article_bytes = 1M/' pipeline.conf > bad.conf
grep -q '^max_article_bytes = 1M' bad.conf || fail "could not set max_article_bytes in bad.conf"

# The fixtures, and expected.tsv: source, the error codes one of which it must have
# ("-" for a clean article), and a word its message must contain.
mkdir bad
python3 - <<'EOF'
import json, os, random
random.seed(1)
rows = []

def put(name, data, codes, word=""):
    with open(os.path.join("bad", name), "wb") as f:
        f.write(data)
    rows.append((f"bad/{name}", codes, word))

good = b"Putin in Syria\n\nVladimir Putin said Russia would strike Islamic State in Syria.\n"
put("00_good.txt", good, "-")
put("01_utf8.txt", b"Bad bytes\n\nMoscow \xff\xfe said \xc0\xaf and \x80 then \xf0\x9f\x98", "eutf8", "UTF-8")
put("02_utf16.txt", "Title\n\nPutin in Syria.\n".encode("utf-16-le"), "ebinary", "NUL")
put("03_random.txt", bytes(random.randrange(256) for _ in range(4096)), "eutf8,ebinary")
put("04_empty.txt", b"", "eformat", "empty")
put("05_malformed.json", b'{"title": "x", "text": "unterminated', "eformat", "malformed")
put("06_notext.json", b'{"title": "x", "body": "y"}', "eformat", '"text"')
put("07_textnum.json", b'{"title": "x", "text": 42}', "eformat", '"text"')
put("08_titlenum.json", b'{"title": 7, "text": "Putin."}', "eformat", '"title"')
put("09_twice.json", b'{"title": "x", "text": "a", "text": "b"}', "eformat", "twice")
put("10_array.json", b'[{"title": "x", "text": "Putin."}]', "eformat", "array")
put("11_nul.json", b'{"title": "x", "text": "Putin\\u0000Syria"}', "ebinary", "NUL")
put("12_deep.json", b"[" * 100000, "eformat", "nested")
put("13_deep_object.json", b'{"a":' * 100000, "eformat", "nested")
put("14_trailing.json", b'{"title": "x", "text": "Syria."} {"more": 1}', "eformat", "after")
put("15_badutf8.json", b'{"title": "x", "text": "Syria \xff\xfe."}', "eutf8", "UTF-8")
put("16_toobig.json", b'{"title": "x", "text": "' + b"Syria. " * 160000 + b'"}', "etoobig", "limit")
# 3 GB that take no disk: must be rejected by its size, never read (made below with truncate).
rows.append(("bad/17_huge.txt", "etoobig", "limit"))
put("18_id_dotdot.json", json.dumps({"id": "../../etc/passwd", "title": "x", "text": "Putin."}).encode(), "-")
put("19_id_slash.json", json.dumps({"id": "/tmp/abs/x\\y", "title": "x", "text": "Syria."}).encode(), "-")
put("20_name with spaces & $x.txt", good, "-")

# JSON Lines: good lines are processed, every bad line gets its own result.
lines = [
    (json.dumps({"id": "line-good-1", "title": "Good", "text": "Putin went to Syria."}).encode(), "-", ""),
    (b'{"title": "broken", ', "eformat", "malformed"),
    (json.dumps({"title": "no text"}).encode(), "eformat", '"text"'),
    (b"", None, None),                                   # blank: skipped, no result
    (b"   \t", None, None),
    (b"[1, 2]", "eformat", "array"),
    (b'"just a string"', "eformat", "string"),
    (b'{"title": "nul", "text": "a\\u0000b"}', "ebinary", "NUL"),
    (b'{"title": "utf8", "text": "Syria \xc3\x28 here"}', "eutf8", "UTF-8"),
    (b"[" * 100000, "eformat", "nested"),
    (json.dumps({"id": "..", "title": "dots", "text": "Moscow."}).encode(), "-", ""),
    (json.dumps({"id": ".hidden/../x\n", "title": "dots", "text": "Moscow."}).encode(), "-", ""),
    (json.dumps({"title": "over the limit", "text": "Syria. " * 160000}).encode(), "etoobig", "limit"),
    (json.dumps({"id": 12345, "title": "Good", "text": "Russia and Syria.\r"}).encode() + b"\r", "-", ""),
]
with open("bad/21_lines.jsonl", "wb") as f:
    n = 0
    for data, codes, word in lines:
        n += 1
        f.write(data + b"\n")
        if codes is not None:
            rows.append((f"bad/21_lines.jsonl:{n}", codes, word))
put("22_last_good.json", json.dumps({"title": "Putin", "text": "Putin in Moscow."}).encode(), "-")
with open("expected.tsv", "w") as f:
    for row in rows:
        f.write("\t".join(row) + "\n")
EOF
truncate -s 3G bad/17_huge.txt
printf 'hidden\n\nPutin.\n' > bad/.hidden.txt          # dot-files are not inputs
printf 'not an article' > bad/notes.md                # nor are other extensions
n_expected=$(wc -l < expected.tsv)

check "the whole folder: exit 1, one result per input, in order"
start=$(date +%s)
expect_exit 1 nf run -c bad.conf bad
secs=$(($(date +%s) - start))
cp "$OUT" results.jsonl
cp "$ERR" results.err
assert_eq "$n_expected" "$(wc -l < results.jsonl)" "results"
assert_eq "$(cut -f1 expected.tsv)" "$(jq_lines results.jsonl 'r["source"]')" "sources in input order"
[ "$secs" -le 60 ] && pass "the run took ${secs}s" || fail "the run took ${secs}s: was the 3 GB file read?"

check "every result keeps the contract (valid JSON, safe ids, exact spans)"
expect_exit 0 check_output --count "$n_expected" results.jsonl

check "each bad input has an error that says what was wrong; good ones have none"
python3 - <<'EOF' > verdicts.txt
import json
expected = [l.rstrip("\n").split("\t") for l in open("expected.tsv")]
results = [json.loads(l) for l in open("results.jsonl")]
for (source, codes, word), r in zip(expected, results):
    errors = r["errors"]
    got = ",".join(e["code"] for e in errors) or "-"
    if codes == "-":
        ok = not errors and r["entities"]
        why = "clean, with entities" if ok else f"errors {errors} / entities {len(r['entities'])}"
    else:
        match = [e for e in errors if e["code"] in codes.split(",")]
        ok = bool(match) and all(word.lower() in e["message"].lower() for e in match)
        why = f"expected {codes} with '{word}', got {[(e['code'], e['message']) for e in errors]}"
    print(("OK " if ok else "BAD ") + source + ": " + (got if ok else why))
EOF
while IFS= read -r verdict; do
    case $verdict in
    "OK "*) pass "${verdict#OK }" ;;
    *"21_lines.jsonl:13"*)
        fail "${verdict#BAD }"
        ;;
    *) fail "${verdict#BAD }" ;;
    esac
done < verdicts.txt

check "ids are safe file names"
ids=$(jq_lines results.jsonl 'r["id"]')
assert_not_contains "$ids" "/" "ids"
assert_not_contains "$ids" ".." "ids"
jq_lines results.jsonl 'r["id"]' | grep -q '^\.' && fail "an id starts with '.'"
assert_eq "$n_expected" "$(printf '%s\n' "$ids" | wc -l)" "ids (one per result)"

check "-o DIR keeps every result inside DIR under a safe name"
touch marker
sleep 1
expect_exit 1 nf run -c bad.conf -o out bad
assert_eq "$n_expected" "$(ls -A out | wc -l)" "files in out/"
expect_exit 0 check_output --count "$n_expected" out
stray=$(find "$PWD" "$(dirname "$PWD")" /etc /tmp -maxdepth 4 -newer marker -name '*.json' \
        -not -path "$PWD/out/*" -not -path "$PWD/bad/*" 2>/dev/null | head -5)
assert_eq "" "$stray" "result files written outside out/"
ls -A out | grep -q '^\.' && fail "a hidden file was left in out/: $(ls -A out | grep '^\.')"

check "the 3 GB file is rejected by its size, quickly and without reading it"
python3 - "$NEWSFLOW_RELEASE" bad.conf bad/17_huge.txt <<'EOF' > huge.txt || fail "huge: $(cat huge.txt)"
import json, resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run([sys.argv[1], "run", "-c", sys.argv[2], sys.argv[3]], capture_output=True)
secs = time.monotonic() - t
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
r = json.loads(p.stdout)
print(f"exit {p.returncode}, {secs:.2f}s, peak RSS {rss_mb:.0f} MB, errors {r['errors']}")
assert p.returncode == 1 and r["errors"][0]["code"] == "etoobig", "wrong result"
assert secs < 10 and rss_mb < 200, "the file was read"
EOF
pass "$(cat huge.txt)"

check "a FIFO named on the command line is refused, not waited on"
mkfifo fifo.txt
expect_exit 1 timeout 30 "$NEWSFLOW" run -c bad.conf fifo.txt
assert_contains "$(cat "$OUT")" '"code":"einval"'

check "paths that do not exist are results with an error"
expect_exit 1 nf run -c bad.conf bad/00_good.txt no-such-file.txt no-such-folder/
cp "$OUT" missing.jsonl
assert_eq "bad/00_good.txt - ok
no-such-file.txt enoent No such file
no-such-folder/ enoent No such file" \
    "$(jq_lines missing.jsonl 'r["source"] + " " + (" ".join(e["code"] + " " + ("No such file" if "No such file" in e["message"] else e["message"]) for e in r["errors"]) or "- ok")')" \
    "sources, codes and messages"

check "a file name and meta fields that are not UTF-8 still give valid JSON"
mkdir latin1
printf 'Putin in Paris\n\nVladimir Putin visited a cafe.\n' > "$(printf 'latin1/caf\xe9.txt')"
printf '{"title": "t", "text": "Putin in Syria.", "site": "caf\xe9"}\n{"title": "t", "text": "Putin.", "caf\xe9": 1}\n' > latin1/meta.jsonl
nf run -c bad.conf latin1 > latin1.jsonl    # exit 0 or 1: either is fair for such input
assert_eq 3 "$(wc -l < latin1.jsonl)" "results"
expect_exit 0 check_output latin1.jsonl

check "the same bad lines on standard input"
expect_exit 1 nf run -c bad.conf < bad/21_lines.jsonl
cp "$OUT" stdin.jsonl
assert_eq "$(grep -c '21_lines.jsonl:' expected.tsv)" "$(wc -l < stdin.jsonl)" "results from standard input"
expect_exit 0 check_output --stdin bad/21_lines.jsonl stdin.jsonl
assert_eq "$(jq_lines results.jsonl '",".join(e["code"] for e in r["errors"]) if ".jsonl:" in r["source"] else None' | grep -v '^null$')" \
    "$(jq_lines stdin.jsonl '",".join(e["code"] for e in r["errors"])')" "error codes of the lines, from a file and from stdin"

done_testing

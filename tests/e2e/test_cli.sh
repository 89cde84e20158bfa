# test_cli.sh — the command line: exit codes, check, config and plugin errors with
# FILE:LINE, standard input, -o DIR, --pretty, --with-text, order with several workers.
source "$E2E/lib.sh"

copy_pipeline
mkdir ex
cp "$REPO"/examples/*.txt "$REPO"/examples/feed.jsonl ex/
n_ex=7

check "exit 0: every article processed cleanly"
expect_exit 0 nf run ex
cp "$OUT" ex.jsonl
assert_eq "$n_ex" "$(wc -l < ex.jsonl)" "results"
expect_exit 0 check_output --count "$n_ex" ex.jsonl
expect_exit 0 nf run ex -w 1          # options may follow the paths
expect_exit 0 nf -w 2 run ex          # or come before the command

check "exit 1: an article has errors (and it is still in the output)"
mkdir mixed
cp ex/000_*.txt mixed/
: > mixed/empty.txt
expect_exit 1 nf run mixed
assert_eq 2 "$(wc -l < "$OUT")" "results"
assert_contains "$(jq_lines "$OUT" 'r["id"] + " " + ",".join(e["code"] for e in r["errors"])')" "empty eformat"
expect_exit 1 nf run ex/000_9e67022e0d172f8c.txt no-such-file.txt
assert_eq 2 "$(wc -l < "$OUT")" "results (a missing path is a result with an error)"

check "exit 1: results cannot be written"
if [ -w /dev/full ]; then
    nf run ex > /dev/full 2> full.err
    assert_eq 1 "$?" "exit status writing to /dev/full"
    assert_contains "$(cat full.err)" "cannot write results"
else
    echo "   (no /dev/full here)"
fi

check "closed standard streams (as under some daemons and cron): no abort, no lost results"
expect_exit 0 nf run ex <&-
assert_eq "$n_ex" "$(wc -l < "$OUT")" "results with standard input closed"
( exec 2>&-; "$NEWSFLOW" run ex > closed-stderr.jsonl )
assert_eq 0 "$?" "exit status with standard error closed"
assert_eq "$n_ex" "$(wc -l < closed-stderr.jsonl)" "results with standard error closed"
( exec >&-; "$NEWSFLOW" run -o closed-out ex 2> closed-stdout.err )
assert_eq 0 "$?" "exit status of run -o with standard output closed"
assert_eq "$n_ex" "$(ls closed-out 2>/dev/null | wc -l)" "result files of run -o with standard output closed"

check "exit 2: usage errors"
expect_exit 2 nf frobnicate ex
assert_contains "$(cat "$ERR")" "unknown command 'frobnicate'"
expect_exit 2 nf run --frobnicate ex
assert_contains "$(cat "$ERR")" "usage:"
expect_exit 2 nf run -x ex
expect_exit 2 nf run --workers 0 ex
assert_contains "$(cat "$ERR")" "--workers"
expect_exit 2 nf run -w 1025 ex
expect_exit 2 nf run -w two ex
expect_exit 2 nf run -w ex
expect_exit 2 nf
assert_contains "$(cat "$ERR")" "a command is needed"
expect_exit 2 nf check ex
assert_eq "" "$(cat "$OUT")" "stdout of usage errors"
expect_exit 0 nf --help
assert_contains "$(cat "$OUT")" "usage: newsflow"
expect_exit 0 nf --version
assert_match "$(cat "$OUT")" '^newsflow [0-9]+\.[0-9]+'

check "check: the default config is ok"
expect_exit 0 nf check
assert_contains "$(cat "$OUT")" "pipeline.conf: ok"
for stage in normalize sentences entities claims score; do
    assert_contains "$(cat "$OUT")" "$stage"
done
(cd "$REPO" && "$NEWSFLOW" check > /dev/null 2>&1) || fail "check in the repository itself fails"

check "exit 2: a config that does not exist"
expect_exit 2 nf check -c nope.conf
assert_contains "$(cat "$ERR")" "nope.conf"
expect_exit 2 nf run -c nope.conf ex
assert_eq "" "$(cat "$OUT")" "results with a missing config"

check "exit 2: an unknown key names FILE:LINE"
sed 's/^workers = auto$/workers = auto\nfrobnicate = 3/' pipeline.conf > unknown.conf
line=$(grep -n '^frobnicate' unknown.conf | cut -d: -f1)
[ -n "$line" ] || fail "could not insert the unknown key"
expect_exit 2 nf check -c unknown.conf
assert_contains "$(cat "$ERR")" "unknown.conf:$line:"
assert_contains "$(cat "$ERR")" "frobnicate"
expect_exit 2 nf run -c unknown.conf ex
assert_contains "$(cat "$ERR")" "unknown.conf:$line:"
assert_eq "" "$(cat "$OUT")" "results with a bad config"

check "exit 2: a bad value names FILE:LINE"
sed 's/^workers = auto$/workers = many/' pipeline.conf > value.conf
line=$(grep -n '^workers' value.conf | cut -d: -f1)
expect_exit 2 nf check -c value.conf
assert_contains "$(cat "$ERR")" "value.conf:$line:"

check "exit 2: a stage whose rules file is missing names the config line"
sed 's#^rules = plugins/claims.lua#rules = plugins/no-such-claims.lua#' pipeline.conf > missing.conf
line=$(grep -n 'no-such-claims' missing.conf | cut -d: -f1)
expect_exit 2 nf check -c missing.conf
assert_contains "$(cat "$ERR")" "missing.conf:$line:"
assert_contains "$(cat "$ERR")" "no-such-claims.lua"
expect_exit 2 nf run -c missing.conf ex
assert_eq "" "$(cat "$OUT")" "results"

check "exit 2: an unknown stage type names the config line"
sed 's/^stages = \(.*\)$/stages = \1, frob/' pipeline.conf > stage.conf
line=$(grep -n '^stages' stage.conf | cut -d: -f1)
expect_exit 2 nf check -c stage.conf
assert_contains "$(cat "$ERR")" "stage.conf:$line:"
assert_contains "$(cat "$ERR")" "frob"

check "exit 2: a plugin with a Lua syntax error names the plugin file and line"
mkdir broken
cp -r plugins broken/
cp pipeline.conf broken/
cat > broken/plugins/claims.lua <<'EOF'
-- line 1
return {
  patterns = {
    { id = "x", kind = "quote", pattern = "said" },
  },
  hedges = { "allegedly" "reportedly" },
}
EOF
expect_exit 2 nf check -c broken/pipeline.conf
assert_contains "$(cat "$ERR")" "plugins/claims.lua:6:"
expect_exit 2 nf run -c broken/pipeline.conf ex
assert_contains "$(cat "$ERR")" "plugins/claims.lua:6:"
assert_eq "" "$(cat "$OUT")" "results"

check "exit 2: a plugin that fails while loading names the plugin file and line"
printf 'local t = {}\nlocal n = nil\nreturn { entities = { { name = n .. "x", type = "PERSON" } } }\n' > broken/plugins/entities.lua
cp plugins/claims.lua broken/plugins/claims.lua
expect_exit 2 nf check -c broken/pipeline.conf
assert_contains "$(cat "$ERR")" "plugins/entities.lua:3:"

check "exit 2: a plugin that does not return a table"
printf 'return 42\n' > broken/plugins/entities.lua
expect_exit 2 nf check -c broken/pipeline.conf
assert_contains "$(cat "$ERR")" "plugins/entities.lua"

check "JSON Lines on standard input: no path, and '-'"
expect_exit 0 nf run < ex/feed.jsonl
cp "$OUT" stdin1.jsonl
assert_eq "wire-0001 -:1
wire-0002 -:2" "$(jq_lines stdin1.jsonl 'r["id"] + " " + r["source"]')" "ids and sources"
expect_exit 0 check_output --stdin ex/feed.jsonl --count 2 stdin1.jsonl
expect_exit 0 nf run - < ex/feed.jsonl
cp "$OUT" stdin2.jsonl
expect_exit 0 check_output --compare stdin1.jsonl stdin2.jsonl
printf '{"title": "No id", "text": "Putin spoke."}\n\n   \n{"title": "Two", "text": "Syria."}\n' > noid.jsonl
expect_exit 0 nf run ex/000_9e67022e0d172f8c.txt - ex/001_2a89244be4c5f614.txt < noid.jsonl
cp "$OUT" mixed-stdin.jsonl
assert_eq "000_9e67022e0d172f8c ex/000_9e67022e0d172f8c.txt
stdin-1 -:1
stdin-4 -:4
001_2a89244be4c5f614 ex/001_2a89244be4c5f614.txt" "$(jq_lines "$OUT" 'r["id"] + " " + r["source"]')" "ids and sources, blank lines skipped"
expect_exit 0 check_output --stdin noid.jsonl mixed-stdin.jsonl
expect_exit 0 nf run < /dev/null
assert_eq 0 "$(wc -c < "$OUT")" "bytes of output for empty input"

check "-o DIR: one <id>.json per article, a repeated id gets <id>-2.json"
mkdir dup
printf 'First\n\nPutin went to Syria.\n' > dup/x.txt
printf '{"id": "x", "title": "Second", "text": "Russia said no."}' > dup/y.json
printf '{"id": "x", "title": "Third", "text": "Moscow."}\n' > dup/z.jsonl
expect_exit 0 nf run -o out ex dup
assert_eq "" "$(cat "$OUT")" "stdout with -o"
assert_contains "$(cat "$ERR")" "x-2.json"
assert_contains "$(cat "$ERR")" "x-3.json"
assert_eq "000_9e67022e0d172f8c.json
001_2a89244be4c5f614.json
002_5b2572830003bba0.json
003_145fafc736d063b6.json
004_0b6b2d731c3ca980.json
wire-0001.json
wire-0002.json
x-2.json
x-3.json
x.json" "$(ls -A out)" "files in the output folder (no temp files)"
expect_exit 0 check_output --count 10 out
assert_eq "dup/x.txt dup/y.json dup/z.jsonl:1" \
    "$(for f in x x-2 x-3; do python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["source"])' out/$f.json; done | paste -sd' ')" \
    "x, x-2, x-3 in input order"
for f in out/*.json; do
    assert_eq 1 "$(wc -l < "$f")" "lines in $f"
done
expect_exit 0 nf run -o out ex     # a second run into the same folder replaces the files
assert_eq 10 "$(ls -A out | wc -l)" "files after a second run"
expect_exit 0 check_output out
: > notafolder
expect_exit 2 nf run -o notafolder ex
assert_contains "$(cat "$ERR")" "notafolder"

check "--pretty: multi-line valid JSON, the same results"
expect_exit 0 nf run --pretty ex
cp "$OUT" pretty.txt
lines=$(wc -l < pretty.txt)
[ "$lines" -gt $((n_ex * 10)) ] && pass "$lines lines for $n_ex results" || fail "--pretty output has only $lines lines"
python3 - <<'EOF' > pretty.jsonl || fail "--pretty output is not a sequence of JSON objects"
import json
text = open("pretty.txt").read()
dec, i = json.JSONDecoder(), 0
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i == len(text):
        break
    obj, i = dec.raw_decode(text, i)
    print(json.dumps(obj))
EOF
nf run ex > plain.jsonl
expect_exit 0 check_output --compare plain.jsonl pretty.jsonl

check "--with-text: \"text\" is the document"
expect_exit 0 nf run --with-text ex dup/y.json
cp "$OUT" text.jsonl
expect_exit 0 check_output text.jsonl     # compares text with the document of every source
python3 - <<'EOF' || fail "\"text\" differs from the file"
import json
rows = [json.loads(l) for l in open("text.jsonl")]
first = rows[0]
assert first["text"] == open(first["source"], encoding="utf-8").read(), "the .txt document"
last = rows[-1]
assert last["text"] == "Second\n\nRussia said no.", repr(last["text"])
keys = list(last.keys())
assert keys.index("text") == keys.index("meta") + 1, keys
EOF
assert_eq "false" "$(jq_lines ex.jsonl '"text" in r' | sort -u)" "\"text\" in results without --with-text"

check "output order is input order with -w 4 (300 files of very different sizes)"
python3 - <<'EOF'
import os, random
random.seed(7)
os.mkdir("many")
for i in range(300):
    # Every fifth file is large, so later small files finish first.
    body = "Putin met Assad in Damascus. " * (4000 if i % 5 == 0 else random.randint(1, 5))
    with open(f"many/{i:03d}_{random.randrange(16**6):06x}.txt", "w") as f:
        f.write(f"Article {i}\n\n{body}\n")
EOF
expect_exit 0 nf run -w 4 many
cp "$OUT" many.jsonl
assert_eq "$(ls many | sed 's/\.txt$//')" "$(jq_lines many.jsonl 'r["id"]')" "ids in sorted file order"
expect_exit 0 check_output --count 300 many.jsonl
expect_exit 0 nf run -w 1 many
cp "$OUT" many1.jsonl
expect_exit 0 check_output --compare many.jsonl many1.jsonl

done_testing

# test_watch_bad_inputs.sh — bad inputs of every kind dropped into the inbox of a running
# daemon (ASan build, max_article_bytes = 1M): each goes to quarantine/<name> with
# <name>.error.json giving the reason; a JSON Lines file with some bad lines still gets results
# for its good lines and goes to quarantine with the bad lines listed; a symbolic link is moved,
# never followed; a FIFO does not block the daemon; temporary names and dot-files are left
# alone; the daemon never exits because of an input and goes on processing good ones. File
# names that are not UTF-8 (Latin-1) are processed or quarantined like any other.
source "$E2E/watch_lib.sh"

watch_setup "workers = 2" "max_article_bytes = 1M"
mkdir stage sub_target
echo "A secret that must never be read through a link" > secret.txt

# expected.tsv: name, a word the reason must contain (case-insensitive).
python3 - <<'EOF'
import json, os
rows = []

def put(name, data, word):
    with open(os.path.join("stage", name), "wb") as f:
        f.write(data)
    rows.append((name, word))

put("utf8.txt", b"Bad bytes\n\nMoscow \xff\xfe said \xc0\xaf and \x80 then.\n", "UTF-8")
put("binary.txt", "Title\n\nPutin in Syria.\n".encode("utf-16-le"), "NUL")
put("nul.txt", b"Title\n\nPutin\0in Syria.\n", "NUL")
put("empty.txt", b"", "empty")
put("big.txt", b"Big\n\n" + b"Syria and Russia. " * 70000, "limit")
put("malformed.json", b'{"title": "x", "text": "unterminated', "malformed")
put("notext.json", b'{"title": "x", "body": "y"}', '"text"')
put("array.json", b'[{"title": "x", "text": "Putin."}]', "array")
put("badutf8.json", b'{"title": "x", "text": "Syria \xff\xfe."}', "UTF-8")
lines = [json.dumps({"id": "line-good-1", "title": "Good one", "text": "Putin went to Syria."}).encode(),
         b'{"title": "broken", ',
         json.dumps({"id": "line-good-2", "title": "Good two", "text": "Assad met Putin."}).encode(),
         b'{"title": "utf8", "text": "Syria \xc3\x28 here"}',
         b""]
put("mixed.jsonl", b"\n".join(lines) + b"\n", "2 of 4 inputs are bad")
with open("expected.tsv", "w") as f:
    for name, word in rows:
        f.write(f"{name}\t{word}\n")
EOF
truncate -s 3G stage/huge.txt         # takes no disk; must be refused by its size, never read
printf 'huge.txt\tlimit\n' >> expected.tsv
ln -s ../secret.txt stage/link.txt
ln -s /nonexistent/article.txt stage/dangling.txt
ln -s ../sub_target stage/dirlink
printf 'link.txt\tsymbolic link\ndangling.txt\tsymbolic link\ndirlink\tsymbolic link\n' >> expected.tsv
touch -h -d '1 minute ago' stage/* 2>/dev/null
n_bad=$(wc -l < expected.tsv)

check "bad inputs into the inbox of a running daemon"
start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
mv stage/* inbox/
mkfifo inbox/fifo.txt inbox/pipe
printf 'fifo.txt\tnot a regular file\npipe\tnot a regular file\n' >> expected.tsv
n_bad=$((n_bad + 2))
# Left alone: temporary names and dot-files; a folder is not an input either.
for name in .hidden.txt draft.tmp download.part edit.swp page.crdownload backup.txt~; do
    printf 'Left alone\n\nNot to be taken.\n' > "inbox/$name"
done
mkdir inbox/subfolder
# Only blank lines: no article (checked on its own below).
printf '\n\n   \n\t\n' > inbox/blank.txt
# Good ones around them: the daemon goes on.
printf 'Good one\n\nVladimir Putin said Russia would strike in Syria.\n' > inbox/good.txt
printf 'Spaces\n\nA good article with an awkward name.\n' > "inbox/name with spaces & \$x.txt"
printf 'Status\n\nAn article named like the status file.\n' > inbox/status.txt
settled() { [ "$(n_files quarantine)" -ge $((2 * n_bad)) ] && [ -e done/good.txt ] && [ -e done/status.txt ] &&
    [ ! -e inbox/blank.txt ]; }
wait_until 30 "the bad inputs quarantined and the good ones done" settled
alive "$WATCH_PID" && pass "the daemon runs" || fail "the daemon exited"
printf 'After\n\nA good article dropped after the bad ones.\n' > inbox/after.txt
after_done() { [ -e done/after.txt ] && [ -e outbox/after.json ]; }
wait_until 10 "an article dropped after the bad ones processed" after_done

check "each bad input is in quarantine with an .error.json giving the reason"
while IFS=$'\t' read -r name word; do
    if [ -e "quarantine/$name" ] || [ -L "quarantine/$name" ]; then
        pass "quarantine/$name"
    else
        fail "quarantine/$name is missing (inbox: $(ls inbox | tr '\n' ' '))"
        continue
    fi
    report="quarantine/$name.error.json"
    if ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$report" 2> /dev/null; then
        fail "$report is missing or not JSON"
        continue
    fi
    assert_eq "$name" "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["file"])' "$report")" "$report: file"
    reason=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reason"])' "$report")
    [ -n "$reason" ] || fail "$report: the reason is empty"
    if [ -n "$word" ]; then
        [[ ${reason,,} == *"${word,,}"* ]] && pass "$name: '$reason'" || fail "$name: the reason '$reason' does not say '$word'"
    fi
    [ -e "outbox/${name%.*}.json" ] && fail "a result for the bad input $name"
done < expected.tsv
[ -p quarantine/fifo.txt ] && pass "the FIFO was moved, not opened" || fail "quarantine/fifo.txt is not the FIFO"
[ -L quarantine/link.txt ] && pass "the link was moved as a link" || fail "quarantine/link.txt is not a link"
assert_eq "A secret that must never be read through a link" "$(cat secret.txt)" "the link's target"
grep -rl "secret" outbox > /dev/null && fail "a result holds the link target's text"
assert_eq "" "$(ls sub_target)" "the directory link's target"

check "the JSON Lines file: its good lines have results, its bad lines are listed"
assert_eq "Good one|Good two" \
    "$(python3 -c 'import json; print("|".join(json.load(open(f"outbox/{i}.json"))["title"] for i in ("line-good-1", "line-good-2")))')" \
    "results of the good lines"
assert_eq "2 4" "$(python3 -c '
import json
r = json.load(open("quarantine/mixed.jsonl.error.json"))
print(*[i.get("line") for i in r["inputs"]])')" "the bad lines listed"
assert_eq "eformat eutf8" "$(python3 -c '
import json
r = json.load(open("quarantine/mixed.jsonl.error.json"))
print(*[i["errors"][0]["code"] for i in r["inputs"]])')" "their error codes"

check "good inputs around them, temporary names left alone"
expect_exit 0 check_output --watch --moved-from inbox --moved-to done --moved-to quarantine outbox
blank_result=$([ -e outbox/blank.json ] && echo 1 || echo 0)
assert_eq 6 "$(($(n_results) - blank_result))" "results (good, spaces, status, after, 2 lines; blank.txt aside)"
[ -s "$ERR" ] && sed 's/^/   /' "$ERR" | head -12
for name in good.txt "name with spaces & \$x.txt" after.txt; do
    result=$(grep -lF "\"name\":\"$name\"" outbox/*.json)
    [ -n "$result" ] && pass "$name: $result" || fail "no result for $name"
done
assert_eq "Status" "$(python3 -c 'import json; print(json.load(open("outbox/status-2.json"))["title"])')" \
    "the result of status.txt (status.json is taken)"
assert_eq ".hidden.txt backup.txt~ download.part draft.tmp edit.swp page.crdownload subfolder" \
    "$(ls -A inbox | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" "what stays in the inbox"

check "a second bad input of the same name: quarantine/<stem>-2<ext> with its own report"
printf 'Bad again\n\n\xff\n' > inbox/utf8.txt
again() { [ -e quarantine/utf8-2.txt.error.json ]; }
wait_until 10 "the second utf8.txt quarantined" again
[ -e quarantine/utf8-2.txt ] && pass "quarantine/utf8-2.txt" || fail "no quarantine/utf8-2.txt"
assert_eq "utf8.txt" "$(python3 -c 'import json; print(json.load(open("quarantine/utf8-2.txt.error.json"))["file"])')" "its report's file"
assert_match "$(head -c 20 quarantine/utf8.txt)" "^Bad bytes" "the first utf8.txt, left as it was"

check "a .txt file of only blank lines holds no article: quarantined (as a .jsonl of blank lines is)"
[ -e quarantine/blank.txt ] && pass "quarantine/blank.txt" || fail "blank.txt is not in quarantine/ (it is in $(ls -d done/blank.txt quarantine/blank.txt 2> /dev/null))"
[ -e outbox/blank.json ] && fail "a result for blank.txt: $(head -c 300 outbox/blank.json)"

check "the status counts them; the daemon stops cleanly"
sleep 1.2
assert_eq "$(($(n_files quarantine) / 2))" "$(status_get 's["counts"]["quarantined"]')" "quarantined (files in quarantine/, each with its report)"
assert_eq "$((6 + blank_result))" "$(status_get 's["counts"]["processed"]')" "processed (good files and good lines)"
assert_eq 0 "$(status_get 's["counts"]["failed"]')" "failed"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status"
log_clean

check "file names that are not UTF-8: a good article is processed, a bad one quarantined"
: > "$WATCH_LOG"
start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
latin1="caf$(printf '\xe9')"
printf 'Not UTF-8 name\n\nA good article whose file name is Latin-1.\n' > "inbox/$latin1.txt"
printf 'Bad\n\nNUL\0inside, and a Latin-1 name.\n' > "inbox/$latin1-bad.txt"
latin1_settled() { [ ! -e "inbox/$latin1.txt" ] && [ ! -e "inbox/$latin1-bad.txt" ] || ! alive "$WATCH_PID"; }
wait_until 10 "the two files taken" latin1_settled
# (messages name the files caf\xe9*: raw Latin-1 in the log would make it binary to grep)
alive "$WATCH_PID" && pass "the daemon survives non-UTF-8 file names" || fail "the daemon died on a file name that is not UTF-8"
[ -e "done/$latin1.txt" ] && pass "done/caf\\xe9.txt" || fail "the article caf\\xe9.txt is not in done/"
[ -e "quarantine/$latin1-bad.txt" ] && pass "quarantine/caf\\xe9-bad.txt" || fail "the bad input caf\\xe9-bad.txt is not in quarantine/"
if python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "quarantine/$latin1-bad.txt.error.json" 2> /dev/null; then
    pass "its .error.json is JSON (UTF-8)"
else
    fail "quarantine/caf\\xe9-bad.txt.error.json is missing or not valid UTF-8 JSON"
fi
check_output --watch --moved-from inbox --moved-to done --moved-to quarantine outbox > /dev/null 2>&1 ||
    fail "check_output fails on the results"
if alive "$WATCH_PID"; then
    stop_watch TERM 10
    assert_eq 0 "$WATCH_RC" "exit status"
else
    wait "$WATCH_PID"
    fail "the daemon exited with status $?"
fi
log_clean

done_testing

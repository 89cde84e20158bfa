# test_watch_reload.sh — rules reload under load: the plugin is rewritten 50 times, alternating
# valid versions (each adds the signal VERSION with its version as the weight) and broken ones
# (a syntax error, an error while loading, an unknown field), half in place and half by a rename
# over it, while 1,000 articles flow. No article fails or is lost; every result carries the
# generation of a valid version ("reloaded ... rules generation N" in the log, never one of a
# "reload-failed"), and the signal of exactly the version that generation was built from (an
# article runs on one ruleset); the last valid version is in force at the end.
source "$E2E/watch_lib.sh"

N=1000
REWRITES=50
SLOW_SECONDS=0.003
watch_setup "workers = 2"

check "generate $N articles"
watch_tool gen stage $N --prefix r --jsonl 15 --old --title-word SLOW
files=$(n_files stage)

reload_lines() { grep -cE ' (reloaded|reload-failed) ' "$WATCH_LOG"; }

check "rewrite the plugin $REWRITES times while $N articles flow (ASan build)"
start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
bg watch_tool feed stage inbox --batch 20 --interval 0.3
: > versions.txt          # "GENERATION VERSION" for every valid reload
echo "1 1" >> versions.txt
failed_reloads=0
for ((v = 2; v <= REWRITES + 1; v++)); do
    before=$(reload_lines)
    if [ $((v % 2)) -eq 0 ]; then kind=""; else kind=broken; fi
    if [ $((v % 4)) -lt 2 ]; then
        write_plugin "$v" "$kind"                             # in place, as `cat >` does
    else
        write_plugin "$v" "$kind" plugins/.tag.lua.swp        # as editors save: beside it,
        mv plugins/.tag.lua.swp plugins/tag.lua               # then renamed over the old file
    fi
    got_reload() { [ "$(reload_lines)" -gt "$before" ]; }
    wait_until 10 "a reload after rewrite $v" got_reload || continue
    sleep 0.1     # a second reload of the same version, if the events came in two bursts
    while IFS= read -r line; do
        case $line in
        *" reloaded "*)
            gen=$(printf '%s' "$line" | sed -n 's/.*rules generation \([0-9]*\) in force.*/\1/p')
            [ -n "$kind" ] && fail "broken version $v was loaded: $line"
            echo "$gen $v" >> versions.txt
            ;;
        *" reload-failed "*)
            [ -z "$kind" ] && fail "valid version $v failed to load: $line"
            failed_reloads=$((failed_reloads + 1))
            [[ $line == *"tag.lua"* ]] || fail "the reload error does not name the plugin: $line"
            ;;
        esac
    done < <(grep -E ' (reloaded|reload-failed) ' "$WATCH_LOG" | tail -n +$((before + 1)))
done
echo "   $(($(wc -l < versions.txt) - 1)) valid reloads, $failed_reloads failed ones"
assert_eq $((REWRITES / 2)) "$(($(wc -l < versions.txt) - 1))" "valid versions loaded"
assert_eq $((REWRITES / 2)) "$failed_reloads" "broken versions refused"
grep -m 3 ' reload-failed ' "$WATCH_LOG" | sed 's/^/   log: /'
wait "${_BG_PIDS[0]}" || fail "the feeder failed"
inbox_empty() { [ "$(n_files inbox)" -eq 0 ]; }
wait_until 60 "the inbox empties" inbox_empty

check "no article failed or was lost; every result has a valid generation and its version"
assert_eq "$N" "$(n_results)" "result files"
expect_exit 0 check_output --watch --moved-from inbox --moved-to done --count "$N" outbox
[ -s "$ERR" ] && sed 's/^/   /' "$ERR" | head -12
assert_eq "$files" "$(n_files done)" "inputs in done/"
assert_eq 0 "$(n_files quarantine)" "files in quarantine"
python3 - > generations.txt <<'EOF'
import collections, json, os
valid = dict(tuple(map(int, l.split())) for l in open("versions.txt"))   # generation -> version
bad = []
per_gen = collections.Counter()
for name in sorted(os.listdir("outbox")):
    if not name.endswith(".json") or name == "status.json" or name.startswith("."):
        continue
    r = json.load(open(os.path.join("outbox", name)))
    g = r["rules"]["generation"]
    per_gen[g] += 1
    versions = [s["weight"] for s in r["signals"] if s["name"] == "VERSION"]
    if r["errors"]:
        bad.append(f"{name}: errors {r['errors']}")
    elif g not in valid:
        bad.append(f"{name}: generation {g} is not one of a valid version")
    elif versions != [valid[g]]:
        bad.append(f"{name}: generation {g} (version {valid[g]}) but VERSION signals {versions}")
print(f"GENERATIONS_USED={len(per_gen)} BAD={len(bad)}")
for b in bad[:10]:
    print(f"   {b}")
EOF
cat generations.txt
eval "$(grep '^GENERATIONS_USED=' generations.txt)"
assert_eq 0 "${BAD:-x}" "results with errors, a generation of no valid version, or another version's signal"
if [ "${GENERATIONS_USED:-0}" -ge 10 ]; then
    pass "the articles ran on $GENERATIONS_USED generations of the rules"
else
    fail "the articles ran on only ${GENERATIONS_USED:-0} generations: the reloads did not happen under load"
fi

check "the last valid version is in force at the end"
last=$(tail -n 1 versions.txt)
last_gen=${last% *}
last_version=${last#* }
echo "   the last rewrite ($((REWRITES + 1))) was broken; the last valid one: version $last_version, generation $last_gen"
printf 'Final article\n\nThe last article of the run.\n' > inbox/final.txt
final_done() { [ -e outbox/final.json ] && [ -e done/final.txt ]; }
wait_until 10 "the final article's result" final_done
assert_eq "$last_gen $last_version" \
    "$(python3 -c 'import json; r = json.load(open("outbox/final.json")); print(r["rules"]["generation"], *[s["weight"] for s in r["signals"] if s["name"] == "VERSION"])')" \
    "the final article's generation and version"
sleep 1.2     # the status is written every second
assert_eq "$last_gen" "$(status_get 's["rules"]["generation"]')" "the status's rules generation"
assert_match "$(status_get 's["rules"]["last_reload_error"]')" "tag.lua" "the status's last reload error"

check "the daemon stops cleanly"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status"
log_clean

done_testing

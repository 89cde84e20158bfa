# test_watch_memory.sh — the daemon's memory does not grow with the articles it has processed:
# 20,000 articles go through the RELEASE binary (ASan inflates RSS) with 2 workers, fed 1,000 at
# a time (each batch renamed in once the inbox is empty); the RSS (VmRSS in /proc/PID/status)
# after the last batch is within 10 % of the RSS after the first 2,000. The figures are printed.
source "$E2E/watch_lib.sh"

N=${E2E_WATCH_MEMORY_ARTICLES:-20000}
watch_setup "workers = 2"

check "generate $N articles"
watch_tool gen stage "$N" --prefix m --json 10 --jsonl 50 --old
files=$(n_files stage)
echo "   $files files"

check "$N articles through the release daemon, 1,000 files at a time"
start_watch "$NEWSFLOW_RELEASE" --settle 200ms --rescan 2s -w 2 --quiet
echo "   VmRSS at start: $(watch_tool rss "$WATCH_PID") kB"
watch_tool memory "$WATCH_PID" stage inbox --batch 1000 --checkpoint 2000 > memory.txt
rc=$?
sed "s/^/   /" memory.txt | grep -vE "after +([3-9]|1[0-8])[0-9]{3} articles"   # the first and the last batches
assert_eq 0 "$rc" "the feeder's exit status"
eval "$(grep '^FIRST_KB=' memory.txt)"
if [ -n "${FIRST_KB:-}" ] && [ -n "${LAST_KB:-}" ]; then
    growth=$(python3 -c "print(f'{($LAST_KB - $FIRST_KB) * 100 / $FIRST_KB:+.1f}')")
    echo "   VmRSS after the first 2,000: $FIRST_KB kB; after all $N: $LAST_KB kB ($growth %)"
    if [ "$LAST_KB" -le $((FIRST_KB * 110 / 100)) ]; then
        pass "RSS after $N articles within 10 % of RSS after 2,000 ($growth %)"
    else
        fail "RSS grew from $FIRST_KB kB (2,000 articles) to $LAST_KB kB ($N articles): $growth %"
    fi
else
    fail "no RSS figures: $(tail -n 3 memory.txt)"
fi

check "every article has its result"
assert_eq "$N" "$(n_results)" "result files"
assert_eq "$files" "$(n_files done)" "inputs in done/"
assert_eq 0 "$(n_files quarantine)" "files in quarantine"
# A sample of the results is checked in full (the identity hash is slow in Python).
mapfile -t sample < <(find outbox -name 'm*.json' | sort | awk 'NR % 97 == 1')
expect_exit 0 check_output --watch --moved-from inbox --moved-to done "${sample[@]}"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status"
assert_eq "$N" "$(status_get 's["counts"]["processed"]')" "processed in status.json"

done_testing

# test_watch_missed.sh — files the file watcher does not report are found all the same:
#   * 5,000 files created at once with the inotify queue lowered to 64 events (when
#     /proc/sys/fs/inotify/max_queued_events is writable; put back at once after the daemon
#     started, and in a trap): the queue overflows, the rescan (--rescan 1s) finds the rest;
#   * a file replaced by a rename while it settles: the replacement is processed;
#   * a file replaced by a rename while it is being processed: the replacement must get a
#     result of its own too (it is a different article);
#   * the inbox folder itself replaced by a rename: its files are found; removed: it is made
#     again and watched.
source "$E2E/watch_lib.sh"

N=5000
SLOW_SECONDS=1.5
watch_setup "workers = 2"
QUEUE=/proc/sys/fs/inotify/max_queued_events

check "$N files created at once, the inotify queue overflowing (ASan build, --rescan 1s)"
lowered=false
if [ -w "$QUEUE" ] && old=$(cat "$QUEUE") && INOTIFY_SAVED=$old && echo 64 > "$QUEUE" 2>/dev/null; then
    lowered=true
    echo "   max_queued_events lowered from $old to 64 for the daemon's inotify instance"
else
    INOTIFY_SAVED=""
    echo "   $QUEUE is not writable: the queue keeps its size (files: $N all the same)"
fi
start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
if $lowered; then
    echo "$INOTIFY_SAVED" > "$QUEUE"      # the limit is taken when an instance is created
    INOTIFY_SAVED=""
fi
t0=$(date +%s%N)
watch_tool gen inbox $N --prefix x --json 11
echo "   $N files written in $((($(date +%s%N) - t0) / 1000000)) ms"
all_done() { [ "$(n_files inbox)" -eq 0 ] && [ "$(n_files done)" -eq "$N" ]; }
wait_until 90 "all $N files processed" all_done
echo "   all processed after $((($(date +%s%N) - t0) / 1000000)) ms"
assert_eq "$N" "$(n_results)" "result files"
expect_exit 0 check_output --watch --moved-from inbox --moved-to done --count "$N" outbox
[ -s "$ERR" ] && sed 's/^/   /' "$ERR" | head -12
assert_eq 0 "$(n_files quarantine)" "files in quarantine"
assert_eq "$N" "$(grep -c ' processed ' "$WATCH_LOG")" "files processed (log lines), each once"
sleep 1.2
found=$(status_get 's["counts"]["found_by_rescan"]')
echo "   the rescan found $found of the $N files (status found_by_rescan)"
grep -m 2 ' rescan ' "$WATCH_LOG" | sed 's/^/   log: /'
if $lowered; then
    if [ "$found" -gt 0 ]; then
        pass "the queue overflowed and the rescan found $found files"
    else
        fail "the rescan found nothing: the queue of 64 events did not overflow, the test tested nothing"
    fi
fi

check "a file replaced by a rename while it settles: the replacement is processed"
mkdir stage
printf 'First draft\n\nThe first draft of r1, replaced before it settled.\n' > inbox/r1.txt
printf 'Final r1\n\nThe final version of r1, renamed over the draft.\n' > stage/r1.txt
touch -d '1 minute ago' stage/r1.txt
sleep 0.05
mv stage/r1.txt inbox/r1.txt
r1_done() { [ -e done/r1.txt ] && [ -e outbox/r1.json ]; }
wait_until 10 "r1 processed" r1_done
assert_eq "Final r1" "$(python3 -c 'import json; print(json.load(open("outbox/r1.json"))["title"])')" "r1's result's title"
assert_eq "Final r1" "$(head -n 1 done/r1.txt)" "done/r1.txt"
assert_eq 0 "$(find outbox -name 'r1-*' | wc -l)" "other results of r1"

check "a file replaced by a rename while it is processed: both versions get a result"
printf 'Old SLOW version\n\nThe first version of r2, slow to process.\n' > stage/r2-old.txt
printf 'New version\n\nThe second version of r2, which replaced the first while it was processed.\n' > stage/r2-new.txt
touch -d '1 minute ago' stage/r2-old.txt stage/r2-new.txt
mv stage/r2-old.txt inbox/r2.txt       # taken at once, then spins for ${SLOW_SECONDS}s of CPU
sleep 0.5
mv stage/r2-new.txt inbox/r2.txt       # replaces the file being processed
r2_settled() { [ "$(n_files inbox)" -eq 0 ] && grep -q ' processed inbox/r2.txt' "$WATCH_LOG"; }
wait_until 15 "r2 processed and the inbox empty" r2_settled
sleep 1.5                              # time for the replacement to be taken, if it is
titles=$(python3 -c '
import glob, json
print("|".join(sorted(json.load(open(p))["title"] for p in glob.glob("outbox/r2*.json"))))')
echo "   results of r2: [$titles]; done/: $(echo done/r2*) (done/r2.txt starts '$(head -n 1 done/r2.txt 2>/dev/null)')"
assert_contains "$titles" "New version" "the results of r2"
assert_contains "$titles" "Old SLOW version" "the results of r2"

check "the inbox folder replaced by a rename: the files in the new one are found"
watch_tool gen newinbox 20 --prefix f --old
mv inbox inbox.old
mv newinbox inbox
f_done() { [ "$(n_files inbox)" -eq 0 ] && [ "$(find done -name 'f*' | wc -l)" -eq 20 ]; }
wait_until 15 "the 20 files of the new inbox processed" f_done
grep -m 1 ' inbox inbox' "$WATCH_LOG" | sed 's/^/   log: /'
printf 'After the swap\n\nDropped into the new inbox folder.\n' > inbox/g1.txt
g_done() { [ -e done/g1.txt ] && [ -e outbox/g1.json ]; }
wait_until 10 "a file dropped into the new inbox processed" g_done
assert_eq 0 "$(n_files inbox.old)" "files in the old inbox folder"

check "the inbox folder removed: it is made again and watched"
rm -rf inbox
remade() { [ -d inbox ]; }
wait_until 10 "the inbox made again" remade
printf 'After the removal\n\nDropped into the inbox made again.\n' > inbox/h1.txt
h_done() { [ -e done/h1.txt ] && [ -e outbox/h1.json ]; }
wait_until 10 "a file dropped into the new inbox processed" h_done

check "the daemon stops cleanly"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status"
log_clean

done_testing

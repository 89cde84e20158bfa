# test_watch_burst.sh — `newsflow watch` under a burst: 2,000 articles arrive while the daemon
# runs, copied in (cp), moved in (mv from a staging folder on the same file system: old mtimes,
# taken at once) and slowly written (each file written in place in 10 pieces over a second,
# pieces 100 ms apart, closer than the 300 ms settle time). Exactly 2,000 results, each valid
# JSON that belongs to its whole input (check_output.py --watch checks the input's identity
# hash, so a file read half-written is caught), every input in done/ exactly once, the inbox
# empty, nothing in quarantine, the status counts right, and no input read sooner than the
# settle time after it last changed. Then the same rule for files written while the
# daemon starts (its rules taking long to load).
source "$E2E/watch_lib.sh"

N=2000
SETTLE=300ms
watch_setup "workers = 2"

# early_reads SETTLE_MS: inputs the daemon read sooner than SETTLE_MS after they last changed,
# with 20 ms of slack for the clocks. The time of the read is the input's access time (the
# file system is mounted relatime: the first read after a change sets it; the move to done/
# keeps it, and it must be looked at before anything else reads done/).
early_reads() {
    python3 - "$1" <<'EOF'
import os, sys
settle = int(sys.argv[1]) / 1000 - 0.02
early, gaps, unknown = [], [], 0
for name in os.listdir("done"):
    st = os.stat(os.path.join("done", name))
    if st.st_atime_ns <= st.st_mtime_ns:
        unknown += 1            # no access time recorded (noatime), or an old file renamed in
        continue
    gap = (st.st_atime_ns - st.st_mtime_ns) / 1e9
    gaps.append(gap)
    if gap < settle:
        early.append(f"{name} read {gap * 1000:.0f} ms after its last change")
print(len(early), *sorted(early)[:5])
if gaps:
    print(f"   (inputs written in place: the shortest wait from the last change to the read: "
          f"{min(gaps) * 1000:.0f} ms; {unknown} inputs without an access time after their mtime)",
          file=sys.stderr)
EOF
}

check "generate $N articles: by cp, by mv (some JSON Lines), by a slow writer"
watch_tool gen stage_cp 700 --prefix c --json 7
watch_tool gen stage_mv 700 --prefix m --start 700 --jsonl 25 --old
watch_tool gen stage_slow 600 --prefix s --start 1400 --json 9
files=$(($(n_files stage_cp) + $(n_files stage_mv) + $(n_files stage_slow)))
echo "   $files files hold the $N articles"

check "the burst while the daemon runs (ASan build, 2 workers, settle $SETTLE)"
start_watch "$NEWSFLOW" --settle "$SETTLE" --rescan 2s -w 2
t0=$(date +%s%N)
bg watch_tool slow-copy stage_slow inbox --pieces 10 --over 1.0 --parallel 150
bg watch_tool feed stage_mv inbox --batch 50 --interval 0.1
bg cp stage_cp/* inbox/
for pid in "${_BG_PIDS[@]}"; do
    wait "$pid" || fail "a writer (pid $pid) failed"
done
echo "   all written after $((($(date +%s%N) - t0) / 1000000)) ms"
inbox_empty() { [ "$(n_files inbox)" -eq 0 ]; }
wait_until 90 "the inbox empties" inbox_empty
echo "   inbox empty after $((($(date +%s%N) - t0) / 1000000)) ms"
alive "$WATCH_PID" || fail "the daemon died during the burst"

check "exactly $N results, each valid, each its input's, none read before it settled"
assert_eq 0 "$(early_reads 300)" "inputs read less than the settle time after they last changed"
assert_eq "$N" "$(n_results)" "result files"
expect_exit 0 check_output --watch --moved-from inbox --moved-to done --count "$N" outbox
assert_contains "$(cat "$OUT")" "$N results ok"
[ -s "$ERR" ] && sed 's/^/   /' "$ERR" | head -12
errors=$(python3 -c '
import json, os
n = 0
for name in os.listdir("outbox"):
    if name.endswith(".json") and name != "status.json":
        r = json.load(open(os.path.join("outbox", name)))
        n += len(r["errors"]) > 0 or r["signals"] != [{"name": "VERSION", "weight": 1, "why": "plugin version 1"}]
print(n)')
assert_eq 0 "$errors" "results with errors or without the plugin's signal"
assert_eq "$files" "$(n_files done)" "inputs in done/"
assert_eq 0 "$(n_files inbox)" "files left in the inbox"
assert_eq 0 "$(n_files quarantine)" "files in quarantine"
assert_eq 0 "$(find done -name '*-[0-9]*.*' | wc -l)" "inputs moved twice (done/NAME-2)"
processed=$(grep -c ' processed ' "$WATCH_LOG")
assert_eq "$files" "$processed" "files processed (log lines): each once, none read early"

check "the status counts the burst; SIGTERM stops the daemon"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status"
assert_eq stopped "$(status_get 's["state"]')" "state"
assert_eq "$N" "$(status_get 's["counts"]["processed"]')" "processed"
assert_eq 0 "$(status_get 's["counts"]["quarantined"]')" "quarantined"
assert_eq 0 "$(status_get 's["counts"]["failed"]')" "failed"
log_clean

check "files written while the daemon starts wait for the settle time too"
# Rules that take a while to load (the default ones take about a second): the plugin says so
# when half loaded, and a writer then writes 5 files into the inbox; the daemon's scan at the
# end of its start finds them, a few hundred ms old. They must not be taken before 2 s.
rm -rf outbox done inbox quarantine
mkdir inbox
{
    echo 'local t = os.clock() while os.clock() - t < 0.4 do end'
    echo 'print("RULES LOADING")'
    echo 't = os.clock() while os.clock() - t < 0.6 do end'
    cat plugins/tag.lua
} > plugins/slowload.lua
sed 's#plugins/tag.lua#plugins/slowload.lua#' pipeline.conf > slow.conf
: > "$WATCH_LOG"
_BG_PIDS=()
bg watch_tool slow-append inbox 5 --interval 10 --until "$WATCH_LOG" --needle "RULES LOADING"
start_watch "$NEWSFLOW" -c slow.conf --settle 2s --rescan 1s -w 2
wait "${_BG_PIDS[0]}"
inbox_empty() { [ "$(n_files inbox)" -eq 0 ]; }
wait_until 30 "the inbox empties" inbox_empty
assert_eq 0 "$(early_reads 2000)" "inputs read less than 2 s (the settle time) after they last changed"
expect_exit 0 check_output --watch --moved-from inbox --moved-to done --count 5 outbox
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status"
log_clean

done_testing

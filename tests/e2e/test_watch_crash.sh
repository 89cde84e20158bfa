# test_watch_crash.sh — `newsflow watch` killed with SIGKILL at random moments while 1,000
# articles flow (.txt, .json and JSON Lines files), restarted at once, 6 times: at the end every
# input has exactly one result and sits in done/, none is lost, none has two results (an input
# may be processed twice across a crash; the daemon then rewrites the same <id>.json; every
# other restart writes --pretty results, which must not change that). While the daemon is dead,
# `newsflow status` says so (exit 1) although status.json still says "running". A different
# input with an id already taken gets <id>-2.json; the same input again rewrites its result.
# An input that cannot be moved to done/ stays in the inbox and is tried again.
source "$E2E/watch_lib.sh"

N=1000
KILLS=6
SEED=${WATCH_CRASH_SEED:-$$}
RANDOM=$SEED
# Each article spins for a few ms in the plugin, so that the flow lasts seconds and the kills
# land while articles are being processed and written.
SLOW_SECONDS=0.01
watch_setup "workers = 2"

check "generate $N articles"
watch_tool gen stage $N --prefix k --jsonl 10 --json 7 --old --title-word SLOW
files=$(n_files stage)
echo "   $files files hold the $N articles; random seed $SEED (WATCH_CRASH_SEED)"

# Results written whose input is still in the inbox: after a crash they are processed again.
pending_rewrites() {
    python3 - <<'EOF'
import json, os
inbox = set(os.listdir("inbox"))
n = 0
for name in os.listdir("outbox"):
    if name.endswith(".json") and name != "status.json" and not name.startswith("."):
        try:
            r = json.load(open(os.path.join("outbox", name)))
        except (OSError, ValueError):
            continue
        n += r["input"]["name"].split(":")[0] in inbox
print(n)
EOF
}

check "kill -9 the daemon $KILLS times while the articles flow (ASan build)"
start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
bg watch_tool feed stage inbox --batch 200 --interval 0.4
mid_flow=0
rewrites=0
for ((k = 1; k <= KILLS; k++)); do
    sleep "0.$((3 + RANDOM % 7))"
    waiting=$(n_files inbox)
    kill9_watch
    assert_eq 137 "$WATCH_RC" "kill #$k: the daemon died of SIGKILL"
    again=$(pending_rewrites)
    rewrites=$((rewrites + again))
    [ "$waiting" -gt 0 ] && mid_flow=$((mid_flow + 1))
    echo "   kill #$k: $waiting files in the inbox, $(n_results) results, $(n_files done) inputs done;" \
        "$again results whose input was still in the inbox"
    if [ "$k" -eq 1 ]; then
        expect_exit 1 nf status -c pipeline.conf
        assert_contains "$(cat "$OUT")" "not running" "status after kill -9"
        assert_eq running "$(status_get 's["state"]')" "state left in status.json by the killed daemon"
    fi
    if [ $((k % 2)) -eq 1 ]; then pretty=--pretty; else pretty=""; fi
    start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2 $pretty
done
echo "   $mid_flow of $KILLS kills hit while files waited in the inbox;" \
    "$rewrites results were written just before a kill and their input processed again"
if [ "$mid_flow" -ge 3 ]; then
    pass "at least 3 kills while articles flowed"
else
    fail "only $mid_flow kills while articles flowed: the test did not test much (seed $SEED)"
fi
wait "${_BG_PIDS[0]}" || fail "the feeder failed"
inbox_empty() { [ "$(n_files inbox)" -eq 0 ]; }
wait_until 60 "the inbox empties after the last restart" inbox_empty

check "every input has exactly one result and is in done/"
assert_eq "$N" "$(n_results)" "result files"
expect_exit 0 check_output --watch --moved-from inbox --moved-to done --count "$N" outbox
assert_contains "$(cat "$OUT")" "$N results ok"
[ -s "$ERR" ] && sed 's/^/   /' "$ERR" | head -12
assert_eq "$files" "$(n_files done)" "inputs in done/"
assert_eq 0 "$(n_files inbox)" "files left in the inbox"
assert_eq 0 "$(n_files quarantine)" "files in quarantine"
assert_eq 0 "$(find done outbox -name '*-[0-9]*.*' | wc -l)" "second copies (done/NAME-2.txt, outbox/ID-2.json)"
missing=$(python3 - <<'EOF'
import json, os
ids = set()
for name in os.listdir("outbox"):
    if name.endswith(".json") and name != "status.json" and not name.startswith("."):
        ids.add(json.load(open(os.path.join("outbox", name)))["id"])
print(sum(1 for i in range(1000) if f"k{i:05d}" not in ids))
EOF
)
assert_eq 0 "$missing" "articles k00000..k00999 without a result"
leftovers=$(find outbox done -name '.*.tmp' | wc -l)
echo "   temporary files the killed daemons left in the outbox: $leftovers"

check "a different input with a taken id gets a result of its own; the same input rewrites its own"
printf 'Dup\n\nThe first article called dup.\n' > stage/dup.txt
touch -d '1 minute ago' stage/dup.txt
mv stage/dup.txt inbox/
dup1() { [ -e done/dup.txt ] && [ -e outbox/dup.json ]; }
wait_until 10 "the first dup processed" dup1
printf 'Dup\n\nAnother article, also called dup.\n' > stage/dup.txt
touch -d '1 minute ago' stage/dup.txt
mv stage/dup.txt inbox/
dup2() { [ -e done/dup-2.txt ] && [ -e outbox/dup-2.json ]; }
wait_until 10 "the second dup processed" dup2
cp done/dup.txt inbox/dup.txt
touch -d '1 minute ago' inbox/dup.txt
dup3() { [ -e done/dup-3.txt ]; }
wait_until 10 "the first dup, again, processed" dup3
assert_eq "outbox/dup-2.json outbox/dup.json" "$(echo outbox/dup*.json)" "results of dup"
# Which input each result belongs to, by its identity (check_output.py's hash of id and document).
assert_eq "dup.json=done/dup.txt dup-2.json=done/dup-2.txt" "$(PYTHONDONTWRITEBYTECODE=1 python3 - <<'EOF'
import json, os, sys
sys.path.insert(0, os.environ["E2E"])
from check_output import input_identity
inputs = {}
for p in ("done/dup.txt", "done/dup-2.txt"):
    inputs.setdefault(input_identity("dup", open(p, "rb").read()), p)
print(" ".join(f"{n}={inputs.get(json.load(open('outbox/' + n))['input']['identity'], '?')}" for n in ("dup.json", "dup-2.json")))
EOF
)" "the results' inputs"
cmp -s done/dup.txt done/dup-3.txt && pass "done/dup-3.txt is the first article again" || fail "done/dup-3.txt is not the first article"

check "done/ gone: the input stays in the inbox, is tried again, and ends with one result"
mv done done.full
printf 'Retry\n\nAn article whose input cannot be moved at first.\n' > stage/retry.txt
touch -d '1 minute ago' stage/retry.txt
mv stage/retry.txt inbox/
failed_once() { grep -q ' failed inbox/retry.txt' "$WATCH_LOG"; }
wait_until 10 "a failed move of retry.txt" failed_once
assert_match "$(grep ' failed inbox/retry.txt' "$WATCH_LOG" | head -n 1)" "the input stays in the inbox" "the log"
[ -e inbox/retry.txt ] && pass "retry.txt stays in the inbox" || fail "retry.txt left the inbox"
[ -e outbox/retry.json ] && pass "its result is written" || fail "no result for retry.txt"
sleep 1.2
[ "$(status_get 's["counts"]["failed"]')" -ge 1 ] && pass "status counts the failure" || fail "status.json: failed = $(status_get 's["counts"]["failed"]')"
mv done.full done
retried() { [ -e done/retry.txt ] && [ ! -e inbox/retry.txt ]; }
wait_until 10 "retry.txt moved to done/ on a later try" retried
assert_eq "outbox/retry.json" "$(echo outbox/retry*.json)" "results of retry.txt (rewritten, not doubled)"

check "the last daemon stops cleanly"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status"
assert_eq stopped "$(status_get 's["state"]')" "state"
log_clean

done_testing

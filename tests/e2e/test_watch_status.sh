# test_watch_status.sh — `newsflow status` and status.json: exit 2 without a status file (or
# with one that is not newsflow's), 0 while the daemon runs, 1 after it stopped; the pid, the
# state, the rules generation, the queue and the counts (articles processed, files
# quarantined) match what happened; the status is refreshed while the daemon runs; a second
# daemon on the same outbox is refused.
source "$E2E/watch_lib.sh"

watch_setup "workers = 2"

check "no status file: exit 2"
expect_exit 2 nf status -c pipeline.conf
assert_contains "$(cat "$ERR")" "status.json"
mkdir other
expect_exit 2 nf status --outbox other
echo '{"hello": 1}' > other/status.json
expect_exit 2 nf status --outbox other
assert_contains "$(cat "$ERR")" "not a newsflow status file"

check "while the daemon runs: exit 0, its pid, state running"
start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
expect_exit 0 nf status -c pipeline.conf
assert_contains "$(cat "$OUT")" "running (pid $WATCH_PID)"
assert_eq "$WATCH_PID" "$(status_get 's["pid"]')" "pid"
assert_eq running "$(status_get 's["state"]')" "state"
assert_eq 1 "$(status_get 's["rules"]["generation"]')" "rules generation"
assert_eq null "$(status_get 's["rules"]["last_reload_error"]')" "last reload error"
expect_exit 0 nf status --outbox outbox
assert_contains "$(cat "$OUT")" "\"state\""

check "a second daemon on the same outbox is refused; the first goes on"
expect_exit 2 nf watch -c pipeline.conf --settle 200ms
assert_contains "$(cat "$ERR")" "another newsflow watch is running"
alive "$WATCH_PID" && pass "the first daemon runs" || fail "the first daemon died"
assert_eq "$WATCH_PID" "$(status_get 's["pid"]')" "pid in status.json (not the refused one's)"

check "the counts match: articles processed, files quarantined"
watch_tool gen inbox 5 --prefix g
printf '%s\n' '{"id": "l1", "title": "One", "text": "First line."}' '{"id": "l2", "title": "Two", "text": "Second line."}' \
    '{"id": "l3", "title": "Three", "text": "Third line."}' > inbox/lines.jsonl
: > inbox/empty.txt
printf 'Bad\n\n\xff\xfe\n' > inbox/bad.txt
printf '%s\n' '{"id": "m1", "title": "Good", "text": "A good line."}' '{"broken' > inbox/mixed.jsonl
counts_match() {
    [ "$(status_get '[s["counts"]["processed"], s["counts"]["quarantined"]]')" = "[9, 3]" ]
}
wait_until 10 "status.json counts 9 articles processed and 3 files quarantined" counts_match
expect_exit 0 nf status -c pipeline.conf
cp "$OUT" status.out
python3 - <<'EOF' > status.check
import json
text = open("status.out").read()
s = json.loads(text[:text.rindex("}") + 1])
c, q = s["counts"], s["queue"]
print(c["processed"], c["quarantined"], c["failed"], c["with_errors"], q["waiting"], q["in_flight"],
      s["inbox"], s["outbox"], s["articles_per_second"] > 0)
EOF
assert_eq "9 3 0 0 0 0 inbox outbox True" "$(cat status.check)" \
    "processed quarantined failed with_errors waiting in_flight inbox outbox rate>0"
assert_eq 9 "$(n_results)" "result files"
assert_eq 6 "$(n_files quarantine)" "files in quarantine (3, each with its .error.json)"

check "the status is refreshed while the daemon runs"
first=$(status_get 's["updated_at"]')
sleep 2.1
assert_match "$(status_get 's["updated_at"]')" "^[0-9-]+T[0-9:]+Z$" "updated_at"
[ "$(status_get 's["updated_at"]')" != "$first" ] && pass "updated_at moved on" ||
    fail "updated_at stays $first"

check "a reload shows in the status"
write_plugin 2
reloaded() { [ "$(status_get 's["rules"]["generation"]')" = 2 ]; }
wait_until 10 "generation 2 in status.json" reloaded
write_plugin 3 broken
reload_failed() { [ "$(status_get 's["rules"]["last_reload_error"]')" != null ]; }
wait_until 10 "the reload error in status.json" reload_failed
assert_contains "$(status_get 's["rules"]["last_reload_error"]')" "tag.lua" "last reload error"
assert_eq 2 "$(status_get 's["rules"]["generation"]')" "the generation in force"

check "after the daemon stopped: exit 1, state stopped, the counts kept"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status of the daemon"
expect_exit 1 nf status -c pipeline.conf
assert_contains "$(cat "$OUT")" "not running (pid $WATCH_PID)"
assert_eq stopped "$(status_get 's["state"]')" "state"
assert_eq "[9, 3]" "$(status_get '[s["counts"]["processed"], s["counts"]["quarantined"]]')" "processed, quarantined"
log_clean

done_testing

# test_watch_signals.sh — signals to `newsflow watch` (ASan build; articles whose title holds
# SLOW spin in the plugin, so that some are in flight when the signal comes):
#   * SIGTERM and SIGINT while articles are in flight: the daemon stops taking files (files
#     dropped after the signal stay in the inbox), finishes the ones in flight (each gets its
#     result and moves to done/), writes status.json with state "stopped" and exits 0 within
#     10 s; nothing is lost: what was not taken stays in the inbox and is processed after a
#     restart;
#   * SIGHUP reloads the rules (a new generation), keeps the old ones when the plugin is
#     broken, and does not disturb a stop that follows it at once;
#   * SIGTERM on an idle daemon: exit 0 at once.
source "$E2E/watch_lib.sh"

SLOW_SECONDS=0.4
watch_setup "workers = 2"
mkdir stage

processed_lines() { grep -c ' processed ' "$WATCH_LOG"; }

for sig in TERM INT; do
    prefix=$(echo "$sig" | tr 'A-Z' 'a-z')
    n=12
    check "SIG$sig while articles are in flight"
    watch_tool gen stage "$n" --prefix "$prefix" --old --title-word SLOW
    : > "$WATCH_LOG"
    start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
    mv stage/* inbox/
    first_done() { [ "$(processed_lines)" -ge 1 ]; }
    wait_until 20 "the first slow article processed" first_done
    kill -"$sig" "$WATCH_PID"
    _SIGNAL_AT=$(date +%s%N)
    sleep 0.05
    # Dropped after the signal, written in place and renamed in: must not be taken.
    printf 'Late one\n\nDropped after the signal.\n' > "inbox/${prefix}late1.txt"
    printf 'Late two\n\nDropped after the signal.\n' > stage/late2.txt
    touch -d '1 minute ago' stage/late2.txt
    mv stage/late2.txt "inbox/${prefix}late2.txt"
    await_exit "$sig" 10
    assert_eq 0 "$WATCH_RC" "exit status (${STOP_MS} ms after the signal)"
    stopping=$(grep -m 1 ' stopping: ' "$WATCH_LOG")
    echo "   log: $stopping"
    assert_match "$stopping" "stopping: SIG$sig: finishing [1-9][0-9]* files in flight" "the stopping line"
    in_flight=$(printf '%s' "$stopping" | sed -n 's/.*finishing \([0-9]*\) files.*/\1/p')
    after=$(sed -n '/ stopping: /,$p' "$WATCH_LOG" | grep -c ' processed ')
    assert_eq "${in_flight:-?}" "$after" "files processed after the signal (those in flight)"
    assert_match "$(tail -n 1 "$WATCH_LOG")" " stopped: " "the last log line"
    assert_eq stopped "$(status_get 's["state"]')" "state in status.json"
    done_n=$(find done -name "$prefix*" | wc -l)
    left=$(find inbox -name "$prefix*" ! -name "${prefix}late*" | wc -l)
    echo "   $done_n done, $left not taken, of $n"
    assert_eq "$n" "$((done_n + left))" "done + left in the inbox (nothing lost)"
    [ "$left" -gt 0 ] && pass "some files were not taken" || fail "every file was taken: the signal came too late to test anything"
    assert_eq 2 "$(find inbox -name "${prefix}late*" | wc -l)" "files dropped after the signal, left in the inbox"
    assert_eq "$done_n" "$(status_get 's["counts"]["processed"]')" "processed in status.json"
    assert_eq "$done_n" "$(find outbox -name "$prefix*.json" | wc -l)" "results"
    log_clean

    check "after SIG$sig: a restart processes what was left"
    start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
    inbox_empty() { [ "$(n_files inbox)" -eq 0 ]; }
    wait_until 30 "the inbox empties" inbox_empty
    assert_eq $((n + 2)) "$(find outbox -name "$prefix*.json" | wc -l)" "results of the $n files and the 2 late ones"
    expect_exit 0 check_output --watch --moved-from inbox --moved-to done outbox
    assert_eq 0 "$(n_files quarantine)" "files in quarantine"
    [ "$sig" = INT ] && break      # the last daemon goes on running for SIGHUP
    stop_watch TERM 10
    assert_eq 0 "$WATCH_RC" "exit status"
done

check "SIGHUP reloads the rules"
gen() { status_get 's["rules"]["generation"]'; }
hup_reloads() { grep -c ' reloaded ' "$WATCH_LOG"; }
before=$(hup_reloads)
kill -HUP "$WATCH_PID"
hup_done() { [ "$(hup_reloads)" -gt "$before" ]; }
wait_until 10 "a reload after SIGHUP" hup_done
assert_match "$(grep ' reload: ' "$WATCH_LOG" | tail -n 1)" "SIGHUP" "the log"
assert_match "$(grep ' reloaded ' "$WATCH_LOG" | tail -n 1)" "rules generation 2 in force" "the log"
printf 'After HUP\n\nProcessed with the reloaded rules.\n' > inbox/hup1.txt
hup1() { [ -e outbox/hup1.json ]; }
wait_until 10 "hup1 processed" hup1
assert_eq 2 "$(python3 -c 'import json; print(json.load(open("outbox/hup1.json"))["rules"]["generation"])')" "hup1's generation"

check "SIGHUP with a broken plugin keeps the rules in force"
write_plugin 7 broken
failed_reload() { grep -q ' reload-failed ' "$WATCH_LOG"; }
wait_until 10 "the broken plugin refused" failed_reload
before=$(grep -c ' reload-failed ' "$WATCH_LOG")
kill -HUP "$WATCH_PID"
hup_failed() { [ "$(grep -c ' reload-failed ' "$WATCH_LOG")" -gt "$before" ]; }
wait_until 10 "SIGHUP's reload refused too" hup_failed
alive "$WATCH_PID" && pass "the daemon runs" || fail "the daemon died"
printf 'Broken HUP\n\nProcessed with the old rules.\n' > inbox/hup2.txt
hup2() { [ -e outbox/hup2.json ]; }
wait_until 10 "hup2 processed" hup2
assert_eq "2 1" "$(python3 -c 'import json; r = json.load(open("outbox/hup2.json")); print(r["rules"]["generation"], *[s["weight"] for s in r["signals"]])')" "hup2's generation and version"
write_plugin 8
fixed() { grep -q 'rules generation 3 in force' "$WATCH_LOG"; }
wait_until 10 "the fixed plugin loaded" fixed

check "SIGHUP then SIGTERM at once, articles in flight: exit 0"
watch_tool gen stage 6 --prefix hup --start 100 --old --title-word SLOW
mv stage/* inbox/
sleep 0.4
kill -HUP "$WATCH_PID"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status (stopped in ${STOP_MS} ms)"
assert_eq stopped "$(status_get 's["state"]')" "state"
log_clean

check "SIGTERM on an idle daemon: exit 0 at once"
start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2
wait_until 30 "the inbox empties" inbox_empty
stop_watch TERM 2
assert_eq 0 "$WATCH_RC" "exit status (stopped in ${STOP_MS} ms)"
expect_exit 0 check_output --watch --moved-from inbox --moved-to done outbox
log_clean

done_testing

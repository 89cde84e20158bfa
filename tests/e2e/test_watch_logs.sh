# test_watch_logs.sh — the daemon's log on standard error: text lines "TIME EVENT [FILE: ]MESSAGE"
# with one "processed" line per file; --log-json gives one JSON object per line ({time, event,
# file, message}) even for file names with a newline, quotes or backslashes; --quiet drops the
# per-article lines and keeps what an operator must see (start, quarantine, reloads, stop).
source "$E2E/watch_lib.sh"

watch_setup "workers = 2"
mkdir stage

# session: drops 3 good files, one with an awkward name, a bad one, a valid and a broken plugin
# edit, then stops the daemon with SIGTERM.
session() {
    : > "$WATCH_LOG"
    start_watch "$NEWSFLOW" --settle 200ms --rescan 1s -w 2 "$@"
    local tag=$RANDOM
    watch_tool gen inbox 3 --prefix "s$tag-"
    printf 'Awkward\n\nA name with a newline, "quotes" and a \\ backslash.\n' > "inbox/two
lines \"q\" \\ $tag.txt"
    printf 'Bad\n\nNUL\0here\n' > "inbox/bad$tag.txt"
    settled() { [ "$(n_files inbox)" -eq 0 ]; }
    wait_until 10 "the inbox empties" settled
    write_plugin 2
    reloaded() { grep -qE 'reloaded' "$WATCH_LOG"; }
    wait_until 10 "a reload" reloaded
    write_plugin 3 broken
    refused() { grep -qE 'reload-failed' "$WATCH_LOG"; }
    wait_until 10 "a refused reload" refused
    write_plugin 1
    stop_watch TERM 10
    assert_eq 0 "$WATCH_RC" "exit status"
    log_clean
}

# events: the event of every log line (checked to be JSON with exactly time, event, file, message).
json_events() {
    python3 - "$WATCH_LOG" <<'EOF'
import json, re, sys
bad = []
events = []
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    try:
        o = json.loads(line)
    except ValueError as e:
        bad.append(f"line {n} is not JSON ({e}): {line[:100]!r}")
        continue
    if not isinstance(o, dict) or list(o) != ["time", "event", "file", "message"]:
        bad.append(f"line {n} is not {{time, event, file, message}}: {line[:100]!r}")
        continue
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", o["time"]):
        bad.append(f"line {n}: time {o['time']!r}")
    if not (o["file"] is None or isinstance(o["file"], str)) or not isinstance(o["message"], str):
        bad.append(f"line {n}: file or message of the wrong type")
    events.append(o["event"])
    if o["event"] == "processed" and "\n" in o["file"]:
        events.append("processed-awkward")
for b in bad[:5]:
    print("BAD", b)
print(" ".join(events))
EOF
}

check "text: one line per event, one 'processed' line per file"
session
lines=$(wc -l < "$WATCH_LOG")
text_lines=$(grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z [a-z-]+[: ]' "$WATCH_LOG")
# The awkward name holds a newline and its line names it twice (inbox/..., done/...): 3 lines in text.
assert_eq "$lines" "$((text_lines + 2))" "lines that start with a time and an event (all but the awkward name's)"
assert_eq 4 "$(grep -c ' processed ' "$WATCH_LOG")" "processed lines"
for event in started quarantined reloaded reload-failed stopping stopped; do
    assert_match "$(cat "$WATCH_LOG")" "Z ${event}[: ]" "the text log"
done

check "--log-json: one JSON object per line"
session --log-json
events=$(json_events)
assert_not_contains "$events" "BAD" "the JSON log"
for event in started processed processed-awkward quarantined reloaded reload-failed stopping stopped; do
    assert_match "$events" "(^| )$event( |$)" "events"
done
assert_eq 4 "$(printf '%s\n' $events | grep -cx processed)" "processed events"
assert_eq "$(wc -l < "$WATCH_LOG")" "$(printf '%s\n' $events | grep -vcx processed-awkward)" "lines (each one event)"

check "--quiet drops the per-article lines and keeps the rest"
session --quiet
assert_eq 0 "$(grep -c ' processed ' "$WATCH_LOG")" "processed lines"
for event in started quarantined reloaded reload-failed stopping stopped; do
    assert_match "$(cat "$WATCH_LOG")" "Z ${event}[: ]" "the quiet log"
done

check "--quiet --log-json"
session --quiet --log-json
events=$(json_events)
assert_not_contains "$events" "BAD" "the JSON log"
assert_not_contains "$events" "processed" "the events"
for event in started quarantined reloaded reload-failed stopping stopped; do
    assert_match "$events" "(^| )$event( |$)" "events"
done

check "the results of the sessions are valid"
assert_eq 16 "$(n_results)" "results (4 sessions of 4 good files)"
expect_exit 0 check_output --watch --moved-from inbox --moved-to done outbox

done_testing

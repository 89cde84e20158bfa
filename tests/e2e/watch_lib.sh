# watch_lib.sh — helpers for the `newsflow watch` tests (tests/e2e/test_watch_*.sh); sources lib.sh.
#
# Every test runs its own small pipeline (normalize, sentences and a `lua` stage whose plugin
# adds a signal VERSION with the plugin's version as its weight), so that the suite does not
# depend on the default rules, and is fast:
#
#   watch_setup [CONFIG LINES...]  writes pipeline.conf ([pipeline] plus the lines given) and
#                                  plugins/tag.lua version 1; the folders are inbox, outbox,
#                                  done and quarantine of the current folder
#   write_plugin V [broken] [FILE] rewrites plugins/tag.lua (or FILE) as version V, in place, or as a
#                                  broken version V (a syntax error, an error while loading or
#                                  an unknown field, by V mod 3); articles whose title holds
#                                  SLOW spin for $SLOW_SECONDS of CPU time first
#   start_watch BIN [ARGS...]      starts BIN watch -c pipeline.conf ARGS in the background,
#                                  standard error appended to $WATCH_LOG; waits for its
#                                  "started" line; sets WATCH_PID
#   stop_watch SIGNAL [SECONDS]    sends SIGNAL and waits up to SECONDS (10) for the exit;
#                                  sets WATCH_RC and STOP_MS; a daemon that does not exit in
#                                  time is a failure (and is killed)
#   await_exit SIGNAL SECONDS      the waiting half, for a caller that sent SIGNAL itself
#                                  and set _SIGNAL_AT=$(date +%s%N)
#   kill9_watch                    kill -9, and reaps it
#   alive PID                      whether PID runs (a zombie does not)
#   wait_until SECONDS WHAT CMD... polls CMD until it succeeds; a failure after SECONDS
#   n_files DIR                    entries of DIR that are not dot-files
#   n_results                      result files in the outbox (status.json is not one)
#   status_get EXPR                a Python expression of s = outbox/status.json
#   log_clean                      asserts the daemon's log holds no sanitizer report
#   bg CMD...                      runs CMD in the background (killed at the end if still running)
#   watch_tool ARGS...             tests/e2e/watch_tool.py
#
# Daemons and background commands still running when the test ends are killed (kill -9),
# and /proc/sys/fs/inotify/max_queued_events is put back when a test lowered it
# (set INOTIFY_SAVED to its old value).

source "$E2E/lib.sh"

WATCH_LOG="$PWD/watch.log"
: > "$WATCH_LOG"
WATCH_PID=""
WATCH_RC=""
STOP_MS=""
_WATCH_PIDS=()
_BG_PIDS=()
INOTIFY_SAVED=""
SLOW_SECONDS=${SLOW_SECONDS:-1}

_watch_cleanup() {
    local pid
    for pid in "${_WATCH_PIDS[@]}" "${_BG_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
        fi
    done
    if [ -n "$INOTIFY_SAVED" ]; then
        echo "$INOTIFY_SAVED" > /proc/sys/fs/inotify/max_queued_events 2>/dev/null
        INOTIFY_SAVED=""
    fi
}

_watch_exit() {
    local rc=$?
    _watch_cleanup
    (exit "$rc")
    _e2e_finish
}
trap _watch_exit EXIT
trap 'exit 143' TERM INT

watch_tool() { python3 "$E2E/watch_tool.py" "$@"; }

bg() {
    "$@" &
    _BG_PIDS+=($!)
}

watch_setup() {
    mkdir -p plugins inbox outbox done quarantine
    {
        echo "[pipeline]"
        echo "stages = normalize, sentences, tag"
        echo "instruction_limit = 100000000000"
        local line
        for line in "$@"; do
            echo "$line"
        done
        echo
        echo "[tag]"
        echo "type = lua"
        echo "rules = plugins/tag.lua"
    } > pipeline.conf
    write_plugin 1
}

write_plugin() {
    local v=$1 broken=${2:-} file=${3:-plugins/tag.lua}
    if [ -z "$broken" ]; then
        cat > "$file" <<EOF
-- tag.lua version $v
return {
  on_article = function(a)
    if a.title:find("SLOW", 1, true) then
      local t = os.clock()
      while os.clock() - t < $SLOW_SECONDS do end
    end
    a:signal("VERSION", $v, "plugin version $v")
  end,
}
EOF
        return
    fi
    case $((v % 3)) in
    0) printf -- '-- tag.lua version %s (broken: syntax)\nreturn {\n  on_article = function(a)\n    a:signal("VERSION", %s,, "x")\n  end,\n}\n' "$v" "$v" ;;
    1) printf -- '-- tag.lua version %s (broken: error while loading)\nerror("version %s is broken")\nreturn {}\n' "$v" "$v" ;;
    2) printf -- '-- tag.lua version %s (broken: unknown field)\nreturn {\n  on_artikel = function(a) end,\n}\n' "$v" ;;
    esac > "$file"
}

alive() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

_started_lines() {
    grep -cE '(^[0-9T:.Z-]+ started |"event":"started")' "$WATCH_LOG"
}

start_watch() {
    local bin=$1
    shift
    local before
    before=$(_started_lines)
    "$bin" watch -c pipeline.conf "$@" 2>> "$WATCH_LOG" &
    WATCH_PID=$!
    _WATCH_PIDS+=("$WATCH_PID")
    local i
    for ((i = 0; i < 400; i++)); do
        [ "$(_started_lines)" -gt "$before" ] && return 0
        if ! alive "$WATCH_PID"; then
            wait "$WATCH_PID"
            fail "the daemon exited with status $? before it started: $(tail -n 5 "$WATCH_LOG")"
            return 1
        fi
        sleep 0.05
    done
    fail "the daemon did not log 'started' within 20s"
    return 1
}

stop_watch() {
    kill -"$1" "$WATCH_PID"
    _SIGNAL_AT=$(date +%s%N)
    await_exit "$1" "${2:-10}"
}

# await_exit SIGNAL SECONDS: after `kill -SIGNAL $WATCH_PID` (sent by the caller at $_SIGNAL_AT).
await_exit() {
    local sig=$1 limit=$2
    while alive "$WATCH_PID"; do
        if [ $((($(date +%s%N) - _SIGNAL_AT) / 1000000000)) -ge "$limit" ]; then
            fail "the daemon did not exit within ${limit}s of SIG$sig"
            kill -9 "$WATCH_PID"
            break
        fi
        sleep 0.02
    done
    STOP_MS=$((($(date +%s%N) - _SIGNAL_AT) / 1000000))
    wait "$WATCH_PID"
    WATCH_RC=$?
}

kill9_watch() {
    kill -9 "$WATCH_PID"
    wait "$WATCH_PID" 2>/dev/null
    WATCH_RC=$?
}

wait_until() {
    local limit=$1 what=$2
    shift 2
    local start
    start=$(date +%s%N)
    until "$@"; do
        if [ $((($(date +%s%N) - start) / 1000000000)) -ge "$limit" ]; then
            fail "$what: not reached within ${limit}s"
            return 1
        fi
        sleep 0.05
    done
    return 0
}

n_files() {
    find "$1" -mindepth 1 -maxdepth 1 ! -name '.*' -printf x | wc -c
}

n_results() {
    find outbox -mindepth 1 -maxdepth 1 -name '*.json' ! -name status.json ! -name '.*' -printf x | wc -c
}

status_get() {
    python3 -c '
import json, sys
s = json.load(open("outbox/status.json"))
v = eval(sys.argv[1], {"s": s})
print(v if isinstance(v, str) else json.dumps(v))
' "$1"
}

log_clean() {
    if grep -qE 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$WATCH_LOG"; then
        fail "CRASH: sanitizer report in the daemon's log:
$(grep -m 12 -E 'ERROR|runtime error|#[0-9] ' "$WATCH_LOG")"
    else
        pass "no sanitizer report in the daemon's log"
    fi
}

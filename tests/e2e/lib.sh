# lib.sh — helpers for the end-to-end tests; sourced by every tests/e2e/test_*.sh.
#
# run.sh starts each test in a fresh temp folder (the current folder) with:
#   NEWSFLOW          the binary under test (the ASan + UBSan build), absolute
#   NEWSFLOW_RELEASE  the release binary, absolute
#   REPO              the repository root;  E2E  this folder (tests/e2e)
#   NF_SHARED         the shared data folder (../shared of the repo by default)
#
# A test file holds several checks. A failed assertion is recorded and the
# file goes on, so one run shows every failure; the file exits 1 at the end
# when any assertion failed (failures are counted in a file, so assertions
# inside pipelines and subshells count too). `skip REASON` exits 77 (SKIP).
#
#   check NAME                 starts a named group of assertions (shown in the log)
#   fail MESSAGE               records a failure
#   assert_eq EXPECTED ACTUAL [WHAT]
#   assert_contains TEXT NEEDLE [WHAT]       (also assert_not_contains)
#   assert_file_contains FILE NEEDLE [WHAT]
#   assert_match TEXT REGEX [WHAT]           (extended regex, grep -E)
#   expect_exit CODE CMD...    runs CMD with stdout to $OUT, stderr to $ERR (files),
#                              and asserts its exit status
#   nf ARGS...                 runs $NEWSFLOW; a sanitizer report or death by a
#                              signal is recorded as a failure (a crash)
#   nf_release ARGS...         the same with $NEWSFLOW_RELEASE
#   check_output ARGS...       tests/e2e/check_output.py
#   jq_lines FILE EXPR         prints the Python expression EXPR of each result `r`
#   need_shared                skips the file when the shared data is absent
#   copy_pipeline              copies pipeline.conf and plugins/ into the current folder
#   known_bug TEXT             marks the following assertions (until the next check or
#                              a bare known_bug) as showing a newsflow bug
#   done_testing               ends the file (its status says whether every assertion held)

set -u

: "${NEWSFLOW:?NEWSFLOW must name the newsflow binary}"
: "${REPO:?REPO must name the repository root}"
: "${E2E:=$REPO/tests/e2e}"
: "${NF_SHARED:=$REPO/../shared}"
NEWSFLOW_RELEASE=${NEWSFLOW_RELEASE:-$NEWSFLOW}

# Sanitizers: a report must not look like an ordinary exit code (1 and 2 mean something here).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:exitcode=86:abort_on_error=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1:exitcode=86"
export LSAN_OPTIONS="${LSAN_OPTIONS:-}:exitcode=86"

# fd 3 is the test's log: messages reach it even from commands whose output is captured.
exec 3>&1
_E2E_FAILS="$PWD/.e2e-failures"
: > "$_E2E_FAILS"
_E2E_BUG=""
OUT="$PWD/.e2e-stdout"
ERR="$PWD/.e2e-stderr"

_e2e_finish() {
    local rc=$?
    [ "$rc" -eq 77 ] && exit 77
    if [ -s "$_E2E_FAILS" ]; then
        echo "$(wc -l < "$_E2E_FAILS") assertion(s) failed:"
        sed 's/^/  /' "$_E2E_FAILS"
        exit 1
    fi
    if [ "$rc" -ne 0 ]; then
        echo "the test script ended with status $rc (a test ends with done_testing)"
        exit 1
    fi
    exit 0
}

# The last line of every test file.
done_testing() {
    exit 0
}
trap _e2e_finish EXIT

check() {
    _E2E_BUG=""
    echo "-- $*" >&3
}

known_bug() {
    _E2E_BUG="$*"
    [ -z "$*" ] || echo "   (KNOWN NEWSFLOW BUG: $*)" >&3
}

fail() {
    local tag=""
    [ -n "$_E2E_BUG" ] && tag=" [KNOWN NEWSFLOW BUG: $_E2E_BUG]"
    echo "FAIL$tag: $*" >&3
    echo "${tag# }${tag:+ }$*" >> "$_E2E_FAILS"
    return 1
}

pass() {
    echo "   ok: $*" >&3
}

skip() {
    echo "SKIP: $*"
    exit 77
}

assert_eq() {
    local expected=$1 actual=$2 what=${3:-value}
    if [ "$expected" == "$actual" ]; then
        pass "$what = $(_short "$actual")"
    else
        fail "$what: expected [$(_short "$expected")], got [$(_short "$actual")]"
    fi
}

assert_contains() {
    local text=$1 needle=$2 what=${3:-output}
    if [[ "$text" == *"$needle"* ]]; then
        pass "$what contains '$needle'"
    else
        fail "$what does not contain '$needle'; it is: $(_short "$text" 600)"
    fi
}

assert_not_contains() {
    local text=$1 needle=$2 what=${3:-output}
    if [[ "$text" != *"$needle"* ]]; then
        pass "$what does not contain '$needle'"
    else
        fail "$what contains '$needle': $(_short "$text" 600)"
    fi
}

assert_match() {
    local text=$1 regex=$2 what=${3:-output}
    if printf '%s' "$text" | grep -Eq -- "$regex"; then
        pass "$what matches /$regex/"
    else
        fail "$what does not match /$regex/; it is: $(_short "$text" 600)"
    fi
}

assert_file_contains() {
    local file=$1 needle=$2 what=${3:-$1}
    if grep -qF -- "$needle" "$file"; then
        pass "$what contains '$needle'"
    else
        fail "$what does not contain '$needle'; it starts: $(_short "$(head -c 600 "$file")" 600)"
    fi
}

# expect_exit CODE CMD...: stdout goes to $OUT, stderr to $ERR; asserts the exit status.
expect_exit() {
    local expected=$1
    shift
    "$@" > "$OUT" 2> "$ERR"
    local rc=$?
    if [ "$rc" -eq "$expected" ]; then
        pass "exit $rc: $(_short "$*" 160)"
    else
        fail "exit status $rc, expected $expected: $(_short "$*" 300)
      stderr: $(_short "$(head -c 1500 "$ERR")" 1500)"
    fi
    return 0
}

_short() {
    local s=$1 max=${2:-200}
    s=${s//$'\n'/\\n}
    if [ "${#s}" -gt "$max" ]; then
        s="${s:0:$max}..."
    fi
    printf '%s' "$s"
}

# Runs a newsflow binary; stderr is passed on, and checked for sanitizer reports and crashes.
_nf_run() {
    local bin=$1
    shift
    local errf
    errf=$(mktemp "${TMPDIR:-/tmp}/nf-stderr.XXXXXX")
    "$bin" "$@" 2> "$errf"
    local rc=$?
    cat "$errf" >&2
    if grep -qE 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$errf"; then
        fail "CRASH: sanitizer report from: newsflow $(_short "$*" 300)
$(grep -m 12 -E 'ERROR|runtime error|#[0-9] ' "$errf")"
    elif [ "$rc" -ge 86 ]; then
        fail "CRASH: newsflow exited with status $rc (signal $((rc > 128 ? rc - 128 : 0))): newsflow $(_short "$*" 300)"
    fi
    rm -f "$errf"
    return "$rc"
}

nf() { _nf_run "$NEWSFLOW" "$@"; }
nf_release() { _nf_run "$NEWSFLOW_RELEASE" "$@"; }

check_output() { python3 "$E2E/check_output.py" "$@"; }

# jq_lines FILE EXPR: evaluates the Python expression EXPR for each result r of a JSON Lines file.
jq_lines() {
    python3 -c '
import json, sys
expr = compile(sys.argv[2], "expr", "eval")
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        v = eval(expr, {"r": r, "json": json})
        print(v if isinstance(v, str) else json.dumps(v))
' "$1" "$2"
}

need_shared() {
    [ -d "$NF_SHARED" ] || skip "no shared data at $NF_SHARED (set NF_SHARED)"
}

# A copy of the default pipeline and plugins in the current folder, to edit.
copy_pipeline() {
    cp "$REPO/pipeline.conf" . && cp -r "$REPO/plugins" .
}

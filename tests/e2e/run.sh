#!/usr/bin/env bash
# run.sh — runs newsflow's end-to-end tests: real processes, real files.
#
#   NEWSFLOW=./build/asan/newsflow NEWSFLOW_RELEASE=./build/newsflow tests/e2e/run.sh [NAME ...]
#
# Runs every tests/e2e/test_*.sh in sorted order (or only those whose names
# contain one of the NAMEs), each with bash in a fresh temp folder that is
# removed afterwards. Prints PASS, FAIL (with the test's output) or SKIP per
# test and ends with "N passed, N failed[, N skipped]"; exits 1 when any
# test failed. A test exits 0 to pass, 77 to skip, anything else to fail.
#
# Environment: NEWSFLOW (default build/asan/newsflow), NEWSFLOW_RELEASE
# (default build/newsflow), NF_SHARED (default ../shared of the repository),
# E2E_TIMEOUT (seconds per test file, default 300), E2E_VERBOSE=1 (show the
# output of passing tests too).
set -u

E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$E2E/../.." && pwd)

absolute() {
    case $1 in
    /*) printf '%s' "$1" ;;
    *) printf '%s' "$PWD/$1" ;;
    esac
}

NEWSFLOW=$(absolute "${NEWSFLOW:-$REPO/build/asan/newsflow}")
NEWSFLOW_RELEASE=$(absolute "${NEWSFLOW_RELEASE:-$REPO/build/newsflow}")
NF_SHARED=${NF_SHARED:-$REPO/../shared}
[ -d "$NF_SHARED" ] && NF_SHARED=$(cd "$NF_SHARED" && pwd)
TIMEOUT=${E2E_TIMEOUT:-300}
export NEWSFLOW NEWSFLOW_RELEASE NF_SHARED REPO E2E

for bin in "$NEWSFLOW" "$NEWSFLOW_RELEASE"; do
    if [ ! -x "$bin" ]; then
        echo "run.sh: no newsflow binary at $bin (make build/newsflow build/asan/newsflow)" >&2
        exit 2
    fi
done

tests=()
for t in "$E2E"/test_*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t")
    if [ $# -gt 0 ]; then
        wanted=false
        for pattern in "$@"; do
            [[ $name == *"$pattern"* ]] && wanted=true
        done
        $wanted || continue
    fi
    tests+=("$t")
done
if [ ${#tests[@]} -eq 0 ]; then
    echo "run.sh: no tests to run" >&2
    exit 2
fi

# Seconds since a `date +%s%N` time, to a tenth.
tenths() {
    local t=$((($(date +%s%N) - $1) / 100000000))
    printf '%d.%d' $((t / 10)) $((t % 10))
}

passed=0 failed=0 skipped=0
failed_names=()
log=$(mktemp "${TMPDIR:-/tmp}/newsflow-e2e-log.XXXXXX")
bugs=$(mktemp "${TMPDIR:-/tmp}/newsflow-e2e-bugs.XXXXXX")
suite_start=$(date +%s%N)
trap 'rm -f "$log" "$bugs"' EXIT

for t in "${tests[@]}"; do
    name=$(basename "$t" .sh)
    work=$(mktemp -d "${TMPDIR:-/tmp}/newsflow-e2e-$name.XXXXXX")
    start=$(date +%s%N)
    (cd "$work" && TMPDIR="$work" exec timeout --kill-after=10 "$TIMEOUT" bash "$t") > "$log" 2>&1
    rc=$?
    secs=$(tenths "$start")
    chmod -R u+rwx "$work" 2>/dev/null
    rm -rf "$work"
    case $rc in
    0)
        passed=$((passed + 1))
        echo "PASS  $name (${secs}s)"
        [ "${E2E_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "$log"
        ;;
    77)
        skipped=$((skipped + 1))
        echo "SKIP  $name: $(grep -m1 '^SKIP' "$log" | sed 's/^SKIP: *//')"
        ;;
    *)
        failed=$((failed + 1))
        failed_names+=("$name")
        [ "$rc" -eq 124 ] && echo "    (timed out after ${TIMEOUT}s)" >> "$log"
        echo "FAIL  $name (${secs}s, status $rc)"
        sed 's/^/    /' "$log"
        grep '^FAIL' "$log" | grep -o 'KNOWN NEWSFLOW BUG: [^]]*' | sed "s/^KNOWN NEWSFLOW BUG: /$name: /" >> "$bugs"
        ;;
    esac
done

total=$(tenths "$suite_start")
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
if [ "$failed" -gt 0 ]; then
    echo "failed: ${failed_names[*]}"
    if [ -s "$bugs" ]; then
        echo "known newsflow bugs these failures show (checks marked KNOWN NEWSFLOW BUG):"
        sort -u "$bugs" | sed 's/^/  /'
    fi
fi
echo "e2e suite took ${total}s"
echo "$summary"
[ "$failed" -eq 0 ]

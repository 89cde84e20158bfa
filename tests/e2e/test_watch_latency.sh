# test_watch_latency.sh — figures for `newsflow watch` (RELEASE binary, 2 workers, default
# settle 500ms and rescan 5s), printed; only sanity bounds are asserted:
#   * latency on an idle daemon, from a file dropped to its result renamed into the outbox
#     (seen with inotify): 200 files renamed in one at a time (old mtime: taken at once; each
#     0-130 ms after the previous result, so that arrivals are independent of the daemon's 125 ms
#     settle tick), and 200 files written in place 30 ms apart (they wait for the settle time); the daemon's own
#     time per file (its log's "(N ms)", job start to job end) is printed beside;
#   * sustained articles/s: 3,000 files renamed into the inbox at once, the rate from the first
#     result to the last, with this suite's small pipeline (the daemon's own cost: reading,
#     writing and fsyncing results, moving inputs), and 1,000 real articles (examples/*.txt
#     copied) with the default pipeline (when it loads); `newsflow run -w 2` over the same files
#     is timed beside, for comparison.
source "$E2E/watch_lib.sh"

watch_setup "workers = 2"
: > figures.txt

check "latency: files renamed into the inbox one at a time (old mtime)"
watch_tool gen stage 200 --prefix r --old
start_watch "$NEWSFLOW_RELEASE" -w 2
watch_tool latency-rename stage inbox outbox 200 > rename.txt
assert_eq 0 "$?" "the measurement's exit status"
python3 - "$WATCH_LOG" >> rename.txt <<'EOF'
import re, statistics, sys
ms = sorted(int(m) for m in re.findall(r" processed inbox/r\d+\.txt: .*\((\d+) ms, ", open(sys.argv[1]).read()))
print(f"  of which the daemon's own time per file (job start to end, as logged): median {statistics.median(ms)} ms, "
      f"max {ms[-1]} ms")
EOF
sed 's/^/   /' rename.txt | tee -a figures.txt
eval "$(grep '^MEDIAN_MS=' rename.txt)"
python3 -c "import sys; sys.exit(not (0 < ${MEDIAN_MS:-0} < 500 and ${P99_MS:-0} < 2000))" &&
    pass "median ${MEDIAN_MS:-?} ms < 500 ms, p99 ${P99_MS:-?} ms < 2 s" ||
    fail "latency of renamed files out of bounds: median ${MEDIAN_MS:-?} ms, p99 ${P99_MS:-?} ms"

check "latency: files written in place, 30 ms apart (they wait for the 500 ms settle time)"
watch_tool latency-write inbox outbox 200 --gap 0.03 > write.txt
assert_eq 0 "$?" "the measurement's exit status"
sed 's/^/   /' write.txt | tee -a figures.txt
eval "$(grep '^MEDIAN_MS=' write.txt)"
python3 -c "import sys; sys.exit(not (500 <= ${MEDIAN_MS:-0} < 2000 and ${P99_MS:-0} < 3000))" &&
    pass "500 ms <= median ${MEDIAN_MS:-?} ms < 2 s, p99 ${P99_MS:-?} ms < 3 s" ||
    fail "latency of files written in place out of bounds: median ${MEDIAN_MS:-?} ms, p99 ${P99_MS:-?} ms"
assert_eq 400 "$(n_results)" "results"
stop_watch TERM 10
assert_eq 0 "$WATCH_RC" "exit status"

# throughput LABEL CONFIG N: N files renamed in at once; prints and checks the rate.
throughput() {
    local label=$1 config=$2 n=$3
    rm -rf inbox outbox done quarantine
    mkdir inbox
    : > "$WATCH_LOG"
    # start_watch runs -c pipeline.conf; a later -c takes precedence
    start_watch "$NEWSFLOW_RELEASE" -c "$config" --inbox inbox --outbox outbox --done done \
        --quarantine quarantine -w 2 --quiet
    # For comparison: `newsflow run` over the same files (results to /dev/null, no fsync).
    local t0 secs
    t0=$(date +%s%N)
    "$NEWSFLOW_RELEASE" run -c "$config" -w 2 stage > /dev/null 2>&1
    secs=$((($(date +%s%N) - t0) / 1000000))
    echo "   $label: for comparison, newsflow run -w 2 over the same files: $((n * 1000 / (secs > 0 ? secs : 1))) articles/s" |
        tee -a figures.txt
    watch_tool throughput stage inbox outbox "$n" > rate.txt
    assert_eq 0 "$?" "the measurement's exit status"
    sed "s/^/   $label: /" rate.txt | tee -a figures.txt
    eval "$(grep '^RATE=' rate.txt)"
    [ "${RATE:-0}" -ge 20 ] && pass "$label: ${RATE} articles/s >= 20" || fail "$label: ${RATE:-?} articles/s"
    assert_eq "$n" "$(n_results)" "$label: results"
    stop_watch TERM 10
    assert_eq 0 "$WATCH_RC" "$label: exit status"
    log_clean
}

check "sustained articles/s, the small pipeline (normalize, sentences, a Lua stage)"
rm -rf stage
watch_tool gen stage 3000 --prefix t --old
throughput "small pipeline, 3000 files" pipeline.conf 3000

check "sustained articles/s, the default pipeline"
mkdir default
(cd default && copy_pipeline)
# Other work may leave the default rules broken or slow for a while: a figure only when they
# load and run the examples within 20 s.
mkdir examples
cp "$REPO"/examples/*.txt examples/
if "$NEWSFLOW_RELEASE" check -c default/pipeline.conf > /dev/null 2>&1 &&
    [ "$(timeout 20 "$NEWSFLOW_RELEASE" run -c default/pipeline.conf -w 2 examples 2> /dev/null | wc -l)" -eq \
        "$(n_files examples)" ]; then
    rm -rf stage
    mkdir stage
    for ((i = 0; i < 200; i++)); do
        for f in "$REPO"/examples/*.txt; do
            cp "$f" "stage/$(basename "$f" .txt)_$i.txt"
        done
    done
    touch -d '1 minute ago' stage/*
    throughput "default pipeline, $(n_files stage) real articles" default/pipeline.conf "$(n_files stage)"
else
    echo "   no figure: the default pipeline does not load or run the examples at the moment:" \
        "$("$NEWSFLOW_RELEASE" check -c default/pipeline.conf 2>&1 | head -n 2)"
fi

echo "figures:"
sed 's/^ *//' figures.txt | grep -v '=' | sed 's/^/   /'

done_testing

# test_memory.sh — memory does not grow with the number of inputs: the RELEASE binary
# runs over a folder of 100,000 small articles with two workers; its peak RSS stays
# under 100 MB and every article gets its result, in order.
source "$E2E/lib.sh"

N=${E2E_MEMORY_ARTICLES:-100000}
LIMIT_MB=100

check "generate $N small articles"
python3 - "$N" <<'EOF'
import os, random, sys
n = int(sys.argv[1])
random.seed(42)
names = ["Vladimir Putin", "Bashar al-Assad", "Syria", "Russia", "the Pentagon", "NATO",
         "Islamic State", "Moscow", "Homs", "John Kerry", "the United Nations"]
verbs = ["said", "told reporters", "warned", "claimed", "added"]
os.mkdir("inbox")
for i in range(n):
    a, b = random.sample(names, 2)
    body = (f"{a} met {b} on Monday. \"We will not stop,\" {a} {random.choice(verbs)}. "
            f"Strikes reportedly killed {random.randint(2, 90)} people near {random.choice(names)}, "
            f"according to {b}. Article number {i} of the run.")
    with open(f"inbox/a{i:06d}.txt", "w") as f:
        f.write(f"Report {i}: {a} and {b}\n\n{body}\n")
EOF
assert_eq "$N" "$(ls inbox | wc -l)" "files"

check "run -w 2 over the folder with the release binary: peak RSS under $LIMIT_MB MB"
python3 - "$NEWSFLOW_RELEASE" "$REPO/pipeline.conf" "$N" "$LIMIT_MB" <<'EOF' > memory.txt
import json, resource, subprocess, sys, time
binary, conf, n, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
start = time.monotonic()
p = subprocess.Popen([binary, "run", "-c", conf, "-w", "2", "inbox"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
lines, bad, errors = 0, [], 0
for line in p.stdout:
    # Every 997th result is parsed: its id must be the file at its place in sorted order.
    if lines % 997 == 0:
        r = json.loads(line)
        if r["id"] != f"a{lines:06d}":
            bad.append(f"result {lines} is {r['id']}")
        errors += len(r["errors"])
    lines += 1
stderr = p.stderr.read().decode(errors="replace")
rc = p.wait()
secs = time.monotonic() - start
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"peak RSS {rss_mb:.0f} MB for {lines} files ({secs:.1f}s, exit {rc})")
print(f"RSS_MB={rss_mb:.0f} LINES={lines} EXIT={rc} OUT_OF_ORDER={len(bad)} ERRORS={errors}")
if bad or stderr:
    print("; ".join(bad[:5]), stderr[:500])
EOF
cat memory.txt
eval "$(grep '^RSS_MB=' memory.txt)"
assert_eq "$N" "${LINES:-}" "results"
assert_eq 0 "${EXIT:-}" "exit status"
assert_eq 0 "${OUT_OF_ORDER:-}" "sampled results out of input order"
assert_eq 0 "${ERRORS:-}" "errors in sampled results"
if [ "${RSS_MB:-999999}" -le "$LIMIT_MB" ]; then
    pass "peak RSS ${RSS_MB} MB <= $LIMIT_MB MB"
else
    fail "peak RSS ${RSS_MB:-?} MB for $N files, over $LIMIT_MB MB"
fi

done_testing

#!/usr/bin/env python3
"""watch_tool.py — the moving parts of the `newsflow watch` tests (tests/e2e/test_watch_*.sh).

    watch_tool.py gen DIR N [--prefix P] [--start I] [--jsonl K] [--json K] [--old] [--title-word W]
        writes N small articles into DIR: P00000.txt ... (with --json K, every K-th is a .json;
        with --jsonl K, every K-th file is a .jsonl holding 5 articles, so N counts ARTICLES);
        --old dates them a minute back, as files renamed into an inbox usually are.
    watch_tool.py feed SRC DST --batch N --interval S
        moves SRC's files into DST (rename, same file system) N at a time, S seconds apart.
    watch_tool.py slow-copy SRC DST --pieces K --over S [--parallel N]
        writes each of SRC's files into DST in K pieces spread over S seconds (in place, under
        its final name: the slow writer the settle time is for), N files at a time.
    watch_tool.py slow-append DIR N --interval S --until FILE [--needle TEXT] [--pause P]
        writes N articles DIR/p00000.txt ... in place, a line every S seconds each, until FILE
        exists (with --needle: until FILE holds TEXT); then, P seconds later, a last line, and
        they are closed.
    watch_tool.py rss PID                         prints VmRSS of PID in kB
    watch_tool.py memory PID SRC INBOX --batch N --checkpoint C
        feeds SRC into INBOX N files at a time, waiting for the inbox to empty after each, and
        prints the daemon's RSS after every batch; ends with FIRST_KB= (after the batch that
        reaches C articles) LAST_KB= (after all) lines.
    watch_tool.py latency-rename STAGE INBOX OUTBOX N [--phase S]
        files renamed in one at a time, each 0..S seconds after the previous result
    watch_tool.py latency-write INBOX OUTBOX N --gap S     files written in place, S apart
        print each latency and MEDIAN_MS= P99_MS= lines (file dropped -> its result renamed
        into the outbox, seen with inotify).
    watch_tool.py throughput SRC INBOX OUTBOX N
        moves N files into the inbox at once; prints RATE= articles/s from the first to
        the last result and TOTAL_S=.
"""

import argparse
import ctypes
import os
import random
import select
import struct
import sys
import time

NAMES = ["Vladimir Putin", "Bashar al-Assad", "Syria", "Russia", "the Pentagon", "NATO",
         "Islamic State", "Moscow", "Homs", "John Kerry", "the United Nations", "Aleppo"]
VERBS = ["said", "told reporters", "warned", "claimed", "added"]


def article(i, rng, word=""):
    a, b = rng.sample(NAMES, 2)
    title = f"Report {i}{' ' + word if word else ''}: {a} and {b}"
    body = (f"{a} met {b} on Monday. \"We will not stop,\" {a} {rng.choice(VERBS)}. "
            f"Strikes reportedly killed {rng.randint(2, 90)} people near {rng.choice(NAMES)}, "
            f"according to {b}. Article number {i} of the run, “quoted” — and dashed.")
    return title, body


def cmd_gen(args):
    import json
    rng = random.Random(args.seed if args.seed is not None else args.start)
    os.makedirs(args.dir, exist_ok=True)
    old = time.time() - 60
    i = args.start
    end = args.start + args.n
    k = 0
    while i < end:
        k += 1
        name = f"{args.prefix}{i:05d}"
        if args.jsonl and k % args.jsonl == 0 and end - i >= 5:
            path = os.path.join(args.dir, name + ".jsonl")
            with open(path, "w", encoding="utf-8") as f:
                for j in range(5):
                    title, body = article(i + j, rng, args.title_word)
                    f.write(json.dumps({"id": f"{args.prefix}{i + j:05d}", "title": title, "text": body,
                                        "url": f"https://example.com/{i + j}"}, ensure_ascii=False) + "\n")
            i += 5
        else:
            title, body = article(i, rng, args.title_word)
            if args.json and k % args.json == 0:
                path = os.path.join(args.dir, name + ".json")
                with open(path, "w", encoding="utf-8") as f:
                    json.dump({"title": title, "text": body, "url": f"https://example.com/{i}"}, f,
                              ensure_ascii=False)
            else:
                path = os.path.join(args.dir, name + ".txt")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(f"{title}\n\n{body}\n")
            i += 1
        if args.old:
            os.utime(path, (old, old))


def cmd_feed(args):
    names = sorted(os.listdir(args.src))
    for n in range(0, len(names), args.batch):
        for name in names[n:n + args.batch]:
            os.rename(os.path.join(args.src, name), os.path.join(args.dst, name))
        time.sleep(args.interval)


def cmd_slow_copy(args):
    names = sorted(os.listdir(args.src))
    step = args.over / args.pieces
    for n in range(0, len(names), args.parallel):
        group = names[n:n + args.parallel]
        data = []
        for name in group:
            with open(os.path.join(args.src, name), "rb") as f:
                data.append(f.read())
        files = [open(os.path.join(args.dst, name), "wb", buffering=0) for name in group]
        for p in range(args.pieces):
            for f, d in zip(files, data):
                size = (len(d) + args.pieces - 1) // args.pieces
                f.write(d[p * size:(p + 1) * size])
            time.sleep(step)
        for f in files:
            f.close()


def cmd_slow_append(args):
    rng = random.Random(3)
    files = []
    for i in range(args.n):
        title, body = article(i, rng)
        f = open(os.path.join(args.dir, f"p{i:05d}.txt"), "w", buffering=1)
        f.write(f"{title}\n\n{body}\n")
        files.append(f)
    def stop():
        if args.needle is None:
            return os.path.exists(args.until)
        try:
            with open(args.until) as f:
                return args.needle in f.read()
        except OSError:
            return False

    k = 0
    next_at = time.monotonic() + args.interval
    while not stop():
        if time.monotonic() >= next_at:
            k += 1
            for f in files:
                f.write(f"Line {k} of a file still being written.\n")
            next_at += args.interval
        time.sleep(0.005)
    time.sleep(args.pause)
    for f in files:
        f.write("The last line.\n")
        f.close()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise SystemExit(f"no VmRSS for {pid}")


def cmd_rss(args):
    print(rss_kb(args.pid))


def wait_empty(folder, pid, timeout):
    deadline = time.monotonic() + timeout
    while True:
        with os.scandir(folder) as it:
            if not any(True for e in it if not e.name.startswith(".")):
                return
        if time.monotonic() > deadline:
            raise SystemExit(f"the inbox did not empty within {timeout}s")
        os.kill(pid, 0)
        time.sleep(0.02)


def articles_in(path):
    if not path.endswith(".jsonl"):
        return 1
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())


def cmd_memory(args):
    names = sorted(os.listdir(args.src))
    done = 0
    first = None
    start = time.monotonic()
    for n in range(0, len(names), args.batch):
        for name in names[n:n + args.batch]:
            done += articles_in(os.path.join(args.src, name))
            os.rename(os.path.join(args.src, name), os.path.join(args.inbox, name))
        wait_empty(args.inbox, args.pid, 60)
        # The input leaves the inbox right after its result is written; let the last job end.
        time.sleep(0.05)
        kb = rss_kb(args.pid)
        print(f"after {done:6d} articles: VmRSS {kb} kB", flush=True)
        if first is None and done >= args.checkpoint:
            first = kb
    print(f"{done} articles in {len(names)} files in {time.monotonic() - start:.1f}s")
    print(f"FIRST_KB={first} LAST_KB={kb} ARTICLES={done}")


# ---------------------------------------------------------------- inotify

IN_MOVED_TO = 0x00000080
libc = ctypes.CDLL("libc.so.6", use_errno=True)


class Results:
    """Reports result files renamed into the outbox, with the time they appeared."""

    def __init__(self, outbox):
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0 or libc.inotify_add_watch(self.fd, os.fsencode(outbox), IN_MOVED_TO) < 0:
            raise OSError(ctypes.get_errno(), "inotify")

    def wait(self, timeout):
        """Returns [(name, time)] of the results that arrived, waiting up to timeout for one
        ([] when none came)."""
        deadline = time.monotonic() + timeout
        while True:
            r, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            now = time.monotonic()
            if not r:
                return []
            data = os.read(self.fd, 1 << 20)
            out = []
            pos = 0
            while pos < len(data):
                _wd, mask, _cookie, length = struct.unpack_from("iIII", data, pos)
                name = data[pos + 16:pos + 16 + length].rstrip(b"\0").decode(errors="replace")
                pos += 16 + length
                if mask & IN_MOVED_TO and name.endswith(".json") and name != "status.json":
                    out.append((name, now))
            if out or now >= deadline:
                return out


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def report_latencies(lat, what):
    ms = [x * 1000 for x in lat]
    print(f"{what}: {len(ms)} files, median {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
          f"min {min(ms):.1f} ms, max {max(ms):.1f} ms")
    print(f"MEDIAN_MS={percentile(ms, 50):.1f} P99_MS={percentile(ms, 99):.1f} N={len(ms)}")


def cmd_latency_rename(args):
    rng = random.Random(7)
    results = Results(args.outbox)
    names = sorted(os.listdir(args.stage))[:args.n]
    lat = []
    for name in names:
        # A random phase against the daemon's timers (its settle tick is 125 ms by default):
        # files arrive independently of the daemon's rhythm, as they do in life.
        time.sleep(rng.uniform(0.0, args.phase))
        t0 = time.monotonic()
        os.rename(os.path.join(args.stage, name), os.path.join(args.inbox, name))
        want = os.path.splitext(name)[0] + ".json"
        got = None
        while got is None:
            events = results.wait(10)
            if not events:
                raise SystemExit(f"no result for {name} within 10s")
            for n, t in events:
                if n == want:
                    got = t
        lat.append(got - t0)
    report_latencies(lat, "renamed in (old mtime)")


def cmd_latency_write(args):
    results = Results(args.outbox)
    rng = random.Random(11)
    written = {}
    lat = []
    pending = set()
    next_at = time.monotonic()
    i = 0
    deadline = None
    while i < args.n or pending:
        now = time.monotonic()
        if i < args.n and now >= next_at:
            name = f"w{i:05d}"
            title, body = article(i, rng)
            with open(os.path.join(args.inbox, name + ".txt"), "w") as f:
                f.write(f"{title}\n\n{body}\n")
            written[name + ".json"] = time.monotonic()
            pending.add(name + ".json")
            i += 1
            next_at += args.gap
            if i == args.n:
                deadline = time.monotonic() + 15
        for n, t in results.wait(max(0.0, min(0.01, next_at - time.monotonic()))):
            if n in pending:
                pending.discard(n)
                lat.append(t - written[n])
        if deadline and time.monotonic() > deadline:
            raise SystemExit(f"{len(pending)} results missing 15s after the last file")
    report_latencies(lat, f"written in place ({args.gap * 1000:.0f} ms apart)")


def cmd_throughput(args):
    results = Results(args.outbox)
    names = sorted(os.listdir(args.src))[:args.n]
    t0 = time.monotonic()
    for name in names:
        os.rename(os.path.join(args.src, name), os.path.join(args.inbox, name))
    moved = time.monotonic() - t0
    times = []
    while len(times) < len(names):
        events = results.wait(20)
        if not events:
            raise SystemExit(f"only {len(times)} of {len(names)} results, then nothing for 20s")
        times.extend(t for _, t in events)
    first, last = times[0], times[-1]
    rate = (len(times) - 1) / (last - first) if last > first else float("inf")
    print(f"{len(names)} files moved in in {moved:.2f}s; first result after {first - t0:.2f}s, "
          f"last after {last - t0:.2f}s")
    print(f"sustained {rate:.0f} articles/s ({len(times)} results in {last - first:.2f}s, first to last)")
    print(f"RATE={rate:.0f} TOTAL_S={last - t0:.2f} N={len(times)}")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("dir")
    g.add_argument("n", type=int)
    g.add_argument("--prefix", default="a")
    g.add_argument("--start", type=int, default=0)
    g.add_argument("--seed", type=int)
    g.add_argument("--json", type=int, default=0)
    g.add_argument("--jsonl", type=int, default=0)
    g.add_argument("--old", action="store_true")
    g.add_argument("--title-word", default="")
    f = sub.add_parser("feed")
    f.add_argument("src")
    f.add_argument("dst")
    f.add_argument("--batch", type=int, default=50)
    f.add_argument("--interval", type=float, default=0.1)
    s = sub.add_parser("slow-copy")
    s.add_argument("src")
    s.add_argument("dst")
    s.add_argument("--pieces", type=int, default=10)
    s.add_argument("--over", type=float, default=1.0)
    s.add_argument("--parallel", type=int, default=100)
    sa = sub.add_parser("slow-append")
    sa.add_argument("dir")
    sa.add_argument("n", type=int)
    sa.add_argument("--interval", type=float, default=0.4)
    sa.add_argument("--until", required=True)
    sa.add_argument("--needle")
    sa.add_argument("--pause", type=float, default=0.0)
    r = sub.add_parser("rss")
    r.add_argument("pid", type=int)
    m = sub.add_parser("memory")
    m.add_argument("pid", type=int)
    m.add_argument("src")
    m.add_argument("inbox")
    m.add_argument("--batch", type=int, default=1000)
    m.add_argument("--checkpoint", type=int, default=2000)
    lr = sub.add_parser("latency-rename")
    lr.add_argument("stage")
    lr.add_argument("inbox")
    lr.add_argument("outbox")
    lr.add_argument("n", type=int)
    lr.add_argument("--phase", type=float, default=0.13)
    lw = sub.add_parser("latency-write")
    lw.add_argument("inbox")
    lw.add_argument("outbox")
    lw.add_argument("n", type=int)
    lw.add_argument("--gap", type=float, default=0.05)
    t = sub.add_parser("throughput")
    t.add_argument("src")
    t.add_argument("inbox")
    t.add_argument("outbox")
    t.add_argument("n", type=int)
    args = p.parse_args(argv)
    {"gen": cmd_gen, "feed": cmd_feed, "slow-copy": cmd_slow_copy, "slow-append": cmd_slow_append,
     "rss": cmd_rss, "memory": cmd_memory,
     "latency-rename": cmd_latency_rename, "latency-write": cmd_latency_write,
     "throughput": cmd_throughput}[args.cmd](args)


if __name__ == "__main__":
    main(sys.argv[1:])

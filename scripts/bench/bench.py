#!/usr/bin/env python3
"""
bench.py — `make bench`: newsflow's speed, side by side with a baseline
(grep) and peers (compromise, wink-nlp), against the targets of the issue.

    python3 scripts/bench/bench.py [--size MIB] [--repeat N] [--no-jsonl] [--no-peers]

What it measures (docs/performance.md explains every figure):

  * the default pipeline over a corpus of at least 100 MiB (a folder of
    many .txt files, build/bench/corpus-100MB/, and the same articles as
    JSON Lines), with 1 worker and with one worker per core: articles/s,
    MB/s, the child's peak RSS; output to /dev/null, so that nothing but
    newsflow is timed;
  * where the time goes: a separate 1-worker run over the first copy of the
    corpus, its output to a file, then the timings_us of every article
    summed per stage;
  * the baseline, on the same files: grep -F -w -o -f PATTERNS, PATTERNS
    being every name and alias of the default entity lists (patterns.py);
  * the peers, when node is installed: compromise and wink-nlp on the fixed
    1 MiB sample (peers.js; installed into build/bench/peers/);
  * the memory of the compiled rules (the peak RSS of a run of one article)
    and the start-up time (the median wall time of that run).

Every throughput is the best of --repeat runs (default 3), the rounds
interleaved so that a slow moment of a shared machine does not fall on one
program only. It prints one table on standard output (also saved to
build/bench/report.txt) and exits 0, whether the targets are met or not;
1 only when something could not run.

Python 3 standard library only.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common   # noqa: E402
import patterns  # noqa: E402
from common import REPO, BENCH_DIR, MiB, log, run_measured, check_run, RunFailed  # noqa: E402

GREP_LOCALE = "C.UTF-8"   # GNU grep -F -w is far slower under LC_ALL=C; every Debian has C.UTF-8
PEERS_SRC = os.path.join(REPO, "scripts", "bench", "peers")
PEERS_DIR = os.path.join(BENCH_DIR, "peers")
PEERS = ("compromise", "wink-nlp", "wink-eng-lite-web-model")

# The targets of the issue "Speed: make bench".
TARGET_MBS = 50.0           # default pipeline, 1 worker
TARGET_GREP_RATIO = 0.15    # newsflow 1 worker / grep baseline
TARGET_WINK_RATIO = 25.0    # newsflow 1 worker / wink-nlp
TARGET_COMPROMISE_RATIO = 500.0
TARGET_SCALING_PER_CORE = 0.9   # one worker per core: >= 1.8x the 1-worker throughput on 2 cores
TARGET_RSS_ABOVE_RULES_MB = 64.0
TARGET_STARTUP_MS = 100.0


def newsflow_run(binary, config, workers, inputs):
    return [binary, "run", "-c", config, "-w", str(workers)] + list(inputs)


# --------------------------------------------------------------------------
# Measurements

def best_of(runs):
    """The fastest run; peak RSS is the highest of all runs (memory is not noise to be filtered)."""
    best = min(runs, key=lambda r: r.wall)
    best.maxrss_kib = max(r.maxrss_kib for r in runs)
    best.n = len(runs)
    return best


def measure_startup(binary, config, n_runs):
    """
    The run of one article: its median wall time (start-up, rules compiled
    and one article processed) and peak RSS (the compiled rules, one worker's
    Lua state and the process itself). Also the peak RSS of `newsflow check`.
    """
    article = common.one_article()
    argv = newsflow_run(binary, config, 1, [article])

    def one():
        return check_run(run_measured(argv, timeout=120), (0, 1), "newsflow run of one article")

    one()   # warms the page cache
    runs = [one() for _ in range(n_runs)]
    chk = check_run(run_measured([binary, "check", "-c", config], timeout=120), (0,), "newsflow check")
    return {"article": os.path.relpath(article, REPO), "runs": n_runs,
            "median_ms": statistics.median(r.wall for r in runs) * 1e3,
            "rss_kib": max(r.maxrss_kib for r in runs), "check_rss_kib": chk.maxrss_kib}


def breakdown(binary, config, corpus):
    """
    Where the time goes: one 1-worker run over the corpus's first copy (at
    least 4 MiB), output to a file, then each stage's timings_us summed over
    every article. The run is separate from the timed ones, so that neither
    writing the output nor reading it here weighs on them.
    """
    files, nbytes, copies = common.corpus_first_copies(corpus, 4 * MiB)
    out_path = os.path.join(BENCH_DIR, "breakdown.jsonl")
    with open(out_path, "wb") as out:
        r = check_run(run_measured(newsflow_run(binary, config, 1, files), stdout=out), (0, 1),
                      "newsflow run (breakdown)")
    stages, articles, with_errors = {}, 0, 0
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            res = json.loads(line)
            articles += 1
            with_errors += bool(res.get("errors"))
            for name, us in (res.get("timings_us") or {}).items():
                stages[name] = stages.get(name, 0) + us
    return {"articles": articles, "bytes": nbytes, "wall": r.wall, "stages": stages,
            "with_errors": with_errors, "copies": copies}


def peers_installed():
    """True when build/bench/peers holds the pinned packages."""
    try:
        with open(os.path.join(PEERS_SRC, "package.json"), encoding="utf-8") as f:
            want = f.read()
        with open(os.path.join(PEERS_DIR, "package.json"), encoding="utf-8") as f:
            have = f.read()
    except OSError:
        return False
    return want == have and all(
        os.path.isfile(os.path.join(PEERS_DIR, "node_modules", p, "package.json")) for p in PEERS)


def install_peers():
    """npm install of scripts/bench/peers/package.json into build/bench/peers/ (cached)."""
    if peers_installed():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RunFailed("npm is not installed: cannot install the peer libraries")
    log("installing the peer libraries into build/bench/peers/ (npm)")
    os.makedirs(PEERS_DIR, exist_ok=True)
    shutil.copyfile(os.path.join(PEERS_SRC, "package.json"), os.path.join(PEERS_DIR, "package.json"))
    out = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
                         cwd=PEERS_DIR, capture_output=True, text=True, timeout=900)
    if out.returncode != 0 or not peers_installed():
        tail = " | ".join((out.stderr or out.stdout).strip().splitlines()[-3:])
        raise RunFailed(f"npm install of the peers failed: {tail}")


def measure_peers(sample):
    install_peers()
    log(f"peers on {os.path.relpath(sample['path'], REPO)} (compromise takes a while)")
    script = os.path.join(REPO, "scripts", "bench", "peers.js")
    out = subprocess.run(["node", script, PEERS_DIR, sample["path"], "3", "60"],
                         capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise RunFailed(f"peers.js: exit {out.returncode}: {out.stderr.strip()[-300:]}")
    return {p["name"]: p for p in map(json.loads, out.stdout.splitlines())}


# --------------------------------------------------------------------------
# The report

def mbs(nbytes, seconds):
    return nbytes / seconds / 1e6


def fmt_rate(x):
    return f"{x:.3g}" if x < 100 else f"{x:,.0f}"


def fmt_ratio(x):
    return f"{x:.3f}" if x < 1 else f"{x:.3g}" if x < 100 else f"{x:,.0f}"


def verdict(ok):
    return "PASS" if ok else "MISS"


class Table:
    """Rows of (what, figure, target, verdict), printed in aligned columns."""

    def __init__(self):
        self.rows = []

    def add(self, what, figure="", target="", status=""):
        self.rows.append((what, figure, target, status))

    def lines(self):
        head = ("measure", "figure", "target", "")
        w = [max(len(r[i]) for r in self.rows + [head]) for i in range(3)]
        out = [f"{head[0]:<{w[0]}}  {head[1]:<{w[1]}}  {head[2]:<{w[2]}}",
               "-" * (w[0] + w[1] + w[2] + 10)]
        for what, fig, tgt, st in self.rows:
            out.append(f"{what:<{w[0]}}  {fig:<{w[1]}}  {tgt:<{w[2]}}  {st}".rstrip())
        return out


def main():
    ap = argparse.ArgumentParser(description="newsflow's speed against its baseline, peers and targets")
    ap.add_argument("--newsflow", default="build/newsflow", help="the binary (an -O2 build)")
    ap.add_argument("-c", "--config", default="pipeline.conf", help="the pipeline (default pipeline.conf)")
    ap.add_argument("--size", type=int, default=100, help="corpus size in MiB (default 100)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per throughput figure, best counts (default 3)")
    ap.add_argument("--startup-runs", type=int, default=11, help="runs of one article for the start-up median")
    ap.add_argument("--no-jsonl", action="store_true", help="skip the JSON Lines form of the corpus")
    ap.add_argument("--no-peers", action="store_true", help="skip compromise and wink-nlp")
    args = ap.parse_args()
    os.chdir(REPO)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # so that the snapshot is removed
    if not os.access(args.newsflow, os.X_OK):
        sys.exit(f"bench: {args.newsflow} is missing: run `make bench`, which builds it")
    # Measure a copy: the working tree may be rebuilt or its rules edited while the bench runs.
    binary, config, snap = common.snapshot(args.newsflow, args.config)
    try:
        bench(args, binary, config)
    finally:
        shutil.rmtree(snap, ignore_errors=True)


def bench(args, binary, config):
    cores = common.nproc()
    load = common.load_average()
    # Described now, when the snapshot was taken: the commit may move while the bench runs.
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = [f"newsflow bench — {started}"] + common.machine_lines(("grep", "node"))
    problems = []       # what could not run: reported in the table, exit 1

    # ---- inputs
    corpus = common.build_corpus(args.size, jsonl=not args.no_jsonl)
    sample = common.build_sample(1)
    pat_path = os.path.join(BENCH_DIR, "patterns.txt")
    pat = patterns.write_patterns(config, pat_path)

    # ---- start-up and the compiled rules' memory
    log(f"start-up: {args.startup_runs} runs of one article")
    try:
        startup = measure_startup(binary, config, args.startup_runs)
    except RunFailed as e:
        problems.append(str(e))
        startup = None

    # ---- throughput, interleaved rounds
    runs = {"w1": [], "wN": [], "jsonl": [], "grep": []}
    plan = [("w1", newsflow_run(binary, config, 1, [corpus["path"]]), (0, 1), None),
            ("wN", newsflow_run(binary, config, cores, [corpus["path"]]), (0, 1), None)]
    if corpus.get("jsonl"):
        plan.append(("jsonl", newsflow_run(binary, config, 1, [corpus["jsonl"]]), (0, 1), None))
    if shutil.which("grep"):
        grep_env = dict(os.environ, LC_ALL=GREP_LOCALE)
        plan.append(("grep", ["grep", "-F", "-w", "-o", "-h", "-r", "-f", pat_path, corpus["path"]],
                     (0, 1), grep_env))
    else:
        problems.append("grep is not installed: no baseline")
    failed = set()
    for rnd in range(args.repeat):
        for key, argv, ok, env in plan:
            if key in failed:
                continue
            log(f"round {rnd + 1}/{args.repeat}: {key} ({' '.join(os.path.basename(a) for a in argv[:6])} ...)")
            r = run_measured(argv, count_lines=(key == "grep"), env=env)
            try:
                runs[key].append(check_run(r, ok, key))
            except RunFailed as e:
                problems.append(str(e))
                failed.add(key)
    best = {k: best_of(v) for k, v in runs.items() if v and k not in failed}

    # ---- where the time goes
    log("breakdown: 1 worker over the corpus's first copy, output to a file")
    try:
        bd = breakdown(binary, config, corpus)
    except RunFailed as e:
        problems.append(str(e))
        bd = None

    # ---- peers
    peers, peers_note = {}, None
    if args.no_peers:
        peers_note = "skipped (--no-peers)"
    elif not shutil.which("node"):
        peers_note = "skipped: node is not installed"
    else:
        try:
            peers = measure_peers(sample)
            for p in peers.values():
                if p.get("error"):
                    problems.append(f"{p['name']}: {p['error']}")
        except (RunFailed, subprocess.SubprocessError, OSError, ValueError) as e:
            problems.append(str(e))
            peers_note = "could not run"

    report = make_report(args, header, cores, corpus, sample, pat, startup, best, bd, peers, peers_note,
                         problems, load)
    print("\n".join(report))
    os.makedirs(BENCH_DIR, exist_ok=True)
    with open(os.path.join(BENCH_DIR, "report.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(report) + "\n")
    sys.exit(1 if problems else 0)


def make_report(args, header, cores, corpus, sample, pat, startup, best, bd, peers, peers_note, problems, load):
    lines = list(header)
    if peers:
        vers = ", ".join(f"{p['name']} {p['version']}" for p in peers.values() if p.get("version"))
        wm = os.path.join(PEERS_DIR, "node_modules", "wink-eng-lite-web-model", "package.json")
        try:
            with open(wm, encoding="utf-8") as f:
                vers += f" (wink-eng-lite-web-model {json.load(f)['version']})"
        except (OSError, ValueError, KeyError):
            pass
        lines.append(f"peers     {vers}")
    lines += [
        f"corpus    {os.path.relpath(corpus['path'], REPO)}/: {corpus['articles']:,} articles, "
        f"{corpus['bytes'] / 1e6:.1f} MB ({corpus['distinct']:,} distinct articles, "
        f"{corpus['copies']} cop{'y' if corpus['copies'] == 1 else 'ies'}, "
        f"from {corpus['sources']})",
        f"sample    {os.path.relpath(sample['path'], REPO)}/: {sample['articles']} articles, "
        f"{sample['bytes'] / 1e6:.2f} MB, a fixed selection (peers and make bench-instr)",
        f"rules     {args.config}; grep patterns: {pat['count']:,} names and aliases from "
        f"{len(pat['lists'])} list files + inline entities (plugins read with {pat['method']})",
        f"method    best of {args.repeat} runs, interleaved (peak RSS: the highest); whole-process wall "
        f"time; output to /dev/null (grep: to a pipe); load average before the runs: {load}",
        "",
    ]

    t = Table()
    w1 = best.get("w1")
    w1_mbs = mbs(corpus["bytes"], w1.wall) if w1 else None

    def throughput_row(label, r, nbytes, target="", status=""):
        if r is None:
            t.add(label, "could not run", target, "FAIL" if target else "")
            return None
        rate = mbs(nbytes, r.wall)
        # CPUs busy = (user + sys) / wall: below 1 per worker, the machine lent the run less than asked.
        t.add(label, f"{fmt_rate(rate)} MB/s, {corpus['articles'] / r.wall:,.0f} art/s, "
              f"{r.cpu / r.wall:.2f} CPUs", target, status)
        return rate

    throughput_row("newsflow, 1 worker", w1, corpus["bytes"], f">= {TARGET_MBS:g} MB/s",
                   verdict(w1_mbs >= TARGET_MBS) if w1 else "")
    wn = best.get("wN")
    throughput_row(f"newsflow, {cores} workers (one per core)", wn, corpus["bytes"])
    if w1 and wn:
        speedup = w1.wall / wn.wall
        if cores >= 2:
            need = TARGET_SCALING_PER_CORE * cores
            t.add(f"  speed-up over 1 worker", f"{speedup:.2f}x",
                  f">= {need:.2g}x ({TARGET_SCALING_PER_CORE:g}x per core)", verdict(speedup >= need))
        else:
            t.add("  speed-up over 1 worker", f"{speedup:.2f}x", "(needs 2 cores)", "n/a")
    if not args.no_jsonl:
        throughput_row("newsflow, 1 worker, JSON Lines input", best.get("jsonl"), corpus["jsonl_doc_bytes"])

    g = best.get("grep")
    g_rate = throughput_row(f"grep -F -w -o baseline (LC_ALL={GREP_LOCALE})", g, corpus["bytes"])
    if g and w1:
        ratio = w1_mbs / g_rate
        # The same ratio by CPU time, steadier when the machine lends the runs less than a CPU.
        by_cpu = g.cpu / w1.cpu if w1.cpu else float("nan")
        t.add("  newsflow 1 worker / grep", f"{fmt_ratio(ratio)} (by CPU time: {fmt_ratio(by_cpu)})",
              f">= {TARGET_GREP_RATIO:g}", verdict(ratio >= TARGET_GREP_RATIO))

    for name, target in (("wink-nlp", TARGET_WINK_RATIO), ("compromise", TARGET_COMPROMISE_RATIO)):
        p = peers.get(name)
        if p and p.get("seconds"):
            rate = mbs(p["bytes"], p["seconds"])
            t.add(f"{name} (1 MiB sample, best of {p['passes']})", f"{fmt_rate(rate)} MB/s")
            if w1:
                ratio = w1_mbs / rate
                t.add(f"  newsflow 1 worker / {name}", f"{fmt_ratio(ratio)}x", f">= {target:g}x",
                      verdict(ratio >= target))
        else:
            why = (p or {}).get("error") or peers_note or "could not run"
            t.add(f"{name}", why[:60], f"ratio >= {target:g}x", "SKIP" if "skipped" in why else "FAIL")

    if startup:
        rules_mb = startup["rss_kib"] / 1024
        t.add("compiled rules: peak RSS of a run of 1 article", f"{rules_mb:.1f} MiB",
              f"(newsflow check: {startup['check_rss_kib'] / 1024:.1f} MiB)")
        for key, label in (("w1", "1 worker"), ("wN", f"{cores} workers")):
            r = best.get(key)
            if r:
                above = (r.maxrss_kib - startup["rss_kib"]) / 1024
                t.add(f"peak RSS, {corpus['bytes'] / 1e6:.0f} MB corpus, {label}",
                      f"{r.maxrss_kib / 1024:.1f} MiB = rules + {above:.1f} MiB",
                      f"<= rules + {TARGET_RSS_ABOVE_RULES_MB:g} MiB",
                      verdict(above <= TARGET_RSS_ABOVE_RULES_MB))
        t.add(f"start-up: run of 1 article (median of {startup['runs']})", f"{startup['median_ms']:.0f} ms",
              f"<= {TARGET_STARTUP_MS:g} ms", verdict(startup["median_ms"] <= TARGET_STARTUP_MS))
    else:
        t.add("start-up and compiled rules", "could not run", f"<= {TARGET_STARTUP_MS:g} ms", "FAIL")

    lines += t.lines()
    if bd:
        lines += [""] + breakdown_lines(bd, startup)
    if problems:
        lines += ["", "could not run:"] + [f"  - {p}" for p in problems]
    lines += ["", "Shared machines are noisy: quote the ratios (to grep, to the peers, between worker "
              "counts),", "not the absolute times. make bench-instr gives figures that do not move with noise."]
    return lines


def breakdown_lines(bd, startup):
    """The per-stage table: each stage's share of the summed timings_us, and of the run's wall time."""
    total_us = sum(bd["stages"].values()) or 1
    wall_us = bd["wall"] * 1e6
    first = "first copy" if bd["copies"] == 1 else f"first {bd['copies']} copies"
    out = [f"where the time goes: 1 worker, {bd['articles']:,} articles ({bd['bytes'] / 1e6:.1f} MB, the "
           f"corpus's {first}), timings_us summed per stage",
           f"{'stage':<14} {'share':>7} {'us/article':>11} {'MB/s alone':>11}",
           "-" * 46]
    for name, us in sorted(bd["stages"].items(), key=lambda kv: -kv[1]):
        alone = bd["bytes"] / us if us else float("inf")
        out.append(f"{name:<14} {100 * us / total_us:6.1f}% {us / max(bd['articles'], 1):11.1f} "
                   f"{fmt_rate(alone):>11}")
    start_us = startup["median_ms"] * 1e3 if startup else 0
    rest = max(wall_us - total_us - start_us, 0)
    out.append(f"stages: {100 * total_us / wall_us:.0f}% of that run's wall time ({bd['wall']:.2f} s); "
               f"start-up {100 * start_us / wall_us:.0f}%; reading, JSON output and the engine "
               f"{100 * rest / wall_us:.0f}%")
    if bd["with_errors"]:
        out.append(f"({bd['with_errors']} articles had errors in their results)")
    return out


if __name__ == "__main__":
    main()

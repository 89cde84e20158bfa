#!/usr/bin/env python3
"""
instr.py — `make bench-instr`: instructions per input byte, counted by
callgrind, for the whole pipeline and for each stage. Unlike times, these
counts do not move with the load of a shared machine: a change of a few
percent is a real change of the code or the rules.

    python3 scripts/bench/instr.py [--newsflow build/newsflow] [-c pipeline.conf]

Two runs of `newsflow run -w 1` under valgrind --tool=callgrind:

  (a) one article (the first of examples/): start-up, the rules compiled,
      one article processed;
  (b) the same article, then the fixed 1 MiB sample (build/bench/sample-1MB/,
      a deterministic selection of ../shared/corpus articles, or examples/
      replicated when ../shared is absent).

(b) minus (a) is exactly the cost of processing the sample, start-up and
the one article cancelling out; divided by the sample's bytes it gives
instructions per byte. The stages are found in the profile, not named
here: a stage's entry is a function defined in a core/stage_*.c file that
the stage dispatcher calls (run_normalize, run_entities, ... today, whatever
their names tomorrow); its cost is callgrind's inclusive cost. Besides the
stages: the engine (nf_engine_process and whatever the engine file calls,
minus the stages: worker set-up, the Lua view, the sandbox's protected
calls, timings, sorting), reading (reader.c, inputs.c, walk.c), JSON output
(output.c), and the rest (the event loop, the thread pool, allocation).

The profiles are kept in build/bench/instr/ for callgrind_annotate.
Exits 0, or 1 when something could not run.

Python 3 standard library only.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import callgrind  # noqa: E402
import common     # noqa: E402
from common import REPO, BENCH_DIR, log  # noqa: E402

OUT_DIR = os.path.join(BENCH_DIR, "instr")

# Overheads besides the stages, by the core files that do them.
OVERHEAD_FILES = (
    ("engine", ("engine.c",), "engine.c minus the stages"),
    ("reading input", ("reader.c", "inputs.c", "walk.c"), "reader.c, inputs.c, walk.c"),
    ("JSON output", ("output.c",), "output.c"),
)
TIMEOUT = 3600   # seconds per callgrind run (about 50 times the native time)
STAGE_FILE = re.compile(r"(^|/)stage_[A-Za-z0-9_]+\.c$")


def callgrind_run(binary, config, inputs, name):
    """Runs newsflow under callgrind; returns the parsed profile."""
    out = os.path.join(OUT_DIR, f"{name}.callgrind")
    argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            binary, "run", "-c", config, "-w", "1"] + inputs
    log(f"callgrind: {name} ({len(inputs)} inputs)")
    try:
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"bench-instr: valgrind {name}: killed after {TIMEOUT} s")
    if r.returncode not in (0, 1) or not os.path.isfile(out):
        tail = " | ".join(r.stderr.strip().splitlines()[-3:])
        raise SystemExit(f"bench-instr: valgrind {name}: exit {r.returncode}: {tail}")
    return callgrind.parse(out)


def stage_entries(prof):
    """
    The functions that run a stage: defined in a core/stage_*.c file and
    called by the dispatcher, the function outside those files that calls
    run_* functions in them. Without debug information (no file names):
    every run_* function that no other run_* function calls.
    """
    in_stage = {f for f, file in prof.file_of.items() if STAGE_FILE.search(file)}
    if in_stage:
        dispatchers = {caller for (caller, callee) in prof.arcs
                       if callee in in_stage and caller not in in_stage and callee.startswith("run_")}
        if dispatchers:
            return sorted({callee for (caller, callee) in prof.arcs
                           if caller in dispatchers and callee in in_stage})
    runs = {f for f in prof.file_of if re.fullmatch(r"run_[a-z_]+", f)}
    nested = {callee for (caller, callee) in prof.arcs if caller in runs and callee in runs}
    return sorted(runs - nested)


def functions_in(prof, basenames):
    return {f for f, file in prof.file_of.items() if os.path.basename(file) in basenames}


def figures(prof, stages):
    """{item: instructions} for the stages and the overheads of one profile."""
    out = {"total": prof.total}
    for s in stages:
        out[s] = prof.inclusive(s)
    for label, files, _ in OVERHEAD_FILES:
        out[label] = prof.entry_cost(functions_in(prof, files))
    out["engine"] -= sum(out[s] for s in stages)    # the stages run inside the engine
    return out


def main():
    ap = argparse.ArgumentParser(description="instructions per input byte, by callgrind")
    ap.add_argument("--newsflow", default="build/newsflow")
    ap.add_argument("-c", "--config", default="pipeline.conf")
    args = ap.parse_args()
    os.chdir(REPO)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # so that the snapshot is removed
    if shutil.which("valgrind") is None:
        sys.exit("bench-instr: valgrind is not installed (apt-get install valgrind)")
    if not os.access(args.newsflow, os.X_OK):
        sys.exit(f"bench-instr: {args.newsflow} is missing: run `make bench-instr`, which builds it")
    os.makedirs(OUT_DIR, exist_ok=True)
    header = ["newsflow bench-instr — instructions (callgrind Ir) per input byte, 1 worker"]
    header += common.machine_lines(("valgrind",))

    sample = common.build_sample(1)
    article = common.one_article()
    # Measure a copy: the working tree may be rebuilt or its rules edited between the two runs.
    binary, config, snap = common.snapshot(args.newsflow, args.config)
    try:
        a = callgrind_run(binary, config, [article], "one-article")
        b = callgrind_run(binary, config, [article, sample["path"]], "sample")
    finally:
        shutil.rmtree(snap, ignore_errors=True)

    stages = stage_entries(b)
    fa, fb = figures(a, stages), figures(b, stages)
    nbytes = sample["bytes"]
    per_byte = {k: (fb[k] - fa.get(k, 0)) / nbytes for k in fb}
    accounted = sum(per_byte[s] for s in stages) + sum(per_byte[o[0]] for o in OVERHEAD_FILES)
    per_byte["the rest"] = per_byte["total"] - accounted

    lines = header + [
        f"input     {os.path.relpath(sample['path'], REPO)}/: {sample['articles']} articles, {nbytes:,} bytes "
        f"(from {sample['sources']})",
        f"method    (run of {os.path.relpath(article, REPO)} + the sample) − (run of that article alone)",
        "",
        f"{'':<24} {'instr/byte':>11} {'share':>7}  function",
        "-" * 58,
        f"{'whole pipeline':<24} {per_byte['total']:11.1f} {100.0:6.1f}%",
    ]
    total = per_byte["total"] or 1
    for s in sorted(stages, key=lambda s: -per_byte[s]):
        label = "  stage " + re.sub(r"^run_", "", s)
        lines.append(f"{label:<24} {per_byte[s]:11.1f} {100 * per_byte[s] / total:6.1f}%  {s}")
    for label, _, where in list(OVERHEAD_FILES) + [("the rest", (), "event loop, thread pool, ...")]:
        lines.append(f"{'  ' + label:<24} {per_byte[label]:11.1f} {100 * per_byte[label] / total:6.1f}%  ({where})")
    lines += [
        "",
        f"start-up (run of one article): {fa['total'] / 1e6:,.1f} M instructions",
        f"profiles: {os.path.relpath(OUT_DIR, REPO)}/ "
        f"(callgrind_annotate --inclusive=yes {os.path.relpath(OUT_DIR, REPO)}/sample.callgrind)",
    ]
    if not stages:
        lines.append("no stage functions found in the profile (is build/newsflow built with -g?)")
    print("\n".join(lines))
    with open(os.path.join(OUT_DIR, "report.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

"""
common.py — what `make bench` and `make bench-instr` share: where things
are, the benchmark inputs (the 100 MB corpus, the fixed 1 MB sample, the
one-article input), running a child and measuring it, and the machine
description.

Python 3 standard library only.

Inputs are built under build/bench/ (never committed) and cached: each
input has a stamp file holding a fingerprint of its sources (their names,
sizes and modification times, the target size and the layout version). An
input is rebuilt only when it is missing or its fingerprint changed.

Sources: ../shared/corpus/{fnc1,fakenewscorpus}/articles/*.txt (NF_SHARED
names another shared folder); when they are absent, the repository's
examples/*.txt.
"""

import configparser
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BENCH_DIR = os.path.join(REPO, "build", "bench")
SHARED = os.path.normpath(os.path.join(REPO, os.environ.get("NF_SHARED", "../shared")))
CORPUS_SOURCES = ("fnc1/articles", "fakenewscorpus/articles")

# Bump when the layout of the generated inputs changes: the caches are rebuilt.
LAYOUT_VERSION = 2

MiB = 1024 * 1024


def log(msg):
    """Progress goes to standard error, so that standard output is only the report."""
    print(f"bench: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Sources

def source_articles():
    """
    The distinct articles the inputs are made of: a sorted list of
    (name, path) and a description of where they come from.
    """
    corpus = os.path.join(SHARED, "corpus")
    found = []
    for sub in CORPUS_SOURCES:
        folder = os.path.join(corpus, sub)
        if os.path.isdir(folder):
            found += [(n, os.path.join(folder, n)) for n in os.listdir(folder) if n.endswith(".txt")]
    if found:
        where = ", ".join(os.path.relpath(os.path.join(corpus, s), REPO) for s in CORPUS_SOURCES)
    else:
        folder = os.path.join(REPO, "examples")
        found = [(n, os.path.join(folder, n)) for n in os.listdir(folder) if n.endswith(".txt")]
        where = "examples/ (../shared/corpus is absent)"
    if not found:
        raise SystemExit("bench: no source articles (neither ../shared/corpus nor examples/)")
    found.sort()
    return found, where


def fingerprint(sources, *extra):
    """A hash of the sources' names, sizes and mtimes, plus whatever else shapes an input."""
    h = hashlib.sha256(repr((LAYOUT_VERSION,) + extra).encode())
    for name, path in sources:
        st = os.stat(path)
        h.update(f"{name}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def read_stamp(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def write_stamp(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, path)


def replace_dir(tmp, final):
    """Moves a freshly built folder into place (the old one, if any, is removed first)."""
    if os.path.exists(final):
        shutil.rmtree(final)
    os.rename(tmp, final)


def split_txt(data):
    """A .txt article as the JSON input form: line 1 the title, a blank line, the body."""
    text = data.decode("utf-8", errors="replace")
    title, _, body = text.partition("\n")
    if body.startswith("\n"):
        body = body[1:]
    return title, body


# --------------------------------------------------------------------------
# The corpus: the source articles replicated to at least `size_mib` MiB

def build_corpus(size_mib=100, jsonl=True):
    """
    build/bench/corpus-<N>MB/: one flat folder of many .txt files, copy
    after copy of the source articles, named c<copy>-<name> (so that every
    id is distinct and the files of one copy come together in sorted
    order), stopping at the first article that brings the total to at least
    N MiB. With `jsonl`, also build/bench/corpus-<N>MB.jsonl: the same
    articles as JSON Lines ({"id", "title", "text"}), in the same order.

    Returns a dict: path, jsonl (or None), articles, bytes, jsonl_doc_bytes,
    distinct, copies, sources (where the articles come from).
    """
    sources, where = source_articles()
    target = size_mib * MiB
    name = f"corpus-{size_mib}MB"
    folder = os.path.join(BENCH_DIR, name)
    jsonl_path = os.path.join(BENCH_DIR, name + ".jsonl")
    stamp_path = os.path.join(BENCH_DIR, name + ".stamp.json")
    fp = fingerprint(sources, "corpus", target)

    stamp = read_stamp(stamp_path)
    if (stamp and stamp.get("fingerprint") == fp and os.path.isdir(folder)
            and (not jsonl or (stamp.get("jsonl") and os.path.isfile(jsonl_path)))):
        stamp["path"] = folder
        stamp["jsonl"] = jsonl_path if jsonl else None
        return stamp

    log(f"building {os.path.relpath(folder, REPO)} from {where} (cached for later runs)")
    os.makedirs(BENCH_DIR, exist_ok=True)
    texts = []
    for n, p in sources:
        with open(p, "rb") as f:
            texts.append((n, f.read()))
    distinct = sum(len(t) for _, t in texts)
    copies = -(-target // distinct)   # ceil: the last copy may be partial
    width = max(2, len(str(copies - 1)))

    tmp = tempfile.mkdtemp(prefix=f".{name}.", dir=BENCH_DIR)
    jf = open(jsonl_path + ".tmp", "w", encoding="utf-8") if jsonl else None
    total = articles = doc_bytes = 0
    try:
        for copy in range(copies):
            for n, data in texts:
                if total >= target:
                    break
                fname = f"c{copy:0{width}d}-{n}"
                with open(os.path.join(tmp, fname), "wb") as f:
                    f.write(data)
                if jf:
                    title, body = split_txt(data)
                    doc_bytes += len(title.encode()) + 2 + len(body.encode())
                    jf.write(json.dumps({"id": fname[:-4], "title": title, "text": body}) + "\n")
                total += len(data)
                articles += 1
        if jf:
            jf.close()
            os.replace(jsonl_path + ".tmp", jsonl_path)
        replace_dir(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    stamp = {"fingerprint": fp, "articles": articles, "bytes": total, "distinct": len(texts),
             "distinct_bytes": distinct, "copies": copies, "sources": where,
             "jsonl": bool(jsonl), "jsonl_doc_bytes": doc_bytes if jsonl else None}
    write_stamp(stamp_path, stamp)
    stamp["path"] = folder
    stamp["jsonl"] = jsonl_path if jsonl else None
    return stamp


def corpus_first_copies(corpus, min_bytes):
    """
    The corpus files of its first copies, whole copies until at least
    min_bytes: the distinct articles (one copy) when they are that large.
    Used for the per-stage breakdown, which must not need a 100 MB run.
    Returns (paths, bytes, copies).
    """
    picked, total, copies, copy = [], 0, 0, None
    for n in sorted(os.listdir(corpus["path"])):
        c = n.split("-", 1)[0]
        if c != copy:
            if total >= min_bytes:
                break
            copy, copies = c, copies + 1
        p = os.path.join(corpus["path"], n)
        picked.append(p)
        total += os.path.getsize(p)
    return picked, total, copies


# --------------------------------------------------------------------------
# The fixed sample: about 1 MiB of articles, chosen by a hash of their names

def build_sample(size_mib=1):
    """
    build/bench/sample-<N>MB/: a fixed, deterministic selection of the
    source articles, ordered by the SHA-256 of their names, taken until they
    reach N MiB (with examples/ as the source, its articles are replicated
    as in the corpus). The same bytes feed bench-instr (callgrind) and the
    peer libraries. Returns a dict: path, articles, bytes, sources.
    """
    sources, where = source_articles()
    target = size_mib * MiB
    name = f"sample-{size_mib}MB"
    folder = os.path.join(BENCH_DIR, name)
    stamp_path = os.path.join(BENCH_DIR, name + ".stamp.json")
    fp = fingerprint(sources, "sample", target)
    stamp = read_stamp(stamp_path)
    if stamp and stamp.get("fingerprint") == fp and os.path.isdir(folder):
        stamp["path"] = folder
        return stamp

    log(f"building {os.path.relpath(folder, REPO)} (a fixed selection of {where})")
    os.makedirs(BENCH_DIR, exist_ok=True)
    order = sorted(sources, key=lambda s: hashlib.sha256(s[0].encode()).hexdigest())
    tmp = tempfile.mkdtemp(prefix=f".{name}.", dir=BENCH_DIR)
    total = articles = copy = 0
    try:
        while total < target:
            for n, p in order:
                if total >= target:
                    break
                with open(p, "rb") as f:
                    data = f.read()
                fname = n if copy == 0 else f"r{copy:04d}-{n}"
                with open(os.path.join(tmp, fname), "wb") as f:
                    f.write(data)
                total += len(data)
                articles += 1
            copy += 1
        replace_dir(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    stamp = {"fingerprint": fp, "articles": articles, "bytes": total, "sources": where}
    write_stamp(stamp_path, stamp)
    stamp["path"] = folder
    return stamp


def one_article():
    """The single article of the start-up and rules-memory runs: a sample article of the repository."""
    folder = os.path.join(REPO, "examples")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".txt"))
    if not names:
        raise SystemExit("bench: examples/ has no .txt article")
    return os.path.join(folder, names[0])


# --------------------------------------------------------------------------
# A snapshot of what is measured

def snapshot(binary, config):
    """
    Copies the binary, the pipeline file and the folders its rule files are
    in (plugins/, with the lists) to a fresh folder under build/bench/, and
    returns (binary, config, folder) of the copy. A bench takes minutes; in
    a working tree where someone rebuilds or edits the rules meanwhile,
    every run must still measure the same program. Rule files outside the
    pipeline file's folder are left where they are. Remove the folder
    (shutil.rmtree) when done.
    """
    os.makedirs(BENCH_DIR, exist_ok=True)
    dest = tempfile.mkdtemp(prefix="snapshot.", dir=BENCH_DIR)
    new_binary = os.path.join(dest, os.path.basename(binary))
    shutil.copy2(binary, new_binary)
    conf_dir = os.path.dirname(os.path.abspath(config))
    cp = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";", "#"), strict=False)
    cp.read(config, encoding="utf-8")
    tops = set()
    for section in cp.sections():
        rules = cp[section].get("rules", "").strip()
        parts = rules.split("/")
        if rules and (os.path.isabs(rules) or ".." in parts or len(parts) == 1):
            # Rules beside the pipeline file or outside its folder: copying them could break
            # what they reference; measure the pipeline where it is (only the binary is copied).
            return new_binary, config, dest
        if rules:
            tops.add(parts[0])
    for top in sorted(tops):
        src = os.path.join(conf_dir, top)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, top), symlinks=True)
    new_config = os.path.join(dest, os.path.basename(config))
    shutil.copy2(config, new_config)
    return new_binary, new_config, dest


# --------------------------------------------------------------------------
# Running a child and measuring it

class Run:
    """What one child process did: wall seconds, exit code, peak RSS (KiB), CPU seconds, stderr."""

    def __init__(self, argv, wall, rc, maxrss_kib, cpu, stderr, out_lines=None):
        self.argv, self.wall, self.rc, self.maxrss_kib = argv, wall, rc, maxrss_kib
        self.cpu, self.stderr, self.out_lines = cpu, stderr, out_lines


SPAWN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spawn.py")


def run_measured(argv, stdout=None, count_lines=False, cwd=REPO, env=None, timeout=3600):
    """
    Runs argv through spawn.py, which forks it from a small process and
    waits for it with wait4(): the wall time is the child's, from fork to
    exit, and ru_maxrss its own peak RSS (see spawn.py for why the bench
    script cannot fork it itself). Standard output goes to /dev/null, to the
    file object `stdout`, or, with count_lines, to a pipe drained here in
    large reads counting newlines (for grep, which stops at the first match
    when its output is /dev/null). Standard error is kept in a temporary
    file (a pipe could fill up and block the child). After `timeout`
    seconds the command is killed and the run fails.
    """
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r", suffix=".spawn") as rep:
        out = subprocess.PIPE if count_lines else (stdout if stdout is not None else subprocess.DEVNULL)
        p = subprocess.Popen([sys.executable, "-S", "-I", SPAWN, rep.name, str(timeout)] + list(argv),
                             stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd, env=env)
        lines = None
        if count_lines:
            lines = 0
            read = p.stdout.read
            while True:
                chunk = read(1 << 20)
                if not chunk:
                    break
                lines += chunk.count(b"\n")
            p.stdout.close()
        p.wait()
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
        fields = rep.read().split()
    if p.returncode != 0 or len(fields) != 6:
        return Run(argv, 0.0, -1, 0, 0.0, text + f"\nspawn.py failed (exit {p.returncode})", lines)
    wall, rc, maxrss, utime, stime = float(fields[0]), int(fields[1]), int(fields[2]), float(fields[3]), float(fields[4])
    if fields[5] == "1":
        text += f"\nkilled after {timeout:g} s"
    return Run(argv, wall, rc, maxrss, utime + stime, text, lines)


class RunFailed(Exception):
    pass


def check_run(r, ok_codes=(0,), what=None):
    """Raises RunFailed when a run exited with an unexpected code (or a signal)."""
    if r.rc not in ok_codes:
        tail = r.stderr.strip().splitlines()[-3:]
        raise RunFailed(f"{what or ' '.join(r.argv[:3])}: exit {r.rc}" + (f": {' | '.join(tail)}" if tail else ""))
    return r


# --------------------------------------------------------------------------
# Machine and versions

def _first_line(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        text = (out.stdout or out.stderr).strip()
        return text.splitlines()[0] if text else None
    except (OSError, subprocess.SubprocessError):
        return None


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def mem_total_gib():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / MiB
    except (OSError, ValueError):
        pass
    return None


def nproc():
    """Cores this process may run on (what `nproc` prints)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def load_average():
    """The 1-minute load average: above the number of cores, other work competes with the bench."""
    try:
        return f"{os.getloadavg()[0]:.2f} on {nproc()} cores"
    except OSError:
        return "unknown"


def newsflow_version():
    """The commit the binary was built from, and whether the core or rules had uncommitted changes."""
    commit = _first_line(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]) or "unknown commit"
    try:
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "core", "plugins",
                                "pipeline.conf", "Makefile"],
                               capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        dirty = ""
    return commit + (" + uncommitted changes to core/plugins" if dirty else "")


def tool_version(tool):
    """'GNU grep 3.8', 'node v20.1.0', 'valgrind 3.19.0': a tool's version in a few words, or None."""
    line = _first_line([tool, "--version"])
    if not line:
        return None
    m = re.search(r"(\d+(?:\.\d+)+)", line)
    version = m.group(1) if m else line
    prefix = "GNU grep" if "GNU grep" in line else tool
    v = "v" if re.match(r"v\d", line) else ""
    return f"{prefix} {v}{version}"


def machine_lines(tools=()):
    """The machine description: CPU, cores, memory, kernel, and the versions that matter."""
    mem = mem_total_gib()
    lines = [
        f"machine   {cpu_model()}, {nproc()} cores (nproc; {os.cpu_count()} online), "
        + (f"{mem:.1f} GiB RAM, " if mem else "") + f"{platform.system()} {platform.release()}",
        f"newsflow  {newsflow_version()}; {_first_line(['cc', '--version']) or 'cc (unknown)'}, -O2",
    ]
    found = [v for v in (tool_version(t) for t in tools) if v]
    lines.append("tools     " + "; ".join([f"Python {platform.python_version()}"] + found))
    return lines

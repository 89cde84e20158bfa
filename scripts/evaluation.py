"""evaluation.py — what every scripts/eval_*.py shares: where things are, and running newsflow.

NEWSFLOW names the binary to measure (default build/newsflow), NF_SHARED the
shared data folder (default ../shared beside the repository).
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shared_dir():
    return os.environ.get("NF_SHARED", os.path.join(ROOT, "..", "shared"))


def newsflow_binary():
    return os.environ.get("NEWSFLOW", os.path.join(ROOT, "build", "newsflow"))


def run(paths, who, workers=2, conf=None):
    """newsflow's results on paths (files or folders), in input order.

    `who` names the calling script in messages. Articles with errors are
    reported on standard error and kept; a run that fails exits."""
    cmd = [newsflow_binary(), "run", "-w", str(workers), "-c", conf or os.path.join(ROOT, "pipeline.conf")]
    proc = subprocess.run(cmd + list(paths), stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if proc.returncode not in (0, 1) or not proc.stdout:
        sys.exit("%s: %s failed (exit %d): %s"
                 % (who, cmd[0], proc.returncode, proc.stderr.decode(errors="replace")[:2000]))
    results = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    for r in results:
        for err in r.get("errors", []):
            print("%s: %s: %s" % (who, r["source"], err.get("message")), file=sys.stderr)
    return results


def stem(result):
    """The result's source file name without folder and extension: the key of the gold files."""
    return os.path.splitext(os.path.basename(result["source"]))[0]

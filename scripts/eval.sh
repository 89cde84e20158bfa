#!/bin/sh
# Runs every extraction-quality evaluation (scripts/eval_*.py) against the
# labelled data in ../shared/eval and prints their figures. Each script
# prints its measures and its targets and exits 1 when a target is missed.
#   NEWSFLOW   the binary to measure (default build/newsflow)
#   NF_SHARED  the shared data folder (default ../shared)
set -u
cd "$(dirname "$0")/.."
export NEWSFLOW="${NEWSFLOW:-build/newsflow}"
export NF_SHARED="${NF_SHARED:-../shared}"
if [ ! -d "$NF_SHARED/eval" ]; then
    echo "eval: $NF_SHARED/eval is missing: nothing to measure" >&2
    exit 1
fi
status=0
for script in scripts/eval_*.py; do
    [ -e "$script" ] || continue
    echo "== $script"
    python3 "$script" || status=1
done
exit $status

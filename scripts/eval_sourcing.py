#!/usr/bin/env python3
"""eval_sourcing.py — how well the `sourcing` score separates mainstream news from fake news.

Runs $NEWSFLOW (default build/newsflow) with the default pipeline.conf over
two sets of .txt articles from $NF_SHARED/corpus (default ../shared/corpus):

  mainstream  fnc1/articles/*.txt — FNC-1 bodies, real news of 2014-2015
  fake        fakenewscorpus/articles/<id>.txt whose index.tsv `type` is
              fake or conspiracy (FakeNewsCorpus labels a whole domain)

and computes the ROC AUC of scores.sourcing with mainstream as the positive
class: the chance that a random mainstream article scores higher than a
random fake one (ties count half). The .txt files carry no url, so the
site-reputation signal cannot fire: the figure measures the text alone.

Prints the AUC, both score distributions, how often each signal fires in
each set, the mean stage timings over the mainstream set, the target
(AUC >= 0.75) and PASS or MISS; exits 1 when the target is missed.

  --workers N   worker threads for newsflow (default 2)
"""
import argparse
import csv
import glob
import json
import os
import sys
from collections import Counter, defaultdict

import evaluation

TARGET_AUC = 0.75
FAKE_TYPES = ("fake", "conspiracy")


def fake_files(corpus):
    index = os.path.join(corpus, "fakenewscorpus", "index.tsv")
    with open(index, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return sorted(os.path.join(corpus, "fakenewscorpus", "articles", row["id"] + ".txt")
                  for row in rows if row["type"] in FAKE_TYPES)


def auc(positives, negatives):
    """ROC AUC by ranks (Mann-Whitney U), ties counted half."""
    scored = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum, i = 0.0, 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2.0
        rank_sum += mean_rank * sum(1 for k in range(i, j) if scored[k][1])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def quantiles(values):
    v = sorted(values)
    pick = lambda q: v[min(len(v) - 1, int(q * len(v)))]
    return "min %.2f  p10 %.2f  p25 %.2f  median %.2f  p75 %.2f  p90 %.2f  max %.2f" % (
        v[0], pick(0.10), pick(0.25), pick(0.5), pick(0.75), pick(0.90), v[-1])


def signal_rates(results):
    fired = Counter()
    for r in results:
        for name in {s["name"] for s in r.get("signals", [])}:
            fired[name] += 1
    return fired


def print_signals(mainstream, fake):
    rates_m, rates_f = signal_rates(mainstream), signal_rates(fake)
    print("signals fired (share of articles): mainstream / fake")
    for name in sorted(set(rates_m) | set(rates_f)):
        print("  %-22s %5.1f%% / %5.1f%%" % (name, 100.0 * rates_m[name] / len(mainstream),
                                            100.0 * rates_f[name] / len(fake)))


def print_timings(results):
    total = defaultdict(int)
    for r in results:
        for stage, us in r.get("timings_us", {}).items():
            total[stage] += us
    n = len(results)
    parts = ["%s %.1f" % (stage, us / n) for stage, us in total.items()]
    print("mean stage time on the mainstream set (us/article): " + ", ".join(parts)
          + "; all %.1f" % (sum(total.values()) / n))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    corpus = os.path.join(evaluation.shared_dir(), "corpus")

    mainstream_files = sorted(glob.glob(os.path.join(corpus, "fnc1", "articles", "*.txt")))
    fake = fake_files(corpus)
    if not mainstream_files or not fake:
        sys.exit("eval_sourcing: no articles under %s" % corpus)
    results = {r["source"]: r for r in evaluation.run(mainstream_files + fake, "eval_sourcing", args.workers)}
    m = [results[f] for f in mainstream_files if f in results]
    fk = [results[f] for f in fake if f in results]
    score = lambda r: r.get("scores", {}).get("sourcing", 0.5)
    value = auc([score(r) for r in m], [score(r) for r in fk])

    print("sourcing, mainstream (FNC-1, %d): %s" % (len(m), quantiles([score(r) for r in m])))
    print("sourcing, fake/conspiracy (FakeNewsCorpus, %d): %s" % (len(fk), quantiles([score(r) for r in fk])))
    print_signals(m, fk)
    print_timings(m)
    ok = value >= TARGET_AUC
    print("sourcing ROC AUC (mainstream above fake): %.3f  target >= %.2f  %s"
          % (value, TARGET_AUC, "PASS" if ok else "MISS"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

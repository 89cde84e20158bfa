#!/usr/bin/env python3
"""eval_clef.py — check-worthy sentences: newsflow's factual claims against CLEF 2019.

Runs $NEWSFLOW (default build/newsflow) with the default pipeline.conf over
$NF_SHARED/eval/<set>/docs (default set clef2019-train: debate and speech
transcripts, one sentence per line) and ranks each transcript's sentences
by check-worthiness.

The measure (CLEF 2019 CheckThat! Task 1):
  * A sentence's score is the highest `score` of the `factual` claims that
    overlap its byte span in gold/<doc>.json; a sentence without one scores 0.
  * Each transcript's sentences are ranked by score, highest first.
  * Average precision of a ranking: the mean, over the check-worthy
    sentences, of the precision at each one's rank. Sentences of equal
    score (all those without a claim, at least) have no order of their
    own, so a transcript's AP is the mean over TIE_ORDERS random orders of
    its ties (seeded: the figure is the same on every run). Keeping the
    order of speech instead would score 0.107 with no claims at all.
  * MAP: the mean of the transcripts' APs.

Target: MAP >= 0.12 (the task's best system reached 0.166 on its test set).
Exits 1 when the target is missed (2 when newsflow cannot run).

  scripts/eval_clef.py [--set clef2019-train] [--errors N]
"""
import argparse
import json
import os
import random
import signal
import sys

import evaluation

MAP_TARGET = 0.12
BEST_SYSTEM = 0.166
TIE_ORDERS = 25


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--set", default="clef2019-train", help="the set under $NF_SHARED/eval")
    p.add_argument("--errors", type=int, default=0, metavar="N",
                   help="print, per transcript, the N best-ranked sentences that are not "
                        "check-worthy and the N worst-ranked that are")
    return p.parse_args()


def sentence_scores(sentences, claims):
    """The highest factual score overlapping each gold sentence (0 without one)."""
    factual = [(c["start"], c["end"], c.get("score") or 0.0)
               for c in claims if c["kind"] == "factual"]
    scores = []
    for s in sentences:
        best = 0.0
        for start, end, score in factual:
            if start < s["byte_end"] and s["byte_start"] < end:
                best = max(best, score)
        scores.append(best)
    return scores


def ranking(scores, rng):
    """Sentence indices, highest score first, ties in a random order."""
    tie = [rng.random() for _ in scores]
    return sorted(range(len(scores)), key=lambda i: (-scores[i], tie[i]))


def average_precision(order, worthy):
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if worthy[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quiet when piped into head
    args = parse_args()
    base = os.path.join(evaluation.shared_dir(), "eval", args.set)
    if not os.path.isdir(os.path.join(base, "docs")):
        print(f"eval_clef: no {base}/docs", file=sys.stderr)
        sys.exit(2)
    results = {evaluation.stem(r): r for r in evaluation.run([os.path.join(base, "docs")], "eval_clef")}
    aps, n_sentences, n_worthy, n_scored = [], 0, 0, 0
    for name in sorted(results):
        gold = json.load(open(os.path.join(base, "gold", name + ".json"), encoding="utf-8"))
        sentences = gold["sentences"]
        worthy = [s["check_worthy"] for s in sentences]
        scores = sentence_scores(sentences, results[name]["claims"])
        rng = random.Random(name)
        orders = [ranking(scores, rng) for _ in range(TIE_ORDERS)]
        ap = sum(average_precision(o, worthy) for o in orders) / TIE_ORDERS
        order = orders[0]
        aps.append(ap)
        n_sentences += len(sentences)
        n_worthy += sum(worthy)
        n_scored += sum(1 for s in scores if s > 0)
        print(f"  {name:28} AP {ap:.3f}  ({sum(worthy)} of {len(sentences)} check-worthy)")
        if args.errors:
            print_errors(args.errors, sentences, worthy, scores, order)
    mean_ap = sum(aps) / len(aps) if aps else 0.0
    print(f"CLEF {args.set}: {len(aps)} transcripts, {n_sentences} sentences, "
          f"{n_worthy} check-worthy, {n_scored} with a factual claim")
    print(f"  MAP   {mean_ap:.3f}   target >= {MAP_TARGET:.2f}   "
          f"{'PASS' if mean_ap >= MAP_TARGET else 'MISS'}   "
          f"(best system of the task: {BEST_SYSTEM} on its test set)")
    sys.exit(0 if mean_ap >= MAP_TARGET else 1)


def print_errors(n, sentences, worthy, scores, order):
    wrong = [i for i in order if not worthy[i]][:n]
    missed = [i for i in reversed(order) if worthy[i]][:n]
    for label, items in (("ranked high, not check-worthy", wrong),
                         ("check-worthy, ranked low", missed)):
        print(f"    -- {label}")
        for i in items:
            print(f"      {scores[i]:.3f} rank {order.index(i) + 1}: {sentences[i]['text'][:110]}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""eval_conll.py — entity quality on CoNLL-2003 English dev, scored the CoNLL way.

Runs $NEWSFLOW (default build/newsflow) with the default pipeline.conf over
$NF_SHARED/eval/conll2003-dev/docs (JSON Lines on standard output) and
compares its entities with gold/*.json. An entity counts only when its type
and both byte ends match a gold entity exactly. newsflow's types map to
CoNLL's as the eval README says: PERSON→PER, ORG→ORG, PLACE→LOC,
GROUP/EVENT/MISC→MISC.

Prints overall and per-type precision, recall and F1, the target
(F1 >= 80) and PASS or MISS; exits 1 when the target is missed.

  --errors N    also print N example false positives and false negatives
                per type (with their sentence), for tuning the rules
  --docs GLOB   only the documents whose file name matches (dev-00*)
  --rules       also print, for each rule that found entities (the output's
                `rule` field), how many were right, of another gold type,
                or of no gold span
"""
import argparse
import fnmatch
import json
import os
import sys
from collections import Counter, defaultdict

import evaluation

TARGET_F1 = 80.0
TYPE_MAP = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC",
            "GROUP": "MISC", "EVENT": "MISC", "MISC": "MISC"}
TYPES = ("PER", "LOC", "ORG", "MISC")


def found_entities(results, rules):
    """The entities newsflow found, per document name, as {(start, end, type)}; their rules into rules."""
    found = {}
    for result in results:
        name = evaluation.stem(result)
        found[name] = {(e["start"], e["end"], TYPE_MAP.get(e["type"], "MISC"))
                       for e in result.get("entities", [])}
        rules[name] = {(e["start"], e["end"]): e["rule"].split("#")[-1]
                       for e in result.get("entities", [])}
    return found

def read_gold(gold_dir, names):
    gold = {}
    for name in names:
        with open(os.path.join(gold_dir, name + ".json"), encoding="utf-8") as f:
            doc = json.load(f)
        gold[name] = {(e["byte_start"], e["byte_end"], e["type"]) for e in doc["entities"]}
    return gold


def prf(tp, fp, fn):
    p = 100.0 * tp / (tp + fp) if tp + fp else 0.0
    r = 100.0 * tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def context(text, start, end, width=60):
    """The line holding the span, the span in [brackets]."""
    line_start = text.rfind(b"\n", 0, start) + 1
    line_end = text.find(b"\n", end)
    line_end = len(text) if line_end < 0 else line_end
    a = max(line_start, start - width)
    b = min(line_end, end + width)
    return (text[a:start] + b"[" + text[start:end] + b"]" + text[end:b]).decode(errors="replace")


def print_errors(docs_dir, gold, found, n):
    """N false positives and false negatives per type, with what the other side had there."""
    texts = {}
    examples = defaultdict(list)
    for name in sorted(gold):
        g, s = gold[name], found.get(name, set())
        g_spans = {(a, b): t for a, b, t in g}
        s_spans = {(a, b): t for a, b, t in s}
        for kind, mine, other, other_spans in (("FP", s, g, g_spans), ("FN", g, s, s_spans)):
            for a, b, t in sorted(mine - other):
                if len(examples[(kind, t)]) >= n:
                    continue
                if name not in texts:
                    with open(os.path.join(docs_dir, name + ".txt"), "rb") as f:
                        texts[name] = f.read()
                note = ""
                if (a, b) in other_spans:
                    note = " (other side: %s)" % other_spans[(a, b)]
                examples[(kind, t)].append("%s %s%s: %s" % (name, texts[name][a:b].decode(), note,
                                                           context(texts[name], a, b)))
    for kind in ("FP", "FN"):
        for t in TYPES:
            print("-- %s %s" % (kind, t))
            for line in examples[(kind, t)]:
                print("   " + line)


def print_rules(gold, found, rules):
    """Per rule: right, of another gold type (which), or no gold span at all."""
    tally = defaultdict(Counter)
    for name in gold:
        g_spans = {(a, b): t for a, b, t in gold[name]}
        for a, b, t in found.get(name, set()):
            rule = rules[name][(a, b)]
            gold_type = g_spans.get((a, b))
            tally[rule]["right" if gold_type == t else "gold:" + gold_type if gold_type else "no span"] += 1
    print("%-14s %6s %6s  %s" % ("rule", "found", "right", "wrong"))
    for rule, c in sorted(tally.items(), key=lambda x: -sum(x[1].values())):
        wrong = ", ".join("%s %d" % (k, v) for k, v in c.most_common() if k != "right")
        print("%-14s %6d %6d  %s" % (rule, sum(c.values()), c["right"], wrong))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print N false positives and negatives per type")
    parser.add_argument("--rules", action="store_true",
                        help="print how each rule fared")
    parser.add_argument("--docs", default="*", metavar="GLOB",
                        help="only documents whose file name matches")
    args = parser.parse_args()

    data = os.path.join(evaluation.shared_dir(), "eval", "conll2003-dev")
    docs_dir, gold_dir = os.path.join(data, "docs"), os.path.join(data, "gold")
    if not os.path.isdir(docs_dir):
        sys.exit("eval_conll: %s is missing" % docs_dir)
    files = sorted(f for f in os.listdir(docs_dir)
                   if f.endswith(".txt") and fnmatch.fnmatch(f, args.docs))
    names = [os.path.splitext(f)[0] for f in files]
    rules = {}
    results = evaluation.run([os.path.join(docs_dir, f) for f in files], "eval_conll")
    found = found_entities(results, rules)
    gold = read_gold(gold_dir, names)

    counts = {t: Counter() for t in TYPES}
    for name in names:
        g, s = gold[name], found.get(name, set())
        for _, _, t in s & g:
            counts[t]["tp"] += 1
        for _, _, t in s - g:
            counts[t]["fp"] += 1
        for _, _, t in g - s:
            counts[t]["fn"] += 1
    total = sum(counts.values(), Counter())

    print("CoNLL-2003 dev: %d documents, %d gold entities, %d found"
          % (len(names), total["tp"] + total["fn"], total["tp"] + total["fp"]))
    print("%-8s %7s %7s %7s %6s %6s %6s" % ("type", "P", "R", "F1", "tp", "fp", "fn"))
    for t, c in list(counts.items()) + [("overall", total)]:
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        print("%-8s %7.2f %7.2f %7.2f %6d %6d %6d" % (t, p, r, f, c["tp"], c["fp"], c["fn"]))
    if args.rules:
        print_rules(gold, found, rules)
    if args.errors:
        print_errors(docs_dir, gold, found, args.errors)
    f1 = prf(total["tp"], total["fp"], total["fn"])[2]
    ok = f1 >= TARGET_F1
    print("target: F1 >= %.0f on conll2003-dev: %.2f %s" % (TARGET_F1, f1, "PASS" if ok else "MISS"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

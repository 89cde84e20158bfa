#!/usr/bin/env python3
"""eval_polnear.py — who said what: newsflow's quote claims against PolNeAR.

Runs $NEWSFLOW (default build/newsflow) with the default pipeline.conf over
$NF_SHARED/eval/<set>/docs (default set polnear-dev) and compares its
`quote` claims with the gold attributions (attributions[primary_annotator]
of gold/<doc>.json).

The measures:
  * A gold attribution's content range runs from the start of its first
    content span to the end of its last (the content may be split around the
    cue: "“…,” he said, “…”"). Attributions without content cannot be found
    and are left out.
  * A quote matches a gold attribution when their content byte ranges
    overlap by at least half of their union. Each quote matches at most one
    attribution and each attribution at most one quote (greedily, best
    overlap first).
  * Precision = matched quotes / quotes, recall = matched attributions /
    attributions, F1 their harmonic mean.
  * Speaker accuracy: of the matched quotes whose gold attribution names a
    source, the share whose speaker span (speaker_start, speaker_end)
    overlaps one of the gold source spans. (Attributions without a source —
    "it was reported that" — have no speaker to get right.)
  * Cue accuracy (shown, no target): the quote's cue span overlaps a gold
    cue span.

Targets: F1 >= 0.60 and speaker accuracy >= 0.70. Exits 1 when one is
missed (2 when newsflow cannot run).

  scripts/eval_polnear.py [--set polnear-train] [--errors N]
"""
import argparse
import json
import os
import signal
import sys

import evaluation

F1_TARGET = 0.60
SPEAKER_TARGET = 0.70


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--set", default="polnear-dev", help="polnear-dev (default) or polnear-train")
    p.add_argument("--errors", type=int, default=0, metavar="N",
                   help="print N missed attributions, N wrong quotes and N wrong speakers")
    return p.parse_args()


def gold_attributions(path):
    g = json.load(open(path, encoding="utf-8"))
    out = []
    for a in g["attributions"][g["primary_annotator"]]:
        if not a["content"]:
            continue
        out.append({
            "start": min(s["byte_start"] for s in a["content"]),
            "end": max(s["byte_end"] for s in a["content"]),
            "sources": [(s["byte_start"], s["byte_end"]) for s in a["source"]],
            "cues": [(s["byte_start"], s["byte_end"]) for s in a["cue"]],
        })
    return out


def overlap(a0, a1, b0, b1):
    return max(0, min(a1, b1) - max(a0, b0))


def matches(quotes, gold):
    """Greedy one-to-one matching, best overlap ratio first: [(quote, gold)]."""
    pairs = []
    for qi, q in enumerate(quotes):
        for gi, g in enumerate(gold):
            inter = overlap(q["start"], q["end"], g["start"], g["end"])
            union = max(q["end"], g["end"]) - min(q["start"], g["start"])
            if inter > 0 and 2 * inter >= union:
                pairs.append((inter / union, qi, gi))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_q, used_g, out = set(), set(), []
    for _, qi, gi in pairs:
        if qi not in used_q and gi not in used_g:
            used_q.add(qi)
            used_g.add(gi)
            out.append((qi, gi))
    return out


def span_hits(start, end, spans):
    return start is not None and end is not None and any(overlap(start, end, s, e) for s, e in spans)


def ratio(n, d):
    return n / d if d else 0.0


def show(doc, start, end, width=160):
    text = doc[start:end].decode("utf-8", "replace").replace("\n", " ")
    return text if len(text) <= width else text[:width] + "…"


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quiet when piped into head
    args = parse_args()
    base = os.path.join(evaluation.shared_dir(), "eval", args.set)
    if not os.path.isdir(os.path.join(base, "docs")):
        sys.exit(f"eval_polnear: no {base}/docs")
    results = {evaluation.stem(r): r for r in evaluation.run([os.path.join(base, "docs")], "eval_polnear")}
    n_quotes = n_gold = n_match = 0
    with_source = speaker_ok = cue_ok = 0
    missed, wrong, bad_speaker = [], [], []
    by_rule = {}
    for name in sorted(results):
        gold = gold_attributions(os.path.join(base, "gold", name + ".json"))
        quotes = [c for c in results[name]["claims"] if c["kind"] == "quote"]
        pairs = matches(quotes, gold)
        n_quotes += len(quotes)
        n_gold += len(gold)
        n_match += len(pairs)
        doc = open(os.path.join(base, "docs", name + ".txt"), "rb").read()
        for qi, gi in pairs:
            q, g = quotes[qi], gold[gi]
            cue_ok += span_hits(q.get("cue_start"), q.get("cue_end"), g["cues"])
            if not g["sources"]:
                continue
            with_source += 1
            if span_hits(q.get("speaker_start"), q.get("speaker_end"), g["sources"]):
                speaker_ok += 1
            else:
                bad_speaker.append((name, q, g, doc))
        matched_q = {qi for qi, _ in pairs}
        for qi, q in enumerate(quotes):
            counts = by_rule.setdefault(q["rule"], [0, 0])
            counts[0] += 1
            counts[1] += qi in matched_q
        matched_g = {gi for _, gi in pairs}
        missed += [(name, g, doc) for gi, g in enumerate(gold) if gi not in matched_g]
        wrong += [(name, q, doc) for qi, q in enumerate(quotes) if qi not in matched_q]

    precision, recall = ratio(n_match, n_quotes), ratio(n_match, n_gold)
    f1 = ratio(2 * precision * recall, precision + recall)
    speaker = ratio(speaker_ok, with_source)
    print(f"PolNeAR {args.set}: {len(results)} documents, {n_gold} attributions, "
          f"{n_quotes} quotes, {n_match} matched")
    print(f"  precision {precision:.3f}  recall {recall:.3f}")
    print(f"  quote F1            {f1:.3f}   target >= {F1_TARGET:.2f}   "
          f"{'PASS' if f1 >= F1_TARGET else 'MISS'}")
    print(f"  speaker accuracy    {speaker:.3f}   target >= {SPEAKER_TARGET:.2f}   "
          f"{'PASS' if speaker >= SPEAKER_TARGET else 'MISS'}   "
          f"({speaker_ok} of {with_source} matched quotes whose attribution names a source)")
    print(f"  cue accuracy        {ratio(cue_ok, n_match):.3f}   (no target)")
    if args.errors:
        print_errors(args.errors, missed, wrong, bad_speaker, by_rule)
    sys.exit(0 if f1 >= F1_TARGET and speaker >= SPEAKER_TARGET else 1)


def print_errors(n, missed, wrong, bad_speaker, by_rule):
    print("\n-- quotes by rule: found, matched, precision")
    for rule, (found, matched) in sorted(by_rule.items(), key=lambda kv: -kv[1][0]):
        print(f"{rule:28} {found:6} {matched:6} {ratio(matched, found):.3f}")
    print(f"\n-- missed attributions (first {n} of {len(missed)})")
    for name, g, doc in missed[:n]:
        src = " / ".join(show(doc, s, e, 40) for s, e in g["sources"]) or "-"
        cue = " / ".join(show(doc, s, e, 30) for s, e in g["cues"]) or "-"
        print(f"{name} [{src}] [{cue}] {show(doc, g['start'], g['end'])}")
    print(f"\n-- quotes matching no attribution (first {n} of {len(wrong)})")
    for name, q, doc in wrong[:n]:
        print(f"{name} {q['rule']} [{q.get('speaker')}] {show(doc, q['start'], q['end'])}")
    print(f"\n-- wrong speakers (first {n} of {len(bad_speaker)})")
    for name, q, g, doc in bad_speaker[:n]:
        src = " / ".join(show(doc, s, e, 40) for s, e in g["sources"])
        print(f"{name} {q['rule']} found [{q.get('speaker')}] gold [{src}] {show(doc, q['start'], q['end'], 80)}")


if __name__ == "__main__":
    main()

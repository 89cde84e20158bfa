#!/usr/bin/env python3
"""check_output.py — checks newsflow results against the output contract.

    check_output.py [--base DIR] [--stdin FILE] [--count N] RESULTS...
    check_output.py --watch [--moved-from DIR --moved-to DIR ...] [--count N] OUTBOX...
    check_output.py --compare A B

RESULTS is a JSON Lines file (one result per line) or a folder of *.json
results (one object per file, plain or --pretty), or "-" for standard input.

For every result it checks (DESIGN.md section 5, core/output.h):
  * the line/file is valid JSON, an object with the contract's keys in the
    contract's order (id, source, title, meta, [text], sentences, excluded,
    entities, claims, signals, scores, errors, timings_us, [rules],
    [input]) and no others;
  * every key has the right type; entity types are PERSON, ORG, PLACE,
    GROUP, EVENT or MISC; the id is a safe file name;
  * every span's start/end are UTF-8 byte offsets into the article's
    document that cut out exactly its "text": the document is the file's
    bytes for a .txt source, title + "\\n\\n" + text of the object for a
    .json source, and of the object on line N for a "path:N" JSON Lines
    source ("-:N" is line N of the --stdin FILE). Relative sources resolve
    against --base (default: the current folder);
  * sentences are non-empty, ordered, non-overlapping and within the document;
  * "title" (and "text" with --with-text) equal the document's.
--count N also checks that there are exactly N results.

--watch checks the outbox of `newsflow watch`: status.json there is not a
result; every result carries "rules" {generation >= 1, loaded_at} and
"input" {name, identity}; the input's name is the source's file name (with
":N" for a line of JSON Lines); its identity is the daemon's hash of the id
and the document (core/outbox.c), so a result that does not belong to its
document is caught; and no two results have the same identity (one result
per input, however often it was processed). "rules" and "input" are checked
whenever present, with or without --watch.

--moved-from DIR --moved-to DIR: a source under DIR (the inbox) is looked
for under the --moved-to folder (done) instead, where the daemon moved the
input once its results were written; --moved-to may be given more than once
(done, quarantine): the first folder holding the file is used. Both are
relative to --base, as sources are.

--compare A B checks that two results files (or folders) hold the same
results in the same order, ignoring timings_us.

Exit status: 0 when everything holds, 1 on violations (the first 10 are
printed, each naming the result and the span), 2 on usage errors.
"""

import json
import math
import os
import re
import sys

MAX_REPORTED = 10
ENTITY_TYPES = {"PERSON", "ORG", "PLACE", "GROUP", "EVENT", "MISC"}
KEY_ORDER = ["id", "source", "title", "meta", "text", "sentences", "excluded", "entities", "claims",
             "signals", "scores", "errors", "timings_us", "rules", "input"]
REQUIRED_KEYS = [k for k in KEY_ORDER if k not in ("text", "rules", "input")]
WATCH_KEYS = ["rules", "input"]
STATUS_FILE = "status.json"
TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
IDENTITY = re.compile(r"^[0-9a-f]{16}$")
ENTITY_KEYS = {"type": str, "name": str, "text": str, "start": int, "end": int, "rule": str}
EXCLUDED_KEYS = {"start": int, "end": int, "rule": str}
ERROR_KEYS = ["stage", "code", "file", "line", "message"]
JSONL_SOURCE = re.compile(r"^(.*):([0-9]+)$")
ID_MAX = 128


class Violations(Exception):
    """Raised when enough violations have been collected."""


class Report:
    def __init__(self):
        self.items = []
        self.results = 0

    def add(self, where, message):
        self.items.append(f"{where}: {message}")
        if len(self.items) >= MAX_REPORTED:
            raise Violations()


# ---------------------------------------------------------------- loading

def load_results(path, skip=()):
    """Yields (label, text) for every result in a JSON Lines file, a folder of *.json, or '-'.
    Files of a folder named in skip are not results."""
    if path == "-":
        data = sys.stdin.buffer.read()
        yield from split_lines("<stdin>", data)
    elif os.path.isdir(path):
        for name in sorted(os.listdir(path)):
            if name.endswith(".json") and name not in skip:
                with open(os.path.join(path, name), "rb") as f:
                    yield os.path.join(path, name), f.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
        yield from split_lines(path, data)


def split_lines(label, data):
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for n, line in enumerate(lines, 1):
        yield f"{label}:{n}", line


def parse(label, raw, report):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        report.add(label, f"result is not valid UTF-8 ({e})")
        return None
    try:
        obj = json.loads(text, parse_constant=reject_constant)
    except ValueError as e:
        report.add(label, f"result is not valid JSON ({e}): {text[:120]!r}")
        return None
    if not isinstance(obj, dict):
        report.add(label, f"result is a {type(obj).__name__}, not an object")
        return None
    return obj


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


# ---------------------------------------------------------------- documents

class Documents:
    """Finds the document a result's source names; caches files."""

    def __init__(self, base, stdin_file, moved_from=None, moved_to=()):
        self.base = base
        self.stdin_file = stdin_file
        self.moved_from = os.path.normpath(moved_from) if moved_from else None
        self.moved_to = list(moved_to)
        self.files = {}
        self.lines = {}

    def _full(self, path):
        full = path if os.path.isabs(path) else os.path.join(self.base, path)
        if self.moved_from is None:
            return full
        # A source under the inbox: the input now sits in the first --moved-to folder holding it.
        rel = os.path.relpath(os.path.normpath(path), self.moved_from)
        if rel.startswith(".."):
            return full
        candidates = []
        for folder in self.moved_to:
            moved = os.path.join(folder, rel)
            candidates.append(moved if os.path.isabs(moved) else os.path.join(self.base, moved))
        candidates.append(full)     # not moved yet
        for path in candidates:
            if os.path.lexists(path) or ("\ufffd" in path and os.path.lexists(undo_replacement(path))):
                return path
        return candidates[0]

    def _read(self, path):
        if path not in self.files:
            full = self._full(path)
            if not os.path.exists(full) and "\ufffd" in full:
                full = undo_replacement(full)
            if os.path.getsize(full) > (256 << 20):
                raise ValueError(f"{full} is over 256 MB: not read")
            with open(full, "rb") as f:
                self.files[path] = f.read()
        return self.files[path]

    def _line(self, path, n):
        if path not in self.lines:
            data = self._read(self.stdin_file if path == "-" else path)
            self.lines[path] = data.split(b"\n")
        lines = self.lines[path]
        if n < 1 or n > len(lines):
            raise LookupError(f"{path} has no line {n}")
        return lines[n - 1]

    def get(self, source):
        """Returns (document bytes, title bytes) or raises LookupError/ValueError/OSError."""
        m = JSONL_SOURCE.match(source)
        if m and (m.group(1) == "-" or m.group(1).lower().endswith(".jsonl")):
            if m.group(1) == "-" and self.stdin_file is None:
                raise LookupError("source is standard input and no --stdin FILE was given")
            return json_document(self._line(m.group(1), int(m.group(2))))
        if source.lower().endswith(".json"):
            return json_document(self._read(source))
        return txt_document(self._read(source))


def undo_replacement(path):
    """A file whose name is not UTF-8 has U+FFFD in its source: finds the name it stands for."""
    folder, name = os.path.split(path)
    try:
        entries = os.listdir(os.fsencode(folder or "."))
    except OSError:
        return path
    for entry in entries:
        if entry.decode("utf-8", "replace") == name:
            return os.path.join(os.fsencode(folder), entry)
    return path


def encode_json_string(s):
    """Bytes of a string from a JSON source: raw bytes that were not UTF-8 come back as they
    were (surrogateescape); lone surrogates written as \\u escapes as cJSON writes them."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass")


def json_document(raw):
    text = raw.decode("utf-8", "surrogateescape")
    if text.startswith("\ufeff"):       # newsflow reads JSON after a byte order mark
        text = text[1:]
    obj = json.loads(text, parse_constant=reject_constant)
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise ValueError("the source is not an object with a string \"text\"")
    title = obj.get("title")
    title = title if isinstance(title, str) else ""
    title = encode_json_string(title)
    return title + b"\n\n" + encode_json_string(obj["text"]), title


def txt_document(data):
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    eol = data.find(b"\n", start)
    line = data[start:] if eol < 0 else data[start:eol]
    return data, line.rstrip(b" \t\r")


def clean_utf8(data):
    """Whether newsflow writes the document's text as it is: valid UTF-8 without NUL bytes."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\0" not in data


def sanitized(data):
    """What newsflow writes for the bytes of a document that is not clean_utf8 (core/output.h)."""
    return data.decode("utf-8", "replace").replace("\0", "\ufffd")


# ---------------------------------------------------------------- checks

def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_number(v):
    return (isinstance(v, (int, float)) and not isinstance(v, bool)
            and math.isfinite(v))


def check_id(where, value, report):
    if not isinstance(value, str) or value == "":
        report.add(where, f"id {value!r} is not a non-empty string")
        return
    raw = value.encode("utf-8", "surrogatepass")
    bad = [c for c in value if c in "/\\\0" or ord(c) < 0x20]
    if bad or value.startswith(".") or ".." in value or len(raw) > ID_MAX:
        report.add(where, f"id {value!r} is not a safe file name")


def check_types(where, r, report):
    """Checks keys and types; returns True when spans can be checked."""
    keys = list(r.keys())
    for k in REQUIRED_KEYS:
        if k not in r:
            report.add(where, f"missing key {k!r}")
    unknown = [k for k in keys if k not in KEY_ORDER]
    if unknown:
        report.add(where, f"unknown keys {unknown}")
    known = [k for k in keys if k in KEY_ORDER]
    if known != sorted(known, key=KEY_ORDER.index):
        report.add(where, f"keys out of the contract's order: {known}")
    if any(k not in r for k in REQUIRED_KEYS):
        return False
    ok = True

    def bad(message):
        nonlocal ok
        ok = False
        report.add(where, message)

    check_id(where, r["id"], report)
    if not isinstance(r["source"], str):
        bad(f"source {r['source']!r} is not a string")
    if not isinstance(r["title"], str):
        bad(f"title {r['title']!r} is not a string")
    if not isinstance(r["meta"], dict):
        bad(f"meta is not an object: {r['meta']!r}")
    if "text" in r and not isinstance(r["text"], str):
        bad("text is not a string")

    if not isinstance(r["sentences"], list):
        bad("sentences is not an array")
    else:
        for i, s in enumerate(r["sentences"]):
            if not (isinstance(s, list) and len(s) == 2 and all(is_int(x) for x in s)):
                bad(f"sentences[{i}] = {s!r} is not [start, end]")

    if not isinstance(r["excluded"], list):
        bad("excluded is not an array")
    else:
        for i, x in enumerate(r["excluded"]):
            if not (isinstance(x, dict) and set(x.keys()) == set(EXCLUDED_KEYS) and
                    is_int(x["start"]) and is_int(x["end"]) and isinstance(x["rule"], str)):
                bad(f"excluded[{i}] = {x!r} is not {{start, end, rule}}")

    if not isinstance(r["entities"], list):
        bad("entities is not an array")
    else:
        for i, e in enumerate(r["entities"]):
            w = f"entities[{i}]"
            if not isinstance(e, dict):
                bad(f"{w} is not an object")
                continue
            if set(e.keys()) != set(ENTITY_KEYS):
                bad(f"{w} has keys {sorted(e.keys())}, not {sorted(ENTITY_KEYS)}")
                continue
            for k, t in ENTITY_KEYS.items():
                if not (is_int(e[k]) if t is int else isinstance(e[k], t)):
                    bad(f"{w}.{k} = {e[k]!r} is not {t.__name__}")
            if e["type"] not in ENTITY_TYPES:
                bad(f"{w}.type {e['type']!r} is not one of {sorted(ENTITY_TYPES)}")

    if not isinstance(r["claims"], list):
        bad("claims is not an array")
    else:
        for i, c in enumerate(r["claims"]):
            w = f"claims[{i}]"
            if not isinstance(c, dict):
                bad(f"{w} is not an object")
                continue
            missing = [k for k in ("kind", "text", "start", "end", "speaker", "cue", "hedged",
                                   "attributed", "number", "rule") if k not in c]
            if missing:
                bad(f"{w} lacks {missing}")
                continue
            for k in ("kind", "text", "rule"):
                if not isinstance(c[k], str):
                    bad(f"{w}.{k} = {c[k]!r} is not a string")
            for k in ("start", "end"):
                if not is_int(c[k]):
                    bad(f"{w}.{k} = {c[k]!r} is not an integer")
            for k in ("speaker", "cue"):
                if c[k] is not None and not isinstance(c[k], str):
                    bad(f"{w}.{k} = {c[k]!r} is not a string or null")
            for k in ("hedged", "attributed"):
                if not isinstance(c[k], bool):
                    bad(f"{w}.{k} = {c[k]!r} is not a boolean")
            if c["number"] is not None and not is_number(c["number"]) and not isinstance(c["number"], str):
                bad(f"{w}.number = {c['number']!r} is not a number, a string or null")

    if not isinstance(r["signals"], list):
        bad("signals is not an array")
    else:
        for i, s in enumerate(r["signals"]):
            if not (isinstance(s, dict) and set(s.keys()) == {"name", "weight", "why"}
                    and isinstance(s["name"], str) and is_number(s["weight"])
                    and isinstance(s["why"], str)):
                bad(f"signals[{i}] = {s!r} is not {{name, weight, why}}")

    if not isinstance(r["scores"], dict):
        bad("scores is not an object")
    else:
        for k, v in r["scores"].items():
            if not is_number(v):
                bad(f"scores.{k} = {v!r} is not a number")

    if not isinstance(r["errors"], list):
        bad("errors is not an array")
    else:
        for i, e in enumerate(r["errors"]):
            w = f"errors[{i}]"
            if not isinstance(e, dict) or list(e.keys()) != ERROR_KEYS:
                bad(f"{w} = {e!r} does not have exactly the keys {ERROR_KEYS}")
                continue
            if not isinstance(e["stage"], str) or not e["stage"]:
                bad(f"{w}.stage {e['stage']!r} is not a non-empty string")
            if not isinstance(e["code"], str) or not re.fullmatch(r"e[a-z0-9]+", e["code"]):
                bad(f"{w}.code {e['code']!r} is not an error name like 'eformat'")
            if e["file"] is not None and not isinstance(e["file"], str):
                bad(f"{w}.file {e['file']!r} is not a string or null")
            if e["line"] is not None and not (is_int(e["line"]) and e["line"] > 0):
                bad(f"{w}.line {e['line']!r} is not a positive integer or null")
            if not isinstance(e["message"], str) or not e["message"]:
                bad(f"{w}.message {e['message']!r} is not a non-empty string")

    if not isinstance(r["timings_us"], dict):
        bad("timings_us is not an object")
    else:
        for k, v in r["timings_us"].items():
            if not (is_int(v) and v >= 0):
                bad(f"timings_us.{k} = {v!r} is not a non-negative integer")
    return ok


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def input_identity(id_, doc):
    """The identity newsflow watch records for an input (core/outbox.c nf_input_identity)."""
    raw_id = id_.encode("utf-8", "surrogatepass") + b"\0"
    h = fnv1a64(raw_id) ^ ((fnv1a64(doc) * 31) & 0xFFFFFFFFFFFFFFFF)
    return f"{h:016x}"


def check_watch_keys(where, r, report, watch):
    """Checks "rules" and "input" (written by newsflow watch); returns True when input can be
    checked against the document."""
    if watch:
        for k in WATCH_KEYS:
            if k not in r:
                report.add(where, f"missing key {k!r} (a result of newsflow watch)")
    ok = True
    if "rules" in r:
        rules = r["rules"]
        if not (isinstance(rules, dict) and list(rules.keys()) == ["generation", "loaded_at"]):
            report.add(where, f"rules = {rules!r} is not {{generation, loaded_at}}")
        else:
            if not (is_int(rules["generation"]) and rules["generation"] >= 1):
                report.add(where, f"rules.generation {rules['generation']!r} is not an integer >= 1")
            if not (isinstance(rules["loaded_at"], str) and TIMESTAMP.match(rules["loaded_at"])):
                report.add(where, f"rules.loaded_at {rules['loaded_at']!r} is not a time like "
                                  f"2026-11-23T17:30:01Z")
    if "input" in r:
        inp = r["input"]
        if not (isinstance(inp, dict) and list(inp.keys()) == ["name", "identity"]):
            report.add(where, f"input = {inp!r} is not {{name, identity}}")
            return False
        if not (isinstance(inp["name"], str) and inp["name"]):
            report.add(where, f"input.name {inp['name']!r} is not a non-empty string")
            ok = False
        elif isinstance(r.get("source"), str) and inp["name"] != r["source"].rsplit("/", 1)[-1]:
            report.add(where, f"input.name {inp['name']!r} is not the source's file name")
        if not (isinstance(inp["identity"], str) and IDENTITY.match(inp["identity"])):
            report.add(where, f"input.identity {inp['identity']!r} is not 16 hex digits")
            ok = False
    return ok and "input" in r


def check_identity(where, r, docs, report):
    """The identity must be the hash of the result's id and its document."""
    try:
        doc, _ = docs.get(r["source"])
    except (OSError, LookupError, ValueError, UnicodeError, RecursionError) as e:
        message = f"cannot find the document of source {r['source']!r}: {e}"
        if not report.items or report.items[-1] != f"{where}: {message}":    # check_spans said it
            report.add(where, message)
        return
    expected = input_identity(r["id"], doc)
    if r["input"]["identity"] != expected:
        report.add(where, f"input.identity {r['input']['identity']} is not the input's "
                          f"({expected}): the result does not belong to this document")


def check_spans(where, r, docs, report):
    spans = r["sentences"] or r["entities"] or r["claims"] or r["excluded"]
    read_failed = any(e.get("stage") == "read" for e in r["errors"])
    if read_failed and not spans:
        return      # nothing to check against the document, which may be huge or absent
    try:
        doc, title = docs.get(r["source"])
    except (OSError, LookupError, ValueError, UnicodeError, RecursionError) as e:
        if spans or "text" in r:
            report.add(where, f"cannot find the document of source {r['source']!r}: {e}")
        return
    n = len(doc)
    valid = clean_utf8(doc)
    decode = (lambda b: b.decode("utf-8")) if valid else sanitized
    title = decode(title)

    if not read_failed and r["title"] != title:
        report.add(where, f"title {r['title']!r} is not the document's title {title!r}")
    if "text" in r and not read_failed and r["text"] != decode(doc):
        report.add(where, f"text ({len(r['text'])} characters) is not the document "
                          f"({n} bytes of {r['source']})")

    def cut(w, start, end, allow_empty):
        if not (0 <= start <= end <= n) or (start == end and not allow_empty):
            report.add(where, f"{w} [{start}, {end}) is not a span within the {n}-byte document")
            return None
        piece = doc[start:end]
        if valid:
            try:
                return piece.decode("utf-8")
            except UnicodeDecodeError:
                report.add(where, f"{w} [{start}, {end}) cuts a UTF-8 character: {piece!r}")
                return None
        return decode(piece)

    prev_end = 0
    for i, (start, end) in enumerate(r["sentences"]):
        w = f"sentences[{i}]"
        if start < prev_end:
            report.add(where, f"{w} [{start}, {end}) overlaps or precedes the sentence ending at {prev_end}")
        cut(w, start, end, False)
        prev_end = max(prev_end, end)

    excluded = [(x["start"], x["end"]) for x in r["excluded"]]
    for i, (start, end) in enumerate(excluded):
        cut(f"excluded[{i}]", start, end, False)

    def inside_excluded(start, end):
        return any(start < x_end and x_start < end for x_start, x_end in excluded)

    for i, (start, end) in enumerate(r["sentences"]):
        if inside_excluded(start, end):
            report.add(where, f"sentences[{i}] [{start}, {end}) overlaps an excluded span")

    for layer, allow_empty in (("entities", False), ("claims", True)):
        for i, item in enumerate(r[layer]):
            w = f"{layer}[{i}] {item.get('text', '')[:60]!r}"
            if inside_excluded(item["start"], item["end"]):
                report.add(where, f"{w} [{item['start']}, {item['end']}) overlaps an excluded span")
            got = cut(w, item["start"], item["end"], allow_empty)
            if got is not None and got != item["text"]:
                report.add(where, f"{w} [{item['start']}, {item['end']}) cuts {got[:80]!r}, "
                                  f"not its text {item['text'][:80]!r}")


def validate(paths, base, stdin_file, count, watch=False, moved_from=None, moved_to=()):
    report = Report()
    docs = Documents(base, stdin_file, moved_from, moved_to)
    identities = {}
    try:
        for path in paths:
            for label, raw in load_results(path, (STATUS_FILE,) if watch else ()):
                report.results += 1
                r = parse(label, raw, report)
                if r is None:
                    continue
                where = f"{label} (id {r.get('id')!r}, source {r.get('source')!r})"
                types_ok = check_types(where, r, report)
                input_ok = check_watch_keys(where, r, report, watch)
                if types_ok:
                    check_spans(where, r, docs, report)
                if types_ok and input_ok:
                    check_identity(where, r, docs, report)
                    identity = r["input"]["identity"]
                    if identity in identities:
                        report.add(where, f"the same input (identity {identity}) as {identities[identity]}: "
                                          f"two results for one input")
                    identities[identity] = label
        if count is not None and report.results != count:
            report.add("results", f"{report.results} results, expected {count}")
    except Violations:
        pass
    if report.items:
        print(f"check_output: {len(report.items)}{'+' if len(report.items) >= MAX_REPORTED else ''} "
              f"violation(s):", file=sys.stderr)
        for item in report.items:
            print(f"  {item}", file=sys.stderr)
        return 1
    print(f"check_output: {report.results} results ok")
    return 0


# ---------------------------------------------------------------- compare

def compare(a, b):
    def results(path):
        out = []
        for label, raw in load_results(path):
            try:
                r = json.loads(raw)
            except ValueError as e:
                raise SystemExit(f"check_output: {label}: not valid JSON ({e})")
            if isinstance(r, dict):
                r.pop("timings_us", None)
            out.append((label, r))
        return out

    ra, rb = results(a), results(b)
    problems = []
    if len(ra) != len(rb):
        problems.append(f"{a} has {len(ra)} results, {b} has {len(rb)}")
    for (la, x), (lb, y) in zip(ra, rb):
        if x != y:
            keys = sorted({k for k in set(x) | set(y) if x.get(k) != y.get(k)}) \
                if isinstance(x, dict) and isinstance(y, dict) else ["<whole>"]
            problems.append(f"{la} (id {x.get('id')!r}) differs from {lb} (id {y.get('id')!r}) in {keys}")
            if len(problems) >= MAX_REPORTED:
                break
    if problems:
        print("check_output: results differ (timings_us ignored):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    print(f"check_output: {len(ra)} results identical (timings_us ignored)")
    return 0


def main(argv):
    import argparse
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", default=".", help="folder relative sources resolve against")
    p.add_argument("--stdin", dest="stdin_file", help="the file that was given on standard input")
    p.add_argument("--count", type=int, help="the number of results expected")
    p.add_argument("--compare", action="store_true", help="compare two results files")
    p.add_argument("--watch", action="store_true",
                   help="results of newsflow watch: status.json skipped, rules and input required")
    p.add_argument("--moved-from", help="the inbox: sources under it are looked for in --moved-to")
    p.add_argument("--moved-to", action="append", default=[],
                   help="where inputs went (done, quarantine); may be repeated")
    p.add_argument("paths", nargs="+")
    args = p.parse_args(argv)
    if args.compare:
        if len(args.paths) != 2:
            p.error("--compare takes two results files")
        return compare(*args.paths)
    if bool(args.moved_from) != bool(args.moved_to):
        p.error("--moved-from and --moved-to go together")
    return validate(args.paths, args.base, args.stdin_file, args.count, args.watch, args.moved_from,
                    args.moved_to)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

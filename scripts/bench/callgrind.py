"""
callgrind.py — reads a callgrind output file (the format of valgrind
--tool=callgrind, documented in valgrind's "Callgrind Format
Specification") into functions, their files, and call arcs with their
inclusive costs.

Only the first event (Ir, instructions executed) is read. Function and
file names may be compressed ("fn=(12) name" the first time, "fn=(12)"
after); positions are skipped, whatever their compression.

Python 3 standard library only.
"""

import re

_NAMED = re.compile(r"^\((\d+)\)(?: (.*))?$")


class Profile:
    """
    total     the program's instructions (the "summary:" or "totals:" line)
    self_ir   {function: instructions spent in its own code}
    file_of   {function: the source file it is defined in ("???" without debug info)}
    arcs      {(caller, callee): inclusive instructions of the calls}
    Functions are keyed by name (static functions of the same name in two
    files are merged: good enough for entry points with distinct names).
    """

    def __init__(self):
        self.total = 0
        self.self_ir = {}
        self.file_of = {}
        self.arcs = {}

    def inclusive(self, fn):
        """Inclusive cost of fn: what its callers spent calling it (recursive calls left out)."""
        cost = sum(c for (caller, callee), c in self.arcs.items() if callee == fn and caller != fn)
        if cost == 0:   # never called (a thread's entry): its own code plus what it called
            cost = self.self_ir.get(fn, 0) + sum(
                c for (caller, callee), c in self.arcs.items() if caller == fn and callee != fn)
        return cost

    def entry_cost(self, inside):
        """
        The cost of entering a set of functions from outside it: the sum of
        every call from a function not in `inside` to one in it. For the
        functions of some files, that is everything those files do, nested
        calls counted once.
        """
        return sum(c for (caller, callee), c in self.arcs.items() if callee in inside and caller not in inside)


def parse(path):
    prof = Profile()
    names = {"fn": {}, "fl": {}}     # compressed ids: one space for functions, one for files

    def name(space, value):
        m = _NAMED.match(value)
        if not m:
            return value
        ident, text = m.groups()
        if text is not None:
            names[space][ident] = text
        return names[space].get(ident, f"({ident})")

    fn = None
    file = "???"
    call_target = None       # set by calls=: the next cost line is the call's inclusive cost
    pending_cfn = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            c = line[:1]
            if c.isdigit() or c in "+-*":
                fields = line.split()
                ir = int(fields[1]) if len(fields) > 1 else 0
                if call_target is not None:
                    key = (fn, call_target)
                    prof.arcs[key] = prof.arcs.get(key, 0) + ir
                    call_target = None
                else:
                    prof.self_ir[fn] = prof.self_ir.get(fn, 0) + ir
                continue
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                if key == "fn":
                    fn = name("fn", value)
                    prof.file_of.setdefault(fn, file)
                elif key == "fl":
                    file = name("fl", value)
                elif key in ("fi", "fe", "cfi", "cfl"):
                    name("fl", value)       # inlined code or a callee's file: only record the name
                elif key == "cfn":
                    pending_cfn = name("fn", value)
                elif key == "calls":
                    call_target = pending_cfn
                elif key in ("ob", "cob"):
                    pass
                continue
            if line.startswith(("summary:", "totals:")):
                prof.total = max(prof.total, int(line.split()[1]))
    return prof

#!/usr/bin/env python3
"""
patterns.py — every name and alias of the default entity lists, one a
line: the patterns of the grep baseline (`grep -F -w -o -f PATTERNS`).

    scripts/bench/patterns.py [-c pipeline.conf] [-o FILE]

The keys are those of every stage of type `entities` in the pipeline (the
default pipeline.conf has one, plugins/entities.lua):

  * its inline `entities`: each name and its aliases;
  * its `lists`: every list file named (a string, or { file = ... }),
    relative to the plugin; in each, column 1 (the name) and column 3 (the
    aliases, split on '|'), comment lines (#) and blank lines skipped.

The plugin is evaluated with the Lua interpreter when one is installed
(lua5.4, lua), which sees exactly what the core sees. Without one, or when
the plugin does not load outside newsflow, the plugin's text is read
instead: every "*.tsv" string is a list, every `name = "..."` and every
string in `aliases = { ... }` a key (an approximation, said so in the
report). The aliases are kept as written: grep -F is case-sensitive.

Python 3 standard library only.
"""

import argparse
import configparser
import os
import re
import shutil
import subprocess
import sys

# Evaluates a plugin and prints what the entities stage would read from it:
# "L<TAB>file" for each list, "K<TAB>key" for each inline name and alias.
LUA_DUMP = r"""
local ok, t = pcall(dofile, arg[1])
if not ok or type(t) ~= "table" then io.stderr:write(tostring(t), "\n") os.exit(3) end
for _, l in ipairs(type(t.lists) == "table" and t.lists or {}) do
  local f = type(l) == "table" and l.file or l
  if type(f) == "string" then print("L\t" .. f) end
end
for _, e in ipairs(type(t.entities) == "table" and t.entities or {}) do
  if type(e) == "table" then
    if type(e.name) == "string" then print("K\t" .. e.name) end
    for _, a in ipairs(type(e.aliases) == "table" and e.aliases or {}) do
      if type(a) == "string" then print("K\t" .. a) end
    end
  end
end
"""

LUA_STRING = r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\''


def entity_plugins(conf_path):
    """The rule files of the pipeline's stages of type `entities`, as absolute paths."""
    cp = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";", "#"),
                                   comment_prefixes=(";", "#"), strict=False)
    with open(conf_path, encoding="utf-8") as f:
        cp.read_file(f)
    stages = re.split(r"[\s,]+", cp.get("pipeline", "stages", fallback="").strip())
    base = os.path.dirname(os.path.abspath(conf_path))
    plugins = []
    for st in filter(None, stages):
        section = cp[st] if cp.has_section(st) else {}
        if section.get("type", st).strip() == "entities" and section.get("rules"):
            plugins.append(os.path.join(base, section["rules"].strip()))
    return plugins


def lua_interpreter():
    for name in ("lua5.4", "lua"):
        path = shutil.which(name)
        if path:
            return path
    return None


def read_plugin_lua(plugin):
    """(lists, keys) from evaluating the plugin, or None when it cannot be done."""
    lua = lua_interpreter()
    if lua is None:
        return None
    try:
        # The script comes on standard input ("-"); the plugin is its arg[1].
        out = subprocess.run([lua, "-", plugin], input=LUA_DUMP, capture_output=True, text=True,
                             cwd=os.path.dirname(plugin), timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    lists, keys = [], []
    for line in out.stdout.splitlines():
        kind, _, value = line.partition("\t")
        (lists if kind == "L" else keys).append(value)
    return lists, keys


def unescape(s):
    return re.sub(r"\\(.)", r"\1", s)


def read_plugin_text(plugin):
    """(lists, keys) read from the plugin's text: the fallback without a Lua interpreter."""
    with open(plugin, encoding="utf-8") as f:
        src = f.read()
    src = re.sub(r"--\[(=*)\[.*?\]\1\]", "", src, flags=re.S)           # block comments
    src = re.sub(r"--[^\n]*", "", src)                                  # line comments (good enough)
    strings = lambda text: [unescape(a or b) for a, b in re.findall(LUA_STRING, text)]
    lists = [s for s in strings(src) if s.endswith(".tsv")]
    keys = [unescape(a or b) for a, b in re.findall(r"\bname\s*=\s*(?:" + LUA_STRING + ")", src)]
    for block in re.findall(r"\baliases\s*=\s*\{([^}]*)\}", src):
        keys += strings(block)
    return lists, keys


def list_keys(path):
    """Column 1 and column 3 (split on '|') of every entity line of a list file."""
    keys = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            keys.append(cols[0])
            if len(cols) > 2:
                keys += cols[2].split("|")
    return keys


def collect(conf_path):
    """
    Every key of the pipeline's entity stages. Returns (keys, info): keys
    deduplicated in first-seen order, info a dict with the plugins, lists,
    and how the plugins were read ("lua" or "text").
    """
    keys, lists_read, methods = [], [], set()
    plugins = entity_plugins(conf_path)
    for plugin in plugins:
        got = read_plugin_lua(plugin)
        methods.add("lua" if got else "text")
        lists, inline = got if got else read_plugin_text(plugin)
        keys += inline
        for l in lists:
            path = os.path.join(os.path.dirname(plugin), l)
            keys += list_keys(path)
            lists_read.append(os.path.relpath(path, os.path.dirname(os.path.abspath(conf_path))))
    seen, unique = set(), []
    for k in keys:
        k = k.strip()
        # An empty pattern would match everywhere; a newline would split a pattern in two.
        if k and "\n" not in k and k not in seen:
            seen.add(k)
            unique.append(k)
    return unique, {"plugins": plugins, "lists": lists_read, "method": "+".join(sorted(methods)) or "none"}


def write_patterns(conf_path, out_path):
    keys, info = collect(conf_path)
    with open(out_path, "w", encoding="utf-8") as f:
        f.writelines(k + "\n" for k in keys)
    info["count"] = len(keys)
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("-c", "--config", default="pipeline.conf")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    keys, info = collect(args.config)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    out.writelines(k + "\n" for k in keys)
    print(f"{len(keys)} patterns from {len(info['lists'])} lists "
          f"({', '.join(info['lists']) or 'none'}) and inline entities; plugins read with {info['method']}",
          file=sys.stderr)


if __name__ == "__main__":
    main()

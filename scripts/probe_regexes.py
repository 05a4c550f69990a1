"""Time every regular expression of briefcast against long runs: catastrophic backtracking shows.

Collects the pattern literals of every ``re.*`` call in src/briefcast and the compiled patterns
at module level of every module, then runs ``search`` and ``match`` of each on runs of one or
two characters (tabs, spaces, digits, dots, letters, ...), alone and after prefixes that open
a construct ("## a", "1. ", "KYIV, "...). A pattern that is linear takes microseconds; one
that backtracks quadratically takes a tenth of a second on a 3,000-character run, and a
hundred times that on ten times the run. Prints the patterns over ``--limit`` seconds,
slowest first. Asserts nothing.

Usage: PYTHONPATH=src python3 scripts/probe_regexes.py [--length 3000] [--limit 0.05]
"""

from __future__ import annotations

import argparse
import ast
import importlib
import pkgutil
import re
import time
from pathlib import Path

import briefcast

SOURCE = Path(briefcast.__file__).parent
CALLS = {"compile", "match", "search", "sub", "subn", "findall", "finditer", "fullmatch", "split"}
RUNS = [
    "\t",
    " ",
    "a",
    "A",
    "1",
    "-",
    ".",
    "#",
    "<",
    ">",
    "*",
    "_",
    ",",
    "'",
    '"',
    "/",
    ":",
    "\n",
    "é",
    "\u00a0",
    "=",
    "(",
    "[",
    "&",
    "$",
    "%",
    "@",
    "!",
    "?",
]
PAIRS = [
    ("a", " "),
    ("a", "."),
    ("1", "."),
    ("1", ","),
    ("a", "-"),
    (" ", "\t"),
    ("a", "\n"),
    ("<", "a"),
    ("a", "'"),
    ("A", "."),
    ("1", " "),
    ("a ", "\n"),
]
PREFIXES = [
    "## a",
    "# ",
    "1. ",
    "- ",
    "[a]: ",
    "<p ",
    "<!--",
    "&#",
    "By ",
    "KYIV, ",
    "$1",
    "a.",
    "Mr. ",
    "http://",
    "10:",
    "(",
    '"a',
    "1 ",
]


def patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(where, pattern) of every regex literal and module-level pattern."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                try:
                    found.append((f"{path.name}:{node.lineno}", re.compile(node.args[0].value)))
                except re.error:
                    continue
    names = ["briefcast"] + [
        f"briefcast.{m.name}"
        for m in pkgutil.walk_packages(briefcast.__path__)
        if not m.name.endswith("__main__")
    ]
    for name in names:
        module = importlib.import_module(name)
        found += [
            (f"{name}.{key}", value)
            for key, value in vars(module).items()
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str)
        ]
    return found


def probes(length: int) -> list[str]:
    """Long runs of one or two characters, bare and behind prefixes."""
    runs = [c * length for c in RUNS] + [(a + b) * (length // 2) for a, b in PAIRS]
    ended = [run + end for run in runs for end in ("", "\x01", "!")]
    return ended + [prefix + c * length + "\x01" for prefix in PREFIXES for c in RUNS]


def main() -> None:
    """Probe and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=3000)
    parser.add_argument("--limit", type=float, default=0.05)
    args = parser.parse_args()
    found, inputs = patterns(), probes(args.length)
    print(f"{len(found)} patterns, {len(inputs)} inputs of about {args.length} characters")
    slow = []
    for where, pattern in found:
        worst, worst_input = 0.0, ""
        for text in inputs:
            start = time.perf_counter()
            pattern.search(text)
            pattern.match(text)
            took = time.perf_counter() - start
            if took > worst:
                worst, worst_input = took, text
            if took > 1.0:
                break
        if worst > args.limit:
            slow.append((worst, where, pattern.pattern, worst_input))
    for took, where, text, worst_input in sorted(slow, reverse=True):
        print(
            f"{took:6.2f} s  {where}  {text[:80]!r}  on {worst_input[:12]!r}... "
            f"({len(worst_input)} characters)"
        )
    print(f"{len(slow)} pattern(s) over {args.limit} s")


if __name__ == "__main__":
    main()

"""The package's layers, read from the source: cli -> pipeline -> stages -> models/config/errors.

Every import is counted, including the ones deferred into a function body, because a deferred
import still ties two modules together (it only hides the cycle until run time).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "briefcast"
# Modules at the bottom: they import nothing of briefcast but each other (in this order).
LEAVES = {
    "briefcast.errors": set(),
    "briefcast.standards": set(),
    "briefcast.models": set(),
    "briefcast.textsafe": set(),
    "briefcast.config": {"briefcast.errors", "briefcast.standards", "briefcast.textsafe"},
}


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every briefcast module that ``module`` imports, anywhere in its source."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join([*base, *([node.module] if node.module else [])])
            else:
                prefix = node.module or ""
            # "from . import audio" imports the module audio; "from .x import name" imports x.
            names = [
                f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in MODULES else prefix
                for a in node.names
            ]
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                yield name


GRAPH = {module: set(_imported(module, path)) for module, path in MODULES.items()}


def _cycle() -> list[str]:
    """One import cycle as a list of modules (first repeated last), or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for dep in sorted(GRAPH[module]):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        path.pop()
        state[module] = 2
        return []

    for module in sorted(GRAPH):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return []


def test_the_graph_sees_deferred_and_relative_imports() -> None:
    """The checker itself reads deferred imports and ``from . import x`` forms (so that the
    tests below could fail): pipeline imports cover inside a function, and audio's stages."""
    assert "briefcast.cover" in GRAPH["briefcast.pipeline"]
    assert {"briefcast.audio", "briefcast.store", "briefcast.voices"} <= GRAPH["briefcast.pipeline"]
    assert "briefcast.voices.base" in GRAPH["briefcast.voices.gtts_engine"]


def test_no_import_cycle() -> None:
    """No module imports itself through others, not even through an import in a function."""
    assert _cycle() == []


@pytest.mark.parametrize("leaf", sorted(LEAVES))
def test_core_modules_are_leaves(leaf: str) -> None:
    """errors, standards, models and config import nothing above them (config knows no
    voice engine: each engine reads its own settings)."""
    assert GRAPH[leaf] <= LEAVES[leaf]


def test_only_the_cli_imports_click() -> None:
    """click is imported by cli.py alone; the library raises BriefcastError instead."""
    users = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(
                a.name.split(".")[0] == "click" for a in node.names
            ):
                users.add(module)
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "click":
                users.add(module)
    assert users == {"briefcast.cli"}


def test_only_the_cli_drives_the_pipeline() -> None:
    """The orchestrator is the top of the library: no stage imports it, only the CLI and the
    queue's job runner (jobs.py, which the CLI's worker command runs); ``python -m briefcast``
    imports the CLI."""
    importers = {m for m, deps in GRAPH.items() if "briefcast.pipeline" in deps}
    assert importers == {"briefcast.cli", "briefcast.jobs"}
    assert {m for m, deps in GRAPH.items() if "briefcast.jobs" in deps} == {"briefcast.cli"}
    assert {m for m, deps in GRAPH.items() if "briefcast.cli" in deps} == {"briefcast.__main__"}

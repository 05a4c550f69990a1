"""The package's layers, read from the source: one package per stage, and a table of which
stage may import which (sqlite-utils keeps its docs honest with a test; this keeps the
architecture honest).

Every import is counted, including the ones deferred into a function body, because a deferred
import still ties two modules together (it only hides the cycle until run time).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "briefcast"
# The stages, each a package of src/briefcast/. Every other module is the flat core (or the CLI).
STAGES = (
    "reading",
    "scripting",
    "voices",
    "audio",
    "show",
    "site",
    "publish",
    "pipeline",
    "queue",
)
# Which stage may import which, besides itself. The core (models, errors, config, timing,
# ...) is below every stage and imports none; only the CLI may import everything.
ALLOWED = {
    "core": set(),
    "reading": {"core"},
    "scripting": {"core"},
    "audio": {"core"},
    "show": {"core", "audio"},
    "voices": {"core", "reading", "audio", "show"},
    "site": {"core", "audio", "show"},
    "publish": {"core", "audio", "show"},
    "pipeline": {"core", "reading", "scripting", "voices", "audio", "show", "site", "publish"},
    "queue": {"core", "pipeline"},
    "cli": {"core", *STAGES},
}
# Modules at the bottom of the core: they import nothing of briefcast but these.
LEAVES = {
    "briefcast.errors": set(),
    "briefcast.standards": set(),
    "briefcast.models": set(),
    "briefcast.textsafe": set(),
    "briefcast.config": {"briefcast.config.loading", "briefcast.config.schema"},
    "briefcast.config.schema": {"briefcast.errors", "briefcast.standards"},
    "briefcast.config.loading": {
        "briefcast.config.schema",
        "briefcast.errors",
        "briefcast.textsafe",
    },
}
MAX_TOP_LEVEL_MODULES = 12


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


def stage(module: str) -> str:
    """The stage a module belongs to: its package under briefcast, "cli", or "core"."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return parts[1]
    if module in ("briefcast.cli", "briefcast.__main__"):
        return "cli"
    return "core"


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` as a list of nodes (first repeated last), or [] when none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def _stage_graph() -> dict[str, set[str]]:
    """Which stage imports which (a stage's imports of itself left out)."""
    graph: dict[str, set[str]] = {s: set() for s in ALLOWED}
    for module, deps in GRAPH.items():
        graph[stage(module)] |= {stage(d) for d in deps} - {stage(module)}
    return graph


def test_the_graph_sees_deferred_and_relative_imports() -> None:
    """The checker itself reads deferred imports and ``from . import x`` forms (so that the
    tests below could fail): the site writer's deferred imports, and the pipeline's stages."""
    assert "briefcast.site.cover" in GRAPH["briefcast.pipeline"]
    assert {"briefcast.audio.assemble", "briefcast.show.store", "briefcast.voices"} <= (
        GRAPH["briefcast.pipeline"]
    )
    assert "briefcast.voices.base" in GRAPH["briefcast.voices.gtts.engine"]
    assert stage("briefcast.reading.readers.html") == "reading"
    assert stage("briefcast.timing") == "core"


def test_no_import_cycle() -> None:
    """No module imports itself through others, not even through an import in a function."""
    assert _cycle(GRAPH) == []


def test_no_package_cycle() -> None:
    """No stage imports itself through other stages: the stages form layers."""
    assert _cycle(_stage_graph()) == []


def test_every_import_is_allowed_by_the_table() -> None:
    """Each import between stages is one that :data:`ALLOWED` lists (reading never imports
    voices or show, audio never imports site, nothing imports the CLI, ...)."""
    wrong = sorted(
        f"{module} ({stage(module)}) imports {dep} ({stage(dep)})"
        for module, deps in GRAPH.items()
        for dep in deps
        if stage(dep) != stage(module) and stage(dep) not in ALLOWED[stage(module)]
    )
    assert wrong == []


def test_the_table_keeps_the_promised_rules() -> None:
    """The rules the developers' guide promises are in the table: reading imports neither
    voices nor show, audio never site, only the CLI the queue, and nothing the CLI."""
    assert not {"voices", "show"} & ALLOWED["reading"]
    assert "site" not in ALLOWED["audio"]
    assert {s for s, allowed in ALLOWED.items() if "queue" in allowed} == {"cli"}
    assert not any("cli" in allowed for allowed in ALLOWED.values())
    assert set(ALLOWED) == {"core", "cli", *STAGES}


def test_the_core_is_small_and_flat() -> None:
    """At most 12 modules sit at the top of the package; everything else is in a stage's
    package (or in config/)."""
    top = sorted(p.name for p in (SRC / PACKAGE).glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top
    packages = {p.parent.name for p in (SRC / PACKAGE).glob("*/__init__.py")}
    assert packages == {*STAGES, "config"}


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
    queue's job runner (which the CLI's worker command runs); ``python -m briefcast``
    imports the CLI."""
    importers = {m for m, deps in GRAPH.items() if any(stage(d) == "pipeline" for d in deps)} - {
        m for m in GRAPH if stage(m) == "pipeline"
    }
    assert importers == {"briefcast.cli", "briefcast.queue.jobs"}
    assert {m for m, deps in GRAPH.items() if "briefcast.queue.jobs" in deps} == {"briefcast.cli"}
    assert {m for m, deps in GRAPH.items() if "briefcast.cli" in deps} == {"briefcast.__main__"}


def test_only_the_formats_name_mp3() -> None:
    """MP3 is one format among others: outside ``audio/formats/`` no module names its MIME
    type, its encoder or its extension (defaults come from the format registry)."""
    formats_dir = SRC / PACKAGE / "audio" / "formats"
    pattern = re.compile(r"audio/mpeg|libmp3lame|\.mp3\b", re.IGNORECASE)
    naming = sorted(
        f"{module}: {match.group(0)}"
        for module, path in MODULES.items()
        if formats_dir not in path.parents
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    )
    assert naming == []


def test_every_file_name_of_the_show_is_declared_once() -> None:
    """The names of the output folder's files (feed.xml, covered.json, the token, ...) are
    written in ``show/layout.py`` alone; every other module takes them from there."""
    layout = SRC / PACKAGE / "show" / "layout.py"
    names = {
        node.value.value
        for node in ast.parse(layout.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id.endswith("_NAME")
    }
    assert {"feed.xml", "covered.json", ".private-token", "cover.png"} <= names
    found = sorted(
        f"{module}: {node.value!r}"
        for module, path in MODULES.items()
        if path != layout
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in names
    )
    assert found == []

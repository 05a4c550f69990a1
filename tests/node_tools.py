"""Running the Node tools of tests/node (podcast-partytime, axe-core) from the Python tests.

They are installed by ``npm install --prefix tests/node`` (``.ci/run`` does it). Where they are
missing, tests skip with that command, except under CI, which must run them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).parent / "node"
MODULES = NODE_DIR / "node_modules"
AXE_JS = MODULES / "axe-core" / "axe.min.js"


def require_node_tools() -> None:
    """Skip (or, under CI, fail) when node or the npm packages are missing."""
    missing = ""
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not (MODULES / "podcast-partytime").is_dir() or not AXE_JS.is_file():
        missing = "the node test tools are not installed: npm install --prefix tests/node"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the node tests: {missing}")
        pytest.skip(missing)


def partytime(source: str | Path) -> dict[str, Any]:
    """What podcast-partytime reads from a feed file or URL."""
    require_node_tools()
    proc = subprocess.run(
        ["node", str(NODE_DIR / "parse_feed.js"), str(source)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=NODE_DIR,
    )
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    return data

"""Regenerate the golden outputs in ``tests/golden/`` from the current code, on purpose.

The golden build (``tests/golden_build.py``) scripts and builds the sample with the fake tone
voice at a pinned moment; ``tests/test_golden.py`` compares its output with these files byte
for byte. Run this after a change that is meant to change the output, read the diff
(``git diff tests/golden``), and commit the files with the change. Prints what changed.

Usage (from the repository root): PYTHONPATH=src python3 scripts/update_golden.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from golden_build import GOLDEN, build_outputs  # noqa: E402


def main() -> None:
    """Build the golden outputs in a temporary folder and write the ones that changed."""
    with tempfile.TemporaryDirectory(prefix="briefcast-golden-") as tmp:
        outputs = build_outputs(Path(tmp))
    GOLDEN.mkdir(exist_ok=True)
    for stale in sorted(set(p.name for p in GOLDEN.iterdir()) - set(outputs)):
        (GOLDEN / stale).unlink()
        print(f"removed {stale}")
    for name, data in sorted(outputs.items()):
        path = GOLDEN / name
        if path.is_file() and path.read_bytes() == data:
            print(f"unchanged {name}")
            continue
        path.write_bytes(data)
        print(f"wrote {name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()

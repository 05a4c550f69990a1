"""Golden outputs: the sample built with the fake voice at a pinned moment gives, byte for
byte, the committed files under ``tests/golden/`` (pelican's functional tests).

A difference is either a regression or a change of output made on purpose; for the latter,
run ``python3 scripts/update_golden.py`` and commit the new files with the change.
"""

from __future__ import annotations

import difflib

import pytest
from golden_build import GOLDEN, build_outputs

NAMES = (
    "script.json",
    "feed.xml",
    "index.html",
    "episode.html",
    "episode.vtt",
    "episode.chapters.json",
)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The golden build, made once for this module in a fresh folder."""
    return build_outputs(tmp_path_factory.mktemp("golden"))


def test_the_golden_files_are_the_ones_the_build_makes(outputs: dict[str, bytes]) -> None:
    """The build makes exactly the set of files that is committed (no stray, none missing)."""
    assert sorted(outputs) == sorted(NAMES)
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_output_matches_the_golden_file(outputs: dict[str, bytes], name: str) -> None:
    """The script, feed, show page, episode page, captions and chapters of the sample are
    byte for byte the committed ones (the diff is shown when they are not)."""
    expected = (GOLDEN / name).read_bytes()
    made = outputs[name]
    if made != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            made.decode("utf-8", "replace").splitlines(),
            f"tests/golden/{name}",
            "built",
            lineterm="",
            n=1,
        )
        pytest.fail(
            f"{name} differs from tests/golden/{name} (run scripts/update_golden.py if the "
            "change is meant):\n" + "\n".join(list(diff)[:60])
        )

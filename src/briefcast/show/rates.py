"""The speaking rates a show remembers: ``speaking-rates.json`` in the output folder.

One entry per voice (by its identity, the cache key part that names every setting that changes
the sound): the :class:`~briefcast.timing.SpeakingRate` last measured, on the calibration text
or on the sentences of the last episode it spoke, and what it was measured on. The file is
private to the show (never served or published).
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

from ..timing import SpeakingRate
from .layout import RATES_NAME
from .store import atomic_write

log = logging.getLogger(__name__)


def _load_rates(path: Path) -> dict[str, Any]:
    """The measured rates kept in ``path`` (empty when missing or damaged)."""
    if not path.exists():
        return {}
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested without end
        log.warning("ignoring the damaged %s; measuring the voice again", path)
        return {}
    return known if isinstance(known, dict) else {}


def remember_rate(output: Path, identity: str, rate: SpeakingRate, basis: str) -> None:
    """Keep ``rate`` for the voice ``identity`` in ``speaking-rates.json``, atomically."""
    path = output / RATES_NAME
    known = _load_rates(path)
    known[identity] = {
        "chars_per_second": rate.chars_per_second,
        "pause_seconds": rate.pause_seconds,
        "sentence_overhead": rate.sentence_overhead,
        "words_per_minute": rate.words_per_minute,
        "measured_on": basis,
    }
    output.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(known, indent=2, sort_keys=True).encode("utf-8") + b"\n")


def remembered_rate(output: Path, identity: str) -> SpeakingRate | None:
    """The voice's rate as last measured (calibration or a built episode), if any."""
    entry = _load_rates(output / RATES_NAME).get(identity)
    if isinstance(entry, dict):
        try:
            rate = SpeakingRate(
                float(entry["chars_per_second"]),
                float(entry["pause_seconds"]),
                float(entry["sentence_overhead"]),
                float(entry.get("words_per_minute", 0.0)),
            )
        except (KeyError, TypeError, ValueError):
            return None
        numbers = (rate.pause_seconds, rate.sentence_overhead, rate.words_per_minute)
        # JSON allows NaN and Infinity: a rate that is not a positive finite number is damage.
        if (
            math.isfinite(rate.chars_per_second)
            and rate.chars_per_second > 0
            and all(math.isfinite(n) and n >= 0 for n in numbers)
        ):
            return rate
        log.warning("ignoring the damaged rate of %s in %s", identity, output / RATES_NAME)
    return None

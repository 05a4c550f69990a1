"""Measure the offline voice's speaking rate and how well briefings land on a target length.

Prints the rate fitted on the calibration text (words a minute, characters a second, the pause
at commas, the per-sentence overhead), the configured pauses, and for each target the
estimated and the real length of a briefing of the five long fixture articles, first with the
calibrated rate and then with the rate refined from that published briefing. Run from the
repository root:

    PYTHONPATH=src python3 scripts/measure_speaking_rate.py [TARGET_MINUTES ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from briefcast import pipeline, timing
from briefcast.config import load_config
from briefcast.voices import get_voice

ROOT = Path(__file__).resolve().parent.parent
LONG = sorted(str(p) for p in (ROOT / "tests" / "data" / "briefing").glob("long_*.md"))


def main(targets: list[float]) -> None:
    """Print the measured rate and, per target, estimated against real briefing lengths."""
    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(
            overrides={"output": tmp, "voice.engine": "piper", "voice.fallback": ""},
            env={},
            cwd=Path(tmp),
        )
        voice = get_voice("piper", cfg)
        start = time.monotonic()
        rate = pipeline.measure_speaking_rate(voice)
        print(
            f"calibration ({len(timing.CALIBRATION)} sentences, "
            f"{time.monotonic() - start:.1f} s): {rate.words_per_minute:.0f} words/min, "
            f"{rate.chars_per_second:.1f} chars/s, {rate.pause_seconds:.2f} s per comma, "
            f"{rate.sentence_overhead:.2f} s per sentence"
        )
        a = cfg.audio
        print(
            f"pauses: sentence {a.sentence_pause_ms} ms, paragraph {a.paragraph_pause_ms} ms, "
            f"section {a.section_pause_ms} ms"
        )
        for minutes in targets:
            for attempt in ("current", "refined from that build"):
                start = time.monotonic()
                result = pipeline.build_briefing(
                    LONG, cfg, target_minutes=minutes, allow_repeats=True
                )
                if result.build is None:
                    raise SystemExit("nothing was built")
                real = result.build.episode.duration
                est = result.plan.estimate_seconds
                print(
                    f"target {minutes:.1f} min, {attempt} rate "
                    f"({result.plan.rate.words_per_minute:.0f} words/min): estimate "
                    f"{est / 60:.2f} min, real {real / 60:.2f} min "
                    f"({(real - minutes * 60) / (minutes * 60):+.1%} off target; "
                    f"built in {time.monotonic() - start:.0f} s)"
                )


if __name__ == "__main__":
    main([float(x) for x in sys.argv[1:]] or [3.0])

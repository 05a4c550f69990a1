"""The briefcast CLI with a fake engine "tone" that takes a realistic time per sentence.

For the progress tests, which run the CLI in a pseudo-terminal: a real voice would make them
slow, and an instant one would hide the gaps a person sees during voicing.
Usage: python3 tests/slow_tone_cli.py build ARTICLE --engine tone
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from fakes import ToneVoice, engine_speaking_with

from briefcast import voices
from briefcast.cli import main
from briefcast.voices import Clip

SECONDS_PER_SENTENCE = 0.03


class SlowTone(ToneVoice):
    """The tone voice, spending :data:`SECONDS_PER_SENTENCE` on every sentence."""

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        time.sleep(SECONDS_PER_SENTENCE * len(sentences))
        return super().speak(sentences)


if __name__ == "__main__":
    voices.REGISTRY["tone"] = engine_speaking_with("tone", SlowTone(chars_per_second=40.0))
    main()

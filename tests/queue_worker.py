"""``briefcast worker`` for the queue tests, with a slow fake voice registered as "tone".

Run as ``python tests/queue_worker.py worker --broker URL ...`` (with ``tests`` and ``src`` on
the path). Each sentence takes ``BRIEFCAST_TEST_VOICE_DELAY`` seconds (default 0.1), so that a
test can kill a worker while it is voicing.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

from fakes import ToneVoice, engine_speaking_with

from briefcast import voices
from briefcast.cli import cli
from briefcast.voices.base import Clip

DELAY = float(os.environ.get("BRIEFCAST_TEST_VOICE_DELAY", "0.1"))


class SlowToneVoice(ToneVoice):
    """The tone voice, taking ``DELAY`` seconds per sentence like a real engine would."""

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """Wait, then speak as the tone voice."""
        time.sleep(DELAY * len(sentences))
        return super().speak(sentences)


voices.REGISTRY["tone"] = engine_speaking_with("tone", SlowToneVoice())

if __name__ == "__main__":
    cli(sys.argv[1:])

"""Progress events: what the pipeline reports while it works, for whoever shows it.

The pipeline calls a :data:`ProgressCallback` with frozen :class:`Progress` events; it never
prints. The CLI turns them into a live display on a terminal, or one line per phase with
``-v`` in a pipe. A callback may be called from worker threads (a voicing pool reports each
finished sentence), so a display must be thread-safe. No I/O here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# The phases of a build, in order. "voicing" counts sentences; the others are single steps.
PHASES = ("reading", "voicing", "loudness", "encoding", "tagging", "feed")


@dataclass(frozen=True)
class Progress:
    """One progress event: ``phase`` has reached ``done`` of ``total`` (0 of 0: just begun).

    Invariant: ``phase`` is one of :data:`PHASES`; ``0 <= done <= total`` when ``total``;
    ``label`` names what was just finished or is under way (a segment title, a source).
    """

    phase: str
    done: int = 0
    total: int = 0
    label: str = ""


ProgressCallback = Callable[[Progress], None]


def report(
    progress: ProgressCallback | None, phase: str, done: int = 0, total: int = 0, label: str = ""
) -> None:
    """Send one event to ``progress`` when there is a listener."""
    if progress is not None:
        progress(Progress(phase, done, total, label))

"""Showing a build's progress to a person: a live display on a terminal, lines in a pipe.

The pipeline sends :class:`~briefcast.progress.Progress` events; this module shows them. On a
terminal, a rich live display keeps one row per phase (reading, voicing with sentences done of
total and the time left, loudness, encoding, tagging, feed), redrawn several times a second
with a spinner and the elapsed time, so the screen never stands still while work goes on. In a
pipe it writes one line per phase with ``-v``, and nothing otherwise; with ``-q`` nothing at
all. Used by the CLI only; the pipeline never imports it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from typing import IO, Any

from .progress import Progress, ProgressCallback

# Screen updates per second of the live display: well under the two seconds a person notices.
REFRESH_PER_SECOND = 4

_LABELS = {
    "reading": "Reading",
    "voicing": "Voicing",
    "loudness": "Loudness",
    "encoding": "Encoding",
    "tagging": "Tagging",
    "feed": "Feed",
}


class PhaseLines:
    """One line per phase, as each phase begins (voicing says how many sentences)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, event: Progress) -> None:
        with self._lock:
            if event.phase in self._seen:
                return
            self._seen.add(event.phase)
        label = _LABELS.get(event.phase, event.phase.capitalize())
        if event.phase == "voicing":
            line = f"{label}: {event.total} sentences"
        elif event.label:
            line = f"{label}: {event.label}"
        else:
            line = f"{label}..."
        print(line, file=self.stream, flush=True)


class LiveDisplay:
    """A rich live display: a row per phase, the current one with a spinner and its time."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        console = Console(file=stream, force_terminal=True, emoji=False)
        self.progress = RichProgress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("{task.description:<9}"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TextColumn("{task.fields[label]}", style="dim", markup=False),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            refresh_per_second=REFRESH_PER_SECOND,
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._tasks: dict[str, Any] = {}
        self._current = ""
        self._lock = threading.Lock()

    def __call__(self, event: Progress) -> None:
        with self._lock:
            task = self._tasks.get(event.phase)
            if task is None:
                if self._current:
                    self._finish(self._current)
                total = event.total or None if event.phase == "voicing" else 1
                task = self.progress.add_task(
                    _LABELS.get(event.phase, event.phase), total=total, label=""
                )
                self._tasks[event.phase] = task
                self._current = event.phase
            label = event.label[:40]
            if event.phase == "voicing":
                self.progress.update(
                    task, completed=event.done, total=event.total or None, label=label
                )
            elif event.total and event.done >= event.total:
                self.progress.update(task, completed=1, label=label)
            else:
                self.progress.update(task, label=label)

    def _finish(self, phase: str) -> None:
        task = self._tasks[phase]
        total = self.progress.tasks[task].total or 1
        self.progress.update(task, total=total, completed=total)

    def start(self) -> None:
        """Start drawing (a thread redraws the screen until :meth:`stop`)."""
        self.progress.start()

    def stop(self, ok: bool) -> None:
        """Mark the last phase done (when the build succeeded) and stop drawing."""
        with self._lock:
            if ok and self._current:
                self._finish(self._current)
        self.progress.stop()


@contextlib.contextmanager
def progress_display(
    verbosity: int, stream: IO[str] | None = None, terminal: bool | None = None
) -> Iterator[ProgressCallback | None]:
    """The progress callback for a build, shown on ``stream`` (standard error) for the time of
    the ``with`` block: a live display on a terminal, lines with ``-v`` in a pipe, else none.

    While the live display runs, briefcast's log records are written through it, so a warning
    appears above the display instead of breaking it.
    """
    stream = stream or sys.stderr
    tty = stream.isatty() if terminal is None else terminal
    if verbosity < 0:
        yield None
        return
    if not tty:
        yield PhaseLines(stream) if verbosity >= 1 else None
        return
    live = LiveDisplay(stream)
    handlers = [
        h for h in logging.getLogger("briefcast").handlers if isinstance(h, logging.StreamHandler)
    ]
    console = live.progress.console
    saved = [h.setStream(_ConsoleStream(console)) for h in handlers]
    live.start()
    ok = False
    try:
        yield live
        ok = True
    finally:
        live.stop(ok)
        for handler, old in zip(handlers, saved, strict=True):
            if old is not None:
                handler.setStream(old)


class _ConsoleStream:
    """A text stream that prints through a rich console (above its live display)."""

    def __init__(self, console: Any) -> None:
        self.console = console

    def write(self, text: str) -> int:
        if text.strip():
            # As written: no markup, no highlighting, and no emoji codes (":link:" in
            # "channel/atom:link: ..." would become a link symbol).
            self.console.print(text.rstrip("\n"), markup=False, highlight=False, emoji=False)
        return len(text)

    def flush(self) -> None:
        """Nothing to flush: the console writes at once."""

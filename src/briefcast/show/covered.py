"""The memory of covered stories: ``covered.json`` in the show's output folder.

Each record keeps a story's canonical URL (may be empty), its content fingerprint, its title and
the episode it went into, so that a daily briefing on the same feeds never repeats a story.
What makes two stories the same (the canonical URL, the fingerprint) is the briefing's to say;
the memory only keeps the keys it is given.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ..errors import StoreError
from .layout import COVERED_NAME
from .store import atomic_write


class CoveredStory(Protocol):
    """What the memory needs of a story: its canonical URL ("" without one), its content
    fingerprint and its title."""

    @property
    def key(self) -> str: ...

    @property
    def fingerprint(self) -> str: ...

    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class CoveredStories:
    """The stories already used in earlier episodes of a show, kept in ``covered.json``.

    Each record holds the story's canonical URL (may be empty), its fingerprint, its title and
    the episode it went into. A story is covered when its URL or its fingerprint is known.
    """

    path: Path
    records: tuple[dict[str, str], ...] = ()
    urls: frozenset[str] = field(default=frozenset())
    prints: frozenset[str] = field(default=frozenset())

    @classmethod
    def load(cls, output: Path) -> CoveredStories:
        """The memory kept in ``output`` (empty when the show has none yet)."""
        path = output / COVERED_NAME
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            records = tuple({k: str(v) for k, v in r.items()} for r in data["stories"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise StoreError(
                f"the memory of covered stories {path} is damaged ({exc}); fix it "
                f"or delete it to forget which stories were covered"
            ) from exc
        return cls(
            path,
            records,
            frozenset(r["url"] for r in records if r.get("url")),
            frozenset(r["fingerprint"] for r in records if r.get("fingerprint")),
        )

    def covers_key(self, key: str) -> bool:
        """True when a story at the canonical URL ``key`` was covered before."""
        return bool(key) and key in self.urls

    def covers(self, story: CoveredStory) -> bool:
        """True when ``story`` was covered before, by URL or by content."""
        return self.covers_key(story.key) or story.fingerprint in self.prints

    def remember(
        self, stories: Iterable[CoveredStory], episode: str, date: datetime
    ) -> CoveredStories:
        """Record ``stories`` as covered by ``episode`` and write the file atomically."""
        records = list(self.records)
        for story in stories:
            if story.key in self.urls or story.fingerprint in self.prints:
                continue
            records.append(
                {
                    "url": story.key,
                    "fingerprint": story.fingerprint,
                    "title": story.title,
                    "episode": episode,
                    "date": date.isoformat(),
                }
            )
        return self._write(records)

    def forget(self, episode: str) -> tuple[CoveredStories, int]:
        """Forget the stories that went into ``episode`` (a guid), so that a later briefing
        may use them again; the file is rewritten only when it held some. The memory as it now
        is, and how many stories were given back."""
        kept = [r for r in self.records if r.get("episode") != episode]
        count = len(self.records) - len(kept)
        if not count:
            return self, 0
        return self._write(kept), count

    def _write(self, records: list[dict[str, str]]) -> CoveredStories:
        """Write ``records`` atomically and read the memory back."""
        data = json.dumps({"version": 1, "stories": records}, indent=2, ensure_ascii=False)
        atomic_write(self.path, data.encode("utf-8") + b"\n")
        return CoveredStories.load(self.path.parent)

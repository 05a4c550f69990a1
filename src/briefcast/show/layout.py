"""Every file name of the show's output folder, declared once.

Layout::

    feed/
      feed.xml                  the podcast feed
      episodes/<slug>.<ext>     episode audio, one file per format (audio.formats)
      episodes/<slug>.json      the stored :class:`~briefcast.models.Episode`
      episodes/<slug>.vtt       its transcript (WebVTT), .srt (SRT), .chapters.json (chapters)
      episodes/<slug>.html      its page: player with captions, chapters, live transcript
      episodes/<slug>.jpg       its own artwork, when its article has a lead picture
      index.html, feed.css      the show's web page and the feed's browser stylesheet
      favicon.ico               the page's icon (from the cover)
      cover.png                 the generated cover, when the show names no artwork
      covered.json              the stories earlier briefings used (never served or published)
      speaking-rates.json       each voice's measured speaking rate (never served or published)
      .private-token            a private show's secret path (never served or published)
      .lock                     held while a run changes the show (never served or published)
      .index.json               the index: a summary of every record, by file identity
      .schedule.json            episodes stored but not out yet, and their withheld files
      .published.json           the show's own files at each publish target (the only ones
                                a publish may delete; never served or published)
      .work/<id>/               one build's work files, on the same disk as the result

Which of them listeners may fetch is declared in :mod:`briefcast.show.public`; the store
(:mod:`briefcast.show.store`) writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..models import Episode

EPISODES_DIR = "episodes"
FEED_NAME = "feed.xml"
PAGE_NAME = "index.html"
STYLESHEET_NAME = "feed.css"
FAVICON_NAME = "favicon.ico"
COVER_NAME = "cover.png"
COVERED_NAME = "covered.json"
RATES_NAME = "speaking-rates.json"
TOKEN_NAME = ".private-token"
LOCK_NAME = ".lock"
WORK_DIR = ".work"
INDEX_NAME = ".index.json"
# Episodes stored but not yet out (scheduled): their release time and their public files,
# withheld until then by serve and publish. Hidden, so never public itself.
SCHEDULE_NAME = ".schedule.json"
MANIFEST_NAME = ".published.json"
# The files beside an episode's audio, by how their names end (the audio's stem, then these).
RECORD_SUFFIX = ".json"
VTT_SUFFIX = ".vtt"
SRT_SUFFIX = ".srt"
CHAPTERS_SUFFIX = ".chapters.json"
PAGE_SUFFIX = ".html"
# An episode's own artwork (its article's lead picture, made square).
IMAGE_SUFFIX = ".jpg"


@dataclass(frozen=True)
class EpisodeFiles:
    """The files written beside an episode's audio, relative to the output folder (POSIX)."""

    audio: str
    record: str
    vtt: str
    srt: str
    chapters: str
    page: str
    alternates: tuple[str, ...] = ()
    image: str = ""

    @property
    def all(self) -> tuple[str, ...]:
        """Every file of the episode (its own artwork's name too, which only an episode with
        its own picture has)."""
        return (
            self.audio,
            *self.alternates,
            self.record,
            self.vtt,
            self.srt,
            self.chapters,
            self.page,
            self.image,
        )


def episode_files(episode: Episode) -> EpisodeFiles:
    """Where the files of ``episode`` live, named after its audio file."""
    return files_of(episode.file, tuple(m.file for m in episode.alternates))


def files_of(audio_file: str, alternates: tuple[str, ...] = ()) -> EpisodeFiles:
    """The files of an episode whose enclosure is ``audio_file`` (and other formats
    ``alternates``), all named after the enclosure."""
    audio = PurePosixPath(audio_file)
    stem = audio.with_suffix("")
    return EpisodeFiles(
        audio=str(audio),
        record=f"{stem}{RECORD_SUFFIX}",
        vtt=f"{stem}{VTT_SUFFIX}",
        srt=f"{stem}{SRT_SUFFIX}",
        chapters=f"{stem}{CHAPTERS_SUFFIX}",
        page=f"{stem}{PAGE_SUFFIX}",
        alternates=alternates,
        image=f"{stem}{IMAGE_SUFFIX}",
    )

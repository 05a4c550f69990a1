"""The editable script file (issue 25): ``briefcast script --save`` writes it, ``build``
voices it as it stands; an unedited file makes the same episode as its article, an edited
sentence is the only one voiced again, chapters follow the blocks, and a malformed file is
one ``Error:`` line naming the line."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fakes import ToneVoice

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.config import Config, load_config
from briefcast.reading.readers import Document, reader_for, scriptfile
from briefcast.show import store

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
ARTICLE = """---
title: Harbour wall repaired before the storms
author: Jane Doe
date: 2025-03-14
source_url: https://news.example/harbour
---

The harbour wall was repaired in time for the winter storms, the council said on Friday. It
cost $5 million, less than the $7 million planned.

## What comes next

Work on the north pier begins in January. Dr. Smith said the U.S. Army Corps would help.

## Who pays

The state pays half. The town pays the rest from its reserve.
"""


def write_article(folder: Path) -> Path:
    """The Markdown article of these tests, in ``folder``."""
    path = folder / "harbour.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def save(cfg: Config, article: Path, target: Path) -> Path:
    """``briefcast script ARTICLE --save TARGET`` as the pipeline does it."""
    return pipeline.save_script(pipeline.preview([str(article)], cfg, now=NOW), cfg, target)


def cli_run(*args: str) -> Result:
    """The CLI, its errors caught as a user sees them."""
    return CliRunner(mix_stderr=False).invoke(cli, list(args), env={"BRIEFCAST_FALLBACK": ""})


def test_the_file_is_documented_and_read_by_its_reader(tmp_path: Path) -> None:
    """The saved file has front matter with the title, dates, source, language and voice, a
    guide, one ## block per segment with the intro and outro marked, and it is read by the
    script reader from the registry (by extension, and by content on standard input)."""
    article = write_article(tmp_path)
    out = tmp_path / "story.script.md"
    result = cli_run("script", str(article), "--save", str(out), "--out", str(tmp_path / "f"))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for field in ("title:", "date:", "article_date:", "source_url:", "language:", "voice:"):
        assert re.search(rf"^{field} ", text, re.M), field
    headings = re.findall(r"^## (.*)$", text, re.M)
    assert headings == [
        "Introduction {intro}",
        "Harbour wall repaired before the storms <https://news.example/harbour>",
        "What comes next <https://news.example/harbour>",
        "Who pays <https://news.example/harbour>",
        "Outro {outro}",
    ]
    assert "[pause 1.5s]" in text and "[say Kyiv = Keev]" in text  # the guide
    data = out.read_bytes()
    assert reader_for(Document(data, str(out))) is scriptfile.READER
    assert reader_for(Document(data, "-")) is scriptfile.READER


def test_unedited_script_is_the_same_episode_with_piper(tmp_path: Path) -> None:
    """Acceptance 1: building the unedited script gives the same guid and the same audio
    (sample for sample, voiced again by Piper in a fresh cache) as building the article."""
    pytest.importorskip("piper")
    from audio_helpers import decode

    article = write_article(tmp_path)

    def config(name: str) -> Config:
        return load_config(
            None,
            overrides={
                "voice.engine": "piper",
                "voice.fallback": "",
                "voice.workers": 1,
                "output": str(tmp_path / name),
                "cache.dir": str(tmp_path / f"cache-{name}"),
            },
            env={},
            cwd=tmp_path,
        )

    first = pipeline.build([str(article)], config("a"), now=NOW).episode
    saved = save(config("b"), article, tmp_path / "story.script.md")
    second = pipeline.build([str(saved)], config("b"), now=NOW).episode
    assert second.guid == first.guid
    assert [s.title for s in second.segments] == [s.title for s in first.segments]
    assert second.description == first.description
    one = decode(tmp_path / "a" / first.file)
    two = decode(tmp_path / "b" / second.file)
    assert len(one) == len(two) and (one == two).all()


def test_edit_one_sentence_revoices_only_it(
    tone_config: Config, tone_voice: ToneVoice, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Acceptance 1: after one sentence of the saved script is changed, the rebuild voices
    exactly that sentence (cache statistics) and the transcript holds the new sentence; the
    episode is the same (its guid)."""
    article = write_article(tmp_path)
    first = pipeline.build([str(article)], tone_config, now=NOW).episode
    path = save(tone_config, article, tmp_path / "story.script.md")
    text = path.read_text(encoding="utf-8")
    edited = text.replace("The state pays half.", "The state pays sixty percent.")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    before = tone_voice.sentences_spoken
    with caplog.at_level(logging.INFO, logger="briefcast.pipeline"):
        second = pipeline.build([str(path)], tone_config, now=NOW).episode
    assert tone_voice.sentences_spoken - before == 1
    assert any(
        re.search(r"\d+ sentences from the cache, 1 voiced", r.message) for r in caplog.records
    )
    assert second.guid == first.guid
    vtt = (tone_config.output / store.episode_files(second).vtt).read_text(encoding="utf-8")
    assert "The state pays sixty percent." in vtt and "The state pays half." not in vtt


def test_reordered_block_moves_its_chapter(tone_config: Config, tmp_path: Path) -> None:
    """Acceptance 1: a block moved in the file moves its chapter (title and link) in the
    episode's chapters."""
    article = write_article(tmp_path)
    path = save(tone_config, article, tmp_path / "story.script.md")
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("## What comes next", 1)
    middle, tail = rest.split("## Who pays", 1)
    who, outro = tail.split("## Outro", 1)
    path.write_text(
        head + "## Who pays" + who + "## What comes next" + middle + "## Outro" + outro,
        encoding="utf-8",
    )
    episode = pipeline.build([str(path)], tone_config, now=NOW).episode
    titles = [s.title for s in episode.segments]
    assert titles.index("Who pays") < titles.index("What comes next")
    chapters = json.loads(
        (tone_config.output / store.episode_files(episode).chapters).read_text(encoding="utf-8")
    )
    names = [c["title"] for c in chapters["chapters"]]
    assert names.index("Who pays") < names.index("What comes next")
    assert episode.sources == ("https://news.example/harbour",)


def test_pause_and_pronunciation_directives(tone_config: Config, tmp_path: Path) -> None:
    """[pause 2s] adds two seconds before the next paragraph; [say WORD = SPOKEN] changes
    what the voice hears for that word while the transcript keeps it as written."""
    article = write_article(tmp_path)
    path = save(tone_config, article, tmp_path / "story.script.md")
    plain = pipeline.build([str(path)], tone_config, now=NOW).episode
    text = path.read_text(encoding="utf-8")
    text = text.replace("The state pays half.", "[pause 2s]\n\nThe state pays half.")
    text = text.replace("## Introduction {intro}", "[say Smith = Smyth]\n\n## Introduction {intro}")
    path.write_text(text, encoding="utf-8")
    script = pipeline.preview_script([str(path)], tone_config, now=NOW)
    spoken = [s for seg in script.segments for p in seg.paragraphs for s in p.sentences]
    assert any("Doctor Smyth" in s for s in spoken) and not any("Smith" in s for s in spoken)
    paused = pipeline.build([str(path)], tone_config, now=NOW).episode
    assert paused.duration == pytest.approx(plain.duration + 2.0, abs=0.1)
    vtt = (tone_config.output / store.episode_files(paused).vtt).read_text(encoding="utf-8")
    assert "Dr. Smith" in vtt


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("## Who pays", "### Who pays"), "line {n}: ### is no heading"),
        (lambda t: t.replace("The state pays half.", "[pause soon]"), "line {n}: [pause soon]"),
        (lambda t: t.replace("The state pays half.", "[shout]"), "line {n}: unknown directive"),
        (lambda t: t.replace("The state pays half.", "[say Smith]"), "line {n}: [say Smith]"),
    ],
)
def test_malformed_file_is_one_error_line_naming_the_line(
    tone_config: Config, tmp_path: Path, change: object, message: str
) -> None:
    """A malformed script file stops the build with one Error line naming the file, the
    line and what is wrong; nothing is stored."""
    article = write_article(tmp_path)
    path = save(tone_config, article, tmp_path / "story.script.md")
    text = path.read_text(encoding="utf-8")
    bad = change(text)  # type: ignore[operator]
    path.write_text(bad, encoding="utf-8")
    differs = next(
        i
        for i, (a, b) in enumerate(zip(text.splitlines(), bad.splitlines(), strict=False))
        if a != b
    )
    result = cli_run("build", str(path), "--out", str(tone_config.output), "--engine", "tone")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert message.format(n=differs + 1) in lines[0]
    assert not (tone_config.output / "feed.xml").exists()


def test_text_before_the_first_heading_and_unclosed_front_matter(tmp_path: Path) -> None:
    """Text outside any block, and front matter never closed, are named by line."""
    head = "---\nformat: briefcast-script/1\ntitle: T\n---\n"
    path = tmp_path / "a.script.md"
    path.write_text(head + "\nStray sentence.\n\n## Chapter\n\nText.\n", encoding="utf-8")
    result = cli_run("script", str(path), "--out", str(tmp_path / "f"))
    assert result.exit_code == 1 and "line 6: text before the first ## heading" in result.stderr
    path.write_text("---\nformat: briefcast-script/1\ntitle: T\n", encoding="utf-8")
    result = cli_run("script", str(path), "--out", str(tmp_path / "f"))
    assert result.exit_code == 1 and "never closed" in result.stderr


def test_say_voices_a_script_file_whole(
    tone_config: Config, tone_voice: ToneVoice, tmp_path: Path
) -> None:
    """``briefcast say story.script.md`` voices the whole edited script into one MP3 (the same
    sentences build would voice) and stores nothing in the show."""
    article = write_article(tmp_path)
    path = save(tone_config, article, tmp_path / "story.script.md")
    script = pipeline.preview_script([str(path)], tone_config, now=NOW)
    result = pipeline.say(str(path), tone_config, out=tmp_path / "say.mp3")
    assert result.spoken == tuple(
        s for seg in script.segments for p in seg.paragraphs for s in p.sentences
    )
    assert result.seconds > 5 and (tmp_path / "say.mp3").is_file()
    assert not (tone_config.output / "feed.xml").exists()


def test_voice_directive_gives_a_paragraph_to_another_engine(
    tone_config: Config, tone_voice: ToneVoice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[voice NAME] has the next paragraph spoken by another engine (at its own sample rate,
    brought to the episode's), the rest by the episode's voice; an unknown engine is one
    Error line naming the directive, before anything is voiced."""
    from fakes import engine_speaking_with

    from briefcast import voices

    other = ToneVoice(sample_rate=8000, identity="tone:other")
    monkeypatch.setitem(voices.REGISTRY, "other", engine_speaking_with("other", other))
    article = write_article(tmp_path)
    path = save(tone_config, article, tmp_path / "story.script.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("The state pays half.", "[voice other]\n\nThe state pays half."),
        encoding="utf-8",
    )
    episode = pipeline.build([str(path)], tone_config, now=NOW).episode
    assert other.sentences_spoken == 2  # "The state pays half." and the line after it
    cues = [c for seg in episode.segments for c in seg.cues]
    half = next(c for c in cues if c.text == "The state pays half.")
    assert half.end - half.start == pytest.approx(other.seconds("The state pays half."), abs=0.1)
    path.write_text(text.replace("The state pays half.", "[voice nobody]\n\nThe state pays half."))
    result = cli_run("build", str(path), "--out", str(tone_config.output), "--engine", "tone")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: [voice nobody] in the script")

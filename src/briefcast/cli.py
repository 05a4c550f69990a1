"""The ``briefcast`` command line: thin click commands over the pipeline.

Each command parses its options, calls one library function and turns a
:class:`~briefcast.errors.BriefcastError` into one ``Error: ...`` line and exit code 1. This is
the only module that imports click.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import signal
import sys
import textwrap
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, TypeVar

import click

from . import __version__, pipeline, voices
from .config import CONFIG_NAME, Config, load_config, parse_time
from .display import progress_display
from .errors import BriefcastError, ReadError
from .models import clock
from .publish import targets
from .scripting.script import headline
from .show import store
from .show.layout import FEED_NAME
from .show.store import describe_os_error
from .textsafe import xml_safe_line

F = TypeVar("F", bound=Callable[..., Any])

ENGINE_HELP = (
    f"Voice engine: {', '.join(voices.REGISTRY)} (default: the config's "
    "voice.engine; see briefcast voices)."
)


def inputs_help() -> str:
    """What an ARTICLE argument may be, from the readers' registry."""
    from .reading.readers import READERS

    kinds = "; ".join(f"{r.name} {' '.join(sorted(r.extensions))}" for r in READERS)
    return (
        f"a file ({kinds}; other names are recognised by their content), an http(s):// URL, "
        f"or - for standard input."
    )


def with_inputs(func: F) -> F:
    """Fill ``{inputs}`` in a command's help with :func:`inputs_help` (the registry decides)."""
    if func.__doc__:
        func.__doc__ = func.__doc__.replace("{inputs}", inputs_help())
    return func


class State:
    """Verbosity chosen on the group, read by the commands."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity


# How each kind of message begins: the one spelling of every warning and error briefcast
# prints, whether it comes from a log record or from a command.
PREFIXES = {"warning": "Warning: ", "error": "Error: ", "info": "", "debug": "Debug: "}


def message(kind: str, text: str) -> str:
    """The line that says ``text`` as a ``kind`` ("warning", "error", "info", "debug").

    Every warning and error the CLI prints goes through here (log records through
    :class:`MessageFormatter`), so they are spelled one way and never carry markup.
    """
    return PREFIXES.get(kind, "") + text


def warn(text: str) -> None:
    """Print one ``Warning:`` line on standard error, as written."""
    click.echo(message("warning", text), err=True)


class MessageFormatter(logging.Formatter):
    """Log records as the CLI's messages: ``Warning: ...``, ``Error: ...``, details bare."""

    def format(self, record: logging.LogRecord) -> str:
        kind = {logging.WARNING: "warning", logging.INFO: "info", logging.DEBUG: "debug"}.get(
            record.levelno, "error"
        )
        return message(kind, record.getMessage())


def _setup_logging(verbosity: int) -> None:
    """Send log records to stderr: warnings by default, details with -v, errors with -q."""
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(MessageFormatter())
    root = logging.getLogger("briefcast")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    # Other libraries' warnings (pdfminer on a damaged PDF) would otherwise be printed bare by
    # Python's last-resort handler, in the middle of the one-line errors.
    top = logging.getLogger()
    if not top.handlers:
        top.addHandler(logging.NullHandler())


# Errors of writing (full or read-only disk, permissions, a folder where a file goes).
WRITE_ERRNOS = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.EISDIR,
        errno.ENOTDIR,
        errno.EEXIST,
    }
)


def reports_errors(func: F) -> F:
    """Turn every failure into click's one-line ``Error:`` and exit code 1, never a traceback.

    briefcast's own errors say what went wrong; an operating-system error names the path and
    its cause; anything else is reported as unexpected (a bug), with the traceback under -v.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefcastError as exc:
            raise click.ClickException(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            _closed_pipe()
        except OSError as exc:
            _traceback_if_verbose()
            action = "write" if exc.errno in WRITE_ERRNOS else "read"
            raise click.ClickException(describe_os_error(exc, action)) from exc
        except Exception as exc:
            _traceback_if_verbose()
            detail = " ".join(str(exc).split())[:300]
            raise click.ClickException(
                f"unexpected error ({type(exc).__name__}{': ' + detail if detail else ''}); "
                f"this is a bug in briefcast: run again with -v to see the traceback"
            ) from exc

    return wrapper  # type: ignore[return-value]


def _stdin() -> BinaryIO:
    """Standard input as bytes; a ReadError when it is closed (Python then has no sys.stdin)."""
    if sys.stdin is None:
        raise ReadError("standard input is closed: pipe an article in, or name a file or URL")
    return sys.stdin.buffer


def _closed_pipe() -> NoReturn:
    """The reader of standard output went away (``| head -1``): end quietly, as a Unix tool
    killed by SIGPIPE does (status 141), with whatever work came before the output done.
    Standard output is pointed at /dev/null so that the exit's flush raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    raise SystemExit(128 + signal.SIGPIPE)


def _traceback_if_verbose() -> None:
    """With -v, print the traceback of the exception being handled."""
    if _state().verbosity >= 1:
        traceback.print_exc(file=sys.stderr)


def config_option(func: F) -> F:
    """The ``--config`` option of every command that reads the show's settings."""
    option = click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Config file (default: ./{CONFIG_NAME} when present).",
    )
    return option(func)


def show_options(func: F) -> F:
    """The ``--config`` and ``--out`` options every show command takes."""
    func = click.option(
        "--out",
        "out",
        type=click.Path(file_okay=False, path_type=Path),
        help="Output folder of the show (default: feed/).",
    )(func)
    return config_option(func)


def _config(config: Path | None, out: Path | None, **overrides: Any) -> Config:
    values = {"output": str(out) if out else None, **overrides}
    return pipeline.load_config(config, overrides=values)


def _when(value: str | None, cfg: Config, flag: str) -> datetime | None:
    """A date or time given by the producer (``None`` when not given); a time without a zone
    is in ``show.timezone``."""
    return None if value is None else parse_time(value, cfg.show.timezone, flag)


def _local(when: datetime, cfg: Config) -> str:
    """A time as the producer reads it: in show.timezone, with the zone's name."""
    from zoneinfo import ZoneInfo

    return when.astimezone(ZoneInfo(cfg.show.timezone)).strftime("%Y-%m-%d %H:%M %Z")


def _say_released(episodes: list[pipeline.Episode]) -> None:
    """Name the scheduled episodes that went out with this run."""
    for ep in episodes:
        click.echo(f"Released {ep.title!r} (scheduled for {ep.date:%Y-%m-%d %H:%M %Z})")


def _state() -> State:
    return click.get_current_context().find_object(State) or State(0)


def _short_reason(reason: str) -> str:
    """The first clause of a fallback reason, for one short line."""
    first = reason.split("; ")[0].strip()
    return first if len(first) <= 90 else first[:87].rsplit(" ", 1)[0] + "..."


def _announce_fallback(primary: str, episode: Any) -> None:
    """The one short line that says the fallback engine spoke the episode."""
    if episode.fallback_reason:
        warn(
            f"{primary} unavailable ({_short_reason(episode.fallback_reason)}); "
            f"voiced by {episode.engine}."
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefcast")
@click.option("-v", "--verbose", count=True, help="Show details of the work (repeat for more).")
@click.option("-q", "--quiet", is_flag=True, help="Show only errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Turn written news into a narrated podcast episode and an RSS feed.

    \b
    Quick start, offline:
        briefcast build article.txt --engine piper --title "Today's story"
        briefcast list
    """
    verbosity = -1 if quiet else verbose
    ctx.obj = State(verbosity)
    _setup_logging(verbosity)
    try:
        os.getcwd()
    except FileNotFoundError:
        # Every relative path (the config, the show, the articles) starts here.
        raise click.ClickException(
            "the current folder no longer exists (it was deleted or moved); cd to a folder "
            "that exists and run the command again"
        ) from None


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="Briefcast", help="Title of the show.")
@click.option("--force", is_flag=True, help="Overwrite an existing briefcast.toml.")
@reports_errors
def init(directory: Path, title: str, force: bool) -> None:
    """Create a commented briefcast.toml and the output folder.

    \b
    Example:
        briefcast init myshow --title "Morning Brief"
    """
    target = directory / CONFIG_NAME
    if target.exists() and not force:
        raise click.ClickException(f"{target} already exists (use --force to overwrite)")
    # A show title is one line of text: control characters go, line breaks become spaces.
    title = xml_safe_line(title)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target.write_text(pipeline.config_template(title), encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror}") from exc
    cfg = load_config(target)
    cfg.output.mkdir(parents=True, exist_ok=True)
    click.echo(f"Wrote {target}; episodes will go to {cfg.output}")


def date_option(func: F) -> F:
    """``--date``: the article's own date, set by hand."""
    return click.option(
        "--date",
        "article_date",
        metavar="DATE",
        help="The article's own date (2025-03-14), in place of the one it gives; a time "
        "without a zone is in show.timezone.",
    )(func)


@cli.command()
@click.argument("articles", nargs=-1, required=True)
@click.option("--title", help="Episode title (default: the article's own title).")
@click.option("--engine", help=ENGINE_HELP)
@date_option
@click.option(
    "--publish-at",
    metavar="TIME",
    help='Schedule the episode: stored now, in the feed and pages from TIME ("2026-12-07 '
    '06:00"; without a zone, in show.timezone). briefcast feed or publish releases it.',
)
@click.option(
    "--pub-date",
    metavar="TIME",
    help="Date an archive episode in the past (its place in the feed and its pubDate).",
)
@click.option(
    "--image",
    metavar="FILE",
    help="The episode's own artwork (a picture file or URL), in place of the article's lead "
    "picture; made square.",
)
@click.option(
    "--new",
    "new",
    is_flag=True,
    help="Add a new episode, even when the show holds one of the same article or title.",
)
@click.option(
    "--replace",
    "replacing",
    metavar="EPISODE",
    help="Replace EPISODE (its number in briefcast list, its file, slug or guid).",
)
@show_options
@reports_errors
@with_inputs
def build(
    articles: tuple[str, ...],
    title: str | None,
    engine: str | None,
    article_date: str | None,
    publish_at: str | None,
    pub_date: str | None,
    image: str | None,
    new: bool,
    replacing: str | None,
    config: Path | None,
    out: Path | None,
) -> None:
    """Build one episode from ARTICLE(s) and rewrite the feed.

    ARTICLE is {inputs}

    The same article built again (the same address, or the same title after an edit)
    replaces its episode and says so; --new adds another episode instead, --replace names
    the episode to replace.

    \b
    Examples:
        briefcast build story.txt --engine piper
        briefcast build part1.md part2.md --title "Weekend long read"
        briefcast build corrected.md --replace 1
    """
    if new and replacing:
        raise click.UsageError("--new and --replace exclude each other: choose one")
    cfg = _config(config, out, **{"voice.engine": engine})
    state = _state()
    stdin = pipeline.read_stdin(_stdin(), cfg) if "-" in articles else None
    if state.verbosity >= 1:
        click.echo(f"Building with {cfg.voice.engine} into {cfg.output}", err=True)
    with progress_display(state.verbosity) as progress:
        result = pipeline.build(
            articles,
            cfg,
            title=title,
            stdin=stdin,
            progress=progress,
            article_date=_when(article_date, cfg, "--date"),
            publish_at=_when(publish_at, cfg, "--publish-at"),
            pub_date=_when(pub_date, cfg, "--pub-date"),
            image=image,
            new=new,
            replacing=replacing,
        )
    ep = result.episode
    _announce_fallback(cfg.voice.engine, ep)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if state.verbosity >= 0:
        verb = "Replaced" if result.replaced else "Added"
        why = f"; {result.reason}" if result.replaced and result.reason else ""
        click.echo(
            f"{verb} episode {ep.title!r} ({clock(round(ep.duration))}, {ep.engine}{why}): "
            f"{result.audio_path}"
        )
        if ep.date > store.utcnow():
            click.echo(f"Scheduled: it goes out {_local(ep.date, cfg)}")
        click.echo(f"Feed: {cfg.output / FEED_NAME}")


@cli.command("feed")
@click.option(
    "--force",
    is_flag=True,
    help="Make the output folder a show even though it holds other files.",
)
@show_options
@reports_errors
def feed_cmd(force: bool, config: Path | None, out: Path | None) -> None:
    """Rewrite feed.xml, transcripts, chapters and index.html from the stored episodes.

    The new feed is validated first and is not written if it has an error. A folder that
    holds other files and no show is refused, unless --force makes it a show.
    """
    cfg = _config(config, out)
    due = pipeline.due_episodes(cfg)
    path = pipeline.write_feed(cfg, adopt=force)
    if _state().verbosity >= 0:
        _say_released(due)
        click.echo(f"Wrote {path}")


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the episodes as JSON, for scripts.")
@show_options
@reports_errors
def list_cmd(as_json: bool, config: Path | None, out: Path | None) -> None:
    """List the stored episodes: number, date, title, duration and file, newest first.

    The number (1 is the newest) names the episode to briefcast remove. --json adds the
    engine, loudness, true peak and guid of each. A scheduled episode (build --publish-at)
    says when it goes out.

    \b
    Examples:
        briefcast list
        briefcast list --json | jq '.[0].file'
    """
    import json

    cfg = _config(config, out)
    episodes = pipeline.list_episodes(cfg)
    if as_json:
        click.echo(json.dumps([_episode_json(n, ep) for n, ep in enumerate(episodes, 1)], indent=2))
        return
    if not episodes:
        click.echo(f"No episodes in {cfg.output}", err=True)
        return
    for line in _episode_table(episodes, cfg):
        click.echo(line)


# `briefcast list` fits a terminal of this width.
LIST_WIDTH = 100


def _episode_json(number: int, ep: pipeline.Episode) -> dict[str, Any]:
    """One episode of ``list --json``."""
    return {
        "number": number,
        "date": ep.date.isoformat(),
        "title": ep.title,
        "duration": round(ep.duration, 3),
        "file": ep.file,
        "engine": ep.engine,
        "loudness_lufs": ep.loudness_lufs,
        "true_peak_dbtp": ep.true_peak_dbtp,
        "guid": ep.guid,
    }


def _shorten(text: str, width: int, *, middle: bool = False) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, at its end or (for file names,
    whose end says what they are) in its middle."""
    if len(text) <= width:
        return text
    if middle:
        head = (width - 1) // 2
        return text[:head] + "…" + text[len(text) - (width - 1 - head) :]
    return text[: max(width - 1, 0)].rstrip() + "…"


def _episode_table(episodes: list[pipeline.Episode], cfg: Config) -> list[str]:
    """The lines of ``briefcast list``: a header, then one aligned row per episode, each within
    :data:`LIST_WIDTH` characters (titles shortened first, then file names in the middle). A
    scheduled episode's date says when it goes out."""
    now = store.utcnow()
    header = ("#", "Date", "Title", "Length", "File")
    rows = [header] + [
        (
            str(n),
            f"scheduled, goes out {_local(ep.date, cfg)}"
            if ep.date > now
            else f"{ep.date:%Y-%m-%d}",
            ep.title,
            clock(round(ep.duration)),
            Path(ep.file).name,
        )
        for n, ep in enumerate(episodes, 1)
    ]
    number_w, date_w, title_w, length_w, file_w = (max(len(r[i]) for r in rows) for i in range(5))
    room = LIST_WIDTH - (number_w + date_w + length_w + 4 * 2)
    title_w = min(title_w, max(room - file_w, 20))
    file_w = min(file_w, room - title_w)
    return [
        (
            f"{r[0]:>{number_w}}  {r[1]:<{date_w}}  {_shorten(r[2], title_w):<{title_w}}  "
            f"{r[3]:>{length_w}}  {_shorten(r[4], file_w, middle=True)}"
        ).rstrip()
        for r in rows
    ]


@cli.command("remove")
@click.argument("episode")
@show_options
@reports_errors
def remove_cmd(episode: str, config: Path | None, out: Path | None) -> None:
    """Take EPISODE out of the show: the feed is rewritten without it, then its files go.

    EPISODE is the number or file that briefcast list shows, the episode's slug or its guid;
    a damaged record is named by the file name that briefcast feed reports.

    \b
    Examples:
        briefcast remove 3
        briefcast remove ukraine-russia-and-the-talks-5f2c1a9e
    """
    cfg = _config(config, out)
    removed = pipeline.remove_episode(cfg, episode)
    if _state().verbosity >= 0:
        gone = removed.item
        name = gone.title if isinstance(gone, pipeline.Episode) else gone.path.name
        click.echo(f"Removed {name!r}; feed: {cfg.output / FEED_NAME}")
        count = removed.stories_returned
        if count:
            stories = "1 story" if count == 1 else f"{count} stories"
            click.echo(
                f"Gave back its {stories}: no longer marked as covered, a later briefing "
                f"may use them again"
            )


def briefing_options(func: F) -> F:
    """The options shared by ``briefcast briefing`` and ``briefcast script``."""
    for option in reversed(
        (
            click.option(
                "--max-stories",
                type=click.IntRange(min=1),
                help="Take at most N new stories, in the order the sources give them.",
            ),
            click.option(
                "--target-minutes",
                type=click.FloatRange(min=0, min_open=True),
                help="Shorten stories (extractive summary) so the episode runs about M "
                "minutes. Without it, stories are read in full.",
            ),
            click.option(
                "--allow-repeats",
                is_flag=True,
                help="Include stories already covered in earlier episodes.",
            ),
        )
    ):
        func = option(func)
    return func


def _print_plan(plan: pipeline.BriefingPlan) -> None:
    """The rundown of a briefing and its estimated length, one line per story."""
    target = (
        f", target {clock(round(plan.target_seconds))}" if plan.target_seconds is not None else ""
    )
    click.echo(
        f"{plan.script.title if plan.script else 'Briefing'}: {len(plan.stories)} "
        f"{'story' if len(plan.stories) == 1 else 'stories'}, about "
        f"{clock(round(plan.estimate_seconds))}{target} "
        f"(full length {clock(round(plan.full_seconds))}; "
        f"voice at {plan.rate.words_per_minute:.0f} words a minute)"
    )
    for number, story in enumerate(plan.stories, 1):
        words = story.article.word_count
        note = " [feed summary]" if story.from_summary else ""
        click.echo(
            f"  {number}. {headline(story.article)} — {story.publisher or 'no source'}"
            f" ({words} words){note}"
        )
        if story.url:
            click.echo(f"     {story.url}")


def _nothing_new(plan: pipeline.BriefingPlan, outcome: str = "nothing was published") -> str:
    """The one line that says every story found was covered before."""
    count = len(plan.collection.repeats)
    return (
        f"Nothing new: the {count} {'story' if count == 1 else 'stories'} found "
        f"{'was' if count == 1 else 'were'} covered in earlier episodes; {outcome} "
        f"(use --allow-repeats to include them)."
    )


@cli.command("briefing")
@click.argument("sources", nargs=-1, required=True)
@briefing_options
@click.option("--title", help='Episode title (default: "Briefing for <date>").')
@click.option("--engine", help=ENGINE_HELP)
@show_options
@reports_errors
@with_inputs
def briefing_cmd(
    sources: tuple[str, ...],
    max_stories: int | None,
    target_minutes: float | None,
    allow_repeats: bool,
    title: str | None,
    engine: str | None,
    config: Path | None,
    out: Path | None,
) -> None:
    """Build a briefing: several stories in one episode, with a headlines rundown.

    SOURCE is an RSS/Atom news feed (a file or an address) or an article: {inputs}
    (a file or an address); each feed entry's page is read, or its summary when the page
    cannot be. Each story becomes one chapter. Stories covered by an earlier episode of the
    show are skipped (remembered in covered.json in the output folder).

    A source that fails is skipped with a warning. Exit status: 0 when a briefing was
    published, and also 0 when nothing was new (nothing is published then); 1 when no story
    could be read at all.

    \b
    Examples:
        briefcast briefing https://feeds.npr.org/1001/rss.xml --max-stories 5 --target-minutes 10
        briefcast briefing story1.md story2.txt https://example.com/news/item
    """
    cfg = _config(config, out, **{"voice.engine": engine})
    state = _state()
    with progress_display(state.verbosity) as progress:
        result = pipeline.build_briefing(
            sources,
            cfg,
            max_stories=max_stories,
            target_minutes=target_minutes,
            title=title,
            allow_repeats=allow_repeats,
            progress=progress,
        )
    if result.build is None:
        if state.verbosity >= 0:
            click.echo(_nothing_new(result.plan))
        return
    ep = result.build.episode
    _announce_fallback(cfg.voice.engine, ep)
    if state.verbosity >= 0:
        _print_plan(result.plan)
        verb = "Replaced" if result.build.replaced else "Added"
        click.echo(
            f"{verb} episode {ep.title!r} ({clock(round(ep.duration))}, {ep.engine}): "
            f"{result.build.audio_path}"
        )
        click.echo(f"Feed: {cfg.output / FEED_NAME}")


@cli.command("say")
@click.argument("text")
@click.option("--engine", help=ENGINE_HELP)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Audio file to write, in the format its extension names (default: a file in the "
    "temporary folder, in the show's first format).",
)
@config_option
@reports_errors
def say_cmd(text: str, engine: str | None, out_file: Path | None, config: Path | None) -> None:
    """Voice TEXT as an episode would say it, to audition a name in seconds.

    The text is normalised and the pronunciation lexicon applied, exactly as in a build;
    the spoken text is shown, then where the audio went.

    \b
    Examples:
        briefcast say "Zelenskyy met Macron in Kyiv." --engine piper
        briefcast say "Kyiv" --out kyiv.m4a
    """
    cfg = _config(config, None, **{"voice.engine": engine})
    state = _state()
    with progress_display(state.verbosity) as progress:
        result = pipeline.say(text, cfg, out_file, progress)
    _announce_fallback(cfg.voice.engine, result)
    if state.verbosity >= 0:
        click.echo(f"Said: {' '.join(result.spoken)}")
        click.echo(f"Wrote {result.path} ({result.seconds:.1f} s, {result.engine})")


def broker_option(func: F) -> F:
    """The ``--broker`` option of the queue commands."""
    return click.option(
        "--broker",
        metavar="URL",
        help="Redis of the job queue, e.g. redis://127.0.0.1:6379/0 "
        "(default: BRIEFCAST_BROKER, else queue.broker).",
    )(func)


@cli.command("worker")
@broker_option
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help="Jobs built at once by this machine (one process each).",
)
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@config_option
@reports_errors
def worker_cmd(broker: str | None, concurrency: int, burst: bool, config: Path | None) -> None:
    """Take build jobs from the queue (Redis) and build them, until stopped.

    Each job builds into the show folder named when it was submitted, under a lock held in
    Redis, so workers on several machines can share one show folder. A job whose worker dies
    is run again by another worker after queue.dead_after seconds without a heartbeat.

    \b
    Examples:
        briefcast worker --broker redis://127.0.0.1:6379/0
        BRIEFCAST_BROKER=redis://queue.internal:6379/0 briefcast worker --concurrency 2
    """
    from .broker import mask_url
    from .queue import jobs

    cfg = load_config(config, overrides={"queue.broker": broker})
    if _state().verbosity >= 0:
        click.echo(
            f"Worker on {mask_url(cfg.queue.broker) or '(no broker)'}, "
            f"queue {cfg.queue.name!r}, "
            f"{concurrency} at a time",
            err=True,
        )
    jobs.run_worker(cfg, concurrency, burst=burst)


@cli.command("submit")
@click.argument("articles", nargs=-1, required=True)
@click.option("--title", help="Episode title (default: the article's own title).")
@click.option("--engine", help=ENGINE_HELP)
@click.option(
    "--briefing",
    "as_briefing",
    is_flag=True,
    help="Build a briefing of the sources (articles, URLs, news feeds).",
)
@click.option("--wait", "wait_", is_flag=True, help="Wait for the job and report its result.")
@broker_option
@show_options
@reports_errors
@with_inputs
def submit_cmd(
    articles: tuple[str, ...],
    title: str | None,
    engine: str | None,
    as_briefing: bool,
    wait_: bool,
    broker: str | None,
    config: Path | None,
    out: Path | None,
) -> None:
    """Queue one build of ARTICLE(s) for the workers; print its job id.

    ARTICLE is {inputs}

    Paths must be readable by the workers (a shared folder mounted at the same path). The
    same build submitted again while it is queued or running is the same job. With --wait,
    the exit status is 1 when the job failed, with its error line.

    \b
    Examples:
        briefcast submit /srv/news/story.md --out /srv/shows/morning
        briefcast submit https://feeds.example.org/news.rss --briefing --out /srv/shows/brief --wait
    """
    from .queue import jobs

    spec = jobs.make_spec(
        articles, out, briefing=as_briefing, engine=engine, title=title, config=config
    )
    cfg = load_config(
        Path(spec.config) if spec.config else None,
        overrides={"queue.broker": broker, "output": spec.out},
    )
    info, new = jobs.submit(spec, cfg)
    click.echo(info.id if new else f"{info.id} (already {info.state})")
    if not wait_:
        return
    done = jobs.wait(info.id, cfg)
    if done.state == "failed":
        raise click.ClickException(f"job {done.id} failed: {done.error}")
    if _state().verbosity >= 0:
        click.echo(f"Done: {done.result}")


@cli.command("jobs")
@broker_option
@config_option
@reports_errors
def jobs_cmd(broker: str | None, config: Path | None) -> None:
    """List the queue's jobs: queued, running (with their stage), done and failed (with the
    error). Done and failed jobs are kept for a week."""
    from .queue import jobs

    cfg = load_config(config, overrides={"queue.broker": broker})
    found = jobs.list_jobs(cfg)
    if not found:
        click.echo("No jobs.", err=True)
        return
    for job in found:
        when = job.ended_at or job.enqueued_at
        stamp = f"{when:%Y-%m-%d %H:%M:%S}" if when else " " * 19
        detail = {"running": job.stage, "done": job.result, "failed": f"Error: {job.error}"}.get(
            job.state, ""
        )
        tries = f" (attempt {job.attempts})" if job.attempts > 1 else ""
        click.echo(
            f"{job.state:<8} {stamp}  {job.id}  {job.description}{tries}"
            + (f"\n         {detail}" if detail else "")
        )


@cli.group("voices", invoke_without_command=True)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 30),
    default=3.0,
    show_default=True,
    help="Seconds to wait for a network engine before calling it unreachable.",
)
@show_options
@click.pass_context
@reports_errors
def voices_cmd(ctx: click.Context, timeout: float, config: Path | None, out: Path | None) -> None:
    """List the voice engines: usable here or not, their voices, accents, languages and what
    they cost here (CPU seconds per second of audio, measured by earlier builds).

    Works offline: an engine that cannot be reached is reported, not an error. The
    subcommands install and remove voices.

    \b
    Examples:
        briefcast voices
        briefcast voices list --available
        briefcast voices add fr_FR-siwis-medium
        briefcast voices add kokoro
        briefcast voices remove fr_FR-siwis-medium
    """
    if ctx.invoked_subcommand is not None:
        return
    from .voices.cache import open_cache

    cfg = _config(config, out)
    costs = open_cache(cfg).costs()
    for st in voices.engine_statuses(cfg, timeout):
        roles = [
            r
            for r, name in (("default", cfg.voice.engine), ("fallback", cfg.voice.fallback))
            if name == st.name
        ]
        role = f" [{', '.join(roles)}]" if roles else ""
        click.echo(f"{st.name:<6} {st.state:<13} {st.summary}{role}")
        if st.detail:
            click.echo(f"       {st.detail}")
        cost = costs.get(st.name)
        if cost is not None and cost.audio_seconds:
            click.echo(
                f"       cost: {cost.per_audio_second:.2f} CPU seconds per second of audio "
                f"(measured here over {cost.audio_seconds / 60:.1f} min of audio)"
            )
        for voice in st.voices:
            click.echo(f"       voice: {voice}")
        if st.accents:
            label = f"accents ({st.accents_setting})" if st.accents_setting else "accents"
            click.echo(
                textwrap.fill(
                    ", ".join(st.accents),
                    width=100,
                    initial_indent=f"       {label}: ",
                    subsequent_indent="         ",
                )
            )
        if st.languages:
            label = f"languages ({st.languages_setting})" if st.languages_setting else "language"
            click.echo(
                textwrap.fill(
                    ", ".join(st.languages),
                    width=100,
                    initial_indent=f"       {label}: ",
                    subsequent_indent="         ",
                )
            )


@voices_cmd.command("list")
@click.option("--available", is_flag=True, help="List the catalogue's voices, not the installed.")
@click.option("--language", default="", help="Only voices of this language (fr, en-GB, ...).")
@config_option
@reports_errors
def voices_list(available: bool, language: str, config: Path | None) -> None:
    """List the voices installed by `voices add` (with --available: those the catalogue
    offers, with their download size).

    \b
    Examples:
        briefcast voices list
        briefcast voices list --available --language fr
    """
    from .voices import catalogue, installed

    tag = language.lower().replace("_", "-")

    def wanted(lang: str) -> bool:
        lang = lang.lower()
        return not tag or lang == tag or lang.split("-")[0] == tag

    if available:
        cfg = _config(config, None)
        offered = catalogue.fetch_catalogue(cfg.voice.catalogue_url)
        for voice in sorted(offered.values(), key=lambda v: (v.engine, v.name)):
            if wanted(voice.language):
                size = _megabytes(voice.size) if voice.size else "size unknown"
                detail = ", ".join(x for x in (voice.language, voice.quality) if x)
                click.echo(f"{voice.engine:<7} {voice.name:<32} {size:>10}  {detail}")
        return
    found = [v for v in installed.installed() if wanted(v.language)]
    if not found:
        click.echo("No voices installed (briefcast voices add NAME).", err=True)
    for have in found:
        click.echo(
            f"{have.engine:<7} {have.name:<32} {_megabytes(have.size):>10}  "
            f"{have.language or 'several languages'}  {have.folder}"
        )


@voices_cmd.command("add")
@click.argument("name")
@config_option
@reports_errors
def voices_add(name: str, config: Path | None) -> None:
    """Download, verify and install the voice NAME into your data folder.

    Piper voices come from voice.catalogue_url (Piper's voices.json by default); "kokoro"
    (and "kokoro-int8", smaller and slower) is Kokoro's model with its voices. A voice for
    another language then reads articles in that language. An interrupted download resumes.

    \b
    Examples:
        briefcast voices add fr_FR-siwis-medium
        briefcast voices add kokoro
    """
    from .voices import catalogue

    cfg = _config(config, None)
    voice = catalogue.find_voice(name, catalogue.fetch_catalogue(cfg.voice.catalogue_url))
    size = _megabytes(voice.size) if voice.size else "size unknown"
    click.echo(
        f"Installing {voice.name} ({voice.engine}{', ' + voice.language if voice.language else ''}"
        f"): {len(voice.files)} files, {size}",
        err=True,
    )
    bars: dict[str, Any] = {}
    terminal = sys.stderr.isatty()

    def progress(file: str, done: int, total: int) -> None:
        if not terminal:
            return
        bar = bars.get(file)
        if bar is None:
            bar = bars[file] = click.progressbar(
                length=total or None, label=f"  {file}", file=sys.stderr
            )
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        result = catalogue.add(voice, progress=progress)
    finally:
        for bar in bars.values():
            bar.__exit__(None, None, None)
    click.echo(f"Installed {result.name} ({_megabytes(result.size)}): {result.folder}")


@voices_cmd.command("remove")
@click.argument("name")
@reports_errors
def voices_remove(name: str) -> None:
    """Uninstall the voice NAME installed by `voices add`.

    \b
    Example:
        briefcast voices remove fr_FR-siwis-medium
    """
    from .voices import catalogue

    gone = catalogue.remove(name)
    click.echo(f"Removed {gone.name} ({_megabytes(gone.size)}) from {gone.folder}")


@cli.group("cache")
def cache_group() -> None:
    """Inspect or empty the cache of voiced sentences.

    \b
    Examples:
        briefcast cache info
        briefcast cache clear
    """


@cache_group.command("info")
@config_option
@reports_errors
def cache_info(config: Path | None) -> None:
    """Show where the cache is and what it holds: voiced sentences (per engine), encoded
    episodes and drawn artwork."""
    from .voices.cache import ARTWORK, EPISODES, open_cache

    # What each folder of the cache holds, by its name; every other folder is an engine's.
    units = {EPISODES: "encoded episodes", ARTWORK: "artwork files"}
    cfg = _config(config, None)
    stats = open_cache(cfg).stats()
    state = "" if cfg.cache.enabled else " (disabled by cache.enabled)"
    click.echo(f"Cache: {stats.path}{state}")
    for engine, entries, size in stats.per_engine:
        unit = units.get(engine, "voiced sentences")
        click.echo(f"  {engine:<8} {entries:>6} {unit:<16} {_megabytes(size):>10}")
    limit = f" (limit {cfg.cache.max_size_mb} MB)" if cfg.cache.max_size_mb else ""
    click.echo(f"Total: {stats.entries} entries, {_megabytes(stats.size)}{limit}")


@cache_group.command("clear")
@config_option
@reports_errors
def cache_clear(config: Path | None) -> None:
    """Delete every cached sentence and episode (the next build voices everything again)."""
    from .voices.cache import open_cache

    cfg = _config(config, None)
    removed = open_cache(cfg).clear()
    click.echo(
        f"Removed {removed.entries} entries ({_megabytes(removed.size)}) from {removed.path}"
    )


def _megabytes(size: int) -> str:
    """A byte count in MB with one decimal."""
    return f"{size / 1_000_000:.1f} MB"


@cli.command("validate")
@click.argument("feed", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit non-zero on warnings too.")
@show_options
@reports_errors
def validate_cmd(feed: Path | None, strict: bool, config: Path | None, out: Path | None) -> None:
    """Check FEED (default: the show's feed.xml) as Apple and podcast apps would.

    Checks RSS 2.0, Apple's requirements and the Podcasting 2.0 tags, and for files beside the
    feed that it points at: enclosure sizes, audio durations, artwork, transcripts, chapters.
    Prints one line per error or warning, naming the element; exits 1 when there is an error.

    \b
    Examples:
        briefcast validate
        briefcast validate downloads/other-show.xml
    """
    cfg = _config(config, out)
    report = pipeline.validate_feed(cfg, feed)
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary(), err=True)
    if report.errors or (strict and report.warnings):
        raise SystemExit(1)


@cli.command("script")
@click.argument("articles", nargs=-1, required=True)
@click.option("--title", help="Episode title (default: the article's own title).")
@click.option("--json", "as_json", is_flag=True, help="Print the script as JSON.")
@click.option(
    "--briefing",
    "as_briefing",
    is_flag=True,
    help="Script a briefing of the sources, as `briefcast briefing` would (implied "
    "by --max-stories, --target-minutes and --allow-repeats).",
)
@briefing_options
@click.option("--engine", help="Voice engine whose measured pace estimates the length.")
@date_option
@click.option(
    "--save",
    "save_to",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the script as an editable file (NAME.script.md) that briefcast build "
    "voices as it stands.",
)
@show_options
@reports_errors
@with_inputs
def script_cmd(
    articles: tuple[str, ...],
    title: str | None,
    as_json: bool,
    as_briefing: bool,
    max_stories: int | None,
    target_minutes: float | None,
    allow_repeats: bool,
    engine: str | None,
    article_date: str | None,
    save_to: Path | None,
    config: Path | None,
    out: Path | None,
) -> None:
    """Print the narration script of ARTICLE(s) without making audio.

    ARTICLE is {inputs}
    Each segment is shown with its kind, title, estimated spoken duration and the exact text
    the voice will read.

    With --briefing (or any briefing option) the ARTICLEs are briefing sources, including news
    feeds: the rundown of the new stories and the fitted length are shown first, then the
    script. Nothing is published and no story is marked as covered.

    With --save, the script is also written as a documented, editable file: change a
    sentence, move a chapter, add a pause or a pronunciation, then build that file.

    \b
    Examples:
        briefcast script story.txt
        briefcast script https://example.com/news/story --json
        briefcast script https://example.com/rss.xml --max-stories 5 --target-minutes 10
        briefcast script story.md --save story.script.md
    """
    import json

    from .scripting.script import render_text, script_to_json

    cfg = _config(config, out, **{"voice.engine": engine})
    if as_briefing or max_stories or target_minutes or allow_repeats:
        if save_to is not None:
            raise click.ClickException("--save writes an article's script, not a briefing's")
        plan = pipeline.plan_briefing(
            articles,
            cfg,
            max_stories=max_stories,
            target_minutes=target_minutes,
            title=title,
            allow_repeats=allow_repeats,
        )
        if plan.script is None:
            if not plan.collection.repeats:
                raise click.ClickException(
                    f"no story could be read from the {len(articles)} source(s)"
                )
            click.echo(_nothing_new(plan, "there is nothing to script"))
            return
        seconds = pipeline.estimate_segments(plan.script, cfg, plan.rate)
        _warn_length(pipeline.length_problem(plan.script, cfg, plan.rate))
        if as_json:
            data = script_to_json(plan.script, seconds)
            data["briefing"] = {
                "estimate_seconds": round(plan.estimate_seconds, 1),
                "full_seconds": round(plan.full_seconds, 1),
                "target_seconds": plan.target_seconds,
                "words_per_minute": plan.rate.words_per_minute,
                "stories": [
                    {
                        "title": headline(s.article),
                        "url": s.url,
                        "publisher": s.publisher,
                        "words": s.article.word_count,
                        "from_summary": s.from_summary,
                    }
                    for s in plan.stories
                ],
            }
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _print_plan(plan)
            click.echo()
            click.echo(render_text(plan.script, seconds), nl=False)
        return
    stdin = pipeline.read_stdin(_stdin(), cfg) if "-" in articles else None
    preview = pipeline.preview(
        articles,
        cfg,
        title=title,
        stdin=stdin,
        article_date=_when(article_date, cfg, "--date"),
    )
    script = preview.script
    if save_to is not None:
        saved = pipeline.save_script(preview, cfg, save_to)
        click.echo(f"Saved the script to {saved}: edit it, then briefcast build {saved}", err=True)
    seconds = pipeline.estimate_segments(script, cfg)
    _warn_length(pipeline.length_problem(script, cfg))
    if as_json:
        click.echo(json.dumps(script_to_json(script, seconds), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(script, seconds), nl=False)


def _warn_length(problem: str | None) -> None:
    """Warn (on stderr) that ``build`` would refuse the previewed script for its length."""
    if problem:
        warn(
            f"{problem}: build would refuse it (raise max_minutes under "
            f"[audio] in briefcast.toml, or use --target-minutes)"
        )


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 lets phones on the local network in.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port to listen on (default: the port of show.base_url, else 8000; 0 picks a free one).",
)
@show_options
@reports_errors
def serve(host: str, port: int | None, config: Path | None, out: Path | None) -> None:
    """Serve the output folder over HTTP, for testing with a real podcast app.

    Answers HEAD and byte-range requests with the right content types, as podcast apps expect.
    Stop it with Ctrl-C.

    \b
    Examples:
        briefcast serve                       # http://127.0.0.1:8000/feed.xml
        briefcast serve --host 0.0.0.0        # reachable from a phone on the same network
    """
    from urllib.parse import urlsplit

    from .publish import serve as serving
    from .show import private

    cfg = _config(config, out)
    if port is None:
        port = urlsplit(cfg.show.base_url).port or 8000
    prefix = private.prefix(cfg)
    server = serving.make_server(cfg.output, host, port, prefix)
    bound = server.port
    problem = serving.base_url_mismatch(cfg.show.base_url, host, bound)
    if problem:
        warn(problem)
    feed_url = (
        serving.served_url(host, bound) + prefix + FEED_NAME
        if problem
        else private.site_config(cfg).feed_url
    )
    click.echo(
        f"Serving {cfg.output} at {serving.served_url(host, bound)}"
        + (" (private: only under the token path)" if prefix else "")
    )
    click.echo(f"Subscribe to: {feed_url}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.server_close()


@cli.command()
@click.option(
    "--to",
    "to",
    metavar="TARGET",
    help=f"{targets.addresses().capitalize()} (default: publish.target of the config).",
)
@click.option(
    "--dry-run", is_flag=True, help="List what would be uploaded and deleted; change nothing."
)
@click.option("--prune", is_flag=True, help="Delete files of episodes that left the feed.")
@click.option(
    "--force",
    is_flag=True,
    help="Publish to a remote target even when the feed's "
    "links point at localhost or a private network.",
)
@show_options
@reports_errors
def publish(
    to: str | None, dry_run: bool, prune: bool, force: bool, config: Path | None, out: Path | None
) -> None:
    """Copy the output folder to where listeners fetch it, uploading only what changed.

    Audio, transcripts, chapters and artwork go first, the feed and page last, so the published
    feed never points at a missing file. Each kind of target keeps its settings in its own
    table of briefcast.toml ([publish.s3]: region, endpoint); S3 credentials come from the
    usual AWS environment variables and files, never from briefcast.toml.

    \b
    Examples:
        briefcast publish --to /var/www/podcast
        briefcast publish --to s3://my-bucket/show --dry-run
        briefcast publish --prune
    """
    from .publish import publish as publishing

    cfg = _config(config, out)
    state = _state()

    def report(action: str, key: str) -> None:
        if state.verbosity >= 1:
            click.echo(f"  {action} {key}", err=True)

    if not dry_run:
        # From cron: what has fallen due goes into the feed before the feed goes out.
        released = pipeline.release_due(cfg)
        if state.verbosity >= 0:
            _say_released(released)
    result = publishing.publish(cfg, to, dry_run=dry_run, prune=prune, progress=report, force=force)
    plan = result.plan
    if dry_run:
        for item in plan.uploads:
            click.echo(f"would upload {item.key} ({item.size} bytes)")
        for key in plan.deletes:
            click.echo(f"would delete {key}")
        for key in plan.stale:
            click.echo(f"would keep {key} (left the feed; --prune deletes it)")
        click.echo(
            f"Dry run: {len(plan.uploads)} to upload ({plan.upload_bytes} bytes), "
            f"{len(plan.deletes)} to delete, {plan.unchanged} unchanged, "
            f"at {plan.target}"
        )
        return
    if state.verbosity >= 0:
        click.echo(
            f"Published to {plan.target}: {len(result.uploaded)} uploaded "
            f"({plan.upload_bytes} bytes), {len(result.deleted)} deleted, "
            f"{plan.unchanged} unchanged"
        )
        if plan.stale:
            click.echo(
                f"{len(plan.stale)} files of episodes that left the feed are still "
                f"published; --prune deletes them",
                err=True,
            )
        from .show import private

        click.echo(f"Feed: {private.site_config(cfg).feed_url}")


@cli.command("token")
@click.option(
    "--rotate",
    is_flag=True,
    help="Make a new secret token: the old subscribe URL stops working after the next publish.",
)
@show_options
@reports_errors
def token_cmd(rotate: bool, config: Path | None, out: Path | None) -> None:
    """Show the subscribe URL of a private show (show.private = true).

    A private show's feed and audio live under a secret token path; give this URL only to
    subscribers. With --rotate a new token replaces the old one and the feed and pages are
    rewritten; publish again to retire the old address.

    \b
    Examples:
        briefcast token
        briefcast token --rotate && briefcast publish
    """
    cfg = _config(config, out)
    url = pipeline.private_feed_url(cfg, rotate=rotate)
    if rotate:
        click.echo("New token made; publish to retire the old subscribe URL.", err=True)
    click.echo(url)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so the build's work folder is removed on the way out."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the ``briefcast`` console script."""
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="briefcast")

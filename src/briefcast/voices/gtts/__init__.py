"""The gTTS engine: Google Translate's voice, online, in one package.

:mod:`.engine` is the voice and its settings (``[voice.gtts]``), :mod:`.chunks` packs text into
requests and cuts replies back into sentences, :mod:`.languages` maps an article's language to
gTTS's and lists the accents, and :mod:`.pace` keeps the pace of requests, in one process or
across workers through the broker.
"""

from __future__ import annotations

from .chunks import (
    MAX_CHARS,
    SAMPLE_RATE,
    Chunk,
    Piece,
    assemble_sentences,
    plan_chunks,
    split_points,
)
from .engine import ENGINE, GttsConfig, GttsVoice, for_language, probe, status, validate
from .languages import ACCENTS, gtts_language
from .pace import LocalPacer, Pacer, RedisPacer, retry_after_seconds

__all__ = [
    "ACCENTS",
    "ENGINE",
    "MAX_CHARS",
    "SAMPLE_RATE",
    "Chunk",
    "GttsConfig",
    "GttsVoice",
    "LocalPacer",
    "Pacer",
    "Piece",
    "RedisPacer",
    "assemble_sentences",
    "for_language",
    "gtts_language",
    "plan_chunks",
    "probe",
    "retry_after_seconds",
    "split_points",
    "status",
    "validate",
]

"""Parallel voicing: a pool of processes, each with its own copy of a CPU-bound engine.

Piper keeps one core busy per sentence; a pool of ``voice.workers`` processes (one model
loaded in each) voices an episode's sentences side by side. :class:`PooledVoice` is itself a
:class:`~briefcast.voices.Voice`: told the whole episode in advance (``plan``), it sends every
sentence to the pool at once, and ``speak`` hands back the clips in the order the assembler
asks for them. Each sentence is voiced on its own by a deterministic engine, so the episode is
byte-identical to one voiced in a single process. Only the building process reads and writes
the sentence cache (through :class:`~briefcast.voices.cache.CachedVoice` around this voice), so the
pool never touches it. Engines that pace network requests (gTTS) are not pooled: their pacing
lives in one process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..config import Config
from ..errors import VoiceError
from . import REGISTRY, get_voice
from .base import Clip, Voice

log = logging.getLogger(__name__)


def pool_size(cfg: Config) -> int:
    """``voice.workers``, where 0 means one process per core."""
    return cfg.voice.workers or os.cpu_count() or 1


def _exit_with_parent(parent: int) -> None:
    """Pool process set-up: exit as soon as the building process ``parent`` is gone.

    A build killed with SIGKILL cannot stop its pool, and the workers wait on their task
    queue for ever (some 230 MB each with a Piper model). A thread polling the parent's pid
    works on every platform and whatever thread started the pool (Linux's PR_SET_PDEATHSIG
    fires when the starting *thread* ends, which a queue worker's build thread does).
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _speak_one(name: str, cfg: Config, language: str, sentence: str) -> Clip:
    """Voice one sentence in a pool process (the engine loads its model once per process)."""
    return get_voice(name, cfg, language).speak([sentence])[0]


class PooledVoice:
    """``voice``, with the sentences it is told about in advance voiced by a process pool.

    Sentences not announced by :meth:`plan` are voiced here, by ``voice`` itself. Call
    :meth:`close` when the episode is done (it stops the pool's processes).
    """

    def __init__(
        self, voice: Voice, name: str, cfg: Config, workers: int, language: str = ""
    ) -> None:
        self.voice = voice
        self.name = voice.name
        self.sample_rate = voice.sample_rate
        self.workers = workers
        self._cfg = cfg
        self._engine = name
        self._language = language
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[Clip]] = {}

    def identity(self) -> str:
        """The wrapped voice's identity: the pool changes nothing in the sound."""
        return self.voice.identity()

    def plan(self, paragraphs: Sequence[Sequence[str]]) -> None:
        """Send every sentence of the episode to the pool, in the order they will be needed."""
        todo = list(dict.fromkeys(s for p in paragraphs for s in p if s not in self._futures))
        if len(todo) < 2:
            return
        if self._pool is None:
            # spawn, not fork: the building process may hold threads (onnxruntime, gTTS).
            self._pool = ProcessPoolExecutor(
                max_workers=min(self.workers, len(todo)),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
            log.info(
                "voicing %d sentences in %d processes", len(todo), min(self.workers, len(todo))
            )
        for sentence in todo:
            self._futures[sentence] = self._pool.submit(
                _speak_one, self._engine, self._cfg, self._language, sentence
            )

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """One clip per sentence: from the pool when planned, else voiced here."""
        clips = []
        for sentence in sentences:
            future = self._futures.get(sentence)
            if future is None:
                clips.extend(self.voice.speak([sentence]))
                continue
            try:
                clip = future.result()
            except BrokenProcessPool as exc:
                raise VoiceError(
                    f"a {self.name} voicing process died ({exc}); try voice.workers = 1"
                ) from exc
            clips.append(clip)
        return clips

    def close(self) -> None:
        """Stop the pool's processes, dropping sentences not voiced yet."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures.clear()


def pooled(voice: Voice, name: str, cfg: Config, language: str = "") -> Voice | PooledVoice:
    """``voice`` behind a pool when its engine runs on the CPU and more than one worker is set."""
    workers = pool_size(cfg)
    engine = REGISTRY.get(name.partition(":")[0])
    if workers < 2 or engine is None or not engine.parallel:
        return voice
    return PooledVoice(voice, name, cfg, workers, language)

"""Packing a paragraph into gTTS requests, and cutting the replies back into sentences.

Google takes at most 100 characters a request, and gTTS itself cuts text at every comma: about
116 requests for 1,000 words. Here a whole paragraph is planned at once: its words are packed
into as few chunks of at most 100 characters as possible, preferring to end a chunk between
sentences, then at a clause mark, and only then between words (:func:`plan_chunks`). That costs
about 65 requests per 1,000 words. Because a chunk can hold the end of one sentence and the start
of the next, each reply is cut back into sentences at the pause Google leaves at a full stop,
found by silence detection near where the text predicts it (:func:`split_points`), so every
sentence still gets its own clip and real timings (:func:`assemble_sentences`). :class:`Plan`
holds the chunks of a whole episode while it is spoken paragraph by paragraph.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...audio.media import SAMPLE_WIDTH, pydub_audio_segment, trim_pcm

MAX_CHARS = 100
SAMPLE_RATE = 24000  # gTTS replies are 24 kHz mono MP3

# What it costs, in requests, to end a chunk at each kind of boundary. A chunk that ends inside
# a sentence makes Google drop the pitch there, so a break between words is accepted only when
# four of them save one request; a clause break, where a pause is natural, costs less. News
# prose runs at about 6.3 characters a word, so 1,000 words cannot take fewer than about 64
# requests; these weights stay within one or two of that least number (68 for the test's
# 1,000-word article with its intro and outro, where 68 is the least possible).
BREAK_COST = {"sentence": 0.0, "clause": 0.1, "word": 0.25}
# Pauses put back where a sentence was cut across two requests, in milliseconds.
JOIN_GAP_MS = {"sentence": 0, "clause": 180, "word": 60}
# Silence detection of a reply: the shortest pause that can end a sentence, and how far below
# the reply's average loudness counts as silence.
MIN_PAUSE_MS = 120
SILENCE_BELOW_AVERAGE_DB = 20.0
_CLAUSE_END = re.compile(r"[,;:)\]—–]$|^[—–]$")
_CLAUSE_START = re.compile(r"^[(\[—–]")


@dataclass(frozen=True)
class Piece:
    """The part of one sentence that lies in a chunk: characters ``start:end`` of its text."""

    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """One request: its text, the sentence pieces it holds, and how the text is cut after it.

    ``cut`` is the kind of boundary at the end of the chunk: "sentence" when the last piece ends
    its sentence, else "clause" or "word" (the sentence continues in the next chunk).
    """

    text: str
    pieces: tuple[Piece, ...]
    cut: str


@dataclass(frozen=True)
class _Word:
    text: str
    sentence: int
    brk: str  # the kind of boundary after this word


def _words(sentences: Sequence[str], limit: int) -> list[_Word]:
    """The paragraph's words, each with its sentence and the kind of boundary after it."""
    words: list[_Word] = []
    for index, sentence in enumerate(sentences):
        tokens: list[str] = []
        for token in sentence.split():
            # A "word" longer than a request (a long URL) is cut hard.
            tokens += [token[i : i + limit] for i in range(0, len(token), limit)]
        for pos, token in enumerate(tokens):
            if pos == len(tokens) - 1:
                brk = "sentence"
            elif _CLAUSE_END.search(token) or _CLAUSE_START.search(tokens[pos + 1]):
                brk = "clause"
            else:
                brk = "word"
            words.append(_Word(token, index, brk))
    return words


def plan_chunks(sentences: Sequence[str], limit: int = MAX_CHARS) -> list[Chunk]:
    """Pack a paragraph's sentences into the cheapest chunks of at most ``limit`` characters.

    Dynamic programming over word boundaries: cost is one per request plus :data:`BREAK_COST`
    for each chunk that does not end at a sentence end. Whole sentences are packed together when
    they fit; a longer sentence is cut at clauses, and between words only when that saves
    requests.
    """
    words = _words(sentences, limit)
    n = len(words)
    if not n:
        return []
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        length = -1
        end_cost = 0.0 if i == n else BREAK_COST[words[i - 1].brk]
        for j in range(i - 1, -1, -1):
            length += len(words[j].text) + 1
            if length > limit:
                break
            cost = best[j] + 1 + end_cost
            if cost < best[i] - 1e-9:
                best[i], back[i] = cost, j
    bounds = []
    i = n
    while i:
        bounds.append((back[i], i))
        i = back[i]
    chunks = []
    for j, i in reversed(bounds):
        text, pieces = "", []
        for sentence, group in itertools.groupby(words[j:i], key=lambda w: w.sentence):
            part = " ".join(w.text for w in group)
            start = len(text) + (1 if text else 0)
            text = f"{text} {part}" if text else part
            pieces.append(Piece(sentence, start, len(text)))
        chunks.append(Chunk(text, tuple(pieces), words[i - 1].brk))
    return chunks


# --- cutting replies back into sentences ---------------------------------------------------


def _ms_to_byte(ms: float, rate: int) -> int:
    return int(ms * rate / 1000) * SAMPLE_WIDTH


def split_points(pcm: bytes, chunk: Chunk, rate: int = SAMPLE_RATE) -> list[int]:
    """Byte offsets in ``pcm`` (the chunk's reply) where one sentence ends and the next begins.

    The text says roughly where each boundary lies (its share of the characters, across the
    speech between the reply's leading and trailing silence); the cut is made in the middle of
    the pause found nearest to that place, preferring long pauses (a full stop) to short ones (a
    comma). When no pause is found the proportional estimate is used.
    """
    boundaries = [piece.end for piece in chunk.pieces[:-1]]
    if not boundaries:
        return []
    seg = pydub_audio_segment()(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=rate, channels=1)
    from pydub.silence import detect_silence  # after pydub_audio_segment() has set pydub up

    length = len(seg)
    if length == 0 or seg.rms == 0:
        return [0 for _ in boundaries]
    thresh = seg.dBFS - SILENCE_BELOW_AVERAGE_DB
    silences = detect_silence(seg, min_silence_len=MIN_PAUSE_MS, silence_thresh=thresh, seek_step=5)
    lead = silences[0][1] if silences and silences[0][0] == 0 else 0
    tail = silences[-1][0] if silences and silences[-1][1] >= length - 5 else length
    inner = [(a, b) for a, b in silences if a > lead and b < tail] if tail > lead else []
    span = max(tail - lead, 1)
    expected = [lead + span * c / max(len(chunk.text), 1) for c in boundaries]
    chosen = _match_pauses(expected, inner, span)
    cuts = []
    previous = 0.0
    for guess, pause in zip(expected, chosen, strict=True):
        at = (pause[0] + pause[1]) / 2 if pause else guess
        at = max(at, previous)
        cuts.append(_ms_to_byte(at, rate))
        previous = at
    return cuts


def _match_pauses(
    expected: Sequence[float], pauses: Sequence[tuple[int, int]], span: float
) -> list[tuple[int, int] | None]:
    """Assign pauses (in order, each at most once) to the expected boundaries, or None.

    A pause scores its length minus half its distance from the expected place; only pauses with
    a positive score are used, and the assignment with the best total wins.
    """

    def score(pause: tuple[int, int], guess: float) -> float:
        mid = (pause[0] + pause[1]) / 2
        return (pause[1] - pause[0]) - 0.5 * abs(mid - guess)

    memo: dict[tuple[int, int], tuple[float, list[tuple[int, int] | None]]] = {}

    def best(j: int, start: int) -> tuple[float, list[tuple[int, int] | None]]:
        if j == len(expected):
            return 0.0, []
        if (j, start) in memo:
            return memo[(j, start)]
        rest, picks = best(j + 1, start)
        result: tuple[float, list[tuple[int, int] | None]] = (rest, [None, *picks])
        for k in range(start, len(pauses)):
            s = score(pauses[k], expected[j])
            if s <= 0:
                continue
            rest, picks = best(j + 1, k + 1)
            if s + rest > result[0]:
                result = (s + rest, [pauses[k], *picks])
        memo[(j, start)] = result
        return result

    return best(0, 0)[1]


def assemble_sentences(
    chunks: Sequence[Chunk], replies: Sequence[bytes], rate: int = SAMPLE_RATE
) -> dict[int, bytes]:
    """Cut each chunk's decoded reply at its sentence boundaries and join each sentence's parts.

    Returns the audio of every sentence that has a piece in ``chunks`` (in chunk order), keyed
    by sentence index. A sentence spread over two requests is joined with the pause its cut
    deserves (a clause or word gap) instead of the silence Google puts around every reply.
    """
    parts: dict[int, list[tuple[bytes, str]]] = {}
    for chunk, pcm in zip(chunks, replies, strict=True):
        cuts = [0, *split_points(pcm, chunk, rate), len(pcm)]
        for k, piece in enumerate(chunk.pieces):
            last = k == len(chunk.pieces) - 1
            parts.setdefault(piece.sentence, []).append(
                (pcm[cuts[k] : cuts[k + 1]], chunk.cut if last else "sentence")
            )
    sentences = {}
    for index, pieces in parts.items():
        joined = b""
        for k, (pcm, cut) in enumerate(pieces):
            more = k < len(pieces) - 1
            joined += trim_pcm(pcm, rate, start=k > 0, end=more) if len(pieces) > 1 else pcm
            if more:
                joined += b"\x00" * _ms_to_byte(JOIN_GAP_MS.get(cut, 0), rate)
        sentences[index] = joined
    return sentences


class Plan:
    """The chunks of a whole episode, fetched paragraph by paragraph as they are spoken."""

    def __init__(self, paragraphs: Sequence[Sequence[str]]) -> None:
        self.sentences = [s for p in paragraphs for s in p]
        self.chunks = plan_chunks(self.sentences)
        self.by_sentence: dict[int, list[int]] = {}
        for ci, chunk in enumerate(self.chunks):
            for piece in chunk.pieces:
                self.by_sentence.setdefault(piece.sentence, []).append(ci)
        self.cursor = 0
        self.pcm: dict[int, bytes] = {}

    def find(self, sentences: Sequence[str]) -> bool:
        """Move to where ``sentences`` come next in the plan; False when they are not in it.

        Normally they are the very next ones; a sentence skipped (found in the cache meanwhile,
        say by a concurrent build) is passed over rather than abandoning the plan.
        """
        wanted = list(sentences)
        if not wanted:
            return False
        for start in range(self.cursor, len(self.sentences) - len(wanted) + 1):
            if self.sentences[start : start + len(wanted)] == wanted:
                self.cursor = start
                return True
        return False

    def needed(self, count: int) -> list[int]:
        """Indices of the chunks that hold the next ``count`` sentences."""
        span = range(self.cursor, self.cursor + count)
        return sorted({ci for s in span for ci in self.by_sentence.get(s, [])})

    def advance(self, count: int) -> None:
        """Move past ``count`` sentences and forget replies no later sentence needs."""
        self.cursor += count
        for ci in list(self.pcm):
            if max(p.sentence for p in self.chunks[ci].pieces) < self.cursor:
                del self.pcm[ci]

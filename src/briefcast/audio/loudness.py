"""Loudness: measuring it (ITU-R BS.1770 via ffmpeg's ebur128) and planning the gain.

Episodes are normalised with one linear gain, so the speech keeps its dynamics; a true-peak
limiter is added only when that gain would push peaks above the ceiling. Loudness is measured
while the audio is being made (:class:`LoudnessMeter`, a background ffmpeg fed as segments are
written), so only one encoding pass is needed afterwards, and measured again on the final MP3.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudioError
from .media import FfmpegSink, run_ffmpeg

log = logging.getLogger(__name__)

# ebur128 is told to log per-frame values only at "verbose", so at "info" it prints only its
# summary (a few lines instead of ten per second of audio).
EBUR128 = "ebur128=peak=true:framelog=verbose"
# While the voice is being made it is metered for its sample peak (a quarter of the CPU of true
# peak); the true peak is estimated this far above it. It only decides whether a limiter is
# planned: the finished MP3's true peak is measured, and a miss is corrected.
SAMPLE_TO_TRUE_PEAK_DB = 0.5
# How far below the ceiling the limiter aims at first: encoding a heavily limited voice to MP3
# raises its true peak by 1 to 2 dB. The fit then adjusts it.
LIMITER_MARGIN_DB = 2.0
# Before a limiter, a chain of all-pass filters ("phase rotation", as in broadcast processors)
# makes the voice's lopsided glottal pulses more symmetric: the same sound and loudness with
# lower peaks, so the limiter has less to do.
PHASE_ROTATOR = ",".join(["allpass=f=200:t=q:w=0.7"] * 4)
# Under a limiter, loudness typically rises by about half of any extra gain.
LIMITED_SLOPE = 0.5
# How close to the target the gain is fitted when a limiter is in the chain, and how far under
# the ceiling the peaks of the excerpt it is fitted on must stay (the whole has more peaks).
FIT_TOLERANCE_LU = 0.15
PEAK_SAFETY_DB = 0.5
# Accept the achieved loudness within this distance of the target without another pass.
LOUDNESS_TOLERANCE_LU = 0.5


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness (LUFS) and true peak (dBTP) of some audio."""

    integrated: float
    true_peak: float


@dataclass(frozen=True)
class GainPlan:
    """How to bring audio to the target: a linear gain, then a limiter when ``limit_db`` is set.

    ``limit_db`` is the limiter's ceiling in dBFS (sample peak, before encoding).
    """

    gain_db: float
    limit_db: float | None = None

    def filters(self) -> list[str]:
        """The ffmpeg filters that apply this plan (after any mixing)."""
        out: list[str] = []
        if self.limit_db is not None:
            limit = min(1.0, max(0.0625, 10 ** (self.limit_db / 20)))
            # level=0: no automatic make-up gain; latency=1: no added delay, nothing lost at
            # the end.
            out.append(PHASE_ROTATOR)
            out.append(f"alimiter=limit={limit:.5f}:attack=5:release=60:level=0:latency=1")
        return out


def parse_ebur128(text: str, what: str, *, peak: bool = True) -> Loudness:
    """Read the summary that ffmpeg's ebur128 filter logs; raise when it is missing.

    With ``peak=False`` (ebur128 run without true-peak metering) the peak is its sample peak
    plus :data:`SAMPLE_TO_TRUE_PEAK_DB` when it was metered (``peak=sample``), else NaN.
    """
    summary = text[text.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    true_peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    sample_peak = re.search(r"Sample peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated or (peak and not true_peak):
        raise AudioError(f"could not measure the loudness of {what}")
    if true_peak:
        top = float(true_peak.group(1))
    elif sample_peak:
        top = float(sample_peak.group(1)) + SAMPLE_TO_TRUE_PEAK_DB
    else:
        top = math.nan
    return Loudness(float(integrated.group(1)), top)


def measure_loudness(path: Path) -> Loudness:
    """Integrated loudness and true peak of an audio file, by ffmpeg's ebur128 filter."""
    proc = run_ffmpeg(
        ["-nostats", "-i", str(path), "-af", EBUR128, "-f", "null", "-"], loglevel="info"
    )
    return parse_ebur128(proc.stderr.decode("utf-8", "replace"), path.name)


class LoudnessMeter:
    """Measures mono s16le PCM in a background ffmpeg while it is being written.

    The integrated loudness is exact; the true peak is estimated from the sample peak.

    Feed it with :meth:`write` as audio is made; :meth:`result` ends the input and returns the
    measurement. Memory stays constant whatever the length: ebur128 keeps only block energies.
    """

    def __init__(self, sample_rate: int) -> None:
        self._sink = FfmpegSink(
            [
                "-f",
                "s16le",
                "-ar",
                str(sample_rate),
                "-ac",
                "1",
                "-i",
                "pipe:0",
                "-af",
                "ebur128=peak=sample:framelog=verbose",
                "-f",
                "null",
                "-",
            ],
            loglevel="info",
        )

    def write(self, pcm: bytes) -> None:
        """Measure ``pcm`` as the next part of the audio."""
        self._sink.write(pcm)

    def result(self) -> Loudness:
        """The loudness of everything written."""
        return parse_ebur128(self._sink.close(), "the episode", peak=False)

    def kill(self) -> None:
        """Stop measuring (after a failure elsewhere)."""
        self._sink.kill()


def plan_gain(
    measured: Loudness, target_lufs: float, ceiling_dbtp: float, extra_peaks: tuple[float, ...] = ()
) -> GainPlan:
    """The gain that brings ``measured`` to ``target_lufs``, with a limiter only if needed.

    ``extra_peaks`` are true peaks (dBTP, before the gain) of other parts of the mix, such as
    music already matched to the voice.
    """
    if not math.isfinite(measured.integrated):
        raise AudioError("the episode is silent: the voice produced no audible sound")
    gain = target_lufs - measured.integrated
    peak = max((measured.true_peak, *extra_peaks)) + gain
    limit = ceiling_dbtp - LIMITER_MARGIN_DB
    if peak <= limit:
        log.info(
            "loudness %.1f LUFS: linear gain %+.1f dB, no limiter needed", measured.integrated, gain
        )
        return GainPlan(round(gain, 2))
    log.info(
        "loudness %.1f LUFS: gain %+.1f dB, limiter at %.1f dBFS (peaks would reach %.1f)",
        measured.integrated,
        gain,
        limit,
        peak,
    )
    return GainPlan(round(gain, 2), round(limit, 2))


def within_target(achieved: Loudness, target_lufs: float, ceiling_dbtp: float) -> bool:
    """True when ``achieved`` is close enough to the target and under the ceiling."""
    return (
        abs(achieved.integrated - target_lufs) <= LOUDNESS_TOLERANCE_LU
        and achieved.true_peak <= ceiling_dbtp
    )


def corrected(
    plan: GainPlan, achieved: Loudness, target_lufs: float, ceiling_dbtp: float
) -> GainPlan:
    """A second plan after a pass missed: move the gain by the miss, lower the limit if over."""
    gain = plan.gain_db + (target_lufs - achieved.integrated)
    limit = plan.limit_db
    if achieved.true_peak > ceiling_dbtp:
        base = limit if limit is not None else ceiling_dbtp - LIMITER_MARGIN_DB
        limit = base - (achieved.true_peak - ceiling_dbtp) - 0.3
    elif limit is None and achieved.true_peak + (gain - plan.gain_db) > ceiling_dbtp:
        limit = ceiling_dbtp - LIMITER_MARGIN_DB
    return GainPlan(round(gain, 2), None if limit is None else round(limit, 2))


def fit_plan(
    plan: GainPlan,
    target_lufs: float,
    ceiling_dbtp: float,
    evaluate: Callable[[GainPlan], Loudness],
    max_evals: int = 4,
) -> GainPlan:
    """Refine a plan that has a limiter so that the encoded result lands on the target.

    A limiter that shaves many peaks lowers the loudness (by 1 to 4 LU for a peak-normalised
    voice), and by more the harder it works; MP3 encoding then moves both loudness and peaks a
    little. So the gain is found by the secant method and the limit lowered by any overshoot,
    with ``evaluate`` returning what a plan gives once encoded (measured on an excerpt).
    """
    if plan.limit_db is None:
        return plan
    safe_peak = ceiling_dbtp - PEAK_SAFETY_DB
    previous: tuple[float, float] | None = None
    for _ in range(max_evals):
        got = evaluate(plan)
        loud_ok = abs(got.integrated - target_lufs) <= FIT_TOLERANCE_LU
        if loud_ok and got.true_peak <= safe_peak:
            break
        # Loudness rises by less than the gain under a limiter, never by more; keep the slope
        # sane so that one noisy measurement cannot throw the gain far off.
        slope = LIMITED_SLOPE
        if previous is not None and plan.gain_db != previous[0]:
            slope = (got.integrated - previous[1]) / (plan.gain_db - previous[0])
            slope = min(1.0, max(0.2, slope))
        previous = (plan.gain_db, got.integrated)
        gain = plan.gain_db + (0.0 if loud_ok else (target_lufs - got.integrated) / slope)
        limit = plan.limit_db - max(0.0, got.true_peak - safe_peak)
        plan = GainPlan(round(gain, 2), round(limit, 2))
    log.info("fitted plan: gain %+.2f dB, limiter at %.2f dBFS", plan.gain_db, plan.limit_db)
    return plan

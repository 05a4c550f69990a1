"""Errors of briefcast: one base class and one subclass per pipeline stage.

Every message says what went wrong and, where it helps, what to do about it. The CLI turns any
:class:`BriefcastError` into a single ``Error: ...`` line and a non-zero exit.
"""

from __future__ import annotations


class BriefcastError(Exception):
    """Base class of every error briefcast reports to the producer."""


class ConfigError(BriefcastError):
    """The configuration file or an option is invalid."""


class ReadError(BriefcastError):
    """An article could not be read (missing, empty, binary, unreachable)."""


class ScriptError(BriefcastError):
    """The article holds nothing that can be scripted for narration."""


class VoiceError(BriefcastError):
    """A text-to-speech engine failed or is not available."""


class VoiceUnavailable(VoiceError):
    """The engine cannot be used here (not installed, unreachable, refused)."""


class VoiceUnreachable(VoiceUnavailable):
    """A network engine's service cannot be reached at all (no DNS, refused, connect timeout):
    retrying soon would only cost time, so the failure is remembered for a few minutes."""


class AudioError(BriefcastError):
    """Decoding, assembling or encoding audio failed."""


class StoreError(BriefcastError):
    """The stored episodes of a show could not be read or written."""


class FeedError(BriefcastError):
    """The feed could not be written, or failed validation."""


class BriefingError(BriefcastError):
    """A briefing has no story left to publish (every source failed)."""


class ServeError(BriefcastError):
    """The output folder could not be served (port taken, folder missing)."""


class PublishError(BriefcastError):
    """The show could not be published: target unreachable, credentials refused, bad target."""


class QueueError(BriefcastError):
    """The job queue failed: the broker (Redis) unreachable, a job unknown or given up on."""

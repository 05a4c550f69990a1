"""briefcast: turn written news into a narrated podcast episode and an RSS feed."""

from __future__ import annotations

__version__ = "0.1.0"

"""``python -m briefcast``: the same as the ``briefcast`` command."""

from __future__ import annotations

from .cli import main

main()

"""Help and README that cannot drift from the CLI (sqlite-utils' tests/test_docs.py is the
model): every command has help text, and every command and option appears in the README."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest

from briefcast.cli import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from update_readme import END, START, commands  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = README.split(START, 1)[1].split(END, 1)[0] if START in README else ""
COMMANDS = list(commands(cli))


def test_readme_has_a_command_reference() -> None:
    """The README holds the generated command reference (scripts/update_readme.py)."""
    assert START in README and END in README and len(COMMANDS) >= 15


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help(name: str, command: click.Command) -> None:
    """Every command says what it does, in more than a few words."""
    assert command.help and len(command.help.split()) >= 5, f"{name} has no help text"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_and_options_are_in_the_readme(name: str, command: click.Command) -> None:
    """Every command, and each of its options, is named in the README's command reference
    (run python3 scripts/update_readme.py after adding one)."""
    assert f"`{name}" in REFERENCE, f"{name} is missing from README.md"
    line = next(
        x for x in REFERENCE.split("\n- ") if x.startswith(f"`{name}`") or x.startswith(f"`{name} ")
    )
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert max(param.opts, key=len) in line, f"{name} {param.opts} missing from README.md"

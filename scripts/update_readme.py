"""Rewrite the README's command reference from the CLI itself.

The part of README.md between ``<!-- commands -->`` and ``<!-- /commands -->`` lists every
command with the first line of its help and its options; tests/test_docs.py fails when a command
or an option is missing there, and this script puts it back:

    python3 scripts/update_readme.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefcast.cli import cli  # noqa: E402

README = ROOT / "README.md"
START, END = "<!-- commands -->", "<!-- /commands -->"


def commands(group: click.Group, prefix: str = "briefcast") -> Iterator[tuple[str, click.Command]]:
    """Every command under ``group``, depth first, with its full name."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        full = f"{prefix} {name}"
        yield full, command
        if isinstance(command, click.Group):
            yield from commands(command, full)


def reference() -> str:
    """The command reference, as Markdown lines."""
    lines = []
    for full, command in commands(cli):
        args = " ".join(
            p.human_readable_name + ("..." if getattr(p, "nargs", 1) == -1 else "")
            for p in command.params
            if isinstance(p, click.Argument)
        )
        options = [
            max(p.opts, key=len)
            for p in command.params
            if isinstance(p, click.Option) and not p.hidden
        ]
        summary = " ".join((command.help or "").strip().split("\n\n")[0].split())
        usage = f"`{full}{' ' + args if args else ''}`"
        lines.append(f"- {usage}: {summary}")
        if options:
            lines.append(f"  Options: {', '.join(f'`{o}`' for o in options)}.")
    return "\n".join(lines)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md has no {START} ... {END} section", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{reference()}\n{END}{tail}"
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md: command reference rewritten")
    else:
        print("README.md: command reference already up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

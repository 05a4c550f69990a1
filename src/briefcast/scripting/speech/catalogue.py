"""The English speech catalogue: units, rates, magnitudes, months, weekdays, currencies, zones.

The entries are data (``catalogue.toml``, shipped with the package); this module reads them
once into a frozen :class:`Catalogue` and builds the regular-expression alternatives the
classes of :mod:`.classes` match with. Adding a unit or an abbreviation is a line in the TOML
file, never a new rule.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Unit:
    """A unit's spoken names: ``one`` after 1, ``many`` otherwise ("kilogram", "kilograms")."""

    one: str
    many: str

    def say(self, plural: bool) -> str:
        """The name for a count: plural unless the count is exactly one."""
        return self.many if plural else self.one


@dataclass(frozen=True)
class Currency:
    """A currency sign's names and its sub-unit's ("dollar", "dollars", "cent", "cents")."""

    one: str
    many: str
    sub_one: str
    sub_many: str


@dataclass(frozen=True)
class Catalogue:
    """Everything the English classes look up, read from ``catalogue.toml``.

    Invariant: every key of ``units_folded`` is lower case; month and weekday keys are lower
    case and map to the capitalised full name.
    """

    day_first: frozenset[str]
    american: frozenset[str]
    american_spelling: dict[str, str]
    units_exact: dict[str, Unit]
    units_folded: dict[str, Unit]
    units_spaced: dict[str, Unit]
    rates: dict[str, str]
    magnitudes: dict[str, str]
    months: dict[str, str]
    weekdays: dict[str, str]
    zones: frozenset[str]
    currencies: dict[str, Currency]
    periods: dict[str, str]
    counted: frozenset[str]
    sizes: tuple[str, ...]
    streets: dict[str, str]
    directions: dict[str, str]
    domain_words: frozenset[str]

    def unit(self, written: str) -> Unit | None:
        """The unit written ``written`` ("kg", "KG", "km/h"), or None."""
        return (
            self.units_exact.get(written)
            or self.units_folded.get(written.lower())
            or self.units_spaced.get(written)
        )

    def rate(self, written: str) -> str | None:
        """What "per" is followed by for the denominator ``written`` ("mo" -> "month")."""
        found = self.rates.get(written) or self.rates.get(written.lower())
        if found:
            return found
        unit = self.unit(written)
        return unit.one if unit else None

    def month(self, written: str) -> str | None:
        """The month named or abbreviated ``written`` in any case ("JAN", "jan.") or None."""
        return self.months.get(written.rstrip(".").lower())


def alternatives(keys: Any) -> str:
    """A regex alternation of ``keys``, longest first, each escaped."""
    return "|".join(re.escape(k) for k in sorted(set(keys), key=len, reverse=True))


def _units(table: dict[str, list[str]], fold: bool = False) -> dict[str, Unit]:
    return {(k.lower() if fold else k): Unit(v[0], v[1]) for k, v in table.items()}


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with briefcast (read once)."""
    text = resources.files(__package__).joinpath("catalogue.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    units = data["units"]
    return Catalogue(
        day_first=frozenset(data["locale"]["day_first"]),
        american=frozenset(data["locale"]["american"]),
        american_spelling=dict(data["spelling"]["american"]),
        units_exact=_units(units["exact"]),
        units_folded=_units(units["folded"], fold=True),
        units_spaced=_units(units["spaced"]),
        rates=dict(data["rates"]),
        magnitudes=dict(data["magnitudes"]),
        months=dict(data["months"]),
        weekdays=dict(data["weekdays"]),
        zones=frozenset(data["zones"]["names"]),
        currencies={k: Currency(*v) for k, v in data["currencies"].items()},
        periods=dict(data["periods"]),
        counted=frozenset(data["counted"]["nouns"]),
        sizes=tuple(data["sizes"]["words"]),
        streets=dict(data["streets"]),
        directions=dict(data["directions"]),
        domain_words=frozenset(data["domains"]["words"]),
    )

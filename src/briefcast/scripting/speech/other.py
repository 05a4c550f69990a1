"""Rules for languages other than English: the neutral ones, and numbers through num2words.

A language num2words speaks gets its numbers in words, read as that language writes them
("1 000" or "1.000" for a thousand, "4,5" for four and a half); a four-digit number between
1100 and 2099 is read as a year where num2words knows the language's way of saying years
(German "neunzehnhundertneunzig"). Percentages, number ranges and amounts in euros, dollars
and pounds get the language's words. Any other language gets only the neutral rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from num2words import num2words

from . import english
from .english import Rule
from .numbers import num2words_language

# Per language: "percent", "to" in a range, "point" in an address, "at" in an e-mail, and the
# names of euros, dollars and pounds (singular, plural).
_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "percent": "pour cent",
        "to": "à",
        "dot": "point",
        "at": "arobase",
        "€": "euros",
        "$": "dollars",
        "£": "livres",
    },
    "es": {
        "percent": "por ciento",
        "to": "a",
        "dot": "punto",
        "at": "arroba",
        "€": "euros",
        "$": "dólares",
        "£": "libras",
    },
    "de": {
        "percent": "Prozent",
        "to": "bis",
        "dot": "Punkt",
        "at": "at",
        "€": "Euro",
        "$": "Dollar",
        "£": "Pfund",
    },
    "it": {
        "percent": "per cento",
        "to": "a",
        "dot": "punto",
        "at": "chiocciola",
        "€": "euro",
        "$": "dollari",
        "£": "sterline",
    },
    "pt": {
        "percent": "por cento",
        "to": "a",
        "dot": "ponto",
        "at": "arroba",
        "€": "euros",
        "$": "dólares",
        "£": "libras",
    },
    "nl": {
        "percent": "procent",
        "to": "tot",
        "dot": "punt",
        "at": "at",
        "€": "euro",
        "$": "dollar",
        "£": "pond",
    },
}
# Languages that group thousands with a space (or a narrow space) and write "4,5".
_SPACE_GROUPS = frozenset("fr pl ru uk cs sk sv no fi nb hu lt lv et bg".split())


def _words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang.split("-")[0].split("_")[0], {})


def _localise_addresses(lang: str) -> Rule:
    words = _words(lang)
    dot, at = words.get("dot", "dot"), words.get("at", "at")

    def addresses(text: str) -> str:
        """Web and e-mail addresses read with the language's words for "." and "@"."""
        if "@" not in text and "://" not in text and "www." not in text.lower():
            return text
        spoken = english.speak_emails(english.speak_urls(text))
        return spoken.replace(" dot ", f" {dot} ").replace(" at ", f" {at} ")

    return addresses


def _number_rule(lang: str, code: str) -> Rule:
    words = _words(lang)
    group = r"[\u00a0\u202f ]" if lang[:2] in _SPACE_GROUPS else r"\."
    number = rf"\d{{1,3}}(?:{group}\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"

    def value(text: str) -> float | int:
        plain = re.sub(group, "", text).replace(",", ".")
        return float(plain) if "." in plain else int(plain)

    def say(raw: str) -> str:
        n = value(raw)
        if isinstance(n, int) and 1100 <= n <= 2099 and raw.isdigit():
            try:
                return str(num2words(n, lang=code, to="year"))
            except (NotImplementedError, TypeError):
                pass
        return str(num2words(n, lang=code))

    def numbers(text: str) -> str:
        """Numbers, ranges, percentages and amounts in the language's words."""
        if not re.search(r"\d", text):
            return text
        to = words.get("to")
        if to:
            text = re.sub(
                rf"(?<![\d.,])({number})\s?[-–]\s?({number})(?![\d])", rf"\1 {to} \2", text
            )
        for sign in ("€", "$", "£"):
            name = words.get(sign)
            if name and sign in text:
                text = re.sub(rf"{re.escape(sign)}\s?({number})", rf"\1 {name}", text)
                text = re.sub(rf"({number})\s?{re.escape(sign)}", rf"\1 {name}", text)
        if words.get("percent"):
            text = re.sub(rf"({number})\s?%", rf"\1 {words['percent']}", text)
        return re.sub(rf"(?<![\w.,])({number})(?![\w]|[.,]\d)", lambda m: say(m.group(1)), text)

    return numbers


@lru_cache(maxsize=64)
def rules(language: str) -> tuple[Rule, ...]:
    """The rule table for ``language`` (not English)."""
    lang = (language or "").lower()
    table: list[Rule] = [
        english.straighten_quotes,
        english.speak_ellipsis,
        _localise_addresses(lang),
    ]
    code = num2words_language(lang)
    if code is not None:
        table.append(_number_rule(lang, code))
    table += [english.speak_dashes, english.tidy_spaces]
    return tuple(table)

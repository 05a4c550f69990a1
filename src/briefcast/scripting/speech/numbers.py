"""Numbers in words, through num2words: cardinals, ordinals, years, decades, digits, fractions.

num2words covers many languages; English gets the American newsreader's style ("one thousand
two hundred five", no "and", no commas). Every function takes digits as written ("2,020",
"4.5") or an int, and raises nothing for a language num2words lacks: it answers ``None`` so the
caller can leave the number as written.
"""

from __future__ import annotations

import re

from num2words import CONVERTER_CLASSES, num2words

DIGIT_WORDS = ("zero one two three four five six seven eight nine").split()


def num2words_language(language: str) -> str | None:
    """The num2words code for ``language`` ("pt-BR" -> "pt_BR", "fr-CA" -> "fr"), or None."""
    tag = (language or "en").replace("-", "_")
    head = tag.split("_")[0].lower()
    for candidate in (tag[:2].lower() + tag[2:].upper(), head):
        if candidate in CONVERTER_CLASSES:
            return candidate
    return None


def _tidy_en(words: str) -> str:
    """num2words' British "and" and commas out: "one thousand, two hundred and five" -> US."""
    return re.sub(r"\s+", " ", words.replace(",", "").replace(" and ", " ")).strip()


def cardinal(n: int | str, language: str = "en") -> str:
    """An integer (or "2,020") in words: 21 -> "twenty-one", 1205 -> "one thousand two hundred
    five"."""
    value = int(str(n).replace(",", "")) if isinstance(n, str) else n
    lang = num2words_language(language) or "en"
    words = str(num2words(value, lang=lang))
    return _tidy_en(words) if lang == "en" else words


def decimal(text: str, language: str = "en") -> str:
    """A decimal number in words: "4.25" -> "four point two five"."""
    whole, _, frac = text.replace(",", "").partition(".")
    head = cardinal(int(whole or "0"), language)
    if not frac:
        return head
    return f"{head} point " + " ".join(DIGIT_WORDS[int(d)] for d in frac)


def ordinal(n: int | str, language: str = "en") -> str:
    """An ordinal in words: 1 -> "first", 22 -> "twenty-second"."""
    value = int(str(n).replace(",", "")) if isinstance(n, str) else n
    lang = num2words_language(language) or "en"
    words = str(num2words(value, lang=lang, to="ordinal"))
    return _tidy_en(words) if lang == "en" else words


def year(n: int | str, language: str = "en") -> str:
    """A year as it is said: 2020 -> "twenty twenty", 2005 -> "two thousand five", 1905 ->
    "nineteen oh five"."""
    value = int(n)
    lang = num2words_language(language) or "en"
    try:
        words = str(num2words(value, lang=lang, to="year"))
    except (NotImplementedError, TypeError):
        words = str(num2words(value, lang=lang))
    return _tidy_en(words).replace("oh-", "oh ") if lang == "en" else words


def plural(words: str) -> str:
    """The plural of a number's last word: "nineteen ninety" -> "nineteen nineties"."""
    head, _, last = words.rpartition(" ")
    if "-" in last:
        pre, _, last = last.rpartition("-")
        head = f"{head} {pre}-".strip() if head else pre + "-"
        sep = ""
    else:
        sep = " " if head else ""
    if last.endswith("y"):
        last = last[:-1] + "ies"
    elif last.endswith("x"):
        last += "es"
    else:
        last += "s"
    return f"{head}{sep}{last}" if not head.endswith("-") else head + last


def decade(n: int) -> str:
    """A decade: 1990 -> "nineteen nineties", 2000 -> "two thousands", 90 -> "nineties"."""
    if n < 100:
        return plural(cardinal(n))
    return plural(year(n))


def digits(group: str) -> str:
    """Digits read one by one: "0199" -> "zero one nine nine"."""
    return " ".join(DIGIT_WORDS[int(d)] for d in group if d.isdigit())


_DENOMINATORS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def fraction(numerator: int, denominator: int) -> str:
    """A fraction in words: (1, 2) -> "one half", (3, 4) -> "three quarters", (2, 3) ->
    "two thirds"."""
    if denominator in _DENOMINATORS:
        one, many = _DENOMINATORS[denominator]
    else:
        # "one hundredth", not "one one hundredth": the numerator says how many.
        one = ordinal(denominator).removeprefix("one ")
        many = one + "s"
    return f"{cardinal(numerator)} {one if numerator == 1 else many}"

"""English semiotic classes: one tokenizer finds them, each is verbalised in one place.

A written number is read according to what it is, the way a text-normalisation system's tagger
and verbaliser see it: a **class** recognises its written forms (a pattern) and says them (a
verbaliser) with the sentence around it and the article's locale as context. The classes:

========== ==================================================================================
telephone  "+1 (123) 123-5678", "0800 123 4567", "111-11-1111": digit by digit, in groups
electronic e-mail and web addresses, IP addresses: symbols said, domains as the site's name
date       "July 4, 2025", "4 July 2025", "2025-07-04", "3/4/2025" (en-US March 4, en-GB 3 April)
year       "in 2020", "a 2021 audit", "the 1990s", "2024-25", "FY2026", "Q3 2026"
time       "3:30 p.m.", "01:00", "9.15am BST", "1:01:01" (hours, minutes, seconds)
money      "$5", "a $5 fee", "€5m", "$26/month", "$.01", "$150.25-$250.67", "¥30B"
measure    "5 km", "12kg/kg", "3 mbps", "25bps", "63%", "4.25%-4.5%", "100 million kg"
fraction   "1/2", "3 3/4", "31/32", "1/4th", "2½"
ordinal    "21st", "1ST"
cardinal   "5-7" (a range), ".5", "-0.4", "1980" as a quantity, "2*8", "1-2=5", "1.6m people"
serial     "401(k)", "555-12-3456"
address    "1428 Elm St.", "1211 E Arques Ave"
========== ==================================================================================

:func:`speak_classes` scans a sentence with every class's pattern, keeps for each position the
longest candidate (the earlier class on a tie) whose verbaliser is confident, and rewrites only
those spans; a verbaliser that is not sure answers ``None`` and the text stays as written,
which the engine reads its own way. Two tokens joined by a dash ("9am-5pm", "the 1960s-80s")
make a range, read "to". Units, rates, magnitudes, months, weekdays, zones and currencies come
from the catalogue (:mod:`.catalogue`), which is data. Pure functions, no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from .catalogue import Catalogue, Unit, alternatives, catalogue
from .numbers import cardinal, decade, digits, fraction, ordinal, year


@dataclass(frozen=True)
class Context:
    """What a verbaliser knows beyond the words: the language tag ("en", "en-GB")."""

    language: str = "en"

    @property
    def region(self) -> str:
        """The region of the language tag, upper case ("en-gb" -> "GB"), or ""."""
        parts = re.split(r"[-_]", self.language)
        return parts[1].upper() if len(parts) > 1 else ""

    @property
    def day_first(self) -> bool:
        """Whether numeric dates put the day first here (en-GB: 3/4/2025 is 3 April)."""
        return self.region in catalogue().day_first

    def spell(self, words: str) -> str:
        """``words`` in the region's spelling: "kilometres" in en-GB, "kilometers" in en-US
        (and the engine's American voice says each as its speakers do)."""
        cat = catalogue()
        if self.region not in cat.american:
            return words
        for british, american in cat.american_spelling.items():
            words = words.replace(british, american)
        return words


# How far a verbaliser looks around its token: the words beside it decide, never the whole
# text (looking at all of it for every token made a text of many numbers quadratic).
WINDOW = 80


@dataclass(frozen=True)
class Scan:
    """The sentence being read and its context, as each verbaliser sees it."""

    text: str
    context: Context

    def before(self, match: re.Match[str]) -> str:
        """The text just before ``match`` (at most :data:`WINDOW` characters)."""
        return self.text[max(0, match.start() - WINDOW) : match.start()]

    def after(self, match: re.Match[str]) -> str:
        """The text just after ``match`` (at most :data:`WINDOW` characters)."""
        return self.text[match.end() : match.end() + WINDOW]

    def around(self, match: re.Match[str]) -> str:
        """The words around ``match``, on both sides."""
        return self.before(match) + match.group(0) + self.after(match)

    @cached_property
    def title_case(self) -> bool:
        """A headline in title case: most of its longer words capitalised."""
        words = re.findall(r"[A-Za-z]{4,}", self.text[:2000])
        return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


Verbaliser = Callable[[re.Match[str], Scan], "str | None"]


class LazyPattern:
    """A class's pattern, compiled the first time a sentence is read: the patterns hold the
    catalogue's long alternations, and compiling them at import slowed every command."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.source, self.flags)

    @cached_property
    def needs_digit(self) -> bool:
        """Every match holds a digit, so a text without one has none (most sentences have
        no digit, and most classes are numbers: skipping them halves the time of a script)."""
        try:
            from re import _parser  # type: ignore[attr-defined]

            return _must_hold_digit(_parser.parse(self.source, self.flags))
        except Exception:  # noqa: BLE001 - a private parser changed: assume nothing
            return False

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every match in ``text``, as :meth:`re.Pattern.finditer`."""
        return self.compiled.finditer(text)


_DIGIT = re.compile(r"\d")


def _must_hold_digit(items: Any) -> bool:
    """A parsed pattern (``re._parser``) can only match text that holds a digit: some item of
    the sequence must match one. Conservative: ``False`` when not sure."""
    from re import _constants as c  # type: ignore[attr-defined]

    def is_digit_set(members: Any) -> bool:
        for op, av in members:
            if op is c.LITERAL and _DIGIT.match(chr(av)):
                continue
            if op is c.RANGE and ord("0") <= av[0] <= av[1] <= ord("9"):
                continue
            if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
                continue
            return False
        return bool(members)

    for op, av in items:
        if op is c.LITERAL and _DIGIT.match(chr(av)):
            return True
        if op is c.IN and is_digit_set(av):
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            if av[0] >= 1 and _must_hold_digit(av[2]):
                return True
        elif op is c.SUBPATTERN and _must_hold_digit(av[3]):
            return True
        elif op is getattr(c, "ATOMIC_GROUP", None) and _must_hold_digit(av):
            return True
        elif op is c.BRANCH and av[1] and all(_must_hold_digit(b) for b in av[1]):
            return True
    return False


def lazy(source: str, flags: int = 0) -> LazyPattern:
    """``source`` as a pattern compiled on first use."""
    return LazyPattern(source, flags)


@dataclass(frozen=True)
class Class:
    """A semiotic class: its name, the pattern of its written forms, its verbaliser."""

    name: str
    pattern: LazyPattern
    verbalise: Verbaliser
    rangeable: bool = True


CAT: Catalogue = catalogue()

# ------------------------------------------------------------------ shared pieces

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A number that may lack its leading zero (".5").
QUANTITY = rf"(?:{NUMBER}|\.\d+)"
_MONTH_ALT = alternatives(CAT.months)
_WEEKDAY_ALT = alternatives(CAT.weekdays)
_ZONE_ALT = alternatives(CAT.zones)
_MAGNITUDE_ALT = alternatives(CAT.magnitudes)
_SIGN_ALT = alternatives(CAT.currencies)
_RATE_ALT = alternatives(
    [*CAT.rates, *CAT.units_exact, *CAT.units_folded, *(u.upper() for u in CAT.units_folded)]
)
# The year a four-digit number can be in news copy.
YEAR = r"(?:1[1-9]\d\d|20\d\d)"

# Words before an amount that make it part of a noun phrase ("a $5 fee"), and words after it
# that show it is not one ("the $5 that he paid").
_DETERMINERS = re.compile(
    r"\b(?:a|an|the|this|that|his|her|its|their|our|your|my|one|each|"
    r"every|another|any|no)\s$",
    re.IGNORECASE,
)
NOT_NOUNS = frozenset(
    """a an the and or but nor for of to in on at by with from into onto over under per each
    is was were are be been being has had have will would could can may might must should do
    does did that which who whom whose he she it they we i you as so if when while because
    after before than then now here there more less apiece back too up down out off also
    already still just only even each last next this these those every ago worth overall
    total combined annually yearly today tonight yesterday tomorrow""".split()
)


def said_number(number: str) -> str:
    """A number as the engine should get it: digits, which every engine reads as a quantity,
    except where the engine would misread them: ".5" ("point five", not "dot five") and a
    four-digit quantity the engine would take for a year ("1980" -> "one thousand nine
    hundred eighty")."""
    if number.startswith("."):
        return "point " + digits(number[1:])
    whole = number.split(".")[0]
    if "," not in number and len(whole) == 4 and 1100 <= int(whole) <= 1999 and int(whole) % 100:
        words = cardinal(int(whole))
        return words + number[len(whole) :] if "." in number else words
    return number


def _is_one(number: str) -> bool:
    return number.replace(",", "") in ("1", "1.0", "1.00")


def before_noun(scan: Scan, match: re.Match[str], need_determiner: bool = True) -> bool:
    """True when the amount matched is a compound adjective: "a 10 km race", "a $5 fee"."""
    following = re.match(r"\s([A-Za-z][a-z-]*)", scan.after(match))
    if following is None:
        return False
    word = following.group(1)
    if word.lower() in NOT_NOUNS or word.lower() in CAT.weekdays or word.lower() in CAT.months:
        return False
    if word[0].isupper() and not scan.title_case:
        return False
    determiner = _DETERMINERS.search(scan.before(match)) is not None
    # Without a determiner (a headline drops it) only a word that cannot be a verb or an
    # adverb makes the amount an adjective: "approves $1.2 billion flood wall", but not
    # "$20 buys", "$5 million spent", "$5 million annually".
    if need_determiner or re.search(r"(?:ing|ed|ly)$", word) or _counted(word):
        return determiner
    return True


def keep_stop(scan: Scan, match: re.Match[str]) -> str:
    """ "." when an abbreviation's period matched by ``match`` also ends the sentence: at the
    text's end, or before a word that opens sentences."""
    after = scan.after(match)
    if not after.strip():
        return "."
    return (
        "."
        if re.match(r"\s+(?:[\"“(]|(?:The|A|An|It|He|She|They|We|I|But|In|On)\b)", after)
        else ""
    )


# ------------------------------------------------------------------ telephone


def _groups(raw: str) -> str:
    """Digit groups read digit by digit, a pause between groups; letters kept as written,
    one word ("1-800-GO-U-HAUL": "GO U HAUL")."""
    spoken: list[str] = []
    for group in re.findall(r"\+?\d+|[A-Za-z]+", raw):
        if group[0].isalpha():
            if spoken and spoken[-1][-1:].isalpha() and spoken[-1][-1:].isupper():
                spoken[-1] += " " + group
            else:
                spoken.append(group)
        else:
            spoken.append(("plus " if group.startswith("+") else "") + digits(group))
    return ", ".join(spoken)


def _telephone(match: re.Match[str], scan: Scan) -> str | None:
    context = match.group("ctx") or ""
    raw = match.group(0)[len(context) :]
    ext = match.group("ext")
    if ext:
        raw = raw[: raw.rfind(ext)]
        return context + _groups(raw) + ", extension " + digits(re.sub(r"\D", "", ext))
    return context + _groups(raw)


_EXT = r"(?P<ext>,?\s(?:ext\.?|x|extension)\s?\d{1,5})?"
TELEPHONE = Class(
    "telephone",
    lazy(
        r"(?<![\w+.,/-])(?:"
        r"\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]\(?\d{1,4}\)?){1,4}"
        r"|\+\d{1,3}[ .-]?\d{6,11}"
        r"|(?:1[-. ])?(?:\(\d{3}\)[ -]?|\d{3}[-. ])\d{3}[-. ]\d{4}"
        r"|1-8\d\d-[A-Z]{1,5}(?:-[A-Z]{1,5}){0,3}"
        r"|0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}"
        r"|(?P<ctx>\b(?:call|dial|phone|at|on|line|hotline|number|Tel\.|tel\.|Call|Dial) )"
        r"\d{3}-\d{4}"
        # A local number without its context: a range joins round figures ("300-1000").
        r"|\d{2}[1-9]-(?!\d{2}00)\d{4}"
        rf"){_EXT}(?![\w-]|\.\d)"
    ),
    _telephone,
    rangeable=False,
)


# ------------------------------------------------------------------ serial numbers and codes


def code_number(number: str) -> str:
    """A three-digit code as said: "401" -> "four oh one", "457" -> "four fifty-seven"."""
    if len(number) != 3:
        return digits(number)
    head, tail = number[0], int(number[1:])
    rest = f"oh {cardinal(tail % 10)}" if tail < 10 else cardinal(tail)
    return f"{cardinal(int(head))} {rest}"


def _section_code(match: re.Match[str], scan: Scan) -> str:
    parts = re.findall(r"\((\w+)\)", match.group(0))
    spoken = [code_number(match.group(1))]
    spoken += [p.upper() if p.isalpha() else cardinal(int(p)) for p in parts]
    return " ".join(spoken)


SECTION_CODE = Class(
    "serial",
    lazy(r"(?<![\w.])(\d{3})(?:\(([a-z]|\d{1,2})\)){1,3}(?![\w(])"),
    _section_code,
    rangeable=False,
)


def _digit_groups(match: re.Match[str], scan: Scan) -> str:
    return _groups(match.group(0))


def _hyphenated_code(match: re.Match[str], scan: Scan) -> str | None:
    """A code of hyphen-joined letters and numbers ("1-413-te-b-1-5", "A320-200"): its
    hyphens separate parts and are silent; the engine would read one between two numbers as
    "dash" or "minus". Letter parts are one or two letters (a word like "day" makes a
    compound, not a code: "a 3-4-day trip")."""
    parts = match.group(0).split("-")
    if any(p.isalpha() and len(p) > 2 for p in parts) or not re.search(r"\d-\d", match.group(0)):
        return None
    if not any(p[0].isalpha() for p in parts):
        return None  # "9-11am": a range whose end has a unit, not a code
    return re.sub(r"(?<=\d)-(?=\d)", " ", match.group(0))


HYPHENATED_CODE = Class(
    "serial",
    lazy(r"(?<![\w-])(?=[\w-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![\w-])"),
    _hyphenated_code,
    rangeable=False,
)


# Three or more groups of digits joined by hyphens, not a date: a code read in its groups.
DIGIT_CODE = Class(
    "serial",
    lazy(r"(?<![\w.,/-])\d{2,4}(?:-\d{2,6}){2,}(?![\w-]|\.\d)"),
    _digit_groups,
    rangeable=False,
)


# ------------------------------------------------------------------ electronic

_URL = r"\b(?:https?://|www\.)[^\s<>\"')\]]+"
# The local part starts where a run of its characters starts: trying every position inside
# a long run without "@" was quadratic.
_EMAIL = r"(?<![\w.+&-])[\w.+&-]+@[\w-]+(?:\.[\w-]+)+\b"


def spoken_host(host: str, spell_codes: bool = True) -> str:
    """A host name read aloud: "www.npr.org" -> "npr dot org", "a.it" -> "a dot I T" (a
    two-letter country code is spelled, in English, when ``spell_codes``)."""
    host = host.lower()
    host = host[4:] if host.startswith("www.") else host
    labels = [part for part in host.split(".") if part]
    if (
        spell_codes
        and len(labels) > 1
        and len(labels[-1]) == 2
        and labels[-1] not in CAT.domain_words
    ):
        labels[-1] = " ".join(labels[-1].upper())
    return " dot ".join(labels)


_SYMBOL_NAMES = {
    ".": " dot ",
    "-": " dash ",
    "_": " underscore ",
    "&": " ampersand ",
    "+": " plus ",
}


def _local_part(local: str) -> str:
    """The part of an e-mail address before "@": symbols named, digits apart from letters,
    a lone letter as a letter."""
    out = []
    for piece in re.findall(r"[A-Za-z]+|\d+|.", local):
        if piece in _SYMBOL_NAMES:
            out.append(_SYMBOL_NAMES[piece])
        elif piece.isdigit():
            out.append(f" {piece} ")
        elif len(piece) == 1:
            out.append(f" {piece.upper()} " if piece.lower() != "a" else " eh ")
        else:
            out.append(f" {piece} ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _email(match: re.Match[str], scan: Scan) -> str:
    local, _, host = match.group(0).partition("@")
    host_words = spoken_host(host)
    host_words = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", host_words)
    host_words = host_words.replace("-", " dash ")
    return f"{_local_part(local)} at {host_words}"


def _url(match: re.Match[str], scan: Scan) -> str:
    raw = match.group(0).rstrip(".,;:!?")
    tail = match.group(0)[len(raw) :]
    host = re.sub(r"^(?:https?://)", "", raw, flags=re.IGNORECASE).split("/")[0]
    return spoken_host(host.split(":")[0]) + tail


def _ip(match: re.Match[str], scan: Scan) -> str | None:
    """Four groups of digits joined by dots (an IP address, a code): group by group."""
    return " dot ".join(digits(p) for p in match.group(0).split("."))


URL = Class("electronic", lazy(_URL, re.IGNORECASE), _url, rangeable=False)
EMAIL = Class("electronic", lazy(_EMAIL), _email, rangeable=False)
IP = Class(
    "electronic",
    lazy(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)"),
    _ip,
    rangeable=False,
)


# ------------------------------------------------------------------ dates


def _day(number: str) -> str:
    return ordinal(int(number))


def _short_year(number: str) -> str:
    """A two-digit year: "05" -> "oh five", "17" -> "seventeen"."""
    value = int(number)
    return f"oh {cardinal(value)}" if value < 10 else cardinal(value)


def _year_words(number: str) -> str:
    return year(number) if len(number) == 4 else _short_year(number)


def month_day(month: str, day: str, yr: str | None = None, day2: str | None = None) -> str:
    """A date in month-first order: "July fourth, twenty twenty-five"."""
    out = f"{month} {_day(day)}"
    if day2:
        out += f" to {_day(day2)}"
    if yr:
        out += f", {_year_words(yr)}"
    return out


def day_month(scan: Scan, match: re.Match[str], month: str, day: str, yr: str | None) -> str:
    """A date in day-first order: "the fourth of July twenty twenty-five"."""
    the = "" if re.search(r"\bthe\s$", scan.before(match), re.IGNORECASE) else "the "
    out = f"{the}{_day(day)} of {month}"
    return out + (f" {_year_words(yr)}" if yr else "")


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _iso_date(match: re.Match[str], scan: Scan) -> str | None:
    yr, month, day = match.group(1), int(match.group(3)), int(match.group(4))
    if not _valid(month, day):
        return None
    return month_day(CAT.months[_MONTH_KEYS[month - 1]], str(day), yr)


_MONTH_KEYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def _numeric_date(match: re.Match[str], scan: Scan) -> str | None:
    first, second, yr = int(match.group(1)), int(match.group(3)), match.group(4)
    if match.group(2) != "/" and len(yr) != 4:
        return None
    if first > 12 and second > 12:
        return None
    day_first = first > 12 or (second <= 12 and scan.context.day_first)
    month, day = (second, first) if day_first else (first, second)
    if not _valid(month, day):
        return None
    name = CAT.months[_MONTH_KEYS[month - 1]]
    if day_first:
        return day_month(scan, match, name, str(day), yr)
    return month_day(name, str(day), yr)


_ORD = r"(?:st|nd|rd|th|ST|ND|RD|TH)"
_COMMON_WORD_MONTHS = frozenset({"may", "march", "mar"})


def _named_month(written: str, day_suffix: bool, yr: str | None) -> str | None:
    """The month for ``written``, unless it may be a common word ("may", "march") with
    nothing else to show it is a date."""
    name = CAT.month(written)
    if name is None:
        return None
    bare = written.rstrip(".")
    if bare.lower() in _COMMON_WORD_MONTHS and bare.islower() and not (day_suffix or yr):
        return None  # "He may 5 times try"; "May 5" (capitalised) is a date
    return name


def _month_first(match: re.Match[str], scan: Scan) -> str | None:
    day, day2, yr = match.group("day"), match.group("day2"), match.group("year")
    if not 1 <= int(day) <= 31 or (day2 and not 1 <= int(day2) <= 31):
        return None
    name = _named_month(match.group("month"), bool(match.group("suf")), yr)
    if name is None:
        return None
    return month_day(name, day, yr, day2)


def _day_first(match: re.Match[str], scan: Scan) -> str | None:
    day, yr = match.group("day"), match.group("year")
    if not 1 <= int(day) <= 31:
        return None
    name = _named_month(
        match.group("month"), bool(match.group("suf")) or bool(match.group("of")), yr
    )
    if name is None:
        return None
    day2 = match.group("day2")
    if day2:
        if not 1 <= int(day2) <= 31:
            return None
        the = "" if re.search(r"\bthe\s$", scan.before(match), re.IGNORECASE) else "the "
        out = f"{the}{_day(day)} to {_day(day2)} of {name}"
        return out + (f" {_year_words(yr)}" if yr else "")
    return day_month(scan, match, name, day, yr)


def _month_year(match: re.Match[str], scan: Scan) -> str | None:
    name = _named_month(match.group(1), False, match.group(2))
    if name is None:
        return None
    return f"{name} {year(match.group(2))}"


def _weekday_range(match: re.Match[str], scan: Scan) -> str | None:
    """Two weekdays joined by a dash: "Mon-Fri" -> "Monday to Friday"."""
    return f"{CAT.weekdays[match.group(1).lower()]} to {CAT.weekdays[match.group(2).lower()]}"


def _weekday(match: re.Match[str], scan: Scan) -> str | None:
    """A weekday's abbreviation, read in full where a date follows it ("Tu (2/22)", "Mon.,
    Jan. 5") or its period and a preposition mark it ("on Mon.")."""
    after, before = scan.after(match), scan.before(match)
    dated = re.match(rf"\s*,?\s*(?:\(?\d|(?i:{_MONTH_ALT})\b)", after)
    marked = match.group(2) and re.search(
        r"\b(?:on|On|by|until|from|next|last|this|every|since)\s$", before
    )
    if match.group(1).lower() in ("sun", "sat"):
        if not match.group(2) or re.search(r"\bthe\s$", before, re.I):
            return None  # "Sun" and "Sat" are words; "the Sun." a newspaper
    elif match.group(2) and len(match.group(1)) > 2:
        return CAT.weekdays[match.group(1).lower()]  # "Mon.", "Thurs.": no word but a day
    if dated or marked:
        return CAT.weekdays[match.group(1).lower()]
    return None


_WEEKDAY_ABBR = alternatives(k.capitalize() for k in CAT.weekdays if len(k) <= 5)
_MONTH = rf"(?P<month>(?i:{_MONTH_ALT}))\.?"
_DATE_END = r"(?![\d:]|[.,]\d|\w)"
DATES = (
    Class(
        "date",
        lazy(rf"(?<![\w.,/-])({YEAR})([-/.])(\d{{1,2}})\2(\d{{1,2}})(?![\w/-]|\.\d)"),
        _iso_date,
    ),
    Class(
        "date",
        lazy(r"(?<![\w.,/-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-]|\.\d)"),
        _numeric_date,
    ),
    Class(
        "date",
        lazy(
            rf"\b{_MONTH}(?:\s+|-)(?P<day>\d{{1,2}})(?P<suf>{_ORD})?"
            rf"(?:\s?[-–]\s?(?P<day2>\d{{1,2}}){_ORD}?)?"
            rf"(?:(?:,?\s+|-)(?P<year>{YEAR}))?{_DATE_END}"
        ),
        _month_first,
    ),
    Class(
        "date",
        lazy(
            rf"(?<![\w.,$€£/-])(?P<day>\d{{1,2}})(?P<suf>{_ORD})?"
            rf"(?:\s?[-–]\s?(?P<day2>\d{{1,2}}){_ORD}?)?"
            rf"\s+(?P<of>of\s+)?{_MONTH}(?:,?\s+(?P<year>{YEAR}))?{_DATE_END}"
        ),
        _day_first,
    ),
    Class(
        "date",
        lazy(rf"\b((?i:{_MONTH_ALT})\.?),?\s+({YEAR})\b(?![\d,]\d)"),
        _month_year,
    ),
    Class(
        "date",
        lazy(rf"\b({_WEEKDAY_ABBR})\.?\s?[-–]\s?({_WEEKDAY_ABBR})\b\.?"),
        _weekday_range,
        rangeable=False,
    ),
    Class(
        "date",
        lazy(
            rf"\b({alternatives(k.capitalize() for k in CAT.weekdays if len(k) <= 5)})(\.)?(?!\w)"
        ),
        _weekday,
        rangeable=False,
    ),
)


# ------------------------------------------------------------------ years, decades, periods

_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|by|from|until|till|of|during|before|after|through|throughout|"
    r"circa|c\.|year|summer|spring|autumn|fall|winter|early|late|between|"
    r"around|last|election|census|budget|season|class of|Olympics|World Cup|"
    r"fiscal|FY|and|or|to)\s$",
    re.IGNORECASE,
)
_YEAR_NOUNS = frozenset(
    """election elections season census budget Olympics World Cup campaign midterms race vote
    attack attacks war crisis invasion model edition law act Act summit games Games final""".split()
)
_POSSESSIVE = re.compile(r"\b(?:the|a|an|this|that|his|her|its|their|our|your|my)\s$", re.I)


def _counted(word: str) -> bool:
    """Whether ``word`` is a plural a number counts ("fans", "people")."""
    low = word.lower()
    if low in CAT.counted:
        return True
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s"))


def _year(match: re.Match[str], scan: Scan) -> str | None:
    number = match.group(1)
    before, after = scan.before(match), scan.after(match)
    if re.match(r"\s?(?:%|percent|per cent)", after):
        return None
    following = re.match(r"\s([A-Za-z]+)", after)
    word = following.group(1) if following else ""
    if re.search(r"(?:mid-|\bQ[1-4]\s?|\bH[12]\s?)$", before):
        return year(number)
    if _YEAR_BEFORE.search(before):
        # "the summer of 1969" is a year, "a crowd of 2020 fans" a quantity.
        if re.search(r"\bof\s$", before, re.I) and word and word[0].islower():
            return None
        return year(number)
    if after.startswith("'s"):
        return year(number)
    if not before.strip(" \"'(") and not re.match(r"\s*[\w$€£]", after.lstrip(",.;:!?)\"'")):
        return year(number)  # a year standing alone: "2012", "(1976)"
    if not before.strip(" \"'(") and re.match(
        r"(?:,| (?:was|is|will|saw|brought|marked|has|had)\b)", after
    ):
        return year(number)
    if _POSSESSIVE.search(before) and word and (word in _YEAR_NOUNS or not _counted(word)):
        if CAT.unit(word) is None and word.lower() not in CAT.magnitudes:
            return year(number)
    return None


def _decade(match: re.Match[str], scan: Scan) -> str | None:
    number = int(match.group(1))
    return decade(number)


def _short_decade(match: re.Match[str], scan: Scan) -> str | None:
    digit = match.group(1)
    return "two thousands" if digit == "0" else decade(int(digit) * 10)


def _age_decade(match: re.Match[str], scan: Scan) -> str | None:
    return match.group(1) + decade(int(match.group(2)))


def _year_range(match: re.Match[str], scan: Scan) -> str | None:
    first, second = int(match.group(1)), int(match.group(2))
    if second <= first:
        return None
    return f"{year(first)} to {year(second)}"


def _short_year_range(match: re.Match[str], scan: Scan) -> str | None:
    first, tail = int(match.group(1)), int(match.group(2))
    second = first // 100 * 100 + tail
    if second <= first:
        second += 100
    if second - first > 20:
        return None
    if first // 100 != second // 100 or 2000 <= first <= 2009:
        end = year(second)
    else:
        rest = second % 100
        end = cardinal(rest) if rest >= 10 else f"oh {cardinal(rest)}"
    return f"{year(first)} to {end}"


def _fiscal(match: re.Match[str], scan: Scan) -> str | None:
    prefix, number = match.group(1), match.group(2)
    spoken = CAT.periods[prefix.upper()]
    return f"{spoken} {year(number) if len(number) == 4 else _short_year(number)}"


_DECADE_S = r"(?:s|'s|’s|\s?s(?=\s*$|[,.;:!?]))"
YEARS = (
    Class(
        "year",
        lazy(rf"(?<![\d,.$£€¥])\b({YEAR})\b(?![\d,.]\d|-\d|/\d|\s?%)"),
        _year,
    ),
    Class("year", lazy(r"\b(1[1-9]\d0|20\d0)s\b"), _decade),
    Class("year", lazy(r"\b(1[1-9]\d0|20\d0) s\b(?=\s*$|[,.;:!?-])"), _decade),
    Class(
        "year",
        lazy(r"(?:(?<=\bthe )|(?<=\bearly )|(?<=\blate )|(?<=mid-))(1[1-9]\d0|20\d0)'s\b"),
        lambda m, s: decade(int(m.group(1))),
    ),
    Class("year", lazy(r"(?<![\w'])['’](\d)0s\b"), _short_decade),
    Class(
        "year",
        lazy(
            r"\b((?:the|his|her|their|its|in|early|late|our|my|your) |mid-)([2-9]0)'?s\b",
            re.IGNORECASE,
        ),
        _age_decade,
    ),
    # The second half of a decade range: "the 1960s-80s".
    Class("year", lazy(r"(?<=0s-)([2-9]0)s\b"), lambda m, s: decade(int(m.group(1)))),
    Class(
        "year",
        lazy(rf"(?<![\d,.$£€¥])({YEAR})\s?[-–/]\s?({YEAR})(?![\d%]|\s?%)"),
        _year_range,
        rangeable=False,
    ),
    Class(
        "year",
        lazy(rf"(?<![\d,.$£€¥])({YEAR})\s?[-–/]\s?(\d\d)(?![\d%:-]|\s?%)"),
        _short_year_range,
        rangeable=False,
    ),
    Class(
        "year",
        lazy(r"\b(FY|fy)\s?'?(\d{4}|\d{2})\b"),
        _fiscal,
        rangeable=False,
    ),
)


# ------------------------------------------------------------------ times


def clock(hour: int, minute: int) -> str:
    """Hour and minute in words: (3, 30) -> "three thirty", (3, 5) -> "three oh five"."""
    words = cardinal(hour)
    if minute:
        words += " " + (cardinal(minute) if minute >= 10 else f"oh {cardinal(minute)}")
    return words


def _zone(zone: str | None) -> str:
    return f" {zone.upper()}" if zone else ""


# The engine reads "AM" as the word "am": the letters are written with their periods.
_MERIDIEM = {"a": "A.M.", "p": "PM"}


def _ampm(match: re.Match[str], scan: Scan) -> str | None:
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    if not (1 <= hour <= 12 and minute < 60):
        return None
    said = f"{clock(hour, minute)} {_MERIDIEM[match.group('ap').lower()]}"
    zone = _zone(match.group("zone"))
    if zone:
        return said + zone
    return said


def _clock(match: re.Match[str], scan: Scan) -> str | None:
    hour, minute = int(match.group("h")), int(match.group("m"))
    seconds = match.group("s")
    if seconds is not None:
        sec = int(seconds)
        if minute >= 60 or sec >= 60:
            return None
        # A duration (a race time): each part that is not zero, "and" before the last.
        parts = [
            f"{cardinal(value)} {name if value == 1 else name + 's'}"
            for value, name in ((hour, "hour"), (minute, "minute"), (sec, "second"))
            if value
        ] or ["zero seconds"]
        if len(parts) == 1:
            return parts[0]
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    if hour > 23 or minute > 59:
        return None
    if minute == 0:
        if hour == 0:
            said = "midnight"
        elif hour <= 12:
            said = f"{cardinal(hour)} o'clock"
        else:
            said = f"{cardinal(hour)} hundred"
    else:
        said = clock(hour, minute) if hour else f"zero {clock(0, minute).split(' ', 1)[1]}"
    return said + _zone(match.group("zone"))


_ZONE = rf"(?:\s?(?P<zone>(?i:{_ZONE_ALT})))?"
TIMES = (
    Class(
        "time",
        lazy(
            r"(?<![\w.:])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s?(?P<ap>[apAP])\.?\s?[mM]"
            rf"(?:\b\.?|(?=(?i:{_ZONE_ALT})\b)){_ZONE}(?!\w)"
        ),
        _ampm,
    ),
    Class(
        "time",
        lazy(
            rf"(?<![\w.:,])(?P<h>\d{{1,2}}):(?P<m>\d{{2}})(?::(?P<s>\d{{2}}))?{_ZONE}(?![\w:]|\.\d)"
        ),
        _clock,
    ),
    Class(
        "time",
        lazy(r"\b12(?::00)?\s?(noon|midnight)\b"),
        lambda m, s: f"twelve {m.group(1)}",
    ),
)


# ------------------------------------------------------------------ money


def _amount_words(amount: str) -> str:
    """An amount inside a compound adjective: words below 100, digits above."""
    if "." in amount or "," in amount or int(amount) >= 100:
        return said_number(amount)
    return cardinal(int(amount))


def _cents(amount: str) -> tuple[str, int | None]:
    """The whole part and the sub-units of an amount: "20.50" -> ("20", 50), "0.5" -> ("0",
    50), "20.506" -> ("20.506", None)."""
    whole, _, frac = amount.partition(".")
    if len(frac) == 2:
        return whole or "0", int(frac)
    if len(frac) == 1:
        return whole or "0", int(frac) * 10
    if not frac:
        return whole, None
    return amount, None


def _full_amount(amount: str, sign: str) -> str:
    """An amount read in full with its currency words: "1 dollar 24 cents", "99 cents",
    "20.506 dollars"."""
    cur = CAT.currencies[sign]
    whole, cents = _cents(amount)
    if cents is None or not cur.sub_one:
        number = said_number(whole)
        unit = cur.one if _is_one(whole) else cur.many
        return f"{number} {unit}"
    sub = f"{cents} {cur.sub_one if cents == 1 else cur.sub_many}"
    if int(whole.replace(",", "") or 0) == 0:
        return sub
    unit = cur.one if whole == "1" else cur.many
    return f"{said_number(whole)} {unit}" if cents == 0 else f"{said_number(whole)} {unit} {sub}"


def _rate(match: re.Match[str]) -> str:
    per = match.group("per")
    return f" per {CAT.rate(per)}" if per else ""


def _money(match: re.Match[str], scan: Scan) -> str | None:
    sign, amount = match.group("sign"), match.group("amount")
    upper, sign2 = match.group("upper"), match.group("sign2")
    scale_word = match.group("scale") or match.group("mag")
    scale = CAT.magnitudes.get(scale_word) or CAT.magnitudes.get((scale_word or "").lower(), "")
    cur = CAT.currencies[sign]
    rate = _rate(match)
    whole, _, cents = amount.partition(".")
    if not rate and before_noun(scan, match, need_determiner=False):
        if not scale and not upper and len(cents) == 2 and cur.sub_one and not whole.strip("0"):
            # "a $.50 fee", "a $0.99 app": a fifty-cent fee.
            return f"{cardinal(int(cents))}-{cur.sub_one}"
        head = _amount_words(amount if scale or len(cents) != 2 else whole)
        if upper:
            head += f"-to-{_amount_words(upper)}"
        if scale:
            return f"{head}-{scale}-{cur.one}"
        if cents and len(cents) == 2 and int(cents):
            return f"{head}-{cur.one}-{cardinal(int(cents))}"
        return f"{head}-{cur.one}"
    if upper:
        if sign2 and not scale:
            return f"{_full_amount(amount, sign)} to {_full_amount(upper, sign2)}{rate}"
        lower_said, upper_said = said_number(amount), said_number(upper)
        return (
            f"{lower_said} to {upper_said}" + (f" {scale}" if scale else "") + f" {cur.many}{rate}"
        )
    if scale:
        return f"{said_number(amount)} {scale} {cur.many}{rate}"
    return _full_amount(amount, sign) + rate


_AMOUNT = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
MONEY = Class(
    "money",
    lazy(
        rf"(?<![\w$])(?P<sign>{_SIGN_ALT})\s?(?P<amount>{_AMOUNT})"
        rf"(?:\s?(?:-|–|to)\s?(?P<sign2>{_SIGN_ALT})?(?P<upper>{_AMOUNT}))?"
        r"(?:\s?(?P<scale>(?i:thousand|million|billion|trillion|crore|lakh))\b"
        rf"|(?P<mag>{alternatives(k for k in CAT.magnitudes if len(k) <= 3)})\b)?"
        rf"(?:\s?/\s?(?P<per>{_RATE_ALT})\b)?"
        r"(?![@\w]|\.\d)"
    ),
    _money,
)


def _money_after(match: re.Match[str], scan: Scan) -> str | None:
    """An amount with its sign written after it ("20 €", "50¢"): the same words."""
    return _full_amount(match.group(1), match.group(2))


# A sign after the amount, as much of Europe writes it, and the cent sign.
MONEY_AFTER = Class(
    "money",
    lazy(rf"(?<![\w.,$])({_AMOUNT})\s?([€£¥₹₽₩₪₺¢])(?![\w$])"),
    _money_after,
)


# ------------------------------------------------------------------ measures and percentages


def _unit_words(number: str, unit: Unit, adjective: bool = False) -> str:
    """ "5 kilometres", or "5-kilometre" before a noun ("a 5-kilometre race")."""
    if adjective:
        head, _, rest = unit.one.partition(" ")
        if head in ("square", "cubic") and rest:
            word, _, rest = rest.partition(" ")
            head = f"{head}-{word}"
        return f"{number}-{head}" + (f" {rest}" if rest else "")
    return f"{number} {unit.say(not _is_one(number))}"


def quantity_words(written: str) -> str:
    """A quantity before a unit: a number, a mixed number ("4 1/2") or a fraction."""
    mixed = re.fullmatch(r"(\d+)\s(\d{1,2})/(\d{1,2})", written)
    if mixed:
        part = _and_fraction(int(mixed.group(2)), int(mixed.group(3)))
        return f"{cardinal(int(mixed.group(1)))} and {part}"
    simple = re.fullmatch(r"(\d{1,2})/(\d{1,2})", written)
    if simple:
        return fraction(int(simple.group(1)), int(simple.group(2)))
    return said_number(written)


def _measure(match: re.Match[str], scan: Scan) -> str | None:
    written_unit = match.group("unit")
    unit = CAT.unit(written_unit)
    if unit is None:
        return None
    if written_unit in CAT.units_spaced and not match.group("space"):
        return None
    number = match.group("n")
    negative = "minus " if match.group("neg") else ""
    upper = match.group("upper")
    scale = match.group("scale")
    per = match.group("per")
    rate = f" per {CAT.rate(per)}" if per else ""
    said = negative + quantity_words(number)
    if upper:
        between = re.search(r"\bbetween\s$", scan.before(match), re.IGNORECASE)
        said += (" and " if between else " to ") + quantity_words(upper)
        return f"{said}{' ' + scale.lower() if scale else ''} {unit.many}{rate}"
    if scale:
        return f"{said} {scale.lower()} {unit.many}{rate}"
    stop = ""
    if match.group(0).endswith("."):
        stop = keep_stop(scan, match)
    adjective = not rate and not stop and not upper and before_noun(scan, match)
    mixed = " " in number or "/" in number
    if mixed:
        return f"{said} {unit.many}{rate}{stop}"
    return _unit_words(said, unit, adjective) + rate + stop


def _metre_before_size(match: re.Match[str], scan: Scan) -> str | None:
    return _unit_words(
        said_number(match.group(1)), Unit("metre", "metres"), before_noun(scan, match)
    )


def _unit_rate(match: re.Match[str], scan: Scan) -> str | None:
    """A rate of units with no number ("(Ml/d)", "in km/h"): "megalitres per day"."""
    unit = CAT.units_exact.get(match.group(1)) or CAT.units_folded.get(match.group(1).lower())
    per = CAT.rate(match.group(2))
    if unit is None or per is None:
        return None
    return f"{unit.many} per {per}"


def _percent(match: re.Match[str], scan: Scan) -> str | None:
    first, second = match.group("n"), match.group("upper")
    negative = "minus " if match.group("neg") else ""
    if second:
        between = re.search(r"\bbetween\s$", scan.before(match), re.IGNORECASE)
        joiner = "and" if between else "to"
        return f"{negative}{said_number(first)} {joiner} {said_number(second)} percent"
    return f"{negative}{said_number(first)} percent"


def _feet_inches(match: re.Match[str], scan: Scan) -> str:
    feet, inches = match.group(1), match.group(2)
    foot = "foot" if feet == "1" else "feet"
    inch = "inch" if inches == "1" else "inches"
    return f"{feet} {foot} {inches} {inch}"


_UNIT_ALT = alternatives(
    [
        *CAT.units_exact,
        *CAT.units_folded,
        *(u.upper() for u in CAT.units_folded),
        *(u.capitalize() for u in CAT.units_folded),
        *CAT.units_spaced,
    ]
)
_Q = r"(?:\d+\s\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
_NEG = r"(?P<neg>(?<![\w.,-])-)?"
MEASURES = (
    Class(
        "measure",
        lazy(
            rf"(?<![\w.,/-]){_NEG}(?P<n>{_Q})"
            rf"(?:\s?[-–]\s?(?P<upper>{_Q}))?"
            r"(?:\s(?P<scale>(?i:thousand|million|billion|trillion)))?"
            rf"(?P<space>\s)?(?P<unit>{_UNIT_ALT})(?:\s?/\s?(?P<per>{_RATE_ALT}))?"
            r"(?![\w/²³'’-])\.?"
        ),
        _measure,
    ),
    Class(
        "measure",
        lazy(rf"(?<![\w.,/])(\d(?:[\d,.]*\d)?)m(?= (?:{alternatives(CAT.sizes)})\b)(?![\w/²])"),
        _metre_before_size,
    ),
    Class(
        "measure",
        lazy(
            rf"(?<![\w.,/-]){_NEG}(?P<n>{QUANTITY})\s?%?\s?(?:(?:-|–|to)\s?(?P<upper>{QUANTITY}))?"
            r"\s?(?:%|(?<=\d )per ?cent\b)"
        ),
        _percent,
    ),
    Class("measure", lazy(r"\b(\d)'\s?(\d{1,2})(?:\"|'')(?!\w)"), _feet_inches),
    Class(
        "measure",
        lazy(
            rf"(?<![\w/.])({alternatives([*CAT.units_exact, *CAT.units_folded])})/({_RATE_ALT})"
            r"(?![\w/])"
        ),
        _unit_rate,
        rangeable=False,
    ),
    Class(
        "measure",
        lazy(r"\b(\d+) ?(?:ft|feet|foot) ?(\d{1,2}) ?(?:in\b\.?|inches\b|\")"),
        _feet_inches,
    ),
)


# ------------------------------------------------------------------ fractions and ordinals

_VULGAR = {
    "½": (1, 2),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅕": (1, 5),
    "⅖": (2, 5),
    "⅗": (3, 5),
    "⅘": (4, 5),
    "⅙": (1, 6),
    "⅚": (5, 6),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
}
# Slashed pairs that are names, not fractions.
_SLASHED = {
    "24/7": "twenty-four seven",
    "9/11": "nine eleven",
    "50/50": "fifty-fifty",
    "20/20": "twenty-twenty",
    "7/7": "seven seven",
    "365/24/7": "three sixty-five, twenty-four seven",
}
_LARGEST_DENOMINATOR = 100


def _and_fraction(numerator: int, denominator: int) -> str:
    """The part after "and": (1, 2) -> "a half", (3, 4) -> "three quarters"."""
    words = fraction(numerator, denominator)
    return "a " + words.split(" ", 1)[1] if numerator == 1 else words


def _fraction(match: re.Match[str], scan: Scan) -> str | None:
    whole = match.group("whole")
    if match.group("vulgar"):
        num, den = _VULGAR[match.group("vulgar")]
    else:
        num, den = int(match.group("num")), int(match.group("den"))
    if not 0 < den <= _LARGEST_DENOMINATOR or num == 0:
        return None
    if whole:
        if den == 1:
            return None
        return f"{cardinal(int(whole))} and {_and_fraction(num, den)}"
    if num >= den:
        return None  # "5/2" alone may be a date or a score: as written
    if re.search(r"\b[Aa] $", scan.before(match)) and num == 1:
        return fraction(num, den).split(" ", 1)[1]
    return fraction(num, den)


_VULGAR_ALT = "".join(_VULGAR)
FRACTIONS = (
    Class(
        "fraction",
        lazy("(?<![\\d/])(" + alternatives(_SLASHED) + ")(?![\\d/])"),
        lambda m, s: _SLASHED[m.group(1)],
        rangeable=False,
    ),
    Class(
        "fraction",
        lazy(
            r"(?<![\d/.,])(?:(?P<whole>\d+)(?:\s?(?P<vulgar>[" + _VULGAR_ALT + r"])"
            r"|\s(?P<num>\d{1,2})/(?P<den>\d{1,3})))" + _ORD + r"?(?![\d/]|\w)"
        ),
        _fraction,
    ),
    Class(
        "fraction",
        lazy(
            r"(?<![\d/.,])(?:(?P<whole>)(?P<num>\d{1,2})/(?P<den>\d{1,3})"
            r"|(?P<vulgar>[" + _VULGAR_ALT + r"]))" + _ORD + r"?(?![\d/]|\w)"
        ),
        _fraction,
    ),
)


def _ordinal(match: re.Match[str], scan: Scan) -> str | None:
    n = int(match.group(1).replace(",", ""))
    return ordinal(n) if n < 10**9 else None


ORDINAL = Class(
    "ordinal",
    lazy(rf"\b(\d{{1,3}}(?:,\d{{3}})*|\d+){_ORD}\b"),
    _ordinal,
)


# ------------------------------------------------------------------ cardinals and arithmetic


def _cardinal(match: re.Match[str], scan: Scan) -> str | None:
    number = match.group("n")
    negative = match.group("neg")
    said = said_number(number)
    if negative:
        return "minus " + said
    if said == number:
        return None  # the engine reads it as written
    return said


_OPERATORS = {
    "+": "plus",
    "-": "minus",
    "−": "minus",
    "*": "times",
    "×": "times",
    "÷": "divided by",
    "/": "divided by",
    "=": "equals",
}


def _arithmetic(match: re.Match[str], scan: Scan) -> str | None:
    parts = re.split(r"\s?([-+*×÷/−=])\s?", match.group(0))
    # Without "=", only a sign that is never a dash or a slash makes it arithmetic.
    if "=" not in parts and not any(op in parts for op in ("*", "+", "×", "÷")):
        return None
    out = []
    for part in parts:
        out.append(_OPERATORS[part] if part in _OPERATORS else said_number(part))
    return " ".join(out)


def _count_magnitude(match: re.Match[str], scan: Scan) -> str | None:
    number, mag = match.group(1), match.group(2)
    following = re.match(r"\s([A-Za-z]+)", scan.after(match))
    word = following.group(1) if following else ""
    if mag.lower() in ("m", "k") and not (word and _counted(word)):
        # "4m homes" counts; "rose to 1.6m." ends its clause with a count unless the sentence
        # speaks of size ("waves of 1.6m", "a 1.6m wall"); "a 5m budget" stays as written.
        clause_end = re.match(r"\s*(?:[,.;:!?)]|$)", scan.after(match)) is not None
        sized = re.search(
            rf"\b(?:{_SIZE_ALT}|height|depth|length|width|metres?|meters?)\b",
            scan.around(match),
            re.I,
        )
        if not clause_end or sized:
            return None
    return f"{said_number(number)} {CAT.magnitudes[mag]}"


# Words of size that show a sentence measures something (not the prepositions of the list).
_SIZE_ALT = alternatives(
    w for w in CAT.sizes if w not in {"away", "above", "below", "under", "from", "up", "down"}
)

CARDINALS = (
    Class(
        "cardinal",
        lazy(
            rf"(?<![\w.,/-])(?:{NUMBER}|\.\d+)(?:\s?[-+*×÷/−]\s?(?:{NUMBER}|\.\d+))+"
            rf"(?:\s?=\s?-?(?:{NUMBER}))?(?![\w/]|\.\d)"
            rf"|(?<![\w.,/-])(?:{NUMBER})\s?=\s?-?(?:{NUMBER})(?![\w/]|\.\d)"
        ),
        _arithmetic,
        rangeable=False,
    ),
    Class(
        "cardinal",
        lazy(rf"(?<![\w.,/$€£¥-]){_NEG}(?P<n>{NUMBER}|\.\d+)(?![\w/]|[.,]\d|-\d|–\d)"),
        _cardinal,
    ),
    Class(
        "cardinal",
        lazy(r"(?<![\w.,/$€£¥-])(\d+(?:\.\d+)?)(bn|mn|tn|m|k)\b(?![-/])"),
        _count_magnitude,
    ),
)


# ------------------------------------------------------------------ addresses


def house_number(number: str) -> str:
    """A house number read as a newsreader reads it: in pairs ("1428" -> "fourteen
    twenty-eight", "123" -> "one twenty-three"), a round or short one as a number."""
    value = int(number)
    if value < 100 or len(number) > 4 or value % 1000 == 0:
        return cardinal(value)
    head, tail = divmod(value, 100)
    if tail == 0:
        return f"{cardinal(head)} hundred"
    rest = cardinal(tail) if tail >= 10 else f"oh {cardinal(tail)}"
    return f"{cardinal(head)} {rest}"


def _address(match: re.Match[str], scan: Scan) -> str | None:
    number, direction, name, street = (
        match.group("n"),
        match.group("dir"),
        match.group("name"),
        match.group("street"),
    )
    name = re.sub(rf"\b(\d+){_ORD}", lambda m: ordinal(int(m.group(1))), name)
    out = house_number(number)
    if direction:
        out += " " + CAT.directions[direction.rstrip(".")]
    out += f" {name} {CAT.streets[street]}"
    if match.group("dot"):
        out += keep_stop(scan, match)
    return out


ADDRESS = Class(
    "address",
    lazy(
        rf"(?<![\w.,$€£/-])(?P<n>\d{{1,5}})\s(?:(?P<dir>{alternatives(CAT.directions)})\.?\s)?"
        rf"(?P<name>(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+)(?:\s[A-Z][a-z]+){{0,2}})"
        rf"\s(?P<street>{alternatives(CAT.streets)})\b(?P<dot>\.)?(?!\w)"
    ),
    _address,
    rangeable=False,
)


# ------------------------------------------------------------------ the tokenizer

CLASSES: tuple[Class, ...] = (
    URL,
    EMAIL,
    IP,
    TELEPHONE,
    SECTION_CODE,
    *DATES,
    *TIMES,
    *YEARS,
    MONEY,
    MONEY_AFTER,
    ADDRESS,
    *MEASURES,
    *FRACTIONS,
    ORDINAL,
    DIGIT_CODE,
    HYPHENATED_CODE,
    *CARDINALS,
)

# A bare number and a dash before a token: "9-11am", "between 2-5pm".
_LEADING_NUMBER = re.compile(r"(?<![\w.,/-])(\d+(?:\.\d+)?)(\s?[-–]\s?)$")


_BETWEEN_BEFORE = re.compile(r"\bbetween\s$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s\S+\s?$", re.IGNORECASE)
_MARKUP = re.compile(r"<[A-Za-z/][^<>]{0,200}>")
_RANGE_DASH = re.compile(r"\s?[-–—]\s?$")


@dataclass(frozen=True)
class Token:
    """A span of the sentence recognised as a class, with what is said for it."""

    kind: Class
    start: int
    end: int
    spoken: str


def tokens(text: str, context: Context = Context()) -> list[Token]:
    """The class tokens of ``text``: at each position the longest confident candidate, the
    earlier class winning a tie; spans never overlap."""
    scan = Scan(text, context)
    # Markup for the engine ("<pitch=-.3>", "<break/>") is passed through untouched.
    markup = [(m.start(), m.end()) for m in _MARKUP.finditer(text)]
    starts = [start for start, _ in markup]

    def in_markup(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and position < markup[index][1]

    candidates: list[tuple[int, int, int, re.Match[str]]] = []
    digits = _DIGIT.search(text) is not None
    for rank, cls in enumerate(CLASSES):
        if not digits and cls.pattern.needs_digit:
            continue
        for match in cls.pattern.finditer(text):
            if match.end() > match.start() and not in_markup(match.start()):
                candidates.append((match.start(), match.start() - match.end(), rank, match))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    chosen: list[Token] = []
    position = 0
    for start, _, rank, match in candidates:
        if start < position:
            continue
        cls = CLASSES[rank]
        spoken = cls.verbalise(match, scan)
        if spoken is None:
            continue
        if cls.name == "measure":
            spoken = context.spell(spoken)
        chosen.append(Token(cls, start, match.end(), spoken))
        position = match.end()
    return chosen


def speak_classes(text: str, context: Context = Context()) -> str:
    """``text`` with every class token said in words, and two tokens joined by a dash read as
    a range ("5-7" -> "5 to 7"; "between 5-7" -> "between 5 and 7")."""
    found = tokens(text, context)
    out: list[str] = []
    position = 0
    previous: Token | None = None
    for token in found:
        gap = text[position : token.start]
        lead = _LEADING_NUMBER.search(text, position, token.start)
        if lead and token.kind.rangeable and lead.end() == token.start:
            between = _BETWEEN_BEFORE.search(text, max(0, lead.start(1) - 9), lead.start(1))
            gap = text[position : lead.start(2)] + (" and " if between else " to ")
        elif (
            previous is not None
            and previous.end == position
            and previous.kind.rangeable
            and token.kind.rangeable
            and _RANGE_DASH.fullmatch(gap)
            and not text[token.end : token.end + 1].isalpha()
        ):
            between = _BETWEEN.search(text, max(0, previous.start - 9), previous.end)
            gap = " and " if between else " to "
        out.append(gap)
        out.append(token.spoken)
        position = token.end
        previous = token
    out.append(text[position:])
    return "".join(out)


# Numbers joined by a dash with nothing a class claims ("5-7", "52-48") are ranges too.
_PLAIN_RANGE = re.compile(
    r"(?<![\d.,:/-])(\d+(?:\.\d+)?)\s?[-–—]\s?(\d+(?:\.\d+)?)(?![\d/:]|-[a-z]{1,2}\b|-\d)"
)


def speak_plain_ranges(text: str) -> str:
    """A dash between two numbers is read "to": "5-7 years", "beat the Mets 5-3", "52-48"
    ("and" after "between")."""
    text = re.sub(r"\b([Bb]etween \d+(?:\.\d+)?)\s?[-–]\s?(?=\d)", r"\1 and ", text)
    return _PLAIN_RANGE.sub(r"\1 to \2", text)


@cache
def rule_for(language: str) -> Callable[[str], str]:
    """The class rule for ``language`` ("en", "en-GB"): a ``str -> str`` for the rule table."""
    context = Context(language or "en")

    def speak(text: str) -> str:
        """Numbers, dates, times, money, measures, codes and addresses said by their class."""
        return speak_plain_ranges(speak_classes(text, context))

    return speak

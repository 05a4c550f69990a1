"""The English newsreader's rules: one small ``str -> str`` function per written convention.

Each rule rewrites one written form into the words a newsreader says for it ("a $5 fee" -> "a
five-dollar fee", "Henry VIII" -> "Henry the Eighth", "the '90s" -> "the nineties") and leaves
everything it is not sure of as written. :data:`RULES` applies them in order; the order is part
of the design (see the comment above it). Numbers are put in words by :mod:`.numbers`
(num2words) where the reading depends on the context (years, clock times, ordinals, phone
numbers, fractions); plain quantities ("2,020 people", "63 percent") stay in digits, which every
engine reads as quantities. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .numbers import cardinal, decade, digits, fraction, ordinal, year

Rule = Callable[[str], str]

MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "sept": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_ALT = "|".join(MONTH_NAMES)
# A four-digit number that can be a year in news copy.
_YEAR = r"(?:1[1-9]\d\d|20\d\d)"


_DAY_OR_MONTH_AFTER = re.compile(
    rf"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|{_MONTH_ALT})\b"
)
_SENTENCE_AFTER = re.compile(r"\s+[A-Z\"]")
_LOWER_WORD_AFTER = re.compile(r" [a-z]")
_NOUN_AFTER = re.compile(r"\s([a-z][a-z-]*)")


def _keep_stop(text: str, match: re.Match[str]) -> str:
    """ "." when the abbreviation's period matched by ``match`` also ends a sentence."""
    # Matched in place (pattern.match with a position), never on a slice of the rest: a slice
    # per match made a text of many matches quadratic.
    if _DAY_OR_MONTH_AFTER.match(text, match.end()):
        return ""
    return "." if _SENTENCE_AFTER.match(text, match.end()) else ""


# ------------------------------------------------------------------ typography


def straighten_quotes(text: str) -> str:
    """Curly quotes, guillemets and primes to plain ASCII quotes."""
    text = re.sub(r"«\s*", "\u00ab", re.sub(r"\s*»", "\u00bb", text))
    return (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u00ab", '"')
        .replace("\u00bb", '"')
        .replace("\u201e", '"')
        .replace("\u2032", "'")
        .replace("\u2033", '"')
    )


def speak_ellipsis(text: str) -> str:
    """The ellipsis character as three dots."""
    return text.replace("\u2026", "...")


def speak_ranges(text: str) -> str:
    """A dash between two numbers is read "to": "5-7 years", "beat the Mets 5-3", "52-48"
    ("and" after "between")."""
    text = re.sub(r"\b([Bb]etween \d+(?:\.\d+)?)\s?[-–]\s?(?=\d)", r"\1 and ", text)
    return re.sub(
        r"(?<![\d.,:/-])(\d+(?:\.\d+)?)\s?[-–—]\s?(\d+(?:\.\d+)?)(?![\d/:]|-[a-z])",
        r"\1 to \2",
        text,
    )


def speak_dashes(text: str) -> str:
    """Em and en dashes between words become a pause (a comma)."""
    text = re.sub(r"\s*[—–]\s*(?=[,.;:!?)]|$)", "", text)
    text = re.sub(r"\s*(?:—|–|--)\s*", ", ", text)
    return re.sub(r",\s*,", ",", text)


# ------------------------------------------------------------------ addresses and symbols

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")


def _spoken_host(host: str) -> str:
    """A host name read aloud: "www.npr.org" -> "npr dot org"."""
    host = host.lower()
    host = host[4:] if host.startswith("www.") else host
    return " dot ".join(part for part in host.split(".") if part)


def speak_urls(text: str) -> str:
    """Web addresses read as their site's name only: "https://www.npr.org/x" -> "npr dot org"."""
    if "://" not in text and "www." not in text.lower():
        return text

    def repl(match: re.Match[str]) -> str:
        raw = match.group(0).rstrip(".,;:!?")
        tail = match.group(0)[len(raw) :]
        host = re.sub(r"^(?:https?://)", "", raw, flags=re.IGNORECASE).split("/")[0]
        return _spoken_host(host.split(":")[0]) + tail

    return _URL.sub(repl, text)


def speak_emails(text: str) -> str:
    """E-mail addresses read aloud: "tips@npr.org" -> "tips at npr dot org"."""
    if "@" not in text:
        return text
    return _EMAIL.sub(
        lambda m: f"{m.group(1).replace('.', ' dot ')} at {_spoken_host(m.group(2))}", text
    )


def _split_words(tag: str) -> str:
    """A run-together tag in words: "BlackLivesMatter" -> "Black Lives Matter"."""
    tag = tag.replace("_", " ")
    tag = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", tag)
    return tag


def speak_tags(text: str) -> str:
    """Hashtags and handles: "#MeToo" -> "hashtag Me Too", "@NPR" -> "at NPR"."""
    if "#" not in text and "@" not in text:
        return text
    text = re.sub(
        r"(?<![\w&#])#([A-Za-z]\w*)", lambda m: "hashtag " + _split_words(m.group(1)), text
    )
    return re.sub(
        r"(?<![\w.@])@([A-Za-z0-9_]{1,30})\b",
        lambda m: "at " + m.group(1).replace("_", " underscore "),
        text,
    )


def speak_symbols(text: str) -> str:
    """Symbols a voice would skip or spell: "&" -> "and", "+" and "=" between numbers."""
    # "AT&T", "S&P": both voices read initials joined by "&" well; touch only a free "&".
    text = re.sub(r"(?<![A-Z])\s*&\s*(?![A-Z]{1,3}\b)|\s+&\s+", " and ", text)
    text = re.sub(r"(?<=\d)\s?\+\s?(?=\d)", " plus ", text)
    text = re.sub(r"(?<=\d)\s?=\s?(?=\d)", " equals ", text)
    text = re.sub(r"(?<=\d)\s?[x×]\s?(?=\d)", " by ", text)
    text = re.sub(r"\band/or\b", "and or", text)
    text = re.sub(r"(?<=[A-Za-z])/(?=[A-Za-z])", " ", text)
    text = re.sub(r"\b(?:about|around) ~\s?(?=\d)", "about ", text)
    text = re.sub(r"~\s?(?=\d)", "about ", text)
    text = re.sub(r"[•·▪►▶■□✓✔*_|]+", " ", text)
    return text


def tidy_spaces(text: str) -> str:
    """One space between words, none before punctuation, no comma before a stop."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?=[.;:!?])", "", text)
    return re.sub(r"^,\s*", "", text)


# ------------------------------------------------------------------ phone numbers

_PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"(?P<intl>\+\d{1,3}(?:[ .-]\(?\d{1,4}\)?){2,4})"
    r"|(?P<us>(?:1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4})"
    r"|(?P<ctx>\b(?:call|dial|phone|at|on|line|hotline|number|Tel\.|tel\.|Call|Dial) )"
    r"(?P<local>\d{3}-\d{4})"
    r")(?![\w-])"
)


def expand_phone_numbers(text: str) -> str:
    """Phone numbers read digit by digit in their groups: "1-800-555-0199" -> "one, eight
    zero zero, five five five, zero one nine nine"."""

    def repl(match: re.Match[str]) -> str:
        context = match.group("ctx") or ""
        raw = match.group(0)[len(context) :]
        groups = re.findall(r"\+?\d+", raw)
        spoken = [("plus " if g.startswith("+") else "") + digits(g) for g in groups]
        return context + ", ".join(spoken)

    return _PHONE.sub(repl, text)


# ------------------------------------------------------------------ dates and years


def expand_iso_dates(text: str) -> str:
    """ISO dates: "2022-02-24" -> "February 24, 2022" (read further by the date rules)."""

    def repl(match: re.Match[str]) -> str:
        yr, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        return f"{MONTH_NAMES[month - 1]} {day}, {yr}"

    return re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", repl, text)


def expand_months(text: str) -> str:
    """Month abbreviations before a day or year: "Jan. 30" -> "January 30"."""

    def repl(match: re.Match[str]) -> str:
        return MONTHS[match.group(1).lower()] + " "

    return re.sub(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?\s+(?=\d)", repl, text)


def _day(number: str) -> str:
    return ordinal(int(number))


def speak_dates(text: str) -> str:
    """A month's day as an ordinal, with ranges and the year: "October 5-7" -> "October fifth
    to seventh", "February 24, 2022" -> "February twenty-fourth, twenty twenty-two"."""
    text = re.sub(rf"(?<=\d)\s?[-–]\s?(?=(?:{_MONTH_ALT}) \d)", " to ", text)

    def repl(match: re.Match[str]) -> str:
        month, first, second, yr = match.group(1), match.group(2), match.group(3), match.group(4)
        if not 1 <= int(first) <= 31 or (second and not 1 <= int(second) <= 31):
            return match.group(0)
        out = f"{month} {_day(first)}"
        if second:
            out += f" to {_day(second)}"
        if yr:
            out += f", {year(yr)}"
        return out

    text = re.sub(
        rf"\b({_MONTH_ALT}) (\d{{1,2}})(?:st|nd|rd|th)?(?:\s?[-–]\s?(\d{{1,2}}))?"
        rf"(?:st|nd|rd|th)?(?:,? ({_YEAR}))?(?![\d:.,]\d|\d)",
        repl,
        text,
    )
    return re.sub(
        rf"\b({_MONTH_ALT}),? ({_YEAR})\b(?![\d,]\d)",
        lambda m: f"{m.group(1)} {year(m.group(2))}",
        text,
    )


def speak_decades(text: str) -> str:
    """Decades: "the 1990s" -> "the nineteen nineties", "the '90s" -> "the nineties"."""
    if "0s" not in text and "0's" not in text:
        return text
    text = re.sub(r"\b(1[1-9]\d0|20\d0)s\b", lambda m: decade(int(m.group(1))), text)
    # "the 1990's" is a decade, "2020's biggest story" a possessive.
    text = re.sub(
        r"\b(the |early |late |mid-)(1[1-9]\d0|20\d0)'s\b",
        lambda m: m.group(1) + decade(int(m.group(2))),
        text,
    )
    text = re.sub(
        r"(?<![\w'])'(\d)0s\b",
        lambda m: "two thousands" if m.group(1) == "0" else decade(int(m.group(1)) * 10),
        text,
    )
    return re.sub(
        r"\b(the |his |her |their |its |in |early |late |mid-|our |my |your )"
        r"([2-9]0)'?s\b",
        lambda m: m.group(1) + decade(int(m.group(2))),
        text,
    )


def _short_year(first: int, second: int) -> str:
    """The second year of a range, said as short as a newsreader says it."""
    if first // 100 != second // 100 or 2000 <= first <= 2009:
        return year(second)
    rest = second % 100
    return cardinal(rest) if rest >= 10 else f"oh {cardinal(rest)}"


def speak_year_ranges(text: str) -> str:
    """Year ranges: "the 2024-25 season" -> "the twenty twenty-four to twenty-five season"."""

    def long_range(match: re.Match[str]) -> str:
        first, second = int(match.group(1)), int(match.group(2))
        if second <= first:
            return match.group(0)
        return f"{year(first)} to {year(second)}"

    def short_range(match: re.Match[str]) -> str:
        first, tail = int(match.group(1)), int(match.group(2))
        second = first // 100 * 100 + tail
        if second <= first:
            second += 100
        if second - first > 20:
            return match.group(0)
        return f"{year(first)} to {_short_year(first, second)}"

    text = re.sub(rf"(?<![\d,.$])({_YEAR})\s?[-–/]\s?({_YEAR})(?![\d%])", long_range, text)
    return re.sub(rf"(?<![\d,.$])({_YEAR})\s?[-–/]\s?(\d\d)(?![\d%:-])", short_range, text)


_YEAR_BEFORE = (
    r"in|since|by|from|until|till|of|during|before|after|through|throughout|"
    r"circa|c\.|year|summer|spring|autumn|fall|winter|early|late|mid-|between|"
    r"around|last|election|census|budget|season|class of|Olympics|World Cup|"
    r"fiscal|FY|and|or|to"
)


def speak_years(text: str) -> str:
    """Years where the context says year: "in 2020" -> "in twenty twenty", "the 2020 election"
    and "2020's" too; "2,020 people" stays a quantity."""

    def repl(match: re.Match[str]) -> str:
        return year(match.group(1))

    def context(match: re.Match[str]) -> str:
        # "the summer of 1969" is a year, "a crowd of 2020 fans" a quantity.
        if match.group(1).lower() == "of " and _LOWER_WORD_AFTER.match(text, match.end()):
            return match.group(0)
        return match.group(1) + year(match.group(2))

    text = re.sub(
        rf"\b((?:{_YEAR_BEFORE}) )({_YEAR})\b(?![\d,.]\d|%| ?percent)",
        context,
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(rf"(?<=mid-)({_YEAR})\b", repl, text)
    text = re.sub(rf"\b({_YEAR})(?='s\b)", repl, text)
    text = re.sub(
        rf"(?<=\bthe )({_YEAR})(?= (?:election|elections|season|census|budget|"
        r"Olympics|World Cup|campaign|midterms|race|vote|attack|attacks|war|"
        r"crisis|invasion|model|edition|law|act|Act|summit|games|Games|final)\b)",
        repl,
        text,
    )
    return re.sub(rf"^({_YEAR})(?=,| (?:was|is|will|saw|brought|marked|has|had)\b)", repl, text)


# ------------------------------------------------------------------ money


_CURRENCIES = {
    "$": ("dollar", "dollars"),
    "US$": ("US dollar", "US dollars"),
    "A$": ("Australian dollar", "Australian dollars"),
    "C$": ("Canadian dollar", "Canadian dollars"),
    "NZ$": ("New Zealand dollar", "New Zealand dollars"),
    "HK$": ("Hong Kong dollar", "Hong Kong dollars"),
    "€": ("euro", "euros"),
    "£": ("pound", "pounds"),
    "¥": ("yen", "yen"),
    "₹": ("rupee", "rupees"),
    "₴": ("hryvnia", "hryvnias"),
    "₽": ("ruble", "rubles"),
    "₩": ("won", "won"),
    "₪": ("shekel", "shekels"),
    "₺": ("lira", "lira"),
}
_SUBUNITS = {
    "$": ("cent", "cents"),
    "US$": ("cent", "cents"),
    "A$": ("cent", "cents"),
    "C$": ("cent", "cents"),
    "NZ$": ("cent", "cents"),
    "HK$": ("cent", "cents"),
    "€": ("cent", "cents"),
    "£": ("penny", "pence"),
}
_SCALES = {
    "crore": "crore",
    "lakh": "lakh",
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "mln": "million",
    "bn": "billion",
    "b": "billion",
    "tn": "trillion",
    "t": "trillion",
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
}
_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SIGN = r"US\$|NZ\$|HK\$|A\$|C\$|[$€£¥₹₴₽₩₪₺]"
_MONEY = re.compile(
    rf"(?<![\w$])({_SIGN})\s?({_AMOUNT})"
    rf"(?:\s?(?:-|–|to)\s?(?:{_SIGN})?({_AMOUNT}))?"
    r"(?:\s?(thousand|million|billion|trillion|crore|lakh)\b|(bn|mln|mn|tn|k|m|b|t)\b)?"
)
# Words before an amount that make it part of a noun phrase ("a $5 fee"), and words after it
# that show it is not ("a $5 increase" is a noun phrase; "the $5 that he paid" is not).
_DETERMINERS = re.compile(
    r"\b(?:a|an|the|this|that|his|her|its|their|our|your|my|one|each|"
    r"every|another|any|no)\s$",
    re.IGNORECASE,
)
_NOT_NOUNS = frozenset(
    """a an the and or but nor for of to in on at by with from into onto over under per each
    is was were are be been being has had have will would could can may might must should do
    does did that which who whom whose he she it they we i you as so if when while because
    after before than then now here there more less apiece back too up down out off also
    already still just only even each""".split()
)


def _amount_words(amount: str) -> str:
    """An amount inside a compound adjective: words below 100, digits above."""
    if "." in amount or "," in amount or int(amount) >= 100:
        return amount
    return cardinal(int(amount))


def expand_currency(text: str) -> str:
    """Amounts with a currency sign, with their grammar: "$360 billion" -> "360 billion
    dollars", "€5m" -> "5 million euros", "a $5 fee" -> "a five-dollar fee"."""
    if not re.search(_SIGN, text):
        return text

    def repl(match: re.Match[str]) -> str:
        sign, amount, upper = match.group(1), match.group(2), match.group(3)
        scale_word = match.group(4) or match.group(5)
        scale = _SCALES[scale_word.lower()] if scale_word else ""
        singular, plural = _CURRENCIES[sign]
        adjective = _before_noun(text, match)
        whole, _, cents = amount.partition(".")
        if adjective:
            head = _amount_words(amount if scale or len(cents) != 2 else whole)
            if upper:
                head += f"-to-{_amount_words(upper)}"
            if scale:
                return f"{head}-{scale}-{singular}"
            if cents and len(cents) == 2 and int(cents):
                return f"{head}-{singular}-{cardinal(int(cents))}"
            return f"{head}-{singular}"
        if upper:
            return f"{amount} to {upper}" + (f" {scale}" if scale else "") + f" {plural}"
        if scale:
            return f"{amount} {scale} {plural}"
        unit = singular if whole == "1" and not cents else plural
        if cents and len(cents) == 2 and sign in _SUBUNITS:
            one, many = _SUBUNITS[sign]
            sub = f"{int(cents)} {one if int(cents) == 1 else many}"
            if int(whole.replace(",", "")) == 0:
                return sub
            unit = singular if whole == "1" else plural
            return f"{whole} {unit}" if int(cents) == 0 else f"{whole} {unit} {sub}"
        return f"{amount} {unit}"

    return _MONEY.sub(repl, text)


def expand_percent(text: str) -> str:
    """Percentages and their ranges: "63%" -> "63 percent", "4.25%-4.5%" -> "4.25 to 4.5
    percent"."""
    if "%" not in text:
        return text
    text = re.sub(
        r"\b([Bb]etween \d(?:[\d.]*\d)?)\s?%?\s?[-–]\s?(\d(?:[\d.]*\d)?)\s?%",
        r"\1 and \2 percent",
        text,
    )
    text = re.sub(
        r"(\d(?:[\d.]*\d)?)\s?%?\s?(?:-|–|to)\s?(\d(?:[\d.]*\d)?)\s?%", r"\1 to \2 percent", text
    )
    return re.sub(r"(\d)\s?%", r"\1 percent", text)


# ------------------------------------------------------------------ clock times


def _clock(hour: int, minute: int) -> str:
    """Hour and minute in words: (3, 30) -> "three thirty", (3, 5) -> "three oh five"."""
    words = cardinal(hour)
    if minute:
        words += " " + (cardinal(minute) if minute >= 10 else f"oh {cardinal(minute)}")
    return words


def speak_times(text: str) -> str:
    """Clock times: "3:30 p.m." -> "three thirty PM", "10am" -> "ten AM", "at 15:00" ->
    "at fifteen hundred", "12 noon" -> "noon"."""
    text = re.sub(r"\b12(?::00)?\s?(noon|midnight)\b", r"\1", text)

    def ampm(match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not (1 <= hour <= 12 and minute < 60):
            return match.group(0)
        stop = _keep_stop(text, match) if match.group(0).endswith(".") else ""
        return f"{_clock(hour, minute)} {match.group(3).upper()}M{stop}"

    text = re.sub(r"\b(\d{1,2})(?:[:.](\d{2}))?\s?([apAP])\.?\s?[mM]\b\.?", ampm, text)

    def twenty_four(match: re.Match[str]) -> str:
        hour, minute = int(match.group(2)), int(match.group(3))
        if minute == 0:
            said = f"{cardinal(hour)} o'clock" if 1 <= hour <= 12 else f"{cardinal(hour)} hundred"
        else:
            said = _clock(hour, minute)
        return match.group(1) + said

    return re.sub(
        r"\b((?:at|by|from|until|till|to|before|after|around|since|about|between|"
        r"and|the|At|By|From|Until|Before|After|Around|Since) )"
        r"([01]?\d|2[0-3]):([0-5]\d)\b"
        r"(?!:\d)",
        twenty_four,
        text,
    )


# ------------------------------------------------------------------ numbers


def expand_number_sign(text: str) -> str:
    """ "No. 1" -> "number 1", "Nos. 3 and 4" -> "numbers 3 and 4", "#1" -> "number 1"."""
    text = re.sub(r"\bNos\.\s?(?=\d)", "numbers ", text)
    text = re.sub(r"\bno\.\s?(?=\d)", "number ", text, flags=re.IGNORECASE)
    return re.sub(r"(?<![\w&])#(?=\d)", "number ", text)


def expand_references(text: str) -> str:
    """Page and part references: "p. 5" -> "page 5", "pp. 12-15" -> "pages 12 to 15", "Fig. 2"
    -> "figure 2", "Vol. 3" -> "volume 3"."""
    text = re.sub(r"\bpp\.\s?(?=\d)", "pages ", text)
    text = re.sub(r"(?<![\w.])p\.\s?(?=\d)", "page ", text)
    for short, long in (
        ("Fig", "figure"),
        ("Vol", "volume"),
        ("Ch", "chapter"),
        ("Sec", "section"),
        ("Art", "article"),
        ("Ex", "exhibit"),
    ):
        text = re.sub(rf"\b{short}\.\s?(?=\d)", f"{long} ", text)
    return text


def expand_thousands_plural(text: str) -> str:
    """Pluralised round numbers: "1000s" -> "thousands", "100s of" -> "hundreds of"."""
    text = re.sub(r"^1,?000['’]?s\b", "Thousands", text)
    text = re.sub(r"\b1,?000['’]?s\b", "thousands", text)
    text = re.sub(r"^100['’]?s\b(?= of)", "Hundreds", text)
    return re.sub(r"\b100['’]?s\b(?= of)", "hundreds", text)


def expand_ordinals(text: str) -> str:
    """Ordinal numerals: "1st" -> "first", "22nd" -> "twenty-second"."""

    def repl(match: re.Match[str]) -> str:
        n = int(match.group(1).replace(",", ""))
        return ordinal(n) if n < 10**6 else match.group(0)

    return re.sub(r"\b(\d{1,3}(?:,\d{3})*|\d+)(?:st|nd|rd|th)\b", repl, text)


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


def _and_fraction(numerator: int, denominator: int) -> str:
    """The part after "and": (1, 2) -> "a half", (3, 4) -> "three quarters"."""
    words = fraction(numerator, denominator)
    return "a " + words.split(" ", 1)[1] if numerator == 1 else words


def speak_fractions(text: str) -> str:
    """Fractions: "1/2" -> "one half", "2½" -> "two and a half", "3 3/4" -> "three and three
    quarters"; "24/7" and "9/11" as they are said."""
    for written, spoken in _SLASHED.items():
        text = re.sub(rf"(?<![\d/]){re.escape(written)}(?![\d/])", spoken, text)

    def mixed(match: re.Match[str]) -> str:
        num, den = (
            _VULGAR[match.group(2)]
            if match.group(2)
            else (int(match.group(3)), int(match.group(4)))
        )
        if not 0 < num < den <= 16:
            return match.group(0)
        return f"{cardinal(int(match.group(1)))} and {_and_fraction(num, den)}"

    vulgar = "".join(_VULGAR)
    text = re.sub(r"\b([Aa]) (?:½|1/2)(?![\d/])", r"\1 half", text)
    text = re.sub(rf"\b(\d+)(?:\s?([{vulgar}])| (\d{{1,2}})/(\d{{1,2}})(?![\d/]))", mixed, text)
    text = re.sub(rf"([{vulgar}])", lambda m: fraction(*_VULGAR[m.group(1)]), text)

    def simple(match: re.Match[str]) -> str:
        num, den = int(match.group(1)), int(match.group(2))
        if not 0 < num < den <= 16:
            return match.group(0)
        return fraction(num, den)

    return re.sub(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?![\d/])", simple, text)


_UNITS = {
    "km/h": ("kilometre per hour", "kilometres per hour"),
    "kph": ("kilometre per hour", "kilometres per hour"),
    "mph": ("mile per hour", "miles per hour"),
    "km": ("kilometre", "kilometres"),
    "sq km": ("square kilometre", "square kilometres"),
    "km²": ("square kilometre", "square kilometres"),
    "m²": ("square metre", "square metres"),
    "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"),
    "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"),
    "ft": ("foot", "feet"),
    "lbs": ("pound", "pounds"),
    "lb": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "mins": ("minute", "minutes"),
    "min": ("minute", "minutes"),
    "hrs": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "secs": ("second", "seconds"),
    "sec": ("second", "seconds"),
    "ml": ("millilitre", "millilitres"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "MWh": ("megawatt hour", "megawatt hours"),
    "GWh": ("gigawatt hour", "gigawatt hours"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "GB": ("gigabyte", "gigabytes"),
    "MB": ("megabyte", "megabytes"),
    "TB": ("terabyte", "terabytes"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
}
_UNIT = re.compile(
    r"(\d(?:[\d,.]*\d)?)\s?("
    + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    + r")(?![\w/²])\.?"
)
# Metres and grams only with a space ("8,849 m", "100 g"), or "m" before a word of size: "5m"
# alone may be five million.
_METRE = re.compile(
    r"(\d(?:[\d,.]*\d)?)(?: m|m(?= (?:tall|high|deep|long|wide|away|above|"
    r"below|under|from|in (?:height|length|depth))\b))(?![\w/²])"
)


def _unit_words(number: str, unit: tuple[str, str], adjective: bool = False) -> str:
    """ "5 kilometres", or "5-kilometre" before a noun ("a 5-kilometre race")."""
    if adjective:
        head, _, rest = unit[0].partition(" ")
        return f"{number}-{head}" + (f" {rest}" if rest else "")
    return f"{number} {unit[0] if number == '1' else unit[1]}"


def _before_noun(text: str, match: re.Match[str]) -> bool:
    """True when the amount matched is a compound adjective: "a 10 km race"."""
    following = _NOUN_AFTER.match(text, match.end())
    # The determiner is looked for in the few characters before the amount only (\b still sees
    # the character before them): searching the whole text before every amount was quadratic.
    return (
        _DETERMINERS.search(text, max(0, match.start() - 12), match.start()) is not None
        and following is not None
        and following.group(1) not in _NOT_NOUNS
    )


def expand_units(text: str) -> str:
    """Units after a number: "8,849 m" -> "8,849 metres", "40 min" -> "40 minutes", "30°C" ->
    "30 degrees Celsius", "6'2\"" and "5 ft 11 in" -> feet and inches."""

    def feet_inches(match: re.Match[str]) -> str:
        feet, inches = match.group(1), match.group(2)
        return (
            f"{feet} {'foot' if feet == '1' else 'feet'} {inches} "
            f"{'inch' if inches == '1' else 'inches'}"
        )

    text = re.sub(r"\b(\d)'\s?(\d{1,2})(?:\"|'')(?!\w)", feet_inches, text)
    text = re.sub(
        r"\b(\d+) ?(?:ft|feet|foot) ?(\d{1,2}) ?(?:in\b\.?|inches\b|\")", feet_inches, text
    )

    def unit(match: re.Match[str]) -> str:
        stop = _keep_stop(text, match) if match.group(0).endswith(".") else ""
        return (
            _unit_words(
                match.group(1), _UNITS[match.group(2)], not stop and _before_noun(text, match)
            )
            + stop
        )

    text = _UNIT.sub(unit, text)
    text = _METRE.sub(
        lambda m: _unit_words(m.group(1), ("metre", "metres"), _before_noun(text, m)), text
    )
    return re.sub(
        r"(\d(?:[\d,.]*\d)?) g(?![\w/])", lambda m: _unit_words(m.group(1), ("gram", "grams")), text
    )


# ------------------------------------------------------------------ Roman numerals

_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# Names that monarchs and popes carry with a number ("Henry VIII", "Leo XIV").
REGNAL_NAMES = frozenset(
    """Henry Edward George William Richard Charles James John Elizabeth Mary Anne Louis Philip
    Philippe Felipe Carlos Juan Alfonso Ferdinand Frederick Friedrich Frederik Wilhelm Ludwig
    Otto Peter Paul Catherine Nicholas Alexander Ivan Constantine Leo Pius Benedict Gregory
    Innocent Clement Urban Boniface Sixtus Julius Adrian Hadrian Honorius Celestine Harald Olav
    Haakon Gustav Gustaf Carl Christian Willem Rama Mohammed Mohammad Abdullah Napoleon Ramesses
    Ramses Amenhotep Thutmose Edmund Stephen Robert David Malcolm Baudouin Albert Leopold Umberto
    Vittorio Emmanuel Manuel Pedro Joseph Franz Karl Rudolf Casimir Boris Simeon Michael Mihai
    Farouk Hassan Fuad Idris Hussein Mswati Letsie Tupou Sobhuza Selim Mehmed Murad
    Suleiman""".split()
)
_RULERS = (
    r"(?:Pope|King|Queen|Emperor|Empress|Tsar|Czar|Tsarina|Prince|Princess|Sultan|"
    r"Pharaoh|Kaiser|Shah|Duke|Grand Duke)"
)
# Words after which a numeral is a plain number: "World War II" -> "World War Two".
_SERIES = (
    r"World War|Super Bowl|Title|Chapter|Part|Volume|Vol\.|Act|Phase|Episode|Season|"
    r"Book|Apollo|Vatican|Stage|Category|Class|Type|Schedule|Article|Mark|Mk|Level|"
    r"Appendix|Section|Grade|Division|Gemini|Saturn|Star Wars|Rocky|Godfather|Final "
    r"Fantasy|Grand Theft Auto|Civilization|Halo|Wrestlemania|WrestleMania|Formula"
)
_NOT_AFTER_I = re.compile(
    r"(?:\s+(?:am|think|thought|know|knew|want|wanted|guess|mean)\b"
    r"|'(?:m|ve|ll|d)\b)"
)


def roman_value(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral ("XIV" -> 14), else None."""
    if not numeral or not _ROMAN.match(numeral):
        return None
    total = 0
    for here, after in zip(numeral, numeral[1:] + " ", strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if after != " " and _ROMAN_VALUES[after] > value else value
    return total


def expand_roman(text: str) -> str:
    """Roman numerals where a name says they are numbers: "Henry VIII" -> "Henry the Eighth",
    "World War II" -> "World War Two", "Super Bowl LVIII" -> "Super Bowl fifty-eight",
    "Frozen II" -> "Frozen Two"; never the pronoun "I" or a word like "MIX"."""
    if not re.search(r"\b[IVXLCDM]+\b", text):
        return text

    def series(match: re.Match[str]) -> str:
        value = roman_value(match.group(2))
        if value is None:
            return match.group(0)
        said = cardinal(value)
        return f"{match.group(1)} {said.capitalize() if value < 100 else said}"

    text = re.sub(rf"\b({_SERIES}) ([IVXLCDM]+)\b(?![\w'-])", series, text)

    def regnal(match: re.Match[str]) -> str:
        name, numeral = match.group(1), match.group(2)
        value = roman_value(numeral)
        if value is None or value > 40:
            return match.group(0)
        if numeral == "I" and _NOT_AFTER_I.match(text, match.end()):
            return match.group(0)
        return f"{name} the {ordinal(value).capitalize()}"

    names = "|".join(sorted(REGNAL_NAMES))
    text = re.sub(
        rf"\b((?:{_RULERS} )?(?:{names})|{_RULERS} [A-Z][a-z]+) ([IVXL]+)\b(?![\w'-])", regnal, text
    )

    def suffix(match: re.Match[str]) -> str:
        value = roman_value(match.group(2))
        if value is None or not 2 <= value <= 20:
            return match.group(0)
        return f"{match.group(1)} the {ordinal(value).capitalize()}"

    # A person's generational suffix: "Martin Luther King III", "Thurston Howell III".
    text = re.sub(
        r"\b([A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z]+),? ((?:II|III|IV))\b(?![\w'-])", suffix, text
    )

    def sequel(match: re.Match[str]) -> str:
        value = roman_value(match.group(2))
        if value is None or not 2 <= value <= 20:
            return match.group(0)
        return f"{match.group(1)} {cardinal(value).capitalize()}"

    # Sequels and numbered names: "Frozen II", "Gladiator II" (II to XX only).
    return re.sub(
        r"\b([A-Z][a-z]+) ((?:X{0,2})(?:IX|IV|V?I{0,3}))\b(?![\w'-])",
        lambda m: sequel(m) if len(m.group(2)) >= 2 else m.group(0),
        text,
    )


# ------------------------------------------------------------------ abbreviations

_TITLES = {
    "Dr": "Doctor",
    "Mr": "Mister",
    "Mrs": "Missus",
    "Prof": "Professor",
    "Gen": "General",
    "Sen": "Senator",
    "Sens": "Senators",
    "Rep": "Representative",
    "Reps": "Representatives",
    "Gov": "Governor",
    "Govs": "Governors",
    "Lt": "Lieutenant",
    "Col": "Colonel",
    "Sgt": "Sergeant",
    "Capt": "Captain",
    "Rev": "Reverend",
    "Pres": "President",
    "Adm": "Admiral",
    "Cmdr": "Commander",
    "Maj": "Major",
    "Supt": "Superintendent",
    "Cpl": "Corporal",
    "Pvt": "Private",
    "Det": "Detective",
    "Insp": "Inspector",
    "Atty": "Attorney",
    "Amb": "Ambassador",
    "Fr": "Father",
    "Sec": "Secretary",
    "Hon": "Honourable",
    "Mt": "Mount",
    "Ft": "Fort",
    "St": "Saint",
    "Ste": "Sainte",
}
_STREETS = {
    "St": "Street",
    "Dr": "Drive",
    "Ave": "Avenue",
    "Blvd": "Boulevard",
    "Rd": "Road",
    "Ln": "Lane",
    "Ct": "Court",
    "Pl": "Place",
    "Hwy": "Highway",
    "Pkwy": "Parkway",
    "Sq": "Square",
    "Ter": "Terrace",
    "Cres": "Crescent",
    "Mt": "Mount",
}
_COMPANIES = {
    "Corp": "Corporation",
    "Co": "Company",
    "Ltd": "Limited",
    "Bros": "Brothers",
    "Dept": "Department",
    "Univ": "University",
    "Assn": "Association",
    "Intl": "International",
    "Natl": "National",
    "Govt": "Government",
}
_LATIN = {
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "vs.": "versus",
    "vs": "versus",
    "approx.": "approximately",
    "est.": "estimated",
    "w/": "with",
    "a.k.a.": "also known as",
    "aka": "also known as",
}

# AP style abbreviations of US states, read in full after a place name ("Yuma, Ariz.").
STATES = {
    "Ala": "Alabama",
    "Ariz": "Arizona",
    "Ark": "Arkansas",
    "Calif": "California",
    "Colo": "Colorado",
    "Conn": "Connecticut",
    "Del": "Delaware",
    "Fla": "Florida",
    "Ga": "Georgia",
    "Ill": "Illinois",
    "Ind": "Indiana",
    "Kan": "Kansas",
    "Kans": "Kansas",
    "Ky": "Kentucky",
    "La": "Louisiana",
    "Md": "Maryland",
    "Mass": "Massachusetts",
    "Mich": "Michigan",
    "Minn": "Minnesota",
    "Miss": "Mississippi",
    "Mo": "Missouri",
    "Mont": "Montana",
    "Neb": "Nebraska",
    "Nev": "Nevada",
    "N.H": "New Hampshire",
    "N.J": "New Jersey",
    "N.M": "New Mexico",
    "N.Y": "New York",
    "N.C": "North Carolina",
    "N.D": "North Dakota",
    "Okla": "Oklahoma",
    "Ore": "Oregon",
    "Pa": "Pennsylvania",
    "R.I": "Rhode Island",
    "S.C": "South Carolina",
    "S.D": "South Dakota",
    "Tenn": "Tennessee",
    "Vt": "Vermont",
    "Va": "Virginia",
    "Wash": "Washington",
    "W.Va": "West Virginia",
    "Wis": "Wisconsin",
    "Wyo": "Wyoming",
}
# Two-letter postal codes and the states AP writes in full, for party-state tags "(R-TX)".
POSTAL = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "DC": "the District of Columbia",
    "PR": "Puerto Rico",
}
_FULL_STATES = ("Alaska", "Hawaii", "Idaho", "Iowa", "Maine", "Ohio", "Texas", "Utah")
_PARTIES = {"D": "Democrat", "R": "Republican", "I": "Independent"}


def expand_party_tags(text: str) -> str:
    """Party-state tags: "Sen. Elizabeth Warren (D-Mass.)" -> "... Warren, Democrat of
    Massachusetts,", "Rep. Nancy Pelosi, D-Calif., said" -> "..., Democrat of California, said"."""
    if "-" not in text:
        return text
    states = {**STATES, **POSTAL, **{s: s for s in _FULL_STATES}}
    alternatives = "|".join(re.escape(k) for k in sorted(states, key=len, reverse=True))

    def repl(match: re.Match[str]) -> str:
        party = _PARTIES[match.group(2)]
        where = states[match.group(3)]
        words = f"{party} of {where}"
        return f", {words}," if match.group(1) else words

    return re.sub(rf"(\()?\b([DRI])-({alternatives})\b\.?(?(1)\))", repl, text)


_STATE = re.compile(
    r"([A-Z][a-z]+, )("
    + "|".join(re.escape(k) for k in sorted(STATES, key=len, reverse=True))
    + r")\.(?=\s|$|,)"
)


def expand_states(text: str) -> str:
    """US state abbreviations after a place: "Boulder City, Nev." -> "Boulder City, Nevada"."""

    def repl(match: re.Match[str]) -> str:
        return match.group(1) + STATES[match.group(2)] + _keep_stop(text, match)

    return _STATE.sub(repl, text)


_TITLE = re.compile(r"\b(" + "|".join(sorted(_TITLES, key=len, reverse=True)) + r")\.\s+(?=[A-Z])")
_STREET = re.compile(
    r"(?<=[A-Za-z0-9] )("
    + "|".join(sorted(_STREETS, key=len, reverse=True))
    + r")\.(?!\s+[A-Z][a-z])"
)
_COMPANY = re.compile(r"(?<=[A-Za-z&] )(" + "|".join(_COMPANIES) + r")\.(?=\W|$)")
_LATIN_RE = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(k) for k in sorted(_LATIN, key=len, reverse=True))
    + r")(?!\w)"
)


def expand_places(text: str) -> str:
    """Street words after a name, where no name follows: "Elm St." -> "Elm Street", "Elm Dr."
    -> "Elm Drive", "5th Ave." -> "5th Avenue" ("St. Louis" and "Dr. Smith" are titles)."""
    if "." not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        return _STREETS[match.group(1)] + _keep_stop(text, match)

    return _STREET.sub(repl, text)


def expand_titles(text: str) -> str:
    """Titles before a name: "Dr. Price" -> "Doctor Price", "St. Louis" -> "Saint Louis",
    "Mt. Everest" -> "Mount Everest", "Gov." -> "Governor"; "Jr." and "Sr." after a name."""
    if "." not in text and "Jr" not in text and "Sr" not in text:
        return text
    text = _TITLE.sub(lambda m: f"{_TITLES[m.group(1)]} ", text)
    text = re.sub(r"(?<=[a-z] )Jr\.?(?=\W|$)|(?<=[a-z], )Jr\.?(?=\W|$)", "Junior", text)
    return re.sub(r"(?<=[a-z] )Sr\.?(?=\W|$)|(?<=[a-z], )Sr\.?(?=\W|$)", "Senior", text)


def expand_companies(text: str) -> str:
    """Company words: "Acme Corp." -> "Acme Corporation", "Smith & Co." -> "Smith and Company"."""
    if "." not in text:
        return text
    return _COMPANY.sub(lambda m: _COMPANIES[m.group(1)] + _keep_stop(text, m), text)


def expand_latin(text: str) -> str:
    """Written abbreviations: "e.g." -> "for example", "vs." -> "versus", "etc." -> "et cetera"."""
    return _LATIN_RE.sub(lambda m: _LATIN[m.group(1)], text)


def join_initialisms(text: str) -> str:
    """Dotted initialisms as one word of capitals: "U.K." -> "UK", "U.S." -> "US" (which the
    acronym list then reads as letters)."""
    if "." not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        word = match.group(0).replace(".", "").upper()
        return word + _keep_stop(text, match)

    return re.sub(r"(?<![\w.])(?:[A-Za-z]\.){2,}(?=[\W]|$)", repl, text)


# Acronyms read as words, written so that every engine says a word ("Nato", not "N A T O").
ACRONYM_WORDS = frozenset(
    """NASA NATO UNESCO UNICEF OPEC FIFA UEFA NAFTA ASEAN COVID AIDS OSHA FEMA DARPA SWAT NIMBY
    SCOTUS POTUS FLOTUS CERN INTERPOL NASDAQ SARS MERS OFCOM OFSTED MENSA LASER RADAR SCUBA
    ISIS GIF JPEG NOAA TASS FRONTEX EUROPOL MERCOSUR""".split()
)
# Acronyms read letter by letter that an engine might read as a word ("US" is not "us").
ACRONYM_LETTERS = frozenset("US WHO UN EU AI IRA NRA".split())


def speak_acronyms(
    text: str, words: frozenset[str] = ACRONYM_WORDS, letters: frozenset[str] = ACRONYM_LETTERS
) -> str:
    """Acronyms from the lists: words in title case ("NASA" -> "Nasa"), letters spaced out
    ("WHO" -> "W H O"); an all-capitals sentence (a shouted headline) is left alone."""
    if not re.search(r"[A-Z]{2}", text):
        return text
    if sum(1 for w in re.findall(r"[A-Za-z]{3,}", text) if w.isupper()) > 4:
        return text

    def repl(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in letters:
            return " ".join(word)
        if word in words:
            return word.capitalize()
        return word

    return re.sub(r"(?<![\w'])[A-Z]{2,}(?![\w'])|(?<=\b)[A-Z]{2,}(?='s\b)", repl, text)


def rules(
    words: frozenset[str] = ACRONYM_WORDS, letters: frozenset[str] = ACRONYM_LETTERS
) -> tuple[Rule, ...]:
    """The rule table, with the acronym lists given (the defaults plus the producer's)."""

    def acronyms(text: str) -> str:
        """Acronyms read as words or as letters, from the lists."""
        return speak_acronyms(text, words, letters)

    # Order matters: typography first; addresses and phone numbers before anything reads
    # their dots and dashes; dates, years, money and times before ranges read "-" as "to";
    # abbreviations after "No." and "a.m." have been read; symbols and spacing last.
    return (
        straighten_quotes,
        speak_ellipsis,
        speak_urls,
        speak_emails,
        speak_tags,
        expand_phone_numbers,
        expand_iso_dates,
        expand_months,
        expand_party_tags,
        expand_currency,
        expand_percent,
        speak_times,
        speak_dates,
        speak_decades,
        speak_year_ranges,
        speak_years,
        speak_fractions,
        expand_number_sign,
        expand_references,
        expand_thousands_plural,
        expand_ordinals,
        expand_units,
        expand_roman,
        expand_states,
        expand_places,
        expand_titles,
        expand_companies,
        expand_latin,
        join_initialisms,
        acronyms,
        speak_ranges,
        speak_dashes,
        speak_symbols,
        tidy_spaces,
    )


RULES: tuple[Rule, ...] = rules()

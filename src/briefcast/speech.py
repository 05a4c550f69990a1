"""Normalising text for speech: what a voice should say for what a page shows.

Both voices stumble on written conventions: "Jan. 30" read as "jan thirty", "$360 billion" as
"dollar three hundred sixty billion", "63%" or "No. 1" spelled out oddly, curly quotes and em
dashes read as symbols by some phonemisers. :func:`normalise` rewrites a sentence so that it is
read as a person would read it aloud, and never changes what it means: every rule rewrites a
written form into the words it stands for, and anything ambiguous is left as it is.

It is applied to the text that is voiced (sentences of a script), not to display text such as
section titles. The rules are English; for another language only the language-neutral ones
(typography, URLs, e-mail addresses) are applied. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rule = Callable[[str], str]

MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "sept": "September", "oct": "October",
    "nov": "November", "dec": "December",
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                  "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def cardinal(n: int) -> str:
    """An integer in English words: 21 -> "twenty-one", 1205 -> "one thousand two hundred five"."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {cardinal(rest)}" if rest else "")
    for value, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"),
                        (1000, "thousand")):
        if n >= value:
            head, rest = divmod(n, value)
            return f"{cardinal(head)} {name}" + (f" {cardinal(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def ordinal(n: int) -> str:
    """An integer as an English ordinal word: 1 -> "first", 21 -> "twenty-first"."""
    words = cardinal(n)
    cut = max(words.rfind(" "), words.rfind("-"))
    head, last = words[: cut + 1], words[cut + 1 :]
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + last


# ------------------------------------------------------------------ typography


def straighten_quotes(text: str) -> str:
    """Curly quotes, guillemets and primes to plain ASCII quotes."""
    text = re.sub(r"«\s*", "\u00ab", re.sub(r"\s*»", "\u00bb", text))
    return (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
            .replace("\u201d", '"').replace("\u00ab", '"').replace("\u00bb", '"')
            .replace("\u201e", '"').replace("\u2032", "'").replace("\u2033", '"'))


def speak_dashes(text: str) -> str:
    """Number ranges with a dash read "to"; em and en dashes between words become a pause."""
    text = re.sub(r"(?<=\d)\s?[–—]\s?(?=\d)", " to ", text)
    text = re.sub(r"\s*[—–]\s*(?=[,.;:!?)]|$)", "", text)
    text = re.sub(r"\s*(?:—|–|--)\s*", ", ", text)
    text = re.sub(r",\s*,", ",", text)
    return text


def speak_ellipsis(text: str) -> str:
    """The ellipsis character as three dots."""
    return text.replace("\u2026", "...")


# ------------------------------------------------------------------ dates


def expand_months(text: str) -> str:
    """Month abbreviations before a day or year: "Jan. 30" -> "January 30"."""
    def repl(match: re.Match[str]) -> str:
        return MONTHS[match.group(1).lower()] + " "

    return re.sub(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?\s+(?=\d)", repl,
                  text)


def expand_iso_dates(text: str) -> str:
    """ISO dates: "2022-02-24" -> "February 24, 2022"."""
    def repl(match: re.Match[str]) -> str:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        return f"{MONTH_NAMES[month - 1]} {day}, {year}"

    return re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", repl, text)


# ------------------------------------------------------------------ money and numbers

_CURRENCIES = {
    "$": ("dollar", "dollars"), "US$": ("US dollar", "US dollars"),
    "A$": ("Australian dollar", "Australian dollars"), "C$": ("Canadian dollar",
                                                              "Canadian dollars"),
    "€": ("euro", "euros"), "£": ("pound", "pounds"), "¥": ("yen", "yen"),
    "₹": ("rupee", "rupees"), "₴": ("hryvnia", "hryvnias"), "₽": ("ruble", "rubles"),
}
_SCALES = {"k": "thousand", "m": "million", "mn": "million", "bn": "billion", "b": "billion",
           "tn": "trillion", "thousand": "thousand", "million": "million", "billion": "billion",
           "trillion": "trillion"}
_MONEY = re.compile(
    r"(?<![\w$])(US\$|A\$|C\$|[$€£¥₹₴₽])\s?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:\s?(thousand|million|billion|trillion)\b|(bn|mn|tn|k|m|b)\b)?"
)


def expand_currency(text: str) -> str:
    """Amounts with a currency sign: "$360 billion" -> "360 billion dollars", "€5m" -> "5 million
    euros"."""
    if not any(sign in text for sign in "$€£¥₹₴₽"):
        return text
    def repl(match: re.Match[str]) -> str:
        sign, amount = match.group(1), match.group(2)
        scale_word = match.group(3) or match.group(4)
        singular, plural = _CURRENCIES[sign]
        if scale_word:
            return f"{amount} {_SCALES[scale_word.lower()]} {plural}"
        whole, _, cents = amount.partition(".")
        unit = singular if whole == "1" else plural
        if cents and len(cents) == 2 and sign in ("$", "US$", "A$", "C$", "€", "£"):
            sub = {"£": ("penny", "pence")}.get(sign, ("cent", "cents"))
            if int(cents) == 0:
                return f"{whole} {unit}"
            return f"{whole} {unit} {int(cents)} {sub[0] if int(cents) == 1 else sub[1]}"
        return f"{amount} {unit}"

    return _MONEY.sub(repl, text)


def expand_percent(text: str) -> str:
    """Percentages: "63%" -> "63 percent"."""
    return re.sub(r"(\d)\s?%", r"\1 percent", text)


def expand_number_sign(text: str) -> str:
    """"No. 1" -> "number 1", "Nos. 3 and 4" -> "numbers 3 and 4", "#1" -> "number 1"."""
    text = re.sub(r"\bNos\.\s?(?=\d)", "numbers ", text)
    text = re.sub(r"\bno\.\s?(?=\d)", "number ", text, flags=re.IGNORECASE)
    return re.sub(r"(?<![\w&])#(?=\d)", "number ", text)


def expand_ordinals(text: str) -> str:
    """Ordinal numerals: "1st" -> "first", "22nd" -> "twenty-second"."""
    def repl(match: re.Match[str]) -> str:
        n = int(match.group(1).replace(",", ""))
        return ordinal(n) if n < 10**6 else match.group(0)

    return re.sub(r"\b(\d{1,3}(?:,\d{3})*|\d+)(?:st|nd|rd|th)\b", repl, text)


def expand_thousands_plural(text: str) -> str:
    """Pluralised round numbers: "1000s" -> "thousands", "100s of" -> "hundreds of"."""
    text = re.sub(r"^1,?000['’]?s\b", "Thousands", text)
    text = re.sub(r"\b1,?000['’]?s\b", "thousands", text)
    text = re.sub(r"^100['’]?s\b(?= of)", "Hundreds", text)
    return re.sub(r"\b100['’]?s\b(?= of)", "hundreds", text)


_UNITS = {"km/h": "kilometres per hour", "mph": "miles per hour", "km": "kilometres",
          "kg": "kilograms", "cm": "centimetres", "mm": "millimetres",
          "°C": "degrees Celsius", "°F": "degrees Fahrenheit", "°": "degrees"}
_UNIT = re.compile(r"(\d)\s?(" + "|".join(re.escape(u) for u in _UNITS) + r")(?![\w/])")


def expand_units(text: str) -> str:
    """Common units after a number: "5 km" -> "5 kilometres", "30°C" -> "30 degrees Celsius"."""
    return _UNIT.sub(lambda m: f"{m.group(1)} {_UNITS[m.group(2)]}", text)


# ------------------------------------------------------------------ abbreviations

_TITLES = {
    "Dr": "Doctor", "Mr": "Mister", "Mrs": "Missus", "Prof": "Professor", "Gen": "General",
    "Sen": "Senator", "Rep": "Representative", "Gov": "Governor", "Lt": "Lieutenant",
    "Col": "Colonel", "Sgt": "Sergeant", "Capt": "Captain", "Rev": "Reverend", "Pres": "President",
    "Adm": "Admiral", "Cmdr": "Commander", "Maj": "Major", "Supt": "Superintendent",
}
_LATIN = {"e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus",
          "vs": "versus", "approx.": "approximately", "est.": "estimated", "w/": "with"}


# AP style abbreviations of US states, read in full after a place name ("Yuma, Ariz.").
_STATES = {
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California",
    "Colo": "Colorado", "Conn": "Connecticut", "Del": "Delaware", "Fla": "Florida",
    "Ga": "Georgia", "Ill": "Illinois", "Ind": "Indiana", "Kan": "Kansas", "Ky": "Kentucky",
    "La": "Louisiana", "Md": "Maryland", "Mass": "Massachusetts", "Mich": "Michigan",
    "Minn": "Minnesota", "Miss": "Mississippi", "Mo": "Missouri", "Mont": "Montana",
    "Neb": "Nebraska", "Nev": "Nevada", "N.H": "New Hampshire", "N.J": "New Jersey",
    "N.M": "New Mexico", "N.Y": "New York", "N.C": "North Carolina", "N.D": "North Dakota",
    "Okla": "Oklahoma", "Ore": "Oregon", "Pa": "Pennsylvania", "R.I": "Rhode Island",
    "S.C": "South Carolina", "S.D": "South Dakota", "Tenn": "Tennessee", "Vt": "Vermont",
    "Va": "Virginia", "Wash": "Washington", "W.Va": "West Virginia", "Wis": "Wisconsin",
    "Wyo": "Wyoming",
}


_STATE = re.compile(
    r"([A-Z][a-z]+, )("
    + "|".join(re.escape(k) for k in sorted(_STATES, key=len, reverse=True))
    + r")\.(?=\s|$|,)"
)


def expand_states(text: str) -> str:
    """US state abbreviations after a place: "Boulder City, Nev." -> "Boulder City, Nevada"."""
    def repl(match: re.Match[str]) -> str:
        # The abbreviation's period may also end the sentence ("in Reno, Nev. The ...").
        stop = "." if re.match(r"\s+[A-Z]", text[match.end():]) else ""
        return match.group(1) + _STATES[match.group(2)] + stop

    return _STATE.sub(repl, text)


_TITLE = re.compile(r"\b(" + "|".join(_TITLES) + r"|St)\.\s+(?=[A-Z])")
_LATIN_RE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(_LATIN, key=len, reverse=True))
    + r")(?!\w)"
)


def expand_titles(text: str) -> str:
    """Titles before a name: "Dr. Price" -> "Doctor Price", "St. Paul" -> "Saint Paul"."""
    if "." not in text and "Jr" not in text:
        return text
    text = _TITLE.sub(lambda m: f"{_TITLES.get(m.group(1), 'Saint')} ", text)
    return re.sub(r"(?<=[a-z] )Jr\.?(?=\W|$)|(?<=[a-z], )Jr\.?(?=\W|$)", "Junior", text)


def expand_latin(text: str) -> str:
    """Written abbreviations: "e.g." -> "for example", "vs." -> "versus", "etc." -> "et cetera"."""
    return _LATIN_RE.sub(lambda m: _LATIN[m.group(1)], text)


def expand_acronyms(text: str) -> str:
    """Dotted initialisms read letter by letter: "U.S." -> "U S", "a.m." -> "a m"."""
    if "." not in text:
        return text
    def repl(match: re.Match[str]) -> str:
        letters = match.group(0).replace(".", " ").split()
        return " ".join(letters)

    return re.sub(r"(?<![\w.])(?:[A-Za-z]\.){2,}(?=[\W]|$)", repl, text)


def expand_time(text: str) -> str:
    """Clock times: "5 p.m." -> "5 PM", "7.52pm" -> "7:52 PM" (before initialisms are spelled)."""
    text = re.sub(r"\b(1[0-2]|0?[1-9])\.([0-5]\d)\s?([ap])\.?m\b\.?",
                  lambda m: f"{m.group(1)}:{m.group(2)} {m.group(3).upper()}M", text)
    return re.sub(r"(\d)\s?([ap])\.?m\b\.?(?=\W|$)",
                  lambda m: f"{m.group(1)} {m.group(2).upper()}M", text)


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
        tail = match.group(0)[len(raw):]
        host = re.sub(r"^(?:https?://)", "", raw, flags=re.IGNORECASE).split("/")[0]
        return _spoken_host(host.split(":")[0]) + tail

    return _URL.sub(repl, text)


def speak_emails(text: str) -> str:
    """E-mail addresses read aloud: "tips@npr.org" -> "tips at npr dot org"."""
    if "@" not in text:
        return text
    return _EMAIL.sub(lambda m: f"{m.group(1).replace('.', ' dot ')} at "
                                f"{_spoken_host(m.group(2))}", text)


def speak_symbols(text: str) -> str:
    """Symbols a voice would skip or spell: "&" -> "and", "+" and "=" between numbers."""
    # "AT&T", "S&P": both voices read initials joined by "&" well; touch only a free "&".
    text = re.sub(r"(?<![A-Z])\s*&\s*(?![A-Z]{1,3}\b)|\s+&\s+", " and ", text)
    text = re.sub(r"(?<=\d)\s?\+\s?(?=\d)", " plus ", text)
    text = re.sub(r"(?<=\d)\s?=\s?(?=\d)", " equals ", text)
    text = re.sub(r"(?<=\d)\s?[x×]\s?(?=\d)", " by ", text)
    text = re.sub(r"\band/or\b", "and or", text)
    text = re.sub(r"\b24/7\b", "twenty-four seven", text)
    text = re.sub(r"(?<=[A-Za-z])/(?=[A-Za-z])", " ", text)
    text = re.sub(r"\b(?:about|around) ~\s?(?=\d)", "about ", text)
    text = re.sub(r"~\s?(?=\d)", "about ", text)
    text = re.sub(r"[•·▪►▶■□✓✔*_|]+", " ", text)
    return text


def tidy_spaces(text: str) -> str:
    """One space between words, none before punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:!?])", r"\1", text)


# Order matters: typography first, then dates and money (they read "Jan." and "$"), then
# abbreviations (after "No." and "a.m." have been read), then symbols and spacing.
RULES: tuple[Rule, ...] = (
    straighten_quotes,
    speak_ellipsis,
    speak_urls,
    speak_emails,
    expand_iso_dates,
    expand_months,
    expand_currency,
    expand_percent,
    expand_number_sign,
    expand_thousands_plural,
    expand_ordinals,
    expand_units,
    expand_time,
    expand_states,
    expand_titles,
    expand_latin,
    expand_acronyms,
    speak_dashes,
    speak_symbols,
    tidy_spaces,
)
# Rules that hold in any language.
NEUTRAL_RULES: tuple[Rule, ...] = (straighten_quotes, speak_ellipsis, speak_urls, speak_emails,
                                   speak_dashes, tidy_spaces)


# How "." and "@" of an address are read, by language (English when missing).
_ADDRESS_WORDS = {"fr": ("point", "arobase"), "de": ("Punkt", "at"), "es": ("punto", "arroba"),
                  "it": ("punto", "chiocciola"), "pt": ("ponto", "arroba"), "nl": ("punt", "at")}


def normalise(text: str, language: str = "en") -> str:
    """``text`` as it should be spoken in ``language`` (English rules when empty or "en*")."""
    lang = (language or "en").lower()
    english = lang.startswith("en")
    ended = text.rstrip()[-1:] in (".", "!", "?")
    had_address = "@" in text or "://" in text or "www." in text
    for rule in RULES if english else NEUTRAL_RULES:
        text = rule(text)
    if not english and had_address:
        dot, at = _ADDRESS_WORDS.get(lang.split("-")[0], ("dot", "at"))
        text = text.replace(" dot ", f" {dot} ").replace(" at ", f" {at} ")
    if ended and text[-1:] not in (".", "!", "?", '"', "'", ")"):
        # "in the U.S." loses its closing period when the initialism is spelled out.
        text += "."
    return text

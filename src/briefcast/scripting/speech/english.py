"""The English newsreader's rules: one small ``str -> str`` function per written convention.

Numbers, dates, times, money, measures, codes, addresses and e-mail and web addresses are read
by their semiotic class in one pass (:mod:`.classes`, one rule of this table). The other rules
rewrite one written form each into the words a newsreader says for it ("Henry VIII" -> "Henry
the Eighth", "Dr. Smith" -> "Doctor Smith", "(D-Mass.)" -> "Democrat of Massachusetts") and
leave everything they are not sure of as written. :func:`rules` gives them in order; the order
is part of the design (see the comment in it). Pure functions, no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .catalogue import catalogue
from .classes import rule_for, spoken_host
from .numbers import cardinal, ordinal

CAT = catalogue()

Rule = Callable[[str], str]

_WEEKDAYS_AND_MONTHS = "|".join(
    sorted({*CAT.weekdays.values(), *CAT.months.values()}, key=len, reverse=True)
)
# Words that open sentences of news prose: an abbreviation's period before one of them also
# ends the sentence ("in Reno, Nev. The"); before any other capitalised word it does not ("U.S.
# Army"). The sentence splitter (briefcast.script) decides with the same list.
SENTENCE_STARTERS = frozenset(
    """the a an this that these those it its he she they we i you his her their our my your
    there here but and so yet or nor if when while as after before since although though
    because in on at by for from with without under over into during about against among
    last next earlier later meanwhile now then today yesterday tomorrow still also however
    instead some many most all both each every few several no one two three four five six
    seven eight nine ten what who why how which where mr mrs ms dr officials police""".split()
)


_END = re.compile(r"\s*$")
_DAY_OR_MONTH_AFTER = re.compile(rf"\s+(?:{_WEEKDAYS_AND_MONTHS})\b")
_CAPITAL_AFTER = re.compile(r"\s+[\"“(]?([A-Z][A-Za-z]*)")
_QUOTE_AFTER = re.compile(r'\s+"')


def _keep_stop(text: str, match: re.Match[str]) -> str:
    """ "." when the abbreviation's period matched by ``match`` also ends a sentence: at the
    end of the text, or before a word that opens sentences."""
    # Matched in place (a pattern with a position), never on a slice of the rest: a slice per
    # match made a text of many matches quadratic.
    end = match.end()
    if _END.match(text, end):
        return "."
    if _DAY_OR_MONTH_AFTER.match(text, end):
        return ""
    following = _CAPITAL_AFTER.match(text, end)
    if following is None:
        return "." if _QUOTE_AFTER.match(text, end) else ""
    return "." if following.group(1).lower() in SENTENCE_STARTERS else ""


# ------------------------------------------------------------------ typography


def straighten_quotes(text: str) -> str:
    """Curly quotes, guillemets and primes to plain ASCII quotes."""
    if "«" in text or "»" in text:
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


def speak_dashes(text: str) -> str:
    """Em and en dashes between words become a pause (a comma)."""
    if "—" in text or "–" in text or "--" in text:
        text = re.sub(r"\s*[—–]\s*(?=[,.;:!?)]|$)", "", text)
        text = re.sub(r"\s*(?:—|–|--)\s*", ", ", text)
    return re.sub(r",\s*,", ",", text) if "," in text else text


# ------------------------------------------------------------------ addresses and symbols

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")


def speak_urls(text: str) -> str:
    """Web addresses read as their site's name only: "https://www.npr.org/x" -> "npr dot org"."""
    if "://" not in text and "www." not in text.lower():
        return text

    def repl(match: re.Match[str]) -> str:
        raw = match.group(0).rstrip(".,;:!?")
        tail = match.group(0)[len(raw) :]
        host = re.sub(r"^(?:https?://)", "", raw, flags=re.IGNORECASE).split("/")[0]
        return spoken_host(host.split(":")[0], spell_codes=False) + tail

    return _URL.sub(repl, text)


def speak_emails(text: str) -> str:
    """E-mail addresses read aloud: "tips@npr.org" -> "tips at npr dot org"."""
    if "@" not in text:
        return text
    return _EMAIL.sub(
        lambda m: (
            f"{m.group(1).replace('.', ' dot ')} at {spoken_host(m.group(2), spell_codes=False)}"
        ),
        text,
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


_DIGIT = re.compile(r"\d")
_SILENT_SIGNS = re.compile(r"[•·▪►▶■□✓✔*_|]+")


def speak_symbols(text: str) -> str:
    """Symbols a voice would skip or spell: "&" -> "and", "+" and "=" between numbers."""
    # Each rewrite runs only when its sign is in the text: most sentences have none.
    if "&" in text:
        # "AT&T", "S&P": both voices read initials joined by "&" well; touch only a free "&".
        text = re.sub(r"(?<![A-Z])\s*&\s*(?![A-Z]{1,3}\b)|\s+&\s+", " and ", text)
    if _DIGIT.search(text):
        text = re.sub(r"(?<=\d)\s?\+\s?(?=\d)", " plus ", text)
        text = re.sub(r"(?<=\d)\s?=\s?(?=\d)", " equals ", text)
        text = re.sub(r"(?<=\d)\s?[x×]\s?(?=\d)", " by ", text)
    if "/" in text:
        text = re.sub(r"\band/or\b", "and or", text)
        # Names joined by a slash make one name ("a Reuters/Ipsos poll"): the slash is
        # silent. Between common words it means "or" and is said ("upgrade/update").
        text = re.sub(r"\b([A-Z][A-Za-z]*)/(?=[A-Z])", r"\1 ", text)
    if "~" in text:
        text = re.sub(r"\b(?:about|around) ~\s?(?=\d)", "about ", text)
        text = re.sub(r"~\s?(?=\d)", "about ", text)
    return _SILENT_SIGNS.sub(" ", text)


def tidy_spaces(text: str) -> str:
    """One space between words, none before punctuation, no comma before a stop."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?=[.;:!?])", "", text)
    return re.sub(r"^,\s*", "", text)


def expand_number_sign(text: str) -> str:
    """ "No. 1" -> "number 1", "Nos. 3 and 4" -> "numbers 3 and 4", "#1" -> "number 1"."""
    if not _DIGIT.search(text):
        return text
    text = re.sub(r"\bNos\.\s?(?=\d)", "numbers ", text)
    text = re.sub(r"\bno\.\s?(?=\d)", "number ", text, flags=re.IGNORECASE)
    return re.sub(r"(?<![\w&])#(?=\d)", "number ", text)


def expand_references(text: str) -> str:
    """Page and part references: "p. 5" -> "page 5", "pp. 12-15" -> "pages 12 to 15", "Fig. 2"
    -> "figure 2", "Vol. 3" -> "volume 3"."""
    if "." not in text or not _DIGIT.search(text):
        return text
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
    if "00" not in text:
        return text
    text = re.sub(r"^1,?000['’]?s\b", "Thousands", text)
    text = re.sub(r"\b1,?000['’]?s\b", "thousands", text)
    text = re.sub(r"^100['’]?s\b(?= of)", "Hundreds", text)
    return re.sub(r"\b100['’]?s\b(?= of)", "hundreds", text)


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
    # A headline in capitals: "PART XL", "WORLD WAR II".
    text = re.sub(rf"\b({_SERIES.upper()}) ([IVXLCDM]+)\b(?![\w'-])", series, text)

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
# Street words after a name ("Elm St."), from the catalogue's abbreviations, and "Mt.".
_STREETS = {k: v for k, v in CAT.streets.items() if k != v} | {"Mt": "Mount"}
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
    states, pattern = _party_tag()

    def repl(match: re.Match[str]) -> str:
        party = _PARTIES[match.group(2)]
        where = states[match.group(3)]
        words = f"{party} of {where}"
        return f", {words}," if match.group(1) else words

    return pattern.sub(repl, text)


@functools.cache
def _party_tag() -> tuple[dict[str, str], re.Pattern[str]]:
    """The state names by every abbreviation, and the pattern of a party-state tag."""
    states = {**STATES, **POSTAL, **{s: s for s in _FULL_STATES}}
    alternatives = "|".join(re.escape(k) for k in sorted(states, key=len, reverse=True))
    return states, re.compile(rf"(\()?\b([DRI])-({alternatives})\b\.?(?(1)\))")


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


_WORDS_OF_TWO_LETTERS = frozenset(
    "am an as at be by do go he if in is it me my no of on or so to up us we".split()
) - {"us"}


def join_initialisms(text: str) -> str:
    """Dotted initialisms as one word of capitals: "U.K." -> "UK", "U.S." -> "US" (which the
    acronym list then reads as letters). One whose letters joined spell a word the engine
    would say as that word ("A.M." is not "am", "I.T." not "it") keeps its periods."""
    if "." not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        word = match.group(0).replace(".", "").upper()
        if word.lower() in _WORDS_OF_TWO_LETTERS:
            return match.group(0).upper()
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
    words: frozenset[str] = ACRONYM_WORDS,
    letters: frozenset[str] = ACRONYM_LETTERS,
    language: str = "en",
) -> tuple[Rule, ...]:
    """The rule table, with the acronym lists given (the defaults plus the producer's) and
    the article's language tag ("en", "en-GB": the locale numeric dates are read in)."""

    def acronyms(text: str) -> str:
        """Acronyms read as words or as letters, from the lists."""
        return speak_acronyms(text, words, letters)

    # Order matters: typography first; the written signs of numbers ("No.", "p.", "1000s")
    # before the classes read the numbers; the semiotic classes (numbers, dates, times, money,
    # measures, codes, addresses, e-mail and web addresses) in one pass; abbreviations after
    # them; symbols and spacing last.
    return (
        straighten_quotes,
        speak_ellipsis,
        expand_party_tags,
        expand_number_sign,
        expand_references,
        expand_thousands_plural,
        rule_for(language),
        speak_tags,
        expand_roman,
        expand_states,
        expand_places,
        expand_titles,
        expand_companies,
        expand_latin,
        join_initialisms,
        acronyms,
        speak_dashes,
        speak_symbols,
        tidy_spaces,
    )


RULES: tuple[Rule, ...] = rules()

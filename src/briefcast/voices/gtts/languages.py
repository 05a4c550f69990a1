"""Which languages and accents gTTS speaks: an article's language tag to gTTS's own code,
and the accents that Google's domains (the ``tld`` setting) give a language."""

from __future__ import annotations

from ...reading.language import normalise_tag, primary

# gTTS codes that differ from the article's primary subtag.
GTTS_ALIASES = {
    "he": "iw",
    "jv": "jw",
    "nb": "no",
    "nn": "no",
    "fil": "tl",
    "zh-hans": "zh-CN",
    "zh-hant": "zh-TW",
    "zh-cn": "zh-CN",
    "zh-tw": "zh-TW",
    "zh-hk": "zh-TW",
    "pt-pt": "pt-PT",
    "fr-ca": "fr-CA",
}
# Accents are chosen by the Google domain (the tld); these are the ones known to differ.
ACCENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("com", "United States"),
        ("co.uk", "United Kingdom"),
        ("com.au", "Australia"),
        ("ca", "Canada"),
        ("co.in", "India"),
        ("ie", "Ireland"),
        ("co.za", "South Africa"),
        ("com.ng", "Nigeria"),
    ),
    "fr": (("fr", "France"), ("ca", "Canada")),
    "pt": (("com.br", "Brazil"), ("pt", "Portugal")),
    "es": (("com.mx", "Mexico"), ("es", "Spain"), ("us", "United States")),
}


def gtts_language(tag: str) -> str:
    """The gTTS language code for a BCP 47 tag, or ``""`` when gTTS has no such voice."""
    from gtts.lang import tts_langs

    langs = tts_langs()
    norm = normalise_tag(tag)
    if not norm:
        return ""
    for candidate in (
        GTTS_ALIASES.get(norm, ""),
        norm,
        GTTS_ALIASES.get(primary(norm), ""),
        primary(norm),
    ):
        for code in langs:
            if candidate and code.lower() == candidate.lower():
                return code
    return ""

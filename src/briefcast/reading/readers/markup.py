"""Markup to plain text, for strings that are spoken or shown: headings, titles, metadata.

A heading such as ``Heading <script>alert('h1')</script> one`` is read as "Heading one", and
``&lt;`` as "<", never "and lt;". Only real HTML elements count as markup, so "x<y" or
"<TICKER>" in prose stay as written, while ``<b>bold</b>`` is emphasis. Script, style and other
non-content elements go with their content; entities are decoded after the tags are gone, so
an escaped ``&lt;b&gt;`` stays visible as the text "<b>".
"""

from __future__ import annotations

import html
import re

# The elements of HTML (WHATWG), plus a few obsolete ones still seen in the wild.
_ELEMENTS = (
    "a abbr acronym address area article aside audio b base basefont bdi bdo big blink "
    "blockquote body br button canvas caption center cite code col colgroup data datalist dd "
    "del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form "
    "frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd "
    "label legend li link main map mark marquee math menu meta meter nav nobr noframes "
    "noscript object ol optgroup option output p param picture pre progress q rp rt ruby s "
    "samp script search section select slot small source span strike strong style sub summary "
    "sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var "
    "video wbr"
)
# Elements whose content is never text to read.
_DROPPED = "script|style|noscript|template|iframe|object|svg|math|head|title|textarea|select"
_DROPPED_OPEN = re.compile(rf"<({_DROPPED})\b[^<>]*>", re.I)
_DROPPED_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in _DROPPED.split("|")}
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAG = re.compile(rf"</?(?:{_ELEMENTS.replace(' ', '|')})(?:\s[^<>]*)?/?>", re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:br|p|div|li|h[1-6]|tr|td|th|blockquote|section|article)\b[^>]*>", re.I
)
_SPACE = re.compile(r"[ \t\u00a0]+")


def _blank(match: re.Match[str]) -> str:
    """As many line breaks as the removed text held, so that line structure survives."""
    return _blank_text(match.group(0))


def _blank_text(removed: str) -> str:
    """A space and as many line breaks as ``removed`` held."""
    return " " + "\n" * removed.count("\n")


def drop_hidden(text: str) -> str:
    """``text`` without HTML comments and script-like elements (their content included); line
    breaks are kept, so a Markdown or plain-text document keeps its paragraphs."""
    if "<" not in text:
        return text
    text = _COMMENT.sub(_blank, text)
    # A loop, not one regex: "<script>.*?</script>" searched the rest of the text for the end
    # from every opening tag, quadratic in a run of unclosed tags. An element without its end
    # tag takes the rest of the text with it.
    kept: list[str] = []
    pos = 0
    while (opening := _DROPPED_OPEN.search(text, pos)) is not None:
        closing = _DROPPED_CLOSE[opening.group(1).lower()].search(text, opening.end())
        end = closing.end() if closing else len(text)
        kept += [text[pos : opening.start()], _blank_text(text[opening.start() : end])]
        pos = end
    kept.append(text[pos:])
    return "".join(kept)


def strip_markup(text: str) -> str:
    """``text`` without HTML elements (script and the like with their content), entities
    decoded; white space inside each line collapsed. Line breaks are kept."""
    if "<" in text:
        text = _TAG.sub(" ", drop_hidden(text))
    if "&" in text:
        text = html.unescape(text)
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n"))


def plain_line(text: str) -> str:
    """One line of plain text from a heading, title or metadata value that may hold markup."""
    if "<" in text:
        text = _BLOCK_TAG.sub(" ", text)
    return " ".join(strip_markup(text).split())

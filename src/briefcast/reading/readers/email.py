"""The e-mail reader: a newsletter saved as ``.eml`` (or piped in) to an :class:`Article`.

The message is parsed by the standard library's :mod:`email` (RFC 5322 and MIME, with its
transfer encodings and charsets). Its HTML part, when there is one, goes through the HTML
reader after the newsletter's own furniture is taken out: the "View in browser" line, the
unsubscribe and preference footer, tracking pixels, and layout tables (newsletters lay out
with tables, which the extractor reads as data); else the plain-text part is read as pasted
text, without its footer and link-tracking URLs. The Subject is the title, the sender's name
the author, and the Date header the date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.utils import parseaddr, parsedate_to_datetime
from typing import Any

from ...errors import ReadError
from ...models import Article, Section
from .base import Document
from .encoding import decode_text, sniff_text
from .html import parse_html
from .markup import plain_line
from .text import parse_plain

# Lines (or small blocks) of newsletter furniture, never part of the letter itself.
FURNITURE = re.compile(
    r"view (?:this (?:e-?mail|newsletter|message) )?(?:in|on) (?:your |a |the )?(?:web )?browser"
    r"|view (?:it )?online|(?:having )?trouble (?:viewing|reading) this"
    r"|unsubscribe|opt[ -]out|(?:update|manage|change|edit) (?:your )?(?:e-?mail )?"
    r"(?:preferences|subscription|settings)|email preferences|preference cent(?:er|re)"
    r"|you (?:are )?(?:are receiving|received|get) this (?:e-?mail|newsletter|message)"
    r"|you(?:'re| are) receiving this|(?:was|were) (?:this|it) forwarded to you"
    r"|forward (?:this )?to a friend|add us to your address book|sent to .{1,80}@"
    r"|no longer (?:wish|want) to receive|why did I get this|copyright ©|all rights reserved",
    re.IGNORECASE,
)
# A header line of RFC 5322: a field name, a colon and a value.
_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_KNOWN_HEADERS = re.compile(
    r"^(?:from|to|subject|date|message-id|mime-version|received|"
    r"return-path|delivered-to|content-type|reply-to|x-[\w-]+):",
    re.IGNORECASE | re.MULTILINE,
)
# Click-tracking redirectors and tracking query strings in plain-text letters.
TRACKING_URL = re.compile(
    r"<?\(?https?://[^\s<>()]*(?:/(?:track|click|ls/click|c/|e/|open|wf/click|redirect|r/)"
    r"|[?&](?:utm_[a-z]+|mc_[ce]id|trk|tracking|oly_[a-z]+_id)=|list-manage\.com|"
    r"sendgrid\.net|mailchi\.mp|ct\.sendgrid|links\.[\w.-]+|click\.[\w.-]+)[^\s<>()]*\)?>?",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"^\s*<?https?://\S+>?\s*$")
# The blocks that can be furniture; the letter's own container is never this small.
_BLOCKS = ("p", "div", "td", "tr", "li", "span", "a", "table", "center", "footer", "header")
FURNITURE_MAX_CHARS = 400
# Bounds checked before the standard library parses: its header parser takes time and memory
# growing with the square of a header's encoded words (a 200 KB Subject peaked at 852 MB), and
# it recurses once per level of MIME nesting and of comments in an address.
MAX_HEADER_CHARS = 4096
MAX_CONTAINERS = 100
_CONTAINER = re.compile(rb"^content-type:[ \t]*(?:multipart/|message/rfc822)", re.I | re.M)


class _BoundedPolicy(EmailPolicy):
    """The default policy, with every header value cut to :data:`MAX_HEADER_CHARS` before it
    is parsed (a Subject or From longer than that is damaged or hostile)."""

    def header_fetch_parse(self, name: str, value: Any) -> Any:
        """The header object of ``value``, cut first."""
        if isinstance(value, str) and len(value) > MAX_HEADER_CHARS:
            value = value[:MAX_HEADER_CHARS]
        return super().header_fetch_parse(name, value)


_POLICY = _BoundedPolicy()


class EmailReader:
    """E-mail messages: ``.eml`` files, ``message/rfc822``, or text that opens with mail
    headers (From, Subject, Date, MIME-Version ...)."""

    name = "email"
    extensions = frozenset({".eml", ".msg822", ".mht"})
    media_types = frozenset({"message/rfc822"})

    def sniff(self, doc: Document) -> bool:
        """A block of header lines at the top, with at least two fields mail always has."""
        head = sniff_text(doc.head).replace("\r\n", "\n").lstrip("\n")
        block = head.split("\n\n", 1)[0]
        first = block.split("\n", 1)[0]
        return (
            bool(_HEADER_LINE.match(first))
            and len(_KNOWN_HEADERS.findall(block)) >= 2
            and bool(re.search(r"^(?:from|subject):", block, re.I | re.M))
        )

    def read(self, doc: Document) -> Article:
        """Parse the message and read its HTML part, else its text part."""
        return parse_email(doc.data, doc.source, doc.label)


READER = EmailReader()


def parse_email(data: bytes, source: str, label: str) -> Article:
    """The article a newsletter message holds, titled by its Subject."""
    containers = len(_CONTAINER.findall(data))
    if containers > MAX_CONTAINERS:
        raise ReadError(
            f"{label} has {containers} multipart or message/rfc822 parts, more than the "
            f"{MAX_CONTAINERS} nested MIME parts a letter has (a damaged or hostile message)"
        )
    try:
        return _parse_email(data, source, label)
    except RecursionError:
        raise ReadError(
            f"{label} has nested MIME parts or header comments too deep to read "
            "(a damaged or hostile message)"
        ) from None


def _parse_email(data: bytes, source: str, label: str) -> Article:
    """:func:`parse_email` once the bounds are checked."""
    message = BytesParser(policy=_POLICY).parsebytes(data)
    if not isinstance(message, EmailMessage) or not (
        _header(message, "From") or _header(message, "Subject")
    ):
        raise ReadError(f"{label} is not an e-mail message (no From or Subject header)")
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        raise ReadError(f"{label} is an e-mail without a text or HTML part to read")
    try:
        article = _read_part(body, source, label)
    except ReadError:
        # An HTML letter that is all images or furniture may still have a readable text part.
        plain = message.get_body(preferencelist=("plain",))
        if plain is None or plain is body:
            raise
        article = _read_part(plain, source, label)
    sections = (
        Section(s.title, tuple(p for p in map(_untracked, s.paragraphs) if p))
        for s in article.sections
    )
    article = replace(article, sections=tuple(s for s in sections if s.paragraphs))
    if not article.sections:
        raise ReadError(f"{label} holds nothing to read but links")
    return replace(article, **_header_metadata(message))  # type: ignore[arg-type]


def _read_part(part: MIMEPart, source: str, label: str) -> Article:
    """Read one text/html or text/plain part of the message."""
    raw = part.get_payload(decode=True)
    payload = raw if isinstance(raw, bytes) else b""
    charset = part.get_content_charset() or ""
    text = decode_text(payload, label, charset)
    if part.get_content_type() == "text/html":
        return parse_html(strip_newsletter_html(text), source)
    return parse_plain(strip_newsletter_text(text), source)


def _untracked(paragraph: str) -> str:
    """A paragraph without link-tracking URLs (left in the text of the letter)."""
    return " ".join(TRACKING_URL.sub("", paragraph).split())


def _header(message: EmailMessage, name: str) -> str:
    """The header ``name`` as text ("" when absent). The standard library's parser of
    structured headers fails on some damaged ones ("From: a@" raises IndexError); those are
    taken as written, their encoded words decoded where they can be."""
    try:
        return str(message[name] or "")
    except (IndexError, ValueError, TypeError, AttributeError, MessageError, RecursionError):
        # RecursionError: thousands of nested comments in an address.
        raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), "")
        raw = str(raw)[:MAX_HEADER_CHARS]
        try:
            return str(make_header(decode_header(str(raw))))
        except (ValueError, LookupError, MessageError):  # the raw text is the best left
            return str(raw)


def _header_metadata(message: EmailMessage) -> dict[str, object]:
    """Title, author and date from the Subject, From and Date headers (when present)."""
    found: dict[str, object] = {}
    subject = plain_line(
        re.sub(r"^(?:(?:re|fwd?|aw|tr)\s*:\s*)+", "", _header(message, "Subject"), flags=re.I)
    )
    if subject:
        found["title"] = subject
    try:
        name, address = parseaddr(_header(message, "From"))
    except RecursionError:  # nested comments, which parseaddr reads by recursing
        name, address = "", ""
    author = plain_line(name) or address.split("@")[0]
    if author:
        found["byline"] = author
    try:
        date_header = _header(message, "Date")
        when = parsedate_to_datetime(date_header) if date_header else None
    except (TypeError, ValueError, OverflowError):  # a date no calendar holds
        when = None
    if when is not None:
        found["date"] = when if when.tzinfo else when.replace(tzinfo=UTC)
    return found


def strip_newsletter_html(page: str) -> str:
    """The newsletter's HTML without its furniture, tracking pixels and layout tables."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return page
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag == "img" and _is_pixel(el) or _is_hidden(el):
            # Tracking pixels, and the hidden "preheader" that inboxes show as a preview.
            el.drop_tree()
    doomed = []
    for el in root.iter(*_BLOCKS):
        own = " ".join(el.text_content().split())
        if own and len(own) <= FURNITURE_MAX_CHARS and FURNITURE.search(own):
            doomed.append(el)
    for el in doomed:
        # Document order: the largest block that is all furniture goes first, with whatever
        # smaller furniture it holds.
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th", "center"):
        # Layout tables read as blocks of text, which the extractor keeps.
        el.tag = "div"
    _mark_letter(root)
    return lxml.html.tostring(root, encoding="unicode")


def _mark_letter(root: Any) -> None:
    """Make the block that holds most of the letter's text an ``<article>``.

    Newsletters have no ``<article>`` or ``<main>``; without one the extractor reads the text
    but loses the headings between the paragraphs.
    """
    if any(True for _ in root.iter("article", "main")):
        return
    body = root.find("body")
    node = body if body is not None else root
    while True:
        total = len(" ".join(node.text_content().split()))
        child = next(
            (
                c
                for c in node
                if isinstance(c.tag, str) and len(" ".join(c.text_content().split())) >= 0.6 * total
            ),
            None,
        )
        if child is None or child.tag not in ("div", "section"):
            break
        node = child
    if node is not body and node is not root:
        node.tag = "article"
    elif body is not None:
        # The letter's blocks stand right in <body> (a short letter): they become one article,
        # or its headings ("What changes") would be lost.
        article = body.makeelement("article", {})
        article.text, body.text = body.text, None
        for child in list(body):
            article.append(child)
        body.append(article)


def _is_hidden(el: Any) -> bool:
    """An element styled out of sight."""
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def _is_pixel(img: Any) -> bool:
    """A tracking pixel: an image of at most 3 by 3 pixels."""
    style = (img.get("style") or "").replace(" ", "").lower()
    sizes = [img.get("width") or "", img.get("height") or ""]
    sizes += re.findall(r"(?:width|height):(\d+)px", style)
    numbers = [int(s) for s in (x.rstrip("px") for x in sizes) if s.isdigit()]
    return bool(numbers) and min(numbers) <= 3


def strip_newsletter_text(text: str) -> str:
    """A plain-text newsletter without its furniture lines, its signature and footer, and its
    link-tracking URLs."""
    lines = text.split("\n")
    if "-- " in lines:
        lines = lines[: lines.index("-- ")]
    kept = []
    for line in lines:
        if FURNITURE.search(line) and len(line) <= FURNITURE_MAX_CHARS:
            continue
        line = TRACKING_URL.sub("", line)
        if _BARE_URL.match(line):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept)

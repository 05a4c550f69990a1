"""The HTML reader: an article page to an :class:`Article` with sections at its headings.

Why trafilatura: it is the best-measured open-source main-text extractor (top F1 in the
ScrapingHub article-extraction benchmark and in Bevendorff et al., SIGIR 2023), and it reads
title, author, date and site name from the page's meta tags, JSON-LD and markup (with htmldate
for dates), which would otherwise be a second, weaker extractor to maintain. Its XML output keeps
``<head>`` elements, so headings survive as section breaks.

The reader is never worse than its parts:

1. The page is parsed once. A copy is pre-cleaned of what a listener must never hear and
   trafilatura keeps (navigation, ads, share and subscription boxes, print-only and hidden
   blocks, figures): a block is removed on a class or role hint only when it holds a small
   share of the page's visible text, so a wrapper with a widget-like class is never the casualty
   (a hinted block whose text is all links, a menu, goes at any size).
2. trafilatura extracts from the cleaned copy (its default mode, without its slower fallback
   extractors). Only when that extraction is suspicious (short for the page, or holding
   little of the page's prose) is the untouched page extracted as well, so a healthy page
   costs one pass: when the cleaned extraction is much shorter than the untouched one (the
   cleaning removed the article, or the extractor chose the wrong block), the page is read as
   trafilatura alone reads it, fallbacks included; where both agree on the article,
   paragraphs that the cleaned pass dropped inside it come back.
3. readability-lxml is asked only when the two disagree on what the article is or when the
   extraction is suspiciously short for the page; its text is taken when it holds trafilatura's
   text and much more besides (an article split across blocks that trafilatura read in part).
4. The XML becomes sections: each heading opens a section (two headings in a row are joined
   into one), text after a heading or between blocks is kept, line breaks inside a paragraph
   separate lines of a list-like paragraph, layout tables are read as text and data tables
   row by row with their headers (or announced and skipped, by ``tables="skip"``).
5. The paragraphs go through :mod:`briefcast.reading.clean` with the HTML-only cleaners
   (teasers, tag lists, promos, time stamps, company boilerplate), and the language is detected
   on the extracted text, which beats a template's ``<html lang>`` when they disagree.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...config import one_of
from ...errors import ReadError
from ...models import Article, Section
from .. import clean, language
from .base import Document
from .common import article_from_sections, join_headings, parse_date, same_text
from .encoding import decode_text, sniff_text

log = logging.getLogger(__name__)

TABLE_MODES = ("read", "skip")

# Elements whose text is never article text, removed outright.
_ALWAYS_JUNK = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "select",
    "button",
    "figcaption",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "picture",
    "map",
)
# Elements that usually hold no article text: removed when they hold a small share of it.
_LIKELY_JUNK = ("nav", "aside", "footer", "form", "figure", "dialog")
_JUNK_TOKENS = frozenset(
    "ad ads advert adverts advertisement advertising sponsor sponsored promo promotion banner "
    "cookie cookies consent gdpr newsletter signup subscribe subscription related recommended "
    "recirculation outbrain taboola share sharing social comments comment credit breadcrumb "
    "breadcrumbs paywall popup modal toolbar tools reprint reprints tags tag-list taglist hidden "
    "visually-hidden sr-only screen-reader-text print-only print-header print-footer "
    "printheader printfooter".split()
)
# A junk token as a whole word of a class or id: "share-tools", "modal_box", "ad".
_JUNK_NAME = re.compile(
    r"(?:^|[\s_-])(?:"
    + "|".join(sorted(map(re.escape, _JUNK_TOKENS), key=len, reverse=True))
    + r")(?=$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_JUNK_ROLES = frozenset(
    {"navigation", "banner", "complementary", "contentinfo", "dialog", "alert", "search"}
)
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
# A hinted block holding at least this share of the page's visible text is the article itself.
GUARD_SHARE = 0.3
# The cleaned extraction must keep this share of the untouched page's extraction.
KEEP_SHARE = 0.6
# readability's text replaces trafilatura's when it holds this share of trafilatura's
# shingles and at least this many times its words.
AGREE_SHARE = 0.8
MORE_FACTOR = 1.5
# Extractions below this share of the page's visible words are double-checked by readability.
SHORT_SHARE = 0.4


def parse_html(text: str, source: str, url: str = "", *, tables: str = "read") -> Article:
    """Extract the article from an HTML page, keeping headings as sections.

    ``tables`` is ``"read"`` (data tables read row by row with their headers) or ``"skip"``
    (announced and skipped); layout tables are read as text either way.
    """
    import lxml.html
    from lxml import etree

    if tables not in TABLE_MODES:
        raise ValueError(f"tables must be one of {TABLE_MODES}, not {tables!r}")
    # lxml refuses a str that still declares its encoding, and the text is decoded by now:
    # an XHTML page's XML declaration says nothing more.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{source} is not an HTML page that can be parsed") from exc
    meta_lang = _page_language(root)
    image = lead_image(root, url, source)  # before cleaning, which removes figures
    doc = _extract(text, root, url)
    if doc is None:
        raise ReadError(
            f"{source} holds no article text that could be extracted (is it an "
            "article page? a page built by JavaScript cannot be read)"
        )
    main = doc.find("main")
    main = main if main is not None else doc
    title = _headline_title(main, " ".join((doc.get("title") or "").split()))
    sections = _sections(main, title, tables)
    if not sections:
        raise ReadError(f"{source} holds no article text that could be extracted")
    sections = _clean_sections(sections)
    if not sections:
        raise ReadError(f"{source} holds no article text once widgets and promos are removed")
    author = doc.get("author") or ""
    lang = _settle_language(meta_lang, sections)
    return article_from_sections(
        sections,
        source,
        title=title,
        byline=author.replace(";", " and"),
        date=parse_date(doc.get("date") or ""),
        source_url=doc.get("url") or url,
        language=lang,
        site_name=doc.get("sitename") or "",
        image=image,
    )


# ---------------------------------------------------------------- choosing the text


def _extract(page: str, root: Any, url: str) -> Any:
    """trafilatura's XML of the article, from the cleaned page, the untouched one or readability.

    Returns ``None`` when no extractor finds any text.
    """
    visible = _strip_always_junk(root)
    # The page as trafilatura alone would read it: only what is never text (scripts, styles,
    # embeds) is gone, which trafilatura removes first anyway.
    untouched = copy.deepcopy(root)
    _strip_boilerplate(root, visible)
    kept_text = _token_text(root.text_content())
    prose = _prose_runs(root)

    def suspicious(doc: Any, words: int) -> bool:
        """No text, short for the page, or holding little of the page's prose."""
        return (
            doc is None or words < SHORT_SHARE * visible or _prose_share(prose, doc) < PROSE_SHARE
        )

    cleaned = _trafilatura(root, url, metadata=True, fast=True)
    cleaned_words = _word_count(cleaned)
    if not suspicious(cleaned, cleaned_words):
        return cleaned  # a healthy page: one pass
    # The page as trafilatura alone reads it, to compare.
    raw = _trafilatura(untouched, url, metadata=False, fast=True)
    if cleaned is not None and raw is not None:
        _restore_inner_paragraphs(cleaned, raw, kept_text)
    raw_words = _word_count(raw)
    chosen, words = cleaned, cleaned_words
    if raw is not None and cleaned_words < KEEP_SHARE * raw_words:
        log.info(
            "pre-cleaning left %d of %d words; reading the page as it is", cleaned_words, raw_words
        )
        # The untouched page as trafilatura alone reads it (all its extractors, its metadata).
        alone = _trafilatura(page, url, metadata=True)
        chosen = _with_metadata(raw, cleaned) if alone is None else alone
        words = _word_count(chosen)
    disagree = (
        cleaned is not None
        and raw is not None
        and _overlap(_main_text(cleaned), _main_text(raw)) < 0.5
    )
    if disagree or suspicious(chosen, words):
        better = _readability(untouched, chosen, url, prose)
        if better is not None:
            chosen = _with_metadata(better, cleaned if cleaned is not None else raw)
    if chosen is None:
        # Nothing found yet: trafilatura alone, with all its fallbacks, has the last word.
        chosen = _trafilatura(page, url, metadata=True)
    return chosen


# Runs of text of at least this many words (between block boundaries and line breaks) are the
# page's prose: an article is made of them, menus, tables of fixtures and link lists are not.
PROSE_WORDS = 20
# An extraction holding less than this share of the page's prose is double-checked.
PROSE_SHARE = 0.5
_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark nobr q s samp small span "
    "strike strong sub sup time tt u var".split()
)


def _prose_runs(root: Any) -> list[str]:
    """The page's runs of prose (see :data:`PROSE_WORDS`), as token texts."""
    runs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            words = " ".join(current).split()
            if len(words) >= PROSE_WORDS:
                runs.append(_token_text(" ".join(words)))
            current.clear()

    def walk(el: Any) -> None:
        block = el.tag not in _INLINE_TAGS
        if block:
            flush()
        if el.text:
            current.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    flush()
                else:
                    walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush()

    body = root.find("body")
    walk(body if body is not None else root)
    return runs


def _prose_share(prose: list[str], doc: Any) -> float:
    """Share of the page's prose words that ``doc`` (trafilatura XML) holds; 1 when the page
    has no prose to speak of."""
    total = sum(len(run.split()) for run in prose)
    if doc is None:
        return 0.0
    if not total:
        return 1.0
    text = _token_text(_main_text(doc))
    return sum(len(run.split()) for run in prose if run in text) / total


def _token_text(text: str) -> str:
    """``text`` as its ``\\w+`` tokens, space-separated and padded, for containment tests."""
    return " " + " ".join(re.findall(r"\w+", text)) + " "


def _restore_inner_paragraphs(cleaned: Any, raw: Any, kept_text: str) -> None:
    """Put back what trafilatura's precision mode dropped from inside the article.

    The untouched page's extraction is read paragraph by paragraph. A paragraph that matches
    one of the cleaned extraction (most of the shorter one's 4-word runs are in the other) but
    is longer
    replaces it: precision mode drops a link's words from the middle of a sentence. A
    paragraph that matches none is restored when it lies between two that match: the two
    extractions agree on where the article is, and the one that read more fills its gaps.
    Either way its text must have survived the pre-cleaning, so no teaser or widget removed on
    purpose comes back.
    """
    main, raw_main = cleaned.find("main"), raw.find("main")
    if main is None or raw_main is None:
        return
    index: dict[tuple[str, ...], Any] = {}
    sizes: dict[Any, int] = {}
    for el in main:
        runs = _shingles("".join(el.itertext()))
        sizes[el] = len(runs)
        for run in runs:
            index.setdefault(run, el)
    theirs = list(raw_main)
    matches: list[Any] = []
    for el in theirs:
        counts: dict[Any, int] = {}
        runs = _shingles("".join(el.itertext()))
        for run in runs:
            if run in index:
                counts[index[run]] = counts.get(index[run], 0) + 1
        best = max(counts, key=counts.__getitem__, default=None)
        # The same paragraph when most of the shorter one's runs are in the other.
        same = best is not None and counts[best] >= 0.5 * min(sizes[best], len(runs))
        matches.append(best if same else None)
    shared = [i for i, m in enumerate(matches) if m is not None]
    if not shared:
        return
    anchor = None
    for i in range(shared[0], shared[-1] + 1):
        el, match = theirs[i], matches[i]
        text = _token_text("".join(el.itertext()))
        usable = el.tag in ("p", "list", "quote") and text in kept_text
        if match is not None:
            anchor = match
            longer = len(text.split()) > len(_token_text("".join(match.itertext())).split())
            if usable and longer and el.tag == match.tag == "p" and match.getparent() is main:
                restored = copy.deepcopy(el)
                restored.tail = match.tail
                main.replace(match, restored)
                anchor = restored
        elif usable and anchor is not None and len(text.split()) >= 5:
            restored = copy.deepcopy(el)
            restored.tail = None
            anchor.addnext(restored)
            anchor = restored


def _trafilatura(
    tree: Any, url: str, *, metadata: bool, precise: bool = False, fast: bool = False
) -> Any:
    """trafilatura's XML tree of the main text of ``tree`` (``None`` when it finds none)."""
    import trafilatura
    from lxml import etree

    try:
        xml = _extract_xml(trafilatura, tree, url, metadata, precise, fast)
    except etree.XMLSyntaxError:
        # trafilatura re-reads the XML it wrote, and fails when the page gave an element or an
        # attribute a name XML refuses (HTML parsers keep `<stron]]>` and `button"`): read the
        # page again without them.
        try:
            xml = _extract_xml(trafilatura, _xml_names_only(tree), url, metadata, precise, fast)
        except etree.XMLSyntaxError as exc:
            log.debug("trafilatura could not read its own output (%s)", exc)
            return None
    if not xml:
        return None
    # trafilatura can write an attribute a damaged page gave it that XML does not allow: the
    # recovering parser keeps the text and drops what cannot be read.
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    return etree.fromstring(xml.encode("utf-8"), parser)


_XML_NAME = re.compile(r"[A-Za-z_][-A-Za-z0-9._:]*\Z")


def _xml_names_only(page: Any) -> Any:
    """A copy of ``page`` (a tree or markup) whose elements and attributes all have names
    XML allows: an element named otherwise (``<stron]]>``) gives its content to its parent."""
    import lxml.html

    root = copy.deepcopy(page) if not isinstance(page, str) else lxml.html.document_fromstring(page)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if any(not _XML_NAME.match(n) for n in el.attrib):
            # Rebuilt rather than deleted by name: lxml cannot name some of them ("{x").
            kept = [(n, v) for n, v in el.attrib.items() if _XML_NAME.match(n)]
            el.attrib.clear()
            for name, value in kept:
                el.set(name, value)
        if not _XML_NAME.match(el.tag) and el.getparent() is not None:
            el.drop_tag()
    return root


# htmldate's settings (trafilatura types them as str, htmldate reads booleans).
_DATE_PARAMS: Any = {"original_date": True, "extensive_search": False}


def _extract_xml(
    trafilatura: Any, tree: Any, url: str, metadata: bool, precise: bool, fast: bool
) -> str | None:
    """trafilatura's XML output for ``tree`` (the settings every pass shares).

    What ``trafilatura.extract(output_format="xml")`` returns, without the content
    fingerprint (a simhash) it computes for every XML extraction and nothing here reads: a
    twentieth of the reader's time.
    """
    from trafilatura.core import determine_returnstring
    from trafilatura.settings import Extractor

    options = Extractor(
        output_format="xml",
        fast=fast,
        precision=precise,
        comments=False,
        formatting=False,
        links=False,
        images=False,
        tables=True,
        dedup=False,
        url=url or None,
        with_metadata=metadata,
        # The page's own dates (meta tags, JSON-LD, <time>) only: htmldate's extensive search
        # hands free text to dateparser, which on a damaged or unusual string compiles its
        # patterns for every language (seconds of CPU for one page).
        date_params=_DATE_PARAMS,
    )
    document = trafilatura.bare_extraction(tree, options=options, as_dict=False)
    if document is None:
        return None
    return determine_returnstring(document, options)  # type: ignore[no-any-return]


def _word_count(doc: Any) -> int:
    """Words of the main text of a trafilatura XML tree (0 for none)."""
    if doc is None:
        return 0
    main = doc.find("main")
    return len(" ".join((main if main is not None else doc).itertext()).split())


def _with_metadata(body: Any, meta: Any) -> Any:
    """``body``'s text with the metadata (title, author, date) read from ``meta``."""
    if meta is not None:
        for key, value in meta.attrib.items():
            body.set(key, value)
    return body


def _overlap(a: str, b: str) -> float:
    """Share of the smaller text's 4-word shingles found in the other."""
    sa, sb = _shingles(a), _shingles(b)
    small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(small & big) / len(small) if small else 1.0


def _contained(inner: str, outer: str) -> float:
    """Share of ``inner``'s 4-word shingles found in ``outer``."""
    si = _shingles(inner)
    return len(si & _shingles(outer)) / len(si) if si else 1.0


def _main_text(doc: Any) -> str:
    """The text of a trafilatura XML tree's ``<main>``."""
    main = doc.find("main")
    return " ".join((main if main is not None else doc).itertext())


def _shingles(text: str) -> set[tuple[str, ...]]:
    """The set of 4-word shingles of ``text``."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def _readability(page: Any, chosen: Any, url: str, prose: list[str]) -> Any:
    """readability-lxml's article as trafilatura XML, when it should replace ``chosen``.

    readability merges sibling blocks of the article that trafilatura may read in part; its
    text is taken when it holds the extraction so far and is much longer, or when nothing else
    found any text. When the two disagree on which block is the article (a sidebar, a menu or
    a table of fixtures that trafilatura's fast pass took for it), a third signal decides:
    trafilatura's full extraction (its own fallbacks compared), taken with the one it agrees
    with; a tie goes to the one holding more of the page's prose.
    """
    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(page).summary()
    except (Unparseable, ValueError, TypeError):
        return None
    found = _trafilatura(summary, url, metadata=False, fast=True)
    if found is None:
        return None
    if chosen is None:
        log.info("readability found text where trafilatura found none")
        return found
    ours, theirs = _main_text(chosen), _main_text(found)
    if (
        len(theirs.split()) >= MORE_FACTOR * len(ours.split())
        and _contained(ours, theirs) >= AGREE_SHARE
    ):
        log.info("readability holds the extraction and more; reading its text")
        return found
    if _overlap(ours, theirs) >= 0.5:
        return None
    full = _trafilatura(page, url, metadata=False)
    if full is None:
        return None
    arbiter = _main_text(full)
    with_ours, with_theirs = _contained(arbiter, ours), _contained(arbiter, theirs)
    if abs(with_theirs - with_ours) < 0.1:
        take = _prose_share(prose, found) > _prose_share(prose, chosen)
    else:
        take = with_theirs > with_ours
    if take:
        log.info(
            "trafilatura's fast pass and readability disagree; the full pass sides with readability"
        )
        return found
    return None


# ---------------------------------------------------------------- pre-cleaning


# Where a page names its lead picture, surest first.
_IMAGE_META = (
    "og:image:secure_url",
    "og:image:url",
    "og:image",
    "twitter:image",
    "twitter:image:src",
)


def lead_image(root: Any, url: str = "", source: str = "") -> str:
    """The page's lead picture: its ``og:image``, else ``twitter:image``, else ``<link
    rel="image_src">``, else the first figure's (or the article's first) ``<img>``; as an
    absolute address when the page's own is known (``<base href>`` honoured), else, for a
    saved page (``source`` a file), as a path from the page's folder; "" when none.
    """
    from urllib.parse import urljoin

    found = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key in _IMAGE_META and value and key not in found:
            found[key] = value
    src = next((found[k] for k in _IMAGE_META if k in found), "")
    if not src:
        link = next(
            (el for el in root.iter("link") if (el.get("rel") or "").lower() == "image_src"), None
        )
        src = (link.get("href") or "").strip() if link is not None else ""
    if not src:
        for path in ("//figure//img", "//article//img", "//main//img"):
            images = [i for i in root.xpath(path) if (i.get("src") or "").strip()]
            if images:
                src = images[0].get("src").strip()
                break
    if not src or src.startswith("data:"):
        return ""
    base = next((b.get("href") for b in root.iter("base") if b.get("href")), "")
    if base or url:
        return urljoin(urljoin(url, base) if base else url, src)
    if "://" in src or not source or source == "-" or "://" in source:
        return src
    from pathlib import Path

    local = Path(src.split("?", 1)[0].split("#", 1)[0])
    return str(local if local.is_absolute() else Path(source).parent / local)


def _page_language(root: Any) -> str:
    """The language the page declares: ``<html lang>``, else a language meta tag."""
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    if not lang:
        for meta in root.iter("meta"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in ("content-language", "og:locale", "language"):
                lang = meta.get("content", "")
                break
    return language.normalise_tag(lang.replace("_", "-"))


def _strip_always_junk(root: Any) -> int:
    """Remove scripts, styles, embeds and comments; return the visible words left on the page."""
    from lxml import etree

    doomed = []
    # Only the tags looked at are visited (lxml filters them in C; the HTML parser gives
    # tag names in lower case).
    for el in root.iter(etree.Comment, "div", *_ALWAYS_JUNK):
        if not isinstance(el.tag, str):
            doomed.append(el)
            continue
        tag = el.tag
        if tag == "script" and "ld+json" in (el.get("type") or ""):
            continue  # JSON-LD holds the author and date that trafilatura reads
        if tag in _ALWAYS_JUNK:
            if tag == "figcaption" and _quoted(el):
                continue
            doomed.append(el)
        elif tag == "div" and not len(el) and not (el.text or "").strip():
            # An empty spacer: dropped so that the text after it stays with its heading
            # (trafilatura's precision mode loses the tail of a spacer inside an <h2>).
            doomed.append(el)
    for el in doomed:
        _drop(el)
    body = root.find("body")
    return len((body if body is not None else root).text_content().split())


def _drop(el: Any) -> None:
    """Remove ``el`` and its content, keeping the text that follows it."""
    if el.getparent() is not None:
        el.drop_tree()


def _strip_boilerplate(root: Any, visible: int) -> None:
    """Remove navigation, ads, cookie banners, figures, hidden and related boxes, in place.

    A block is removed on a hint (its tag, class, id, role or being hidden) only when it holds
    less than :data:`GUARD_SHARE` of the page's visible words: a class name is only a hint, and
    a block holding much of the page's text is the article itself ("post-body share-enabled",
    "box article modal-enabled", a ``<form>`` around the whole page).
    """
    doomed = []
    for el in _hinted()(root):
        tag = el.tag
        if not isinstance(tag, str) or tag in _KEEP_TAGS or tag == "script":
            continue
        if _is_hinted_junk(el, tag):
            words = len(el.text_content().split())
            if words < GUARD_SHARE * visible or _all_links(el):
                doomed.append(el)
    for el in doomed:
        _drop(el)
    for quote in root.iter("blockquote"):
        _open_quoted_captions(quote)
    for el in list(root.iter("header")):
        if _is_article_header(el):
            # trafilatura's precision mode drops every <header>, the article's own with it.
            el.tag = "div"
    for el in [e for e in root.iter(*_TEASER_TAGS) if _is_link_teaser(e)]:
        _drop(el)
    for el in [e for e in root.iter("td", "th") if _is_link_cell(e)]:
        _drop(el)


@functools.cache
def _hinted() -> Any:
    """The elements :func:`_is_hinted_junk` can say yes to, as an XPath: a likely-junk tag or a
    hinting attribute. lxml selects them in C, so a page's many plain elements are never
    visited in Python."""
    from lxml import etree

    tags = " or ".join(f"self::{t}" for t in (*_LIKELY_JUNK, "header"))
    attrs = " or ".join(f"@{a}" for a in ("class", "id", "role", "style", "hidden", "aria-hidden"))
    return etree.XPath(f"//*[{tags} or {attrs}]")


def _is_article_header(el: Any) -> bool:
    """Whether a ``<header>`` is an article's own (headline, standfirst): one inside an
    ``<article>`` or ``<main>``. A page's masthead, whose ``<h1>`` is often the site's name,
    is not."""
    return any(a.tag in ("article", "main") for a in el.iterancestors())


_TEASER_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "dt", "dd")


def _is_link_teaser(el: Any) -> bool:
    """A paragraph, list item or heading that is all one link to another page: a teaser.

    "SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'" as a link between paragraphs, a
    list of "related" headlines, a card whose blurb sits inside its link. An anchor within the
    page (``#section``) is not a link away.
    """
    text = "".join(el.text_content().split())
    if len(text) < 12 or el.getparent() is None:
        return False
    if any(_links_away(a) for a in el.iterancestors("a")):
        return True
    return _linked_chars(el) >= 0.9 * len(text)


def _linked_chars(el: Any) -> int:
    """How many characters (white space aside) of ``el`` are in links to other pages."""
    return sum(
        len("".join(a.text_content().split()))
        for a in el.iter("a")
        if _links_away(a) and not any(_links_away(b) for b in a.iterancestors("a"))
    )


def _all_links(el: Any) -> bool:
    """Whether all the text of ``el`` is in links to other pages: a menu or a list of
    headlines, navigation at any size."""
    text = len("".join(el.text_content().split()))
    return text > 0 and _linked_chars(el) >= 0.9 * text


def _is_link_cell(cell: Any) -> bool:
    """A table cell of two or more links and nothing else: a layout table's navigation."""
    links = [a for a in cell.iter("a") if _links_away(a)]
    if len(links) < 2:
        return False
    text = len("".join(cell.text_content().split()))
    return sum(len("".join(a.text_content().split())) for a in links) >= 0.9 * text


def _links_away(a: Any) -> bool:
    """Whether the ``<a>`` leads to another page (not an anchor, script or nothing)."""
    href = (a.get("href") or "").strip().lower()
    return bool(href) and not href.startswith(("#", "javascript:"))


def _open_quoted_captions(quote: Any) -> None:
    """Let trafilatura read the captions an article sets in a blockquote: it drops every
    ``<figure>`` and every element with "caption" in its class or id."""
    for el in quote.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("figure", "figcaption"):
            el.tag = "div" if el.tag == "figure" else "p"
        for name in ("class", "id"):
            if "caption" in el.get(name, "").lower():
                del el.attrib[name]


def _quoted(el: Any) -> bool:
    """Whether ``el`` is inside a ``<blockquote>``: what an article sets in a blockquote, an
    image's caption included, the author put into the text on purpose."""
    return any(a.tag == "blockquote" for a in el.iterancestors())


def _is_hinted_junk(el: Any, tag: str) -> bool:
    """Whether ``el``'s tag, class, id, role or visibility says it is not article text."""
    if tag in _LIKELY_JUNK:
        return not (tag == "figure" and _quoted(el))
    if tag == "header":
        parent = el.getparent()
        if parent is not None and parent.tag in ("body", "html"):
            return True
    if not len(el.attrib):
        return False
    get = el.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    names = f"{get('class', '')} {get('id', '')}"
    if names != " " and _junk_names(names):
        return True
    role = get("role")
    return bool(role) and role.lower() in _JUNK_ROLES


@functools.lru_cache(maxsize=4096)
def _junk_names(names: str) -> bool:
    """Whether a class and id (``"share-tools modal_box"``) name a widget; a page repeats a
    few class names hundreds of times, so the answer is remembered."""
    return _JUNK_NAME.search(names) is not None


# ---------------------------------------------------------------- XML to sections

# A heading of this many words that ends like a sentence is a standfirst set as a heading.
SENTENCE_HEADING_WORDS = 12


def _headline_title(main: Any, title: str) -> str:
    """The title, once the headline that opens the text (an ``<h1>``) is taken out of it.

    The page's own headline is not a chapter. It becomes the title when the page's metadata
    has none or holds it with more besides ("Headline - Site name - Tagline"); a metadata title
    that differs (an SEO title) is kept.
    """
    first = next(iter(main), None)
    if first is None or first.tag != "head" or first.get("rend") != "h1":
        return title
    headline = _words("".join(first.itertext()))
    tail = _words(first.tail or "")
    main.remove(first)
    if tail:
        paragraph = main.makeelement("p", {})
        paragraph.text = tail
        main.insert(0, paragraph)
    if not headline:
        return title
    key = re.sub(r"\W+", "", headline.lower())
    return headline if not title or key in re.sub(r"\W+", "", title.lower()) else title


def _sections(main: Any, title: str, tables: str) -> list[Section]:
    """Sections of trafilatura's ``<main>``: a heading opens each, two in a row are joined."""
    sections: list[Section] = []
    heading, paragraphs = "", list[str]()
    pending: list[str] = []  # headings seen since the last paragraph
    for kind, text in _blocks(main, tables):
        if kind == "head":
            if not sections and not paragraphs and not pending and same_text(text, title):
                continue
            if paragraphs:
                sections.append(Section(heading, tuple(paragraphs)))
                paragraphs = []
            pending.append(text)
            continue
        if pending:
            heading = join_headings(pending)
            pending = []
        paragraphs.append(text)
    if paragraphs:
        sections.append(Section(heading, tuple(paragraphs)))
    return sections


def _blocks(el: Any, tables: str) -> Iterator[tuple[str, str]]:
    """("head" | "p", text) for each block of trafilatura's XML, in reading order."""
    for child in el:
        tag = child.tag
        if tag == "head":
            text = _words("".join(child.itertext()))
            if text:
                long_sentence = len(text.split()) >= SENTENCE_HEADING_WORDS and text[-1] in ".!?…"
                yield "p" if long_sentence else "head", text
        elif tag == "list":
            if all(item.find("head") is not None for item in child.iter("item")):
                continue  # a grid of headline cards ("Gronk, Serena perform ..."), not the story
            for item in child.iter("item"):
                text = _words("".join(_own_text(item)))
                if text:
                    yield "p", text if text[-1] in ".!?:;…" else text + "."
        elif tag == "table":
            yield from _table_blocks(child, tables)
        elif tag in ("quote", "div") and any(
            c.tag in ("p", "list", "head", "quote") for c in child
        ):
            if child.text and child.text.strip():
                yield "p", _words(child.text)
            yield from _blocks(child, tables)
        elif tag not in ("comments", "graphic"):
            for line in _lines(child):
                yield "p", line
        if child.tail and child.tail.strip():
            # Text after a block (after a heading, notably) belongs to the article too.
            yield "p", _words(child.tail)


def _own_text(item: Any) -> Iterator[str]:
    """The text of a list item without its nested lists (those are items of their own)."""
    if item.text:
        yield item.text
    for child in item:
        if child.tag != "list":
            yield from child.itertext()
        if child.tail:
            yield child.tail


def _lines(el: Any) -> list[str]:
    """The text of a paragraph, split at its line breaks when they end lines of a list.

    A break inside a sentence (the next line goes on in lower case) is only a space.
    """
    parts: list[list[str]] = [[]]

    def walk(node: Any) -> None:
        if node.text:
            parts[-1].append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append([])
            else:
                walk(child)
            if child.tail:
                parts[-1].append(child.tail)

    walk(el)
    lines: list[str] = []
    for part in parts:
        line = _words("".join(part))
        if not line:
            continue
        if lines and (line[0].islower() or lines[-1][-1] in ",;–—-"):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _words(text: str) -> str:
    return " ".join(text.split())


_BLOCK_TAGS = ("p", "head", "list", "quote", "table")


def _table_blocks(table: Any, tables: str) -> list[tuple[str, str]]:
    """A table as blocks: a layout table's content, or a data table row by row.

    A layout table (a page laid out in cells, or cells of running text) keeps its headings and
    paragraphs. A data table (two or more columns of short cells) is read one row a paragraph,
    each cell after its column's header ("Team: Arsenal. Points: 30."); with ``tables="skip"``
    it is announced ("A table of 12 rows is not read.") instead.
    """
    rows = []
    for row in table.iter("row"):
        cells = [c for c in row if c.tag == "cell"]
        if any("".join(c.itertext()).strip() for c in cells):
            rows.append(cells)
    if not rows:
        return []
    if any(c.find(t) is not None for r in rows for c in r for t in _BLOCK_TAGS):
        return _layout_blocks(rows, tables)
    texts = [[(_words("".join(c.itertext())), c.get("role") == "head") for c in r] for r in rows]
    width = max(len(r) for r in texts)
    cell_words = sorted(len(text.split()) for r in texts for text, _ in r if text)
    is_data = (
        width >= 2
        and len(texts) >= 2
        and cell_words[len(cell_words) // 2] <= 6
        and cell_words[-1] <= 30
    )
    if not is_data:
        return _layout_blocks(rows, tables)
    header: list[str] = []
    if all(is_head for _, is_head in texts[0]) or _looks_like_header(texts):
        header = [text for text, _ in texts[0]]
        texts = texts[1:]
    if tables == "skip":
        count = len(texts)
        return [("p", f"A table of {count} row{'s' if count != 1 else ''} is not read.")]
    lines: list[tuple[str, str]] = []
    for r in texts:
        spoken: list[str] = []
        for i, (text, _) in enumerate(r):
            if not text:
                continue
            name = header[i] if i < len(header) and header[i] else ""
            spoken.append(f"{name}: {text}" if name and name != text else text)
        if spoken:
            lines.append(("p", ". ".join(c.rstrip(".") for c in spoken) + "."))
    return lines


def _layout_blocks(rows: list[list[Any]], tables: str) -> list[tuple[str, str]]:
    """The blocks of a layout table's cells, in reading order."""
    out: list[tuple[str, str]] = []
    for row in rows:
        for cell in row:
            if any(cell.find(t) is not None for t in _BLOCK_TAGS):
                if cell.text and cell.text.strip():
                    out.append(("p", _words(cell.text)))
                out.extend(_blocks(cell, tables))
            else:
                out.extend(("p", line) for line in _lines(cell))
    return out


def _looks_like_header(rows: list[list[tuple[str, bool]]]) -> bool:
    """A first row of words over rows holding numbers is a header row."""
    if len(rows) < 2:
        return False
    first = [text for text, _ in rows[0]]
    below = [text for r in rows[1:] for text, _ in r]
    has_digits = sum(bool(re.search(r"\d", t)) for t in below) >= len(below) / 3
    return has_digits and not any(re.search(r"\d", t) for t in first)


# ---------------------------------------------------------------- cleaning and language


def _clean_sections(sections: list[Section]) -> list[Section]:
    """Sections after the HTML cleaners, each heading cleaned with the text it opens.

    A heading that labels a link list ("Related stories") goes with its links; a section left
    without its heading joins the one before. A closing company "About" block and a closing
    run of tags are dropped.
    """
    out: list[Section] = []
    for section in sections:
        lines = [section.title, *section.paragraphs] if section.title else list(section.paragraphs)
        kept = [x for x in clean.clean_lines(lines) if x]
        title = ""
        if (
            section.title
            and kept
            and kept[0] == section.title
            and not clean.is_junk_heading(section.title)
        ):
            title = kept.pop(0)
        elif kept and section.title and kept[0] == lines[0]:
            kept.pop(0)
        if not kept:
            continue
        if not title and out:
            out[-1] = Section(out[-1].title, out[-1].paragraphs + tuple(kept))
        else:
            out.append(Section(title, tuple(kept)))
    return _drop_closing_boilerplate(out)


def _drop_closing_boilerplate(sections: list[Section]) -> list[Section]:
    """Drop a closing "About <Company>" section or block, and a closing run of tags."""
    if len(sections) > 1 and clean.is_boilerplate_about(
        sections[-1].title, sections[-1].paragraphs
    ):
        sections = sections[:-1]
    if not sections:
        return sections
    last = sections[-1]
    paragraphs = clean.drop_tag_lists(list(last.paragraphs))
    before = sum(len(s.paragraphs) for s in sections[:-1])
    start = clean.closing_boilerplate_start([""] * before + paragraphs) - before
    paragraphs = paragraphs[: max(start, 0)] if start < len(paragraphs) else paragraphs
    if paragraphs:
        return [*sections[:-1], Section(last.title, tuple(paragraphs))]
    return sections[:-1]


def _settle_language(declared: str, sections: list[Section]) -> str:
    """The detected language of the text, else the declared one.

    A page template's ``<html lang="en-US">`` on an article written in Portuguese is common;
    the declared tag is kept (with its region) when detection agrees or is unsure.
    """
    text = " ".join(p for s in sections for p in s.paragraphs)
    detected = language.detect(text)
    if detected and language.primary(declared) != detected:
        return detected
    return declared


# ---------------------------------------------------------------- the reader in the registry

_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"\A[\ufeff \t\r\n]*<\?xml\b[^>]*>")
_XML_ENCODING = re.compile(rb"\A[ \t\r\n]*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)")
# What may come before the first tag: an XML declaration, comments and white space.
_PROLOGUE = re.compile(r"(?:\s|<\?xml\b[^>]*>|<!--.*?-->)*", re.DOTALL)


def looks_like_html(text: str) -> bool:
    """An HTML document starts with a doctype or a tag (after an XML declaration or comments)
    and closes tags."""
    head = text.lstrip("\ufeff")[:2000]
    prologue = _PROLOGUE.match(head)
    head = (head[prologue.end() :] if prologue else head).lower()
    return (
        bool(re.match(r"<(?:!doctype html|html|head|body|article|main|div|p|section)\b", head))
        and "</" in text
    )


def declared_charset(data: bytes) -> str:
    """The charset a page declares in its first bytes: a ``<meta>`` charset, else its XML
    declaration's encoding ("" for none)."""
    match = _META_CHARSET.search(data[:4096]) or _XML_ENCODING.match(data[:1024])
    return match.group(1).decode("ascii") if match else ""


@dataclass(frozen=True)
class HtmlSettings:
    """``[read.html]``: ``tables`` is "read" (a page's data tables read row by row with their
    headers) or "skip" (announced and skipped); layout tables are read as text either way.
    Older files wrote ``read.tables``, which still works."""

    tables: str = "read"


TEMPLATE = """\
[read.html]
# Data tables of web pages (standings, results): "read" reads them row by row with their
# headers, "skip" announces them and goes on. Layout tables are read as text either way.
tables = "read"
"""


class HtmlReader:
    """HTML pages: decoded (a declared charset counts after a BOM and valid UTF-8), then
    extracted by :func:`parse_html` with its ``tables`` setting."""

    name = "html"
    extensions = frozenset({".html", ".htm", ".xhtml", ".shtml"})
    media_types = frozenset({"text/html", "application/xhtml+xml"})
    settings = HtmlSettings
    template = TEMPLATE

    def __init__(self, settings: HtmlSettings | None = None) -> None:
        self.tables = (settings or HtmlSettings()).tables

    def validate(self, settings: HtmlSettings) -> None:
        """``tables`` is one of :data:`TABLE_MODES`."""
        one_of("read.html", "tables", settings.tables, TABLE_MODES)

    def configured(self, settings: HtmlSettings) -> HtmlReader:
        """This reader with ``settings``."""
        return HtmlReader(settings)

    def sniff(self, doc: Document) -> bool:
        """A doctype or an opening HTML tag at the top, and a closing tag."""
        return looks_like_html(sniff_text(doc.head))

    def read(self, doc: Document) -> Article:
        """Decode the page and extract its article."""
        text = decode_text(doc.data, doc.label, doc.charset or declared_charset(doc.data))
        return parse_html(text, doc.source, url=doc.url, tables=self.tables)


READER = HtmlReader()

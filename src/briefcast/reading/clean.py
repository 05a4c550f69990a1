"""Cleaning text for the ear: what a page shows but a listener must not hear.

Pasted news text carries photo captions, credit lines, widget labels ("toggle caption") and
template leftovers. Each cleaner is a small pure ``list[str] -> list[str]`` function over the
article's lines (blank lines kept as paragraph breaks), applied in order by :func:`clean_lines`.
No I/O, no clock.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

Lines = list[str]
Cleaner = Callable[[Lines], Lines]

# Labels of photo, audio and page widgets that pages render as text.
WIDGET_LINE = re.compile(
    r"^(?:cover caption|toggle caption|hide caption|show caption|enlarge this image|"
    r"expand image|image|photo|photos|video|audio|advertisement|advertising|ad|sponsored|"
    r"sponsored content|skip advertisement|story continues below(?: this)? advertisement|"
    r"continue reading(?: the main story)?|share this article|share this story|share|"
    r"share on (?:facebook|twitter|x|linkedin|whatsapp)|copy link|link copied|print|email|save|"
    r"save article|gift this article|comments?|\d+ comments?|follow|most read|most popular|"
    r"recommended|related|related stories|related articles|more on this story|top stories|"
    r"listen to this article(?:\s*[·•|-]?\s*\d+(?::\d\d)?\s*(?:min(?:utes?)?|m)?)?|"
    r"listen(?:\s*\(\d+ min\))?|\d+[- ]min(?:ute)? (?:read|listen)|play|pause|close|menu|"
    r"loading\.*|getty images|image source,.*|media caption,.*|image caption,.*|"
    r"hear this story|heard on [a-z ]+|listen\s*[·•]\s*\d+:\d\d|\d+:\d\d|published|updated|"
    r"after newsletter promotion|our standards:.*|related topics|"
    r"caption|(?:image|media) caption,?\s?.*|subscribe|sign up|donate|share tweet(?: submit)?|"
    r"back to gallery|(?:see|view|open) (?:the )?(?:full )?gallery|gallery|"
    r"(?:image|photo|slide|picture)?\s*\d+(?:\s*[-–]\s*\d+)?\s*(?:of|/)\s*/?\s*\d+|"
    # A post's navigation: "Next", "« Previous Post Next Post »", "‹ Prev article".
    r"(?:[«‹<]\s*)?(?:next|prev|previous)(?: (?:post|article|story|page|entry))?(?:\s*[»›>])?"
    r"(?:\s+(?:[«‹<]\s*)?(?:next|prev|previous)(?: (?:post|article|story|page|entry))?"
    r"(?:\s*[»›>])?)?|"
    r"(?:continue|keep) reading.{0,40}|read (?:the )?full (?:story|article)|"
    r"text size|print article|order reprints|reuse this content|get short url|share via|"
    r"x share via|share permalink|show more sharing options|close share panel|copy this link|"
    r"like this:|like loading\.*|filed (?:to|under):?|view all|view comments|explore further|"
    r"publicité|partager(?: cet article)?|lire aussi|werbung|anzeige|artikel teilen|"
    r"publicidad|compartir)$",
    re.IGNORECASE,
)
CAPTION_TOGGLE = re.compile(r"^(?:toggle|hide|show) caption$", re.IGNORECASE)
COVER_CAPTION = re.compile(r"^cover caption$", re.IGNORECASE)

_AGENCIES = (
    r"Getty Images|Getty Photographs|Getty|AFP|AP|Reuters|REUTERS|EPA|EPA-EFE|"
    r"(?:The )?Associated Press|Shutterstock|Bloomberg|Sipa USA|Sipa|Anadolu|NurPhoto|Pool|"
    r"NPR|Xinhua|TASS|iStock|Alamy|PA|PA Images|PA Wire|SOPA Images|LightRocket|"
    r"AFP via Getty Images|AP Photo|Reuters/[A-Z][a-z]+|[A-Z][\w ]{1,30} via Getty Images"
)
# "Name/Getty Images", "Name for NPR", "Photo: Name", "AP Photo/Name", "Credit: ...".
CREDIT_LINE = re.compile(
    rf"^\(?(?:"
    rf"(?i:photo|photograph|image|credit|illustration|video|graphic)s?"
    rf"(?i: by| credit| source| courtesy(?: of)?)?\s*(?::|\.\.\.|…)"
    rf".{{1,80}}"
    rf"|(?i:photo|photograph|illustration) by .{{2,60}}"
    rf"|[\w .'’-]{{2,60}}\s*/\s*(?:{_AGENCIES})(?: via .{{2,40}})?"
    rf"|(?:{_AGENCIES})\s*/\s*[\w .'’-]{{2,60}}"
    rf"|(?:©|\(c\)|[Cc]opyright)\s*.{{2,60}}"
    # "Kim Shiflett/NASA", "Jason Cipriani/ZDNet": a person's name, a slash, an organisation.
    rf"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{1,3}}\s*/\s*[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){{0,3}}"
    # "Image copyright EPA", "Image caption Pupils in ...", "Media caption, ...".
    rf"|(?i:image|media|photo|picture|video)\s+(?i:copyright|caption|source|credit)\b,?\s*.{{1,80}}"
    rf")\)?$"
)
# "Anton Shtuka for NPR": a credit where a caption sits, but also the shape of a heading or a
# list item ("Recipes for Winter"), so it is judged by its place (see drop_credits_by_captions).
FOR_CREDIT = re.compile(
    r"^\(?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,4} for "
    r"(?:[A-Z][\w.&'’-]*)(?: [A-Z][\w.&'’-]*){0,4}\)?$"
)
# A caption paragraph that carries its own credit at the end (AP, Guardian, NYT styles).
INLINE_CREDIT = re.compile(
    rf"(?:\((?:AP Photo|Photo|AFP|Reuters)[/ :][^()]{{2,80}}\)|"
    rf"\b(?:Photograph|Photo|Photos|Image|Credit)\s*(?::|\.\.\.|…)\s*[^.]{{2,80}}"
    rf"(?:/\s*(?:{_AGENCIES})|\bfor [A-Z][\w ]+|\bvia [A-Z][\w ]+)?|"
    rf"\b[A-Z][\w.'’-]+ [A-Z][\w.'’-]+/(?:{_AGENCIES})|"
    rf"\b(?:REUTERS|AFP|EPA|AP|EPA-EFE)/[A-Z][\w.'’ -]{{2,60}}|"
    # A credit in brackets closing a caption: "(AFP)", "[File: Reuters]", "( JANE DOE/SPL )",
    # or "© Reuters" (a digest's "[Bloomberg]" after a headline names a source, and stays).
    rf"\(\s*(?:{_AGENCIES})\s*\)|\[\s*(?:File:\s*[^\[\]]{{2,60}}|[^\[\]]{{2,40}}/[^\[\]]{{2,40}})\s*\]|"
    rf"\(\s*[A-Z][A-Z .'’-]+/[A-Z][A-Z .'’/-]+\s*\)|©\s*[^.©]{{2,60}})\.?\s*$"
)
# Spinner / template leftovers such as "{that a}", "{{name}}" or spintax "{quick|fast}".
SPINNER = re.compile(r"\{+\s*([^{}]{0,80}?)\s*\}+")
# Only real HTML element names: "<The Palace: Tale of Jang Noksu>" is a title in brackets.
_HTML_TAGS = (
    "a|abbr|article|aside|b|blockquote|body|br|caption|cite|code|dd|del|details|div|dl|dt|em|"
    "figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|li|"
    "main|mark|meta|nav|ol|p|picture|pre|q|s|script|section|small|source|span|strong|style|"
    "sub|summary|sup|table|tbody|td|th|thead|time|tr|u|ul|video"
)
STRAY_TAG = re.compile(rf"</?(?i:{_HTML_TAGS})(?:\s[^<>]*)?/?>")
STRAY_ENTITY = re.compile(r"&(?:nbsp|amp|quot|apos|lt|gt|#\d{1,5}|#x[0-9a-fA-F]{1,4});")
CALL_TO_ACTION = re.compile(
    r"^(?:sign up (?:for|to|now|here)\b|subscribe (?:to|now|for|here)\b|read more\b|"
    r"related(?:\s+(?:posts?|articles?|stor(?:y|ies)|content|reading|links?|videos?|news|"
    r"coverage|items?|roundups?|guides?))?\s*:|related coverage\b|buyer['’]s guide\s*:|"
    r"see also\s*:|also (?:read|see)\s*:|"
    r"read (?:also|more|next)\s*:|more\s*:|don['’]t miss\s*:|recommended\s*:|"
    r"more from .{2,40}:|watch\s*:|listen\s*:|follow (?:us|[A-Z][\w ]{1,30} on)\b|"
    r"share (?:this|on)\b|click here\b|download (?:the|our) app\b|get (?:the|our) "
    r"(?:newsletter|app)\b|support (?:our|independent) journalism\b|"
    # Republication notes: "This article was reprinted on Wired.com.", "This article has been
    # adapted from its original source.", "This story first appeared in ...".
    # A story says "this article" only of itself; "the article" only with "originally".
    r"(?:this (?:article|story|piece) (?:was |is |has been )?(?:originally |first )?|"
    r"the (?:article|story|piece) (?:was |is |has been )?(?:originally|first) )"
    r"(?:published|adapted|republished|reprinted|reproduced|appeared)\b|"
    r"want more\b.{0,40}\?|have a (?:news )?tip\b|we want to hear\b|"
    r"also on (?:[\w-]+\.)+[a-z]{2,}\b|like this (?:story|article)\?|"
    r"get (?:breaking|the latest) news\b|inscrivez-vous\b|abonnez-vous\b|lire aussi\s*:|"
    # "Read also" in Italian, Spanish, Portuguese, German and Dutch, bracketed or not.
    r"\(?(?:leggi anche|lee también|lea también|leia também|lesen sie auch|lees ook)\b|"
    r"melden sie sich\b|suscríbete\b)",
    re.IGNORECASE,
)
# Closing notes on who reported, wrote or edited the story.
CONTRIBUTOR_NOTE = re.compile(
    r"(?:\bcontributed (?:reporting|to this (?:report|story|article))|"
    r"\badditional reporting\b|\breporting by\b|\bediting by\b|\bwriting by\b|"
    r"^[A-Z][\w&.]*['’]s [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+ reported from\b|"
    r"^(?:this|the) (?:story|article|report) (?:has been|was) updated\b|"
    r"\bis a (?:staff )?(?:writer|reporter|correspondent|editor) (?:for|at|with)\b.{0,80}$)",
    re.IGNORECASE,
)


def strip_whitespace(lines: Lines) -> Lines:
    """Trim each line and fold runs of inner white space (including NBSP) to one space."""
    return [re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", line).strip() for line in lines]


def drop_caption_blocks(lines: Lines) -> Lines:
    """Drop photo blocks: caption, credit, "cover caption", "toggle caption", credit.

    A block is anchored on a caption-toggle line; the credit lines around it and the caption
    paragraph before the first credit are removed with it.
    """
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if not CAPTION_TOGGLE.match(line):
            continue
        drop.add(i)
        # Credit repeated after the toggle.
        if i + 1 < len(lines) and credit_shaped(lines[i + 1]):
            drop.add(i + 1)
        j = i - 1
        if j >= 0 and COVER_CAPTION.match(lines[j]):
            drop.add(j)
            j -= 1
        if j >= 0 and credit_shaped(lines[j]):
            drop.add(j)
            j -= 1
        # The caption itself: the non-blank line just before the credit.
        if j >= 0 and lines[j] and not _looks_like_heading_before(lines, j):
            drop.add(j)
    return [line for i, line in enumerate(lines) if i not in drop]


def _looks_like_heading_before(lines: Sequence[str], j: int) -> bool:
    """Guard: never treat a short title-like line as a caption (captions are sentences)."""
    return len(lines[j].split()) <= 3 and not lines[j].endswith(".")


def is_credit(line: str) -> bool:
    """True when ``line`` has a shape only a photo credit has ("Name/Getty Images",
    "Photo: Name", "© Reuters"), wherever it stands."""
    return bool(line) and len(line) <= 90 and bool(CREDIT_LINE.match(line))


def credit_shaped(line: str) -> bool:
    """A credit's shape, "Name for Outlet" included: true credit only where a caption sits."""
    return is_credit(line) or (bool(line) and len(line) <= 90 and bool(FOR_CREDIT.match(line)))


def _caption_furniture(line: str) -> bool:
    """A caption toggle, a widget label or a credit: what stands around a photo."""
    return (
        bool(line)
        and bool(CAPTION_TOGGLE.match(line) or WIDGET_LINE.match(line))
        or (is_credit(line))
    )


def drop_credits_by_captions(lines: Lines) -> Lines:
    """Drop "Name for Outlet" credits that stand where a photo's credit stands: next to a
    caption toggle, a widget label or another credit, or right under a caption that starts its
    block. The same shape among body text ("Recipes for Winter" over a paragraph, or in a list)
    is a heading or a list item, and stays."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if not line or is_credit(line) or not credit_shaped(line):
            continue
        before = lines[i - 1] if i else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if _caption_furniture(before) or _caption_furniture(after):
            drop.add(i)
    return [line for i, line in enumerate(lines) if i not in drop]


def drop_captions_before_credits(lines: Lines) -> Lines:
    """Drop a short caption sentence set off before a stand-alone credit line.

    A caption is at most 45 words, ends like a sentence, sits right above the credit and starts
    a block (after a blank line, another credit, a time stamp or a count, or at the top). Body
    paragraphs are not touched: they are not followed by a credit. A "Name for Outlet" credit
    goes with its caption when it closes the block (its place shows it is a credit, not a
    heading).
    """
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if i == 0 or not credit_shaped(line):
            continue
        j = i - 1
        cap = lines[j]
        above = lines[j - 1] if j else ""
        starts_block = (
            j == 0
            or not above
            or credit_shaped(above)
            # The page's furniture above a photo in an article's head: a stamp or a count.
            or is_timestamp(above)
            or bool(re.fullmatch(r"[\d.,]+\s*[KkMm]?", above))
        )
        if (
            cap
            and not credit_shaped(cap)
            and starts_block
            and len(cap.split()) <= 45
            and cap[-1] in ".!?”\"'’)"
            and not _looks_like_heading_before(lines, j)
        ):
            if is_credit(line):
                drop.add(j)
                continue
            # "Name for Outlet" is a credit only where the photo's block ends with it; over
            # body text it is a heading ("Recipes for Winter") and the line above is the story.
            after = lines[i + 1] if i + 1 < len(lines) else ""
            if not after or _caption_furniture(after):
                drop.update((j, i))
    return [line for i, line in enumerate(lines) if i not in drop]


def drop_inline_credit_captions(lines: Lines) -> Lines:
    """Drop caption paragraphs that end with their own credit ("... (AP Photo/Name)")."""
    return [
        line for line in lines if not (line and len(line) <= 400 and INLINE_CREDIT.search(line))
    ]


def drop_credit_lines(lines: Lines) -> Lines:
    """Drop stand-alone credit lines ("Name/Getty Images", "Photo: Name")."""
    return [line for line in lines if not is_credit(line)]


# A gallery slide as a browser copies it: the slide counter glued to its caption ("1of4Grass
# Valley's ...", "2/12A shopper ..."); with a space between, "1 of 4 Americans" is a sentence.
GALLERY_SLIDE = re.compile(r"^\d{1,3}(?:of|/)\d{1,3}(?=[^\W\d_])")


# The buttons of a share widget, one per line as a browser copies them.
SHARE_TARGET = re.compile(
    r"^(?:share (?:on|via|to) )?(?:facebook|twitter|x|e-?mail|mail|print|whatsapp|linkedin|"
    r"pinterest|reddit|telegram|messenger|tumblr|pocket|flipboard|sms|skype|vk|copy link|"
    r"more)(?: \(opens in new window\))?$",
    re.IGNORECASE,
)
SHARE_LABEL = re.compile(r"^share(?: this(?: article| story| page)?| via| on)?\s*:?$", re.I)


def drop_share_buttons(lines: Lines) -> Lines:
    """Drop a share widget's buttons ("Twitter", "Email", "Facebook", "WhatsApp"): a run of
    two or more such lines, or one right under a "Share this:" label. One network's name alone
    (a heading in a story about social media) stays."""
    content = [i for i, line in enumerate(lines) if line]
    drop: set[int] = set()
    run: list[int] = []
    for i in [*content, -1]:
        if i >= 0 and SHARE_TARGET.match(lines[i]):
            run.append(i)
            continue
        if run:
            before = content[content.index(run[0]) - 1] if content.index(run[0]) else -1
            if len(run) >= 2 or (before >= 0 and SHARE_LABEL.match(lines[before])):
                drop.update(run)
            run = []
    return [line for i, line in enumerate(lines) if i not in drop]


# Names of icons that icon fonts draw from ligatures (Material Icons): copied with the text
# around the icon ("chevron_left Browse All Posts", "Share arrow_forward").
ICON_NAME = re.compile(
    r"(?<![\w-])(?:chevron_(?:left|right)|arrow_(?:back|forward|upward|downward|drop_down|"
    r"drop_up|right_alt|left|right|back_ios|forward_ios)|expand_(?:more|less)|"
    r"keyboard_arrow_(?:left|right|up|down)|navigate_(?:next|before)|more_(?:vert|horiz)|"
    r"open_in_new|play_arrow|first_page|last_page|zoom_(?:in|out)|content_copy)(?![\w-])"
)


def drop_icon_names(lines: Lines) -> Lines:
    """Remove the names of icons (``chevron_left``, ``arrow_forward``, ``expand_more``) that an
    icon font draws and a copy takes as text; a line that held only icons goes."""
    out = []
    for line in lines:
        if "_" in line and ICON_NAME.search(line):
            line = " ".join(ICON_NAME.sub(" ", line).split())
            if not line:
                continue
        out.append(line)
    return out


def drop_widget_lines(lines: Lines) -> Lines:
    """Drop lines that are only a widget's label ("cover caption", "Advertisement"), and a
    gallery's slides (counter and caption)."""
    return [line for line in lines if not (WIDGET_LINE.match(line) or GALLERY_SLIDE.match(line))]


LINK_LIST_LABEL = re.compile(
    # "More Great WIRED Stories", "Ryan Reed's Most Recent Stories", "MORE STORIES LIKE THIS ONE":
    # a short line that names a list of other stories.
    r"^(?:(?:[\w'’]+\s+){0,3}(?:more|other|latest|top|recent|related|popular|trending|"
    r"most (?:read|recent|popular|viewed|shared))\b.{0,30}\b(?:stories|articles|news|posts|"
    r"reads|videos|galleries)\b.{0,20}|"
    r"read more|related|related topics|related stories|related articles|more on this story|"
    r"more from .{2,40}|most read|most popular|top stories|you might also like|"
    r"recommended(?: for you| reading)?|see also|also read|lire aussi|don['’]t miss|"
    r"you (?:may|might) also like|more stories|read next|related (?:posts|links|content)|"
    r"trending(?: now)?|more news|latest news|editor['’]s picks|popular now)\s*:?$",
    re.IGNORECASE,
)


def _short(line: str) -> bool:
    """A short line that is not a finished sentence (a link title, a tag, a date)."""
    return bool(line) and len(line.split()) <= 20 and line[-1] not in '.!"”'


def drop_link_lists(lines: Lines) -> Lines:
    """Drop a "Related topics" / "Read more:" label and the link titles listed under it.

    The short lines after the label go with it, up to (not including) a line followed by body
    text, so a section heading just after a list of links is kept.
    """
    drop: set[int] = set()
    n = len(lines)
    for i, line in enumerate(lines):
        if not LINK_LIST_LABEL.match(line):
            continue
        drop.add(i)
        j = i + 1
        while j < n and _short(lines[j]):
            after = next((x for x in lines[j + 1 :] if x), "")
            # A line over body text (a finished sentence) heads it; a title over a title is
            # one more link.
            if after and not _short(after) and len(after.split()) > 14 and not _unfinished(after):
                break
            drop.add(j)
            j += 1
    return [line for i, line in enumerate(lines) if i not in drop]


# What ends a sentence or a clause, in the Latin and the CJK scripts.
SENTENCE_END = ".:;,!?\"”’'。．！？：；、」』"


def _unfinished(line: str) -> bool:
    """A line that does not end a sentence: a title, a label, a name."""
    return bool(line) and line[-1] not in SENTENCE_END


def _is_story_title(line: str) -> bool:
    """A line of 4 to 20 words that ends no sentence and is no time stamp: a story's title."""
    return 4 <= len(line.split()) <= 20 and _unfinished(line) and not is_timestamp(line)


def _shares_a_pattern(run: Sequence[str]) -> bool:
    """Most lines of ``run`` are written to one pattern ("June 9 – Tampa, FL @ Arena",
    "England (Group A): 10th"): one mark other than a comma or period in most of them, or a
    date or figure first. Those are the items of one list, not a box of other stories' titles,
    which each have their own."""
    marks = Counter(c for line in run for c in set(re.sub(r"[\w\s,.'’]+", "", line)))
    if marks and marks.most_common(1)[0][1] >= 0.7 * len(run):
        return True
    months = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
    starts = sum(bool(re.match(rf"\d|{months}", line, re.IGNORECASE)) for line in run)
    return starts >= 0.7 * len(run)


def drop_link_title_runs(lines: Lines) -> Lines:
    """Drop a run of three or more story titles in the article's head or at its very end: a
    "related", "most read" or "more on" box whose label was not copied.

    A title is a line of 4 to 20 words that ends no sentence. In the head, the run sits after
    the first line (the headline) and before the first paragraph of body text (25 words or
    more); at the end, the run closes the text after its last paragraph. Lines written to one
    pattern ("June 9 – Tampa, FL @ Arena") are the article's own list and stay, as does any run
    in the body (a heading is followed by its text, so the body never stacks three titles).
    """
    content = [i for i, x in enumerate(lines) if x]
    body = next((i for i in content if len(lines[i].split()) >= 25), len(lines))
    drop: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3 and not _shares_a_pattern([lines[i] for i in run]):
            drop.update(run)
        run.clear()

    for i in content[1:]:
        if i >= body:
            break
        if _is_story_title(lines[i]):
            run.append(i)
        else:
            close()
    close()
    tail: list[int] = []
    for i in reversed(content):
        if not _is_story_title(lines[i]) or i <= body:
            break
        tail.insert(0, i)
    run[:] = tail
    close()
    return [line for i, line in enumerate(lines) if i not in drop]


def drop_label_runs(lines: Lines) -> Lines:
    """Drop runs of five or more one-to-three-word labels in a row: share buttons, a menu of
    brands or sections, a tag cloud ("Facebook", "Twitter", "WhatsApp", "Email", "Print").

    A list the article introduces with a colon stays, as do items written to one pattern ("VIP :
    60,000₩", "R : 50,000₩") and a shorter run (a short list of names may be the story's).
    """
    drop: set[int] = set()
    content = [i for i, x in enumerate(lines) if x]
    run: list[int] = []

    def close() -> None:
        if len(run) >= 5 and not _shares_a_pattern([lines[i] for i in run]):
            first = content.index(run[0])
            intro = lines[content[first - 1]] if first else ""
            if not intro.endswith(":"):
                drop.update(run)
        run.clear()

    for i in content:
        line = lines[i]
        # Characters too: a sentence in Japanese or Chinese is one "word" between spaces.
        if len(line.split()) <= 3 and len(line) <= 30 and _unfinished(line):
            run.append(i)
        else:
            close()
    close()
    return [line for i, line in enumerate(lines) if i not in drop]


# "Copyright 2008 The Associated Press. All rights reserved. This material may not be
# published, broadcast, rewritten or redistributed." and "© 2019 Reuters. All rights reserved."
WIRE_COPYRIGHT = re.compile(
    r"^(?:\(?(?:©|\(c\)|copyright)\)?\s*(?:\d{4}\b|[A-Z]).{0,120}?"
    r"|.{0,80}\ball rights reserved\b.{0,40})"
    r"(?:\ball rights reserved\b|\bmay not be (?:published|reproduced|redistributed|copied)\b|"
    r"\.\s*$|$)",
    re.IGNORECASE,
)


def drop_copyright_notices(lines: Lines) -> Lines:
    """Drop copyright notices: a short paragraph that opens with "Copyright"/"©" and a year or
    a name, or that says "All rights reserved", "may not be published", "This document is
    subject to copyright" or "without written permission" (the legal wording of a publisher's
    notice). A wire story's notice is never part of the story."""
    out = []
    for line in lines:
        short = line and len(line.split()) <= 60
        if short and (
            re.match(r"^\(?(?:©|\(c\)|copyright)\)?\s*(?:\d{4}|[A-Z])", line, re.IGNORECASE)
            or re.search(
                r"\ball rights reserved\b|\bmay not be (?:published|reproduced|redistributed|"
                r"rewritten|copied)\b|\b(?:is|are) subject to copyright\b|"
                r"\bwithout (?:the )?(?:prior |express )?written permission\b|"
                # Google's notice under every form that uses reCAPTCHA.
                r"\bprotected by recaptcha\b|"
                # How to cite the page: "Citation: <title> (2019, November 18) retrieved 20
                # November 2019 from https://...".
                r"^citation:.*\bretrieved\b.*\bfrom\s+https?://",
                line,
                re.IGNORECASE,
            )
        ):
            continue
        out.append(line)
    return out


# The fixed headings of a press release's tail: what follows them is for journalists.
PRESS_TAIL = re.compile(
    r"^(?:[-–—#*\s]*(?:ends|end)[-–—#*\s]*|#{3}|"
    r"notes? (?:to|for) (?:editors?|editor)|editors?['’]? notes?|"
    r"(?:media|press)(?: and (?:media|press))? (?:enquiries|inquiries|contacts?|information|"
    r"office|relations)|for (?:further|more) (?:media )?(?:information|details)|contacts?)"
    r"\s*[:.]?(?:\s+.{0,160})?$",
    re.IGNORECASE,
)


def drop_press_release_tail(lines: Lines) -> Lines:
    """Drop a press release's tail: from a "Notes to editors", "Media enquiries:", "Press
    contact" or "-ENDS-" line in the second half of the text to the end, and a short closing
    "About <Name>" block (a heading and at most two paragraphs, none long).

    Only the second half of the text is looked at: a story that quotes a press office in its
    opening is read whole.
    """
    content = [i for i, x in enumerate(lines) if x]
    if len(content) < 4:
        return lines
    for i in content[len(content) // 2 :]:
        line = lines[i]
        if len(line.split()) <= 30 and PRESS_TAIL.match(line):
            lines = _trim_blank_end(lines[:i])
            content = [i for i, x in enumerate(lines) if x]
            break
    tail = content[-3:]
    for k, i in enumerate(tail):
        after = [lines[j] for j in tail[k + 1 :]]
        if (
            is_about_heading(lines[i])
            and not lines[i].endswith(".")
            and after
            and len(after) <= 2
            and all(len(p.split()) <= 90 for p in after)
        ):
            return _trim_blank_end(lines[:i])
    return lines


def _trim_blank_end(lines: Lines) -> Lines:
    """``lines`` without blank lines at the end."""
    out = list(lines)
    while out and not out[-1]:
        out.pop()
    return out


# A newsletter's invitation to write back: "Reply to this email, I read every one.",
# "Hit reply and tell me", "Write to Al Root at allen.root@dowjones.com", "Email me at ...".
REPLY_PROMPT = re.compile(
    r"\b(?:reply to (?:this|the) (?:e-?mail|newsletter|message)|hit reply|just reply|"
    r"(?:write|e-?mail) (?:to )?(?:me|us|[A-Z][\w.]+(?: [A-Z][\w.]+){0,2}) at\s+\S+@|"
    r"\S+@\S+\.\w+\s*$|let (?:me|us) know what you think|"
    r"(?:forwarded|was this (?:email|newsletter) forwarded))",
    re.IGNORECASE,
)
# A closing salutation on its own line: "Until next week,", "Best,", "Thanks for reading!".
VALEDICTION = re.compile(
    r"^(?:(?:until|see you|talk(?: to you)?|speak(?: to you)?) (?:next|soon|then|tomorrow|"
    r"on \w+)[\w ]{0,20}|(?:all )?(?:the )?best(?: wishes| regards)?|(?:kind |warm |best )?"
    r"regards|cheers|thanks(?: again)?(?: for reading)?|thank you(?: for reading)?|"
    r"yours(?: truly| sincerely)?|sincerely|take care|stay safe|with love|love|bye(?: for now)?"
    r"|happy \w+(?: \w+)?)\s*[,!.—-]*$",
    re.IGNORECASE,
)


# A shouted line: at least this many words, nearly all of its letters capitals.
SHOUTED_WORDS = 5


def _shouted(line: str) -> bool:
    """A line in capitals of :data:`SHOUTED_WORDS` words or more (Latin, Greek or Cyrillic
    letters: scripts without case are never shouted)."""
    upper = sum(map(str.isupper, line))
    if upper < 15 or sum(map(str.islower, line)) > upper / 9:
        return False  # (most lines, counted in C) at least 90% of the cased letters upper
    return sum(any(c.isalpha() for c in w) for w in line.split()) >= SHOUTED_WORDS


def drop_shouted_teasers(lines: Lines) -> Lines:
    """Drop lines in capitals inside the body that are not questions: links to other stories
    ("SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'") and app or video promos ("CLICK
    HERE TO GET THE FOX NEWS APP", "THE POINT -- NOW ON YOUTUBE!") set between paragraphs.

    A subheading set in capitals is short or asks the question the next paragraphs answer
    ("WHAT SAY YOU, IMPEACHMENT JURY?"), and stays; so does a line ending in a colon (it
    introduces what follows) and anything before the first paragraph of body text (25 words
    or more), where the headline sits.
    """
    content = [i for i, x in enumerate(lines) if x]
    body = next((i for i in content if len(lines[i].split()) >= 25), len(lines))
    return [
        line
        for i, line in enumerate(lines)
        if not (i > body and _shouted(line) and not line.rstrip().endswith(("?", ":")))
    ]


def drop_newsletter_sign_off(lines: Lines) -> Lines:
    """Drop a newsletter's closing: an invitation to reply among its last five lines, and a
    sign-off ("Until next week," over a name and a role) at the very end.

    Only short lines are judged (at most 25 words and 400 characters), so a story that
    mentions e-mail is safe, and a line of one 120 KB "word" is not searched (the address
    pattern backtracked over it from every position: 90 s).
    """
    content = [i for i, x in enumerate(lines) if x]
    drop: set[int] = set()
    for i in content[-5:]:
        line = lines[i]
        if len(line) <= 400 and len(line.split()) <= 25 and REPLY_PROMPT.search(line):
            drop.add(i)
    tail = [i for i in content[-4:] if i not in drop]
    for k, i in enumerate(tail):
        rest = [lines[j] for j in tail[k + 1 :]]
        if VALEDICTION.match(lines[i]) and all(len(x.split()) <= 6 for x in rest):
            drop.update(tail[k:])
            break
    return [line for i, line in enumerate(lines) if i not in drop]


def drop_call_to_action(lines: Lines) -> Lines:
    """Drop newsletter, sharing and read-more prompts ("Sign up for ...", "Read more: ...")."""
    return [line for line in lines if not (CALL_TO_ACTION.match(line) and len(line) < 200)]


def _spin(match: re.Match[str]) -> str:
    """Spintax keeps its first choice; any other brace leftover is dropped whole."""
    inner = match.group(1)
    return inner.split("|", 1)[0].strip() if "|" in inner else ""


def drop_spinner_artefacts(lines: Lines) -> Lines:
    """Remove template leftovers: ``{that a}`` and ``{{name}}`` go, ``{a|b}`` reads ``a``."""
    out = []
    for line in lines:
        if "{" in line:
            line = re.sub(r"\s{2,}", " ", SPINNER.sub(_spin, line)).strip()
            line = re.sub(r"\s+([,.;:!?])", r"\1", line)
        out.append(line)
    return out


def drop_stray_markup(lines: Lines) -> Lines:
    """Remove HTML tags and entities that survived a copy and paste."""
    out = []
    for line in lines:
        if "<" in line:
            line = STRAY_TAG.sub("", line).strip()
        if "&" in line:
            line = STRAY_ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
        out.append(line)
    return out


def line_key(line: str) -> str:
    """Comparison key of a line: case, spaces and typography folded."""
    return re.sub(r"\W+", " ", line.lower()).strip()


def drop_repeated_lines(lines: Lines) -> Lines:
    """Drop a line that repeats an earlier one when the repeat is junk-shaped: right after its
    copy (a caption pasted with its alt text), or a long statement made again (a pull quote).

    A line an article repeats on purpose stays: a short one (a menu's dish, a refrain, a
    section label) or a question (the same question put to each person interviewed).
    """
    out: Lines = []
    seen: set[str] = set()
    previous = ""
    for line in lines:
        key = line_key(line) if line else ""
        if key and key in seen:
            adjacent = key == previous
            pull_quote = len(line.split()) >= 8 and not line.rstrip("”\"’' ").endswith("?")
            if adjacent or pull_quote:
                continue
        out.append(line)
        if key:
            seen.add(key)
            previous = key
    return out


def collapse_blank_lines(lines: Lines) -> Lines:
    """Keep at most one blank line in a row and none at either end."""
    out: Lines = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


# WordPress-style shortcodes: "[button link=...]Buy[/button]", "[caption id=...]", "[/embed]".
SHORTCODE_PAIR = re.compile(
    r"\[([a-z][a-z0-9_-]*)(?:\s[^\]]*)?\]([^\[]{0,200}?)\[/\1\]", re.IGNORECASE
)
SHORTCODE_TAG = re.compile(
    r"\[/?[a-z][a-z0-9_-]*(?:\s+[\w-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\]]+))+\s*/?\]"
    r"|\[/[a-z][a-z0-9_-]*\]",
    re.IGNORECASE,
)
# A promotion: a call to sign up, subscribe or get access, about a newsletter, an
# app or a subscription. Only short paragraphs are judged, so a story about newsletters is safe.
PROMO = re.compile(
    r"(?:^|[.!?…]\s+)(?:sign up|subscribe|register|join|get|try|start|download|click|use the code|"
    r"become|unlock|don[’']t miss out|donate|give|support|chip in|make a|help (?:us|fund|keep)|"
    r"let (?:us|our))"
    r"\b[^.!?]{0,200}?\b(?:newsletters?|subscriptions?|"
    r"subscribe|inbox|free trial|membership|premium|digital access|unlimited access|promo code|"
    r"the code|our app|the app|daily digest|daily briefing|(?:our|independent|local|public) "
    r"(?:journalism|reporting|newsroom|work)|donations?|(?:a )?(?:one-off |monthly |recurring )?"
    r"(?:gift|contribution)|donate|supporter|patron)\b",
    re.IGNORECASE,
)
PROMO_MAX_WORDS = 70
TAG_LIST = re.compile(
    r"^(?:tags?|tagged(?: with| in)?|topics?|filed under|categor(?:y|ies)|posted in|keywords|"
    r"schlagw[öo]rter|etiquetas|étiquettes|argomenti)\s*:?\s+\S.{0,200}$",
    re.IGNORECASE,
)
TAG_LABEL = re.compile(
    r"^(?:tags?|tagged(?: with| in)?|topics?|filed under|categor(?:y|ies)|posted in|keywords|"
    r"schlagw[öo]rter|etiquetas|étiquettes|argomenti)\s*:?$",
    re.IGNORECASE,
)
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?"
_DATE = (
    r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    r"\.?(?:\s+\d{4})?"
)
TIMESTAMP_WORDS = re.compile(
    rf"{_TIME}|{_DATE}|\b(?:(?:last\s+)?updated|published|posted|first published|modified|"
    r"\d{1,3}\s*min(?:ute)?s?\s+read|last|original|"
    r"created|on|at|and|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun|"
    r"today|yesterday|[ecmp][sd]?t|gmt|utc|bst|cet|cest|ist|aest|\d{4}|ago|\d+\s+(?:minutes?|"
    r"hours?|days?)|edited)\b|[,|·•:()–—-]",
    re.IGNORECASE,
)
_HAS_TIME_OR_DATE = re.compile(
    rf"{_TIME}|{_DATE}|\b\d+\s+(?:minutes?|hours?|days?) ago\b", re.IGNORECASE
)
# A date in any of the shapes pages print, for the record: "Nov. 19, 2019", "20th November
# 2019", "2019-11-18T20:51Z", "11/13/19", "18.11.2019".
_STAMP_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r",?\s+\d{4}|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    r"\.?,?\s+\d{4}|"
    r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b",
    re.IGNORECASE,
)
# The rest of a stamp line that carries more than the time: "October 12, 2018/0 Comments/in
# News /by admin", "19 November 2019 • 1:16pm", "Updated 0339 GMT (1139 HKT) November 19, 2019".
_STAMP_START = re.compile(
    rf"^(?:(?:last\s+)?(?:updated|published|posted|modified|first published|last modified)\b|"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:{_DATE}|{_TIME}))",
    re.IGNORECASE,
)
_BY_NAME = re.compile(r"\bby\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*$")
# "About Ascom", "ABOUT DRÄGER", "About the author": a name follows, not "the study".
ABOUT_HEADING = re.compile(
    r"^(?i:about)\s+(?:(?i:the)\s+)?(?:[A-Z0-9]|(?i:authors?\b))"
    r"[^.!?]{0,60}$"
)
COMPANY_BLURB = re.compile(
    r"^(?:About [^.:]{1,60}?[:.]?\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4}"
    r"(?:\s+\([^)]{1,40}\))?,?\s+(?:is|are)\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){0,6}?"
    r"(?:provider|company|leader|manufacturer|developer|firm|organi[sz]ation|group|agency|"
    r"supplier|maker|platform|network|publisher|producer|operator|bank|retailer|specialist|"
    r"pioneer|business|brand|consultancy|non-?profit|foundation|institute|association)\b"
)
# What a company's closing "About" paragraph says besides what the company does.
BOILERPLATE_SIGNS = re.compile(
    r"\b(?:headquartered|founded in|employs|employees|listed on|for more information|"
    r"visit (?:www|https?)|www\.|(?:nyse|nasdaq|six|lse|tsx)\s*:|traded on)\b",
    re.IGNORECASE,
)


def drop_shortcodes(lines: Lines) -> Lines:
    """Remove CMS shortcodes: ``[button link=...]Buy[/button]`` goes whole, tags alone too."""
    out = []
    for line in lines:
        if "[" in line:
            line = SHORTCODE_PAIR.sub("", line)
            line = re.sub(r"\s{2,}", " ", SHORTCODE_TAG.sub("", line)).strip()
        out.append(line)
    return out


def drop_promos(lines: Lines) -> Lines:
    """Drop short paragraphs that promote a newsletter, an app or a subscription."""
    return [
        line
        for line in lines
        if not (
            line
            and len(line) <= 20 * PROMO_MAX_WORDS
            and len(line.split()) <= PROMO_MAX_WORDS
            and PROMO.search(line)
        )
    ]


def drop_tag_lists(lines: Lines) -> Lines:
    """Drop "Tags: ..." / "Filed under ..." lines and a run of bare tags closing the text.

    A closing run is three or more lines of at most three words with no punctuation at the end
    (list items read from HTML end with a period, so they are not taken for tags).
    """
    out = [
        line
        for line in lines
        if not (
            line
            and (TAG_LIST.match(line) or TAG_LABEL.match(line))
            and len(line.split()) <= 30
            and not line.endswith(".")
        )
    ]
    end = len(out)
    while end and (
        not out[end - 1] or (len(out[end - 1].split()) <= 3 and out[end - 1][-1].isalnum())
    ):
        end -= 1
    if sum(1 for line in out[end:] if line) >= 3:
        return out[:end]
    return out


def is_timestamp(line: str) -> bool:
    """A line that only says when ("Updated at 1:23 p.m.", "5:45 AM PST 11/19/2019 by X")."""
    if not line or len(line) > 300 or len(line.split()) > 20 or not _HAS_TIME_OR_DATE.search(line):
        return False
    rest = TIMESTAMP_WORDS.sub(" ", _BY_NAME.sub("", line))
    return not re.sub(r"[\s.]+", "", rest)


def has_time_or_date(text: str) -> bool:
    """``text`` names a time of day or a calendar date."""
    return bool(_HAS_TIME_OR_DATE.search(text))


def is_stamp_with_extras(line: str) -> bool:
    """A short line that opens with a date, a time or "Updated"/"Published" and adds page
    furniture after it (a comment count, a category, "by admin"), without finishing a sentence.
    Only the head of an article is read with this test: in the body a line may open so."""
    return (
        bool(line)
        and len(line.split()) <= 16
        and line[-1] not in ".!?"
        and bool(_STAMP_START.match(line))
        and has_time_or_date(line)
    )


def parse_stamp_date(line: str) -> datetime | None:
    """The date a stamp or byline line gives, as midnight UTC of that day (``None`` if none).

    Day-first is assumed for numeric dates whose first number cannot be a month.
    """
    from dateutil import parser as dateparser

    match = _STAMP_DATE.search(line)
    if not match:
        return None
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", match.group(0))
    numbers = re.findall(r"\d+", text)
    dayfirst = bool(numbers) and len(numbers[0]) <= 2 and int(numbers[0]) > 12
    try:
        parsed = dateparser.parse(text, dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    return datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC) if parsed else None


def drop_timestamp_lines(lines: Lines) -> Lines:
    """Drop lines that only give a time or date of publication or update."""
    return [line for line in lines if not is_timestamp(line)]


def is_junk_heading(title: str) -> bool:
    """A heading that labels a widget, a link list or a prompt, not a part of the story."""
    return bool(
        WIDGET_LINE.match(title)
        or LINK_LIST_LABEL.match(title)
        or CALL_TO_ACTION.match(title)
        or TAG_LIST.match(title)
    )


def is_about_heading(title: str) -> bool:
    """An "About <Company>" (or "About the author") heading."""
    return bool(ABOUT_HEADING.match(title)) and len(title.split()) <= 7


# A closing "About" block is short: a press release's boilerplate or a bio runs to a few
# paragraphs; a longer section under an "About ..." heading is the story (an interview under a
# sidebar's "About Faculty in this Article").
ABOUT_MAX_WORDS = 250


def is_boilerplate_about(title: str, paragraphs: Sequence[str]) -> bool:
    """A closing "About <Company>" section: its heading, short text (at most
    :data:`ABOUT_MAX_WORDS` words) that reads as a company's description ("X is a leading
    provider", "headquartered in", "www.") or an author's bio."""
    if not is_about_heading(title) or sum(len(p.split()) for p in paragraphs) > ABOUT_MAX_WORDS:
        return False
    if re.search(r"\bauthors?\b", title, re.IGNORECASE):
        return True
    text = " ".join(paragraphs)
    return bool(COMPANY_BLURB.match(text) or BOILERPLATE_SIGNS.search(text))


def closing_boilerplate_start(paragraphs: Sequence[str]) -> int:
    """Index where a closing company "About" block starts (``len(paragraphs)`` if none).

    Only the last three paragraphs, after at least three others, and only a block of at most
    :data:`ABOUT_MAX_WORDS` words are looked at: an "About X" line, or a paragraph describing a
    company with the signs of a press-release boilerplate ("headquartered in", "listed on",
    "www.").
    """
    n = len(paragraphs)
    for i in range(max(3, n - 3), n):
        if sum(len(p.split()) for p in paragraphs[i:]) > ABOUT_MAX_WORDS:
            continue
        para = paragraphs[i]
        if is_about_heading(para) and not para.endswith("."):
            return i
        if COMPANY_BLURB.match(para) and BOILERPLATE_SIGNS.search(" ".join(paragraphs[i:])):
            return i
    return n


_FIRST_CLEANERS: tuple[Cleaner, ...] = (
    strip_whitespace,
    drop_icon_names,
    drop_shortcodes,
    drop_stray_markup,
    drop_caption_blocks,
    drop_link_lists,
    drop_widget_lines,
    drop_captions_before_credits,
    drop_credits_by_captions,
    drop_inline_credit_captions,
    drop_credit_lines,
    drop_copyright_notices,
    drop_call_to_action,
    drop_promos,
    drop_link_title_runs,
    drop_label_runs,
    drop_share_buttons,
    drop_press_release_tail,
    drop_newsletter_sign_off,
    drop_shouted_teasers,
)
_LAST_CLEANERS: tuple[Cleaner, ...] = (
    drop_spinner_artefacts,
    drop_repeated_lines,
    collapse_blank_lines,
)

# One chain for every input kind: pasted text, Markdown, HTML, PDF and e-mail all carry the
# same furniture ("Updated at 9.15am BST" between two paragraphs is not read, whatever the source).
CLEANERS: tuple[Cleaner, ...] = _FIRST_CLEANERS + (drop_timestamp_lines,) + _LAST_CLEANERS


def clean_lines(lines: Sequence[str], cleaners: Sequence[Cleaner] = CLEANERS) -> Lines:
    """Apply every cleaner in order."""
    out = list(lines)
    for cleaner in cleaners:
        out = cleaner(out)
    return out


# "KYIV, TBILISI AND PARIS —", "KYIV, Ukraine (AP) —", "LONDON, Feb 24 (Reuters) -".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.-]+(?:[ ,]+(?:[A-Z][A-Z'’.-]+|AND|and|[A-Z][a-z]+\.?))*?)"
    r"(?:,\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}))?"
    r"\s*(?:\((?:AP|Reuters|AFP|CNN|UPI|Bloomberg|dpa|NPR|BBC)\)\s*)?[—–-]{1,2}\s+(?=\S)"
)
_SMALL_WORDS = frozenset({"and", "of", "the", "de", "la", "on", "upon"})
# A state or country written as initials: "N.H.", "D.C.", "U.K.".
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")


def _speak_place(place: str) -> str:
    """``"KYIV, TBILISI AND PARIS"`` -> ``"Kyiv, Tbilisi and Paris"``; mixed case and initials
    (``"PORTSMOUTH, N.H."`` -> ``"Portsmouth, N.H."``) are kept."""
    words = []
    for word in place.split():
        if not word.isupper() or _INITIALS.fullmatch(word.rstrip(",")):
            words.append(word)  # mixed case, or initials ("N.H.", "D.C."): as written
            continue
        lower = word.lower()
        words.append(
            lower
            if lower.strip(",") in _SMALL_WORDS
            else "-".join(part.capitalize() for part in word.split("-"))
        )
    return " ".join(words).rstrip(",")


def dateline_place(paragraph: str) -> str:
    """The place a shouted dateline names ("KYIV, Ukraine (AP) — ..." is "Kyiv, Ukraine"),
    "" when the paragraph opens with none."""
    match = DATELINE.match(paragraph)
    if not match:
        return ""
    first = match.group("place").split()[0].strip(",")
    if not (first.isupper() and len(first) >= 2 and any(c.isalpha() for c in first)):
        return ""
    return _speak_place(match.group("place"))


def soften_dateline(paragraph: str) -> str:
    """Turn a shouted dateline ("KYIV AND PARIS — Text") into spoken words ("Kyiv and Paris. Text").

    Only a dateline whose first word is in capitals is touched; the agency tag ("(AP)") goes,
    the place and date are kept as the first words.
    """
    match = DATELINE.match(paragraph)
    if not match:
        return paragraph
    first = match.group("place").split()[0].strip(",")
    if not (first.isupper() and len(first) >= 2 and any(c.isalpha() for c in first)):
        return paragraph
    place = _speak_place(match.group("place"))
    when = f", {match.group('date')}" if match.group("date") else ""
    stop = "" if (place + when).endswith(".") else "."
    return f"{place}{when}{stop} {paragraph[match.end() :]}"


def split_contributor_note(paragraphs: Sequence[str]) -> tuple[list[str], str]:
    """Split closing contributor notes ("X contributed reporting from Kyiv.") off the end.

    Returns the remaining paragraphs and the note ("" when there is none). Only the last three
    paragraphs are looked at, and only short ones, so a story that quotes a report is safe.
    """
    body = list(paragraphs)
    notes: list[str] = []
    while body and len(notes) < 3:
        last = body[-1]
        if len(last) <= 600 and CONTRIBUTOR_NOTE.search(last):
            notes.insert(0, body.pop())
            continue
        break
    return body, " ".join(notes)

"""HTML pages to ``Article`` with trafilatura: main text, captions, comments and metadata."""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from rashomon.config import Settings
from rashomon.errors import NO_ARTICLE_TEXT, InputError
from rashomon.ingest.decode import decode_bytes, require_size
from rashomon.ingest.html_parts import PageComment, page_extras
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.parts import segment_parts, segment_thread, split_lines
from rashomon.ingest.text import build_article
from rashomon.model import Article, Part, PartKind

logger = logging.getLogger(__name__)

PARAGRAPH_BREAK = "\n\n"


def read_html(
    data: bytes | str,
    *,
    origin: str,
    url: str | None = None,
    settings: Settings,
    detector: LanguageDetector | None = None,
    declared_encoding: str | None = None,
) -> Article:
    """One article from an HTML page; raises ``InputError`` (R001-R005, R014).

    ``Article.text`` is the title, a blank line, the main text (one paragraph per block,
    separated by blank lines), then the page's image captions (``<figcaption>``, caption
    classes: one CAPTION part each, after the body so the lede stays the first paragraph)
    and, when the page has reader comments, a blank line and the comments (one COMMENT
    part each; headers and author lines are COMMENT_META). Comments whose authors the
    page's markup names (``html_parts``) are taken from the markup, each author's name a
    COMMENT_META line before the comment; otherwise trafilatura's comment text. Title,
    author, site name (``og:site_name``) and date come from the page's metadata; the date
    is marked ``PublishedSource.METADATA``.
    """
    if isinstance(data, bytes):
        require_size(len(data), origin=origin, settings=settings)
        page = decode_bytes(data, origin=origin, declared=declared_encoding)
    else:
        require_size(len(data.encode("utf-8", "replace")), origin=origin, settings=settings)
        page = data
    extracted = _extract(page, url=url)
    body = _paragraphs(_text_field(extracted, "text"))
    if not body:
        raise InputError(
            f"No article text could be extracted from {origin}; check that it is an article "
            "page (not an index or a login page), or save the text as .txt.",
            code=NO_ARTICLE_TEXT,
        )
    title = _text_field(extracted, "title").strip() or None
    if title is not None and body and " ".join(body[0].split()) == " ".join(title.split()):
        body = body[1:]
    comments = _paragraphs(_text_field(extracted, "comments"))
    extras = page_extras(page)
    in_body = " ".join(" ".join(body).split())
    captions = [c for c in extras.captions if c not in in_body]
    authored = extras.comments if _covers(extras.comments, comments) else ()
    text, parts = _compose(title, body, comments, captions=captions, authored=authored)
    return build_article(
        text,
        origin=origin,
        settings=settings,
        detector=detector,
        parts=parts,
        title=title,
        byline=_text_field(extracted, "author").strip() or None,
        outlet=_text_field(extracted, "source-hostname").strip() or None,
        url=url or (_text_field(extracted, "source").strip() or None),
        published=_date(_text_field(extracted, "date"), origin=origin),
    )


def _extract(page: str, *, url: str | None) -> dict[str, Any]:
    import trafilatura  # here, not at the top: reading JSONL or text needs none of it (0.25 s)

    result = trafilatura.extract(
        page,
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=True,
    )
    if not result:
        return {}
    loaded = json.loads(result)
    return loaded if isinstance(loaded, dict) else {}


def _text_field(extracted: dict[str, Any], key: str) -> str:
    value = extracted.get(key)
    return value if isinstance(value, str) else ""


def _paragraphs(text: str) -> list[str]:
    return [line.text for line in split_lines(text)]


def _compose(
    title: str | None,
    body: list[str],
    comments: list[str],
    *,
    captions: list[str] | tuple[str, ...] = (),
    authored: tuple[PageComment, ...] = (),
) -> tuple[str, tuple[Part, ...]]:
    """Join title, body, captions and comments into one text, with parts pointing into it.

    ``authored`` comments (from the markup) replace trafilatura's ``comments`` text."""
    pieces: list[str] = []
    parts: list[Part] = []
    offset = 0

    def add(piece: str) -> int:
        nonlocal offset
        if pieces:
            pieces.append(PARAGRAPH_BREAK)
            offset += len(PARAGRAPH_BREAK)
        pieces.append(piece)
        start, offset = offset, offset + len(piece)
        return start

    if title is not None:
        start = add(title)
        parts.append(Part(PartKind.TITLE, start, start + len(title)))
    body_text = PARAGRAPH_BREAK.join(body)
    start = add(body_text)
    for part in segment_parts(body_text):
        # The page's title is known from metadata; a title-like first line is a subhead.
        kind = PartKind.SUBHEAD if part.kind is PartKind.TITLE else part.kind
        parts.append(Part(kind, start + part.start, start + part.end, part.index))
    for caption in captions:
        start = add(caption)
        parts.append(Part(PartKind.CAPTION, start, start + len(caption)))
    before = max((p.index for p in parts if p.kind is PartKind.COMMENT), default=0)
    if authored:
        for number, comment in enumerate(authored, start=before + 1):
            if comment.author is not None:
                start = add(comment.author)
                parts.append(Part(PartKind.COMMENT_META, start, start + len(comment.author)))
            start = add(PARAGRAPH_BREAK.join(comment.paragraphs))
            parts.append(Part(PartKind.COMMENT, start, offset, number))
    elif comments:
        # Comment numbers go on from any comment thread segment_parts found in the body.
        thread = PARAGRAPH_BREAK.join(comments)
        start = add(thread)
        found = segment_thread(thread)
        if not any(part.kind is PartKind.COMMENT for part in found):  # all looked like meta
            found = (Part(PartKind.COMMENT, 0, len(thread), 1),)
        for part in found:
            index = part.index + before if part.kind is PartKind.COMMENT else 0
            parts.append(Part(part.kind, start + part.start, start + part.end, index))
    return "".join(pieces), tuple(parts)


def _covers(authored: tuple[PageComment, ...], comments: list[str]) -> bool:
    """Whether the comments read from the markup hold every comment trafilatura found
    (headers and author lines aside), so that taking them loses nothing."""
    if not authored:
        return False
    found = " ".join(" ".join(" ".join([c.author or "", *c.paragraphs]).split()) for c in authored)
    thread = PARAGRAPH_BREAK.join(comments)
    return all(
        " ".join(thread[p.start : p.end].split()) in found
        for p in segment_thread(thread)
        if p.kind is PartKind.COMMENT
    )


def _date(value: str, *, origin: str) -> date | None:
    """trafilatura's ``YYYY-MM-DD`` date; None when absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        logger.debug("ignoring malformed date %r in %s", value, origin)
        return None

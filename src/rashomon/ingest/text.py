"""Plain text (``.txt``, ``.md``, stdin) to ``Article``, and the checks every reader shares."""

from __future__ import annotations

from datetime import date

from rashomon.config import Settings
from rashomon.errors import ARTICLE_TOO_LONG, EMPTY_INPUT, InputError
from rashomon.ingest.decode import (
    binary_error,
    decode_bytes,
    is_binary_text,
    replace_surrogates,
    require_size,
)
from rashomon.ingest.ids import article_id, has_identifier
from rashomon.ingest.language import LanguageDetector, require_english
from rashomon.ingest.lines import byline_name
from rashomon.ingest.parts import TITLE_MAX_WORDS, segment_parts
from rashomon.model import Article, Part, PartKind, PublishedSource

# Parts whose text tells the article's language (comments may be in any language).
_LANGUAGE_PARTS = frozenset({PartKind.TITLE, PartKind.BODY, PartKind.SUBHEAD})


def read_text(
    data: bytes,
    *,
    origin: str,
    settings: Settings,
    detector: LanguageDetector | None = None,
    declared_encoding: str | None = None,
) -> Article:
    """One article from the bytes of a plain-text page; raises ``InputError`` (R001-R005)."""
    require_size(len(data), origin=origin, settings=settings)
    text = decode_bytes(data, origin=origin, declared=declared_encoding)
    return build_article(text, origin=origin, settings=settings, detector=detector)


def build_article(
    text: str,
    *,
    origin: str,
    settings: Settings,
    detector: LanguageDetector | None = None,
    parts: tuple[Part, ...] | None = None,
    fixed_id: str | None = None,
    title: str | None = None,
    title_max_words: int = TITLE_MAX_WORDS,
    byline: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: date | None = None,
) -> Article:
    """Check decoded ``text`` (empty, control characters, language) and wrap it.

    ``parts`` default to ``segment_parts(text)``; title and byline default to what the
    TITLE and first BYLINE parts say. ``published`` comes from metadata. Lone surrogates
    become U+FFFD (one for one); a text over ``settings.max_article_chars`` is refused
    (R015). A ``fixed_id`` in which redaction finds an identifier is replaced by the
    text's hash id when ``settings.redact`` is on.
    """
    text = replace_surrogates(text)
    if len(text) > settings.max_article_chars:
        raise InputError(
            f"{origin} has {len(text):,} characters, over the limit of "
            f"{settings.max_article_chars:,} for one article; split it, or raise "
            "max_article_chars (RASHOMON_MAX_ARTICLE_CHARS).",
            code=ARTICLE_TOO_LONG,
        )
    fixed_id, title, byline, outlet, url = (
        None if value is None else replace_surrogates(value)
        for value in (fixed_id, title, byline, outlet, url)
    )
    if fixed_id is not None and settings.redact and has_identifier(fixed_id):
        fixed_id = None
    if not text.strip():
        raise InputError(
            f"{origin} has no text (only whitespace); give a non-empty article.",
            code=EMPTY_INPUT,
        )
    if is_binary_text(text):
        raise binary_error(origin)
    if parts is None:
        parts = segment_parts(text, title=title, title_max_words=title_max_words)
    require_english(
        language_sample(text, parts),
        origin=origin,
        settings=settings,
        detector=detector if detector is not None else LanguageDetector(),
    )
    return Article(
        id=fixed_id if fixed_id is not None else article_id(text),
        text=text,
        parts=parts,
        title=title if title is not None else _first_text(text, parts, PartKind.TITLE),
        outlet=outlet if outlet is not None else _signoff_outlet(text, parts),
        url=url,
        byline=byline if byline is not None else _byline(text, parts),
        published=published,
        published_source=PublishedSource.METADATA if published is not None else None,
        origin=origin,
    )


def language_sample(text: str, parts: tuple[Part, ...]) -> str:
    """The outlet's own prose (title, subheads, body); the whole text when there is none."""
    pieces = [text[p.start : p.end] for p in parts if p.kind in _LANGUAGE_PARTS]
    return "\n".join(pieces) if pieces else text


def _first_text(text: str, parts: tuple[Part, ...], kind: PartKind) -> str | None:
    return next((text[p.start : p.end] for p in parts if p.kind is kind), None)


def _byline(text: str, parts: tuple[Part, ...]) -> str | None:
    for part in parts:
        if part.kind is PartKind.BYLINE:
            for line in text[part.start : part.end].split("\n"):
                name = byline_name(line.strip())
                if name is not None:
                    return name
    return None


def _signoff_outlet(text: str, parts: tuple[Part, ...]) -> str | None:
    """The outlet named by a sign-off line such as "(The Ostravia Herald)"."""
    signoff = _first_text(text, parts, PartKind.SIGNOFF)
    if not signoff:
        return None
    name = signoff.strip().strip("()[]—–- ").strip()
    words = name.split()
    if not 1 <= len(words) <= 6 or not all(w[:1].isupper() or w in {"of", "the"} for w in words):
        return None
    return name

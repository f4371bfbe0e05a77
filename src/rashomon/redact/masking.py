"""Replace identifiers by same-length masks, so every character offset stays valid."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from rashomon.model import Article, PiiKind, Redaction
from rashomon.redact.identifiers import BUILTIN_RECOGNISERS, Recogniser, find_identifiers

LABELS: dict[PiiKind, str] = {
    PiiKind.ID_NUMBER: "ID",
    PiiKind.PHONE: "PHONE",
    PiiKind.EMAIL: "EMAIL",
}


def mask_for(kind: PiiKind, length: int) -> str:
    """The mask of ``length`` characters: ``[LABEL###]``, or only ``#`` when too short.

    >>> mask_for(PiiKind.ID_NUMBER, 9)
    '[ID#####]'
    >>> mask_for(PiiKind.EMAIL, 5)
    '#####'
    """
    label = LABELS[kind]
    fill = length - len(label) - 2
    if fill < 0:
        return "#" * length
    return "[" + label + "#" * fill + "]"


def mask(text: str, redactions: Iterable[Redaction]) -> str:
    """``text`` with each redaction's stretch replaced by its mask; the length never changes.

    Raises ValueError for a redaction outside ``text``, with ``end < start``, or overlapping
    another (``find_identifiers`` never returns overlapping ones).
    """
    pieces: list[str] = []
    position = 0
    for redaction in sorted(redactions, key=lambda r: (r.start, r.end)):
        start, end = redaction.start, redaction.end
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"Redaction {start}:{end} is outside the text (length {len(text)}).")
        if start < position:
            raise ValueError(f"Redaction {start}:{end} overlaps the one before it.")
        pieces += (text[position:start], mask_for(redaction.kind, end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _redact_optional(text: str | None, recognisers: Sequence[Recogniser]) -> str | None:
    if text is None:
        return None
    return mask(text, find_identifiers(text, recognisers))


def redact_origin(origin: str, recognisers: Sequence[Recogniser] = BUILTIN_RECOGNISERS) -> str:
    """``origin`` masked if it is a URL; a file path is the user's own and stays as given."""
    if origin.lower().startswith(("http://", "https://")):
        return mask(origin, find_identifiers(origin, recognisers))
    return origin


def redact_article(
    article: Article, recognisers: Sequence[Recogniser] = BUILTIN_RECOGNISERS
) -> Article:
    """A copy of ``article`` with identifiers masked in ``text`` and in its metadata:
    ``title``, ``byline``, ``outlet``, ``url`` and an ``origin`` that is a URL (a file
    path is the user's own and stays as given; a given id with an identifier in it was
    already replaced by the text's hash id when the article was read).

    ``recognisers`` are what finds identifiers (default: every built-in one; the
    ``redact_recognisers`` setting names a subset: ``recognisers_named``).

    ``redactions`` lists every masked stretch of ``text`` (earlier ones kept), so running it
    twice changes nothing: masks hold no digits, ``@`` or phone punctuation.
    """
    found = find_identifiers(article.text, recognisers)
    redactions = sorted({*article.redactions, *found}, key=lambda r: (r.start, r.end))
    return replace(
        article,
        text=mask(article.text, found),
        title=_redact_optional(article.title, recognisers),
        byline=_redact_optional(article.byline, recognisers),
        outlet=_redact_optional(article.outlet, recognisers),
        url=_redact_optional(article.url, recognisers),
        origin=redact_origin(article.origin, recognisers),
        redactions=tuple(redactions),
    )

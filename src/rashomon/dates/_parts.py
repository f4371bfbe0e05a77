"""The parts of an article whose times are read, as stretches of its text."""

from __future__ import annotations

from collections.abc import Iterable

from rashomon.model import OUTLET_PARTS, Article, PartKind

# parts whose times are not the article's (page furniture); the rest are read
SKIPPED_PARTS = frozenset({PartKind.BOILERPLATE, PartKind.COMMENT_META})
# parts whose dates tell when the article was written (not comments, not boilerplate)
DATING_PARTS = OUTLET_PARTS | {PartKind.BYLINE, PartKind.SIGNOFF}


def stretches_to_read(article: Article, kinds: Iterable[PartKind] | None) -> list[tuple[int, int]]:
    """Stretches of the text to read: parts of ``kinds`` (all but skipped ones when None)."""
    if not article.parts:
        return [(0, len(article.text))]
    wanted = set(kinds) if kinds is not None else None
    return [
        (part.start, part.end)
        for part in article.parts
        if (part.kind in wanted if wanted is not None else part.kind not in SKIPPED_PARTS)
    ]

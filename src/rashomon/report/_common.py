"""Helpers shared by the text and HTML renderers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rashomon.model import Analysis, Attribution, Claimant, PartKind, PublishedSource
from rashomon.report.records import attribution_id, is_reader_voice

_SPACES = re.compile(r"\s+")
# C0 and C1 control characters (ESC among them): untrusted text must not drive the terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]")


def one_line(text: str) -> str:
    """Untrusted ``text`` made safe for a terminal: one line, no control characters."""
    return _SPACES.sub(" ", _CONTROLS.sub("\ufffd", text)).strip()


def shorten(text: str, limit: int) -> str:
    """``one_line(text)``, cut at a word boundary to at most ``limit`` characters + "…"."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


@dataclass(frozen=True, slots=True)
class Group:
    """The attributions of one claimant (None: source not resolved) in one voice."""

    claimant: Claimant | None
    items: tuple[tuple[str, Attribution], ...]  # (attribution id, attribution), in text order


def group_by_claimant(analysis: Analysis, *, reader: bool) -> list[Group]:
    """Attributions of the outlet's voice (or the readers'), grouped by claimant.

    Groups come in order of each claimant's first attribution; unresolved sources come last.
    """
    order: dict[str | None, list[tuple[str, Attribution]]] = {}
    for index, attribution in enumerate(analysis.attributions):
        if is_reader_voice(attribution) != reader:
            continue
        key = attribution.claimant_id if analysis.claimant(attribution.claimant_id) else None
        order.setdefault(key, []).append((attribution_id(index), attribution))
    groups = [
        Group(analysis.claimant(key), tuple(items))
        for key, items in order.items()
        if key is not None
    ]
    if None in order:
        groups.append(Group(None, tuple(order[None])))
    return groups


def part_counts(analysis: Analysis) -> list[tuple[PartKind, int]]:
    """How many parts of each kind the article has, in PartKind order."""
    counts = Counter(part.kind for part in analysis.article.parts)
    return [(kind, counts[kind]) for kind in PartKind if counts[kind]]


def date_line(analysis: Analysis) -> str:
    """The publication date and how it is known, or "date unknown"."""
    article = analysis.article
    if article.published is None:
        return "date unknown"
    day = article.published.isoformat()
    if article.published_source is None:
        return day
    how = "from metadata" if article.published_source == PublishedSource.METADATA else "inferred"
    return f"{day} ({how})"

"""Helpers shared by the text and HTML renderers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Claimant,
    ClaimType,
    Figure,
    FigureQualifier,
    PartKind,
    Place,
    PublishedSource,
    TimeExpression,
)
from rashomon.present.records import attribution_id, claimant_for, is_reader_claim, is_reader_voice

T = TypeVar("T")

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


def part_name(article: Article, kind: PartKind, offset: int) -> str:
    """The name of a part, numbered for comments ("comment 2")."""
    part = article.part_at(offset)
    if part is not None and part.kind == kind and part.index:
        return f"{kind.value} {part.index}"
    return kind.value


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


def _by_claimant(
    analysis: Analysis, items: Iterable[T], claimant_id: Callable[[T], str | None]
) -> list[tuple[Claimant | None, tuple[T, ...]]]:
    """``items`` grouped by claimant, in order of each one's first item; unresolved last."""
    order: dict[str | None, list[T]] = {}
    for item in items:
        claimant = claimant_for(analysis, claimant_id(item))
        order.setdefault(None if claimant is None else claimant.id, []).append(item)
    groups = [
        (claimant_for(analysis, key), tuple(found))
        for key, found in order.items()
        if key is not None
    ]
    if None in order:
        groups.append((None, tuple(order[None])))
    return groups


def claims_by_claimant(
    analysis: Analysis, *, reader: bool
) -> list[tuple[Claimant | None, tuple[Claim, ...]]]:
    """The outlet-side claims (or those in reader comments), grouped by claimant."""
    claims = [c for c in analysis.claims if is_reader_claim(c) == reader]
    return _by_claimant(analysis, claims, lambda c: c.claimant_id)


def figures_by_claimant(analysis: Analysis) -> list[tuple[Claimant | None, tuple[Figure, ...]]]:
    """Every figure grouped by the claimant who states it: never merged across claimants."""
    return _by_claimant(analysis, analysis.figures, lambda f: f.claimant_id)


def type_counts(claims: Iterable[Claim]) -> str:
    """ "3 fact, 1 judgement": how many claims of each type, in ClaimType order."""
    counts = Counter(claim.type for claim in claims)
    return ", ".join(f"{counts[kind]} {kind.value}" for kind in ClaimType if counts[kind])


def find_claim(analysis: Analysis, claim_id: str | None) -> Claim | None:
    for claim in analysis.claims:
        if claim.id == claim_id:
            return claim
    return None


def claim_label(analysis: Analysis, claim_id: str) -> str:
    """ "claim-4 (Lena Okafor)": a claim id with the name of its claimant."""
    claim = find_claim(analysis, claim_id)
    claimant = None if claim is None else claimant_for(analysis, claim.claimant_id)
    who = "unresolved source" if claimant is None else claimant.name
    return f"{claim_id} ({who})" if claim is not None else claim_id


# Vague quantity words, longest first, for "3–9 (several)".
_VAGUE = re.compile(
    r"\b(tens of thousands|a handful of|a few|several|dozens|scores|hundreds|thousands|"
    r"numerous|many|few|some)\b",
    re.IGNORECASE,
)


def _range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}–{high}"
    if low is not None:
        return f"{low} or more"
    if high is not None:
        return f"up to {high}"
    return "an unknown number"


def figure_count(figure: Figure) -> str:
    """The count in words: "471", "at least 471", "more than 300", "3–9 (several)".

    Open ends are None; "more than 300" is stored as low 301, "fewer than 300" as high 299.
    """
    low, high = figure.low, figure.high
    match figure.qualifier:
        case FigureQualifier.AT_LEAST if low is not None:
            return f"at least {low}"
        case FigureQualifier.MORE_THAN if low is not None:
            return f"more than {low - 1}"
        case FigureQualifier.AT_MOST if high is not None:
            return f"up to {high}"
        case FigureQualifier.LESS_THAN if high is not None:
            return f"fewer than {high + 1}"
        case FigureQualifier.APPROXIMATE:
            return f"about {_range(low, high)}"
        case FigureQualifier.VAGUE:
            word = _VAGUE.search(figure.text.text)
            said = word.group(0).lower() if word else shorten(figure.text.text, 30)
            return f"{_range(low, high)} ({said})"
    return _range(low, high)


def figure_words(figure: Figure) -> str:
    """ "at least 30 wounded people": count, category and victim group."""
    words = [figure_count(figure), figure.category.value.replace("_", " ")]
    if figure.victim_group:
        words.append(one_line(figure.victim_group))
    return " ".join(words)


def when_words(time: TimeExpression) -> str:
    """ "2031-05-02 (part of day, from weekday)": the value with its precision and derivation."""
    how = [time.precision.value.replace("_", " ")] if time.precision else []
    how.append(f"from {one_line(time.derived_from)}" if time.derived_from else "derivation unknown")
    words = [one_line(time.value) if time.value else "not placed in time"]
    if time.duration:
        words.append(f"lasting {one_line(time.duration)}")
    return " ".join(words) + f" ({', '.join(how)})"


def coordinates(place: Place) -> str:
    """ "54.5000, -3.2000", or "not located"."""
    if place.lat is None or place.lon is None:
        return "not located"
    return f"{place.lat:.4f}, {place.lon:.4f}"


def place_words(place: Place) -> str:
    """ "Port Merren (city, XX) 54.5000, -3.2000, city precision; also: Port Merren, XY"."""
    kind = ", ".join(one_line(x) for x in (place.kind, place.country or "") if x)
    words = f"{one_line(place.name)} ({kind}) {coordinates(place)}"
    if place.lat is not None and place.lon is not None:
        words += f", {one_line(place.precision)} precision"
    if place.alternatives:
        words += "; also: " + ", ".join(one_line(a) for a in place.alternatives)
    return words

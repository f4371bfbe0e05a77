"""What the pages show, as typed data built from the application layer's results.

The templates only lay these out (Jinja escapes every string): nothing here builds HTML.
``ledger_view`` turns a ``Comparison`` into slots, conflicts, changes, copies and the
timeline; ``article_view`` cuts an article's text at every highlighted span; each ledger
value links to the article page with its sentence as an anchor (``sentence_href``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from urllib.parse import quote, urlencode

from rashomon.compare.conflicts import value_text
from rashomon.model import (
    Analysis,
    Appearance,
    Comparison,
    ConflictStrength,
    Figure,
    Incident,
    Part,
    PartKind,
    SlotClaim,
)
from rashomon.present.ledger import conflict_marks, conflict_values, ledger_rows, mark_of
from rashomon.web.queries import ArticleInfo

PART_LABELS = {
    PartKind.TITLE: "title",
    PartKind.BYLINE: "byline",
    PartKind.CAPTION: "caption",
    PartKind.SUBHEAD: "subhead",
    PartKind.SIGNOFF: "sign-off",
    PartKind.BOILERPLATE: "page furniture",
    PartKind.COMMENT: "reader comment",
    PartKind.COMMENT_META: "comment header",
}
STRENGTH_ORDER = {ConflictStrength.FIRM: 0, ConflictStrength.POSSIBLE: 1}


# --- links -------------------------------------------------------------------------------


def article_href(article_id: str) -> str:
    return f"/articles/{quote(article_id, safe='')}"


def incident_href(incident_id: str) -> str:
    return f"/incidents/{quote(incident_id, safe='')}"


def claimant_href(name: str) -> str:
    return f"/claimants/{quote(name, safe='')}"


def locate(text: str, sentence: str, value: str = "") -> tuple[int, int] | None:
    """Where ``sentence`` (else ``value``) first stands in ``text``; None when neither is."""
    for needle in (sentence, value):
        start = text.find(needle) if needle else -1
        if start >= 0:
            return start, start + len(needle)
    return None


def safe_url(url: str | None) -> str:
    """``url`` when it is an http(s) address (a page links to nothing else), else ""."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return ""


def sentence_href(article_id: str, span: tuple[int, int] | None) -> str:
    """The article page scrolled to, and marking, the sentence at ``span``."""
    if span is None:
        return article_href(article_id)
    start, end = span
    return f"{article_href(article_id)}?{urlencode({'s': f'{start}-{end}'})}#s-{start}"


# --- the incidents list ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceView:
    name: str
    coordinates: str  # "50.08, 14.42" or "" when unknown


@dataclass(frozen=True, slots=True)
class IncidentRowView:
    id: str
    href: str
    type: str
    dates: str
    places: tuple[PlaceView, ...]
    articles: int
    outlets: int


def dates_text(start: date | None, end: date | None) -> str:
    """ "2025-03-11", "2025-03-11 – 03-13" (same year) or "2024-12-30 – 2025-01-02"."""
    first = "?" if start is None else start.isoformat()
    last = "?" if end is None else end.isoformat()
    if first == last:
        return first
    if first[:4] == last[:4] != "?":
        last = last[5:]
    return f"{first} – {last}"


def incident_row(
    incident: Incident, outlets: Mapping[str, str | None], coordinates: Mapping[str, str]
) -> IncidentRowView:
    ids = incident.article_ids
    return IncidentRowView(
        id=incident.id,
        href=incident_href(incident.id),
        type=str(incident.type),
        dates=dates_text(incident.start, incident.end),
        places=tuple(PlaceView(p, coordinates.get(p, "")) for p in incident.places),
        articles=len(ids),
        outlets=len({outlets.get(i) for i in ids} - {None}),
    )


# --- the ledger --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceLink:
    href: str
    label: str  # "2025-03-11 The Ostravia Herald"
    quote: str


@dataclass(frozen=True, slots=True)
class ValueView:
    display: str
    strength: str  # "firm", "possible" or ""
    href: str  # the sentence of its first appearance
    quote: str
    seen: str  # "2025-03-11 The Ostravia Herald, +2, 2 sources"
    sources: tuple[SourceLink, ...]  # every appearance


@dataclass(frozen=True, slots=True)
class ClaimantRowView:
    claimant: str
    name: str
    href: str
    side: str  # the side's name when it is not the claimant's own
    values: tuple[ValueView, ...]


@dataclass(frozen=True, slots=True)
class SlotView:
    slot: str
    rows: tuple[ClaimantRowView, ...]


@dataclass(frozen=True, slots=True)
class ConflictView:
    slot: str
    strength: str
    text: str


@dataclass(frozen=True, slots=True)
class ChangeView:
    claimant: str
    href: str
    slot: str
    before: str
    after: str
    dates: str
    steps: int


@dataclass(frozen=True, slots=True)
class MemberView:
    id: str
    href: str
    title: str
    outlet: str
    published: str
    copy_of: str  # the copy group's id ("copy-1") when a wire copy, else ""


@dataclass(frozen=True, slots=True)
class CopyView:
    id: str
    agency: str
    articles: tuple[MemberView, ...]


@dataclass(frozen=True, slots=True)
class LedgerView:
    incident: IncidentRowView
    slots: tuple[SlotView, ...]
    conflicts: tuple[ConflictView, ...]
    changes: tuple[ChangeView, ...]
    copies: tuple[CopyView, ...]
    members: tuple[MemberView, ...]
    timeline: Timeline


def _seen(seen: Appearance | None) -> str:
    if seen is None:
        return "undated"
    day = seen.published.isoformat() if seen.published else "undated"
    return f"{day} {seen.outlet or seen.article_id}"


def _source(seen: Appearance, texts: Mapping[str, ArticleInfo]) -> SourceLink:
    info = texts.get(seen.article_id)
    span = None if info is None else locate(info.text, seen.quote, seen.text)
    return SourceLink(sentence_href(seen.article_id, span), _seen(seen), seen.quote or seen.text)


def _value(claim: SlotClaim, strength: str, texts: Mapping[str, ArticleInfo]) -> ValueView:
    from rashomon.present.ledger import seen_note

    sources = tuple(_source(a, texts) for a in claim.appearances)
    first = claim.first_seen or (claim.appearances[0] if claim.appearances else None)
    link = _source(first, texts) if first is not None else None
    return ValueView(
        display=value_text(claim),
        strength=strength,
        href=link.href if link else "",
        quote=link.quote if link else "",
        seen=seen_note(claim),
        sources=sources,
    )


def ledger_view(
    comparison: Comparison,
    texts: Mapping[str, ArticleInfo],
    outlets: Mapping[str, str | None],
    coordinates: Mapping[str, str],
) -> LedgerView:
    marks = conflict_marks(comparison)
    names = {c.claimant: c.claimant_name for c in comparison.claims}
    slots: dict[str, list[ClaimantRowView]] = {}
    for row in ledger_rows(comparison):
        values = []
        for claim in row.claims:
            strength = mark_of(claim, marks)
            values.append(_value(claim, "" if strength is None else strength.value, texts))
        side = row.claims[0].side_name
        slots.setdefault(row.slot, []).append(
            ClaimantRowView(
                claimant=row.claimant,
                name=row.claimant_name,
                href=claimant_href(row.claimant_name),
                side="" if not side or side == row.claimant_name else side,
                values=tuple(values),
            )
        )
    conflicts = sorted(
        comparison.conflicts, key=lambda c: (STRENGTH_ORDER.get(c.strength, 2), c.slot)
    )
    copy_of = {a: g.id for g in comparison.copies for a in g.article_ids}
    members = tuple(_member(a, texts, copy_of) for a in comparison.incident.article_ids)
    by_id = {m.id: m for m in members}
    return LedgerView(
        incident=incident_row(comparison.incident, outlets, coordinates),
        slots=tuple(SlotView(slot, tuple(rows)) for slot, rows in slots.items()),
        conflicts=tuple(
            ConflictView(c.slot, c.strength.value, conflict_values(c)) for c in conflicts
        ),
        changes=tuple(
            ChangeView(
                claimant=names.get(c.claimant, c.claimant),
                href=claimant_href(names.get(c.claimant, c.claimant)),
                slot=c.slot,
                before=c.before,
                after=c.after,
                dates=" → ".join(d.isoformat() if d else "undated" for d in c.dates),
                steps=c.steps,
            )
            for c in comparison.changes
        ),
        copies=tuple(
            CopyView(
                id=g.id,
                agency=g.agency or "",
                articles=tuple(by_id[a] for a in g.article_ids if a in by_id),
            )
            for g in comparison.copies
        ),
        members=members,
        timeline=timeline(comparison, texts),
    )


def _member(
    article_id: str, texts: Mapping[str, ArticleInfo], copy_of: Mapping[str, str]
) -> MemberView:
    info = texts.get(article_id)
    return MemberView(
        id=article_id,
        href=article_href(article_id),
        title=(info.title if info else None) or article_id,
        outlet=(info.outlet if info else None) or "",
        published=info.published.isoformat() if info and info.published else "undated",
        copy_of=copy_of.get(article_id, ""),
    )


# --- the timeline ------------------------------------------------------------------------

TIMELINE_WIDTH = 960
LABEL_WIDTH = 200
ROW_GAP = 10
LINE_HEIGHT = 16
AXIS_HEIGHT = 40
UNDATED_WIDTH = 90
MAX_ROWS = 60


@dataclass(frozen=True, slots=True)
class TimelineLabel:
    x: float
    y: float
    text: str
    href: str
    strength: str
    title: str  # the sentence (shown on hover)


@dataclass(frozen=True, slots=True)
class TimelineRow:
    name: str
    href: str
    y: float  # top
    height: float
    labels: tuple[TimelineLabel, ...]


@dataclass(frozen=True, slots=True)
class TimelineTick:
    x: float
    text: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """An SVG layout: claimants as rows, the day a value was first published on x, the
    incident's event dates as a band; values without a date in a last column."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    rows: tuple[TimelineRow, ...]
    ticks: tuple[TimelineTick, ...]
    event_x: float | None  # the event band (start..end), None when undated
    event_width: float
    event_label: str
    undated_x: float | None
    hidden_rows: int  # claimants left out past MAX_ROWS


def timeline(comparison: Comparison, texts: Mapping[str, ArticleInfo]) -> Timeline:
    incident = comparison.incident
    claims = list(comparison.claims)
    days = [c.first_seen.published for c in claims if c.first_seen and c.first_seen.published]
    days += [d for d in (incident.start, incident.end) if d is not None]
    first = min(days) if days else None
    last = max(days) if days else None
    undated = any(not (c.first_seen and c.first_seen.published) for c in claims)
    plot_left = LABEL_WIDTH
    plot_right = TIMELINE_WIDTH - (UNDATED_WIDTH if undated else 20)
    span_days = (last - first).days if first and last else 0
    step = (plot_right - plot_left - 120) / max(span_days, 1)

    def x_of(day: date | None) -> float:
        if day is None or first is None:
            return float(plot_right + 10)
        return plot_left + 10 + (day - first).days * step

    marks = conflict_marks(comparison)
    by_claimant: dict[str, list[SlotClaim]] = {}
    for claim in claims:
        by_claimant.setdefault(claim.claimant, []).append(claim)
    ordered = sorted(
        by_claimant.values(),
        key=lambda cs: (min(_day(c) for c in cs), cs[0].claimant_name),
    )
    rows: list[TimelineRow] = []
    y = float(AXIS_HEIGHT)
    for group in ordered[:MAX_ROWS]:
        stacks: dict[date | None, int] = {}
        labels: list[TimelineLabel] = []
        for claim in sorted(group, key=lambda c: (_day(c), c.slot)):
            seen = claim.first_seen or (claim.appearances[0] if claim.appearances else None)
            day = claim.first_seen.published if claim.first_seen else None
            level = stacks.get(day, 0)
            stacks[day] = level + 1
            link = _source(seen, texts) if seen is not None else None
            strength = mark_of(claim, marks)
            labels.append(
                TimelineLabel(
                    x=x_of(day),
                    y=y + ROW_GAP + (level + 1) * LINE_HEIGHT - 4,
                    text=f"{claim.slot}: {value_text(claim)}",
                    href=link.href if link else "",
                    strength="" if strength is None else strength.value,
                    title=link.quote if link else "",
                )
            )
        height = ROW_GAP + max(stacks.values(), default=1) * LINE_HEIGHT + 4
        name = group[0].claimant_name
        rows.append(TimelineRow(name, claimant_href(name), y, height, tuple(labels)))
        y += height
    ticks: list[TimelineTick] = []
    if first is not None and last is not None:
        every = max(1, span_days // 8 + (1 if span_days % 8 else 0)) if span_days > 8 else 1
        day = first
        while day <= last:
            ticks.append(TimelineTick(x_of(day), day.isoformat()))
            day += timedelta(days=every)
    event_x = x_of(incident.start) if incident.start is not None and first else None
    event_end = x_of(incident.end or incident.start) if event_x is not None else 0.0
    return Timeline(
        width=TIMELINE_WIDTH,
        height=int(y + 10),
        plot_left=plot_left,
        plot_right=plot_right,
        rows=tuple(rows),
        ticks=tuple(ticks),
        event_x=None if event_x is None else event_x - 4,
        event_width=0.0 if event_x is None else max(8.0, event_end - event_x + 8),
        event_label="event " + dates_text(incident.start, incident.end),
        undated_x=float(plot_right + 10) if undated else None,
        hidden_rows=max(0, len(ordered) - MAX_ROWS),
    )


def _day(claim: SlotClaim) -> date:
    seen = claim.first_seen
    return seen.published if seen and seen.published else date.max


# --- the article page --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    classes: str  # "source cue content figure pii target" (those that apply)
    title: str  # what is highlighted here, for hover
    anchor: str  # "s-123" on the first segment of a marked sentence, else ""


@dataclass(frozen=True, slots=True)
class Region:
    kind: str  # a PartKind value, or "none" for text outside every part
    label: str  # "caption", "reader comment 2"... ("" for the body)
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    role: str  # source, cue, content, figure, pii, target
    label: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    title: str
    outlet: str
    published: str
    url: str
    byline: str
    regions: tuple[Region, ...]
    incidents: tuple[str, ...]
    claimants: tuple[tuple[str, str, str], ...]  # (name, type, href)
    figures: tuple[tuple[str, str, str], ...]  # (text, category, claimant)
    target: tuple[int, int] | None


ROLE_ORDER = ("source", "cue", "content", "figure", "pii", "target")


def marks_of(analysis: Analysis) -> list[Mark]:
    """Every highlighted span: attributions' source, cue and content (the claimant named
    on hover), figures, masked identifiers."""
    size = len(analysis.article.text)
    marks: list[Mark] = []
    for number, attribution in enumerate(analysis.attributions, start=1):
        claimant = analysis.claimant(attribution.claimant_id)
        who = claimant.name if claimant else "unresolved source"
        spans = [("source", attribution.source), ("cue", attribution.cue)]
        spans += [("content", fragment) for fragment in attribution.content]
        for role, span in spans:
            if span is not None and max(0, span.start) < min(size, span.end):
                label = f"att-{number} {role}: {who} ({attribution.kind.value})"
                marks.append(Mark(max(0, span.start), min(size, span.end), role, label))
    for figure in analysis.figures:
        claimant = analysis.claimant(figure.claimant_id)
        who = claimant.name if claimant else (figure.claimant_id or "no claimant")
        span = figure.text
        if max(0, span.start) < min(size, span.end):
            label = f"{figure.id} {figure.category.value}: {who}"
            marks.append(Mark(max(0, span.start), min(size, span.end), "figure", label))
    for redaction in analysis.article.redactions:
        if max(0, redaction.start) < min(size, redaction.end):
            label = f"redacted {redaction.kind.value}"
            marks.append(Mark(redaction.start, min(size, redaction.end), "pii", label))
    return marks


def _regions(parts: Sequence[Part], size: int) -> Iterator[tuple[int, int, Part | None]]:
    position = 0
    for part in sorted(parts, key=lambda p: (p.start, p.end)):
        start, end = max(position, part.start), min(size, part.end)
        if start >= end:
            continue
        if position < start:
            yield position, start, None
        yield start, end, part
        position = end
    if position < size:
        yield position, size, None


def _part_label(part: Part | None) -> str:
    if part is None or part.kind == PartKind.BODY:
        return ""
    label = PART_LABELS.get(part.kind, part.kind.value)
    if part.kind == PartKind.COMMENT and part.index:
        label += f" {part.index}"
    return label


def highlighted(text: str, parts: Sequence[Part], marks: Iterable[Mark]) -> tuple[Region, ...]:
    """The text cut at every mark and part boundary into regions of segments."""
    ordered = sorted(marks, key=lambda m: (m.start, m.end))
    regions = list(_regions(parts, len(text)))
    cuts = {m.start for m in ordered} | {m.end for m in ordered}
    cuts |= {r[0] for r in regions} | {r[1] for r in regions} | {0, len(text)}
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[Region] = []
    segments: list[Segment] = []
    region_index = 0
    anchored: set[int] = set()
    pending = 0  # the next mark to open
    active: list[Mark] = []
    for start, end in pairwise(bounds):
        while pending < len(ordered) and ordered[pending].start <= start:
            active.append(ordered[pending])
            pending += 1
        active = [m for m in active if m.end > start]  # every cut is a mark edge: all cover
        roles = [r for r in ROLE_ORDER if any(m.role == r for m in active)]
        anchor = ""
        for mark in active:
            if mark.role == "target" and mark.start not in anchored:
                anchored.add(mark.start)
                anchor = f"s-{mark.start}"
        title = "; ".join(m.label for m in active if m.label)
        segments.append(Segment(text[start:end], " ".join(roles), title, anchor))
        while region_index < len(regions) and end >= regions[region_index][1]:
            _, _, part = regions[region_index]
            kind = part.kind.value if part else "none"
            out.append(Region(kind, _part_label(part), tuple(segments)))
            segments = []
            region_index += 1
    return tuple(out)


def article_view(
    analysis: Analysis, incidents: Sequence[str], target: tuple[int, int] | None
) -> ArticleView:
    article = analysis.article
    marks = marks_of(analysis)
    if target is not None:
        marks.append(Mark(target[0], target[1], "target", "the sentence the ledger cites"))
    return ArticleView(
        id=article.id,
        title=article.title or article.id,
        outlet=article.outlet or "",
        published=article.published.isoformat() if article.published else "undated",
        url=safe_url(article.url),
        byline=article.byline or "",
        regions=highlighted(article.text, article.parts, marks),
        incidents=tuple(incidents),
        claimants=tuple((c.name, c.type.value, claimant_href(c.name)) for c in analysis.claimants),
        figures=tuple(
            (f.text.text, _category(f), _claimant_name(analysis, f.claimant_id))
            for f in analysis.figures
        ),
        target=target,
    )


def _category(figure: Figure) -> str:
    group = f":{figure.victim_group}" if figure.victim_group else ""
    return figure.category.value + group


def _claimant_name(analysis: Analysis, claimant_id: str | None) -> str:
    claimant = analysis.claimant(claimant_id)
    return claimant.name if claimant is not None else ""

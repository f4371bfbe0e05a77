"""Building Events from clusters of mentions: the type, head mention and participants, and
the time, places and figures attached to each by syntax, sentence and paragraph."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from rashomon.events._clusters import Placed, Timed, event_date
from rashomon.events._event_mentions import ArticleIndex, ClaimIndex, Mention, holds
from rashomon.events.ontology import CAUSE_TYPES, ONTOLOGY, PRIORITY, VICTIM_TYPES, plover_type
from rashomon.model import (
    Claim,
    Event,
    EventType,
    Figure,
    FigureCategory,
    PartKind,
    Place,
    TextSpan,
    TimeExpression,
)


def _event_type(cluster: list[Mention]) -> EventType:
    """The most specific type; a cause named only by claimants leaves an EXPLOSION as is."""
    exploded = any(m.type is EventType.EXPLOSION for m in cluster)
    present = {
        m.type for m in cluster if not (exploded and m.type in CAUSE_TYPES and not m.outlet_voice)
    }
    return next(t for t in PRIORITY if t in present)


def _head_mention(cluster: list[Mention], kind: EventType) -> Mention:
    of_kind = [m for m in cluster if m.type is kind]
    return next((m for m in of_kind if m.part is PartKind.BODY), of_kind[0])


def _ordered(cluster: list[Mention], head: Mention) -> list[Mention]:
    """The head mention first, then body mentions, then title and caption, in text order."""
    rest = sorted(
        (m for m in cluster if m is not head),
        key=lambda m: (m.part is not PartKind.BODY, m.span.start),
    )
    return [head, *rest]


def _when(cluster: list[Mention], head: Mention, timed: Timed) -> TimeExpression | None:
    dated = [(t, loc) for t, loc in timed if event_date(t) is not None]
    for mention in _ordered(cluster, head):
        tiers = (
            [(t, loc) for t, loc in dated if loc.token in mention.scope],
            [(t, loc) for t, loc in dated if loc.sentence == mention.sentence],
            [(t, loc) for t, loc in dated if loc.paragraph == mention.paragraph],
        )
        for tier in tiers:
            if tier:
                return min(tier, key=lambda item: abs(item[1].start - mention.span.start))[0]
    return None


def _with_duration(
    when: TimeExpression | None, cluster: list[Mention], timed: Timed
) -> TimeExpression | None:
    """ "a ceasefire that only lasted for seven days": a duration inside a trigger's phrase."""
    if when is None or when.duration is not None:
        return when
    subtree = {i for m in cluster for i in m.subtree}
    for time, loc in timed:
        if time.duration is not None and loc.token in subtree:
            return replace(when, duration=time.duration)
    return when


def _where(cluster: list[Mention], placed: Placed, main_place: Place | None) -> tuple[Place, ...]:
    scope = {i for m in cluster for i in m.scope}
    sentences = {m.sentence for m in cluster}
    paragraphs = {m.paragraph for m in cluster}
    tiers = (
        [p for p, loc in placed if loc.token in scope],
        [p for p, loc in placed if loc.sentence in sentences],
        [p for p, loc in placed if loc.paragraph in paragraphs],
    )
    for tier in tiers:
        if tier:
            unique: dict[str, Place] = {}
            for place in sorted(tier, key=lambda p: p.text.start):
                unique.setdefault(place.name, place)
            return tuple(unique.values())
    return (main_place,) if main_place is not None else ()


def _main_place(placed: Placed) -> Place | None:
    """The place the article names most often in its own parts (first named on a tie)."""
    if not placed:
        return None
    counts = Counter(p.name for p, _ in placed)
    first: dict[str, Place] = {}
    for place, _ in sorted(placed, key=lambda item: item[1].start):
        first.setdefault(place.name, place)
    order = list(first)
    best = max(order, key=lambda name: (counts[name], -order.index(name)))
    return first[best]


def _participant(
    cluster: list[Mention],
    head: Mention,
    role: Callable[[Mention], TextSpan | None],
    kinds: Sequence[EventType],
) -> TextSpan | None:
    """First filled ``role`` among mentions of ``kinds``: the outlet's own voice first."""
    for kind in kinds:
        candidates = sorted(
            (m for m in cluster if m.type is kind),
            key=lambda m: (
                m is not head,
                not m.outlet_voice,
                m.part is not PartKind.BODY,
                m.span.start,
            ),
        )
        for mention in candidates:
            span = role(mention)
            if span is not None:
                return span
    return None


def _claim_ids(
    claims: Sequence[Claim], index: ClaimIndex, cluster: list[Mention]
) -> tuple[str, ...]:
    """Ids of the claims holding any mention of the cluster, in claim order."""
    held = {c.id for m in cluster for c in index.holding(m.span)}
    return tuple(c.id for c in claims if c.id in held)


def _figure_fits(cluster: list[Mention]) -> frozenset[FigureCategory]:
    return frozenset(c for m in cluster for c in ONTOLOGY[m.type].figures)


def _assign_figures(
    clusters: list[list[Mention]],
    index: ArticleIndex,
    claims: Sequence[Claim],
    figures: Sequence[Figure],
    claim_index: ClaimIndex,
) -> dict[int, list[Figure]]:
    """Each figure goes to the event with the nearest mention in its sentence or claim."""
    fits = [_figure_fits(c) for c in clusters]
    by_event: dict[int, list[Figure]] = {i: [] for i in range(len(clusters))}
    by_id = {c.id: c for c in claims}
    # mentions by sentence and by start, so a figure looks only at the mentions near it
    in_sentence: dict[int, list[tuple[int, Mention]]] = {}
    placed = sorted(
        ((m.span.start, i, k) for i, cluster in enumerate(clusters) for k, m in enumerate(cluster))
    )
    starts = [start for start, _, _ in placed]
    for i, cluster in enumerate(clusters):
        for mention in cluster:
            in_sentence.setdefault(mention.sentence, []).append((i, mention))
    for figure in figures:
        sentence = index.sentence(figure.text.start)
        holders = claim_index.holding(figure.text)
        own = by_id.get(figure.claim_id or "")
        if own is not None and own not in holders:
            holders.append(own)
        candidates: list[tuple[int, int, int]] = []  # (tier, distance, event)
        for i, mention in in_sentence.get(sentence, ()):
            if figure.category in fits[i]:
                candidates.append((0, abs(mention.span.start - figure.text.start), i))
        for claim in holders:
            for fragment in claim.fragments or (claim.text,):
                lo = bisect.bisect_left(starts, fragment.start)
                hi = bisect.bisect_right(starts, fragment.end)
                for _, i, k in placed[lo:hi]:
                    mention = clusters[i][k]
                    if figure.category in fits[i] and holds(claim, mention.span):
                        tier = 0 if mention.sentence == sentence else 1
                        distance = abs(mention.span.start - figure.text.start)
                        candidates.append((tier, distance, i))
        if candidates:
            by_event[min(candidates)[2]].append(figure)
    return by_event


def build_events(
    clusters: list[list[Mention]],
    main: int,
    index: ArticleIndex,
    claims: Sequence[Claim],
    figures: Sequence[Figure],
    timed: Timed,
    placed: Placed,
) -> list[Event]:
    main_place = _main_place(placed)
    types = [_event_type(c) for c in clusters]
    heads = [_head_mention(c, t) for c, t in zip(clusters, types, strict=True)]
    whens = [_when(c, h, timed) for c, h in zip(clusters, heads, strict=True)]
    main_when = whens[main]
    claim_index = ClaimIndex(claims)  # built once: figures and events both ask it
    attached = _assign_figures(clusters, index, claims, figures, claim_index)
    events: list[Event] = []
    for i, (cluster, kind, head) in enumerate(zip(clusters, types, heads, strict=True)):
        when = whens[i]
        if when is None and main_when is not None:
            when = replace(main_when, derived_from=f"inherited:{main_when.derived_from}")
        when = _with_duration(when, cluster, timed)
        figure_list = attached[i]
        victims = _participant(cluster, head, lambda m: m.victims, VICTIM_TYPES)
        if victims is None and figure_list:
            victims = figure_list[0].text
        events.append(
            Event(
                id=f"ev-{i + 1}",
                type=kind,
                plover=plover_type(kind),
                trigger=head.span,
                when=when,
                where=_where(cluster, placed, main_place),
                actor=_participant(cluster, head, lambda m: m.actor, (kind,))
                or _participant(cluster, head, lambda m: m.actor_hint, (kind,)),
                target=_participant(cluster, head, lambda m: m.target, (kind,)),
                victims=victims,
                claim_ids=_claim_ids(claims, claim_index, cluster),
                figure_ids=tuple(f.id for f in figure_list),
            )
        )
    return events

"""Clustering trigger mentions into happenings (steps 1 to 3 of ``assemble``): adjacent
mentions of one family, the main incident absorbing later mentions of it, and happenings
sharing a place, a named participant or a day; each step kept apart by conflicting days,
places or an explicit "another"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from rashomon.events._event_mentions import ArticleIndex, Located, Mention
from rashomon.events.ontology import Family, family_of
from rashomon.model import PartKind, Place, TimeExpression

PLACE_RANK = {"country": 0, "region": 1, "area": 2, "city": 3, "landmark": 4}
BOUND_WORDS = ("since", "until", "till", "before", "prior to")


Timed = list[tuple[TimeExpression, Located]]
Placed = list[tuple[Place, Located]]


def event_date(time: TimeExpression) -> str | None:
    """The date a time expression puts an event on; None for durations and bounds."""
    if time.value is None or time.duration is not None:
        return None
    if time.text.text.lower().startswith(BOUND_WORDS):
        return None  # "since 2008", "until Friday": a bound of a period, not the event's day
    return time.value.split("T")[0]


def _own_dates(mentions: Iterable[Mention], timed: Timed) -> set[str]:
    scope = {i for m in mentions for i in m.scope}
    return {d for t, loc in timed if loc.token in scope and (d := event_date(t)) is not None}


def _sentence_dates(mentions: Iterable[Mention], timed: Timed) -> set[str]:
    sentences = {m.sentence for m in mentions}
    return {d for t, loc in timed if loc.sentence in sentences and (d := event_date(t)) is not None}


def _own_places(mentions: Iterable[Mention], placed: Placed) -> list[Place]:
    scope = {i for m in mentions for i in m.scope}
    return [p for p, loc in placed if loc.token in scope]


def _sentence_places(mentions: Iterable[Mention], placed: Placed) -> list[Place]:
    sentences = {m.sentence for m in mentions}
    return [p for p, loc in placed if loc.sentence in sentences]


def _dates_meet(left: set[str], right: set[str]) -> bool:
    return any(a.startswith(b) or b.startswith(a) for a in left for b in right)


def _conflicts(earlier: list[Mention], later: list[Mention], timed: Timed, placed: Placed) -> bool:
    """Another day, another place or an explicit "another" keeps ``later`` apart."""
    if any(m.distinct for m in later):
        return True
    later_dates = _own_dates(later, timed)
    earlier_dates = _own_dates(earlier, timed)
    if (
        later_dates
        and earlier_dates
        and not all(_dates_meet({d}, earlier_dates) for d in later_dates)
    ):
        return True
    earlier_places = _own_places(earlier, placed) + _sentence_places(earlier, placed)
    return _places_conflict(_own_places(later, placed), earlier_places)


def _places_conflict(later: list[Place], earlier: list[Place]) -> bool:
    """A newly named place as fine as or finer than one already named is another place.

    Khan Yunis (a city) after the Gaza Strip (a region) is elsewhere; a hospital (a
    landmark) after Gaza City is inside it, as far as rules can tell; a country never
    conflicts.
    """
    names = {p.name for p in earlier}
    for new in later:
        rank = PLACE_RANK.get(new.kind, -1)
        if new.name in names or rank < 1:
            continue
        for old in earlier:
            old_rank = PLACE_RANK.get(old.kind, -1)
            inside = new.kind == "landmark" and old.kind != "landmark"
            if old_rank >= 1 and rank >= old_rank and not inside:
                return True
    return False


def adjacent_clusters(mentions: list[Mention], timed: Timed, placed: Placed) -> list[list[Mention]]:
    """Step 1: a sentence's related mentions of one family are one unit unless their days or
    places conflict; a unit joins a cluster of its family ending in the previous sentence, one
    that shares an event type first ("... killed ... in the air strike" after "an air
    strike"), else the latest."""
    clusters: list[list[Mention]] = []
    for _, group in groupby(mentions, key=lambda m: m.sentence):
        units: list[list[Mention]] = []
        for mention in group:
            unit = next(
                (
                    u
                    for u in units
                    if family_of(u[0].type) is family_of(mention.type)
                    and any(_related(mention, m) for m in u)
                    and not _conflicts(u, [mention], timed, placed)
                ),
                None,
            )
            if unit is None:
                units.append([mention])
            else:
                unit.append(mention)
        for unit in units:
            family = family_of(unit[0].type)
            types = {m.type for m in unit}
            candidates = [
                c
                for c in clusters
                if family_of(c[0].type) is family
                and unit[0].sentence - c[-1].sentence <= 1
                and not _conflicts(c, unit, timed, placed)
            ]
            if candidates:
                best = max(
                    candidates,
                    key=lambda c: (bool(types & {m.type for m in c}), c[-1].span.start),
                )
                best.extend(unit)
                best.sort(key=lambda m: m.span.start)
            else:
                clusters.append(unit)
    return clusters


def _related(a: Mention, b: Mention) -> bool:
    """One mention sits in the other's clause: "a clash that led to the death of ..."."""
    return a.token in b.scope or b.token in a.scope


def main_incident(clusters: list[list[Mention]]) -> int | None:
    """The incident the title names, else the first incident in the body."""
    incidents = [i for i, c in enumerate(clusters) if family_of(c[0].type) is Family.INCIDENT]
    for i in incidents:
        if any(m.part is PartKind.TITLE for m in clusters[i]):
            return i
    for i in incidents:
        if any(m.part is PartKind.BODY for m in clusters[i]):
            return i
    return incidents[0] if incidents else None


def _lede(index: ArticleIndex) -> int | None:
    for part in index.article.parts:
        if part.kind is PartKind.BODY:
            return index.paragraph(part.start)
    return 0 if not index.article.parts else None


def _same_as_main(
    main: list[Mention], other: list[Mention], lede: int | None, timed: Timed
) -> bool:
    if any(m.definite for m in other):
        return True
    if any(m.paragraph == lede and m.part is PartKind.BODY for m in other):
        return True
    if {w for m in other for w in m.words} & {w for m in main for w in m.words}:
        return True
    main_dates = _own_dates(main, timed) | _sentence_dates(main, timed)
    other_dates = _own_dates(other, timed)
    return bool(other_dates and main_dates and _dates_meet(other_dates, main_dates))


def absorb_into_main(
    clusters: list[list[Mention]], main: int, index: ArticleIndex, timed: Timed, placed: Placed
) -> list[list[Mention]]:
    lede = _lede(index)
    merged = [list(c) for c in clusters]
    kept: list[list[Mention]] = []
    for i, cluster in enumerate(merged):
        if i == main:
            kept.append(cluster)
            continue
        same_family = family_of(cluster[0].type) is Family.INCIDENT
        if (
            same_family
            and not _conflicts(merged[main], cluster, timed, placed)
            and _same_as_main(merged[main], cluster, lede, timed)
        ):
            merged[main].extend(cluster)
            merged[main].sort(key=lambda m: m.span.start)
            continue
        kept.append(cluster)
    return kept


def merge_shared(
    clusters: list[list[Mention]], timed: Timed, placed: Placed
) -> list[list[Mention]]:
    """Happenings of one family sharing a place, a named participant or a day merge."""
    kept: list[list[Mention]] = []
    facts: list[_Facts] = []  # each kept cluster's days, places and names, read once
    for cluster in sorted(clusters, key=lambda c: c[0].span.start):
        family = family_of(cluster[0].type)
        new = _facts(cluster, timed, placed)
        for k, earlier in enumerate(kept):
            if family_of(earlier[0].type) is not family:
                continue
            old = facts[k]
            if _facts_conflict(old, new):
                continue
            shared_place = {p.name for p in new.own_places} & {p.name for p in old.own_places}
            shared_name = new.names & old.names
            shared_day = new.dates and _dates_meet(new.dates, old.dates)
            if shared_place or shared_name or shared_day:
                earlier.extend(cluster)
                earlier.sort(key=lambda m: m.span.start)
                facts[k] = _facts(earlier, timed, placed)
                break
        else:
            kept.append(list(cluster))
            facts.append(new)
    return kept


@dataclass(frozen=True, slots=True)
class _Facts:
    """What ``_conflicts`` and ``merge_shared`` read of a cluster, computed once."""

    distinct: bool
    dates: set[str]
    own_places: list[Place]
    sentence_places: list[Place]
    names: set[str]


def _facts(mentions: list[Mention], timed: Timed, placed: Placed) -> _Facts:
    return _Facts(
        distinct=any(m.distinct for m in mentions),
        dates=_own_dates(mentions, timed),
        own_places=_own_places(mentions, placed),
        sentence_places=_sentence_places(mentions, placed),
        names={n for m in mentions for n in m.names},
    )


def _facts_conflict(earlier: _Facts, later: _Facts) -> bool:
    """``_conflicts`` on facts read once (same rules)."""
    if later.distinct:
        return True
    if (
        later.dates
        and earlier.dates
        and not all(_dates_meet({d}, earlier.dates) for d in later.dates)
    ):
        return True
    return _places_conflict(later.own_places, earlier.own_places + earlier.sentence_places)

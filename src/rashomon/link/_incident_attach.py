"""Left-over articles placed by content: a lone report joins the incident it reads like.

Pairwise rules leave some reports alone: an undated page, a live blog whose lead is about
reactions, a report whose only dated event is background. An editor places such a report by
reading it against each candidate story as a whole, not against one other report. So each
group of one (and each group with no dated member) is compared with the TF-IDF centroid of
every group that a candidate pair reaches, among those that could tell the same happening:
most of its members have no conflicting place, dates within ``close_days`` (or none on one
side) and were not published before the report's happening. It joins the group it reads
most like when the similarity reaches ``text_attach`` (``text_follow`` when no member's
event type family is the report's: a "raid" told like the strike is the strike); groups
are compared as they stand before any attachment (the order of the input never matters).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from rashomon.link._incident_keys import Record, Traits, gap_days
from rashomon.link._incident_text import Vector, centroid, cosine

Compatible = Callable[[Traits, Traits], bool]


def attach_left_overs(
    groups: list[list[Record]],
    candidates: Iterable[tuple[int, int]],
    *,
    compatible: Compatible,
    close_days: int,
    threshold: float,
    other_type_threshold: float,
) -> list[list[Record]]:
    """``groups`` with each lone or undated group moved into the group it reads most like."""
    group_of: dict[int, int] = {}
    for g, members in enumerate(groups):
        for record in members:
            group_of[record.index] = g
    reach: dict[int, set[int]] = defaultdict(set)  # lone group -> groups its pairs reach
    for left, right in candidates:
        a, b = group_of.get(left), group_of.get(right)
        if a is None or b is None or a == b:
            continue
        if is_loose(groups[a]) and len(groups[b]) >= 2:
            reach[a].add(b)
        if is_loose(groups[b]) and len(groups[a]) >= 2:
            reach[b].add(a)
    centroids: dict[int, Vector] = {}
    moves: dict[int, int] = {}
    for lone, targets in sorted(reach.items()):
        vector = centroid([r.vector for r in groups[lone]])
        if not vector:
            continue
        scored: list[tuple[float, int]] = []
        for target in sorted(targets):
            if not fits(groups[lone], groups[target], compatible, close_days):
                continue
            if target not in centroids:
                centroids[target] = centroid([r.vector for r in groups[target]])
            score = cosine(vector, centroids[target])
            if (
                score >= threshold
                if same_type(groups[lone], groups[target])
                else score >= other_type_threshold
            ):
                scored.append((score, target))
        scored.sort(key=lambda s: (-s[0], s[1]))
        if scored and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            moves[lone] = scored[0][1]
    for lone, target in moves.items():
        groups[target].extend(groups[lone])
        groups[lone] = []
    return [sorted(g, key=lambda r: r.index) for g in groups if g]


def same_type(lone: Sequence[Traits], group: Sequence[Traits]) -> bool:
    """Whether the lone records share an event type family with a member of the group."""
    return any(r.families & m.families for r in lone for m in group)


def is_loose(group: Sequence[Traits]) -> bool:
    """A group of one, or one with no dated member: what pairwise rules left unplaced."""
    return len(group) == 1 or all(not r.dates for r in group)


def fits(
    lone: Sequence[Traits], group: Sequence[Traits], compatible: Compatible, close_days: int
) -> bool:
    """Whether most members of ``group`` could tell the happening of every lone record."""
    for record in lone:
        fitting = 0
        dated_near = False
        for member in group:
            gap = gap_days(record, member)
            if gap is not None and gap > close_days:
                continue
            if not compatible(record, member):
                continue
            fitting += 1
            dated_near = dated_near or gap is not None
        if 2 * fitting < len(group):
            return False
        if record.dates and any(m.dates for m in group) and not dated_near:
            return False
    return True

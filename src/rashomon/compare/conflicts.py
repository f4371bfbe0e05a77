"""Conflicts, changes and agreements over an incident's slot claims.

Counts conflict when their ranges cannot both be true: ``[low, high]`` intervals (an open
end is unbounded) that do not overlap. 471 vs 100-300 conflict; "at least 500" vs
"hundreds" (200-999) do not; "at least 200" vs 471 do not. Labels conflict per
``slots.labels_conflict`` (opposite sides of the cause table; civilian vs soldier; the
evidence and damage pairs of ``slots.LABEL_CONFLICTS``); places never conflict (different
granularities are normal); clock times of one day more than an hour apart do. Each conflict
has a strength (``slots.conflict_strength``): "possible" for times (zones may differ) and the
label pairs marked so, else "firm".

A change is one claimant's value for a slot differing from its previous value, values taken
in order of first appearance (undated values are left out). Two values first seen the same
day are a change with equal dates: an internal discrepancy of that claimant. Places and
times have no changes (one account names several places).

An agreement is two or more claimants with the same value whose appearances together come
from at least two independent sources (a copy group counts once): two claimants quoted only
in copies of one wire story are one source, not an agreement.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice, pairwise

from rashomon.compare.slots import conflict_strength, labels_conflict
from rashomon.model import Change, Conflict, CopyGroup, SlotClaim

_NO_CHANGES = frozenset({"place", "time"})  # several places or times are no change


@dataclass(frozen=True, slots=True)
class Agreement:
    slot: str
    value: str
    claimants: tuple[str, ...]  # Entity ids


def value_text(claim: SlotClaim) -> str:
    """ "471", "100-300", "at least 500", "up to 20", or the label."""
    if claim.value is not None:
        return claim.value
    low, high = claim.low, claim.high
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}-{high}"
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return f"up to {high}"
    return "unknown"


def is_count(claim: SlotClaim) -> bool:
    return claim.value is None


def values_conflict(first: SlotClaim, second: SlotClaim) -> bool:
    """Whether two values of one slot cannot both be true (see the module docstring)."""
    if is_count(first) and is_count(second):
        return _disjoint(first, second)
    if first.value is None or second.value is None:
        return False
    return labels_conflict(first.slot, first.value, second.value)


def _disjoint(first: SlotClaim, second: SlotClaim) -> bool:
    if first.high is not None and second.low is not None and first.high < second.low:
        return True
    return second.high is not None and first.low is not None and second.high < first.low


def find_conflicts(claims: Sequence[SlotClaim]) -> tuple[Conflict, ...]:
    """Conflicting value pairs per slot, each with every claimant holding either value.

    ``values`` is the pair; ``claimants`` lists the holders of the first value, then those of
    the second (a claimant is never in conflict with itself: those are ``changes``).
    """
    pairs: dict[tuple[str, str, str], tuple[list[str], list[str]]] = {}
    listed: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for i, j in _telling_pairs(claims):
        first, second = claims[i], claims[j]
        key = (first.slot, value_text(first), value_text(second))
        flipped = (first.slot, value_text(second), value_text(first))
        if flipped in pairs:
            key, first, second = flipped, second, first
        one, two = pairs.setdefault(key, ([], []))
        in_one, in_two = listed.setdefault(key, (set(), set()))
        if first.claimant not in in_one:
            in_one.add(first.claimant)
            one.append(first.claimant)
        if second.claimant not in in_two:
            in_two.add(second.claimant)
            two.append(second.claimant)
    return tuple(
        Conflict(
            slot=slot,
            claimants=(*one, *two),
            values=(v1, v2),
            strength=conflict_strength(slot, v1, v2),
        )
        for (slot, v1, v2), (one, two) in pairs.items()
    )


_Value = tuple[str | None, int | None, int | None]  # what ``values_conflict`` reads of a claim


def _telling_pairs(claims: Sequence[SlotClaim]) -> list[tuple[int, int]]:
    """The conflicting pairs (i < j: same slot, other claimants, ``values_conflict``) that can
    change ``find_conflicts``' result, in the order of ``combinations(claims, 2)``.

    A conflict is decided by the pair's slot and two values, never by the rest of the claims,
    so claims are grouped by slot and value and only distinct values are compared. A pair
    only adds a conflict or lists a claimant not yet listed; for that it is enough to take,
    for each claim and each value in conflict with its own, the first two partners of other
    claimants before it and the first two after it. So the work grows with the conflicts
    found, not with the square of an incident's claims.
    """
    by_slot: dict[str, dict[_Value, list[int]]] = {}
    for index, claim in enumerate(claims):
        values = by_slot.setdefault(claim.slot, {})
        values.setdefault((claim.value, claim.low, claim.high), []).append(index)
    found: set[tuple[int, int]] = set()
    for values in by_slot.values():
        groups = list(values.values())
        for mine in groups:
            for theirs in groups:
                # values_conflict reads the earlier claim first: test both orders once
                before = values_conflict(claims[theirs[0]], claims[mine[0]])
                after = values_conflict(claims[mine[0]], claims[theirs[0]])
                if before or after:
                    _add_partners(claims, mine, theirs, before=before, after=after, found=found)
    return sorted(found)


def _add_partners(
    claims: Sequence[SlotClaim],
    mine: list[int],
    theirs: list[int],
    *,
    before: bool,
    after: bool,
    found: set[tuple[int, int]],
) -> None:
    """For each claim in ``mine``, its first two partners in ``theirs`` (other claimants)
    before it when ``before`` conflicts, and after it when ``after`` does."""
    for index in mine:
        claimant = claims[index].claimant
        if before:
            taken = 0
            for other in theirs:
                if other >= index or taken == 2:
                    break
                if claims[other].claimant != claimant:
                    found.add((other, index))
                    taken += 1
        if after:
            taken = 0
            for other in islice(theirs, bisect_right(theirs, index), None):
                if taken == 2:
                    break
                if claims[other].claimant != claimant:
                    found.add((index, other))
                    taken += 1


def find_changes(claims: Sequence[SlotClaim]) -> tuple[Change, ...]:
    """Each claimant's successive different values per slot, in date order."""
    series: dict[tuple[str, str], list[tuple[date, SlotClaim]]] = {}
    for claim in claims:
        seen = claim.first_seen
        if claim.slot in _NO_CHANGES:
            continue
        if seen is not None and seen.published is not None:
            series.setdefault((claim.claimant, claim.slot), []).append((seen.published, claim))
    changes: list[Change] = []
    for (claimant, slot), dated in series.items():
        dated.sort(key=lambda pair: pair[0])  # stable: ties keep ledger order
        for (before_date, before), (after_date, after) in pairwise(dated):
            changes.append(
                Change(
                    claimant, slot, value_text(before), value_text(after), (before_date, after_date)
                )
            )
    changes.sort(key=lambda c: (c.dates[1] or date.max, c.claimant, c.slot))
    return tuple(changes)


def find_agreements(
    claims: Sequence[SlotClaim], copies: Sequence[CopyGroup]
) -> tuple[Agreement, ...]:
    """Claimants sharing a value over two or more independent sources."""
    source_of = {a: g.id for g in copies for a in g.article_ids}
    by_value: dict[tuple[str, str], list[SlotClaim]] = {}
    for claim in claims:
        by_value.setdefault((claim.slot, value_text(claim)), []).append(claim)
    found: list[Agreement] = []
    for (slot, value), group in by_value.items():
        claimants = list(dict.fromkeys(c.claimant for c in group))
        sources = {source_of.get(a.article_id, a.article_id) for c in group for a in c.appearances}
        if len(claimants) >= 2 and len(sources) >= 2:
            found.append(Agreement(slot, value, tuple(claimants)))
    return tuple(found)

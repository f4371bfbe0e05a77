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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

from rashomon.compare.slots import FIRM, POSSIBLE, conflict_strength, labels_conflict
from rashomon.model import Change, Conflict, ConflictSide, CopyGroup, FigureAttribution, SlotClaim

_NO_CHANGES = frozenset({"place", "time"})  # several places or times are no change


@dataclass(frozen=True, slots=True)
class Agreement:
    slot: str
    value: str
    claimants: tuple[str, ...]  # Entity ids


def value_text(claim: SlotClaim) -> str:
    """The label, or the count as written ("471", "more than 30", "nearly 300"), else its
    bounds ("100-300", "at least 500", "up to 20")."""
    if claim.value is not None:
        return claim.value
    if claim.written:
        return claim.written
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


def side_of(claim: SlotClaim) -> str:
    """The side a claim speaks for: its ``side``, else its claimant alone."""
    return claim.side or claim.claimant


def find_conflicts(claims: Sequence[SlotClaim]) -> tuple[Conflict, ...]:
    """One conflict per slot where two sides hold values that cannot both be true.

    Claims are grouped by side (``SlotClaim.side``: a body and its spokesmen are one side,
    never in conflict with themselves: those are ``changes``). Two sides conflict when a
    value of one and a value of the other conflict (``values_conflict``), unless one side also
    states every value of the other (``_states_all``). The slot's conflict
    lists every side in such a pair with its claimants and range, ``claimants`` the holders of
    those values, ``values`` each distinct value they hold. Strength: "firm" when some
    conflicting pair is firm (``slots.conflict_strength``) and, for counts, first seen the
    same day or undated; counts seen only on different days are "possible" (a toll rises).
    """
    by_slot: dict[str, dict[str, list[SlotClaim]]] = {}
    for claim in claims:
        by_slot.setdefault(claim.slot, {}).setdefault(side_of(claim), []).append(claim)
    found: list[Conflict] = []
    for slot, sides in by_slot.items():
        if len(sides) < 2:
            continue
        distinct = {k: _distinct(v) for k, v in sides.items()}
        involved: set[str] = set()
        firm = False
        keys = list(sides)
        for a, b in combinations(keys, 2):
            if _states_all(distinct[a], distinct[b]) or _states_all(distinct[b], distinct[a]):
                continue  # one side also states all the other says: no contradiction
            for one, two in _conflicting(distinct[a], distinct[b]):
                involved |= {a, b}
                firm = firm or _firm(one, two)
                if firm:
                    break
        if not involved:
            continue
        parts = [_conflict_side(sides[k]) for k in keys if k in involved]
        held = [c for k in keys if k in involved for c in sides[k]]
        found.append(
            Conflict(
                slot=slot,
                claimants=tuple(dict.fromkeys(c.claimant for c in held)),
                values=tuple(dict.fromkeys(value_text(c) for c in held)),
                strength=FIRM if firm else POSSIBLE,
                sides=tuple(parts),
            )
        )
    return tuple(found)


def _states_all(first: list[SlotClaim], second: list[SlotClaim]) -> bool:
    """Whether the side of ``first`` also states every value of ``second`` (the same label,
    or a count with the same bounds): its other values are then no contradiction of that
    side ("all 19 bodies identified" and "a dog found one body" against "19 bodies")."""
    held = {(c.value, c.low, c.high) for c in first}
    return all((c.value, c.low, c.high) in held for c in second)


def _distinct(claims: list[SlotClaim]) -> list[SlotClaim]:
    """One claim per (value, day): what decides whether and how firmly a side conflicts."""
    kept: dict[tuple[str | None, int | None, int | None, date | None], SlotClaim] = {}
    for claim in claims:
        kept.setdefault((claim.value, claim.low, claim.high, _day(claim)), claim)
    return list(kept.values())


def _conflicting(
    first: list[SlotClaim], second: list[SlotClaim]
) -> Iterator[tuple[SlotClaim, SlotClaim]]:
    for one in first:
        for two in second:
            if values_conflict(one, two) or values_conflict(two, one):
                yield one, two


def _same_day(one: SlotClaim, two: SlotClaim) -> bool:
    a, b = _day(one), _day(two)
    return a is None or b is None or a == b


def _day(claim: SlotClaim) -> date | None:
    seen = claim.first_seen
    return seen.published if seen else None


def _firm(one: SlotClaim, two: SlotClaim) -> bool:
    if conflict_strength(one.slot, value_text(one), value_text(two)) is not FIRM:
        return False
    return not is_count(one) or _same_day(one, two)


def _conflict_side(claims: list[SlotClaim]) -> ConflictSide:
    lead = claims[0]
    ordered = sorted(claims, key=lambda c: _day(c) or date.max)
    values = tuple(dict.fromkeys(value_text(c) for c in ordered))
    low: int | None = None
    high: int | None = None
    if all(is_count(c) for c in claims):
        lows = [c.low for c in claims]
        highs = [c.high for c in claims]
        low = None if None in lows else min(x for x in lows if x is not None)
        high = None if None in highs else max(x for x in highs if x is not None)
        display = value_text(replace(lead, low=low, high=high, value=None, written=""))
    else:
        display = " / ".join(values)
    return ConflictSide(
        side=side_of(lead),
        name=lead.side_name or lead.claimant_name,
        claimants=tuple(dict.fromkeys(c.claimant for c in claims)),
        values=values,
        low=low,
        high=high,
        display=display,
    )


def find_changes(claims: Sequence[SlotClaim]) -> tuple[Change, ...]:
    """Each side's successive different values per slot, in date order.

    A side's values (every claimant of it: a ministry, its spokesman, "health officials")
    are taken in order of first appearance; counts first seen the same day in increasing
    order (a toll is revised upwards as it is counted), other values of one day in the order
    they are stated (``claims``' order). An undated count (a page with no date) is placed
    by the same convention among the side's counts: after the last one not larger than it;
    undated labels are left out (nothing orders them). A count revised two or more times
    also gets its net change (first value to last, ``steps`` > 1), credited to the side.
    A value only recalled by an update ("earlier it was reported about 16 dead", attribution
    ``earlier-report``) is no step of the series: it gets the change to the value that
    follows it ("about 16 -> 17"), and the series goes from the value before to that one.
    A value that only
    repeats, or a count that only widens or narrows the one before it with one bound kept
    ("at least 20" and 20), is the same account, not a change. Places and times have no
    changes (one account names several). The change is credited to the claimant stating
    the new value.
    """
    series: dict[tuple[str, str], list[tuple[date, SlotClaim]]] = {}
    undated: dict[tuple[str, str], list[SlotClaim]] = {}
    for claim in claims:
        if claim.slot in _NO_CHANGES:
            continue
        key = (side_of(claim), claim.slot)
        day = _day(claim)
        if day is not None:
            series.setdefault(key, []).append((day, claim))
        elif is_count(claim):
            undated.setdefault(key, []).append(claim)
    changes: list[Change] = []
    for key in dict.fromkeys([*series, *undated]):
        side, slot = key
        dated = sorted(series.get(key, []), key=lambda p: (p[0], _magnitude(p[1])))  # stable
        ordered: list[tuple[date | None, SlotClaim]] = list(dated)
        for claim in sorted(undated.get(key, []), key=_magnitude):
            at = len(ordered)
            while at > 0 and not _at_most(ordered[at - 1][1], claim):
                at -= 1
            ordered.insert(at, (None, claim))
        current_date, current = ordered[0]
        steps: list[Change] = []
        recalled: tuple[date | None, SlotClaim] | None = None
        for after_date, after in ordered[1:]:
            if _recalled(after):
                recalled = (after_date, after)  # an article's "earlier it was reported"
                continue
            if recalled is not None:
                # the update as the article tells it: its earlier count to its new one
                if is_count(after) and value_text(recalled[1]) not in (
                    value_text(current),
                    value_text(after),
                ):
                    changes.append(
                        Change(
                            after.claimant,
                            slot,
                            value_text(recalled[1]),
                            value_text(after),
                            (recalled[0], after_date),
                            side=side,
                        )
                    )
                recalled = None
            if value_text(after) == value_text(current) or _same_account(after, current):
                continue
            if _same_weapon(after, current):
                if _specific(after) and not _specific(current):
                    current_date, current = after_date, after  # "missile", then which one
                continue
            steps.append(
                Change(
                    after.claimant,
                    slot,
                    value_text(current),
                    value_text(after),
                    (current_date, after_date),
                    side=side,
                )
            )
            current_date, current = after_date, after
        changes += steps
        if len(steps) >= 2 and is_count(current):
            # a count revised several times: its net change too ("24 -> 54", via 40)
            first, last = steps[0], steps[-1]
            changes.append(
                replace(
                    last,
                    claimant=side or last.claimant,  # the side's account, not one voice of it
                    before=first.before,
                    dates=(first.dates[0], last.dates[1]),
                    steps=len(steps),
                )
            )
    changes.sort(key=lambda c: (c.dates[1] or c.dates[0] or date.max, c.claimant, c.slot))
    return tuple(changes)


def _recalled(claim: SlotClaim) -> bool:
    """A value only ever recalled as an earlier report ("Earlier it was reported about 16
    dead") by an article updating it: not an account of its own in the series."""
    return bool(claim.appearances) and all(
        a.attribution == FigureAttribution.EARLIER.value for a in claim.appearances
    )


def _same_weapon(after: SlotClaim, before: SlotClaim) -> bool:
    """Two weapon labels that can both be true ("missile" and "missile (Tochka-U missile)",
    "rocket" and "missile"): one account, named more or less precisely, not a change."""
    if after.slot != "weapon" or after.value is None or before.value is None:
        return False
    return not labels_conflict(after.slot, before.value, after.value)


def _specific(claim: SlotClaim) -> bool:
    return claim.value is not None and " (" in claim.value


def _at_most(before: SlotClaim, claim: SlotClaim) -> bool:
    """Whether ``before`` may precede ``claim`` in a rising toll: a label, or a count not
    larger."""
    return not is_count(before) or _magnitude(before) <= _magnitude(claim)


def _same_account(after: SlotClaim, before: SlotClaim) -> bool:
    """A count that widens or narrows the one before it, one bound kept: one account."""
    return _widens(after, before) or _narrows(after, before)


def _magnitude(claim: SlotClaim) -> tuple[int, int]:
    """Where a count sits in a rising toll: its known bound, then its other ("up to 35": 35)."""
    if not is_count(claim):
        return (0, 0)
    low = claim.low if claim.low is not None else claim.high
    high = claim.high if claim.high is not None else low
    return (low or 0, high or 0)


def _widens(after: SlotClaim, before: SlotClaim) -> bool:
    """Whether count ``after`` is ``before`` with a bound left open or loosened, one bound
    kept ("at least 20" after 20, "at least 200" after "at least 500"): implied by it, the
    same account, less precise."""
    if not (is_count(after) and is_count(before)):
        return False
    if after.low != before.low and after.high != before.high:
        return False
    low_ok = after.low is None or (before.low is not None and after.low <= before.low)
    high_ok = after.high is None or (before.high is not None and after.high >= before.high)
    return low_ok and high_ok


def _narrows(after: SlotClaim, before: SlotClaim) -> bool:
    """Whether count ``after`` states an open bound of ``before``, the other stated bound
    kept (20 after "at least 20"): the same account, more precise. "at least 289" after
    "more than 90" keeps no stated bound: a change."""
    shared = (after.low is not None and after.low == before.low) or (
        after.high is not None and after.high == before.high
    )
    return shared and _widens(before, after)


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

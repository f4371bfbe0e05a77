"""Linked pairs of records grouped into incidents, without chaining unrelated ones.

Grouping every linked pair transitively lets a chain of links (each fine on its own) join
incidents months or years apart, or lets one undated report that shares a name with two
incidents merge them. So:

- pairs of dated records are joined strongest first (fewest days apart, then input order),
  and only while the group's main events stay within ``window_days`` of one another: the
  latest start minus the earliest end of their time intervals (the event's own interval, or
  the publication day when the event has no time);
- a record with no date at all never bridges two groups: it joins the group it has the most
  links to (none on a tie), and undated records joined to each other join at most one group
  of dated records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rashomon.link._incident_keys import Record, gap_days


@dataclass(frozen=True, slots=True)
class _Span:
    """A group's time extent as far as the bound needs it: its latest start and earliest end."""

    latest_start: date
    earliest_end: date


def group_linked(
    records: Sequence[Record],
    linked: Sequence[tuple[int, int]],
    *,
    window_days: int,
    must: Sequence[tuple[int, int]] = (),
) -> list[list[Record]]:
    """Groups of ``records`` (positions in each group ascending, groups by first member) from
    the ``linked`` pairs of positions (see the module docstring); the ``must`` pairs (wire
    copies of one text) are joined first, whatever their dates."""
    groups = _Groups([_span(record) for record in records], window_days=window_days)
    for left, right in must:
        groups.join(left, right, force=True)
    dated: list[tuple[int, int, int]] = []
    partners: dict[int, list[int]] = defaultdict(list)  # of undated records
    for left, right in linked:
        gap = gap_days(records[left], records[right])
        if gap is not None:
            dated.append((gap, min(left, right), max(left, right)))
        else:
            partners[left].append(right)
            partners[right].append(left)
    for _, left, right in sorted(dated):
        groups.join(left, right)
    undated = sorted(i for i in partners if not groups.dated(i))
    for i in undated:  # each joins the one group of dated records it has most links to
        counts = Counter(groups.root(j) for j in partners[i] if groups.own_dated[j])
        ranked = counts.most_common(2)
        if len(ranked) == 1 or (len(ranked) == 2 and ranked[0][1] > ranked[1][1]):
            groups.join(i, ranked[0][0])
    loose = set(undated)
    for i in undated:  # undated records together, with at most one group of dated ones
        for j in sorted(partners[i]):
            if i < j and j in loose and not (groups.dated(i) and groups.dated(j)):
                groups.join(i, j)
    found: dict[int, list[Record]] = defaultdict(list)
    for i, record in enumerate(records):
        found[groups.root(i)].append(record)
    return list(found.values())


def _span(record: Record) -> _Span | None:
    if record.lo is not None and record.hi is not None:
        return _Span(record.lo, record.hi)
    if record.published is not None:
        return _Span(record.published, record.published)
    return None


class _Groups:
    """Union-find over record positions; each root keeps its group's span (None: no dated
    member). Joining two dated groups fails when their events would lie too far apart."""

    def __init__(self, spans: list[_Span | None], *, window_days: int) -> None:
        self.own_dated = [span is not None for span in spans]  # per record
        self.span = spans  # per root: its group's
        self.parent = list(range(len(spans)))
        self.window_days = window_days

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def dated(self, i: int) -> bool:
        """Whether the group of ``i`` holds a dated record."""
        return self.span[self.root(i)] is not None

    def join(self, left: int, right: int, *, force: bool = False) -> None:
        a, b = self.root(left), self.root(right)
        if a == b:
            return
        first, second = self.span[a], self.span[b]
        merged = first or second
        if first is not None and second is not None:
            merged = _Span(
                max(first.latest_start, second.latest_start),
                min(first.earliest_end, second.earliest_end),
            )
            too_far = (merged.latest_start - merged.earliest_end).days > self.window_days
            if too_far and not force:
                return
        low, high = min(a, b), max(a, b)
        self.parent[high] = low
        self.span[low] = merged

"""Incidents: events across articles that are one happening.

Each article's main event (its first event that is not a statement of evidence) decides
which incident the article belongs to. Main events are linked pairwise. Candidate pairs come
from blocking, never from all pairs: each record goes into buckets keyed by (type family,
place cell or name key, time bucket), and only records sharing a bucket are compared.
Linked pairs are grouped transitively, closest in time first, as long as an incident's main
events stay within ``window_days`` of one another; an article with no date at all joins the
one incident it has most links to and never bridges two (see ``_incident_groups``).

A candidate pair links when the type family agrees, the places do not conflict, and:

- the dates are within ``CLOSE_DAYS`` and the places agree (same landmark, or fine places
  within ``NEAR_KM``), or they share a distinctive name, or two people (entities of type person);
- the dates are within ``window_days`` (a follow-up: a January statement about a December
  raid) and they share a distinctive name (a landmark or facility such as a hospital, a
  victim's name; a shared casualty number counts only within ``CLOSE_DAYS``);
- one side has no date at all and they share a distinctive name.

So look-alike incidents in the same place and month stay apart when their dates differ by
more than a couple of days and they share no distinctive name.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import combinations

from rashomon.config import Settings
from rashomon.link._incident_attach import attach_left_overs, fits, same_type
from rashomon.link._incident_groups import group_linked
from rashomon.link._incident_keys import (
    Facts,
    Placed,
    Record,
    Traits,
    build_record,
    common_terms,
    distance_km,
    event_day,
    gap_days,
    link_words,
)
from rashomon.link._incident_text import (
    MIN_DOCS,
    TermStats,
    build_index,
    cosine,
    top_terms,
)
from rashomon.model import (
    Analysis,
    ClaimantType,
    CopyGroup,
    Entity,
    EventRef,
    EventType,
    Incident,
)

CLOSE_DAYS = 2
NEAR_KM = 15.0
KM_PER_DEGREE = 6371.0 * math.pi / 180.0  # of latitude, on the sphere ``distance_km`` uses
# how far from a region's or country's point a place inside it may lie
AREA_KM = {"region": 250.0, "country": 1500.0}
CELL_DEGREES = 0.15  # about 16 km of latitude: neighbouring cells hold every place within 15 km
FULL_BUCKET = 48  # larger buckets compare each record with its next neighbours in time only
NEIGHBOURS = 12
REPORT_SLACK_DAYS = 0  # a report may carry a happening's date this many days after its own
TERM_KEYS = 8  # an article's heaviest title-and-lead terms that propose candidates


@dataclass(frozen=True, slots=True)
class LinkParams:
    """The thresholds of incident linking (settings ``link_*``; docs/linking.md says why)."""

    window_days: int = 60
    close_days: int = 2  # "the same days": a report and the happening, or two reports
    same_day_days: int = 1  # a fine place alone links reports this close in time
    text_close: float = 0.10  # title-and-lead similarity that links within close_days
    text_follow: float = 0.20  # that links a follow-up within window_days, or an undated one
    text_named: float = 0.05  # that an undated article sharing a name also needs
    text_attach: float = 0.12  # a lone article's similarity to a whole incident that joins it
    lead_chars: int = 1500  # the lead: this much of the text, after the title
    background_days: int = 14  # events ending this long before publication are background
    common_share: float = 0.30  # a name word in more of the titles and leads is no key

    def __post_init__(self) -> None:
        if self.window_days < 1:
            raise ValueError(f"window_days must be at least 1, got {self.window_days}")
        if not 0.0 < self.common_share <= 1.0:
            raise ValueError(f"common_share must be in (0, 1], got {self.common_share}")


def link_params(settings: Settings) -> LinkParams:
    """The linking thresholds of ``settings`` (its ``link_*`` fields)."""
    return LinkParams(
        window_days=settings.link_window_days,
        close_days=settings.link_close_days,
        text_close=settings.link_text_close,
        text_follow=settings.link_text_follow,
        text_attach=settings.link_text_attach,
        background_days=settings.link_background_days,
        common_share=settings.link_common_share,
    )


def link_incidents(
    analyses: Sequence[Analysis],
    entities: Sequence[Entity] = (),
    *,
    window_days: int | None = None,
    copies: Sequence[CopyGroup] = (),
    params: LinkParams | None = None,
    stats: TermStats | None = None,
) -> list[Incident]:
    """Incidents over the articles' events, numbered "inc-1"... by start date.

    ``entities`` (from ``merge_entities``) lets shared people (two or more) count as
    shared participants. ``window_days`` is how far apart in time a follow-up may be from its
    incident, and an incident's main events from one another. Articles without an event that
    can start an incident belong to none. ``stats`` (document counts of a whole store) weighs
    the text as linking the whole store would; by default the counts are these articles'.
    """
    if window_days is not None and window_days < 1:
        raise ValueError(f"window_days must be at least 1, got {window_days}")
    params = params or LinkParams()
    if window_days is not None:
        params = replace(params, window_days=window_days)
    return link_with_keys(analyses, entities, copies=copies, params=params, stats=stats).incidents


@dataclass(frozen=True, slots=True)
class BlockingKeys:
    """The blocking keys of one article's record: ``timed`` (place or term, each with a
    time bucket) propose candidates among dated records; ``untimed`` (names, terms) are
    looked up by undated records, and an undated record's are looked up by everyone.

    ``timed`` holds the record's own buckets and cells only (what the store files it
    under); ``probes`` are the timed keys it looks up: its own keys with the buckets next
    to its own and the cells within two of its own. ``candidate_pairs`` files a record in
    its buckets and the next ones, and in the eight cells around each of its own, so two
    records meet there exactly when one's own keys are among the other's probes: the store
    keeps a third of the rows it would keep of the filed keys (docs/linking.md)."""

    article_id: str
    undated: bool
    timed: frozenset[str]
    untimed: frozenset[str]
    probes: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True, slots=True)
class Linked:
    """What ``link_with_keys`` gives: the incidents; each record's blocking keys
    (``keys[i]`` are ``records[i]``'s); the records (the articles that have one); the common
    words left out of name keys; the groups of linked pairs before the left-overs were
    placed (``attach_left_overs``), as positions in ``records``."""

    incidents: list[Incident]
    keys: list[BlockingKeys]
    records: list[Record]
    common: frozenset[str]
    groups: list[list[int]]


def link_with_keys(
    analyses: Sequence[Analysis],
    entities: Sequence[Entity],
    *,
    copies: Sequence[CopyGroup],
    params: LinkParams,
    stats: TermStats | None = None,
    counts: Mapping[str, Mapping[str, int]] | None = None,
    people: Mapping[str, frozenset[str]] | None = None,
    known: Linked | None = None,
) -> Linked:
    """``link_incidents``, and the blocking keys of every article that has a record: two
    articles can only be candidates when one's keys meet the other's (see ``BlockingKeys``).
    ``counts``: the title-and-lead term counts of some articles, by id (as stored);
    ``people``: ``people_by_article``, in place of ``entities``; ``known``: an earlier
    link of some of these articles with ``stats`` that count their terms alike (the same
    counts of each of their terms, over the same number of articles, the same common
    words): their records and keys are taken from it, with their positions and people
    set anew (a record is made of its article, these counts and the common words alone)."""
    by_article = people if people is not None else _entity_ids(entities)
    reused: dict[str, tuple[Record, BlockingKeys]] = {}
    if known is not None and stats is not None and stats.common == known.common:
        reused = {r.article_id: (r, k) for r, k in zip(known.records, known.keys, strict=True)}
    index = build_index(
        [a.article for a in analyses],
        params.lead_chars,
        stats,
        counts,
        {article_id: record.vector for article_id, (record, _) in reused.items()},
    )
    common = (
        stats.common
        if stats is not None and stats.common is not None
        else common_terms(index.df, index.size, params.common_share, MIN_DOCS)
    )
    records: list[Record] = []
    for at, analysis in enumerate(analyses):
        article_id = analysis.article.id
        people_of = by_article.get(article_id, frozenset())
        if article_id in reused:
            records.append(replace(reused[article_id][0], index=at, entities=people_of))
            continue
        record = build_record(
            at,
            analysis,
            people_of,
            background_days=params.background_days,
            window_days=params.window_days,
            vector=index.vectors[at],
            common=common,
        )
        if record is not None:
            records.append(record)
    window = params.window_days
    candidates = list(candidate_pairs(records, window_days=window))
    linked = [(a, b) for a, b in candidates if links(records[a], records[b], params)]
    must = _copy_pairs(records, copies)
    groups = group_linked(records, linked, window_days=window, must=must)
    paired = [[r.index for r in group] for group in groups]
    groups = attach_left_overs(
        groups,
        ((records[a].index, records[b].index) for a, b in candidates),
        compatible=lambda a, b: could_be_one(a, b, params),
        close_days=params.close_days,
        threshold=params.text_attach,
        other_type_threshold=params.text_follow,
    )
    rules = (link_words().version, f"link-common-share:{params.common_share:g}")
    keys = [
        reused[record.article_id][1]
        if record.article_id in reused
        else blocking_keys(record, window)
        for record in records
    ]
    position = {record.index: i for i, record in enumerate(records)}
    paired = [[position[index] for index in group] for group in paired]
    return Linked(_incidents(groups, analyses, rules), keys, records, common, paired)


def blocking_keys(record: Record, window_days: int) -> BlockingKeys:
    """The keys of ``record`` as the store files and looks them up (as strings): two
    records share a bucket of ``candidate_pairs`` exactly when one's ``timed`` keys meet
    the other's ``probes`` (see ``BlockingKeys``)."""
    own = _own_buckets(record, window_days)
    near = {b + step for b in own for step in (-1, 0, 1)}
    cells = _own_cells(record)
    filed: list[tuple[str, str]] = [("cell", f"{row}:{col}") for row, col in sorted(cells)]
    probed = [
        ("cell", f"{row + dr}:{col + dc}")
        for row, col in cells
        for dr in range(-2, 3)
        for dc in range(-2, 3)
    ]
    named = [("region", name) for name in sorted(record.coarse)]
    named += [("name", key) for key in record.names]
    terms = top_terms(record.vector, TERM_KEYS)

    def keyed(where: Iterable[tuple[str, str]], times: set[int]) -> set[str]:
        out = {f"p|{record.family}|{kind}|{value}|{t}" for kind, value in where for t in times}
        out |= {f"t|{term}|{t}" for term in terms for t in times}
        return out

    untimed = {f"n|{record.family}|{name}" for name in record.names}
    untimed |= {f"u|{term}" for term in terms}
    return BlockingKeys(
        record.article_id,
        not own,
        frozenset(keyed([*filed, *named], own)),
        frozenset(untimed),
        frozenset(keyed([*probed, *named], near)),
    )


def _copy_pairs(records: Sequence[Record], copies: Sequence[CopyGroup]) -> list[tuple[int, int]]:
    """Wire copies of one text: each member with the group's first, as record positions."""
    position = {record.article_id: i for i, record in enumerate(records)}
    pairs: list[tuple[int, int]] = []
    for group in copies:
        members = [position[a] for a in group.article_ids if a in position]
        pairs.extend((members[0], other) for other in members[1:])
    return pairs


def candidate_pairs(records: Sequence[Record], *, window_days: int) -> Iterator[tuple[int, int]]:
    """Pairs of record positions that share a blocking bucket, each pair once, in order."""
    buckets: dict[tuple[object, ...], list[int]] = defaultdict(list)
    undated: list[int] = []
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)  # (family or "term", key)
    for i, record in enumerate(records):
        where = list(_place_keys(record)) + [("name", key) for key in record.names]
        for name in record.names:
            by_name[(record.family, name)].append(i)
        terms = [("term", term) for term in top_terms(record.vector, TERM_KEYS)]
        for term_key in terms:
            by_name[term_key].append(i)
        times = _time_keys(record, window_days)
        if not times:
            undated.append(i)
        for place in where:
            for time in times:
                buckets[(record.family, *place, time)].append(i)
        for term in terms:
            for time in times:
                buckets[(*term, time)].append(i)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        for pair in _bucket_pairs(sorted(set(members)), records):
            if pair not in seen:
                seen.add(pair)
                yield pair
    for i in undated:  # an undated record may only join through a shared name or term
        keys = [(records[i].family, name) for name in records[i].names]
        keys += [("term", term) for term in top_terms(records[i].vector, TERM_KEYS)]
        for name_key in keys:
            for j in by_name[name_key][: FULL_BUCKET * 4]:
                pair = (min(i, j), max(i, j))
                if i != j and pair not in seen:
                    seen.add(pair)
                    yield pair


def could_be_one(left: Traits, right: Traits, params: LinkParams) -> bool:
    """Whether nothing rules out that two articles tell one happening: no conflicting
    place, neither published before the other's happening (event types are weighed by the
    caller)."""
    del params
    if _place_agreement(left, right) == "conflict":
        return False
    return not (_reported_before(left, right) or _reported_before(right, left))


def links(left: Record, right: Record, params: LinkParams | None = None) -> bool:
    """Whether two articles tell one incident (see the module docstring)."""
    params = params or LinkParams()
    people = len(left.entities & right.entities) >= 2
    text = cosine(left.vector, right.vector)
    return _links(left, right, params, text, people, bool(left.vector and right.vector))


def may_link(
    new: Record, stored: Facts, params: LinkParams, text_bound: float, *, has_vector: bool
) -> bool:
    """Whether ``links`` could be true of a new record and a stored article's facts, whose
    people are unknown (taken as shared) and whose text similarity is at most
    ``text_bound`` (``text_bound``); ``has_vector``: whether the stored article surely has a
    text vector. ``links`` never turns false as the similarity or the people shared grow, so
    a False here is ``links``'s answer."""
    return _links(new, stored, params, text_bound, True, bool(new.vector) and has_vector)


def may_attach(
    lone: Sequence[Traits], group: Sequence[Traits], text_bound: float, params: LinkParams
) -> bool:
    """Whether ``attach_left_overs`` could move the loose group ``lone`` into a group made of
    some of ``group``, when the similarity of their centroids is at most ``text_bound``:
    the similarity reaches the lower of its two thresholds, and each dated lone record is
    compatible with a member that is undated or within ``close_days`` of it (without one,
    fewer than half of any such group fit it)."""
    if text_bound < min(params.text_attach, params.text_follow):
        return False
    for record in lone:
        if record.dates and not any(
            (not member.dates or (gap_days(record, member) or 0) <= params.close_days)
            and could_be_one(record, member, params)
            for member in group
        ):
            return False
    return True


def may_be_joined(
    lone: Traits, group: Sequence[Record], text_bound: float, params: LinkParams
) -> bool:
    """Whether ``attach_left_overs`` could move a loose group holding ``lone`` (alone when
    it is dated) into ``group`` (a group of linked pairs, of two or more), when the
    similarity of their centroids is at most ``text_bound``: the group fits ``lone`` and the
    bound reaches the threshold for their types (the lower one for an undated ``lone``,
    whose loose group may hold others)."""
    if not lone.dates:
        threshold = min(params.text_attach, params.text_follow)
    elif same_type([lone], group):
        threshold = params.text_attach
    else:
        threshold = params.text_follow
    if text_bound < threshold:
        return False
    return fits([lone], group, lambda a, b: could_be_one(a, b, params), params.close_days)


def text_bound(vector: Mapping[str, float], terms: Container[str]) -> float:
    """The most that ``vector``'s cosine with the vector of an article whose terms are
    ``terms`` can be (unit vectors of positive weights: the norm of ``vector`` on the terms
    they share)."""
    return math.sqrt(sum(w * w for t, w in vector.items() if t in terms))


def _links(
    left: Traits,
    right: Traits,
    params: LinkParams,
    text: float,
    people: bool,
    vectors: bool,
) -> bool:
    """``links`` with the text similarity, whether two or more people are shared and
    whether both sides have a text vector given."""
    if not left.families & right.families and text < params.text_follow:
        return False  # a raid and a strike: one happening only when told alike
    gap = gap_days(left, right)
    if gap is not None and gap > max(params.close_days, params.window_days):
        return False  # (asked first: places cost more to compare)
    place = _place_agreement(left, right)
    if place == "conflict" or _reported_before(left, right) or _reported_before(right, left):
        return False
    shared = left.names & right.names
    named = any(key.startswith("n:") for key in shared)
    # too little text on one side to compare: the text neither links nor vetoes
    some_text = text >= params.text_named or not vectors
    if gap is None:  # undated: a shared name (not a mere number) or the same story told
        return (named and some_text) or text >= params.text_follow
    if gap <= params.close_days:
        if shared or text >= params.text_close:
            return True
        if people and some_text:
            return True
        main_gap = gap_days(left, right, main=True)
        same_day = main_gap is not None and main_gap <= params.same_day_days
        return place == "same" and same_day and _exact(left) and _exact(right)
    return gap <= params.window_days and (named or text >= params.text_follow)


def _reported_before(report: Traits, other: Traits) -> bool:
    """Whether ``report`` was published before anything ``other`` tells happened: a
    report cannot tell a happening of a later day."""
    earliest = other.earliest
    return (
        report.published is not None
        and earliest is not None
        and (earliest - report.published).days > REPORT_SLACK_DAYS
    )


def _exact(record: Traits) -> bool:
    """Whether the main event's time is known to a day (or the publication day stands in)."""
    if record.lo is None or record.hi is None:
        return record.published is not None
    return (record.hi - record.lo).days <= 1


def place_conflict(left: Placed, right: Placed) -> bool:
    """Whether two articles' places rule out that they tell one happening: ``links``,
    ``may_link`` and ``could_be_one`` are then False, whatever else the two share (asked
    first of a stored neighbour's places alone, before the rest of its facts is made)."""
    return _place_agreement(left, right) == "conflict"


def _place_agreement(left: Placed, right: Placed) -> str:
    """'same' (a landmark or places within NEAR_KM), 'conflict' (fine places all far
    apart, or a fine place far outside the other's only region or country), or 'unknown'
    (only regions or countries to go by)."""
    if left.fine and right.fine:
        for a in left.fine:
            for b in right.fine:
                # latitudes farther apart than NEAR_KM: no need to ask ``distance_km`` (a
                # great circle is never shorter than the arc between the latitudes); written
                # out, not a helper: asked for tens of thousands of pairs per link of new ones
                assert a.lat is not None and b.lat is not None
                if a.name == b.name or (
                    abs(a.lat - b.lat) * KM_PER_DEGREE <= NEAR_KM + 0.001
                    and distance_km(a, b) <= NEAR_KM
                ):
                    return "same"
        return "conflict"
    fine, coarse = (left, right) if left.fine else (right, left)
    if fine.fine and coarse.areas:
        inside = any(
            distance_km(f, a) <= AREA_KM.get(a.kind, 0.0) for f in fine.fine for a in coarse.areas
        )
        return "unknown" if inside else "conflict"
    if left.coarse and right.coarse and not left.coarse & right.coarse:
        return "conflict"
    return "unknown"


def _place_keys(record: Record) -> Iterator[tuple[str, str]]:
    """A cell key for each fine place (and its eight neighbours), else the coarse names."""
    cells: set[tuple[int, int]] = set()
    for place in record.fine:
        assert place.lat is not None and place.lon is not None
        row, col = int(place.lat // CELL_DEGREES), int(place.lon // CELL_DEGREES)
        cells.update((row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1))
    for row, col in sorted(cells):
        yield ("cell", f"{row}:{col}")
    for name in sorted(record.coarse):  # a report that names only the country meets them
        yield ("region", name)


def _own_cells(record: Record) -> set[tuple[int, int]]:
    """The cells of a record's fine places (``_place_keys`` adds their neighbours)."""
    cells: set[tuple[int, int]] = set()
    for place in record.fine:
        assert place.lat is not None and place.lon is not None
        cells.add((int(place.lat // CELL_DEGREES), int(place.lon // CELL_DEGREES)))
    return cells


def _own_buckets(record: Record, window_days: int) -> set[int]:
    """The time buckets of ``window_days`` that a record's times fall in (``_time_keys``
    adds the next one of each)."""
    keys: set[int] = set()
    for lo, hi in record.dates:
        keys.update(range(lo.toordinal() // window_days, hi.toordinal() // window_days + 1))
    return keys


def _time_keys(record: Record, window_days: int) -> set[int]:
    """Time buckets of ``window_days``: a record sits in its bucket and the next, so two
    records within ``window_days`` of each other always share one."""
    keys: set[int] = set()
    for lo, hi in record.dates:
        for bucket in range(lo.toordinal() // window_days, hi.toordinal() // window_days + 1):
            keys.update((bucket, bucket + 1))
    return keys


def _bucket_pairs(members: list[int], records: Sequence[Record]) -> Iterator[tuple[int, int]]:
    if len(members) <= FULL_BUCKET:
        yield from combinations(members, 2)
        return
    ordered = sorted(members, key=lambda i: (records[i].dates[0][0], i))
    for k, i in enumerate(ordered):
        for j in ordered[k + 1 : k + 1 + NEIGHBOURS]:
            yield (min(i, j), max(i, j))


def _entity_ids(entities: Sequence[Entity]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        if entity.type is not ClaimantType.PERSON:
            continue  # "Israel", "Gaza Health Ministry": claimants of every incident there
        for mention in entity.mentions:
            found[mention.article_id].add(entity.id)
    return {article_id: frozenset(ids) for article_id, ids in found.items()}


def _incidents(
    groups: list[list[Record]], analyses: Sequence[Analysis], rules: tuple[str, ...]
) -> list[Incident]:
    drafts: list[tuple[date, int, Incident]] = []
    for group in groups:
        group.sort(key=lambda r: r.index)
        days = _days(group)
        places = Counter(p.name for r in group for p in r.event.where)
        first = {p.name: k for k, p in enumerate(p for r in group for p in r.event.where)}
        types = Counter(r.event.type for r in group)
        events = [ref for r in group for ref in _member_events(r, analyses[r.index])]
        incident = Incident(
            id="",
            type=max(types, key=lambda t: (types[t], -_first_type(group, t))),
            events=tuple(events),
            article_ids=tuple(r.article_id for r in group),
            start=min(days) if days else None,
            end=max(days) if days else None,
            places=tuple(sorted(places, key=lambda n: (-places[n], first[n]))),
            rules=rules,
        )
        drafts.append((incident.start or date.max, group[0].index, incident))
    drafts.sort(key=lambda d: (d[0], d[1]))
    return [
        Incident(
            id=f"inc-{n}",
            type=i.type,
            events=i.events,
            article_ids=i.article_ids,
            start=i.start,
            end=i.end,
            places=i.places,
            rules=i.rules,
        )
        for n, (_, _, i) in enumerate(drafts, start=1)
    ]


def _days(group: list[Record]) -> list[date]:
    """The members' event days (without any, publication days); in a group of three or
    more, only days that two members give (one misread date does not stretch it)."""
    days = [d for r in group if (d := event_day(r.event)) is not None]
    if not days:
        days = [d for r in group if (d := r.published or r.lo) is not None]
    if len(group) >= 3:
        counts = Counter(days)
        shared = [d for d in days if counts[d] >= 2]
        days = shared or days
    return days


def _member_events(record: Record, analysis: Analysis) -> Iterator[EventRef]:
    """The main event, then the article's evidence events: they attach to its incident."""
    yield EventRef(record.article_id, record.event.id)
    for event in analysis.events:
        if event.type is EventType.EVIDENCE:
            yield EventRef(record.article_id, event.id)


def _first_type(group: list[Record], event_type: EventType) -> int:
    return next(k for k, r in enumerate(group) if r.event.type is event_type)

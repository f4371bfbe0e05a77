"""What incident linking compares: one record per article, built from its main event.

A record holds the main event's type family, its date interval (from the event's ``when``
and its precision) and the article's published date, its places split into fine ones
(landmark, city, area: comparable by distance) and coarse ones (region, country), and its
distinctive names: landmark names, named facilities in the title and lead ("the Ahli Arab
hospital", "Jabalia refugee camp"), proper names and casualty numbers in the event's victim
and target spans. Names become transliteration-tolerant keys (consonant skeleton plus
sorted letters), so "Ahil Arab hospital" and "Ahli Arab Hospital" give the same key.
Words that name nothing by themselves ("hospital", "northern", "March") come from the
versioned word list ``link_words.en.v1.toml``; names too common in the linked articles to tell
one incident from another (a war's sides in its coverage) are found by document frequency
(``common_terms``), never listed.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Protocol

from rashomon.datafiles import read_toml, require_version
from rashomon.dates import LINK_DAY_RULE, event_interval, single_day
from rashomon.errors import ConfigError
from rashomon.events.ontology import LINK_FAMILIES
from rashomon.link._incident_text import word_term
from rashomon.link.names import PARTICLES, fold, skeleton
from rashomon.model import Analysis, Event, Place

FINE_KINDS = frozenset({"landmark", "city", "area"})
LEAD_CHARS = 2500  # named facilities are read from the title and this much of the text
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,4})$")  # "Ahli Arab " before "hospital"
_CAPITAL_RUN = re.compile(r"(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)*")
_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})*\b|\b\d+\b")
WORDS_FILE = "link_words.en.v1.toml"


@dataclass(frozen=True, slots=True)
class LinkWords:
    """The words of names that name nothing by themselves (``link_words.en.v1.toml``)."""

    version: str
    structural: frozenset[str]  # facility kinds included
    facility: re.Pattern[str]  # a kind of facility ("hospital", "camps")


@lru_cache(maxsize=1)
def link_words() -> LinkWords:
    """The packaged linking word list, read once."""
    data, where = read_toml(None, WORDS_FILE, "linking word list")
    version = require_version(data, where, "linking word list")
    lists: dict[str, list[str]] = {}
    for part in ("facilities", "structural"):
        words = data.get(part)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"Linking word list {where!r} needs a list of words {part!r}.")
        lists[part] = [fold(w) for w in words]
    kinds = "|".join(sorted(map(re.escape, lists["facilities"]), key=lambda w: (-len(w), w)))
    # the words' first letters looked ahead for first: ``re`` tries the alternation only
    # where one of them starts a word (the same matches, half the time on a lead)
    firsts = "".join(sorted({re.escape(w[0]) for w in lists["facilities"] if w}))
    ahead = f"(?=[{firsts}])" if firsts else ""
    return LinkWords(
        version=version,
        structural=frozenset(lists["facilities"] + lists["structural"]),
        facility=re.compile(rf"\b{ahead}(?:{kinds})s?\b", re.IGNORECASE),
    )


@dataclass(frozen=True, slots=True)
class Record:
    """One article's main event, reduced to what linking compares."""

    index: int  # the article's position in the input
    article_id: str
    event: Event
    family: str
    lo: date | None  # the event's date interval (None: no time)
    hi: date | None
    published: date | None
    fine: tuple[Place, ...]
    coarse: frozenset[str]
    areas: tuple[Place, ...]  # the coarse places with coordinates
    names: frozenset[str]  # name keys
    entities: frozenset[str]  # entity ids of the article's claimants
    families: frozenset[str] = frozenset()  # of every current event (the main one's included)
    spans: tuple[tuple[date, date], ...] = ()  # every current dated event's interval
    vector: Mapping[str, float] = field(default_factory=dict)  # TF-IDF of title and lead
    # every time the record's happening may be at: its current events' intervals (the
    # main event's first), and the publication day (made once: pair tests read them often)
    dates: tuple[tuple[date, date], ...] = field(init=False, compare=False, repr=False)
    # the first day of the record's earliest event (None: no dated event)
    earliest: date | None = field(init=False, compare=False, repr=False)
    # the main event's interval, else the publication day
    main_dates: tuple[tuple[date, date], ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        _set_times(self)


class _Times(Protocol):
    @property
    def lo(self) -> date | None: ...
    @property
    def hi(self) -> date | None: ...
    @property
    def published(self) -> date | None: ...
    @property
    def spans(self) -> tuple[tuple[date, date], ...]: ...


class Placed(Protocol):
    """What the test of places (``place_conflict``) reads of an article."""

    @property
    def fine(self) -> tuple[Place, ...]: ...
    @property
    def coarse(self) -> frozenset[str]: ...
    @property
    def areas(self) -> tuple[Place, ...]: ...


class Traits(_Times, Placed, Protocol):
    """What the pair tests (``links``, ``could_be_one``, ``gap_days``) read of an article:
    its ``Record``, or the ``Facts`` that the store keeps of it."""

    @property
    def names(self) -> frozenset[str]: ...
    @property
    def entities(self) -> frozenset[str]: ...
    @property
    def families(self) -> frozenset[str]: ...
    @property
    def vector(self) -> Mapping[str, float]: ...
    @property
    def dates(self) -> tuple[tuple[date, date], ...]: ...
    @property
    def earliest(self) -> date | None: ...
    @property
    def main_dates(self) -> tuple[tuple[date, date], ...]: ...


@dataclass(frozen=True, slots=True)
class Facts:
    """An article's record less what the store cannot keep as it is: its main event (the
    incident's events are read from the analyses of the part that is linked again), its
    people (merged within a part: unknown here) and its text vector (weighed by the store's
    term counts of the day; the store keeps the term counts). ``common`` tags the common
    words that its name keys were made without (``common_tag``): with other common words the
    names are not these. Linking keeps the facts of every linked article, so that a new
    article is tested against its stored neighbours without reading their analyses
    (``may_link``)."""

    article_id: str
    family: str
    lo: date | None
    hi: date | None
    published: date | None
    fine: tuple[Place, ...]
    coarse: frozenset[str]
    areas: tuple[Place, ...]
    names: frozenset[str]
    families: frozenset[str]
    spans: tuple[tuple[date, date], ...]
    common: str
    entities: frozenset[str] = frozenset()  # unknown: see ``may_link``
    vector: Mapping[str, float] = field(default_factory=dict)  # unknown: see ``may_link``
    dates: tuple[tuple[date, date], ...] = field(init=False, compare=False, repr=False)
    earliest: date | None = field(init=False, compare=False, repr=False)
    main_dates: tuple[tuple[date, date], ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        _set_times(self)


def facts_of(record: Record, common: frozenset[str]) -> Facts:
    """What the store keeps of ``record`` (made with the ``common`` words)."""
    return Facts(
        article_id=record.article_id,
        family=record.family,
        lo=record.lo,
        hi=record.hi,
        published=record.published,
        fine=record.fine,
        coarse=record.coarse,
        areas=record.areas,
        names=record.names,
        families=record.families,
        spans=record.spans,
        common=common_tag(common),
    )


def common_tag(common: frozenset[str]) -> str:
    """A short tag of a set of common words (``common_terms``)."""
    text = "\n".join(sorted(common))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def _set_times(record: Record | Facts) -> None:
    """Fill a record's (or facts') ``dates``, ``earliest`` and ``main_dates``."""
    object.__setattr__(record, "dates", _dates(record))
    object.__setattr__(record, "earliest", _earliest(record))
    object.__setattr__(record, "main_dates", _main_dates(record))


def _dates(record: _Times) -> tuple[tuple[date, date], ...]:
    out: list[tuple[date, date]] = []
    if record.lo is not None and record.hi is not None:
        out.append((record.lo, record.hi))
    out.extend(span for span in record.spans if span not in out)
    if record.published is not None and (record.published, record.published) not in out:
        out.append((record.published, record.published))
    return tuple(out)


def _earliest(record: _Times) -> date | None:
    starts = [lo for lo, _ in record.spans]
    if record.lo is not None:
        starts.append(record.lo)
    return min(starts, default=None)


def _main_dates(record: _Times) -> tuple[tuple[date, date], ...]:
    if record.lo is not None and record.hi is not None:
        return ((record.lo, record.hi),)
    if record.published is not None:
        return ((record.published, record.published),)
    return ()


def main_event(
    analysis: Analysis, background_days: int | None = None, window_days: int | None = None
) -> Event | None:
    """The article's first event that can start an incident (evidence events never do)
    and, with ``background_days``, that is not background (see ``current_events``)."""
    events = (
        current_events(analysis, background_days, window_days)
        if background_days
        else analysis.events
    )
    for event in events:
        if event.type in LINK_FAMILIES:
            return event
    return None


def current_events(
    analysis: Analysis, background_days: int, window_days: int | None = None
) -> list[Event]:
    """The article's events that can start an incident, less background: an event that
    ended more than ``background_days`` before the article was published ("since October
    7", "the 2022 invasion") or that starts after it (a misread date). An event at a named
    landmark is never background: a later piece that names the building (an investigation
    of the hospital blast) is about that happening. With ``window_days`` (the longest a
    follow-up lies from its incident), a report none of whose events is current and that
    was published more than that after them is a retrospective (see ``_retrospective``)."""
    published = analysis.article.published
    found: list[Event] = []
    for event in analysis.events:
        if event.type not in LINK_FAMILIES:
            continue
        span = event_interval(event, LINK_DAY_RULE)
        landmark = any(place.kind == "landmark" for place in event.where)
        if published is not None and span is not None and not landmark:
            past = (published - span[1]).days > background_days
            if past or (span[0] - published).days > 1:
                continue
        found.append(event)
    if not found and published is not None and window_days is not None:
        found = _retrospective(analysis.events, published, window_days)
    return found


def _retrospective(events: Sequence[Event], published: date, window_days: int) -> list[Event]:
    """The subject of a report none of whose events is of its own days, published too long
    after them to be a follow-up (an investigation, an anniversary piece): its happenings
    dated to the day or closer, more than ``window_days`` before, that state casualty
    figures. A mere mention ("since October 7", "the 2022 invasion") states none; a report
    closer to its only dated events is placed by its own day (a date misread from a clause
    about the past leaves its own event misdated)."""
    found: list[Event] = []
    for event in events:
        day = single_day(event.when, LINK_DAY_RULE)
        if (
            event.type in LINK_FAMILIES
            and event.figure_ids
            and day is not None
            and (published - day).days > window_days
        ):
            found.append(event)
    return found


def build_record(
    index: int,
    analysis: Analysis,
    entities: frozenset[str],
    *,
    background_days: int | None = None,
    window_days: int | None = None,
    vector: Mapping[str, float] | None = None,
    common: frozenset[str] = frozenset(),
) -> Record | None:
    """One article's record; with ``background_days``, every current event counts (its
    dates, places, families and names), not only the main one. Name words whose text term
    is in ``common`` (see ``common_terms``) are no part of a name key."""
    event = main_event(analysis, background_days, window_days)
    span = None if event is None else event_interval(event, LINK_DAY_RULE)
    lo, hi = span if span is not None else (None, None)
    if event is None:  # every event is background: the article's own day places it
        event = main_event(analysis)
    if event is None:
        return None
    events = [event]
    towns = _town_keys(analysis, common)
    lead = _lead_keys(analysis, common)
    if background_days:
        current = current_events(analysis, background_days, window_days)
        events += [e for e in current if e is not event]
    where = [p for e in events for p in e.where]
    fine = tuple(p for p in where if p.kind in FINE_KINDS and p.lat is not None)
    coarse = frozenset(p.name for p in where if p.kind not in FINE_KINDS)
    spans = tuple(
        dict.fromkeys(
            days
            for e in (events if lo is not None else events[1:])
            if (days := event_interval(e, LINK_DAY_RULE)) is not None
        )
    )
    return Record(
        index=index,
        article_id=analysis.article.id,
        event=event,
        family=LINK_FAMILIES[event.type],
        lo=lo,
        hi=hi,
        published=analysis.article.published,
        fine=fine,
        coarse=coarse,
        areas=tuple(p for p in where if p.kind not in FINE_KINDS and p.lat is not None),
        names=frozenset(k for e in events for k in _names(e, towns, lead, common)),
        entities=entities,
        families=frozenset(LINK_FAMILIES[e.type] for e in events),
        spans=spans,
        vector=vector if vector is not None else {},
    )


def event_day(event: Event) -> date | None:
    """The event's day when its time is precise to a day or better."""
    return single_day(event.when, LINK_DAY_RULE)


def common_terms(df: Mapping[str, int], size: int, share: float, min_size: int) -> frozenset[str]:
    """The text terms (``word_term``) of more than ``share`` of ``size`` articles' titles
    and leads, from their document counts ``df``: names that common (a war's sides and
    countries in its coverage) tell no incident from another. None below ``min_size``
    articles, where the counts say nothing."""
    if size < min_size:
        return frozenset()
    return frozenset(term for term, count in df.items() if count > share * size)


def name_key(words: list[str], common: frozenset[str] = frozenset()) -> str | None:
    """A transliteration-tolerant key of a name's distinctive words (None when generic):
    structural words, particles, words of two letters and words whose term is in
    ``common`` are left out."""
    kept = [
        w
        for w in words
        if not is_generic(w)
        and w not in PARTICLES
        and len(w) > 2
        and not (common and word_term(w) in common)
    ]
    if not kept:
        return None
    return " ".join(f"{skeleton(w)}:{''.join(sorted(set(w)))}" for w in kept)


def is_generic(word: str) -> bool:
    """A folded structural word of ``link_words()``, or its plural or possessive
    ("hospitals", "tuesdays")."""
    structural = link_words().structural
    return word in structural or (word.endswith("s") and word[:-1] in structural)


def gap_days(left: Traits, right: Traits, *, main: bool = False) -> int | None:
    """Fewest days between any time of ``left`` and any of ``right`` (None: one is undated);
    with ``main``, between their main events' times only."""
    best: int | None = None
    for lo_a, hi_a in left.main_dates if main else left.dates:
        for lo_b, hi_b in right.main_dates if main else right.dates:
            gap = max(0, (lo_b - hi_a).days, (lo_a - hi_b).days)
            best = gap if best is None else min(best, gap)
    return best


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places with coordinates."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _town_keys(analysis: Analysis, common: frozenset[str]) -> set[str]:
    """Name keys of the article's towns, regions and countries."""
    names = {place.name for place in analysis.places if place.kind != "landmark"}
    return {key for name in names for key in [_text_key(name, common)] if key}


def _names(event: Event, towns: set[str], lead: set[str], common: frozenset[str]) -> set[str]:
    """The event's distinctive names, less those that only repeat a town's, region's or
    country's name ("the Varno station" names no more than Varno)."""
    return {key for key in _name_keys(event, lead, common) if key[2:] not in towns}


def _lead_keys(analysis: Analysis, common: frozenset[str]) -> set[str]:
    """The name keys of the facilities that the title and lead name ("Ahli Arab hospital"):
    every event of the article has them."""
    keys: set[str] = set()
    article = analysis.article
    lead = f"{article.title or ''}\n{article.text[:LEAD_CHARS]}"
    for match in link_words().facility.finditer(lead):
        before = _NAME_BEFORE.search(lead, max(0, match.start() - 80), match.start())
        key = _text_key(before.group(1), common) if before else None
        if key:
            keys.add("n:" + key)
    return keys


@lru_cache(maxsize=1 << 16)
def _text_key(text: str, common: frozenset[str]) -> str | None:
    """``name_key`` of a text's words (remembered: place names recur across a store)."""
    return name_key(_words(text), common)


def _name_keys(event: Event, lead: set[str], common: frozenset[str]) -> set[str]:
    keys: set[str] = set()
    for place in event.where:
        if place.kind == "landmark":
            keys.add("n:" + (_text_key(place.name, common) or fold(place.name)))
    keys |= lead
    for span in (event.victims, event.target):
        if span is None:
            continue
        for run in _CAPITAL_RUN.findall(span.text):
            key = _text_key(run, common)
            if key:
                keys.add("n:" + key)
        for number in _NUMBER.findall(span.text):
            value = int(number.replace(",", ""))
            if value >= 20:  # a casualty count small enough to be common says nothing
                keys.add(f"#:{value}")
    return keys


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", fold(text).replace("-", " "))]

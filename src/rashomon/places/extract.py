"""Where: place mentions in an article, geocoded offline, with ambiguity handled.

Mentions are spaCy GPE, LOC and FAC entities, plus curated aliases spaCy misses. A curated
alias that is only part of another entity ("Gaza" in "the Gaza Health Ministry", "Ostravia"
in "The Ostravia Herald") is not a mention. Never places: NORP entities, the curated
``not_place`` names ("Hamas") and demonyms ("Israeli", which only tell the article's
country context), and anything overlapping a redacted identifier.

Each mention is resolved in this order:

1. a curated reading (a ``context_aliases`` one only when the article's context has its
   country: "Baptist Hospital" is al-Ahli only in an article about Palestine);
2. a country before a city of the same name ("Lebanon", not Lebanon, Pennsylvania);
3. a reading in the article's country context: the countries of its unambiguous places and
   of its demonyms, by number of mentions ("Rafah" beside "Khan Yunis" is Rafah, PS, not
   Rafah, EG). Only readings with at least 5% of the best population compete on context,
   so "Paris" stays Paris, FR in an article full of US places;
4. population, with a reading found through a GeoNames alternate name counting a tenth
   (and none at all below 1,000 people: "Sahara" is not a Yemeni hamlet).

The other readings, unless they are the same place (same country, under 5 km apart), are
kept in ``alternatives`` as "Rafah, EG".

Gaza: bare "Gaza" is the Gaza Strip, as conflict reporting uses it; "Gaza City", "Gaza
city" and "the city of Gaza" are the city, but in "the southern Gaza city of Khan Yunis"
(a city *in* Gaza) "Gaza" stays the Strip: a lowercase "city" followed by "of" never makes
an alias ending in "city".

An entity found nowhere is still a Place, with ``kind="unknown"``, ``precision="none"`` and
no coordinates, unless a word of it is a person's name elsewhere in the article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from rashomon.attribution.claimant_words import ROLE_NOUNS
from rashomon.model import Place, TextSpan
from rashomon.parse import ParsedArticle
from rashomon.places.gazetteer import (
    CuratedAlias,
    CuratedMatch,
    Gazetteer,
    GazetteerEntry,
    find_curated,
    normalise_name,
)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the small model sometimes gives a well-known place ("Kramatorsk" as PRODUCT): such
# an entity is a place only when GeoNames knows it well (a country, or a city of its own
# name with at least RESCUE_POPULATION people).
RESCUE_LABELS = frozenset({"ORG", "PRODUCT"})
RESCUE_POPULATION = 100_000
# Proper nouns spaCy left untagged ("Tanks entered Rafah ..."): a place when GeoNames has a
# city of that very name, with at least UNTAGGED_POPULATION people, in the article's context.
UNTAGGED_POPULATION = 10_000
UNKNOWN_KIND = "unknown"
NO_PRECISION = "none"
SAME_PLACE_KM = 5.0
MAX_ALTERNATIVES = 3
ALTERNATE_NAME_WEIGHT = 0.1
ALTERNATE_MIN_POPULATION = 1_000  # below it, a GeoNames alternate name is not a reading
CONTEXT_MIN_SHARE = 0.05

_WORD = re.compile(r"[^\W_]+")
_DROP_FIRST = frozenset({"the"})
_DROP_LAST = frozenset({"'s", "’s", "'", "’"})


@dataclass(frozen=True, slots=True)
class _Mention:
    """A candidate place mention and every reading of it."""

    start: int
    end: int
    curated: tuple[CuratedAlias, ...]
    geonames: tuple[GazetteerEntry, ...]
    from_entity: bool
    proper: bool = True  # has a proper noun, and is not a capitalised common word


def extract_places(parsed: ParsedArticle, gazetteer: Gazetteer) -> list[Place]:
    """Every place mention of the article, in text order, geocoded (see the module doc)."""
    article = parsed.article
    text = article.text
    blocked = [(r.start, r.end) for r in article.redactions]
    matches = [m for m in find_curated(text, gazetteer.curated) if not _overlaps_any(m, blocked)]
    entities = [
        span
        for ent in parsed.doc.ents
        if (span := _trimmed(ent)) is not None and not _overlaps_any(_range(span), blocked)
    ]
    mentions = _mentions(text, matches, entities, gazetteer)
    context = _context(matches, mentions)
    taken = [(m.start, m.end) for m in mentions] + blocked
    mentions += _untagged(text, parsed.doc, gazetteer, context, taken)
    mentions.sort(key=lambda m: (m.start, m.end))
    persons = _person_words(parsed.doc)
    places: list[Place] = []
    for mention in mentions:
        place = _resolve(text, mention, context, persons)
        if place is not None:
            places.append(place)
    return places


# -- finding mentions --------------------------------------------------------------------


def _range(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _overlaps_any(item: CuratedMatch | tuple[int, int], ranges: Iterable[tuple[int, int]]) -> bool:
    start, end = (item.start, item.end) if isinstance(item, CuratedMatch) else item
    return any(lo < end and start < hi for lo, hi in ranges)


def _trimmed(ent: Span) -> Span | None:
    """``ent`` without a leading "the" or a trailing possessive; None when nothing is left."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in _DROP_FIRST or doc[start].is_space):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in _DROP_LAST or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    if start >= end:
        return None
    return Span(ent.doc, start, end, label=ent.label_)


def _mentions(
    text: str, matches: list[CuratedMatch], entities: list[Span], gazetteer: Gazetteer
) -> list[_Mention]:
    """Place entities and curated matches, merged: a curated match that equals or
    reaches past an entity replaces it; matches inside an entity are used only when the
    whole entity is found nowhere."""
    used: dict[tuple[int, int], _Mention] = {}
    covered: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    for ent in entities:
        span = _range(ent)
        if ent.label_ in RESCUE_LABELS and _rescued(text, span, gazetteer):
            covered.append(span)
            used[span] = _lookup(text, ent, gazetteer)
            continue
        if ent.label_ not in PLACE_LABELS:
            others.append(span)
            continue
        covered.append(span)
        inside = [m for m in matches if _overlaps_any(m, [span])]
        replacing = [m for m in inside if not (span[0] <= m.start and m.end <= span[1])]
        replacing += [m for m in inside if (m.start, m.end) == span]
        if not replacing:
            mention = _lookup(text, ent, gazetteer)
            if mention.curated or mention.geonames or not inside:
                used[span] = mention
                continue
            replacing = inside
        for m in replacing:
            used[(m.start, m.end)] = _from_match(text, m, gazetteer)
    for m in matches:
        if _overlaps_any(m, covered) or any(
            lo <= m.start and m.end <= hi and (lo, hi) != (m.start, m.end) for lo, hi in others
        ):
            continue
        used.setdefault((m.start, m.end), _from_match(text, m, gazetteer))
    return [used[key] for key in sorted(used)]


def _rescued(text: str, span: tuple[int, int], gazetteer: Gazetteer) -> bool:
    """A mislabelled entity that is a well-known place (see RESCUE_LABELS)."""
    name = text[span[0] : span[1]]
    if gazetteer.curated.lookup(name):
        return False  # curated names are found by the curated scan
    key = normalise_name(name)
    return any(
        entry.kind == "country"
        or (entry.population >= RESCUE_POPULATION and normalise_name(entry.name) == key)
        for entry in gazetteer.geonames(name)
    )


def _lookup(text: str, ent: Span, gazetteer: Gazetteer) -> _Mention:
    name = text[ent.start_char : ent.end_char]
    return _Mention(
        start=ent.start_char,
        end=ent.end_char,
        curated=gazetteer.curated.lookup(name),
        geonames=gazetteer.geonames(name),
        from_entity=True,
        proper=any(token.pos_ == "PROPN" for token in ent) and not _common_word(ent),
    )


WORDS_KEY = "rashomon.words"


def _common_word(ent: Span) -> bool:
    """A one-word entity whose word is written lowercase elsewhere in the article: a title-case
    or sentence-initial common word ("Strike" in a headline beside "a missile strike")."""
    if len(ent) != 1:
        return False
    doc = ent.doc
    words = doc.user_data.get(WORDS_KEY)
    if not isinstance(words, frozenset):
        words = frozenset(token.text for token in doc)  # once per doc, not per entity
        doc.user_data[WORDS_KEY] = words
    return ent[0].lower_ in words


def _from_match(text: str, match: CuratedMatch, gazetteer: Gazetteer) -> _Mention:
    return _Mention(
        start=match.start,
        end=match.end,
        curated=match.aliases,
        geonames=gazetteer.geonames(text[match.start : match.end]),
        from_entity=False,
    )


def _untagged(
    text: str,
    doc: Doc,
    gazetteer: Gazetteer,
    context: Counter[str],
    taken: list[tuple[int, int]],
) -> list[_Mention]:
    """Runs of untagged proper nouns that name a city of the article's context (not as a
    modifier of a noun)."""
    found: list[_Mention] = []
    for run in _proper_runs(doc):
        span = _range(run)
        if _overlaps_any(span, taken) or run.root.dep_ in ("compound", "amod"):
            continue  # "Azov" in "Azov battalion" names the unit, not the city
        name = text[span[0] : span[1]]
        key = normalise_name(name)
        readings = gazetteer.geonames(name)
        if any(
            normalise_name(r.name) == key
            and r.population >= UNTAGGED_POPULATION
            and r.country
            and context[r.country]
            for r in readings
        ):
            found.append(_Mention(span[0], span[1], (), readings, from_entity=True))
    return found


def _proper_runs(doc: Doc) -> list[Span]:
    runs: list[Span] = []
    start: int | None = None
    for token in doc:
        inside = token.pos_ == "PROPN" and not token.ent_type_
        if inside and start is None:
            start = token.i
        elif not inside and start is not None:
            runs.append(doc[start : token.i])
            start = None
    if start is not None:
        runs.append(doc[start:])
    return runs


# -- context and resolution --------------------------------------------------------------


def _context(matches: Iterable[CuratedMatch], mentions: Iterable[_Mention]) -> Counter[str]:
    """Country codes the article is about: curated matches (demonyms included) and
    GeoNames mentions whose readings all lie in one country (or that name a country)."""
    context: Counter[str] = Counter()
    for match in matches:
        for alias in match.aliases:
            if alias.entry.country and not alias.needs_context and alias.entry.kind != "not_place":
                context[alias.entry.country] += 1
    for mention in mentions:
        if mention.curated or not mention.geonames:
            continue
        countries = {entry.country for entry in mention.geonames}
        first = mention.geonames[0]
        if first.country and (len(countries) == 1 or first.kind == "country"):
            context[first.country] += 1
    return context


def _person_words(doc: Doc) -> frozenset[str]:
    return frozenset(
        token.lower_
        for ent in doc.ents
        if ent.label_ == "PERSON"
        for token in ent
        if token.is_alpha
    )


def _looks_like_person(text: str, start: int, end: int, persons: frozenset[str]) -> bool:
    """An unresolved name that shares a word with a PERSON entity, or that follows or
    holds a role noun ("Opposition lawmaker Vera Stanek")."""
    words = [w.lower() for w in _WORD.findall(text[start:end])]
    before = _WORD.findall(text[max(0, start - 40) : start])
    return bool(
        set(words) & persons
        or set(words) & ROLE_NOUNS
        or (before and before[-1].lower() in ROLE_NOUNS)
    )


def _resolve(
    text: str, mention: _Mention, context: Counter[str], persons: frozenset[str]
) -> Place | None:
    span = TextSpan(mention.start, mention.end, text[mention.start : mention.end])
    if mention.curated and not any(alias.entry.is_place for alias in mention.curated):
        return None  # a not_place word or a demonym
    curated = [
        alias.entry
        for alias in mention.curated
        if alias.entry.is_place
        and (not alias.needs_context or (alias.entry.country and context[alias.entry.country]))
    ]
    if mention.curated and not curated and not mention.from_entity:
        return None  # a context alias outside its context
    readings, rivals = _ranked(curated, mention.geonames, normalise_name(span.text), context)
    if not readings:
        if (
            not mention.from_entity
            or not mention.proper
            or not any(ch.isupper() for ch in span.text)
            or _looks_like_person(text, mention.start, mention.end, persons)
        ):
            return None
        return Place(
            text=span, name=" ".join(span.text.split()), kind=UNKNOWN_KIND, precision=NO_PRECISION
        )
    best = readings[0]
    return Place(
        text=span,
        name=best.name,
        kind=best.kind,
        country=best.country,
        lat=best.lat,
        lon=best.lon,
        precision=best.precision,
        alternatives=_alternatives(best, [r for r in readings[1:] if r in rivals]),
        source=best.source,
    )


def _ranked(
    curated: list[GazetteerEntry],
    geonames: Sequence[GazetteerEntry],
    key: str,
    context: Counter[str],
) -> tuple[list[GazetteerEntry], list[GazetteerEntry]]:
    """Readings best first, and the rivals: readings that could have been chosen (curated
    ones, and GeoNames ones with at least CONTEXT_MIN_SHARE of the best weight)."""

    def primary(entry: GazetteerEntry) -> bool:
        return normalise_name(entry.name) == key

    def weight(entry: GazetteerEntry) -> float:
        return entry.population * (1.0 if primary(entry) else ALTERNATE_NAME_WEIGHT)

    geonames = [e for e in geonames if primary(e) or e.population >= ALTERNATE_MIN_POPULATION]
    top = max((weight(e) for e in geonames), default=0.0)
    rivals = curated + [
        e
        for e in geonames
        if weight(e) >= CONTEXT_MIN_SHARE * top and e.population >= ALTERNATE_MIN_POPULATION
    ]

    def rank(entry: GazetteerEntry) -> tuple[bool, float, float]:
        in_context = context[entry.country] if entry.country and entry in rivals else 0
        return entry.kind == "country", in_context, weight(entry)

    return curated + sorted(geonames, key=rank, reverse=True), rivals


def _alternatives(best: GazetteerEntry, others: Iterable[GazetteerEntry]) -> tuple[str, ...]:
    labels: list[str] = []
    for entry in others:
        if entry.source == best.source or _same_place(best, entry) or entry.label in labels:
            continue
        if entry.label != best.label or entry.kind != best.kind:
            labels.append(entry.label)
        if len(labels) == MAX_ALTERNATIVES:
            break
    return tuple(labels)


def _same_place(a: GazetteerEntry, b: GazetteerEntry) -> bool:
    if a.country != b.country or a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return _km(a.lat, a.lon, b.lat, b.lon) < SAME_PLACE_KM


def _km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))

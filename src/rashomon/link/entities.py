"""Claimants merged across articles into entities.

Rules, in order, for each article claimant:
- the outlet ("outlet") and readers are never merged: one entity each;
- a person (type person, or a name that starts with a title: "Rear Admiral Hagari") is
  parsed into given names and surname; full names join when surnames and first given
  names match up to transliteration ("Sahar Baruch" = "Sa'ar Baruch") and their roles do
  not conflict (different nationalities or different organisations); a surname alone joins
  the one person with that surname, and stays apart when there are two or more;
- any other name goes by the curated table (aliases, acronyms, ``part_of``), then
  "PREFIX part-head" ("Hamas media office": its own entity, part of Hamas), then contextual
  aliases ("the army" in an article about Israel), then its order-free name key; generic
  names ("local authorities", "officials") never merge across articles; an acronym joins
  the one full name in the corpus whose initials it is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rashomon.link.aliases import EntityTable, acronym_of, is_acronym, load_entity_table
from rashomon.link.names import (
    TITLES,
    PersonName,
    given_compatible,
    parse_person,
    skeleton,
    starts_with_title,
    words_match,
)
from rashomon.model import Analysis, Claimant, ClaimantType, Entity, EntityMention

OUTLET_ID = "outlet"


@dataclass(slots=True)
class _Cluster:
    key: str
    refs: list[_Ref] = field(default_factory=list)
    curated: str | None = None
    part_of: str | None = None  # a cluster key
    person: list[PersonName] = field(default_factory=list)
    # distinct values of the members, kept up to date by ``_summary``: a cluster of thousands
    # of mentions has a handful of spellings and roles, so joining compares those only
    surnames: set[str] = field(default_factory=set)
    first_given: set[str] = field(default_factory=set)  # of full names
    countries: set[frozenset[str]] = field(default_factory=set)  # non-empty role marks
    orgs: set[frozenset[str]] = field(default_factory=set)
    seen_people: int = 0  # how many of ``person`` and ``refs`` the sets above include
    seen_refs: int = 0


@dataclass(slots=True)
class _RoleMarks:
    """``_role_marks`` memoised per (role, affiliation), for one ``merge_entities`` call."""

    table: EntityTable
    known: dict[tuple[str | None, str | None], tuple[frozenset[str], frozenset[str]]] = field(
        default_factory=dict
    )

    def of(self, claimant: Claimant) -> tuple[frozenset[str], frozenset[str]]:
        key = (claimant.role, claimant.affiliation)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = _role_marks(claimant, self.table)
        return found


@dataclass(frozen=True, slots=True)
class _Ref:
    order: int
    analysis: Analysis
    claimant: Claimant


def merge_entities(
    analyses: Sequence[Analysis], *, table: EntityTable | None = None
) -> list[Entity]:
    """Entities over all articles' claimants, numbered "ent-1"... by first mention.

    A curated entity that a mentioned one is part of (Hamas for "Al-Qassam Brigades") is
    listed too, without mentions, so that ``part_of`` always names an entity in the list.
    """
    table = table if table is not None else load_entity_table()
    pairs = [(a, c) for a in analyses for c in a.claimants]
    refs = [_Ref(order=i, analysis=a, claimant=c) for i, (a, c) in enumerate(pairs)]
    clusters: dict[str, _Cluster] = {}
    people = [r for r in refs if _is_person(r.claimant)]
    others = [r for r in refs if not _is_person(r.claimant)]
    _merge_people(people, clusters, table)
    _merge_others(others, clusters, table)
    return _entities(clusters, table)


def people_by_article(
    analyses: Sequence[Analysis], *, table: EntityTable | None = None
) -> dict[str, frozenset[str]]:
    """The people among ``merge_entities``' entities, as linking reads them: each article's
    set of person entities (named by a key of their own, not "ent-N"), without building the
    entities' names, aliases, roles and parents."""
    table = table if table is not None else load_entity_table()
    pairs = [(a, c) for a in analyses for c in a.claimants]
    refs = [_Ref(order=i, analysis=a, claimant=c) for i, (a, c) in enumerate(pairs)]
    clusters: dict[str, _Cluster] = {}
    _merge_people([r for r in refs if _is_person(r.claimant)], clusters, table)
    _merge_others([r for r in refs if not _is_person(r.claimant)], clusters, table)
    found: dict[str, set[str]] = {}
    for cluster in clusters.values():
        if cluster.refs and _type(cluster, table) is ClaimantType.PERSON:
            for ref in cluster.refs:
                found.setdefault(ref.analysis.article.id, set()).add(cluster.key)
    return {article_id: frozenset(keys) for article_id, keys in found.items()}


def _is_person(claimant: Claimant) -> bool:
    if claimant.id == OUTLET_ID or claimant.type is ClaimantType.READER:
        return False
    if claimant.type is ClaimantType.PERSON:
        return parse_person(claimant.name) is not None
    return claimant.type is not ClaimantType.MEDIA_OUTLET and starts_with_title(claimant.name)


def _solo(ref: _Ref) -> str:
    return f"solo:{ref.analysis.article.id}:{ref.claimant.id}"


def _add(clusters: dict[str, _Cluster], key: str, ref: _Ref) -> _Cluster:
    cluster = clusters.setdefault(key, _Cluster(key=key))
    cluster.refs.append(ref)
    return cluster


# ---------------------------------------------------------------- people


def _merge_people(refs: list[_Ref], clusters: dict[str, _Cluster], table: EntityTable) -> None:
    blocks: dict[str, list[_Cluster]] = {}
    roles = _RoleMarks(table)
    parsed = [(r, parse_person(r.claimant.name)) for r in refs]
    surname_only: list[tuple[_Ref, PersonName]] = []
    for ref, name in parsed:
        if name is None:
            continue
        if not name.full:
            surname_only.append((ref, name))
            continue
        block = blocks.setdefault(skeleton(name.surname), [])
        home = next((c for c in block if _joins(c, name, ref, roles)), None)
        if home is None:
            home = _Cluster(key=f"person:{len(clusters)}:{name.surname}")
            clusters[home.key] = home
            block.append(home)
        home.refs.append(ref)
        home.person.append(name)
    for ref, name in surname_only:
        block = blocks.setdefault(skeleton(name.surname), [])
        matches = [
            c
            for c in block
            if any(words_match(s, name.surname) for s in _summary(c, roles).surnames)
        ]
        full = [c for c in matches if c.first_given]
        if len(full) > 1:
            _add(clusters, _solo(ref), ref).person.append(name)  # ambiguous: two people
            continue
        candidates = full or matches
        if candidates and not _roles_conflict(candidates[0], ref, roles):
            candidates[0].refs.append(ref)
            candidates[0].person.append(name)
            continue
        home = _Cluster(key=f"person:{len(clusters)}:{name.surname}", refs=[ref], person=[name])
        clusters[home.key] = home
        block.append(home)


def _summary(cluster: _Cluster, roles: _RoleMarks) -> _Cluster:
    """``cluster`` with its distinct surnames, first given names and role marks brought up
    to date with the members appended since the last call."""
    for name in cluster.person[cluster.seen_people :]:
        cluster.surnames.add(name.surname)
        if name.full:
            cluster.first_given.add(name.given[0])
    cluster.seen_people = len(cluster.person)
    for ref in cluster.refs[cluster.seen_refs :]:
        countries, orgs = roles.of(ref.claimant)
        if countries:
            cluster.countries.add(countries)
        if orgs:
            cluster.orgs.add(orgs)
    cluster.seen_refs = len(cluster.refs)
    return cluster


def _joins(cluster: _Cluster, name: PersonName, ref: _Ref, roles: _RoleMarks) -> bool:
    summary = _summary(cluster, roles)
    if not all(words_match(s, name.surname) for s in summary.surnames):
        return False
    if not all(given_compatible((g,), name.given) for g in summary.first_given):
        return False
    return not _roles_conflict(cluster, ref, roles)


def _roles_conflict(cluster: _Cluster, ref: _Ref, roles: _RoleMarks) -> bool:
    """Roles conflict when both sides name nationalities and share none, or both name
    curated organisations and share none (a part counts as its whole)."""
    mine_countries, mine_orgs = roles.of(ref.claimant)
    summary = _summary(cluster, roles)
    if mine_countries and any(not mine_countries & c for c in summary.countries):
        return True
    return bool(mine_orgs) and any(not mine_orgs & o for o in summary.orgs)


def _role_marks(claimant: Claimant, table: EntityTable) -> tuple[frozenset[str], frozenset[str]]:
    text = " ".join(t for t in (claimant.role, claimant.affiliation) if t)
    if not text:
        return frozenset(), frozenset()
    words = re.findall(r"[A-Za-z]+", text)
    countries = {table.demonyms[w.lower()] for w in words if w.lower() in table.demonyms}
    countries |= {w.lower() for w in words if w.lower() in set(table.demonyms.values())}
    orgs: set[str] = set()
    for size in (1, 2, 3, 4):
        for start in range(len(words) - size + 1):
            found = table.by_key.get(table.name_key(" ".join(words[start : start + size])))
            if found is not None:
                orgs.add(_root(found, table))
    return frozenset(countries), frozenset(orgs)


def _root(key: str, table: EntityTable) -> str:
    while (parent := table.entities[key].part_of) is not None:
        key = parent
    return key


# ---------------------------------------------------------------- organisations and the rest


def _merge_others(refs: list[_Ref], clusters: dict[str, _Cluster], table: EntityTable) -> None:
    acronyms: list[tuple[_Ref, str]] = []
    initials: dict[str, set[str]] = {}
    parts: list[tuple[_Ref, str, str]] = []
    for ref in refs:
        claimant = ref.claimant
        if claimant.id == OUTLET_ID or claimant.type is ClaimantType.READER:
            _add(clusters, _solo(ref), ref)
            continue
        key = table.name_key(claimant.name)
        curated = table.by_key.get(key)
        if curated is not None:
            _add(clusters, f"cur:{curated}", ref).curated = curated
            continue
        split = _part_split(claimant.name, table)
        if split is not None:
            parts.append((ref, *split))
            continue
        if key in table.contextual:
            chosen = _by_context(ref, table.contextual[key], table)
            if chosen is None:
                _add(clusters, _solo(ref), ref)
            else:
                _add(clusters, f"cur:{chosen}", ref).curated = chosen
            continue
        if table.is_generic(claimant.name):
            _add(clusters, _solo(ref), ref)
            continue
        if is_acronym(claimant.name):
            acronyms.append((ref, key))
            continue
        _add(clusters, f"key:{key}", ref)
        found = acronym_of(claimant.name)
        if found is not None:
            initials.setdefault(found, set()).add(f"key:{key}")
        for alias in claimant.aliases:
            if is_acronym(alias):
                initials.setdefault(table.name_key(alias), set()).add(f"key:{key}")
    for ref, acronym in acronyms:
        owners = initials.get(acronym, set())
        _add(clusters, next(iter(owners)) if len(owners) == 1 else f"key:{acronym}", ref)
    for ref, whole, head in parts:
        parent = _parent_cluster(whole, ref, clusters, table)
        if parent is None:
            _add(clusters, f"key:{table.name_key(ref.claimant.name)}", ref)
        else:
            _add(clusters, f"part:{parent}:{head}", ref).part_of = parent


def _part_split(name: str, table: EntityTable) -> tuple[str, str] | None:
    """("Hamas", "media office") for "Hamas media office" or "Hamas's media office"."""
    lowered = name.strip().lower()
    for head in table.part_heads:
        if lowered.endswith(" " + head) and len(lowered) > len(head) + 1:
            whole = re.sub(r"['’]s$|['’]$", "", name.strip()[: -len(head) - 1].strip())
            if whole and not table.is_generic(whole):
                return whole, head
    return None


def _parent_cluster(
    whole: str, ref: _Ref, clusters: dict[str, _Cluster], table: EntityTable
) -> str | None:
    key = table.name_key(whole)
    curated = table.by_key.get(key)
    if curated is not None:
        clusters.setdefault(f"cur:{curated}", _Cluster(key=f"cur:{curated}", curated=curated))
        return f"cur:{curated}"
    if f"key:{key}" in clusters:
        return f"key:{key}"
    if key in table.contextual:
        chosen = _by_context(ref, table.contextual[key], table)
        if chosen is not None:
            clusters.setdefault(f"cur:{chosen}", _Cluster(key=f"cur:{chosen}", curated=chosen))
            return f"cur:{chosen}"
    return None


def _by_context(ref: _Ref, candidates: tuple[str, ...], table: EntityTable) -> str | None:
    """The candidate whose context words the article names most often (a tie: none)."""
    text = ref.analysis.article.text
    scores = []
    for key in candidates:
        words = table.entities[key].context
        hits = sum(len(re.findall(rf"\b{re.escape(w)}\b", text)) for w in words)
        scores.append((hits, key))
    scores.sort(reverse=True)
    if not scores or scores[0][0] == 0:
        return None
    if len(scores) > 1 and scores[1][0] == scores[0][0]:
        return None
    return scores[0][1]


# ---------------------------------------------------------------- output


def _entities(clusters: dict[str, _Cluster], table: EntityTable) -> list[Entity]:
    _add_parents(clusters, table)
    ordered = sorted(clusters.values(), key=_first_order)
    ids = {c.key: f"ent-{i}" for i, c in enumerate(ordered, start=1)}
    owners = _Owners(clusters, table)
    entities: list[Entity] = []
    for cluster in ordered:
        name = _name(cluster, table)
        names = [r.claimant.name for r in cluster.refs]
        aliases = tuple(dict.fromkeys(n for n in names if n != name))
        roles = tuple(dict.fromkeys(r.claimant.role for r in cluster.refs if r.claimant.role))
        parent = _part_of(cluster, owners, table)
        entities.append(
            Entity(
                id=ids[cluster.key],
                name=name,
                type=_type(cluster, table),
                aliases=aliases,
                roles=roles,
                part_of=ids.get(parent) if parent is not None else None,
                mentions=tuple(
                    EntityMention(r.analysis.article.id, r.claimant.id, r.claimant.name)
                    for r in cluster.refs
                ),
            )
        )
    return entities


def _add_parents(clusters: dict[str, _Cluster], table: EntityTable) -> None:
    pending = [c.curated for c in clusters.values() if c.curated is not None]
    while pending:
        parent = table.entities[pending.pop()].part_of
        if parent is not None and f"cur:{parent}" not in clusters:
            clusters[f"cur:{parent}"] = _Cluster(key=f"cur:{parent}", curated=parent)
            pending.append(parent)


def _first_order(cluster: _Cluster) -> tuple[int, str]:
    return (min((r.order for r in cluster.refs), default=1 << 62), cluster.key)


def _name(cluster: _Cluster, table: EntityTable) -> str:
    if cluster.curated is not None:
        return table.entities[cluster.curated].name
    if cluster.person:
        full = [_untitled(p.written) for p in cluster.person if p.full] or [
            _untitled(p.written) for p in cluster.person
        ]
        return Counter(full).most_common(1)[0][0]
    return Counter(r.claimant.name for r in cluster.refs).most_common(1)[0][0]


def _untitled(written: str) -> str:
    words = written.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in TITLES:
        words.pop(0)
    return " ".join(words)


def _type(cluster: _Cluster, table: EntityTable) -> ClaimantType:
    if cluster.curated is not None:
        return table.entities[cluster.curated].type
    if cluster.person:
        return ClaimantType.PERSON
    return Counter(r.claimant.type for r in cluster.refs).most_common(1)[0][0]


def _part_of(cluster: _Cluster, owners: _Owners, table: EntityTable) -> str | None:
    if cluster.curated is not None:
        parent = table.entities[cluster.curated].part_of
        return f"cur:{parent}" if parent is not None else None
    if cluster.part_of is not None:
        return cluster.part_of
    # the claimant stage's own part_of (an id in the same article), or one curated
    # affiliation ("IDF spokesperson" Hagari is part of the IDF)
    owner = {owners.of(r) for r in cluster.refs} - {None, cluster.key}
    return owner.pop() if len(owner) == 1 else None


class _Owners:
    """Which cluster holds each article claimant, and the curated organisation of each
    affiliation: indexes built once for ``_part_of``."""

    def __init__(self, clusters: dict[str, _Cluster], table: EntityTable) -> None:
        self.clusters = clusters
        self.table = table
        self.home: dict[tuple[int, str], str] = {}  # (id of the analysis, claimant id) -> key
        for key, cluster in clusters.items():
            for ref in cluster.refs:
                self.home.setdefault((id(ref.analysis), ref.claimant.id), key)  # first holds
        self.curated: dict[str, str | None] = {}

    def of(self, ref: _Ref) -> str | None:
        """The cluster ``ref``'s claimant is part of: the one holding its ``part_of`` claimant
        in the same article, else the curated organisation named by its affiliation."""
        claimant = ref.claimant
        if claimant.part_of is not None:
            key = self.home.get((id(ref.analysis), claimant.part_of))
            if key is not None:
                return key if not key.startswith("solo:") else None
        if claimant.affiliation:  # only a curated organisation: "Israeli" is no owner
            if claimant.affiliation not in self.curated:
                name_key = self.table.name_key(claimant.affiliation)
                self.curated[claimant.affiliation] = self.table.by_key.get(name_key)
            curated = self.curated[claimant.affiliation]
            if curated is not None and f"cur:{curated}" in self.clusters:
                return f"cur:{curated}"
        return None

"""Claimant sides: which claimants of an incident speak for one body.

A side is one body speaking. Within an incident, claimants are joined into sides by
conventions of news writing, never by a story's names:

- an organisation's part (``Entity.part_of``) is on the organisation's side;
- a claimant whose role or affiliation names a body of the incident ("senior Hamas
  official", "head of HRW's crisis department") is on that body's side;
- claimants of one office (``sides.en.v2.toml``: a prosecutor's office and its spokesman,
  "health officials" and the health ministry, a military and its defence ministry) of one
  nation are one side; one naming no nation joins that office's only nation in the incident;
- one person written several ways ("Ihor"/"Igor", "Syniehubov"/"Synegubov") or named inside
  another claimant's name ("Kharkiv Mayor Ihor Terekhov") is one side (surnames compared by a
  transliteration skeleton).

Media outlets, readers and claimants with no office stay their own side. A side's id is its
representative's entity id (a body before a person before an anonymous source, then most
mentions); its name that entity's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rashomon.datafiles import read_toml, require_version
from rashomon.errors import ConfigError
from rashomon.model import ClaimantType, Entity

SIDES_FILE = "sides.en.v2.toml"
_BODIES = frozenset(
    {
        ClaimantType.GOVERNMENT_BODY,
        ClaimantType.MILITARY,
        ClaimantType.ARMED_GROUP,
        ClaimantType.ORGANISATION,
    }
)
_NEVER_JOINED = frozenset({ClaimantType.MEDIA_OUTLET, ClaimantType.READER})
_RANK = {
    ClaimantType.GOVERNMENT_BODY: 0,
    ClaimantType.MILITARY: 0,
    ClaimantType.ARMED_GROUP: 0,
    ClaimantType.ORGANISATION: 1,
    ClaimantType.PERSON: 2,
    ClaimantType.ANONYMOUS_SOURCE: 3,
    ClaimantType.MEDIA_OUTLET: 4,
    ClaimantType.READER: 5,
}
_WORD = re.compile(r"[a-z][a-z'’-]*")


@dataclass(frozen=True, slots=True)
class SideTable:
    """The offices, nations and generic words of a sides data file."""

    version: str
    offices: tuple[tuple[str, re.Pattern[str]], ...]
    nations: Mapping[str, str]
    generic: frozenset[str]


@dataclass(frozen=True, slots=True)
class Side:
    id: str  # the representative's entity id
    name: str
    office: str | None = None
    nation: str | None = None


def load_side_table(path: Path | None = None) -> SideTable:
    """The packaged ``sides.en.v2.toml`` or a user's file of the same shape."""
    data, where = read_toml(path, SIDES_FILE, "sides table")
    version = require_version(data, where, "sides table")
    offices: list[tuple[str, re.Pattern[str]]] = []
    for row in data.get("offices", []):
        if not (isinstance(row, list) and len(row) == 2 and all(isinstance(x, str) for x in row)):
            raise ConfigError(f"Sides table {where!r}: each office is [key, regex], got {row!r}.")
        offices.append((row[0], re.compile(rf"\b(?:{row[1]})\b")))
    nations = data.get("nations", {})
    generic = data.get("generic", [])
    if not isinstance(nations, dict) or not isinstance(generic, list):
        raise ConfigError(f"Sides table {where!r}: 'nations' is a table, 'generic' a list.")
    return SideTable(
        version=version,
        offices=tuple(offices),
        nations={str(k).lower(): str(v) for k, v in nations.items()},
        generic=frozenset(str(g).lower() for g in generic),
    )


def assign_sides(
    entities: Sequence[Entity],
    described: Mapping[str, Sequence[str]],
    table: SideTable,
    *,
    mentions: Mapping[str, int] | None = None,
) -> dict[str, Side]:
    """Entity id -> its side, for ``entities`` (those of one incident). ``described`` gives
    each entity's roles and affiliations as written in its articles; ``mentions`` how often
    each is quoted (for the representative)."""
    by_id = {e.id: e for e in entities}
    parent = {e.id: e.id for e in entities}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            low, high = sorted((ra, rb), key=order.index)
            parent[high] = low

    order = [e.id for e in entities]
    texts = {e.id: _text(e, described.get(e.id, ())) for e in entities}
    joinable = [e for e in entities if e.type not in _NEVER_JOINED]
    for entity in joinable:
        if entity.part_of in by_id and by_id[entity.part_of].type not in _NEVER_JOINED:
            join(entity.id, entity.part_of)
    bodies = [
        (e, re.compile(rf"\b{re.escape(e.name.lower())}\b"))
        for e in joinable
        if e.type in _BODIES and _distinctive(e.name, table)
    ]
    for entity in joinable:
        if entity.type in _BODIES:
            continue
        described_as = " | ".join(described.get(entity.id, ())).lower()
        for body, pattern in bodies:
            if body.id != entity.id and pattern.search(described_as):
                join(entity.id, body.id)
                break
    office_of = {e.id: _office(texts[e.id], table) for e in joinable}
    nation_of = {e.id: _nation(texts[e.id], table) for e in joinable}
    by_office: dict[str, dict[str | None, list[str]]] = {}
    for entity in joinable:
        office = office_of[entity.id]
        if office is not None:
            by_office.setdefault(office, {}).setdefault(nation_of[entity.id], []).append(entity.id)
    for nations in by_office.values():
        named = [n for n in nations if n is not None]
        for members in nations.values():
            for other in members[1:]:
                join(members[0], other)
        if len(named) == 1 and None in nations:
            join(nations[named[0]][0], nations[None][0])
    _join_people(joinable, table, join)
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        groups.setdefault(root(entity.id), []).append(entity)
    counts = mentions or {}
    sides: dict[str, Side] = {}
    for group in groups.values():
        lead = min(
            group,
            key=lambda e: (_RANK.get(e.type, 9), -counts.get(e.id, 0), order.index(e.id)),
        )
        office = next((office_of.get(m.id) for m in group if office_of.get(m.id)), None)
        nation = next((nation_of.get(m.id) for m in group if nation_of.get(m.id)), None)
        side = Side(lead.id, lead.name, office, nation)
        for member in group:
            sides[member.id] = side
    return sides


def _text(entity: Entity, described: Sequence[str]) -> str:
    return " | ".join((entity.name, *entity.aliases, *entity.roles, *described)).lower()


def _distinctive(name: str, table: SideTable) -> bool:
    words = _WORD.findall(name.lower())
    return any(ch.isupper() for ch in name) and any(
        w not in table.generic and w not in table.nations and len(w) > 2 for w in words
    )


def _office(text: str, table: SideTable) -> str | None:
    return next((key for key, pattern in table.offices if pattern.search(text)), None)


def _nation(text: str, table: SideTable) -> str | None:
    return next((table.nations[w] for w in _WORD.findall(text) if w in table.nations), None)


def skeleton(word: str) -> str:
    """A transliteration skeleton: "Syniehubov" and "Synegubov" -> "sinehubov"."""
    s = word.lower().replace("’", "").replace("'", "")
    for old, new in (("kh", "h"), ("g", "h"), ("y", "i"), ("j", "i"), ("ie", "e"), ("w", "v")):
        s = s.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", s)


def _join_people(
    entities: Sequence[Entity], table: SideTable, join: Callable[[str, str], None]
) -> None:
    """People written several ways, and a person named inside another claimant's name.

    People join when their surnames have one skeleton and their first names one initial
    (or one has no first name). A claimant that is not a person joins the person whose
    surname (and first name, when several people share the surname) its name holds."""
    people: dict[str, dict[str, list[Entity]]] = {}
    for entity in entities:
        if entity.type is ClaimantType.PERSON:
            words = _WORD.findall(entity.name.lower())
            if words and len(words[-1]) >= 4 and words[-1] not in table.generic:
                initial = skeleton(words[0])[:1] if len(words) > 1 else ""
                people.setdefault(skeleton(words[-1]), {}).setdefault(initial, []).append(entity)
    for by_initial in people.values():
        bare = by_initial.pop("", [])
        for same in by_initial.values():
            for other in same[1:]:
                join(same[0].id, other.id)
        if bare:
            groups = list(by_initial.values()) or [bare]
            if len(groups) == 1:
                for other in bare:
                    join(groups[0][0].id, other.id)
            by_initial[""] = bare
    for entity in entities:
        if entity.type is ClaimantType.PERSON:
            continue
        words = _WORD.findall(entity.name.lower())
        skeletons = [skeleton(w) for w in words]
        hits = set(skeletons) & people.keys()
        if len(hits) != 1:
            continue
        (hit,) = hits
        named = {skeleton(w)[:1] for w in words[: skeletons.index(hit)]}
        options = [g for initial, g in people[hit].items() if initial and initial in named]
        if not options:
            options = list(people[hit].values())
        if len(options) == 1:
            join(options[0][0].id, entity.id)

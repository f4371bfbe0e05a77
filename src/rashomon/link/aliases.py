"""The curated entity table (``data/entities.en.v1.toml``) and organisation-name keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.datafiles import read_toml
from rashomon.errors import ConfigError
from rashomon.link.names import fold
from rashomon.model import ClaimantType

DEFAULT_ENTITY_TABLE = "entities.en.v1.toml"
_STOPWORDS = frozenset({"the", "of", "in", "for", "and", "on", "at", "s", "a", "an", "to"})
# "Hamas-run health ministry" = "Hamas health ministry"
_RUN_BY = re.compile(r"(?:^|[-\s])(?:run|controlled|ruled|led|backed|affiliated|linked)\b")
_TOKEN = re.compile(r"[a-z0-9]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


@dataclass(frozen=True, slots=True)
class CuratedEntity:
    key: str
    name: str
    type: ClaimantType
    aliases: tuple[str, ...]
    contextual: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    part_of: str | None = None


@dataclass(frozen=True, slots=True)
class EntityTable:
    """Curated entities, indexed by name key; ``contextual`` maps a key to candidates."""

    version: str
    entities: Mapping[str, CuratedEntity]
    by_key: Mapping[str, str]  # name key or acronym -> entity key
    contextual: Mapping[str, tuple[str, ...]]  # name key -> entity keys
    generic: frozenset[str]
    part_heads: tuple[str, ...]
    demonyms: Mapping[str, str]
    spelling: Mapping[str, str]
    # name keys already made with this table (claimant names repeat across articles)
    known_keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def name_key(self, name: str) -> str:
        found = self.known_keys.get(name)
        if found is None:
            found = self.known_keys[name] = name_key(
                name, demonyms=self.demonyms, spelling=self.spelling
            )
        return found

    def is_generic(self, name: str) -> bool:
        """A name of only lower-case words or words in the ``generic`` list."""
        words = [w for w in re.split(r"[\s\-’'.,]+", name.strip()) if w]
        if not words or not any(ch.isupper() for w in words for ch in w):
            return True
        return all(w.lower() in self.generic for w in words)


def name_key(
    name: str,
    *,
    demonyms: Mapping[str, str] | None = None,
    spelling: Mapping[str, str] | None = None,
) -> str:
    """An order-free key: "Ministry of Health in Gaza" = "Gaza's Health Ministry" ->
    "gaza health ministry"; an acronym ("IDF", "U.N.") is its own key, upper case."""
    compact = name.strip().replace(".", "")
    if _ACRONYM.match(compact):
        return compact
    text = re.sub(r"['’]s\b|(?<=s)['’](?=\s|$)", " ", name.lower())
    text = _RUN_BY.sub(" ", fold(text)).replace("u.s.", "us").replace(".", "")
    tokens: set[str] = set()
    for token in _TOKEN.findall(text):
        if token in _STOPWORDS:
            continue
        token = (spelling or {}).get(token, token)
        tokens.add((demonyms or {}).get(token, token))
    return " ".join(sorted(tokens))


def acronym_of(name: str) -> str | None:
    """Initials of a multiword name's content words: "Israel Defense Forces" -> "IDF"."""
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w and w not in _STOPWORDS]
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words).upper()


def is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name.strip().replace(".", "")))


def load_entity_table(path: Path | None = None) -> EntityTable:
    """Load a curated entity table (TOML); the packaged ``entities.en.v1`` by default."""
    data, where = read_toml(path, DEFAULT_ENTITY_TABLE, "entity table")
    return _build(data, where)


def _build(data: Mapping[str, object], where: str) -> EntityTable:
    demonyms = _str_map(data, "demonyms", where)
    spelling = _str_map(data, "spelling", where)
    entities: dict[str, CuratedEntity] = {}
    by_key: dict[str, str] = {}
    contextual: dict[str, list[str]] = {}
    raw_entities = data.get("entity", [])
    if not isinstance(raw_entities, list):
        raise ConfigError(f"[[entity]] in entity table {where!r} must be an array of tables.")
    for raw in raw_entities:
        entity = _entity(raw, where)
        if entity.key in entities:
            raise ConfigError(f"Entity key {entity.key!r} appears twice in {where!r}.")
        entities[entity.key] = entity
        for alias in (entity.name, *entity.aliases):
            key = name_key(alias, demonyms=demonyms, spelling=spelling)
            if by_key.get(key, entity.key) != entity.key:
                raise ConfigError(
                    f"Alias {alias!r} of {entity.key!r} in {where!r} has the same key as an "
                    f"alias of {by_key[key]!r}; give it to one entity only."
                )
            by_key[key] = entity.key
        for alias in entity.contextual:
            key = name_key(alias, demonyms=demonyms, spelling=spelling)
            if entity.key not in contextual.setdefault(key, []):
                contextual[key].append(entity.key)
    for entity in entities.values():
        if entity.part_of is not None and entity.part_of not in entities:
            raise ConfigError(
                f"Entity {entity.key!r} in {where!r} is part_of unknown key {entity.part_of!r}."
            )
    return EntityTable(
        version=str(data.get("version", where)),
        entities=entities,
        by_key=by_key,
        contextual={k: tuple(v) for k, v in contextual.items()},
        generic=frozenset(w.lower() for w in _str_list(data, "generic", where)),
        part_heads=tuple(
            sorted((h.lower() for h in _str_list(data, "part_heads", where)), key=len, reverse=True)
        ),
        demonyms=demonyms,
        spelling=spelling,
    )


def _entity(raw: object, where: str) -> CuratedEntity:
    if not isinstance(raw, dict):
        raise ConfigError(f"Each [[entity]] in {where!r} must be a table.")
    key, name, kind = raw.get("key"), raw.get("name"), raw.get("type")
    if not isinstance(key, str) or not isinstance(name, str) or not isinstance(kind, str):
        raise ConfigError(f"Each [[entity]] in {where!r} needs string key, name and type.")
    try:
        claimant_type = ClaimantType(kind)
    except ValueError:
        valid = ", ".join(t.value for t in ClaimantType)
        raise ConfigError(
            f"Entity {key!r} in {where!r} has unknown type {kind!r}. Valid types: {valid}."
        ) from None
    part_of = raw.get("part_of")
    if part_of is not None and not isinstance(part_of, str):
        raise ConfigError(f"part_of of entity {key!r} in {where!r} must be a string.")
    return CuratedEntity(
        key=key,
        name=name,
        type=claimant_type,
        aliases=_str_list(raw, "aliases", f"{where}:{key}"),
        contextual=_str_list(raw, "contextual", f"{where}:{key}"),
        context=_str_list(raw, "context", f"{where}:{key}"),
        part_of=part_of,
    )


def _str_list(data: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key!r} in entity table {where!r} must be a list of strings.")
    return tuple(value)


def _str_map(data: Mapping[str, object], key: str, where: str) -> dict[str, str]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(f"[{key}] in entity table {where!r} must map strings to strings.")
    return {str(k): v for k, v in value.items()}

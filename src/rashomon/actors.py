"""The versioned actor words (``data/actors.en.v1.toml``): nationality words, armed groups and
forces the per-article stages read as kinds of speakers and victims, kept out of code."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rashomon.datafiles import read_toml, require_version
from rashomon.errors import ConfigError

ACTORS_FILE = "actors.en.v1.toml"
_ABBREVIATIONS = frozenset({"us", "u.s", "uk"})


@dataclass(frozen=True, slots=True)
class ActorWords:
    version: str
    demonyms: frozenset[str]  # "israeli", "syrian", "us"
    armed_groups: frozenset[str]  # "hamas", "taliban"
    forces: frozenset[str]  # "idf"

    @property
    def people(self) -> frozenset[str]:
        """The nationality words that name people ("an Israeli", "two Sudanese"): not the
        abbreviations ("us" is a pronoun)."""
        return self.demonyms - _ABBREVIATIONS

    @property
    def demonym_plurals(self) -> frozenset[str]:
        """The people of each nationality in the plural ("israelis", "sudanese")."""
        return frozenset({d + "s" for d in self.people} | self.people)


@functools.lru_cache(maxsize=1)
def actor_words() -> ActorWords:
    """The packaged actor words (read once)."""
    data, where = read_toml(None, ACTORS_FILE, "actor words")
    version = require_version(data, where, "actor words")

    def words(key: str) -> frozenset[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise ConfigError(f"Actor words {where!r}: {key!r} must be a list of strings.")
        return frozenset(w.lower() for w in value)

    return ActorWords(version, words("demonyms"), words("armed_groups"), words("forces"))

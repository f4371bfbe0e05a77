"""The versioned cue lexicon: which words introduce an attribution, and with what stance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rashomon.datafiles import read_toml, require_version
from rashomon.errors import ConfigError
from rashomon.model import CueStance

DEFAULT_LEXICON = "cues.en.v1.toml"


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One cue word. ``clause_only``: it is a cue only with a clausal complement
    ("shows that ...", not "shows a picture")."""

    lemma: str
    stance: CueStance = CueStance.NEUTRAL
    clause_only: bool = False


@dataclass(frozen=True, slots=True)
class CueLexicon:
    version: str
    verbs: dict[str, CueEntry] = field(default_factory=dict)
    nouns: dict[str, CueEntry] = field(default_factory=dict)

    def verb(self, lemma: str) -> CueEntry | None:
        return self.verbs.get(lemma.lower())

    def noun(self, lemma: str) -> CueEntry | None:
        return self.nouns.get(lemma.lower())


def _entries(table: dict[str, object], where: str) -> dict[str, CueEntry]:
    entries: dict[str, CueEntry] = {}
    for stance_name, group in table.items():
        try:
            stance = CueStance(stance_name)
        except ValueError:
            raise ConfigError(f"Unknown cue stance {stance_name!r} in {where}.") from None
        if not isinstance(group, dict):
            raise ConfigError(f"Cue group {stance_name!r} in {where} must be a table.")
        for lemma in group.get("any", []):
            entries[lemma] = CueEntry(lemma=lemma, stance=stance)
        for lemma in group.get("clause_only", []):
            entries[lemma] = CueEntry(lemma=lemma, stance=stance, clause_only=True)
    return entries


def load_lexicon(path: Path | None = None) -> CueLexicon:
    """Load a cue lexicon (TOML); the packaged ``cues.en.v1`` by default."""
    data, where = read_toml(path, DEFAULT_LEXICON, "cue lexicon")
    version = require_version(data, where, "cue lexicon")
    return CueLexicon(
        version=version,
        verbs=_entries(data.get("verbs", {}), where),
        nouns=_entries(data.get("nouns", {}), where),
    )

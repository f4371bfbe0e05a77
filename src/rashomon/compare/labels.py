"""What hit, what was hit, a named person's fate and the part of the day, from a claim's words.

The words are the versioned vocabulary ``labels.en.v3.toml`` (conventions of news writing,
never a story's names); the grammar here is English reporting's:

- **target** (what was hit): "civilian" or "military" from the nature words of the claim. A
  military word not negated wins ("the armed forces used the mall as a command post"); a
  negated one ("not a single military facility") reads as the other nature, as does a negated
  civilian word ("not a tent camp"). Place words alone also give the ``place`` slot a kind of
  site ("civilian site" / "military site").
- **weapon** (what hit): the first vocabulary row matching, shown as its class with the
  specific label ("missile (Iskander missile)"), or the class alone. A claim naming two
  ("either an Iskander or a Tochka-U") gives none.
- **fate** of a named person (slot ``status:<surname>``): a fate word ("killed", "in good
  health") next to a capitalised name ("Deif was not killed", "the killing of Ana Varo",
  "Varo's death"): "killed", "not killed", "alive" or "unconfirmed" (a word leaving it open
  before it: "whether", "no certainty that"; or a cue that does: "neither confirmed nor
  denied"). A rejecting cue ("denied reports of Varo's death") makes "killed" "not killed".
- **day parts** ("morning", "around noon" is a clock time): a time of the incident's day,
  unless it is when something was said ("in an interview on Saturday evening").
- **cause** (how it happened): a kind of mechanism from the vocabulary ("air strike",
  "misfired rocket", "interceptor", "ground-launched rocket"), the first in the claim, shown
  with the actor the claim names next to it ("israel air strike": a nation word of the sides
  file before it or after "by"/"from", else an actor kind, "militants"); "not <label>" when
  the words before it deny it; "unknown" when the claim leaves it open ("don't know
  whether"). Two labels conflict when their mechanisms exclude each other (the file's
  ``cause_excluding``), when one denies the other, or when one mechanism has two actors.
- A nature word after a modal ("can be considered military targets") is no claim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rashomon.datafiles import read_toml, require_version
from rashomon.errors import ConfigError

LABELS_FILE = "labels.en.v3.toml"
CIVILIAN, MILITARY = "civilian", "military"
CIVILIAN_SITE, MILITARY_SITE = "civilian site", "military site"
KILLED, NOT_KILLED, ALIVE, UNCONFIRMED = "killed", "not killed", "alive", "unconfirmed"
# fate labels that exclude each other
FATE_CONFLICTS = frozenset({frozenset({KILLED, NOT_KILLED}), frozenset({KILLED, ALIVE})})
_NEGATION = re.compile(r"\b(?:not|no|never|nor|without|neither)\b[^.;]{0,25}$", re.IGNORECASE)
# a modal before a nature word: a supposition, not what was hit ("can be considered targets")
_MODAL = re.compile(r"\b(?:can|could|would|may|might)\b[^.;]{0,40}$", re.IGNORECASE)
# a part of the day right after these is when something was said ("in an interview on
# Saturday evening"), not when the incident happened
_SAYING = re.compile(
    r"\b(?:interview|address|statement|briefing|speech|video|said|told|wrote|posted)\b"
    r"[^.;]{0,25}$",
    re.IGNORECASE,
)
_EITHER = re.compile(r"\beither\b", re.IGNORECASE)
_NAME = re.compile(
    r"(?:(?:al|el|abu|bin|ibn)-?\s?)?[A-Z][\w'’-]*[a-z][\w'’-]*"
    r"(?:\s+(?:(?:al|el|abu|bin|ibn|de|van|von)-?\s?)?[A-Z][\w'’-]*[a-z][\w'’-]*){0,3}"
)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
# capitalised words that are never a person's name in a fate phrase
_NOT_NAMES = frozenset(
    {
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "his", "her", "their", "its",
        "but", "and", "or", "if", "in", "on", "at", "after", "before", "as", "that", "this",
        "there", "these", "those", "who", "whom", "what", "when", "where", "while", "also",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "people", "several", "many", "some",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Weapon:
    label: str
    kind: str  # its class ("missile")
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class LabelVocabulary:
    version: str
    target: tuple[tuple[str, str, re.Pattern[str]], ...]  # (nature, kind, pattern)
    weapons: tuple[Weapon, ...]
    compatible: frozenset[frozenset[str]]
    killed: re.Pattern[str]
    alive: re.Pattern[str]
    uncertain: re.Pattern[str]
    denied: re.Pattern[str]
    day_parts: dict[str, tuple[float, float]]
    other_happening: re.Pattern[str]  # "a separate strike": another happening
    cause: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (mechanism label, pattern)
    cause_excluding: frozenset[frozenset[str]] = frozenset()
    cause_unknown: re.Pattern[str] | None = None
    actor_kinds: tuple[tuple[str, re.Pattern[str]], ...] = ()


def _words(regex: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{regex})\b", re.IGNORECASE)


def load_label_vocabulary(path: Path | None = None) -> LabelVocabulary:
    """The packaged ``labels.en.v3.toml`` or a user's file of the same shape."""
    data, where = read_toml(path, LABELS_FILE, "label vocabulary")
    version = require_version(data, where, "label vocabulary")

    def rows(key: str) -> list[list[str]]:
        found = data.get(key, [])
        if not isinstance(found, list) or not all(
            isinstance(r, list) and all(isinstance(x, str) for x in r) for r in found
        ):
            raise ConfigError(f"Label vocabulary {where!r}: '{key}' is a list of string rows.")
        return found

    fate = data.get("fate", {})
    parts = data.get("day_parts", {})
    if not isinstance(fate, dict) or not isinstance(parts, dict):
        raise ConfigError(f"Label vocabulary {where!r}: 'fate' and 'day_parts' are tables.")
    try:
        return LabelVocabulary(
            version=version,
            target=tuple((r[0], r[1], _words(r[2])) for r in rows("target")),
            weapons=tuple(Weapon(r[0], r[1], _words(r[2])) for r in rows("weapons")),
            compatible=frozenset(frozenset(r) for r in rows("compatible")),
            killed=_words(str(fate["killed"])),
            alive=_words(str(fate["alive"])),
            uncertain=_words(str(fate["uncertain"])),
            denied=_words(str(fate["denied"])),
            day_parts={str(k): (float(v[0]), float(v[1])) for k, v in parts.items()},
            other_happening=_words(str(data["other_happening"])),
            cause=tuple((r[0], _words(r[1])) for r in rows("cause")),
            cause_excluding=frozenset(frozenset(r) for r in rows("cause_excluding")),
            cause_unknown=_words(str(data["cause_unknown"])) if "cause_unknown" in data else None,
            actor_kinds=tuple((r[0], _words(r[1])) for r in rows("actor_kinds")),
        )
    except (KeyError, IndexError, TypeError, ValueError, re.error) as error:
        raise ConfigError(f"Label vocabulary {where!r}: {error}") from error


@cache
def packaged_vocabulary() -> LabelVocabulary:
    """The packaged vocabulary, read once (immutable)."""
    return load_label_vocabulary()


def target_of(text: str, vocab: LabelVocabulary, *, places_only: bool = False) -> str | None:
    """ "civilian" or "military": the nature of what ``text`` says was hit (module doc)."""
    seen: set[str] = set()
    for nature, kind, pattern in vocab.target:
        if places_only and kind != "place":
            continue
        for match in pattern.finditer(text):
            if _MODAL.search(text[max(0, match.start() - 50) : match.start()]):
                continue
            negated = _NEGATION.search(text[max(0, match.start() - 40) : match.start()])
            if negated:
                seen.add(CIVILIAN if nature == MILITARY else MILITARY)
            else:
                seen.add(nature)
    if MILITARY in seen:
        return MILITARY
    return CIVILIAN if CIVILIAN in seen else None


def site_of(text: str, vocab: LabelVocabulary) -> str | None:
    """ "civilian site" / "military site" from place words only."""
    nature = target_of(text, vocab, places_only=True)
    if nature is None:
        return None
    return CIVILIAN_SITE if nature == CIVILIAN else MILITARY_SITE


def weapon_of(text: str, vocab: LabelVocabulary) -> str | None:
    """ "missile (Iskander missile)", "shell": the first weapon row matching ``text``."""
    if _EITHER.search(text):
        return None
    best: tuple[int, int, Weapon] | None = None
    for order, weapon in enumerate(vocab.weapons):
        match = weapon.pattern.search(text)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, weapon)
    if best is None:
        return None
    weapon = best[2]
    return weapon.kind if weapon.label == weapon.kind else f"{weapon.kind} ({weapon.label})"


def weapons_conflict(first: str, second: str, vocab: LabelVocabulary) -> bool:
    """Different classes not listed compatible, or two specific labels of one class."""
    one, _, one_label = first.partition(" (")
    two, _, two_label = second.partition(" (")
    if one != two:
        return frozenset({one, two}) not in vocab.compatible
    return bool(one_label and two_label and one_label != two_label)


def fates_of(text: str, cue: str, vocab: LabelVocabulary) -> list[tuple[str, str]]:
    """(surname key, fate label) for each named person whose fate ``text`` states."""
    found: dict[str, str] = {}
    rejecting = bool(re.search(r"\b(?:den(?:y|ies|ied)|reject\w*|dismiss\w*)\b", cue, re.I))
    open_cue = bool(vocab.uncertain.search(cue))
    for match in [*vocab.killed.finditer(text), *vocab.alive.finditer(text)]:
        name = _name_near(text, match.start(), match.end())
        if name is None:
            continue
        before = text[max(0, match.start() - 60) : match.start()]
        if vocab.alive.fullmatch(match.group(0)):
            label = ALIVE
        elif re.search(rf"(?:{vocab.denied.pattern})\W+(?:\w+\W+)?$", before, re.I):
            label = NOT_KILLED
        elif open_cue or vocab.uncertain.search(before):
            label = UNCONFIRMED
        else:
            label = NOT_KILLED if rejecting else KILLED
        found.setdefault(name, label)
    return list(found.items())


def _name_near(text: str, start: int, end: int) -> str | None:
    """The surname key of the person a fate word at [start, end) is about: a name just
    before it ("Varo was killed", "Varo's death") or just after ("the killing of Ana Varo")."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    lead = re.search(
        rf"({_NAME.pattern})(?:'s|’s)?\s+(?:(?:was|were|is|had|has|have|been|not|had been"
        r"|has been|indeed|also|reportedly|currently|confirmed|n['’]t)\s+){0,4}$",
        before,
    )
    if lead is None:
        lead = re.search(rf"({_NAME.pattern})(?:'s|’s)\s*$", before)
    trail = re.match(rf"\s+(?:of\s+(?:the\s+)?)?({_NAME.pattern})", after)
    for found in (lead, trail):
        if found is not None:
            key = _surname(found.group(1))
            if key:
                return key
    return None


def _surname(name: str) -> str | None:
    tokens = [t for t in re.split(r"\s+", _POSSESSIVE.sub("", name.strip())) if t]
    if not tokens or any(t.lower() in _NOT_NAMES for t in tokens[:1]):
        return None
    last = re.sub(r"^(?:al|el|abu|bin|ibn)-", "", tokens[-1].lower())
    return last if len(last) > 2 and last not in _NOT_NAMES else None


def day_part_of(derived_from: str, before: str, vocab: LabelVocabulary) -> str | None:
    """ "morning" from a time expression's ``derived_from`` ("weekday:morning"); None when
    the words ``before`` it say it is when something was said."""
    if _SAYING.search(before):
        return None
    part = derived_from.rpartition(":")[2]
    return part if part in vocab.day_parts else None


def hours_of(label: str, vocab: LabelVocabulary) -> tuple[str, float, float] | None:
    """(day, first hour, last hour) of a time label: "2024-07-13 morning" or a clock time
    "2024-07-13 12:00" (a point)."""
    day, _, rest = label.partition(" ")
    rest = rest.removesuffix(" UTC")
    if rest in vocab.day_parts:
        first, last = vocab.day_parts[rest]
        return day, first, last
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})", rest)
    if clock is None:
        return None
    hour = int(clock.group(1)) + int(clock.group(2)) / 60
    return day, hour, hour


UNKNOWN = "unknown"
_DENIED_BEFORE = re.compile(
    r"\b(?:not|no|never|nor|didn['’]t|wasn['’]t|isn['’]t|rather than|instead of)\b[^.;,]{0,40}$",
    re.IGNORECASE,
)

# what ends the words modifying a mechanism, read backwards from it
_MODIFIER_END = re.compile(
    r"[,;:.!?()\"“”]|\b(?:with|on|in|at|of|to|for|by|from|not|and|but|than|that|was|were|is"
    r"|are|said|says|blamed|claims?|claimed)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Cause:
    """A cause label read back: "not israel air strike" -> (True, "israel", "air strike")."""

    denied: bool
    actor: str | None
    mechanism: str | None  # None: "unknown"


def cause_of(text: str, vocab: LabelVocabulary, nations: Mapping[str, str]) -> str | None:
    """ "israel air strike", "not air strike", "militants misfired rocket", "unknown": how
    ``text`` says it happened (module doc), or None when it names no mechanism."""
    if vocab.cause_unknown is not None and vocab.cause_unknown.search(text):
        return UNKNOWN
    best: tuple[int, int, str, re.Match[str]] | None = None
    for order, (label, pattern) in enumerate(vocab.cause):
        match = pattern.search(text)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, label, match)
    if best is None:
        return None
    _, _, mechanism, match = best
    actor = _actor_near(text, match, vocab, nations)
    before = text[max(0, match.start() - 60) : match.start()]
    denied = bool(_DENIED_BEFORE.search(before))
    label = f"{actor} {mechanism}" if actor else mechanism
    return f"not {label}" if denied else label


def _actor_near(
    text: str, match: re.Match[str], vocab: LabelVocabulary, nations: Mapping[str, str]
) -> str | None:
    """The actor named with a mechanism: the nation word nearest before it among the three
    words that modify it ("Israeli army air strike"; a comma, a preposition or a verb ends
    them), else one inside it or after its "by"/"from"/"of" ("dropped by an Israeli plane",
    "rocket misfired by Palestinian militants"); else an actor kind found the same way."""
    before = _MODIFIER_END.split(text[max(0, match.start() - 60) : match.start()])[-1]
    near = re.findall(r"[\w-]+", before.lower())[-3:]
    after = text[match.end() : match.end() + 60]
    if not re.search(r"\b(?:by|from|of)\s*$", match.group(0), re.IGNORECASE):
        by = re.search(r"\b(?:by|from|of)\b(.*)", after, re.IGNORECASE)
        after = by.group(1) if by else ""
    after = re.split(r"[.;]", after)[0]
    spans = [" ".join(reversed(near)), match.group(0) + " " + after]
    for span in spans:
        for word in re.findall(r"[\w-]+", span.lower()):
            if word in nations:
                return nations[word]
    for span in spans:
        for label, pattern in vocab.actor_kinds:
            if pattern.search(span):
                return label
    return None


def parse_cause(label: str, vocab: LabelVocabulary) -> Cause:
    """A cause label split into denial, actor and mechanism (the vocabulary's labels)."""
    denied = label.startswith("not ")
    rest = label.removeprefix("not ")
    if rest == UNKNOWN:
        return Cause(denied, None, None)
    for mechanism, _ in sorted(vocab.cause, key=lambda row: len(row[0]), reverse=True):
        if rest == mechanism or rest.endswith(f" {mechanism}"):
            actor = rest[: -len(mechanism)].strip() or None
            return Cause(denied, actor, mechanism)
    return Cause(denied, rest or None, None)


def causes_conflict(first: str, second: str, vocab: LabelVocabulary) -> bool:
    """Mechanisms listed as excluding each other, a label and its denial (a denial naming no
    actor denies the mechanism whoever's), or one mechanism with two actors; "unknown" and
    two denials conflict with nothing."""
    one, two = parse_cause(first, vocab), parse_cause(second, vocab)
    if one.mechanism is None or two.mechanism is None or (one.denied and two.denied):
        return False
    if one.denied or two.denied:
        no, yes = (one, two) if one.denied else (two, one)
        return no.mechanism == yes.mechanism and no.actor in (None, yes.actor)
    if frozenset({one.mechanism, two.mechanism}) in vocab.cause_excluding:
        return True
    return (
        one.mechanism == two.mechanism
        and one.actor is not None
        and two.actor is not None
        and one.actor != two.actor
    )

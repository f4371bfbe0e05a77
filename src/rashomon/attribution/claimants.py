"""Resolve each attribution's source to one canonical claimant of the article.

No coreference model runs offline, so these are rules (tested in tests/attribution):
- a named mention joins an earlier claimant with a compatible name (Hagari = Daniel Hagari;
  Al-Qassam = Al-Qassam Brigades), else starts a new one;
- "he"/"she" -> the latest person who spoke in the last few sentences, else the latest
  person named as a subject there; "it"/"they" -> the latest group or organisation;
- a role noun ("the spokesman", "the group") -> the latest claimant with that role or type;
- "X's statement" speaks for X; "the military wing of Hamas" makes X part of Hamas.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from rashomon.attribution.claimant_words import STATEMENT_NOUNS
from rashomon.attribution.mentions import Mention, MentionKind, clean_name, describe
from rashomon.attribution.spans import doc_text
from rashomon.model import (
    Attribution,
    Claimant,
    ClaimantType,
    PartKind,
    TextSpan,
)
from rashomon.parse import ParsedArticle

LOOKBACK_SENTENCES = 6
# how an outlet names itself: "the paper counted", "this newspaper has learned"
_SELF = re.compile(
    r"(?:the|this) (?:paper|newspaper|publication|website)|our (?:reporters?|correspondents?)"
    r"|(?:the|this) (?:paper|newspaper)'s (?:reporters?|correspondents?)",
    re.IGNORECASE,
)
FIRST_PERSON = frozenset({"i", "me", "we", "us"})
GROUP_TYPES = frozenset(
    {
        ClaimantType.ARMED_GROUP,
        ClaimantType.MILITARY,
        ClaimantType.GOVERNMENT_BODY,
        ClaimantType.ORGANISATION,
        ClaimantType.MEDIA_OUTLET,
    }
)
GENERIC_NAME_WORDS = frozenset(
    {"the", "of", "al", "brigades", "brigade", "movement", "group", "forces", "force", "and"}
)


@dataclass(slots=True)
class _Entity:
    id: str
    name: str
    type: ClaimantType
    role: str | None = None
    affiliation: str | None = None
    part_of_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[TextSpan] = field(default_factory=list)


def _tokens(name: str) -> list[str]:
    return list(_name_words(name))


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    """The lower-cased words of a name (cached: names are compared pairwise)."""
    name = re.sub(r"[’']s\b", "", name.lower())
    return tuple(w for w in re.split(r"[\s\-‐]+", re.sub(r"[^\w\s\-‐]", " ", name)) if w)


def _slug(name: str) -> str:
    return "-".join(_tokens(name)) or "claimant"


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in ("of", "the", "and"))


def names_match(a: str, b: str, claimant_type: ClaimantType) -> bool:
    """Whether two names of the same type can be one entity."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if claimant_type is ClaimantType.PERSON:
        if ta[-1] != tb[-1]:
            return False
        # "Hagari" ~ "Daniel Hagari"; "D. Hagari" ~ "Daniel Hagari"; not "Ron X" ~ "Dan X"
        fa, fb = ta[:-1], tb[:-1]
        return not fa or not fb or fa[0][0] == fb[0][0]
    if (a.islower() or b.islower()) and ta[-1] != tb[-1]:
        return False  # common nouns: "government" is not "government howitzers"
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1 and len(short[0]) >= 2 and short[0] == _acronym(long_):
        return True
    if not set(short) - GENERIC_NAME_WORDS:
        return False
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


class _Registry:
    """The article's claimants, in order of first mention."""

    def __init__(self) -> None:
        self.entities: list[_Entity] = []

    def find(self, name: str, claimant_type: ClaimantType) -> _Entity | None:
        for entity in self.entities:
            same_kind = (entity.type is ClaimantType.PERSON) == (
                claimant_type is ClaimantType.PERSON
            )
            if same_kind and names_match(entity.name, name, claimant_type):
                return entity
        return None

    def new_id(self, name: str, taken: set[str]) -> str:
        base = _slug(name)
        new_id, k = base, 2
        while new_id in taken or new_id == "outlet" or new_id.startswith("reader-"):
            new_id, k = f"{base}-{k}", k + 1
        return new_id

    def rename_ids(self) -> None:
        """Ids from the final canonical names (a name may grow as mentions merge)."""
        taken: set[str] = set()
        for entity in self.entities:
            entity.id = self.new_id(entity.name, taken)
            taken.add(entity.id)

    def add(self, mention: Mention) -> _Entity:
        entity = self.find(mention.name, mention.type)
        span = TextSpan(mention.start, mention.end, mention.text)
        if entity is None:
            new_id = self.new_id(mention.name, {e.id for e in self.entities})
            entity = _Entity(id=new_id, name=mention.name, type=mention.type)
            self.entities.append(entity)
        else:
            if len(_tokens(mention.name)) > len(_tokens(entity.name)) and (
                mention.kind is MentionKind.NAMED
            ):
                entity.aliases.append(entity.name)
                entity.name = mention.name
            elif mention.name != entity.name and mention.name not in entity.aliases:
                entity.aliases.append(mention.name)
            if entity.type is ClaimantType.ORGANISATION and mention.type in GROUP_TYPES:
                entity.type = mention.type
        entity.role = entity.role or mention.role
        entity.affiliation = entity.affiliation or mention.affiliation
        entity.part_of_name = entity.part_of_name or mention.part_of
        if span not in entity.mentions:
            entity.mentions.append(span)
        return entity


@dataclass(frozen=True, slots=True)
class _Spoken:
    """A resolved speaker at a position: for pronouns and role nouns looking back."""

    offset: int
    sentence: int
    entity: _Entity


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc_text(doc))
    for k, sent in enumerate(doc.sents):
        end = sent.end_char if sent.end < len(doc) else len(doc_text(doc))
        for i in range(sent.start_char, end):
            index[i] = k
    return index


def _person_subjects(doc: Doc) -> list[tuple[int, int, str]]:
    """(offset, sentence, name) of PERSON entities, for pronoun fallback."""
    out = []
    sentence_of = {id(s): k for k, s in enumerate(doc.sents)}
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            out.append((ent.start_char, sentence_of.get(id(ent.sent), 0), clean_name(ent.text)))
    return out


def _co_sources(doc: Doc, source: TextSpan) -> list[TextSpan]:
    """The second and later speakers of a coordinated source: "the mayor of X Ihor T. and
    head of the Oblast Administration Oleh S. (on Telegram)" -> the span of the head of ...
    Only conjuncts that name someone (a proper noun in them) count: "officials and
    residents" is one plural source."""
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None:
        return []
    inside = range(span.start, span.end)
    found: list[TextSpan] = []
    for token in span:
        if token.dep_ != "conj" or token.head.i not in inside:
            continue
        if not any(c.dep_ == "cc" and c.lower_ == "and" for c in token.head.children):
            continue
        cut = [t for t in token.subtree if t.i in inside]
        # a trailing "on Telegram" belongs to the cue, not to the speaker
        end = max(t.i for t in cut)
        for t in cut:
            if t.dep_ == "prep" and t.head.i == token.i and t.lower_ in ("on", "in", "via"):
                end = min(end, t.i - 1)
        words = [t for t in cut if t.i <= end]
        if len(words) < 2 or not any(t.pos_ == "PROPN" for t in words):
            continue
        first, last = words[0], words[-1]
        found.append(
            TextSpan(
                first.idx, last.idx + len(last), doc_text(doc)[first.idx : last.idx + len(last)]
            )
        )
    return found


def resolve_claimants(
    parsed: ParsedArticle, attributions: list[Attribution]
) -> tuple[list[Attribution], list[Claimant]]:
    """Give every attribution a claimant id; return the article's claimants.

    The outlet (id ``outlet``) and each reader comment (``reader-N``) are claimants too,
    so every attribution's ``reporter_id`` points at one.
    """
    doc = parsed.doc
    article = parsed.article
    sentence_at = _sentence_index(doc)
    registry = _Registry()
    spoken: list[_Spoken] = []
    persons = _person_subjects(doc)
    resolved: list[Attribution] = []
    by_source_order = sorted(
        range(len(attributions)),
        key=lambda k: (
            (attributions[k].source or attributions[k].cue or attributions[k].content[0]).start
        ),
    )
    claimant_of: dict[int, _Entity | str | None] = {}
    co_of: dict[int, list[_Entity]] = {}
    for k in by_source_order:
        attribution = attributions[k]
        source = attribution.source
        if source is None:
            claimant_of[k] = None
            continue
        if _SELF.fullmatch(source.text.strip()):
            claimant_of[k] = attribution.reporter_id  # "the paper counted": the outlet itself
            continue
        mention = describe(doc, source.start, source.end)
        if mention is None:
            claimant_of[k] = None
            continue
        if mention.kind is MentionKind.PRONOUN and mention.head in FIRST_PERSON:
            # "I expect ..." in a reader comment is the reader; elsewhere it is a quoted speaker
            reporter = attribution.reporter_id
            claimant_of[k] = reporter if reporter.startswith("reader-") else None
            continue
        sentence = sentence_at[min(source.start, len(sentence_at) - 1)]
        entity = _resolve(mention, sentence, spoken, persons, registry, sentence_at)
        if entity is None:
            claimant_of[k] = None
            continue
        if mention.kind is not MentionKind.NAMED and source not in entity.mentions:
            entity.mentions.append(source)
            if mention.kind is MentionKind.ROLE and entity.role is None:
                entity.role = mention.role
        spoken.append(_Spoken(source.start, sentence, entity))
        claimant_of[k] = entity
        for other in _co_sources(doc, source):
            co = describe(doc, other.start, other.end)
            if co is not None and co.kind is MentionKind.NAMED:
                added = registry.add(co)
                if added is not entity:
                    co_of.setdefault(k, []).append(added)
    registry.rename_ids()
    claimants: list[Claimant] = []
    k = 0
    while k < len(registry.entities):  # _claimant may register a parent group
        claimants.append(_claimant(registry.entities[k], registry))
        k += 1
    for k, attribution in enumerate(attributions):
        who = claimant_of.get(k)
        claimant_id = who.id if isinstance(who, _Entity) else who
        co_ids = tuple(dict.fromkeys(e.id for e in co_of.get(k, ())))
        resolved.append(replace(attribution, claimant_id=claimant_id, co_claimant_ids=co_ids))
    claimants.extend(
        _voices(article.outlet, [p.index for p in article.parts if p.kind is PartKind.COMMENT])
    )
    return resolved, claimants


def _resolve(
    mention: Mention,
    sentence: int,
    spoken: list[_Spoken],
    persons: list[tuple[int, int, str]],
    registry: _Registry,
    sentence_at: list[int],
) -> _Entity | None:
    recent = [s for s in reversed(spoken) if sentence - s.sentence <= LOOKBACK_SENTENCES]
    if mention.kind is MentionKind.PRONOUN:
        if mention.type is ClaimantType.PERSON:
            for s in recent:
                if s.entity.type is ClaimantType.PERSON:
                    return s.entity
            for offset, sent, name in reversed(persons):
                if offset < mention.start and sentence - sent <= LOOKBACK_SENTENCES:
                    return registry.add(
                        Mention(
                            offset,
                            offset + len(name),
                            name,
                            MentionKind.NAMED,
                            name,
                            ClaimantType.PERSON,
                            head=name.split()[-1].lower(),
                        )
                    )
            return None
        for s in recent:
            if s.entity.type in GROUP_TYPES:
                return s.entity
        return None
    if mention.kind is MentionKind.ROLE:
        head = mention.head
        for s in recent:
            role = (s.entity.role or "").lower()
            if head and head in role.split():
                return s.entity
        for entity in reversed(registry.entities):
            if head and head in (entity.role or "").lower().split():
                return entity
        if mention.type is ClaimantType.ORGANISATION:
            for s in recent:
                if s.entity.type in GROUP_TYPES:
                    return s.entity
        if head in STATEMENT_NOUNS:
            return None  # "the statement" with no group speaking nearby: say so, don't guess
        return registry.add(
            replace(mention, kind=MentionKind.ANONYMOUS, type=ClaimantType.ANONYMOUS_SOURCE)
        )
    if mention.kind is MentionKind.NAMED and mention.type is not ClaimantType.PERSON:
        words = _tokens(mention.name)
        if 1 <= len(words) <= 2 and mention.text[:1].isupper():
            # "Wexler told reporters": a surname the tagger did not see as a person
            for entity in registry.entities:
                if entity.type is ClaimantType.PERSON and names_match(
                    entity.name, mention.name, ClaimantType.PERSON
                ):
                    return registry.add(replace(mention, type=ClaimantType.PERSON))
        # "the army" after "the Israeli army": a definite noun naming an earlier group
        for s in recent:
            if s.entity.type is mention.type and mention.head in _tokens(s.entity.name):
                return registry.add(replace(mention, name=s.entity.name))
    return registry.add(mention)


def _claimant(entity: _Entity, registry: _Registry) -> Claimant:
    part_of = None
    if entity.part_of_name:
        parent = registry.find(entity.part_of_name, ClaimantType.ORGANISATION)
        if parent is entity:
            return _claimant(replace(entity, part_of_name=None), registry)
        part_of = parent.id if parent is not None else None
        if parent is None:
            # the parent is named but never speaks: register it so the link resolves
            parent = registry.add(
                Mention(
                    0,
                    0,
                    "",
                    MentionKind.NAMED,
                    entity.part_of_name,
                    ClaimantType.ORGANISATION,
                    head=entity.part_of_name.lower(),
                )
            )
            parent.mentions.clear()
            part_of = parent.id
    aliases = tuple(dict.fromkeys(a for a in entity.aliases if a != entity.name))
    affiliation = _named_affiliation(entity.affiliation, entity, registry)
    return Claimant(
        id=entity.id,
        name=entity.name,
        type=entity.type,
        role=entity.role,
        affiliation=affiliation or (entity.part_of_name if part_of else None),
        part_of=part_of,
        aliases=aliases,
        mentions=tuple(entity.mentions),
    )


def _named_affiliation(affiliation: str | None, entity: _Entity, registry: _Registry) -> str | None:
    """ "ministry" -> "Health Ministry" when the article names exactly one such group."""
    if not affiliation or affiliation[:1].isupper() or len(affiliation.split()) > 2:
        return affiliation
    head = _tokens(affiliation)[-1:]
    named = [
        e.name
        for e in registry.entities
        if e is not entity and e.type in GROUP_TYPES and head and head[0] in _tokens(e.name)
    ]
    return named[0] if len(set(named)) == 1 else affiliation


def _voices(outlet: str | None, comment_indexes: list[int]) -> list[Claimant]:
    voices = [
        Claimant(
            id="outlet",
            name=outlet or "the outlet",
            type=ClaimantType.MEDIA_OUTLET,
            role="publisher of the article",
        )
    ]
    for index in sorted(set(comment_indexes)):
        voices.append(
            Claimant(
                id=f"reader-{index or 1}",
                name=f"reader comment {index or 1}",
                type=ClaimantType.READER,
                role="reader",
            )
        )
    return voices

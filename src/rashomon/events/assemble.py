"""extract_events: one Event per distinct happening, from the trigger mentions of an article.

Granularity (documented in docs/events.md):

1. Mentions of one family (``ontology.Family``: incident, truce, displacement, evidence) in
   the same or adjacent sentences are one happening unless their own times or places
   conflict: "a clash that led to the death and injury of ..." is one incident.
2. An article reports one main incident: the incident that the title names, else the first
   one in the body. A later incident mention joins it when nothing says it is another one
   (no other day, no other place, no "another"/"separate") and something says it is the
   same: a definite or possessive mention ("the clashes", "today's rescue mission"), a
   relative clause on one ("the operation, which killed him"), a shared participant word,
   the same day, or a place in the lede.
3. Other happenings of one family merge when they share a place, a named participant or a
   day attached to their triggers ("the attempt to invade Khan Yunis" ... "the battle of
   Khan Yunis").

The event's type is the most specific of its mentions (``ontology.PRIORITY``): a raid in
which a captive was killed and soldiers wounded is a RAID holding the killing and wounding
figures. An explosion whose cause only claimants name stays an EXPLOSION.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from spacy.tokens import Doc, Token

from rashomon.events.ontology import (
    CAUSE_TYPES,
    ONTOLOGY,
    PRIORITY,
    VICTIM_TYPES,
    Family,
    family_of,
    plover_type,
    words,
)
from rashomon.events.triggers import (
    EVENT_PARTS,
    PLACE_WORDS,
    classify,
    complement_verb,
    find_triggers,
    lemma,
    patient,
)
from rashomon.model import (
    Claim,
    Event,
    EventType,
    Figure,
    FigureCategory,
    PartKind,
    Place,
    TextSpan,
    TimeExpression,
)
from rashomon.parse import ParsedArticle

TARGET_TYPES = frozenset(
    {
        EventType.ATTACK,
        EventType.AIR_STRIKE,
        EventType.SHELLING,
        EventType.RAID,
        EventType.SEIZURE,
        EventType.EXPLOSION,
    }
)
INTRANSITIVE_VICTIM = frozenset({"die", "flee", "evacuate"})
LIGHT_EVENT_VERBS = words("launch carry conduct stage mount")
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
DISTINCT_MODS = words("another separate second third new fresh earlier previous prior latest other")
DISTINCT_ADVERBS = frozenset({"separately", "elsewhere"})
GENERIC_WORDS = words(
    "people person one member other group area location place thing part side number"
)
NP_DROP_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "case", "cc", "conj"})
LOCATIVE_PREPS = words(
    "in at near on into across throughout around outside inside from towards toward within "
    "over off along through between"
)
LOCATIVE_VERBS = words(
    "invade storm raid bomb bombard shell strike hit attack seize capture enter besiege "
    "infiltrate occupy evacuate"
)
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "dobj", "pobj", "attr"})
WH_TAGS = frozenset({"WP", "WP$", "WDT", "PRP", "PRP$"})
SUBORDINATE_DEPS = frozenset({"advcl", "ccomp", "xcomp", "relcl", "acl", "conj", "parataxis"})
PLACE_RANK = {"country": 0, "region": 1, "area": 2, "city": 3, "landmark": 4}
BOUND_WORDS = ("since", "until", "till", "before", "prior to")
WEAPON_WORDS = words(
    "missile rocket shell mortar munition bomb bullet shrapnel projectile drone artillery "
    "explosive device"
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class _Mention:
    """One trigger with what assembling needs: where it is and what hangs on it."""

    type: EventType
    span: TextSpan
    token: int
    sentence: int
    paragraph: int
    part: PartKind
    outlet_voice: bool
    subtree: frozenset[int]  # the trigger's phrase: "a ceasefire that lasted seven days"
    scope: frozenset[int]  # its clause: "an air strike hit Harn on Monday"
    actor: TextSpan | None
    actor_hint: TextSpan | None  # a nationality adjective: "an Israeli operation"
    target: TextSpan | None
    victims: TextSpan | None
    words: frozenset[str]  # content lemmas of the participants
    names: frozenset[str]  # proper-noun lemmas of the participants
    definite: bool  # "the clashes", "its attempt", "the operation, which killed"
    distinct: bool  # "another strike", "separately"


@dataclass(frozen=True, slots=True)
class _Located:
    """A time or place expression with its sentence, paragraph and head token."""

    sentence: int
    paragraph: int
    token: int
    start: int


class _Index:
    """Offsets -> sentence, paragraph and token numbers of one parsed article."""

    def __init__(self, parsed: ParsedArticle) -> None:
        doc = parsed.doc
        text = parsed.article.text
        self.doc: Doc = doc
        self.text = text
        self.sentence_starts = [sent.start_char for sent in doc.sents]
        self.token_starts = [token.idx for token in doc]
        self.paragraph_starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
        self.article = parsed.article

    def sentence(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def paragraph(self, offset: int) -> int:
        return max(bisect.bisect_right(self.paragraph_starts, offset) - 1, 0)

    def token(self, offset: int) -> int:
        return max(bisect.bisect_right(self.token_starts, offset) - 1, 0)

    def locate(self, span: TextSpan) -> _Located:
        """Where a time or place expression is; its token is the head of its phrase."""
        phrase = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        token = phrase.root.i if phrase is not None and len(phrase) else self.token(span.start)
        return _Located(
            sentence=self.sentence(span.start),
            paragraph=self.paragraph(span.start),
            token=token,
            start=span.start,
        )

    def part(self, offset: int) -> PartKind:
        if not self.article.parts:
            return PartKind.BODY
        part = self.article.part_at(offset)
        return part.kind if part is not None else PartKind.BOILERPLATE


def extract_events(
    parsed: ParsedArticle,
    claims: Sequence[Claim],
    figures: Sequence[Figure],
    times: Sequence[TimeExpression],
    places: Sequence[Place],
) -> list[Event]:
    """One Event per distinct happening, ordered by first mention, numbered "ev-1", ...

    Needs the dependency parse and lemmas (see ``find_triggers``). ``claims`` give each
    event its claim ids and tell the outlet's own voice from claimants'; ``figures``,
    ``times`` and ``places`` are attached by sentence, paragraph and syntax. Pure.
    """
    index = _Index(parsed)
    mentions = [
        _mention(index, claims, kind, span, token) for kind, span, token in find_triggers(parsed)
    ]
    if not mentions:
        return []
    mentions = _narrow_scopes(mentions)
    timed = [(t, index.locate(t.text)) for t in times if _in_event_part(index, t.text)]
    placed = [
        (p, loc)
        for p in places
        if _in_event_part(index, p.text)
        and _locative(index.doc[(loc := index.locate(p.text)).token])
    ]
    clusters = _adjacent_clusters(mentions, timed, placed)
    main = _main_incident(clusters)
    marker = clusters[main][0] if main is not None else None
    if main is not None:
        clusters = _absorb_into_main(clusters, main, index, timed, placed)
    clusters = _merge_shared(clusters, timed, placed)
    if marker is not None:
        main = next(i for i, c in enumerate(clusters) if any(m is marker for m in c))
    else:
        main = max(range(len(clusters)), key=lambda i: (len(clusters[i]), -i))
    return _build_events(clusters, main, index, claims, figures, timed, placed)


def _in_event_part(index: _Index, span: TextSpan) -> bool:
    return index.part(span.start) in EVENT_PARTS


def _locative(token: Token) -> bool:
    """A place named as where something is or happens, not as an actor ("Israel decided").

    "in Gaza", "throughout the Gaza Strip", "the city of Khan Yunis", "the battle of Khan
    Yunis", "Gaza city", "invaded Rafah".
    """
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    head = token.head
    if token.dep_ == "pobj":
        if head.lower_ in LOCATIVE_PREPS:
            return True
        owner = head.head
        if head.lower_ == "of" and _place_like(owner):
            return True  # "the city of Khan Yunis"
        return head.lower_ in ("of", "for") and classify(owner) is not None  # "battle for X"
    if token.dep_ == "compound":
        return _place_like(head)
    return token.dep_ in ("dobj", "nsubjpass") and lemma(head) in LOCATIVE_VERBS


def _place_like(token: Token) -> bool:
    return lemma(token) in PLACE_WORDS or token.ent_type_ in ("GPE", "LOC", "FAC")


# ---------------------------------------------------------------------------------------
# Mentions and their participants
# ---------------------------------------------------------------------------------------


def _mention(
    index: _Index, claims: Sequence[Claim], kind: EventType, span: TextSpan, token: Token
) -> _Mention:
    actor, target, victims = _roles(token, kind)
    hint = _nationality(token) if actor is None and kind not in VICTIM_TYPES else None
    tokens = [t for t in (actor, target, victims) if t is not None]
    np_tokens = [index.doc[i] for t in tokens for i in _np_indices(t)]
    return _Mention(
        type=kind,
        span=span,
        token=token.i,
        sentence=index.sentence(span.start),
        paragraph=index.paragraph(span.start),
        part=index.part(span.start),
        outlet_voice=_outlet_voice(claims, span),
        subtree=frozenset(t.i for t in token.subtree),
        scope=_scope(token),
        actor=_np_span(index, actor),
        actor_hint=_np_span(index, hint),
        target=_np_span(index, target),
        victims=_np_span(index, victims),
        words=frozenset(
            lemma(t)
            for t in np_tokens
            if t.pos_ in ("NOUN", "PROPN")
            and lemma(t) not in GENERIC_WORDS
            and t.ent_type_ not in ("GPE", "NORP", "LOC", "FAC")
        ),
        names=frozenset(lemma(t) for t in np_tokens if t.pos_ == "PROPN"),
        definite=_definite(token),
        distinct=_distinct(token),
    )


def _narrow_scopes(mentions: list[_Mention]) -> list[_Mention]:
    """A clause's dates and places that hang on another trigger are that event's, not this
    one's: in "the strike was the worst since the assault on October 7", October 7 is the
    assault's."""
    narrowed: list[_Mention] = []
    for mention in mentions:
        foreign: set[int] = set()
        for other in mentions:
            if other is not mention and mention.token not in other.subtree:
                foreign |= other.subtree
        scope = (mention.scope - foreign) | {mention.token}
        narrowed.append(replace(mention, scope=frozenset(scope)))
    return narrowed


def _scope(token: Token) -> frozenset[int]:
    """The trigger's clause without the other clauses hanging on it: in "the strike was the
    worst since Israel launched a campaign on October 7", October 7 is not the strike's."""
    clause = _clause(token)
    keep = {t.i for t in clause.subtree}
    for child in clause.children:
        if child.dep_ in SUBORDINATE_DEPS and token.i not in {t.i for t in child.subtree}:
            keep -= {t.i for t in child.subtree}
    if token.i != clause.i:
        keep |= {t.i for t in token.subtree}  # a noun keeps its whole phrase
    return frozenset(keep)


def _clause(token: Token) -> Token:
    """The clause a noun trigger sits in: its verb ("an air strike hit Harn on Monday");
    a verb trigger is its own clause."""
    node = token
    if token.dep_ in NOMINAL_DEPS and token.head.i != token.i:
        node = token.head  # a gerund used as a noun: "shelling killed three people"
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            return node
        node = node.head
    return token


def _outlet_voice(claims: Sequence[Claim], span: TextSpan) -> bool:
    """True unless a claim of someone other than the outlet holds the mention."""
    holders = [claim for claim in claims if _holds(claim, span)]
    return all(claim.claimant_id == "outlet" for claim in holders)


def _holds(claim: Claim, span: TextSpan) -> bool:
    fragments = claim.fragments or (claim.text,)
    return any(f.start <= span.start and span.end <= f.end for f in fragments)


def _definite(token: Token) -> bool:
    """A mention that points back: "the clashes", "its attempt", "today's mission", "the
    operation, which killed him". A name's possessive ("Israel's attempt") is no pointer."""
    if token.pos_ in ("NOUN", "PROPN"):
        return any(_pointer(c) for c in token.children)
    if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN"):
        return any(_pointer(c) for c in token.head.children)
    return False


def _pointer(child: Token) -> bool:
    if child.dep_ == "det":
        return child.lower_ in DEFINITE
    if child.dep_ == "poss":
        return child.tag_ == "PRP$" or child.ent_type_ in ("DATE", "TIME")
    return False


def _distinct(token: Token) -> bool:
    if any(c.dep_ in ("det", "amod") and c.lower_ in DISTINCT_MODS for c in token.children):
        return True
    return any(t.lower_ in DISTINCT_ADVERBS for t in token.sent)


def _usable(token: Token | None) -> Token | None:
    """Pronouns and dates are no participants: "killed him", "today's mission"."""
    if token is None or token.pos_ == "PRON" or token.tag_ in WH_TAGS:
        return None
    if token.ent_type_ in ("DATE", "TIME"):
        return None
    return token


def _roles(token: Token, kind: EventType) -> tuple[Token | None, Token | None, Token | None]:
    """(actor, target, victims) head tokens of one mention."""
    if token.pos_ in ("NOUN", "PROPN"):
        actor, target, victims = _noun_roles(token, kind)
    else:
        actor, target, victims = _verb_roles(token, kind)
    if actor is not None and _instrument(actor):
        actor = None  # "an airstrike hit the hospital", "the missile struck": no actor
    return _usable(actor), _usable(target), _usable(victims)


def _instrument(token: Token) -> bool:
    """An event or a weapon in the actor's slot: "the strike killed", "a rocket hit"."""
    return lemma(token) in WEAPON_WORDS or (token.pos_ == "NOUN" and classify(token) is not None)


def _nationality(token: Token) -> Token | None:
    """ "an Israeli operation", "an Israeli airstrike hit": a hint at the actor."""
    for candidate in (token, _child_of(token, ("nsubj",))):
        if candidate is None:
            continue
        found = next(
            (c for c in candidate.lefts if c.dep_ == "amod" and c.ent_type_ == "NORP"), None
        )
        if found is not None:
            return found
    return None


def _child_of(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _verb_subject(token: Token, depth: int = 0) -> Token | None:
    for child in token.children:
        if child.dep_ == "nsubj":
            if child.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
                return token.head
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if depth < 3 and token.dep_ in ("xcomp", "conj") and token.head.pos_ in ("VERB", "AUX"):
        return _verb_subject(token.head, depth + 1)  # "claimed to have seized"
    return None


def _verb_roles(token: Token, kind: EventType) -> tuple[Token | None, Token | None, Token | None]:
    word = lemma(token)
    actor = None if token.pos_ == "ADJ" or word in INTRANSITIVE_VICTIM else _verb_subject(token)
    if actor is not None and actor.dep_ == "nsubjpass":
        actor = None
    target = victims = None
    if kind in TARGET_TYPES:
        target = next(
            (c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None
        ) or _prep_object(token, ("on", "at", "against"))
    if kind in VICTIM_TYPES:
        if word in INTRANSITIVE_VICTIM:  # "thousands fled their homes"
            victims = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if victims is None:
            victims = patient(token)
    return actor, target, victims


def _prep_object(token: Token, preps: tuple[str, ...]) -> Token | None:
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _noun_roles(token: Token, kind: EventType) -> tuple[Token | None, Token | None, Token | None]:
    of_object = _prep_object(token, ("of",))
    poss = next((c for c in token.children if c.dep_ == "poss"), None)
    victim_kind = kind in VICTIM_TYPES
    actor = _prep_object(token, ("by",)) or _at_hands_of(token)
    if actor is None and poss is not None and (not victim_kind or of_object is not None):
        actor = poss  # "Israel's attempt", "the army's killing of ..."
    if actor is None and token.dep_ == "dobj" and lemma(token.head) in LIGHT_EVENT_VERBS:
        actor = _verb_subject(token.head)  # "militants launched an attack"
    target = victims = None
    if kind in TARGET_TYPES:
        target = _prep_object(token, ("on", "against", "at"))
        complement = complement_verb(token)
        if target is None and complement is not None and kind is not EventType.RAID:
            target = next((c for c in complement.children if c.dep_ == "dobj"), None)
        if target is None and of_object is not None and kind is not EventType.RAID:
            target = of_object  # "the shelling of the hospital", "the battle of X"
        if target is None and token.dep_ == "nsubj" and token.head.pos_ == "VERB":
            target = _child_of(token.head, ("dobj",))  # "an air strike hit the bakery"
    if victim_kind:
        victims = patient(token)
        if victims is None:
            victims = next(
                (c for c in token.lefts if c.dep_ == "amod" and c.ent_type_ == "NORP"), None
            )
    return actor, target, victims


def _at_hands_of(token: Token) -> Token | None:
    """ "killing at the hands of his rescuers" -> rescuers."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "at":
            hands = next((c for c in child.children if c.dep_ == "pobj"), None)
            if hands is not None and hands.lower_ == "hands":
                return _prep_object(hands, ("of",))
    return None


def _np_indices(token: Token) -> list[int]:
    """The noun phrase of ``token``: no relative clauses or trailing phrases except "of"."""
    drop: set[int] = set()
    for child in token.children:
        if child.dep_ in NP_DROP_DEPS or (child.dep_ == "prep" and child.lower_ != "of"):
            drop |= {t.i for t in child.subtree}
    keep = {t.i for t in token.subtree} - drop
    start = end = token.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    doc = token.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    if doc[end].is_punct or doc[end].is_space:
        return [start]
    return list(range(start, end + 1))


def _np_span(index: _Index, token: Token | None) -> TextSpan | None:
    if token is None:
        return None
    indices = _np_indices(token)
    first, last = index.doc[indices[0]], index.doc[indices[-1]]
    start, end = first.idx, last.idx + len(last.text)
    return TextSpan(start, end, index.text[start:end])


# ---------------------------------------------------------------------------------------
# Clustering
# ---------------------------------------------------------------------------------------

_Timed = list[tuple[TimeExpression, _Located]]
_Placed = list[tuple[Place, _Located]]


def _date(time: TimeExpression) -> str | None:
    """The date a time expression puts an event on; None for durations and bounds."""
    if time.value is None or time.duration is not None:
        return None
    if time.text.text.lower().startswith(BOUND_WORDS):
        return None  # "since 2008", "until Friday": a bound of a period, not the event's day
    return time.value.split("T")[0]


def _own_dates(mentions: Iterable[_Mention], timed: _Timed) -> set[str]:
    scope = {i for m in mentions for i in m.scope}
    return {d for t, loc in timed if loc.token in scope and (d := _date(t)) is not None}


def _sentence_dates(mentions: Iterable[_Mention], timed: _Timed) -> set[str]:
    sentences = {m.sentence for m in mentions}
    return {d for t, loc in timed if loc.sentence in sentences and (d := _date(t)) is not None}


def _own_places(mentions: Iterable[_Mention], placed: _Placed) -> list[Place]:
    scope = {i for m in mentions for i in m.scope}
    return [p for p, loc in placed if loc.token in scope]


def _sentence_places(mentions: Iterable[_Mention], placed: _Placed) -> list[Place]:
    sentences = {m.sentence for m in mentions}
    return [p for p, loc in placed if loc.sentence in sentences]


def _dates_meet(left: set[str], right: set[str]) -> bool:
    return any(a.startswith(b) or b.startswith(a) for a in left for b in right)


def _conflicts(
    earlier: list[_Mention], later: list[_Mention], timed: _Timed, placed: _Placed
) -> bool:
    """Another day, another place or an explicit "another" keeps ``later`` apart."""
    if any(m.distinct for m in later):
        return True
    later_dates = _own_dates(later, timed)
    earlier_dates = _own_dates(earlier, timed)
    if (
        later_dates
        and earlier_dates
        and not all(_dates_meet({d}, earlier_dates) for d in later_dates)
    ):
        return True
    earlier_places = _own_places(earlier, placed) + _sentence_places(earlier, placed)
    return _places_conflict(_own_places(later, placed), earlier_places)


def _places_conflict(later: list[Place], earlier: list[Place]) -> bool:
    """A newly named place as fine as or finer than one already named is another place.

    Khan Yunis (a city) after the Gaza Strip (a region) is elsewhere; a hospital (a
    landmark) after Gaza City is inside it, as far as rules can tell; a country never
    conflicts.
    """
    names = {p.name for p in earlier}
    for new in later:
        rank = PLACE_RANK.get(new.kind, -1)
        if new.name in names or rank < 1:
            continue
        for old in earlier:
            old_rank = PLACE_RANK.get(old.kind, -1)
            inside = new.kind == "landmark" and old.kind != "landmark"
            if old_rank >= 1 and rank >= old_rank and not inside:
                return True
    return False


def _adjacent_clusters(
    mentions: list[_Mention], timed: _Timed, placed: _Placed
) -> list[list[_Mention]]:
    """Step 1: a sentence's related mentions of one family are one unit unless their days or
    places conflict; a unit joins a cluster of its family ending in the previous sentence, one
    that shares an event type first ("... killed ... in the air strike" after "an air
    strike"), else the latest."""
    clusters: list[list[_Mention]] = []
    for _, group in groupby(mentions, key=lambda m: m.sentence):
        units: list[list[_Mention]] = []
        for mention in group:
            unit = next(
                (
                    u
                    for u in units
                    if family_of(u[0].type) is family_of(mention.type)
                    and any(_related(mention, m) for m in u)
                    and not _conflicts(u, [mention], timed, placed)
                ),
                None,
            )
            if unit is None:
                units.append([mention])
            else:
                unit.append(mention)
        for unit in units:
            family = family_of(unit[0].type)
            types = {m.type for m in unit}
            candidates = [
                c
                for c in clusters
                if family_of(c[0].type) is family
                and unit[0].sentence - c[-1].sentence <= 1
                and not _conflicts(c, unit, timed, placed)
            ]
            if candidates:
                best = max(
                    candidates,
                    key=lambda c: (bool(types & {m.type for m in c}), c[-1].span.start),
                )
                best.extend(unit)
                best.sort(key=lambda m: m.span.start)
            else:
                clusters.append(unit)
    return clusters


def _related(a: _Mention, b: _Mention) -> bool:
    """One mention sits in the other's clause: "a clash that led to the death of ..."."""
    return a.token in b.scope or b.token in a.scope


def _main_incident(clusters: list[list[_Mention]]) -> int | None:
    """The incident the title names, else the first incident in the body."""
    incidents = [i for i, c in enumerate(clusters) if family_of(c[0].type) is Family.INCIDENT]
    for i in incidents:
        if any(m.part is PartKind.TITLE for m in clusters[i]):
            return i
    for i in incidents:
        if any(m.part is PartKind.BODY for m in clusters[i]):
            return i
    return incidents[0] if incidents else None


def _lede(index: _Index) -> int | None:
    for part in index.article.parts:
        if part.kind is PartKind.BODY:
            return index.paragraph(part.start)
    return 0 if not index.article.parts else None


def _same_as_main(
    main: list[_Mention], other: list[_Mention], lede: int | None, timed: _Timed
) -> bool:
    if any(m.definite for m in other):
        return True
    if any(m.paragraph == lede and m.part is PartKind.BODY for m in other):
        return True
    if {w for m in other for w in m.words} & {w for m in main for w in m.words}:
        return True
    main_dates = _own_dates(main, timed) | _sentence_dates(main, timed)
    other_dates = _own_dates(other, timed)
    return bool(other_dates and main_dates and _dates_meet(other_dates, main_dates))


def _absorb_into_main(
    clusters: list[list[_Mention]], main: int, index: _Index, timed: _Timed, placed: _Placed
) -> list[list[_Mention]]:
    lede = _lede(index)
    merged = [list(c) for c in clusters]
    kept: list[list[_Mention]] = []
    for i, cluster in enumerate(merged):
        if i == main:
            kept.append(cluster)
            continue
        same_family = family_of(cluster[0].type) is Family.INCIDENT
        if (
            same_family
            and not _conflicts(merged[main], cluster, timed, placed)
            and _same_as_main(merged[main], cluster, lede, timed)
        ):
            merged[main].extend(cluster)
            merged[main].sort(key=lambda m: m.span.start)
            continue
        kept.append(cluster)
    return kept


def _merge_shared(
    clusters: list[list[_Mention]], timed: _Timed, placed: _Placed
) -> list[list[_Mention]]:
    """Happenings of one family sharing a place, a named participant or a day merge."""
    kept: list[list[_Mention]] = []
    for cluster in sorted(clusters, key=lambda c: c[0].span.start):
        family = family_of(cluster[0].type)
        for earlier in kept:
            if family_of(earlier[0].type) is not family:
                continue
            if _conflicts(earlier, cluster, timed, placed):
                continue
            shared_place = {p.name for p in _own_places(cluster, placed)} & {
                p.name for p in _own_places(earlier, placed)
            }
            shared_name = {n for m in cluster for n in m.names} & {
                n for m in earlier for n in m.names
            }
            shared_day = _own_dates(cluster, timed) and _dates_meet(
                _own_dates(cluster, timed), _own_dates(earlier, timed)
            )
            if shared_place or shared_name or shared_day:
                earlier.extend(cluster)
                earlier.sort(key=lambda m: m.span.start)
                break
        else:
            kept.append(list(cluster))
    return kept


# ---------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------


def _event_type(cluster: list[_Mention]) -> EventType:
    """The most specific type; a cause named only by claimants leaves an EXPLOSION as is."""
    exploded = any(m.type is EventType.EXPLOSION for m in cluster)
    present = {
        m.type for m in cluster if not (exploded and m.type in CAUSE_TYPES and not m.outlet_voice)
    }
    return next(t for t in PRIORITY if t in present)


def _head_mention(cluster: list[_Mention], kind: EventType) -> _Mention:
    of_kind = [m for m in cluster if m.type is kind]
    return next((m for m in of_kind if m.part is PartKind.BODY), of_kind[0])


def _ordered(cluster: list[_Mention], head: _Mention) -> list[_Mention]:
    """The head mention first, then body mentions, then title and caption, in text order."""
    rest = sorted(
        (m for m in cluster if m is not head),
        key=lambda m: (m.part is not PartKind.BODY, m.span.start),
    )
    return [head, *rest]


def _when(cluster: list[_Mention], head: _Mention, timed: _Timed) -> TimeExpression | None:
    dated = [(t, loc) for t, loc in timed if _date(t) is not None]
    for mention in _ordered(cluster, head):
        tiers = (
            [(t, loc) for t, loc in dated if loc.token in mention.scope],
            [(t, loc) for t, loc in dated if loc.sentence == mention.sentence],
            [(t, loc) for t, loc in dated if loc.paragraph == mention.paragraph],
        )
        for tier in tiers:
            if tier:
                return min(tier, key=lambda item: abs(item[1].start - mention.span.start))[0]
    return None


def _with_duration(
    when: TimeExpression | None, cluster: list[_Mention], timed: _Timed
) -> TimeExpression | None:
    """ "a ceasefire that only lasted for seven days": a duration inside a trigger's phrase."""
    if when is None or when.duration is not None:
        return when
    subtree = {i for m in cluster for i in m.subtree}
    for time, loc in timed:
        if time.duration is not None and loc.token in subtree:
            return replace(when, duration=time.duration)
    return when


def _where(cluster: list[_Mention], placed: _Placed, main_place: Place | None) -> tuple[Place, ...]:
    scope = {i for m in cluster for i in m.scope}
    sentences = {m.sentence for m in cluster}
    paragraphs = {m.paragraph for m in cluster}
    tiers = (
        [p for p, loc in placed if loc.token in scope],
        [p for p, loc in placed if loc.sentence in sentences],
        [p for p, loc in placed if loc.paragraph in paragraphs],
    )
    for tier in tiers:
        if tier:
            unique: dict[str, Place] = {}
            for place in sorted(tier, key=lambda p: p.text.start):
                unique.setdefault(place.name, place)
            return tuple(unique.values())
    return (main_place,) if main_place is not None else ()


def _main_place(placed: _Placed) -> Place | None:
    """The place the article names most often in its own parts (first named on a tie)."""
    if not placed:
        return None
    counts = Counter(p.name for p, _ in placed)
    first: dict[str, Place] = {}
    for place, _ in sorted(placed, key=lambda item: item[1].start):
        first.setdefault(place.name, place)
    order = list(first)
    best = max(order, key=lambda name: (counts[name], -order.index(name)))
    return first[best]


def _participant(
    cluster: list[_Mention],
    head: _Mention,
    role: Callable[[_Mention], TextSpan | None],
    kinds: Sequence[EventType],
) -> TextSpan | None:
    """First filled ``role`` among mentions of ``kinds``: the outlet's own voice first."""
    for kind in kinds:
        candidates = sorted(
            (m for m in cluster if m.type is kind),
            key=lambda m: (
                m is not head,
                not m.outlet_voice,
                m.part is not PartKind.BODY,
                m.span.start,
            ),
        )
        for mention in candidates:
            span = role(mention)
            if span is not None:
                return span
    return None


def _figure_fits(cluster: list[_Mention]) -> frozenset[FigureCategory]:
    return frozenset(c for m in cluster for c in ONTOLOGY[m.type].figures)


def _assign_figures(
    clusters: list[list[_Mention]],
    index: _Index,
    claims: Sequence[Claim],
    figures: Sequence[Figure],
) -> dict[int, list[Figure]]:
    """Each figure goes to the event with the nearest mention in its sentence or claim."""
    fits = [_figure_fits(c) for c in clusters]
    by_event: dict[int, list[Figure]] = {i: [] for i in range(len(clusters))}
    for figure in figures:
        sentence = index.sentence(figure.text.start)
        holders = [c for c in claims if c.id == figure.claim_id or _holds(c, figure.text)]
        best: tuple[int, int, int] | None = None  # (tier, distance, event)
        for i, cluster in enumerate(clusters):
            if figure.category not in fits[i]:
                continue
            for mention in cluster:
                if mention.sentence == sentence:
                    tier = 0
                elif any(_holds(c, mention.span) for c in holders):
                    tier = 1
                else:
                    continue
                candidate = (tier, abs(mention.span.start - figure.text.start), i)
                if best is None or candidate < best:
                    best = candidate
        if best is not None:
            by_event[best[2]].append(figure)
    return by_event


def _build_events(
    clusters: list[list[_Mention]],
    main: int,
    index: _Index,
    claims: Sequence[Claim],
    figures: Sequence[Figure],
    timed: _Timed,
    placed: _Placed,
) -> list[Event]:
    main_place = _main_place(placed)
    types = [_event_type(c) for c in clusters]
    heads = [_head_mention(c, t) for c, t in zip(clusters, types, strict=True)]
    whens = [_when(c, h, timed) for c, h in zip(clusters, heads, strict=True)]
    main_when = whens[main]
    attached = _assign_figures(clusters, index, claims, figures)
    events: list[Event] = []
    for i, (cluster, kind, head) in enumerate(zip(clusters, types, heads, strict=True)):
        when = whens[i]
        if when is None and main_when is not None:
            when = replace(main_when, derived_from=f"inherited:{main_when.derived_from}")
        when = _with_duration(when, cluster, timed)
        figure_list = attached[i]
        victims = _participant(cluster, head, lambda m: m.victims, VICTIM_TYPES)
        if victims is None and figure_list:
            victims = figure_list[0].text
        events.append(
            Event(
                id=f"ev-{i + 1}",
                type=kind,
                plover=plover_type(kind),
                trigger=head.span,
                when=when,
                where=_where(cluster, placed, main_place),
                actor=_participant(cluster, head, lambda m: m.actor, (kind,))
                or _participant(cluster, head, lambda m: m.actor_hint, (kind,)),
                target=_participant(cluster, head, lambda m: m.target, (kind,)),
                victims=victims,
                claim_ids=tuple(c.id for c in claims if any(_holds(c, m.span) for m in cluster)),
                figure_ids=tuple(f.id for f in figure_list),
            )
        )
    return events

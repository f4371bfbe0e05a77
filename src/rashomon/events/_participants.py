"""Participants of one trigger mention, read from the dependency parse: the actor, the
target and the victims, each as the head token of a noun phrase.

"Israeli forces raided the hospital" (actor, target), "the killing of three people by
militants" (victims, actor), "an Israeli airstrike hit" (a nationality as a hint at the
actor). Pronouns, dates, weapons and events in the actor's slot are no participants.
"""

from __future__ import annotations

from spacy.tokens import Token

from rashomon.events.ontology import VICTIM_TYPES, words
from rashomon.events.triggers import classify, complement_verb, lemma, patient
from rashomon.model import EventType

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
NP_DROP_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "case", "cc", "conj"})
WH_TAGS = frozenset({"WP", "WP$", "WDT", "PRP", "PRP$"})
WEAPON_WORDS = words(
    "missile rocket shell mortar munition bomb bullet shrapnel projectile drone artillery "
    "explosive device"
)


def _usable(token: Token | None) -> Token | None:
    """Pronouns and dates are no participants: "killed him", "today's mission"."""
    if token is None or token.pos_ == "PRON" or token.tag_ in WH_TAGS:
        return None
    if token.ent_type_ in ("DATE", "TIME"):
        return None
    return token


def roles(token: Token, kind: EventType) -> tuple[Token | None, Token | None, Token | None]:
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


def nationality(token: Token) -> Token | None:
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


def np_indices(token: Token) -> list[int]:
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

"""Adopted claims: the outlet asserting in its own voice what another claimant claims.

An outlet claim (title, caption, subhead or body, not itself attributed) is compared with
every attributed claim of another claimant in the article's own parts. Both are reduced to:

- **events**: families of event words ("kill/killing/massacre", "fire/firing", "wound/
  injured"; ``[adoption.events]`` in ``claims.en.v1.toml``): verbs, and nouns with an
  argument ("the killing of X"; a bare "the strike" only refers). Each has a mood: denied
  ("no artillery had been fired"), irrealis ("an operation aimed at releasing", "will
  release") or asserted; only the same mood matches;
- **entities**: PERSON names (two names match when they share a word: "Baruch" and "Saar
  Baruch"), and ORG/GPE/LOC/FAC/NORP names reduced to a stem ("Israeli" and "Israel" match,
  weakly, since a nationality is cheap); "him"/"her"/"he"/"she" count as the PERSON named
  last in the same or the previous sentence;
- **words**: other content lemmas, through ``[adoption.families]`` ("Captives" = "captive").

Score = ``event_weight`` per shared event family of the same mood + ``entity_weight``
per shared name (``weak_entity_weight`` when one side is a nationality) + 1 per shared word.
A link needs one shared event family and ``score >= threshold`` (3). The best-scoring
candidate wins; ties go to the earlier claim. Never linked:

- a claim of the same claimant, a claim with no resolved claimant, a reader's claim;
- a prediction, unless the outlet's claim is a prediction too (what one side says will
  happen is not what the outlet says did happen);
- a claim of a claimant who is the subject of the outlet's sentence ("Human Rights Watch
  was unable to corroborate ..." is about Human Rights Watch, not in its place);
- an outlet claim that is itself attributed: it holds a reporting word ("said",
  "according to", "statement") or a distancing hedge ("reportedly", "allegedly", "said to
  be", "if confirmed"), or its main predicate hangs under an attribution cue.

With the weights of ``claims.en.v1``, the seed's lede ("... an Israeli military force
killed him") scores 5 against Al-Qassam's "killing of ... Saar Baruch" (kill, Saar Baruch,
Israeli) and its title scores 3 (killing, Israel); the fictional Capital Standard's lede
scores 3 against the army's "four rounds were fired from ..." (fire, round), its headline 3
against the army's "the rebels were trying to turn a massacre ..." (massacre, rebel).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from rashomon.claims.classify import SUBJECTS, ClaimLexicon, claim_tokens, has_phrase, lemma
from rashomon.model import (
    OUTLET_PARTS,
    Attribution,
    Claim,
    Claimant,
    ClaimantType,
    ClaimType,
)
from rashomon.parse import ParsedArticle

OUTLET = "outlet"
PERSON = "PERSON"
NAMED = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART"})
PRONOUNS = frozenset({"him", "her", "he", "she", "his"})
WORD_POS = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "is", "i", "ese", "e", "a")
NEGATORS = frozenset({"no", "not", "never", "n't", "none"})
NOUN_ARGUMENTS = frozenset({"prep", "poss", "acl", "relcl"})
CLIMB = frozenset({"xcomp", "ccomp", "pcomp", "prep", "pobj", "acl"})


@dataclass(frozen=True, slots=True)
class _Profile:
    events: frozenset[tuple[str, str]]  # (family, mood: asserted, neg, irrealis)
    persons: tuple[frozenset[str], ...]  # one set of name words per person
    names: dict[str, bool]  # stem -> strong (not a nationality)
    words: frozenset[str]


def _stem(word: str) -> str:
    for ending in DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _name_key(ent: Span) -> str:
    words = [t.lower_ for t in ent if t.is_alpha and t.lower_ != "the"]
    return " ".join(_stem(w) for w in words)


def _person_key(ent: Span) -> frozenset[str]:
    return frozenset(t.lower_ for t in ent if t.is_alpha and len(t) > 2)


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in NEGATORS for c in token.children):
        return True
    for child in token.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"} and any(
            t.lower_ in NEGATORS for t in child.subtree if t.i <= child.i
        ):
            return True
    head = token.head
    return (
        token.pos_ == "NOUN" and head.i != token.i and any(c.dep_ == "neg" for c in head.children)
    )


def _predicates(token: Token) -> bool:
    """A verb, or a noun with an argument of its own ("the killing of", "Baruch's killing")."""
    if token.pos_ in {"VERB", "ADJ"}:
        return True
    return token.dep_ != "compound" and any(c.dep_ in NOUN_ARGUMENTS for c in token.children)


def _mood(token: Token, inside: set[int], lexicon: ClaimLexicon) -> str:
    """ "neg" for a denied event, "irrealis" for one only aimed at, planned or modal
    ("an operation aimed at releasing", "will release"), else "asserted"."""
    node = token
    while True:
        if any(c.dep_ == "aux" and c.tag_ == "MD" for c in node.children):
            return "irrealis"
        if node is not token and lemma(node) in lexicon.irrealis:
            return "irrealis"
        head = node.head
        if node.dep_ not in CLIMB or head.i == node.i or head.i not in inside:
            break
        node = head
    return "neg" if _negated(token) else "asserted"


def _antecedent(doc: Doc, ents: Sequence[Span], pronoun: Token) -> Span | None:
    """The PERSON named last before the pronoun, in its sentence or the one before."""
    sent = pronoun.sent
    floor = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for ent in reversed(ents):
        if ent.label_ == PERSON and floor <= ent.start and ent.end <= pronoun.i:
            return ent
    return None


def _title_case(doc: Doc, indices: Sequence[int]) -> bool:
    """A headline in title case: its capitalised words are not names ("Failed Rescue")."""
    words = [doc[i] for i in indices if doc[i].is_alpha and not doc[i].is_stop]
    return len(words) >= 3 and sum(t.is_title for t in words) >= 0.8 * len(words)


def _entities(
    ents: Sequence[Span], inside: set[int]
) -> tuple[list[frozenset[str]], dict[str, bool], set[int]]:
    """(PERSON name groups, other names by stem -> strong, token indices in entities)."""
    persons: list[frozenset[str]] = []
    names: dict[str, bool] = {}
    in_entity: set[int] = set()
    low, high = min(inside, default=0), max(inside, default=-1)
    for ent in ents:
        if ent.end - 1 < low or ent.start > high:
            continue  # no token of it can be inside
        if ent.start not in inside and ent.end - 1 not in inside:
            continue
        if ent.label_ == PERSON:
            persons.append(_person_key(ent))
        elif ent.label_ in NAMED:
            key = _name_key(ent)
            if key:
                names[key] = names.get(key, False) or ent.label_ != "NORP"
        in_entity.update(range(ent.start, ent.end))  # dates and numbers: neither name nor word
    return persons, names, in_entity


def _profile(
    doc: Doc, ents: Sequence[Span], indices: Sequence[int], lexicon: ClaimLexicon
) -> _Profile:
    inside = set(indices)
    persons, names, in_entity = _entities(ents, inside)
    headline = _title_case(doc, indices)
    events: set[tuple[str, str]] = set()
    words: set[str] = set()
    stray: list[str] = []  # a run of proper nouns NER missed ("Baruch")
    for i in indices:
        token = doc[i]
        word = lemma(token)
        if stray and not (token.pos_ == "PROPN" and i not in in_entity and not headline):
            persons.append(frozenset(stray))
            stray = []
        family = lexicon.event_families.get(word) or lexicon.event_families.get(token.lower_)
        if family is not None and _predicates(token):
            events.add((family, _mood(token, inside, lexicon)))
        elif token.lower_ in PRONOUNS and token.pos_ == "PRON":
            antecedent = _antecedent(doc, ents, token)
            if antecedent is not None:
                persons.append(_person_key(antecedent))
        elif token.pos_ == "PROPN" and i not in in_entity and not headline:
            if token.is_alpha and len(token) > 2:
                stray.append(token.lower_)
        elif (
            i not in in_entity
            and token.pos_ in WORD_POS
            and not token.is_stop
            and len(word) > 2
            and word not in lexicon.reporting
            and word not in {"be", "have", "do"}
        ):
            words.add(lexicon.word_families.get(word, lexicon.event_families.get(word, word)))
    if stray:
        persons.append(frozenset(stray))
    return _Profile(frozenset(events), _merge(persons), names, frozenset(words))


def _merge(groups: Sequence[frozenset[str]]) -> tuple[frozenset[str], ...]:
    """Name groups that share a word are one person ("Saar Baruch", "Baruch", "him")."""
    merged: list[frozenset[str]] = []
    for group in groups:
        if not group:
            continue
        for other in [m for m in merged if m & group]:
            merged.remove(other)
            group = group | other
        merged.append(group)
    return tuple(merged)


def _score(outlet: _Profile, other: _Profile, lexicon: ClaimLexicon) -> int:
    shared_events = outlet.events & other.events
    if not shared_events:
        return 0
    score = lexicon.event_weight * len({family for family, _ in shared_events})
    named = [frozenset(k.split()) for k, is_strong in other.names.items() if is_strong]
    theirs = frozenset().union(*other.persons, *named)
    score += lexicon.entity_weight * sum(1 for person in outlet.persons if person & theirs)
    for key, strong in outlet.names.items():
        if key in other.names:
            both = strong and other.names[key]
            score += lexicon.entity_weight if both else lexicon.weak_entity_weight
    return score + len(outlet.words & other.words)


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)


def _attributed(
    doc: Doc,
    indices: Sequence[int],
    cues: set[int],
    distancing: Sequence[tuple[str, ...]],
    lexicon: ClaimLexicon,
) -> bool:
    """Whether an outlet claim reports someone else ("said", "reportedly", under a cue)."""
    tokens = [doc[i] for i in indices]
    if any(lemma(t) in lexicon.reporting or t.lower_ in lexicon.reporting for t in tokens):
        return True
    if has_phrase([t.lower_ for t in tokens], distancing):
        return True
    main = min(tokens, key=_depth)
    return any(a.i in cues for a in main.ancestors)


def _subjects(doc: Doc, indices: Sequence[int], claimants: Sequence[Claimant]) -> set[str]:
    """Claimants that are the subject of a verb of the claim ("Human Rights Watch was unable
    to corroborate ..."): a claim about them, not in place of them."""
    found: set[str] = set()
    for i in indices:
        token = doc[i]
        if token.dep_ not in SUBJECTS:
            continue
        for claimant in claimants:
            if any(m.start <= token.idx < m.end for m in claimant.mentions):
                found.add(claimant.id)
    return found


def _candidate(claim: Claim, outlet: Claim, readers: frozenset[str]) -> bool:
    return (
        claim.attribution_id is not None
        and claim.claimant_id is not None
        and claim.claimant_id != outlet.claimant_id
        and claim.claimant_id not in readers
        and claim.part in OUTLET_PARTS
        and (claim.type is not ClaimType.PREDICTION or outlet.type is ClaimType.PREDICTION)
    )


def link_adopted(
    parsed: ParsedArticle,
    claims: Sequence[Claim],
    attributions: Sequence[Attribution],
    claimants: Sequence[Claimant] = (),
    *,
    lexicon: ClaimLexicon,
) -> list[Claim]:
    """The claims with ``adopted_from`` set on outlet claims that restate another claimant's
    attributed claim (see the module doc for the rule and its threshold)."""
    doc = parsed.doc
    readers = frozenset(c.id for c in claimants if c.type is ClaimantType.READER)
    cues = set(claim_tokens(doc, [a.cue for a in attributions if a.cue is not None]))
    indices = {c.id: claim_tokens(doc, c.fragments) for c in claims}
    attributed = [c for c in claims if c.attribution_id is not None]
    ents = tuple(doc.ents)  # spaCy rebuilds doc.ents on every access
    distancing = [tuple(p.split()) for p in lexicon.distancing_hedges]
    profiles: dict[str, _Profile] = {}  # built when first compared: most never are

    def profile(other: Claim) -> _Profile:
        found = profiles.get(other.id)
        if found is None:
            found = profiles[other.id] = _profile(doc, ents, indices[other.id], lexicon)
        return found

    linked = []
    for claim in claims:
        if (
            claim.claimant_id != OUTLET
            or claim.attribution_id is not None
            or claim.part not in OUTLET_PARTS
            or not indices[claim.id]
            or _attributed(doc, indices[claim.id], cues, distancing, lexicon)
        ):
            linked.append(claim)
            continue
        mine = _profile(doc, ents, indices[claim.id], lexicon)
        if not mine.events and lexicon.threshold > 0:
            linked.append(claim)  # no shared event family: every score is 0
            continue
        subjects = _subjects(doc, indices[claim.id], claimants)
        best: tuple[int, int, str] | None = None
        for n, other in enumerate(attributed):
            if not _candidate(other, claim, readers) or other.claimant_id in subjects:
                continue
            score = _score(mine, profile(other), lexicon)
            if score >= lexicon.threshold and (best is None or score > best[0]):
                best = (score, n, other.id)
        linked.append(replace(claim, adopted_from=best[2]) if best else claim)
    return linked

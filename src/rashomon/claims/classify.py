"""Claim types (prediction, judgement, evidence, fact) and the claim lexicon they read.

A claim gets one type. When several apply, the first in this order wins:

1. **prediction**: a future modal ("will complicate", "would require"; not a "would"
   back-shifted under a past verb of the same claim, "did not know that X would"), "may" /
   "might" before a dynamic verb ("may strike"), or a predicate with a to-infinitive about
   what is to come ("is likely to make", "is unlikely to take place", "is expected to");
2. **judgement**: an evaluative word ("botched", "embarrassing", "blatant"), a copula whose
   predicate noun evaluates ("was far from being a success", "is proof that"), a framing
   phrase ("it was clear that", "far from", "no doubt"), a normative modal ("should",
   "must"), or a superlative that measures nothing checkable ("strongest", not "deadliest");
3. **evidence**: an evidence noun (video, footage, images, documents...) that is released or
   shown ("released a video", "provided documented evidence"), that speaks ("footage
   shows", "the video starts with"; not "a photo appeared on page one"), or that is
   denied ("no video footage, pictures or any other details", "has seen no evidence");
4. **fact**: everything else: who did what, when, how many. A checkable claim.

A hedge ("reportedly", "may", "seems") never changes a type on its own: "troops reportedly
killed two men" stays a fact and "the rebels may have killed him" too, with the hedge listed
on the claim (see ``hedges``). "likely" and "may" make a prediction only as part of a
future construction ("is likely to make", "may spread").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from rashomon.datafiles import read_toml, require_version
from rashomon.errors import ConfigError
from rashomon.model import ClaimType, TextSpan

DEFAULT_CLAIM_LEXICON = "claims.en.v1.toml"

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


@dataclass(frozen=True, slots=True)
class ClaimLexicon:
    """Word lists for claim types, hedges and adopted-claim matching (``claims.en.v1``)."""

    version: str
    future_modals: frozenset[str]
    possible_modals: frozenset[str]
    future_predicates: frozenset[str]
    evaluative: frozenset[str]
    predicate_nouns: frozenset[str]
    judgement_phrases: tuple[tuple[str, ...], ...]
    normative_modals: frozenset[str]
    measurable_superlatives: frozenset[str]
    evidence_nouns: frozenset[str]
    evidence_verbs: frozenset[str]
    evidence_speaking: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_adjectives: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_passives: frozenset[str]
    hedge_phrases: tuple[tuple[str, ...], ...]
    reporting: frozenset[str]
    distancing_hedges: frozenset[str]
    irrealis: frozenset[str]
    event_families: Mapping[str, str]  # member lemma -> family name
    word_families: Mapping[str, str]
    event_weight: int = 2
    entity_weight: int = 2
    weak_entity_weight: int = 1
    threshold: int = 3


def _table(data: Mapping[str, object], key: str, where: str) -> Mapping[str, object]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{key}] in claim lexicon {where!r} must be a table.")
    return value


def _words(table: Mapping[str, object], key: str, where: str) -> frozenset[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key!r} in claim lexicon {where!r} must be a list of strings.")
    return frozenset(v.lower() for v in value)


def _phrases(table: Mapping[str, object], key: str, where: str) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(tuple(p.split()) for p in _words(table, key, where)))


def _families(table: Mapping[str, object], where: str) -> dict[str, str]:
    members: dict[str, str] = {}
    for family in table:
        for word in _words(table, family, where):
            members[word] = family
    return members


def _int(table: Mapping[str, object], key: str, default: int, where: str) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ConfigError(f"{key!r} in claim lexicon {where!r} must be an integer.")
    return value


def load_claim_lexicon(path: Path | None = None) -> ClaimLexicon:
    """Load a claim lexicon (TOML); the packaged ``claims.en.v1`` by default."""
    data, where = read_toml(path, DEFAULT_CLAIM_LEXICON, "claim lexicon")
    version = require_version(data, where, "claim lexicon")
    pred, judge = _table(data, "prediction", where), _table(data, "judgement", where)
    evid, hedge = _table(data, "evidence", where), _table(data, "hedges", where)
    adopt = _table(data, "adoption", where)
    return ClaimLexicon(
        version=version,
        future_modals=_words(pred, "future_modals", where),
        possible_modals=_words(pred, "possible_modals", where),
        future_predicates=_words(pred, "predicates", where),
        evaluative=_words(judge, "words", where),
        predicate_nouns=_words(judge, "predicate_nouns", where),
        judgement_phrases=_phrases(judge, "phrases", where),
        normative_modals=_words(judge, "normative_modals", where),
        measurable_superlatives=_words(judge, "measurable_superlatives", where),
        evidence_nouns=_words(evid, "nouns", where),
        evidence_verbs=_words(evid, "verbs", where),
        evidence_speaking=_words(evid, "speaking_verbs", where),
        hedge_adverbs=_words(hedge, "adverbs", where),
        hedge_adjectives=_words(hedge, "adjectives", where),
        hedge_modals=_words(hedge, "modals", where),
        hedge_verbs=_words(hedge, "verbs", where),
        hedge_passives=_words(hedge, "passives", where),
        hedge_phrases=_phrases(hedge, "phrases", where),
        reporting=_words(adopt, "reporting", where),
        distancing_hedges=_words(adopt, "distancing_hedges", where),
        irrealis=_words(adopt, "irrealis", where),
        event_families=_families(_table(adopt, "events", where), where),
        word_families=_families(_table(adopt, "families", where), where),
        event_weight=_int(adopt, "event_weight", 2, where),
        entity_weight=_int(adopt, "entity_weight", 2, where),
        weak_entity_weight=_int(adopt, "weak_entity_weight", 1, where),
        threshold=_int(adopt, "threshold", 3, where),
    )


# --------------------------------------------------------------------------------------
# Tokens of a claim
# --------------------------------------------------------------------------------------


def claim_tokens(doc: Doc, fragments: Iterable[TextSpan]) -> tuple[int, ...]:
    """Indices of the (non-space) tokens that the fragments cover, in order."""
    indices: set[int] = set()
    for fragment in fragments:
        span = doc.char_span(fragment.start, fragment.end, alignment_mode="expand")
        if span is not None:
            indices.update(t.i for t in span if not t.is_space)
    return tuple(sorted(indices))


def lemma(token: Token) -> str:
    """Lowercase lemma; capitalised headline words ("Captives", "Failed") lose a plural
    or past ending, since the tagger reads them as proper nouns."""
    word = token.lemma_.lower()
    if token.pos_ == "PROPN" and token.ent_type_ == "" and word == token.text.lower():
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            return word[:-1]
    return word


def _words_in(tokens: Sequence[Token]) -> list[str]:
    return [t.lower_ for t in tokens]


def has_phrase(words: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> bool:
    """Whether one of the word sequences occurs in ``words``."""
    wanted = list(phrases)
    lengths = {len(p) for p in wanted}
    grams = {tuple(words[k : k + n]) for n in lengths for k in range(len(words) - n + 1)}
    return any(p in grams for p in wanted)


# --------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------


def _is_past(verb: Token) -> bool:
    return verb.tag_ in {"VBD", "VBN"} or any(
        c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children
    )


def _backshifted(modal: Token, inside: frozenset[int]) -> bool:
    """A "would" in a clause under a past verb of the same claim: a past fact."""
    verb = modal.head
    governor = verb.head
    return (
        verb.dep_ in {"ccomp", "xcomp", "advcl"}
        and governor.i != verb.i
        and governor.i in inside
        and _is_past(governor)
    )


def _to_infinitive(token: Token) -> bool:
    return any(
        c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children) for c in token.children
    )


def is_prediction(tokens: Sequence[Token], lexicon: ClaimLexicon) -> bool:
    inside = frozenset(t.i for t in tokens)
    for token in tokens:
        word = token.lower_
        if token.tag_ == "MD":
            if word in {"would", "'d"} and word in lexicon.future_modals:
                if not _backshifted(token, inside):
                    return True
            elif word in lexicon.future_modals:
                return True
            elif word in lexicon.possible_modals:
                verb = token.head
                perfect = any(c.lemma_ == "have" and c.dep_ == "aux" for c in verb.children)
                if verb.lemma_ not in {"be", "have"} and not perfect:
                    return True
        elif word in lexicon.future_predicates and _to_infinitive(token):
            return True
    return False


def is_judgement(tokens: Sequence[Token], lexicon: ClaimLexicon) -> bool:
    for token in tokens:
        word = lemma(token)
        if word in lexicon.evaluative or token.lower_ in lexicon.evaluative:
            return True
        if token.tag_ == "MD" and token.lower_ in lexicon.normative_modals:
            return True
        if token.dep_ == "attr" and word in lexicon.predicate_nouns:
            return True
        if token.tag_ in {"JJS", "RBS"} and not (
            word in lexicon.measurable_superlatives
            or token.lower_ in lexicon.measurable_superlatives
        ):
            return True
    return has_phrase(_words_in(tokens), lexicon.judgement_phrases)


def _denied(noun: Token) -> bool:
    """ "no footage", "not any footage", "without footage", "did not release footage"."""
    if any(c.lower_ == "no" or c.dep_ == "neg" for c in noun.children):
        return True
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "without":
        return True
    return noun.dep_ in {"dobj", "nsubjpass"} and any(c.dep_ == "neg" for c in head.children)


def _first_conjunct(noun: Token) -> Token:
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    return noun


def _reports_evidence(noun: Token, lexicon: ClaimLexicon) -> bool:
    noun = _first_conjunct(noun)
    if _denied(noun):
        return True
    head = noun.head
    if noun.dep_ in {"dobj", "nsubjpass"} and lemma(head) in lexicon.evidence_verbs:
        return True
    return noun.dep_ == "nsubj" and lemma(head) in lexicon.evidence_speaking


def is_evidence(tokens: Sequence[Token], lexicon: ClaimLexicon) -> bool:
    return any(
        t.pos_ in {"NOUN", "PROPN"}
        and lemma(t) in lexicon.evidence_nouns
        and t.dep_ not in {"compound", "attr"}
        and _reports_evidence(t, lexicon)
        for t in tokens
    )


def classify_claim(doc: Doc, indices: Sequence[int], lexicon: ClaimLexicon) -> ClaimType:
    """The type of the claim made of tokens ``indices`` of ``doc`` (see the module doc)."""
    tokens = [doc[i] for i in indices]
    if is_prediction(tokens, lexicon):
        return ClaimType.PREDICTION
    if is_judgement(tokens, lexicon):
        return ClaimType.JUDGEMENT
    if is_evidence(tokens, lexicon):
        return ClaimType.EVIDENCE
    return ClaimType.FACT

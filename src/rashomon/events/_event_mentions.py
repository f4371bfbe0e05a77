"""Trigger mentions as assembling sees them: where each one is (sentence, paragraph,
part, clause), whose voice holds it, its participants, and whether it points back ("the
clashes") or apart ("another strike"); and the index from text offsets to sentences,
paragraphs and tokens."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from rashomon.events._participants import nationality, np_indices, roles
from rashomon.events.ontology import VICTIM_TYPES, words
from rashomon.events.triggers import lemma
from rashomon.model import Claim, EventType, PartKind, TextSpan
from rashomon.parse import ParsedArticle

DEFINITE = frozenset({"the", "this", "that", "these", "those"})
DISTINCT_MODS = words("another separate second third new fresh earlier previous prior latest other")
DISTINCT_ADVERBS = frozenset({"separately", "elsewhere"})
GENERIC_WORDS = words(
    "people person one member other group area location place thing part side number"
)
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "dobj", "pobj", "attr"})
SUBORDINATE_DEPS = frozenset({"advcl", "ccomp", "xcomp", "relcl", "acl", "conj", "parataxis"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class Mention:
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
class Located:
    """A time or place expression with its sentence, paragraph and head token."""

    sentence: int
    paragraph: int
    token: int
    start: int


class ArticleIndex:
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

    def locate(self, span: TextSpan) -> Located:
        """Where a time or place expression is; its token is the head of its phrase."""
        phrase = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        token = phrase.root.i if phrase is not None and len(phrase) else self.token(span.start)
        return Located(
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


def build_mention(
    index: ArticleIndex, claims: Sequence[Claim], kind: EventType, span: TextSpan, token: Token
) -> Mention:
    actor, target, victims = roles(token, kind)
    hint = nationality(token) if actor is None and kind not in VICTIM_TYPES else None
    tokens = [t for t in (actor, target, victims) if t is not None]
    np_tokens = [index.doc[i] for t in tokens for i in np_indices(t)]
    return Mention(
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


def narrow_scopes(mentions: list[Mention]) -> list[Mention]:
    """A clause's dates and places that hang on another trigger are that event's, not this
    one's: in "the strike was the worst since the assault on October 7", October 7 is the
    assault's."""
    narrowed: list[Mention] = []
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
    holders = [claim for claim in claims if holds(claim, span)]
    return all(claim.claimant_id == "outlet" for claim in holders)


class ClaimIndex:
    """The claims holding a span, found by bisection over their fragments' starts (the
    claims of a long article are many: a scan per mention was quadratic)."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self._items = sorted(
            (f.start, f.end, k)
            for k, claim in enumerate(claims)
            for f in (claim.fragments or (claim.text,))
        )
        self._starts = [start for start, _, _ in self._items]
        self._longest = max((end - start for start, end, _ in self._items), default=0)
        self._claims = list(claims)

    def holding(self, span: TextSpan) -> list[Claim]:
        """The claims with a fragment containing ``span``, in claim order."""
        hi = bisect.bisect_right(self._starts, span.start)
        lo = bisect.bisect_left(self._starts, span.start - self._longest)
        found = sorted({k for _, end, k in self._items[lo:hi] if end >= span.end})
        return [self._claims[k] for k in found]


def holds(claim: Claim, span: TextSpan) -> bool:
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


def _np_span(index: ArticleIndex, token: Token | None) -> TextSpan | None:
    if token is None:
        return None
    indices = np_indices(token)
    first, last = index.doc[indices[0]], index.doc[indices[-1]]
    start, end = first.idx, last.idx + len(last.text)
    return TextSpan(start, end, index.text[start:end])

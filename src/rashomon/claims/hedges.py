"""Hedges ("reportedly", "may", "appears to", "if confirmed") and the clause each scopes over.

The scope is the clause the hedge modifies: the dependency subtree of its head, without
coordinated clauses (``conj``/``cc``: "X is unlikely, and Y is proof" scopes over X only),
clipped to the claim. The head is:

- for an adverb ("reportedly", "probably") or a modal ("may", "could"): the verb it modifies;
- for "likely"/"unlikely" as a predicate ("is likely to make"): the copula's clause;
- for a raising verb with a to-infinitive or a that-clause ("appears to", "seems"): the verb;
- for a passive with a to-infinitive ("is said to be", "are believed to"): the verb;
- for "if confirmed": the clause the condition attaches to.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from rashomon.attribution.spans import text_span
from rashomon.claims.classify import ClaimLexicon
from rashomon.model import Hedge, TextSpan

CLAUSE_BREAKS = frozenset({"conj", "cc"})
EDGE = frozenset({",", ";", ":", "—", "–", "-", "(", ")", "."})


def _scope(doc: Doc, head: Token, inside: set[int]) -> TextSpan:
    """The head's subtree minus coordinated clauses, clipped to the claim's tokens."""
    keep = {t.i for t in head.subtree}
    for child in head.children:
        if child.dep_ in CLAUSE_BREAKS:
            keep -= {t.i for t in child.subtree}
    kept = sorted(keep & inside)
    while len(kept) > 1 and doc[kept[-1]].text in EDGE:
        kept.pop()
    while len(kept) > 1 and doc[kept[0]].text in EDGE:
        kept.pop(0)
    first, last = doc[kept[0]], doc[kept[-1]]
    return text_span(doc, first.idx, last.idx + len(last.text))


def _cue(doc: Doc, first: Token, last: Token) -> TextSpan:
    return text_span(doc, first.idx, last.idx + len(last.text))


def _to_after(token: Token) -> Token | None:
    """The "to" (and a following "be") of "appears to", "said to be"."""
    doc = token.doc
    nxt = token.i + 1
    if nxt < len(doc) and doc[nxt].tag_ == "TO":
        if nxt + 1 < len(doc) and doc[nxt + 1].lower_ == "be":
            return doc[nxt + 1]
        return doc[nxt]
    return None


def _has_to_clause(token: Token) -> bool:
    return any(
        c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children) for c in token.children
    )


def _phrase_at(doc: Doc, i: int, hi: int, phrases: Sequence[tuple[str, ...]]) -> int:
    """Length of the hedge phrase starting at token ``i`` (0 when none)."""
    first = doc[i].lower_
    for phrase in phrases:
        n = len(phrase)
        if (
            phrase[0] == first
            and i + n - 1 <= hi
            and tuple(doc[k].lower_ for k in range(i, i + n)) == phrase
        ):
            return n
    return 0


def _hedge_at(doc: Doc, token: Token, hi: int, lexicon: ClaimLexicon) -> tuple[Token, Token] | None:
    """(last cue token, head) when ``token`` starts a hedge, else None."""
    word = token.lower_
    if token.tag_ == "MD" and word in lexicon.hedge_modals:
        return token, token.head
    if token.pos_ == "ADV" and word in lexicon.hedge_adverbs:
        return token, token.head
    if token.pos_ == "ADJ" and word in lexicon.hedge_adjectives:
        return token, token.head
    if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in lexicon.hedge_verbs:
        if _has_to_clause(token):
            return _to_after(token) or token, token
        if any(c.dep_ == "ccomp" for c in token.children):
            return token, token
    if (
        token.tag_ == "VBN"
        and token.lemma_.lower() in lexicon.hedge_passives
        and any(c.dep_ == "auxpass" for c in token.children)
        and _has_to_clause(token)
    ):
        last = _to_after(token)
        if last is not None:
            return last, token
    n = _phrase_at(doc, token.i, hi, lexicon.hedge_phrases)
    if n:
        last = doc[token.i + n - 1]
        return last, last.head
    return None


def find_hedges(doc: Doc, indices: Sequence[int], lexicon: ClaimLexicon) -> tuple[Hedge, ...]:
    """The hedges among tokens ``indices`` of ``doc``, in text order, each with its scope."""
    if not indices:
        return ()
    hi = indices[-1]
    inside = set(indices)
    hedges: list[Hedge] = []
    taken: set[int] = set()
    for i in indices:
        if i in taken:
            continue
        found = _hedge_at(doc, doc[i], hi, lexicon)
        if found is None:
            continue
        last, head = found
        if last.i not in inside:
            continue
        taken.update(range(i, last.i + 1))
        scope_head = head if head.i in inside else doc[i]
        hedges.append(Hedge(cue=_cue(doc, doc[i], last), scope=_scope(doc, scope_head, inside)))
    return tuple(hedges)

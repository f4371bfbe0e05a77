"""Attributions whose cue is a verb: "X said (that) ...", "“...,” X said", "X claimed to ...",
"Y was described by X as ...", "X said: “...”", and noun cues with a clause ("X's claim that ...").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from rashomon.attribution.lexicon import CueEntry, CueLexicon
from rashomon.attribution.quotes import Quote
from rashomon.attribution.spans import subtree_indices

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
CLAUSE_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj", "attr", "oprd")
TOPIC_PREPS = frozenset({"about", "on", "of", "for", "against", "over", "to"})
VERB_POS = frozenset({"VERB", "AUX"})
# "in a statement", "in an interview": kept inside the cue
CUE_PREP_NOUNS = frozenset(
    {"statement", "interview", "tweet", "post", "release", "speech", "letter", "email", "video"}
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An attribution in token indices, before it becomes character spans."""

    cue: tuple[int, ...]
    head: int  # the cue word itself (the verb or noun)
    content: frozenset[int]
    source: frozenset[int]
    entry: CueEntry
    negated: bool = False
    passive: bool = False
    nominal: bool = False
    according_to: bool = False
    quote: Quote | None = None


SOURCE_DROP_PREPS = frozenset(
    {"to", "in", "on", "with", "during", "after", "before", "via", "through"}
)
EXPLETIVE_CUES = frozenset({"seem", "appear", "look", "sound"})


def _np_indices(token: Token) -> set[int]:
    """A noun phrase without relative clauses, trailing "to X"/"in Y" phrases and punctuation."""
    drop = [
        c
        for c in token.children
        if c.i > token.i
        and (c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ in SOURCE_DROP_PREPS))
    ]
    indices = subtree_indices(token, exclude=drop)
    doc = token.doc
    # "By Wednesday morning hospital officials said": a date the parser glued on
    for i in sorted(indices):
        if i == token.i or doc[i].ent_type_ not in ("DATE", "TIME"):
            break
        indices.discard(i)
    return indices


def left_np(token: Token) -> set[int]:
    """A noun with its left modifiers only ("the Gaza Health Ministry")."""
    keep = {token.i}
    for child in token.children:
        if child.i < token.i:
            keep |= {t.i for t in child.subtree}
    return keep


def find_source(cue: Token, *, depth: int = 0) -> set[int]:
    """Token indices of the source of a verb cue (empty when the text names none)."""
    for child in cue.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _np_indices(objects[0])
    for child in cue.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in RELATIVE_PRONOUNS and cue.dep_ == "relcl":
                # "the blast, which the ministry said killed ...": the noun between the
                # pronoun and the verb speaks; "the government who vowed": the antecedent
                between = [t for t in cue.doc[child.i + 1 : cue.i] if t.pos_ in ("NOUN", "PROPN")]
                if between:
                    return left_np(between[-1])
                return _np_indices(cue.head)
            if child.lower_ == "it" and any(c.dep_ == "ccomp" for c in cue.children):
                continue  # "it was said that ..."
            return _np_indices(child)
    if cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN") and cue.tag_ == "VBG":
        return _np_indices(cue.head) - {t.i for t in cue.subtree}  # "headlines saying that"
    if any(c.dep_ == "auxpass" for c in cue.children):
        return set()  # a passive cue speaks only through its agent ("was described by X")
    if depth < 3 and cue.dep_ in ("conj", "xcomp", "advcl", "ccomp") and cue.head.i != cue.i:
        head = cue.head
        if cue.dep_ == "advcl" and cue.tag_ != "VBG":
            return set()
        if head.pos_ in VERB_POS:
            return find_source(head, depth=depth + 1)
    return set()


def cue_tokens(cue: Token) -> tuple[int, ...]:
    """The cue verb with its auxiliaries, negation and particle ("did not say", "pointed out"),
    plus "in a statement" when it hangs on the verb."""
    keep = {cue.i}
    for child in cue.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") and abs(child.i - cue.i) <= 3:
            keep.add(child.i)
        elif child.dep_ == "prep" and child.lower_ == "in":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].lemma_.lower() in CUE_PREP_NOUNS:
                keep |= subtree_indices(child)
    return tuple(sorted(keep))


def _clause(cue: Token) -> Token | None:
    for dep in CLAUSE_DEPS:
        for child in cue.children:
            if child.dep_ == dep and child.i > cue.i - 40:
                return child
    return None


def _that_clause_below(cue: Token) -> Token | None:
    """A "that ..." clause the parser hung lower in the cue's subtree (misattachment)."""
    for token in cue.subtree:
        if token is cue or token.dep_ != "mark" or token.lower_ != "that":
            continue
        clause = token.head
        if clause.i > cue.i and clause.pos_ in VERB_POS and clause.dep_ != "acl":
            return clause  # an "acl" clause completes a noun ("the claim that"): not ours
    return None


def _quote_after_colon(cue: Token, quotes: list[Quote]) -> Quote | None:
    sent = cue.sent
    last = sent[-1] if not sent[-1].is_space else sent[-2] if len(sent) > 1 else sent[-1]
    tail = [t for t in sent if t.i > cue.i and not t.is_space]
    if not tail or last.text != ":":
        return None
    for quote in quotes:
        if quote.start >= last.idx and quote.start - last.idx < 8:
            return quote
    return None


def _quote_before(cue: Token, quotes: list[Quote]) -> Quote | None:
    """“...?” he said. — the parser ended the sentence at the quote; the cue opens the next.

    Only when nothing but the subject (and adverbs, auxiliaries) precedes the cue.
    """
    if any(c.dep_ in CLAUSE_DEPS for c in cue.children):
        return None
    sent = cue.sent
    subject = {t.i for c in cue.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
    for token in sent:
        if token.i >= cue.i:
            break
        if token.i not in subject and token.dep_ not in ("advmod", "aux", "neg", "punct"):
            return None
        if token.is_space:
            return None
    start = sent[0].idx
    for quote in quotes:
        if 0 <= start - quote.end <= 2:
            return quote
    return None


def find_content(
    cue: Token, entry: CueEntry, quotes: list[Quote]
) -> tuple[set[int], Quote | None, bool]:
    """(content token indices, a quote it is, whether the complement is a clause)."""
    colon_quote = _quote_after_colon(cue, quotes)
    if colon_quote is not None:
        return set(), colon_quote, True
    clause = _clause(cue)
    if clause is not None:
        indices = subtree_indices(clause)
        if not any(c.dep_ in SUBJECT_DEPS for c in clause.children):
            # "stated [between 500 and 800 people] had been killed": the parser hung the
            # clause's subject on the cue
            between = [
                c for c in cue.children if cue.i < c.i < clause.i and c.dep_ in ("prep", "npadvmod")
            ]
            for child in between:
                indices |= subtree_indices(child)
        return indices, None, True
    if cue.dep_ == "relcl" and any(
        c.dep_ == "dobj" and c.lower_ in RELATIVE_PRONOUNS for c in cue.children
    ):
        # "the nearly 500 deaths that health authorities described": the antecedent
        return _np_indices(cue.head), None, False
    # passive "X was described by Y as Z": content is Z, or the passive subject
    is_passive = any(c.dep_ == "auxpass" for c in cue.children)
    if is_passive:
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ == "as":
                return subtree_indices(child), None, True
        for child in cue.children:
            if child.dep_ == "nsubjpass":
                return _np_indices(child), None, False
    # inverted or parenthetical: "The economy, he said, is strong"
    if (
        cue.dep_ in ("parataxis", "ccomp")
        and not entry.clause_only
        and cue.head.pos_ in VERB_POS
        and not any(c.dep_ in OBJECT_DEPS for c in cue.children)
        and cue.i > cue.head.i - 30
    ):
        return subtree_indices(cue.head, exclude=[cue]), None, True
    before = _quote_before(cue, quotes)
    if before is not None:
        return set(), before, True
    lower = _that_clause_below(cue)
    if lower is not None:
        return subtree_indices(lower), None, True
    for child in cue.children:
        if child.dep_ in OBJECT_DEPS and child.i > cue.i:
            return subtree_indices(child), None, False
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS and child.i > cue.i:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return subtree_indices(child), None, False
    return set(), None, False


def verb_candidates(doc: Doc, lexicon: CueLexicon, quotes: list[Quote]) -> Iterator[Candidate]:
    """Every verb cue of the lexicon with a content it governs."""
    for token in doc:
        verbish = token.pos_ in VERB_POS or (
            token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children)
        )
        if not verbish:
            continue
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            continue  # handled by according_to_candidates
        entry = lexicon.verb(token.lemma_)
        if entry is None:
            continue
        content, quote, is_clause = find_content(token, entry, quotes)
        if not content and quote is None:
            continue
        if entry.clause_only and not is_clause:
            continue
        cue = cue_tokens(token)
        content = set(content) - set(cue)
        source = find_source(token) - content - set(cue)
        if not source and not is_clause:
            continue  # "very little was added", "to defend the city": no speaker, no claim
        subject = [doc[i] for i in source]
        if len(subject) == 1 and subject[0].lower_ == "it" and entry.lemma in EXPLETIVE_CUES:
            continue  # "it seems that": no speaker
        if (
            token.dep_ == "advcl"
            and token.tag_ == "VBG"
            and not is_clause
            and not any(c.dep_ in SUBJECT_DEPS for c in token.children)
        ):
            continue  # "released a video, showing a scene": the participle is not speech
        yield Candidate(
            cue=cue,
            head=token.i,
            content=frozenset(content),
            source=frozenset(source),
            entry=entry,
            negated=any(c.dep_ == "neg" for c in token.children),
            passive=any(c.dep_ == "auxpass" for c in token.children)
            and any(c.dep_ == "agent" for c in token.children),
            quote=quote,
        )


def according_to_candidates(doc: Doc, lexicon: CueLexicon) -> Iterator[Candidate]:
    """ "according to X": the source is X, the content the clause it modifies."""
    entry = lexicon.verb("accord") or CueEntry(lemma="accord")
    for token in doc[:-1]:
        if token.lower_ != "according" or doc[token.i + 1].lower_ != "to":
            continue
        to = doc[token.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] + [
            c for c in token.children if c.dep_ == "pobj"
        ]
        if not objects:
            continue
        source = _np_indices(objects[0])
        phrase = subtree_indices(token) | {to.i} | source
        sent: Span = token.sent
        anchor = token.head if token.head.i != token.i else sent.root
        if anchor.dep_ in ("pobj", "dobj", "nsubj") or anchor.pos_ not in VERB_POS:
            # "the toll, according to X, is ..." may hang on a noun: use the clause
            anchor = sent.root
        content = subtree_indices(anchor) - phrase
        content = {i for i in content if sent.start <= i < sent.end}
        if not content:
            continue
        yield Candidate(
            cue=(token.i, to.i),
            head=token.i,
            content=frozenset(content),
            source=frozenset(source),
            entry=entry,
            according_to=True,
        )


def noun_candidates(doc: Doc, lexicon: CueLexicon) -> Iterator[Candidate]:
    """Noun cues with a clause: "X's claim that ...", "the latest claim is that ..."."""
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        entry = lexicon.noun(token.lemma_)
        if entry is None:
            continue
        clause = next(
            (
                c
                for c in token.children
                if c.dep_ in ("acl", "ccomp")
                and c.i > token.i
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ),
            None,
        )
        if clause is None and token.dep_ == "nsubj" and token.head.lemma_ == "be":
            clause = next((c for c in token.head.children if c.dep_ == "ccomp"), None)
        if clause is None:
            continue
        source: set[int] = set()
        for child in token.children:
            if child.dep_ == "poss" or (child.dep_ == "compound" and child.ent_type_):
                source = _np_indices(child)
                source.discard(token.i)
                break
        yield Candidate(
            cue=(token.i,),
            head=token.i,
            content=frozenset(subtree_indices(clause)),
            source=frozenset(source),
            entry=entry,
            nominal=True,
        )

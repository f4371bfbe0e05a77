"""Reporting patterns the dependency rules miss.

- inverted reporting after the content: "300 people were killed, reported local authorities."
- a participle with an agent: "figures initially cited by Hamas of more than 500"
- toll verbs: "sources putting the figure at between 150 and 300", "raised the toll to 44"
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from rashomon.attribution.lexicon import CueEntry, CueLexicon
from rashomon.attribution.spans import subtree_indices
from rashomon.attribution.verbal import Candidate, find_source, left_np

TOLL_VERBS = frozenset({"put", "place", "set", "estimate", "raise", "revise", "lower", "bring"})
TOLL_NOUNS = frozenset({"figure", "toll", "number", "count", "tally", "estimate"})
INVERTED_VERBS = frozenset(
    {"say", "report", "tell", "add", "claim", "state", "announce", "write", "insist", "note"}
)


def inverted_candidates(doc: Doc, lexicon: CueLexicon) -> Iterator[Candidate]:
    """ "<content>, reported local authorities." The speaker follows the verb."""
    for token in doc:
        if token.lemma_.lower() not in INVERTED_VERBS or token.i == 0:
            continue
        if doc[token.i - 1].text != "," or any(
            c.dep_ in ("nsubj", "nsubjpass", "ccomp", "xcomp") for c in token.children
        ):
            continue
        sent = token.sent
        speakers = [c for c in token.children if c.dep_ in ("dobj", "attr") and c.i > token.i]
        if not speakers:
            continue
        speaker = speakers[0]
        tail = [t for t in sent if t.i > speaker.right_edge.i and not t.is_punct and not t.is_space]
        if tail:
            continue  # something follows the speaker: not a closing attribution
        content = {t.i for t in sent if t.i < token.i - 1}
        entry = lexicon.verb(token.lemma_) or CueEntry(lemma=token.lemma_.lower())
        yield Candidate(
            cue=(token.i,),
            head=token.i,
            content=frozenset(content),
            source=frozenset(subtree_indices(speaker)),
            entry=entry,
        )


def cited_by_candidates(doc: Doc, lexicon: CueLexicon) -> Iterator[Candidate]:
    """A participle with an agent modifying a noun: "figures cited by Hamas of more than 500"."""
    for token in doc:
        if token.dep_ != "acl" or token.tag_ != "VBN":
            continue
        entry = lexicon.verb(token.lemma_)
        if entry is None:
            continue
        agents = [c for c in token.children if c.dep_ == "agent"]
        objects = [c for a in agents for c in a.children if c.dep_ == "pobj"]
        if not objects:
            continue
        source = left_np(objects[0])
        head = token.head
        content = subtree_indices(head) - source - {token.i, agents[0].i}
        content -= {t.i for t in token.subtree if t.dep_ == "advmod" and t.head == token}
        yield Candidate(
            cue=(token.i,),
            head=token.i,
            content=frozenset(content),
            source=frozenset(source),
            entry=entry,
        )


def toll_candidates(doc: Doc) -> Iterator[Candidate]:
    """ "put the figure at 150", "raised the death toll to 44": a claimant's count."""
    for token in doc:
        if token.lemma_.lower() not in TOLL_VERBS or token.pos_ != "VERB":
            continue
        objects = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in TOLL_NOUNS]
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "to")]
        if not objects or not preps:
            continue
        content = subtree_indices(objects[0]) | subtree_indices(preps[0])
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if not subjects:
            continue  # a coordinated verb may belong to a quoted clause: don't guess
        source = find_source(token) - content
        yield Candidate(
            cue=(token.i,),
            head=token.i,
            content=frozenset(content),
            source=frozenset(source),
            entry=CueEntry(lemma=token.lemma_.lower()),
        )

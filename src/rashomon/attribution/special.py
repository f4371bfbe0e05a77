"""Reporting patterns the dependency rules miss.

- inverted reporting after the content: "300 people were killed, reported local authorities."
- a participle with an agent: "figures initially cited by Hamas of more than 500"
- toll verbs: "sources putting the figure at between 150 and 300", "raised the toll to 44"
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from rashomon.attribution.lexicon import CueEntry, CueLexicon
from rashomon.attribution.spans import doc_text, subtree_indices
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
        # "raised the toll to six, with at least 40 injured and 16 missing"
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "with":
                content |= subtree_indices(child)
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


# "<content>, the press service of X reports." / "“...,” Kharkiv's mayor, Igor Terekhov,
# posted on Telegram.": a source and a reporting verb closing the sentence, where the
# parser often fails (it reads "reports" as a noun, "posted" as a participle).
TRAILING_VERBS = frozenset(
    {
        "says",
        "said",
        "reports",
        "reported",
        "posted",
        "writes",
        "wrote",
        "adds",
        "added",
        "states",
        "stated",
        "notes",
        "noted",
        "announced",
        "announces",
        "claims",
        "claimed",
        "confirmed",
        "confirms",
    }
)
TAIL_PREPS = frozenset(
    {"on", "in", "via", "to", "at", "during", "from", "late", "earlier", "later"}
)
_MAX_SOURCE_TOKENS = 14
_MAX_TAIL_TOKENS = 8
_CLOSING_QUOTES = frozenset({"”", '"', "’’", "''"})


def _well_parsed(verb: Token) -> bool:
    """The dependency rules read this verb already: a root verb with its own subject."""
    return verb.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def trailing_candidates(doc: Doc, lexicon: CueLexicon) -> Iterator[Candidate]:
    """ "<content>, <source> <verb> [on Telegram]." The source sits between the last comma
    (or closing quote) and a reporting verb that ends the sentence."""
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        while words and words[-1].is_punct:
            words.pop()
        verb_at = next(
            (
                k
                for k in range(len(words) - 1, max(len(words) - 2 - _MAX_TAIL_TOKENS, -1), -1)
                if words[k].lower_ in TRAILING_VERBS
            ),
            None,
        )
        if verb_at is None or _well_parsed(words[verb_at]):
            continue
        tail = words[verb_at + 1 :]
        verbs_in_tail = any(t.pos_ in ("VERB", "AUX") for t in tail)
        if tail and (tail[0].lower_ not in TAIL_PREPS or verbs_in_tail):
            continue
        boundary = _source_boundary(words, verb_at)
        if boundary is None:
            continue
        source = words[boundary + 1 : verb_at]
        content = [t for t in words[:boundary] if not t.is_punct or t.text not in ","]
        if len(content) < 3 or not source:
            continue
        verb = words[verb_at]
        lemma = verb.lemma_.lower() if verb.pos_ == "VERB" else verb.lower_.rstrip("s")
        entry = lexicon.verb(lemma) or CueEntry(lemma=lemma)
        yield Candidate(
            cue=(verb.i,),
            head=verb.i,
            content=frozenset(t.i for t in content),
            source=frozenset(t.i for t in source if not (t.is_punct and t.text == ",")),
            entry=entry,
        )


def _source_boundary(words: list[Token], verb_at: int) -> int | None:
    """Index of the comma or closing quote before the source; None when what lies between
    is no bare noun phrase (a verb, too long, nothing naming anyone)."""
    for k in range(verb_at - 1, max(verb_at - 2 - _MAX_SOURCE_TOKENS, -1), -1):
        token = words[k]
        if token.text in _CLOSING_QUOTES or (
            token.text == "," and k > 0 and words[k - 1].text in _CLOSING_QUOTES
        ):
            return k
        if token.pos_ in ("VERB", "AUX") and token.tag_ != "VBN":
            return None
    for k in range(verb_at - 1, max(verb_at - 2 - _MAX_SOURCE_TOKENS, -1), -1):
        if words[k].text == ",":
            between = words[k + 1 : verb_at]
            if any(t.pos_ in ("NOUN", "PROPN") for t in between):
                return k
            return None
    return None


_DASH = frozenset({"–", "—", "-"})
SOURCE_HEADS = frozenset(
    {
        "office",
        "ministry",
        "service",
        "police",
        "army",
        "military",
        "governor",
        "mayor",
        "prosecutor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "authorities",
        "administration",
        "media",
        "sources",
        "source",
        "minister",
        "president",
        "command",
        "forces",
        "agency",
    }
)


def headline_dash_candidates(doc: Doc, title_end: int) -> Iterator[Candidate]:
    """A title "<statement> – <source>" ("Death toll rises to 17 – prosecutor's office"):
    the closing noun phrase after a dash names who says it, when its head is a source noun
    (an office, ministry, official...) or a person's name."""
    words = [t for t in doc if t.idx < title_end and not t.is_space]
    dashes = [k for k, t in enumerate(words) if t.text in _DASH and t.whitespace_]
    if not dashes:
        return
    k = dashes[-1]
    source, content = words[k + 1 :], words[:k]
    if not 1 <= len(source) <= 8 or len(content) < 3:
        return
    if any(t.pos_ in ("VERB", "AUX") for t in source):
        return
    last = source[-1]
    named = all(t.ent_type_ == "PERSON" or t.is_punct for t in source)
    if last.lower_ not in SOURCE_HEADS and not named:
        return
    yield Candidate(
        cue=(words[k].i,),
        head=words[k].i,
        content=frozenset(t.i for t in content),
        source=frozenset(t.i for t in source),
        entry=CueEntry(lemma=":"),
    )


COUNT_VERBS = frozenset({"count", "tally", "tabulate"})


def count_candidates(doc: Doc) -> Iterator[Candidate]:
    """ "Associated Press journalists counted over 40 bodies": who counts states the count."""
    for token in doc:
        if token.lemma_.lower() not in COUNT_VERBS or token.pos_ != "VERB":
            continue
        objects = [c for c in token.children if c.dep_ == "dobj"]
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if not objects or not subjects:
            continue
        if not any(t.like_num or t.pos_ == "NUM" for t in objects[0].subtree):
            continue
        content = subtree_indices(objects[0])
        yield Candidate(
            cue=(token.i,),
            head=token.i,
            content=frozenset(content),
            source=frozenset(find_source(token) - content),
            entry=CueEntry(lemma=token.lemma_.lower()),
        )


_SOURCE_LABELS = frozenset({"source", "sources"})


def source_line_candidates(doc: Doc) -> Iterator[Candidate]:
    """ "Source: Ihor Terekhov, Kharkiv Mayor, on Telegram" on a line of its own after the
    lede: the named source states the paragraph above it."""
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if len(words) < 3 or words[0].lower_ not in _SOURCE_LABELS or words[1].text != ":":
            continue
        name: list[Token] = []
        for token in words[2:]:
            if token.text in (",", ";", "(") or (token.pos_ == "ADP" and name):
                break
            name.append(token)
        above = _paragraph_before(doc, words[0].i)
        if not name or len(above) < 3:
            continue
        yield Candidate(
            cue=(words[0].i, words[1].i),
            head=words[1].i,
            content=frozenset(t.i for t in above),
            source=frozenset(t.i for t in name),
            entry=CueEntry(lemma=":"),
        )


def _paragraph_before(doc: Doc, start: int) -> list[Token]:
    """The tokens of the paragraph that ends right before token ``start``."""
    tokens: list[Token] = []
    i = start - 1
    while i >= 0 and ("\n" in doc[i].text or doc[i].is_space):
        i -= 1  # the line breaks between the two
    while i >= 0 and "\n" not in doc[i].text and "\n" not in doc[i].whitespace_:
        tokens.append(doc[i])
        i -= 1
    return [t for t in reversed(tokens) if not t.is_space]


# An embedded social-media post as pages render it: "<text> pic.twitter.com/x — Name
# (@handle) May 25, 2024": the poster states the text above the signature.
_EMBEDDED_POST = re.compile(
    r"(?P<content>\S.*?)\s*(?:pic\.twitter\.com/\S+|https?://t\.co/\S+)?\s*[—–]\s*"
    r"(?P<name>[^()\n—–]{2,80}?)\s*\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$"
)


def embedded_post_candidates(doc: Doc) -> Iterator[Candidate]:
    """The text of an embedded post is its poster's: "... — Ihor L. (@handle) May 25, 2024"."""
    text = doc_text(doc)
    start = 0
    for line in text.split("\n"):
        match = _EMBEDDED_POST.fullmatch(line.rstrip())
        if match is not None:
            content = doc.char_span(
                start + match.start("content"),
                start + match.end("content"),
                alignment_mode="contract",
            )
            name = doc.char_span(
                start + match.start("name"), start + match.end("name"), alignment_mode="expand"
            )
            if content is not None and name is not None and len(content) >= 3:
                dash = next((t for t in doc[content.end : name.start] if t.text in "—–"), None)
                if dash is not None:
                    yield Candidate(
                        cue=(dash.i,),
                        head=dash.i,
                        content=frozenset(t.i for t in content),
                        source=frozenset(t.i for t in name),
                        entry=CueEntry(lemma=":"),
                    )
        start += len(line) + 1


_QUOTE_LINE = re.compile(r"Quote(?: from (?P<name>[^:\n]{2,60}))?:[ \t]*(?P<content>\S.*)")
_SOURCE_LINE = re.compile(r"Sources?:[ \t]*(?P<name>[^,;(\n]{2,80})")


def quote_line_candidates(doc: Doc) -> Iterator[Candidate]:
    """ "Source: X" then "Quote: "..."" (or "Quote from X: "...""): the quote is X's, a
    page layout some outlets use for every report."""
    text = doc_text(doc)
    start = 0
    source: Span | None = None
    for line in text.split("\n"):
        stripped = line.rstrip()
        if (found := _SOURCE_LINE.match(stripped)) is not None:
            source = doc.char_span(
                start + found.start("name"), start + found.end("name"), alignment_mode="expand"
            )
        elif (quoted := _QUOTE_LINE.match(stripped)) is not None:
            named = quoted.group("name")
            speaker = (
                doc.char_span(
                    start + quoted.start("name"),
                    start + quoted.end("name"),
                    alignment_mode="expand",
                )
                if named
                else source
            )
            content = doc.char_span(
                start + quoted.start("content"), start + len(stripped), "contract"
            )
            label = doc.char_span(start, start + quoted.start("content"), alignment_mode="contract")
            if speaker is not None and content is not None and label is not None and len(content):
                yield Candidate(
                    cue=tuple(t.i for t in label if t.i not in {s.i for s in speaker}),
                    head=label[0].i,
                    content=frozenset(t.i for t in content),
                    source=frozenset(t.i for t in speaker),
                    entry=CueEntry(lemma=":"),
                )
        start += len(line) + 1

"""Tag sequences -> attributions (token indices), then -> ``Attribution`` records.

Tags are BIO over spaCy tokens: ``B-SOURCE I-SOURCE B-CUE I-CUE B-CONTENT I-CONTENT O``.
PolNeAR is univocal (a token has one role in one attribution), so an attribution is
anchored on its cue: every content run goes to one cue, and the content runs of a cue
are the fragments of one (possibly discontinuous) content. A source run goes to the
cue it depends on (or the nearest cue of the sentence); a cue left without a source
borrows the source of the cue it is coordinated with ("X said A, adding B").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from rashomon.attribution.verbal import find_source

ROLES = ("SOURCE", "CUE", "CONTENT")
LABELS = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
MAX_CLIMB = 8
CUE_GAP = 2  # cue runs this close (in tokens) in one sentence are one cue: "did not ... say"


@dataclass(frozen=True, slots=True)
class Run:
    """Tokens ``start..end-1`` (space tokens included) tagged with one role."""

    role: str
    start: int
    end: int
    tokens: tuple[int, ...]


@dataclass(slots=True)
class Decoded:
    """One attribution in token indices. ``cue`` may be empty (a content without cue)."""

    cue: tuple[int, ...]
    content: list[int] = field(default_factory=list)
    source: tuple[int, ...] = ()


def runs(doc: Doc, tags: Sequence[str]) -> list[Run]:
    """Maximal runs of one role. Whitespace tokens neither start nor break a run; an I-X
    after a token of another role starts a new run, like B-X."""
    out: list[Run] = []
    current: list[int] = []
    role = ""
    for i, t in enumerate(doc):
        if t.is_space:
            continue
        tag = tags[i]
        r = tag[2:] if tag != "O" else ""
        if r and tag[0] == "I" and r == role and current:
            current.append(i)
            continue
        if current:
            out.append(Run(role, current[0], current[-1] + 1, tuple(current)))
        current = [i] if r else []
        role = r
    if current:
        out.append(Run(role, current[0], current[-1] + 1, tuple(current)))
    return out


OPENING_QUOTES = frozenset({"“", '"', "‘", "'", "«", "``"})


def paragraph_numbers(doc: Doc) -> list[int]:
    """The paragraph number of every token: a line break ends a paragraph."""
    numbers: list[int] = []
    paragraph = 0
    for token in doc:
        numbers.append(paragraph)
        if "\n" in token.text or "\n" in token.whitespace_:
            paragraph += 1
    return numbers


def _near_cues(doc: Doc, run: Run, cues: list[Run], paragraphs: list[int]) -> list[int]:
    """Cues a cueless content run may resume: those of its paragraph, or any for a run that
    opens a quotation (a new paragraph of quotes goes on with the same speaker)."""
    if doc[run.tokens[0]].text in OPENING_QUOTES:
        return list(range(len(cues)))
    here = paragraphs[run.tokens[0]]
    return [k for k, cue in enumerate(cues) if any(paragraphs[i] == here for i in cue.tokens)]


def sentence_numbers(doc: Doc) -> list[int]:
    """The sentence number of every token (``Token.sent`` is slow: it walks the doc)."""
    out = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        out[sent.start : sent.end] = [k] * (sent.end - sent.start)
    return out


def _merge_cues(doc: Doc, cues: list[Run], tags: Sequence[str], sent_of: list[int]) -> list[Run]:
    merged: list[Run] = []
    for run in cues:
        if merged:
            prev = merged[-1]
            gap = [i for i in range(prev.end, run.start) if not doc[i].is_space]
            same_sent = sent_of[prev.start] == sent_of[run.start]
            if (
                same_sent
                and len(gap) <= CUE_GAP
                and all(tags[i] == "O" for i in gap)
                and all(not doc[i].is_punct for i in gap)
            ):
                merged[-1] = Run("CUE", prev.start, run.end, prev.tokens + run.tokens)
                continue
        merged.append(run)
    return merged


def _climb_to(doc: Doc, run: Run, owner: dict[int, int], steps: int = MAX_CLIMB) -> int | None:
    """The run (index in ``owner``) that a token of ``run`` depends on, climbing heads."""
    inside = set(run.tokens)
    for i in run.tokens:
        tok = doc[i]
        if tok.head.i in inside and tok.head.i != i:
            continue
        cur = tok
        for _ in range(steps):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.i in owner:
                return owner[cur.i]
            if cur.i in inside:
                break
    return None


def _split_by_sentence(run: Run, sent_of: list[int]) -> list[Run]:
    pieces: list[list[int]] = []
    for i in run.tokens:
        if pieces and sent_of[pieces[-1][-1]] == sent_of[i]:
            pieces[-1].append(i)
        else:
            pieces.append([i])
    return [Run(run.role, p[0], p[-1] + 1, tuple(p)) for p in pieces]


def _distance(a: Run, b: Run) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _syntactic_source(
    doc: Doc, cue: Run, tags: Sequence[str], sent_of: list[int]
) -> tuple[int, ...]:
    """A source the tagger missed: the subject (or passive agent) of the cue verb, as the
    rules find it; for a headline cue "Name: ...", the short stretch before the colon."""
    root = next((doc[i] for i in cue.tokens if doc[i].head.i not in cue.tokens), doc[cue.start])
    if root.text == ":":
        start = cue.start
        while (
            start > 0 and sent_of[start - 1] == sent_of[cue.start] and not doc[start - 1].is_space
        ):
            start -= 1
        words = [i for i in range(start, cue.start) if not doc[i].is_punct]
        if 0 < len(words) <= 4 and all(tags[i] == "O" for i in range(start, cue.start)):
            return tuple(range(start, cue.start))
        return ()
    if root.pos_ not in ("VERB", "AUX"):
        return ()
    found = find_source(root)
    if not found or any(tags[i] != "O" for i in found):
        return ()
    return tuple(sorted(found))


def decode(
    doc: Doc, tags: Sequence[str], *, keep_cueless: bool = False, syntax_sources: bool = True
) -> list[Decoded]:
    """Group the tagged runs of ``doc`` into attributions (token indices), in text order.

    ``keep_cueless``: keep content runs that no cue claims (with no cue, no source).
    ``syntax_sources``: a cue left without a tagged source takes its syntactic subject.
    """
    all_runs = runs(doc, tags)
    sent_of = sentence_numbers(doc)
    cues = _merge_cues(doc, [r for r in all_runs if r.role == "CUE"], tags, sent_of)
    contents = [r for r in all_runs if r.role == "CONTENT"]
    sources = [r for r in all_runs if r.role == "SOURCE"]

    def sents(run: Run) -> set[int]:
        return {sent_of[i] for i in run.tokens}

    paragraphs: list[int] | None = None
    cue_owner = {i: k for k, c in enumerate(cues) for i in c.tokens}
    cue_sents = [sents(c) for c in cues]
    found: dict[int, Decoded] = {}
    cueless: list[Decoded] = []
    for run in contents:
        # one piece per sentence: a run may run on into the next attribution's sentence
        pieces = _split_by_sentence(run, sent_of)
        chosen: list[int | None] = []
        for piece in pieces:
            k = _climb_to(doc, piece, cue_owner)
            ps = sents(piece)
            if k is not None and not (cue_sents[k] & ps):
                k = None  # only syntax inside the sentence of the piece
            if k is None and chosen and chosen[-1] is not None:
                k = chosen[-1]  # the run goes on into this sentence: same content
            if k is None:
                same = [
                    (_distance(piece, cues[c]), c) for c in range(len(cues)) if cue_sents[c] & ps
                ]
                if same:
                    k = min(same)[1]
            chosen.append(k)
        # a piece without a cue of its own continues its neighbour piece of the same run
        for idx in range(len(pieces)):
            if chosen[idx] is None and idx > 0:
                chosen[idx] = chosen[idx - 1]
        for idx in range(len(pieces) - 1, -1, -1):
            if chosen[idx] is None and idx + 1 < len(pieces):
                chosen[idx] = chosen[idx + 1]
        if chosen and chosen[0] is None:
            # no cue in any sentence of the run: the cue of the sentence just before
            # ("“A,” she said. “B.”": B resumes the quote), else the one just after
            first, last = sent_of[run.tokens[0]], sent_of[run.tokens[-1]]
            # across a paragraph break only a quotation resumes (a new paragraph of quotes)
            paragraphs = paragraph_numbers(doc) if paragraphs is None else paragraphs
            resumable = _near_cues(doc, run, cues, paragraphs)
            before = [(_distance(run, cues[c]), c) for c in resumable if first - 1 in cue_sents[c]]
            after = [(_distance(run, cues[c]), c) for c in resumable if last + 1 in cue_sents[c]]
            k = min(before)[1] if before else min(after)[1] if after else None
            chosen = [k] * len(pieces)
        for piece, k in zip(pieces, chosen, strict=True):
            if k is None:
                if keep_cueless:
                    cueless.append(Decoded(cue=(), content=list(piece.tokens)))
                continue
            found.setdefault(k, Decoded(cue=cues[k].tokens)).content.extend(piece.tokens)
    # sources: to the cue they depend on, else the nearest cue of the sentence
    source_of: dict[int, Run] = {}
    for run in sources:
        k = _climb_to(doc, run, cue_owner, steps=4)
        rs = sents(run)
        if k is not None and not (cue_sents[k] & rs):
            k = None
        if k is None or k in source_of:
            near = [
                (_distance(run, cues[c]), c)
                for c in range(len(cues))
                if cue_sents[c] & rs and c not in source_of
            ]
            if near:
                k = min(near)[1]
        if k is not None and k not in source_of:
            source_of[k] = run
    for k, att in found.items():
        if k in source_of:
            att.source = source_of[k].tokens
            continue
        head = doc[cues[k].tokens[0]]
        # coordinated / subordinated cue: borrow the source of the governing cue
        for tok in (doc[i] for i in cues[k].tokens):
            if (
                tok.dep_ in ("conj", "advcl", "xcomp", "ccomp", "parataxis")
                and tok.head.i in cue_owner
            ):
                other = cue_owner[tok.head.i]
                if other in source_of:
                    att.source = source_of[other].tokens
                    break
        if att.source:
            continue
        # else the nearest source run before it in the sentence, else its syntactic subject
        preceding = [
            (_distance(s, cues[k]), s)
            for s in sources
            if sent_of[s.start] in cue_sents[k] and s.start < head.i
        ]
        if preceding:
            att.source = min(preceding, key=lambda x: x[0])[1].tokens
        elif syntax_sources:
            att.source = _syntactic_source(doc, cues[k], tags, sent_of)
    out = list(found.values()) + cueless
    for att in out:
        att.content.sort()
    out.sort(key=lambda a: (a.content[0], a.content[-1]))
    return out

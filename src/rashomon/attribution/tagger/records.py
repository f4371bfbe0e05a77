"""Decoded token-index attributions -> ``rashomon.model.Attribution`` records."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from rashomon.attribution.lexicon import CueLexicon
from rashomon.attribution.quotes import find_quotes, quote_kind, quote_mask
from rashomon.attribution.spans import EDGE_PUNCT, doc_text, token_fragments
from rashomon.attribution.tagger.decode import Decoded
from rashomon.model import (
    OUTLET_PARTS,
    Article,
    Attribution,
    AttributionKind,
    CueStance,
    PartKind,
    TextSpan,
)


def _join(fragments: tuple[TextSpan, ...], text: str) -> tuple[TextSpan, ...]:
    """Fragments with only whitespace between them become one."""
    merged: list[tuple[int, int]] = []
    for f in fragments:
        if merged and not text[merged[-1][1] : f.start].strip():
            merged[-1] = (merged[-1][0], f.end)
        else:
            merged.append((f.start, f.end))
    return tuple(TextSpan(s, e, text[s:e]) for s, e in merged)


def _single(
    doc: Doc, text: str, indices: Sequence[int], trim: frozenset[str] = EDGE_PUNCT
) -> TextSpan | None:
    found = token_fragments(doc, indices, trim=trim)
    if not found:
        return None
    start, end = found[0].start, found[-1].end
    return TextSpan(start, end, text[start:end])


def to_attributions(
    doc: Doc, article: Article, decoded: Sequence[Decoded], lexicon: CueLexicon, version: str
) -> list[Attribution]:
    """Attribution records (method "tagger") in text order of content; boilerplate dropped."""
    text = doc_text(doc)
    mask = quote_mask(text, find_quotes(text))
    out: list[Attribution] = []
    for d in decoded:
        content = _join(token_fragments(doc, d.content), text)
        if not content:
            continue
        cue = _single(doc, text, d.cue, trim=frozenset())
        source = _single(doc, text, d.source)
        anchor = cue.start if cue is not None else content[0].start
        part = article.part_at(anchor)
        kind_of_part = part.kind if part is not None else PartKind.BODY
        if kind_of_part not in OUTLET_PARTS and kind_of_part is not PartKind.COMMENT:
            continue
        reporter = (
            f"reader-{part.index or 1}"
            if part is not None and part.kind is PartKind.COMMENT
            else "outlet"
        )
        stance = CueStance.NEUTRAL
        negated = passive = nominal = False
        if d.cue:
            heads = [doc[i] for i in d.cue if doc[i].head.i not in d.cue or doc[i].head.i == i]
            head = heads[0] if heads else doc[d.cue[0]]
            entry = (
                lexicon.noun(head.lemma_)
                if head.pos_ in ("NOUN", "PROPN")
                else lexicon.verb(head.lemma_)
            )
            if entry is not None:
                stance = entry.stance
            nominal = head.pos_ in ("NOUN", "PROPN") and entry is not None
            negated = any(c.dep_ == "neg" for c in head.children)
            passive = any(c.dep_ == "auxpass" for c in head.children) and any(
                c.dep_ == "agent" for c in head.children
            )
        kind = quote_kind(content, mask)
        if cue is not None and cue.text.lower().startswith("according to"):
            kind = AttributionKind.ACCORDING_TO
        elif d.cue and nominal:
            kind = AttributionKind.NOMINAL
        out.append(
            Attribution(
                source=source,
                cue=cue,
                content=content,
                kind=kind,
                stance=stance,
                negated=negated,
                passive=passive,
                reporter_id=reporter,
                part=kind_of_part,
                method="tagger",
                rules=version,
            )
        )
    out.sort(key=lambda a: (a.content_start, a.content_end))
    return out

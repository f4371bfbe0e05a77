"""Turn sets of spaCy tokens into character spans (fragments) of the article text."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from rashomon.model import TextSpan

# Tokens never kept at the edges of a source, cue or content span.
EDGE_PUNCT = frozenset({",", ";", ".", ":", "—", "–", "-", "(", ")"})


TEXT_KEY = "rashomon.text"


def doc_text(doc: Doc) -> str:
    """The doc's text, built once per doc (spaCy rebuilds ``doc.text`` on every access)."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def text_span(doc: Doc, start: int, end: int) -> TextSpan:
    """The TextSpan of characters [start, end) of the doc's text."""
    return TextSpan(start=start, end=end, text=doc_text(doc)[start:end])


def token_fragments(
    doc: Doc, indices: Iterable[int], *, trim: frozenset[str] = EDGE_PUNCT
) -> tuple[TextSpan, ...]:
    """Character fragments covering the given token indices.

    Consecutive tokens (only whitespace between them) join into one fragment; gaps of
    skipped tokens split fragments. Edge punctuation and whitespace tokens are trimmed.
    """
    ordered = sorted(i for i in set(indices) if not doc[i].is_space and doc[i].text.strip())
    runs: list[list[int]] = []
    for i in ordered:
        if runs and _only_space_between(doc, runs[-1][-1], i):
            runs[-1].append(i)
        else:
            runs.append([i])
    fragments: list[TextSpan] = []
    for run in runs:
        while run and doc[run[0]].text in trim:
            run.pop(0)
        while run and doc[run[-1]].text in trim:
            run.pop()
        if run:
            start = doc[run[0]].idx
            last = doc[run[-1]]
            fragments.append(text_span(doc, start, last.idx + len(last.text)))
    return tuple(fragments)


def _only_space_between(doc: Doc, left: int, right: int) -> bool:
    return all(doc[k].is_space for k in range(left + 1, right))


def subtree_indices(token: Token, *, exclude: Iterable[Token] = ()) -> set[int]:
    """Indices of ``token``'s subtree minus the subtrees of ``exclude``."""
    keep = {t.i for t in token.subtree}
    for other in exclude:
        keep -= {t.i for t in other.subtree}
    return keep


def covering(fragments: tuple[TextSpan, ...]) -> tuple[int, int]:
    return fragments[0].start, fragments[-1].end


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]

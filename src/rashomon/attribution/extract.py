"""find_attributions: rule candidates -> well-formed Attribution records, in text order."""

from __future__ import annotations

from spacy.tokens import Doc

from rashomon.attribution.lexicon import CueLexicon
from rashomon.attribution.quotes import Quote, find_quotes, quote_kind, quote_mask
from rashomon.attribution.spans import doc_text, text_span, token_fragments
from rashomon.attribution.special import (
    cited_by_candidates,
    count_candidates,
    embedded_post_candidates,
    headline_dash_candidates,
    inverted_candidates,
    quote_line_candidates,
    source_line_candidates,
    toll_candidates,
    trailing_candidates,
)
from rashomon.attribution.transcript import transcript_candidates
from rashomon.attribution.verbal import (
    Candidate,
    according_to_candidates,
    noun_candidates,
    verb_candidates,
)
from rashomon.errors import PipelineError
from rashomon.model import (
    OUTLET_PARTS,
    Article,
    Attribution,
    AttributionKind,
    PartKind,
    TextSpan,
)
from rashomon.parse import ParsedArticle


def _quote_for(candidate: Candidate, doc_quotes: list[Quote], starts: list[int]) -> list[Quote]:
    """Quotes that the candidate's content overlaps: the content grows to cover them."""
    if not candidate.content:
        return []
    lo, hi = min(starts[i] for i in candidate.content), max(starts[i] for i in candidate.content)
    return [q for q in doc_quotes if q.start <= hi and lo < q.end]


def _kind(candidate: Candidate, content: tuple[TextSpan, ...], mask: bytearray) -> AttributionKind:
    if candidate.according_to:
        return AttributionKind.ACCORDING_TO
    if candidate.nominal:
        return AttributionKind.NOMINAL
    return quote_kind(content, mask)


def _reporter(article: Article, offset: int) -> tuple[str, PartKind]:
    part = article.part_at(offset)
    if part is None:
        return "outlet", PartKind.BODY
    if part.kind is PartKind.COMMENT:
        return f"reader-{part.index or 1}", part.kind
    return "outlet", part.kind


def _merge_fragments(fragments: list[TextSpan], text: str) -> tuple[TextSpan, ...]:
    ordered = sorted(fragments, key=lambda f: (f.start, f.end))
    merged: list[tuple[int, int]] = []
    for fragment in ordered:
        if merged and fragment.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], fragment.end))
        elif merged and not text[merged[-1][1] : fragment.start].strip():
            merged[-1] = (merged[-1][0], fragment.end)
        else:
            merged.append((fragment.start, fragment.end))
    return tuple(TextSpan(s, e, text[s:e]) for s, e in merged)


def find_attributions(parsed: ParsedArticle, *, lexicon: CueLexicon) -> list[Attribution]:
    """Every attribution in the article, in text order of content. Needs a dependency parse.

    Pure: the same parse and lexicon give the same list. Claimants are resolved later
    (``resolve_claimants``).
    """
    doc = parsed.doc
    article = parsed.article
    if not doc.has_annotation("DEP"):
        raise PipelineError("find_attributions needs a dependency parse (spaCy 'parser').")
    quotes = find_quotes(doc_text(doc))
    mask = quote_mask(doc_text(doc), quotes)
    starts = [t.idx for t in doc]
    candidates = [
        *verb_candidates(doc, lexicon, quotes),
        *according_to_candidates(doc, lexicon),
        *noun_candidates(doc, lexicon),
        *transcript_candidates(doc),
        *inverted_candidates(doc, lexicon),
        *cited_by_candidates(doc, lexicon),
        *toll_candidates(doc),
        *count_candidates(doc),
        *source_line_candidates(doc),
        *embedded_post_candidates(doc),
        *quote_line_candidates(doc),
        *trailing_candidates(doc, lexicon),
        *headline_dash_candidates(doc, _title_end(article)),
    ]
    results: list[Attribution] = []
    seen: set[tuple[int, int]] = set()
    # when two cues claim the same content, the nearer one governs it
    # ("I look at headlines saying that X": X is the headlines', not the reader's)
    candidates.sort(key=lambda c: _distance(c))
    for candidate in candidates:
        fragments = list(token_fragments(doc, candidate.content))
        cue_span = _cue_span(doc, candidate)
        head_at = doc[candidate.head].idx
        if candidate.entry.lemma != ":" and any(q.start < head_at < q.end for q in quotes):
            continue  # a verb inside a quotation belongs to the quoted speaker's words
        grow = [candidate.quote] if candidate.quote else _quote_for(candidate, quotes, starts)
        for quote in grow:
            if cue_span is not None and quote.start <= cue_span.start < quote.end:
                continue  # the cue sits inside this quote: a quotation of someone else
            fragments.append(text_span(doc, quote.start, quote.end))
        if not fragments:
            continue
        after = max(
            cue_span.end if cue_span is not None else 0,
            max((doc[i].idx + len(doc[i]) for i in candidate.source), default=0),
        )
        resumed = _resumed_quote(quotes, grow, fragments, after, doc_text(doc))
        if resumed is not None:
            fragments.append(text_span(doc, resumed.start, resumed.end))
        content = _merge_fragments(fragments, doc_text(doc))
        if cue_span is not None:
            content = _cut(content, cue_span, doc_text(doc))
        source_fragments = token_fragments(doc, candidate.source)
        source = (
            text_span(doc, source_fragments[0].start, source_fragments[-1].end)
            if source_fragments
            else None
        )
        if source is not None:
            content = _cut(content, source, doc_text(doc))
        if not content:
            continue
        key = (content[0].start, content[-1].end)
        if key in seen:
            continue
        seen.add(key)
        anchor = cue_span.start if cue_span is not None else content[0].start
        reporter, part = _reporter(article, anchor)
        if part not in OUTLET_PARTS and part is not PartKind.COMMENT:
            continue  # boilerplate, bylines, comment counters say nothing about the news
        results.append(
            Attribution(
                source=source,
                cue=cue_span,
                content=content,
                kind=_kind(candidate, content, mask),
                stance=candidate.entry.stance,
                negated=candidate.negated,
                passive=candidate.passive,
                reporter_id=reporter,
                part=part,
                rules=lexicon.version,
            )
        )
    results.sort(key=lambda a: (a.content_start, a.content_end))
    return results


def _title_end(article: Article) -> int:
    """Where the title part ends (0 when the article has no title part)."""
    return next((p.end for p in article.parts if p.kind is PartKind.TITLE), 0)


def _distance(candidate: Candidate) -> int:
    if not candidate.content:
        return 0
    return min(abs(candidate.head - i) for i in candidate.content)


def _cue_span(doc: Doc, candidate: Candidate) -> TextSpan | None:
    """The cue's characters: one stretch, the one holding the cue word when it is split
    ("In a statement posted on its website, the group said")."""
    fragments = token_fragments(doc, candidate.cue, trim=frozenset())
    if not fragments:
        return None
    head_at = doc[candidate.head].idx
    for fragment in fragments:
        if fragment.start <= head_at < fragment.end:
            return fragment
    return fragments[0]


def _resumed_quote(
    quotes: list[Quote], grown: list[Quote], fragments: list[TextSpan], after: int, text: str
) -> Quote | None:
    """A split quote: “A,” said X, “B.” — B resumes the quote that ended at the cue."""
    if not grown or after <= 0:
        return None
    first = grown[-1]
    if first.end > after or after - first.end > 80:
        return None
    for quote in quotes:
        if quote.start >= after and quote.start - after <= 3:
            between = text[after : quote.start]
            if "\n" not in between and not between.strip(" ,:;"):
                return quote
    return None


def _cut(content: tuple[TextSpan, ...], hole: TextSpan, text: str) -> tuple[TextSpan, ...]:
    """Remove ``hole`` from the content fragments (a source or cue inside a quote's span)."""
    out: list[TextSpan] = []
    for fragment in content:
        if hole.end <= fragment.start or fragment.end <= hole.start:
            out.append(fragment)
            continue
        for start, end in ((fragment.start, hole.start), (hole.end, fragment.end)):
            piece = text[start:end]
            stripped = piece.strip(" \n\t,;:—–-\u00a0")
            if sum(ch.isalnum() for ch in stripped) >= 2:
                lead = piece.index(stripped)
                s = start + lead
                out.append(TextSpan(s, s + len(stripped), stripped))
    return tuple(out)

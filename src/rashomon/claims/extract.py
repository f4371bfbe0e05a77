"""extract_claims: attributed claims, the outlet's own assertions, and readers' sentences.

Who claims what:

- **Attributed claims.** Every attribution's content is a claim of its claimant (None when
  unresolved), numbered "att-N" by the attribution's place in the list given. A *negated*
  attribution ("he did not mention that ...") is skipped: its content is exactly what the
  claimant did not say, so storing it as theirs would misstate them.
- **The outlet's voice.** Each sentence of the outlet's parts (title, captions, subheads,
  body) is split off from every attribution span: cue, content and source (a source that
  is part of the outlet's own clause stays: "The video starts with ..., asking to go home"
  keeps "The video"). Stray parser splits are mended first ("That" + "subduing is ...").
  What is left:
  - a sentence no attribution touches is a claim when it holds a verb, or an evaluative word
    (a verbless subhead "Embarrassing Episode" judges; "Saar Baruch" or "(Photo: ...)" do not);
  - the remainder of a sentence that holds an attribution is a claim only when it has a
    clause of its own: a verb (or a copula) whose subject is outside every cue and content.
    "Soon after X declared that ..., Al-Qassam released a video" gives "Soon after" +
    "Al-Qassam ... released a video, showing ..."; "The latest claim ... is that ..." (the
    subject is the cue), "He insisted that ..., and said ..." and "The Front repeated its
    claim that ..." (the verb only frames the attribution) give nothing.
  Its fragments are the remainder's pieces, edge punctuation trimmed, pieces of function
  words alone ("Although", "and") dropped.
- **Quotations** are never the outlet's voice: a leftover sentence wholly inside quotation
  marks belongs to the direct or mixed attribution nearest it in the same paragraph
  ('"...," Wexler said. "There is no doubt ..."' is Wexler's, with his "att-N"), or to
  nobody (claimant None) when there is none.
- **Readers.** The same rules in a reader comment give claims of "reader-N" (the comment's
  index), part COMMENT: never the outlet's. Bylines, sign-offs, boilerplate and comment
  counters make no claims.

Claims are numbered "claim-1", ... in text order; each is typed (``classify``), gets its
hedges (``hedges``), and outlet claims that restate another claimant's claim get
``adopted_from`` (``adopted``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from rashomon.attribution.quotes import Quote, find_quotes
from rashomon.attribution.spans import EDGE_PUNCT, doc_text, text_span
from rashomon.claims.adopted import link_adopted
from rashomon.claims.classify import (
    SUBJECTS,
    ClaimLexicon,
    claim_tokens,
    classify_claim,
    is_judgement,
    load_claim_lexicon,
)
from rashomon.claims.hedges import find_hedges
from rashomon.model import (
    OUTLET_PARTS,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    Claimant,
    PartKind,
    TextSpan,
)
from rashomon.parse import ParsedArticle

OUTLET = "outlet"
FRAMING = frozenset({"dobj", "ccomp", "xcomp", "attr"})  # complements of a clause
QUOTING = frozenset({AttributionKind.DIRECT, AttributionKind.MIXED})
TERMINAL = frozenset({".", "!", "?", "…", ":", "”", "’", '"', "'", ")"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "AUX", "ADJ", "NUM", "ADV", "PRON"})


@dataclass(frozen=True, slots=True)
class _Draft:
    claimant_id: str | None
    fragments: tuple[TextSpan, ...]
    tokens: tuple[int, ...]
    part: PartKind
    attribution_id: str | None = None


def _voice(article: Article, offset: int) -> tuple[str, PartKind] | None:
    """Whose voice a stretch is in: the outlet's, a reader's, or nobody's (boilerplate)."""
    part = article.part_at(offset)
    if part is None:
        return None
    if part.kind in OUTLET_PARTS:
        return OUTLET, part.kind
    if part.kind is PartKind.COMMENT:
        return f"reader-{part.index or 1}", part.kind
    return None


def _attributed_drafts(doc: Doc, attributions: Sequence[Attribution]) -> list[_Draft]:
    drafts = []
    for k, attribution in enumerate(attributions):
        if attribution.negated or not attribution.content:
            continue
        drafts.append(
            _Draft(
                claimant_id=attribution.claimant_id,
                fragments=attribution.content,
                tokens=claim_tokens(doc, attribution.content),
                part=attribution.part,
                attribution_id=f"att-{k + 1}",
            )
        )
    return drafts


def _has_own_clause(doc: Doc, rest: Sequence[int], frame: set[int]) -> bool:
    """A verb or copula of the remainder whose subject lies outside every cue and content,
    and that does not merely frame the attribution ("The Front repeated its claim that")."""
    for i in rest:
        token = doc[i]
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in {"aux", "auxpass"}):
            children = list(token.children)
            if any(c.dep_ in FRAMING and c.i in frame for c in children):
                continue
            if any(c.dep_ in SUBJECTS and c.i not in frame for c in children):
                return True
    return False


def _fragments(doc: Doc, rest: Sequence[int]) -> tuple[TextSpan, ...]:
    """Runs of adjacent tokens, edge punctuation trimmed, runs of function words dropped."""
    runs: list[list[int]] = []
    for i in rest:
        if runs and all(doc[k].is_space for k in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    fragments = []
    for run in runs:
        while run and doc[run[0]].text in EDGE_PUNCT:
            run.pop(0)
        while run and doc[run[-1]].text in EDGE_PUNCT:
            run.pop()
        if run and any(doc[k].pos_ in CONTENT_POS for k in run):
            last = doc[run[-1]]
            fragments.append(text_span(doc, doc[run[0]].idx, last.idx + len(last.text)))
    return tuple(fragments)


def _units(doc: Doc) -> list[list[Token]]:
    """Sentences, with the parser's stray splits mended: a piece that neither ends in
    terminal punctuation nor before a line break joins the next ("That" + "subduing" +
    "is unlikely to take place ..."). Titles and subheads end at a line break."""
    units: list[list[Token]] = []
    pending: list[Token] = []
    for sent in doc.sents:
        pending.extend(sent)
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        last = words[-1]
        tail = last.whitespace_ + "".join(t.text for t in sent[last.i - sent.start + 1 :])
        if last.text[-1] in TERMINAL or "\n" in tail or last.i + 1 >= len(doc):
            units.append(pending)
            pending = []
    if pending:
        units.append(pending)
    return units


def _voice_groups(article: Article, unit: list[Token]) -> list[tuple[str, PartKind, list[int]]]:
    """The unit's tokens grouped by voice (outlet, reader-N); other parts are dropped."""
    groups: list[tuple[str, PartKind, list[int]]] = []
    for token in unit:
        if token.is_space:
            continue
        voice = _voice(article, token.idx)
        if voice is None:
            continue
        if groups and groups[-1][:2] == voice:
            groups[-1][2].append(token.i)
        else:
            groups.append((voice[0], voice[1], [token.i]))
    return groups


def _absorbed(doc: Doc, source: set[int], frame: set[int]) -> bool:
    """A source that is part of the outlet's own clause ("The video starts with ..., asking
    to ...", "for X's government, who had vowed ..."), not the subject of its cue."""
    roots = [i for i in source if doc[i].head.i not in source or doc[i].head.i == i]
    return bool(roots) and all(doc[i].head.i != i and doc[i].head.i not in frame for i in roots)


def _covered(doc: Doc, attributions: Sequence[Attribution]) -> tuple[set[int], set[int]]:
    """(cue and content tokens, every token an attribution holds)."""
    frame = set(claim_tokens(doc, [f for a in attributions for f in a.content]))
    frame.update(claim_tokens(doc, [a.cue for a in attributions if a.cue is not None]))
    covered = set(frame)
    for attribution in attributions:
        if attribution.source is not None:
            source = set(claim_tokens(doc, [attribution.source])) - frame
            if not _absorbed(doc, source, frame):
                covered |= source
    return frame, covered


def _in_quote(doc: Doc, rest: Sequence[int], quotes: Sequence[Quote]) -> bool:
    """Whether every word of the remainder lies inside one quotation."""
    words = [doc[i] for i in rest if doc[i].is_alpha or doc[i].is_digit]
    return bool(words) and any(
        q.start <= words[0].idx and words[-1].idx + len(words[-1]) <= q.end for q in quotes
    )


def _quoted_speaker(
    text: str, start: int, end: int, attributions: Sequence[Attribution]
) -> tuple[str | None, str | None]:
    """(claimant, "att-N") of the direct or mixed attribution nearest a quotation in the
    same paragraph ("..." Wexler said. "There is no doubt ..."), else (None, None)."""
    best: tuple[int, int] | None = None
    for k, attribution in enumerate(attributions):
        if attribution.kind not in QUOTING or attribution.negated:
            continue
        lo, hi = attribution.content_start, attribution.content_end
        if attribution.cue is not None:
            lo, hi = min(lo, attribution.cue.start), max(hi, attribution.cue.end)
        gap = text[hi:start] if hi <= start else text[end:lo] if end <= lo else ""
        if "\n" in gap.strip(" \t") or "\n\n" in gap:
            continue
        if best is None or len(gap) < best[0]:
            best = (len(gap), k)
    if best is None:
        return None, None
    return attributions[best[1]].claimant_id, f"att-{best[1] + 1}"


def _voice_drafts(
    parsed: ParsedArticle, attributions: Sequence[Attribution], lexicon: ClaimLexicon
) -> list[_Draft]:
    doc = parsed.doc
    frame, covered = _covered(doc, attributions)
    text = doc_text(doc)
    quotes = find_quotes(text)
    drafts = []
    for unit in _units(doc):
        for claimant_id, part, indices in _voice_groups(parsed.article, unit):
            rest = [i for i in indices if i not in covered]
            if not rest:
                continue
            if len(rest) == len(indices):
                tokens = [doc[i] for i in rest]
                if not any(t.pos_ in {"VERB", "AUX"} for t in tokens) and not is_judgement(
                    tokens, lexicon
                ):
                    continue
            elif not _has_own_clause(doc, rest, frame):
                continue
            fragments = _fragments(doc, rest)
            if not fragments:
                continue
            tokens_in = claim_tokens(doc, fragments)
            if _in_quote(doc, rest, quotes):  # a quotation is never the outlet's own voice
                start, end = fragments[0].start, fragments[-1].end
                speaker, att = _quoted_speaker(text, start, end, attributions)
                drafts.append(_Draft(speaker, fragments, tokens_in, part, att))
            else:
                drafts.append(_Draft(claimant_id, fragments, tokens_in, part))
    return drafts


def extract_claims(
    parsed: ParsedArticle,
    attributions: Sequence[Attribution],
    claimants: Sequence[Claimant],
    *,
    lexicon: ClaimLexicon | None = None,
) -> list[Claim]:
    """Every claim of the article, typed, hedged and linked, in text order ("claim-1"...).

    ``attributions`` in the order of ``Analysis.attributions`` (their ids are "att-N");
    ``claimants`` as resolved for them: a claim whose claimant is not listed keeps the
    attribution's claimant id all the same.
    """
    lex = lexicon if lexicon is not None else load_claim_lexicon()
    doc = parsed.doc
    drafts = _attributed_drafts(doc, attributions) + _voice_drafts(parsed, attributions, lex)
    drafts.sort(key=lambda d: (d.fragments[0].start, d.fragments[-1].end))
    claims = []
    for n, draft in enumerate(drafts, start=1):
        first, last = draft.fragments[0], draft.fragments[-1]
        claims.append(
            Claim(
                id=f"claim-{n}",
                claimant_id=draft.claimant_id,
                text=text_span(doc, first.start, last.end),
                fragments=draft.fragments,
                type=classify_claim(doc, draft.tokens, lex),
                part=draft.part,
                attribution_id=draft.attribution_id,
                hedges=find_hedges(doc, draft.tokens, lex),
            )
        )
    return link_adopted(parsed, claims, attributions, claimants, lexicon=lex)

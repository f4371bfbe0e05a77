"""Casualty figures: counts with a category, a victim group and the claimant who states them.

``extract_figures(parsed, attributions, claims)`` reads every count in the article's outlet
parts and comments (``find_quantities``: numbers, ranges, qualifiers, vague words), keeps
those the parse makes casualty figures (``read_count``: "471 people were killed",
"killing hundreds", "the death toll rose to 44", "471 martyrs"), drops the never-figures
(ages, identifiers, years, dates, times, money, percentages, measures, counts of things),
and gives each figure to one claimant:

* the attribution whose content contains the count (the innermost, when contents nest):
  its ``claimant_id`` (None when that attribution's speaker is unresolved), and the
  claim made of it (``attribution_id == "att-N"``, N its 1-based place in ``attributions``);
* else the outlet (``"outlet"``) in the title, captions, subheads and body, or the reader
  (``"reader-N"``) in comment N, with the unattributed claim covering it if claims are given.

Counts in bylines, sign-offs, boilerplate and comment metadata are dropped, and so are counts
in the content of a negated attribution ("he did not say that 40 were killed"). Figures of
different claimants are never merged; the same number said twice stays two figures.

Counts come from ``find_quantities`` on each sentence's text, not from spaCy's CARDINAL
entities: the small model misses vague words ("several", "scores of") and tags some counts as
dates ("a death toll of 44"); entity labels only veto bare numbers tagged TIME, MONEY,
PERCENT, QUANTITY or ORDINAL.

Values (``low``/``high``; None where open): exact n = [n, n]; "at least n" = [n, None];
"more than n" = [n + 1, None]; "up to n" = [None, n]; "fewer than n" = [None, n - 1];
"about/nearly n" = [n, n] with qualifier APPROXIMATE; ranges [a, b]; vague words the ranges
of ``quantities.en.v1.toml``. A bare article counts one person only with a verb or
nominalisation: "the killing of an Israeli soldier" is 1 killed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from rashomon.attribution.claimant_words import DOCUMENT_NOUNS
from rashomon.attribution.spans import doc_text
from rashomon.figures.quantities import (
    Quantity,
    QuantityLexicon,
    default_quantity_lexicon,
    find_quantities,
)
from rashomon.figures.syntax import Reading, is_people_noun, read_count
from rashomon.figures.words import BODY_NOUNS, BREAKDOWN_GROUPS, ID_WORDS, MONTHS, UNITS
from rashomon.model import (
    OUTLET_PARTS,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    CueStance,
    Figure,
    FigureAttribution,
    FigureCategory,
    FigureQualifier,
    PartKind,
    TextSpan,
)
from rashomon.parse import ParsedArticle

# Entity labels that make a bare number no head count. Not DATE: the small model tags
# "a death toll of 44" as a date; dates are caught by month names and year shapes.
_NOT_COUNTS = frozenset({"TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_YEAR = re.compile(r"(1[89]|20)\d\d")
_LONG_DIGITS = re.compile(r"\d{7,}")
_WORD = re.compile(r"[\w.#'’]+")
_MAX_TEXT_TOKENS = 12
# right after a count: "three (people) (are) in serious condition", "two in critical state"
_CONDITION = re.compile(
    r"\s+(?:(?:people|others|of them|persons)\s+)?(?:(?:are|were|remain|remained|is|was)\s+)?"
    r"(?:still\s+)?in\s+(?:a\s+)?(?:critical|serious|grave|severe)\s+(?:condition|state)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Count:
    """One count found in the text, with absolute character offsets."""

    start: int
    end: int
    core_start: int
    core_end: int
    low: int | None
    high: int | None
    qualifier: FigureQualifier
    singular: bool = False
    stated: int | None = None


def _words_before(text: str, start: int, n: int = 2) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(0, start - 40) : start])][-n:]


def _words_after(text: str, end: int, n: int = 2) -> list[str]:
    return [w.lower().strip(".") or w for w in _WORD.findall(text[end : end + 40])][:n]


def _never_figure(text: str, count: _Count) -> bool:
    """Identifiers, ages, dates, times, money and measures, read from the words around."""
    core = text[count.core_start : count.core_end]
    if _LONG_DIGITS.fullmatch(core.replace(" ", "")):
        return True  # an identifier: counts of people carry separators ("17,000")
    before = _words_before(text, count.start)
    after = _words_after(text, count.core_end)
    if before and (before[-1] in ID_WORDS or before[-1].strip(".") in ID_WORDS):
        return True
    if (before and before[-1].strip(".") in MONTHS) or (after and after[0] in MONTHS):
        return True
    if after and after[0] in UNITS:
        return True
    return after[:2] == ["year", "old"] or after[:2] == ["years", "old"]


def _counts(doc: Doc, lexicon: QuantityLexicon, article: Article) -> list[_Count]:
    """Every count in parts that carry figures, in text order (articles included)."""
    counts: list[_Count] = []
    text = doc_text(doc)  # a sentence's text is this slice (Span.text rebuilds it per call)
    for sentence in doc.sents:
        if not _figure_part(article, sentence.start_char):
            continue
        offset = sentence.start_char
        for q in find_quantities(text[offset : sentence.end_char], lexicon):
            counts.append(_absolute(q, offset))
        counts += _articles(sentence)
    counts.sort(key=lambda c: (c.start, c.end))
    return counts


def _absolute(q: Quantity, offset: int) -> _Count:
    return _Count(
        start=q.start + offset,
        end=q.end + offset,
        core_start=q.core_start + offset,
        core_end=q.core_end + offset,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        stated=q.stated,
    )


def _articles(sentence: Span) -> list[_Count]:
    """ "a/an" before a singular people noun: a count of one, if a verb makes it a figure."""
    found: list[_Count] = []
    for token in sentence:
        if token.lower_ not in ("a", "an") or token.dep_ != "det":
            continue
        noun = token.head
        if noun.tag_ not in ("NN", "NNP") or not is_people_noun(noun) or noun.pos_ == "PRON":
            continue
        previous = token.doc[token.i - 1].lower_ if token.i > sentence.start else ""
        if previous in ("not", "no", "nor", "without"):
            continue
        start, end = token.idx, token.idx + len(token.text)
        found.append(
            _Count(start, end, start, end, 1, 1, FigureQualifier.EXACT, singular=True, stated=1)
        )
    return found


def _figure_part(article: Article, offset: int) -> bool:
    part = article.part_at(offset)
    return part is None or part.kind in OUTLET_PARTS or part.kind is PartKind.COMMENT


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _not_a_count(span: Span, reading: Reading, text: str) -> bool:
    """A bare number tagged as a time, money, a measure... or shaped like a year."""
    if reading.noun is not None:
        return False
    if any(token.ent_type_ in _NOT_COUNTS for token in span):
        return True
    return bool(_YEAR.fullmatch(text))


def _figure_text(doc: Doc, count: _Count, reading: Reading, text: str) -> TextSpan:
    """The count with its noun and the category word when they are close together.

    ``text`` is the article's text (``doc.text`` rebuilds it from every token per call)."""
    start, end = count.start, count.end
    tokens: list[Token] = [t for t in (reading.noun, reading.trigger) if t is not None]
    tokens += reading.merged
    span = _span(doc, count.start, count.end)
    for token in tokens:
        if span is not None and abs(token.i - span.start) <= _MAX_TEXT_TOKENS:
            start = min(start, token.idx)
            end = max(end, token.idx + len(token.text))
    return TextSpan(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class _Owner:
    claimant_id: str | None
    claim_id: str | None
    how: FigureAttribution = FigureAttribution.DIRECT
    also: tuple[str, ...] = ()  # co-claimants of the attribution: each states it too


def _contains(fragments: Sequence[TextSpan], start: int, end: int) -> bool:
    return any(f.start <= start and end <= f.end for f in fragments)


def _rank(attribution: Attribution, end: int) -> int:
    """Which of the attributions holding a count states it (lowest first, then innermost).

    0: a closing "according to" naming a claimant ("X said it struck ... killing 71,
    according to health officials") governs the counts before it, even inside another
    speaker's words; 2: an "according to" naming a record ("according to excerpts of a
    document") only tells where another speaker's words were read; 1: the others.
    """
    if attribution.kind is not AttributionKind.ACCORDING_TO or attribution.source is None:
        return 1
    words = re.findall(r"[\w’']+", attribution.source.text.lower())
    # a record's head comes first ("excerpts of ...") or last ("the ministry's data")
    if any(w in DOCUMENT_NOUNS for w in [*words[:3], *words[-1:]]):
        return 2
    return 0 if attribution.cue is not None and attribution.cue.start >= end else 1


_ASIDE = re.compile(r",\s+(?:which|who)\b")


def _aside_of_disputed(attribution: Attribution, text: str, start: int) -> bool:
    """ "Hamas rejected Israeli media claims that X was the target of an airstrike, which
    killed over 70 people": a non-restrictive clause inside a disputed claim is the
    reporter's aside, not part of what is disputed (the outer voice states the count)."""
    if attribution.stance is not CueStance.DISTANCING:
        return False
    first = next((f for f in attribution.content if f.start <= start < f.end), None)
    return first is not None and _ASIDE.search(text, first.start, start) is not None


def _owner(
    article: Article,
    attributions: Sequence[Attribution],
    claims: Sequence[Claim],
    start: int,
    end: int,
) -> _Owner | None:
    """Who states the count at [start, end): the innermost attribution, the outlet, a
    reader; None for parts that carry no figures and inside a negated attribution."""
    holding = [
        (_rank(a, end), sum(f.end - f.start for f in a.content), index)
        for index, a in enumerate(attributions, start=1)
        if _contains(a.content, start, end) and not _aside_of_disputed(a, article.text, start)
    ]
    if holding:
        _, _, index = min(holding)
        if attributions[index - 1].negated:
            return None  # "he did not say that 40 were killed": nobody states it
        attribution_id = f"att-{index}"
        claim_id = next((c.id for c in claims if c.attribution_id == attribution_id), None)
        holder = attributions[index - 1]
        return _Owner(holder.claimant_id, claim_id, also=holder.co_claimant_ids)
    part = article.part_at(start)
    if part is None or part.kind in OUTLET_PARTS:
        claimant_id, how = "outlet", FigureAttribution.OUTLET
    elif part.kind is PartKind.COMMENT:
        claimant_id, how = f"reader-{part.index or 1}", FigureAttribution.READER
    else:
        return None
    claim_id = next(
        (
            c.id
            for c in claims
            if c.attribution_id is None
            and c.claimant_id == claimant_id
            and _contains(c.fragments or (c.text,), start, end)
        ),
        None,
    )
    return _Owner(claimant_id, claim_id, how)


def _sentence(doc: Doc, start: int) -> TextSpan | None:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    sentence = span[0].sent
    return TextSpan(sentence.start_char, sentence.end_char, sentence.text)


def extract_figures(
    parsed: ParsedArticle,
    attributions: Sequence[Attribution],
    claims: Sequence[Claim] = (),
    *,
    lexicon: QuantityLexicon | None = None,
) -> list[Figure]:
    """The article's casualty figures in text order, ids "fig-1", "fig-2"...

    ``attributions`` in the order of ``Analysis.attributions`` (claims refer to them as
    "att-N"); ``claims`` optional, to fill ``Figure.claim_id``.
    """
    lex = lexicon if lexicon is not None else default_quantity_lexicon()
    article, doc = parsed.article, parsed.doc
    text = article.text
    figures: list[Figure] = []
    taken_until = -1
    for count in _counts(doc, lex, article):
        if count.start < taken_until or _never_figure(text, count):
            continue
        span = _span(doc, count.start, count.end)
        if span is None:
            continue
        reading = read_count(span, singular=count.singular)
        if reading is None or _not_a_count(span, reading, text[count.core_start : count.core_end]):
            continue
        sentence = _sentence(doc, count.core_start)
        owner = _owner(article, attributions, claims, count.core_start, count.core_end)
        if owner is None:
            continue
        taken_until = count.end
        category, among = reading.category, None
        breakdown = BREAKDOWN_GROUPS.get(reading.victim_group or "")
        if breakdown is not None and category in (
            FigureCategory.KILLED,
            FigureCategory.WOUNDED,
            FigureCategory.KILLED_OR_WOUNDED,
        ):
            category, among = breakdown, category
        elif category is FigureCategory.WOUNDED and _CONDITION.match(text, count.end):
            # "with at least three in serious condition": a part of the wounded
            category, among = FigureCategory.SERIOUS, FigureCategory.WOUNDED
        elif reading.noun is not None and reading.noun.lemma_.lower() in BODY_NOUNS:
            # "journalists counted over 40 bodies": bodies seen, not a toll
            category, among = FigureCategory.BODIES, FigureCategory.KILLED
        figures.append(
            Figure(
                id=f"fig-{len(figures) + 1}",
                text=_figure_text(doc, count, reading, text),
                category=category,
                among=among,
                victim_group=reading.victim_group,
                low=count.low,
                high=count.high,
                qualifier=count.qualifier,
                value=count.stated,
                claimant_id=owner.claimant_id,
                claim_id=owner.claim_id,
                attribution=owner.how,
                sentence=sentence,
            )
        )
        for other in owner.also:  # "the mayor and the governor said": each one's figure
            figures.append(replace(figures[-1], id=f"fig-{len(figures) + 1}", claimant_id=other))
    return figures
